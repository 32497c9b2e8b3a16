"""Background work of the library: reading an uploaded file's text for the search index."""

from django_tasks import task


@task()
def read_version_text(version_id: int) -> None:
    """Read one version's text (PDF, DOCX, ODT, TXT, MD) and index its document."""
    from .services import read_text

    read_text(version_id=version_id)

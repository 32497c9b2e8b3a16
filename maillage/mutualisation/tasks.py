"""Background work of mutualisation: printing each statement's PDF (one task per statement,
so that a failure leaves only that one without its PDF; the page then prints it on demand)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tasks import task


@task()
def render_statement_pdf(statement_id: int) -> None:
    """Print one statement and store its PDF (private media, served by a view that checks the
    right). The PDF is stored once: it is what the member receives."""
    from .models import Statement
    from .pdf import statement_pdf

    statement = (
        Statement.objects.select_related(
            "space__organisation", "organisation", "scenario__service", "corrects"
        )
        .filter(pk=statement_id)
        .first()
    )
    if statement is None or statement.pdf:
        return
    name = default_storage.save(
        f"mutualisation/appels/appel-{statement.number}.pdf", ContentFile(statement_pdf(statement))
    )
    # A queryset update: the PDF is added to a statement, whose amounts never change here.
    Statement.objects.filter(pk=statement_id, pdf="").update(pdf=name)

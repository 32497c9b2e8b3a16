from django.utils import timezone
from django_tasks import task

from maillage.people.services import PeopleError, import_rne

from .models import RneImport

MAX_ERRORS_KEPT = 1000


@task()
def run_rne_import(import_id: int) -> None:
    """Import an uploaded RNE file; the report (with refused rows) is kept on the RneImport."""
    rne_import = RneImport.objects.select_related("space", "uploaded_by").get(pk=import_id)
    try:
        with rne_import.file.open("rb") as handle:
            raw = handle.read()
        report = import_rne(
            raw=raw,
            filename=rne_import.original_name,
            actor=rne_import.uploaded_by,
            space=rne_import.space,
        )
    except PeopleError as error:
        rne_import.status = RneImport.Status.FAILED
        rne_import.report = {"lines": [str(error)], "errors": []}
    else:
        rne_import.status = RneImport.Status.DONE
        rne_import.report = {
            "lines": report.lines(),
            "errors": [[e.line, e.reason] for e in report.errors[:MAX_ERRORS_KEPT]],
            "error_count": len(report.errors),
        }
    rne_import.finished_at = timezone.now()
    rne_import.save(update_fields=["status", "report", "finished_at"])

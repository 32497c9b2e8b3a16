"""The list of projects as a CSV file (the same projects and filters as the page, every page
of them): for the reports of the agents and the élus' spreadsheets. Separator ";", UTF-8 with
a BOM so that spreadsheets read the accents, amounts with a decimal comma; streamed in
batches, a fixed number of queries per batch."""

import csv

from django.db.models import Prefetch, Sum
from django.http import StreamingHttpResponse
from django.utils import timezone

from maillage.access import space_view
from maillage.territories.models import Organisation

from .. import perms
from ..models import BudgetLine
from ..progress import progress_by_project
from .projects import filtered, list_filters, visible_projects

BATCH = 500
HEADER = [
    "Projet",
    "État",
    "Météo",
    "Avancement (%)",
    "Communes concernées",
    "Organisation pilote",
    "Chef de projet",
    "Début",
    "Fin prévue",
    "Prévu (€)",
    "Engagé (€)",
    "Dépensé (€)",
    "Public",
    "Archivé",
    "Adresse",
]


class _Echo:
    def write(self, value):
        return value


def _money(value) -> str:
    return f"{value or 0:.2f}".replace(".", ",")


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _rows(request, queryset):
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        projects = (
            queryset.filter(pk__in=chunk)
            .select_related("lead_person", "lead_organisation")
            .prefetch_related(
                Prefetch("communes", queryset=Organisation.objects.only("pk", "name"))
            )
            .order_by("title", "pk")
        )
        progress = progress_by_project(chunk)
        budgets = {
            row["project_id"]: row
            for row in BudgetLine.objects.filter(project_id__in=chunk)
            .order_by()
            .values("project_id")
            .annotate(planned=Sum("planned"), committed=Sum("committed"), spent=Sum("spent"))
        }
        for project in projects:
            budget = budgets.get(project.pk, {})
            yield [
                project.title,
                project.get_status_display(),
                project.get_weather_display() if project.weather else "",
                progress.get(project.pk, 0),
                ", ".join(sorted(c.name for c in project.communes.all())),
                project.lead_organisation.name if project.lead_organisation else "",
                project.lead_person.full_name if project.lead_person else "",
                _day(project.start_date),
                _day(project.end_date),
                _money(budget.get("planned")),
                _money(budget.get("committed")),
                _money(budget.get("spent")),
                "oui" if project.is_public else "non",
                _day(project.archived_at) if project.archived_at else "",
                request.build_absolute_uri(project.get_absolute_url()),
            ]


def _stream(request, queryset):
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    yield writer.writerow(HEADER)
    for row in _rows(request, queryset):
        yield writer.writerow(row)


@space_view(perms.can_view_projects)
def project_list_csv(request, space):
    """Whoever sees the list downloads it: the public projects for a visitor, all of them
    for the people of the space; `?archives=1` gives the archived ones."""
    archived = request.GET.get("archives") == "1" and perms.can_see_all_projects(
        request.user, space
    )
    filters = list_filters(request, space)
    queryset = filtered(visible_projects(request.user, space), filters).filter(
        archived_at__isnull=not archived
    )
    response = StreamingHttpResponse(
        _stream(request, queryset.select_related("space")), content_type="text/csv; charset=utf-8"
    )
    name = f"projets-{space.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

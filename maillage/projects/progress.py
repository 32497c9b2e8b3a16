"""Roll-ups of many projects at once, for lists, the Gantt page and the dashboards.

Each function costs a fixed number of queries whatever the number of projects:
`progress_by_project` 2, `latest_weather` 1, `budget_totals` 1.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q, Sum

from . import rules
from .models import BudgetLine, Milestone, Project


def progress_by_project(project_ids: Iterable[int]) -> dict[int, int]:
    """Percent 0–100 per project id (see rules.progress_percent), in 2 queries."""
    ids = list(project_ids)
    if not ids:
        return {}
    statuses = dict(Project.objects.filter(pk__in=ids).values_list("pk", "status"))
    counts = {
        row["project_id"]: (row["total"], row["done"])
        for row in Milestone.objects.filter(project_id__in=ids)
        .order_by()
        .values("project_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(done_on__isnull=False)))
    }
    return {
        pk: rules.progress_percent(
            status=status,
            milestones_total=counts.get(pk, (0, 0))[0],
            milestones_done=counts.get(pk, (0, 0))[1],
        )
        for pk, status in statuses.items()
    }


def latest_weather(project_ids: Iterable[int]) -> dict[int, str]:
    """The météo of each project's latest status update ("ok", "risque", "retard"); projects
    without any update are left out. One query (the services keep it on the project)."""
    ids = list(project_ids)
    if not ids:
        return {}
    return dict(Project.objects.filter(pk__in=ids).exclude(weather="").values_list("pk", "weather"))


def budget_totals(projects_qs) -> dict:
    """Sums of planned, committed and spent over the projects of a queryset (or an iterable
    of ids), exact Decimals, in one query: {"planned", "committed", "spent"}."""
    sums = BudgetLine.objects.filter(project__in=projects_qs).aggregate(
        planned=Sum("planned"), committed=Sum("committed"), spent=Sum("spent")
    )
    return {key: Decimal(value or 0).quantize(rules.ZERO) for key, value in sums.items()}

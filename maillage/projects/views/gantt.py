"""The timeline (Gantt) of projects and milestones, by year (months) or by quarter (weeks):
one server-rendered SVG in its own scrolling region, and the same facts as a table."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from maillage.access import space_view

from .. import timeline
from ..models import Milestone
from ..progress import progress_by_project
from .projects import filtered, list_filters, visible_projects

PAGE_SIZE = 50
ROW = 40  # SVG units per project row
HEAD = 30
LABEL = 260  # SVG units for the names
WIDTH = 1000


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@space_view()
def gantt(request, space):
    today = timezone.localdate()
    scale = request.GET.get("echelle")
    scale = timeline.QUARTER if scale == timeline.QUARTER else timeline.YEAR
    year = _int(request.GET.get("annee"), today.year)
    quarter = _int(request.GET.get("trimestre"), timeline.quarter_of(today))
    period = timeline.period(scale, year, quarter)
    filters = list_filters(request, space)
    base = filtered(visible_projects(request.user, space), filters).filter(archived_at__isnull=True)
    dated = base.filter(
        start_date__isnull=False,
        end_date__isnull=False,
        start_date__lte=period.end,
        end_date__gte=period.start,
    )
    undated = base.filter(Q(start_date__isnull=True) | Q(end_date__isnull=True)).count()
    page = Paginator(
        dated.order_by("start_date", "title", "pk").only(
            "pk", "title", "status", "start_date", "end_date", "weather", "space_id"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    projects = list(page)
    ids = [p.pk for p in projects]
    by_project: dict[int, list] = {}
    for milestone in Milestone.objects.filter(
        project_id__in=ids, due_date__gte=period.start, due_date__lte=period.end
    ).order_by("due_date", "pk"):
        by_project.setdefault(milestone.project_id, []).append(milestone)
    progress = progress_by_project(ids)
    span = WIDTH - LABEL
    rows = []
    for index, project in enumerate(projects):
        bar = timeline.bar(period, project.start_date, project.end_date)
        marks = []
        for milestone in by_project.get(project.pk, []):
            x = LABEL + span * timeline.position(period, milestone.due_date) / 100
            late = milestone.done_on is None and milestone.due_date < today
            marks.append({"m": milestone, "x": round(x, 1), "late": late})
        rows.append(
            {
                "project": project,
                "y": HEAD + index * ROW,
                "bar_x": round(LABEL + span * bar.left / 100, 1),
                "bar_w": round(span * bar.width / 100, 1),
                "bar": bar,
                "progress": progress.get(project.pk, 0),
                "progress_w": round(span * bar.width / 100 * progress.get(project.pk, 0) / 100, 1),
                "marks": marks,
            }
        )
    columns = [
        {
            "label": c.label,
            "x": round(LABEL + span * c.left / 100, 1),
            "w": round(span * c.width / 100, 1),
        }
        for c in timeline.columns(period)
    ]
    today_x = (
        round(LABEL + span * timeline.position(period, today) / 100, 1)
        if period.start <= today <= period.end
        else None
    )
    query = {key: value for key, value in request.GET.items() if key not in ("page",)}
    return render(
        request,
        "projects/gantt.html",
        {
            "space": space,
            "period": period,
            "previous": period.previous(),
            "next": period.next(),
            "scale": scale,
            "page": page,
            "rows": rows,
            "columns": columns,
            "filters": filters,
            "undated": undated,
            "today_x": today_x,
            "height": HEAD + max(1, len(rows)) * ROW + 10,
            "width": WIDTH,
            "label_width": LABEL,
            "query": query,
            "years": range(today.year - 5, today.year + 11),
            "today": today,
        },
    )

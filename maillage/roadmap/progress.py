"""Read side of the steering, for the pages and the dashboards: the projet de territoire with
its rolled-up progress, and the figures of the roadmap. Each function costs a fixed number
of queries, whatever the number of axes, actions or projects.

For the dashboards:
- `territory_progress(space) -> int` — the whole projet de territoire, 0–100;
- `territory_tree(space, public=...)` — the tree with each level's progress;
- `roadmap_figures(space)` — items per status, total means, share done.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Sum

from . import rules
from .models import Action, Axis, ItemStatus, Objective, RoadmapItem, RoadmapVersion


def project_progress(project_ids) -> dict[int, int]:
    """Percent 0–100 per project, from the projects capability (a fixed number of
    queries); a project it does not know counts for 0."""
    ids = list(project_ids)
    if not ids:
        return {}
    from maillage.projects.progress import progress_by_project

    return progress_by_project(ids)


@dataclass
class ProjectRef:
    pk: int
    title: str
    is_public: bool
    status: str
    percent: int


@dataclass
class Element:
    """An axis, objective or action as shown: number ("1.2.3"), progress, children."""

    obj: object
    number: str
    node: rules.Node
    children: list["Element"] = field(default_factory=list)
    projects: list[ProjectRef] = field(default_factory=list)
    hidden_projects: int = 0

    @property
    def percent(self) -> int:
        return self.node.percent

    @property
    def carried(self) -> bool:
        return self.node.carried


@dataclass
class Tree:
    axes: list[Element]
    root: rules.Node

    @property
    def percent(self) -> int:
        return self.root.percent

    @property
    def action_count(self) -> int:
        return sum(len(o.children) for a in self.axes for o in a.children)


def territory_tree(space, *, public: bool) -> Tree:
    """The live tree of the space with rolled-up progress (see `rules`). Archived projects
    do not count. With `public`, projects not public are counted but not named. Five
    queries plus those of the projects' progress."""
    axes = list(Axis.objects.live().filter(space=space).order_by("position", "id"))
    objectives = list(
        Objective.objects.live().filter(axis__in=axes).order_by("axis_id", "position", "id")
    )
    actions = list(
        Action.objects.live()
        .filter(objective__in=objectives)
        .order_by("objective_id", "position", "id")
    )
    links = list(
        Action.projects.through.objects.filter(
            action__in=actions, project__archived_at__isnull=True
        ).values_list(
            "action_id", "project_id", "project__title", "project__is_public", "project__status"
        )
    )
    progress = project_progress({row[1] for row in links})
    by_action: dict[int, list[ProjectRef]] = {}
    for action_id, pk, title, is_public, status in sorted(links, key=lambda r: r[2]):
        by_action.setdefault(action_id, []).append(
            ProjectRef(pk, title, is_public, status, progress.get(pk, 0))
        )
    actions_of: dict[int, list] = {}
    for action in actions:
        actions_of.setdefault(action.objective_id, []).append(action)
    objectives_of: dict[int, list] = {}
    for objective in objectives:
        objectives_of.setdefault(objective.axis_id, []).append(objective)

    shown_axes = []
    for i, axis in enumerate(axes, start=1):
        shown_objectives = []
        for j, objective in enumerate(objectives_of.get(axis.pk, []), start=1):
            shown_actions = []
            for k, action in enumerate(actions_of.get(objective.pk, []), start=1):
                refs = by_action.get(action.pk, [])
                node = rules.rollup_action([ref.percent for ref in refs])
                node.key = action.pk
                visible = [r for r in refs if r.is_public] if public else refs
                shown_actions.append(
                    Element(action, f"{i}.{j}.{k}", node, [], visible, len(refs) - len(visible))
                )
            node = rules.rollup([a.node for a in shown_actions], objective.pk)
            shown_objectives.append(Element(objective, f"{i}.{j}", node, shown_actions))
        node = rules.rollup([o.node for o in shown_objectives], axis.pk)
        shown_axes.append(Element(axis, str(i), node, shown_objectives))
    return Tree(shown_axes, rules.rollup([a.node for a in shown_axes]))


def territory_progress(space) -> int:
    """The progress of the whole projet de territoire, 0–100."""
    return territory_tree(space, public=False).percent


def roadmap_figures(space) -> dict:
    """The working roadmap in figures, two queries: items per status (every status, 0 when
    none), total items, items done (`realise`), share done in percent (over the items not
    dropped), total budget (Decimal €) and FTE (Decimal), the number of the version in force
    (None before the first adoption)."""
    counts = RoadmapItem.objects.status_counts(space)
    sums = RoadmapItem.objects.working(space).aggregate(budget=Sum("budget"), fte=Sum("fte"))
    total = sum(counts.values())
    counted = total - counts[ItemStatus.DROPPED]
    done = counts[ItemStatus.DONE]
    adopted = (
        RoadmapVersion.objects.adopted()
        .filter(space=space)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return {
        "by_status": counts,
        "total": total,
        "done": done,
        "percent_done": rules.percent(Fraction(100 * done, counted)) if counted else 0,
        "budget": Decimal(sums["budget"] or 0).quantize(Decimal("0.01")),
        "fte": Decimal(sums["fte"] or 0).quantize(Decimal("0.01")),
        "adopted_version": adopted,
    }


def items_per_year(space) -> dict[int, int]:
    """How many working items are planned in each year they span (for a chart)."""
    years: dict[int, int] = {}
    for year_from, year_to in RoadmapItem.objects.working(space).values_list(
        "year_from", "year_to"
    ):
        for year in range(year_from, year_to + 1):
            years[year] = years.get(year, 0) + 1
    return dict(sorted(years.items()))

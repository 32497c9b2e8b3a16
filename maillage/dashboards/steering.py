"""Steering figures of a space: projects by status and by météo, late milestones, budget,
roadmap progress — aggregated in SQL, in a fixed number of queries whatever the number of
projects, milestones or roadmap items."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from maillage.projects.models import Milestone, Project, ProjectStatus, Weather
from maillage.projects.perms import can_see_all_projects
from maillage.projects.progress import budget_totals, progress_by_project
from maillage.roadmap.models import ItemStatus
from maillage.roadmap.progress import roadmap_figures, territory_tree

from .charts import percent

NO_WEATHER = "Sans météo"


def visible_projects(user, space):
    """The space's projects (not archived) the reader may see, by the projects' own rule:
    every one for whoever sees all the space's projects, the public ones for anyone else."""
    projects = Project.objects.active().filter(space=space)
    if can_see_all_projects(user, space):
        return projects
    return projects.filter(is_public=True)


def by_status(projects) -> list[tuple[str, int]]:
    """(French label, count) for every status, in the order of a project's life; one query."""
    counts = dict(
        projects.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [(label, counts.get(value, 0)) for value, label in ProjectStatus.choices]


def by_weather(projects) -> list[tuple[str, int]]:
    """(French label, count) for every météo, then the projects without any status update;
    one query. Finished and abandoned projects have no météo to watch and are left out."""
    running = projects.exclude(status__in=[ProjectStatus.DONE, ProjectStatus.ABANDONED])
    counts = dict(
        running.order_by().values("weather").annotate(n=Count("pk")).values_list("weather", "n")
    )
    rows = [(label, counts.get(value, 0)) for value, label in Weather.choices]
    return rows + [(NO_WEATHER, counts.get("", 0))]


def late_milestones(projects, today: datetime.date):
    """Milestones not reached whose due date has passed, the oldest first, with their project
    (a queryset: the view paginates it)."""
    return (
        Milestone.objects.filter(project__in=projects, done_on__isnull=True, due_date__lt=today)
        .select_related("project__space")
        .order_by("due_date", "project__title", "pk")
    )


@dataclass
class Budget:
    planned: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def committed_percent(self) -> int:
        return percent(self.committed, self.planned)

    @property
    def spent_percent(self) -> int:
        return percent(self.spent, self.planned)


def budget(projects) -> Budget:
    """Planned, committed and spent over the projects, exact sums in euros; one query."""
    sums = budget_totals(projects)
    return Budget(sums["planned"], sums["committed"], sums["spent"])


@dataclass
class Roadmap:
    rows: list[tuple[str, int]]  # (French status label, items)
    done: int
    counted: int  # items not dropped
    percent: int
    budget: Decimal
    fte: Decimal
    adopted_version: int | None
    territory_percent: int  # the projet de territoire, rolled up from its projects
    axes: list[tuple[str, str, int]]  # (number, title, percent) of each axis

    @property
    def total(self) -> int:
        return sum(n for _, n in self.rows)


def roadmap(space) -> Roadmap:
    """The working roadmap's items per status, the share achieved among the items not dropped,
    its means, the version in force, and the rolled-up progress of the projet de territoire —
    read from the roadmap capability in a fixed number of queries."""
    figures = roadmap_figures(space)
    tree = territory_tree(space, public=False)
    counts = figures["by_status"]
    return Roadmap(
        rows=[(label, counts.get(value, 0)) for value, label in ItemStatus.choices],
        done=figures["done"],
        counted=figures["total"] - counts.get(ItemStatus.DROPPED, 0),
        percent=figures["percent_done"],
        budget=figures["budget"],
        fte=figures["fte"],
        adopted_version=figures["adopted_version"],
        territory_percent=tree.percent,
        axes=[(axis.number, axis.obj.title, axis.percent) for axis in tree.axes],
    )


def with_progress(projects: list) -> list:
    """Sets `progress` (0–100) on each project of the list; two queries."""
    progress = progress_by_project(p.pk for p in projects)
    for project in projects:
        project.progress = progress.get(project.pk, 0)
    return projects

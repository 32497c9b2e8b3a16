"""Roll-ups of many projects (maillage/projects/progress.py): right figures, fixed queries."""

from decimal import Decimal

from maillage.projects.models import BudgetLine, Project, ProjectStatus
from maillage.projects.progress import budget_totals, latest_weather, progress_by_project

from .factories import ProjectFactory, milestones


def test_progress_by_project_counts_milestones_or_the_status(world):
    with_milestones = ProjectFactory(space=world.space)
    milestones(with_milestones, total=4, done=3)
    committed = ProjectFactory(space=world.space, status=ProjectStatus.COMMITTED)
    done = ProjectFactory(space=world.space, status=ProjectStatus.DONE)
    milestones(done, total=2, done=0)
    assert progress_by_project([with_milestones.pk, committed.pk, done.pk]) == {
        with_milestones.pk: 75,
        committed.pk: 25,
        done.pk: 100,
    }
    assert progress_by_project([]) == {}


def test_progress_by_project_costs_two_queries_for_one_or_fifty_projects(
    world, django_assert_max_num_queries
):
    for count in (1, 50):
        projects = ProjectFactory.create_batch(count, space=world.space)
        for project in projects[:5]:
            milestones(project, total=3, done=1)
        with django_assert_max_num_queries(2):
            result = progress_by_project([p.pk for p in projects])
        assert len(result) == count


def test_latest_weather_leaves_out_projects_without_news(world, django_assert_max_num_queries):
    sunny = ProjectFactory(space=world.space, weather="ok")
    silent = ProjectFactory(space=world.space)
    with django_assert_max_num_queries(1):
        assert latest_weather([sunny.pk, silent.pk]) == {sunny.pk: "ok"}


def test_budget_totals_are_exact_sums_in_one_query(world, django_assert_max_num_queries):
    first = ProjectFactory(space=world.space)
    second = ProjectFactory(space=world.space)
    other_space = ProjectFactory(space=world.space)
    for project, amounts in (
        (first, ("0.10", "0.10", "0.10")),
        (first, ("0.20", "0.20", "0.05")),
        (second, ("1000000.00", "500000.00", "0")),
        (other_space, ("99", "99", "99")),
    ):
        BudgetLine.objects.create(
            project=project,
            label=f"Ligne {BudgetLine.objects.count()}",
            planned=Decimal(amounts[0]),
            committed=Decimal(amounts[1]),
            spent=Decimal(amounts[2]),
        )
    queryset = Project.objects.filter(pk__in=[first.pk, second.pk])
    with django_assert_max_num_queries(1):
        totals = budget_totals(queryset)
    assert totals == {
        "planned": Decimal("1000000.30"),
        "committed": Decimal("500000.30"),
        "spent": Decimal("0.15"),
    }
    assert budget_totals(Project.objects.none()) == {
        "planned": Decimal("0.00"),
        "committed": Decimal("0.00"),
        "spent": Decimal("0.00"),
    }

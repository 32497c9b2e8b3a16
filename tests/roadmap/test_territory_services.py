"""Writing the projet de territoire: axes, objectives, actions and their projects; order;
archive; refusals; the action log; the rolled-up progress read from the projects."""

import pytest

from maillage.audit.models import ActionLog
from maillage.projects.models import ProjectStatus
from maillage.roadmap import services
from maillage.roadmap.models import Action, Axis, Objective
from maillage.roadmap.progress import territory_progress, territory_tree
from tests.spaces.factories import SpaceFactory

from .factories import project, tree

pytestmark = pytest.mark.django_db


def test_elements_are_numbered_in_the_order_they_are_written(world):
    actor = world.agent.user
    first = services.create_axis(actor=actor, space=world.space, title="Attractivité")
    second = services.create_axis(actor=actor, space=world.space, title="Transition")
    objective = services.create_objective(
        actor=actor, space=world.space, axis=second, title="Rénover les écoles"
    )
    services.create_action(actor=actor, space=world.space, objective=objective, title="Audit")
    shown = territory_tree(world.space, public=True)
    assert [(a.number, a.obj.title) for a in shown.axes] == [
        ("1", first.title),
        ("2", second.title),
    ]
    assert shown.axes[1].children[0].children[0].number == "2.1.1"
    assert ActionLog.objects.filter(action__startswith="roadmap.").count() == 4


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"axis": None}, "Choisissez l'axe"),
        ({"title": "  "}, "Écrivez l'intitulé"),
        ({"title": "x" * 201}, "dépasse 200 caractères"),
    ],
)
def test_an_objective_needs_an_axis_and_a_title(world, kwargs, message):
    axis = services.create_axis(actor=None, space=world.space, title="Axe")
    values = {"axis": axis, "title": "Objectif"} | kwargs
    with pytest.raises(services.RoadmapError, match=message):
        services.create_objective(actor=None, space=world.space, **values)
    assert not Objective.objects.exists()


def test_an_axis_of_another_space_or_archived_is_refused(world):
    other = services.create_axis(actor=None, space=SpaceFactory(), title="Ailleurs")
    with pytest.raises(services.RoadmapError, match="pas de l'espace"):
        services.create_objective(actor=None, space=world.space, axis=other, title="O")
    archived = services.create_axis(actor=None, space=world.space, title="Ancien")
    services.archive_element(actor=None, element=archived)
    with pytest.raises(services.RoadmapError, match="archivé"):
        services.create_objective(actor=None, space=world.space, axis=archived, title="O")


def test_an_action_is_carried_only_by_live_projects_of_the_space(world):
    (action,) = tree(world.space, None)
    objective = action.objective
    foreign = project(SpaceFactory(), "Ailleurs")
    with pytest.raises(services.RoadmapError, match="pas de l'espace : Ailleurs"):
        services.create_action(
            actor=None, space=world.space, objective=objective, title="A", projects=[foreign]
        )
    old = project(world.space, "Ancien")
    services.update_action(actor=None, action=action, objective=objective, title="A",
                           projects=[old])  # fmt: skip
    old.archived_at = old.created_at
    old.save()
    # An archived project already linked stays; a new link to one is refused.
    services.update_action(actor=None, action=action, objective=objective, title="A bis",
                           projects=[old])  # fmt: skip
    assert list(action.projects.all()) == [old]
    other_old = project(world.space, "Autre ancien", archived_at=old.created_at)
    with pytest.raises(services.RoadmapError, match="archivés : Autre ancien"):
        services.update_action(actor=None, action=action, objective=objective, title="A",
                               projects=[old, other_old])  # fmt: skip


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(world):
    a, b, c = (services.create_axis(actor=None, space=world.space, title=t) for t in "ABC")
    services.move_element(actor=world.agent.user, element=c, direction="up")
    assert list(Axis.objects.order_by("position").values_list("title", flat=True)) == list("ACB")
    services.move_element(actor=None, element=a, direction="up")  # already first
    assert list(Axis.objects.order_by("position").values_list("title", flat=True)) == list("ACB")
    with pytest.raises(services.RoadmapError, match="monter ou de descendre"):
        services.move_element(actor=None, element=a, direction="sideways")


def test_moving_an_objective_to_another_axis_puts_it_last_there(world):
    first, second = tree(world.space, None, axes=2)
    target = second.objective.axis
    moved = services.update_objective(
        actor=None, objective=first.objective, axis=target, title="Déplacé"
    )
    assert moved.axis == target
    assert list(target.objectives.order_by("position")) == [second.objective, moved]


def test_archiving_an_axis_archives_what_it_holds_and_keeps_everything(world):
    (action,) = tree(world.space, None)
    axis = action.objective.axis
    services.archive_element(actor=world.agent.user, element=axis)
    assert Axis.objects.live().count() == Objective.objects.live().count() == 0
    assert Action.objects.live().count() == 0
    assert Action.objects.count() == 1
    assert territory_tree(world.space, public=False).axes == []
    log = ActionLog.objects.get(action="roadmap.archive")
    assert log.data == {"kind": "axis", "held": 2}
    with pytest.raises(services.RoadmapError, match="archivé"):
        services.update_axis(actor=None, axis=axis, title="Encore")


def test_progress_rolls_up_from_the_projects_and_an_action_without_project_counts_zero(world):
    done = project(world.space, "Fibre", status=ProjectStatus.DONE)
    halfway = project(world.space, "Écoles", status=ProjectStatus.IN_PROGRESS)  # 50 %
    axis = services.create_axis(actor=None, space=world.space, title="Axe")
    objective = services.create_objective(actor=None, space=world.space, axis=axis, title="O")
    services.create_action(actor=None, space=world.space, objective=objective, title="A1",
                           projects=[done, halfway])  # fmt: skip
    services.create_action(actor=None, space=world.space, objective=objective, title="A2")
    shown = territory_tree(world.space, public=False)
    a1, a2 = shown.axes[0].children[0].children
    assert (a1.percent, a2.percent, a2.carried) == (75, 0, False)
    assert shown.axes[0].percent == 38  # (75 + 0) / 2 = 37.5
    assert territory_progress(world.space) == 38


def test_archived_projects_leave_the_progress_and_private_ones_are_not_named_publicly(world):
    public = project(world.space, "Public", status=ProjectStatus.DONE)
    private = project(world.space, "Confidentiel", status=ProjectStatus.DONE, public=False)
    gone = project(world.space, "Archivé", status=ProjectStatus.IDEA)
    (action,) = tree(world.space, None, projects=[public, private, gone])
    gone.archived_at = gone.created_at
    gone.save()
    shown = territory_tree(world.space, public=True).axes[0].children[0].children[0]
    assert shown.percent == 100
    assert [p.title for p in shown.projects] == ["Public"]
    assert shown.hidden_projects == 1
    members = territory_tree(world.space, public=False).axes[0].children[0].children[0]
    assert [p.title for p in members.projects] == ["Confidentiel", "Public"]

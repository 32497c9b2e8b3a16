"""The services of projects: every rule and every refusal, in French, and the action log."""

import datetime
from decimal import Decimal

import pytest

from maillage.audit.models import ActionLog
from maillage.meetings.models import BodyKind
from maillage.notifications.models import Notification
from maillage.projects import services
from maillage.projects.models import Project, ProjectStatus
from maillage.projects.services import ProjectError
from tests.meetings.factories import BodyFactory
from tests.people.factories import MandateFactory, PersonFactory
from tests.territories.factories import CommuneFactory

from .factories import make_project

D = Decimal


def actions(project):
    return list(
        ActionLog.objects.filter(object_type="projects.project", object_id=str(project.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_an_agent_creates_a_project_with_two_communes_and_an_elu(world):
    project = make_project(world)
    assert project.communes.count() == 2
    assert list(project.participants.all()) == [world.elu]
    assert actions(project) == ["projects.create"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"title": "  "}, "Donnez un intitulé"),
        (
            {"start_date": datetime.date(2027, 1, 1), "end_date": datetime.date(2026, 1, 1)},
            "ne peut pas précéder le début",
        ),
        ({"status": "fini"}, "Choisissez l'état"),
    ],
)
def test_a_project_card_is_refused_with_its_reason(world, change, message):
    with pytest.raises(ProjectError, match=message):
        make_project(world, **change)
    assert not Project.objects.exists()


def test_a_commune_outside_the_space_is_refused(world):
    stranger = CommuneFactory(name="Ailleurs-sur-Loire")
    with pytest.raises(ProjectError, match="Ailleurs-sur-Loire"):
        make_project(world, communes=[stranger.pk])


def test_an_elu_of_a_commune_not_involved_is_refused(world):
    with pytest.raises(ProjectError, match="Élise Maire"):
        make_project(world, communes=[], participants=[world.elu])


def test_an_agent_cannot_be_named_as_an_elu_of_the_project(world):
    with pytest.raises(ProjectError, match="Arno Agent"):
        make_project(world, participants=[world.agent])


def test_the_following_body_must_be_a_commission_of_the_space(world):
    council = BodyFactory(space=world.space, kind=BodyKind.CONSEIL_COMMUNAUTAIRE, name="Conseil")
    with pytest.raises(ProjectError, match="n'est pas une commission"):
        make_project(world, body=council)
    commission = BodyFactory(space=world.space, kind=BodyKind.COMMISSION, name="Mobilités")
    assert make_project(world, body=commission).body == commission


def test_a_lead_person_without_role_in_the_space_is_refused(world):
    with pytest.raises(ProjectError, match="ni rôle ni mandat"):
        make_project(world, lead_person=world.outsider)


@pytest.mark.parametrize(
    "start, to, reason, refused",
    [
        (ProjectStatus.IDEA, ProjectStatus.STUDY, "", False),
        (ProjectStatus.IN_PROGRESS, ProjectStatus.DONE, "", False),
        (ProjectStatus.IN_PROGRESS, ProjectStatus.ABANDONED, "", True),
        (ProjectStatus.IN_PROGRESS, ProjectStatus.ABANDONED, "Plus de financement", False),
        (ProjectStatus.IN_PROGRESS, ProjectStatus.STUDY, "  ", True),
        (ProjectStatus.IN_PROGRESS, ProjectStatus.STUDY, "Étude de sol à refaire", False),
    ],
)
def test_a_status_change_needs_a_reason_to_abandon_or_go_back(world, start, to, reason, refused):
    project = make_project(world, status=start)
    if refused:
        with pytest.raises(ProjectError, match="le motif est obligatoire"):
            services.change_status(
                actor=world.agent.user, project=project, status=to, reason=reason
            )
        project.refresh_from_db()
        assert project.status == start
    else:
        services.change_status(actor=world.agent.user, project=project, status=to, reason=reason)
        project.refresh_from_db()
        assert project.status == to
        assert actions(project)[-1] == "projects.status"


def test_a_status_change_to_the_same_status_is_refused(world):
    project = make_project(world)
    with pytest.raises(ProjectError, match="déjà"):
        services.change_status(
            actor=world.agent.user, project=project, status=ProjectStatus.IN_PROGRESS
        )


def test_a_milestone_outside_the_project_is_refused(world):
    project = make_project(world)
    with pytest.raises(ProjectError, match="après la fin prévue du projet \\(31/12/2027\\)"):
        services.add_milestone(
            actor=world.agent.user, project=project, title="Inauguration",
            due_date=datetime.date(2028, 3, 1),
        )  # fmt: skip
    with pytest.raises(ProjectError, match="avant le début du projet"):
        services.add_milestone(
            actor=world.agent.user, project=project, title="Avant",
            due_date=datetime.date(2025, 3, 1),
        )  # fmt: skip
    assert not project.milestones.exists()


def test_moving_the_end_before_a_milestone_is_refused(world):
    project = make_project(world)
    services.add_milestone(
        actor=world.agent.user, project=project, title="Travaux", due_date=datetime.date(2027, 6, 1)
    )
    with pytest.raises(ProjectError, match="Travaux"):
        services.update_project(
            actor=world.agent.user, project=project, end_date=datetime.date(2027, 1, 1)
        )


def test_a_milestone_cannot_be_reached_in_the_future(world):
    project = make_project(world, end_date=datetime.date(2099, 1, 1))
    milestone = services.add_milestone(
        actor=world.agent.user, project=project, title="Fin", due_date=datetime.date(2098, 1, 1)
    )
    with pytest.raises(ProjectError, match="futur"):
        services.update_milestone(
            actor=world.agent.user, milestone=milestone, title="Fin",
            due_date=milestone.due_date, done_on=datetime.date(2098, 1, 1),
        )  # fmt: skip


@pytest.mark.parametrize(
    "planned, committed, spent, message",
    [
        (D("-10"), D("0"), D("0"), "prévu ne peut pas être négatif"),
        (D("10"), D("5"), D("6"), "ne peut pas dépasser l'engagé"),
        (D("10.005"), D("0"), D("0"), "au centime près"),
    ],
)
def test_a_budget_line_is_refused_in_french(world, planned, committed, spent, message):
    project = make_project(world)
    with pytest.raises(ProjectError, match=message):
        services.save_budget_line(
            actor=world.agent.user, project=project, label="Travaux",
            planned=planned, committed=committed, spent=spent,
        )  # fmt: skip
    assert not project.budget_lines.exists()


def test_two_budget_lines_of_the_same_name_are_refused(world):
    project = make_project(world)
    kwargs = {"label": "Études", "planned": D(1), "committed": D(0), "spent": D(0)}
    services.save_budget_line(actor=world.agent.user, project=project, **kwargs)
    with pytest.raises(ProjectError, match="déjà une ligne"):
        services.save_budget_line(actor=world.agent.user, project=project, **kwargs)


def test_a_negative_funding_is_refused(world):
    project = make_project(world)
    with pytest.raises(ProjectError, match="négatif"):
        services.add_funding(actor=world.agent.user, project=project, name="DETR", amount=D("-1"))


def test_a_measurement_in_another_unit_is_refused(world):
    project = make_project(world)
    indicator = services.add_indicator(
        actor=world.agent.user, project=project, name="Voie verte",
        unit="km", baseline=D(0), target=D(12),
    )  # fmt: skip
    with pytest.raises(ProjectError, match="se mesure en km, pas en tonnes"):
        services.add_measurement(
            actor=world.agent.user, indicator=indicator,
            measured_on=datetime.date(2026, 3, 1), value=D(3), unit="tonnes",
        )  # fmt: skip
    services.add_measurement(
        actor=world.agent.user, indicator=indicator,
        measured_on=datetime.date(2026, 3, 1), value=D(3), unit="km",
    )  # fmt: skip
    with pytest.raises(ProjectError, match="existe déjà le 01/03/2026"):
        services.add_measurement(
            actor=world.agent.user, indicator=indicator,
            measured_on=datetime.date(2026, 3, 1), value=D(4), unit="km",
        )  # fmt: skip


def test_a_percentage_indicator_stays_between_0_and_100(world):
    project = make_project(world)
    with pytest.raises(ProjectError, match="entre 0 et 100"):
        services.add_indicator(
            actor=world.agent.user, project=project, name="Taux",
            unit="%", baseline=D(0), target=D(120),
        )  # fmt: skip


@pytest.mark.parametrize(
    "typed, value, suffix",
    [
        ("12,5", D("12.5"), ""),
        ("1 250,5 km", D("1250.5"), "km"),
        ("3 t", D("3"), "tonnes"),
        ("40 %", D("40"), "%"),
        ("7 kg", D("7"), "kg"),
    ],
)
def test_a_typed_value_gives_its_number_and_its_unit(typed, value, suffix):
    assert services.plan.parse_value(typed) == (value, suffix)


def test_a_status_update_sets_the_weather_and_tells_followers_and_the_team(world):
    project = make_project(world)
    follower = PersonFactory()
    MandateFactory(person=follower, organisation=world.commune)
    services.follow(actor=world.referent.user, project=project)
    services.post_update(
        actor=world.agent.user, project=project, weather="risque", text="Retard des devis."
    )
    project.refresh_from_db()
    assert project.weather == "risque"
    told = set(Notification.objects.values_list("person_id", flat=True))
    assert told == {world.referent.pk, world.elu.pk}
    assert actions(project)[-1] == "projects.update_posted"


def test_a_status_update_without_text_or_weather_is_refused(world):
    project = make_project(world)
    with pytest.raises(ProjectError, match="Écrivez"):
        services.post_update(actor=world.agent.user, project=project, weather="ok", text=" ")
    with pytest.raises(ProjectError, match="météo"):
        services.post_update(actor=world.agent.user, project=project, weather="beau", text="x")


def test_following_twice_is_refused(world):
    project = make_project(world)
    services.follow(actor=world.elu.user, project=project)
    with pytest.raises(ProjectError, match="déjà"):
        services.follow(actor=world.elu.user, project=project)
    services.unfollow(actor=world.elu.user, project=project)
    with pytest.raises(ProjectError, match="ne suivez pas"):
        services.unfollow(actor=world.elu.user, project=project)


def test_an_archived_project_keeps_everything_refuses_changes_and_can_be_restored(world):
    project = make_project(world)
    services.add_milestone(
        actor=world.agent.user, project=project, title="Études", due_date=datetime.date(2026, 5, 1)
    )
    services.archive_project(actor=world.agent.user, project=project)
    assert Project.objects.active().count() == 0
    assert project.milestones.count() == 1
    with pytest.raises(ProjectError, match="archivé"):
        services.post_update(actor=world.agent.user, project=project, weather="ok", text="x")
    with pytest.raises(ProjectError, match="déjà archivé"):
        services.archive_project(actor=world.agent.user, project=project)
    services.restore_project(actor=world.agent.user, project=project)
    assert Project.objects.active().count() == 1
    assert actions(project)[-2:] == ["projects.archive", "projects.restore"]


def test_ticking_a_task_is_logged_and_cannot_be_done_twice(world):
    project = make_project(world)
    task = services.add_task(
        actor=world.agent.user, project=project, title="Devis", owner=world.elu
    )
    services.set_task_done(actor=world.elu.user, task=task, done=True)
    with pytest.raises(ProjectError, match="déjà faite"):
        services.set_task_done(actor=world.elu.user, task=task, done=True)
    assert actions(project)[-1] == "projects.task_done"


def test_a_task_owner_outside_the_space_is_refused(world):
    project = make_project(world)
    with pytest.raises(ProjectError, match="ni rôle ni mandat"):
        services.add_task(actor=world.agent.user, project=project, title="x", owner=world.outsider)

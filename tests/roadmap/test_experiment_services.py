"""Experiments: pilots of the space, a period, a survey of the space, results, and a final
decision (generalise / adapt / stop) that a new decision supersedes."""

import datetime

import pytest

from maillage.audit.models import ActionLog
from maillage.roadmap import services
from maillage.roadmap.models import Decision, DecisionOutcome, RoadmapItem
from maillage.roadmap.services.experiments import current_decision
from maillage.surveys.models import Survey, Target
from tests.meetings.factories import BodyFactory
from tests.spaces.factories import SpaceFactory
from tests.territories.factories import CommuneFactory

from .factories import deliberation, experiment, item

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 7, 1)
TODAY = datetime.date(2026, 9, 1)


def survey(space):
    return Survey.objects.create(
        space=space, title="Enquête des pilotes", target=Target.ALL,
        deadline=datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC),
    )  # fmt: skip


def test_an_experiment_has_pilots_of_the_space_and_its_survey(world):
    made = experiment(world.space, world.agent.user, pilots=[world.commune],
                      survey=survey(world.space))  # fmt: skip
    assert list(made.pilots.all()) == [world.commune]
    assert ActionLog.objects.get(action="roadmap.experiment_create").data == {
        "pilots": [world.commune.pk]
    }


@pytest.mark.parametrize(
    "case, message",
    [
        ("pilot outside", "pas membres de l'espace : Ailleurs"),
        ("survey outside", "enquête n'est pas de l'espace"),
        ("reversed period", "précède le début"),
        ("no hypothesis", "Écrivez l'hypothèse"),
        ("no criteria", "critères d'évaluation"),
    ],
)
def test_bad_experiments_are_refused(world, case, message):
    kwargs = {
        "pilot outside": {"pilots": [CommuneFactory(name="Ailleurs")]},
        "survey outside": {"survey": survey(SpaceFactory())},
        "reversed period": {"start_date": DAY, "end_date": DAY - datetime.timedelta(days=1)},
        "no hypothesis": {"hypothesis": " "},
        "no criteria": {"criteria": ""},
    }[case]
    with pytest.raises(services.RoadmapError, match=message):
        experiment(world.space, None, **kwargs)


def decide(trial, **kwargs):
    values = {"outcome": DecisionOutcome.ADAPT, "reason": "Trop lourd", "decided_on": DAY,
              "today": TODAY}  # fmt: skip
    return services.decide(actor=None, experiment=trial, **(values | kwargs))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"decided_on": datetime.date(2025, 12, 31)}, "précéder le début"),
        ({"decided_on": datetime.date(2026, 9, 2)}, "dans le futur"),
        ({"decided_on": None}, "Indiquez la date"),
        ({"reason": ""}, "Écrivez le motif"),
        ({"outcome": "peut-être"}, "Choisissez la décision"),
        ({"create_item": True}, "Seule une généralisation"),
    ],
)
def test_bad_decisions_are_refused(world, kwargs, message):
    trial = experiment(world.space, None)
    with pytest.raises(services.RoadmapError, match=message):
        decide(trial, **kwargs)
    assert not Decision.objects.exists()


def test_a_deliberation_body_or_item_of_another_space_is_refused(world):
    trial = experiment(world.space, None)
    other = SpaceFactory()
    for kwargs, message in [
        ({"deliberation": deliberation(other)}, "délibération n'est pas de l'espace"),
        ({"body": BodyFactory(space=other)}, "instance n'est pas de l'espace"),
        ({"roadmap_item": item(other, None)}, "pas de la feuille de route de l'espace"),
    ]:
        with pytest.raises(services.RoadmapError, match=message):
            decide(trial, **kwargs)


def test_generalising_can_create_the_roadmap_item(world):
    trial = experiment(world.space, None)
    act = deliberation(world.space)
    decision = decide(trial, outcome=DecisionOutcome.GENERALISE, create_item=True,
                      deliberation=act)  # fmt: skip
    created = RoadmapItem.objects.get()
    assert decision.roadmap_item == created
    assert created.title == "Généralisation : Télétransmission des actes"
    assert (created.year_from, created.year_to) == (2026, 2027)
    assert ActionLog.objects.filter(action="roadmap.decision").count() == 1


def test_a_new_decision_supersedes_the_first_which_stays(world):
    trial = experiment(world.space, None)
    first = decide(trial)
    with pytest.raises(services.RoadmapError, match="ne peut pas la précéder"):
        decide(trial, decided_on=DAY - datetime.timedelta(days=1))
    second = decide(trial, outcome=DecisionOutcome.STOP, decided_on=TODAY)
    assert second.supersedes == first
    assert current_decision(trial) == second
    assert Decision.objects.count() == 2


def test_two_first_decisions_at_once_are_refused_by_the_database(world):
    trial = experiment(world.space, None)
    Decision.objects.create(experiment=trial, outcome="arreter", reason="x", decided_on=DAY)
    with pytest.raises(Exception):  # noqa: B017 — the unique constraint, whatever the backend
        Decision.objects.create(experiment=trial, outcome="adapter", reason="y", decided_on=DAY)


def test_an_archived_experiment_is_kept_and_no_longer_changes(world):
    trial = experiment(world.space, None)
    services.archive_experiment(actor=world.agent.user, experiment=trial)
    with pytest.raises(services.RoadmapError, match="archivée"):
        decide(trial)
    with pytest.raises(services.RoadmapError, match="archivée"):
        services.update_experiment(actor=None, experiment=trial, title="x", hypothesis="h",
                                   criteria="c", start_date=DAY, end_date=DAY)  # fmt: skip

"""The demo: a service, subscriptions, two scales, two scenarios computed, one chosen by the
space's deliberation, statements produced and sent — once."""

import pytest

from maillage.catalogue.models import Service
from maillage.mutualisation.demo import SERVICE_NAME, create_mutualisation_demo
from maillage.mutualisation.models import Scale, Scenario, Statement
from maillage.notifications.models import Notification
from tests.governance.factories import deliberation

pytestmark = pytest.mark.django_db
BASE = "/espaces/cc-test/mutualisation/"


def test_the_demo_shows_scenarios_compared_one_chosen_and_statements_sent(world, login):
    adopted = deliberation(world.space)
    created = create_mutualisation_demo(world.space, world.agent.user)
    assert [s.name for s in created] == [s.name for s in Scenario.objects.order_by("pk")]
    assert len(created) == 2 and all(s.computed_at for s in created)
    assert Scale.objects.filter(space=world.space).count() == 2
    chosen = Scenario.objects.get(chosen=True)
    assert chosen.deliberation == adopted
    sent = Statement.objects.filter(scenario=chosen)
    assert sent.count() == 2 and all(s.is_sent for s in sent)
    assert Notification.objects.filter(person=world.elu).exists()
    service = Service.objects.get(space=world.space, name=SERVICE_NAME)
    page = login(world.elu).get(f"{BASE}comparer/{service.pk}/{chosen.year}/")
    assert page.status_code == 200 and "Par tranches de population" in page.content.decode()


def test_the_demo_runs_once(world):
    deliberation(world.space)
    assert create_mutualisation_demo(world.space, world.agent.user)
    assert create_mutualisation_demo(world.space, world.agent.user) == []
    assert Scenario.objects.count() == 2 and Statement.objects.count() == 2


def test_without_a_decision_the_scenarios_are_compared_but_none_is_chosen(world):
    created = create_mutualisation_demo(world.space, world.agent.user)
    assert len(created) == 2
    assert not Scenario.objects.filter(chosen=True).exists()
    assert not Statement.objects.exists()

"""The demo data the lead calls for the demonstration space."""

import pytest

from maillage.catalogue.demo import demo as catalogue_demo
from maillage.catalogue.models import Subscription
from maillage.needs.demo import demo as needs_demo
from maillage.needs.models import Support

pytestmark = pytest.mark.django_db


def test_the_demo_creates_needs_services_and_subscriptions_once(world):
    needs = needs_demo(world.space, world.superuser)
    services = catalogue_demo(world.space, world.superuser)
    assert len(needs) == 4 and Support.objects.exists() and len(services) == 3
    assert services[0].needs.exists()
    assert Subscription.objects.filter(paid_by=world.epci).count() == 2
    assert needs_demo(world.space, world.superuser) == []
    assert catalogue_demo(world.space, world.superuser) == []

"""The commissions plug into the sittings: followers hear of a convened sitting when its
convocations go out, and followers and replacements read its dossier on the sitting page."""

import pytest

from maillage.meetings.models import SittingStatus
from maillage.meetings.services import convocations
from maillage.notifications.models import Kind, Notification
from tests.commissions.factories import commission, councillor
from tests.meetings.factories import AgendaItemFactory, SeatFactory, SittingFactory
from tests.people.factories import person_with_account

pytestmark = pytest.mark.django_db


def test_sending_the_convocations_of_a_commission_tells_its_followers(
    world, django_capture_on_commit_callbacks
):
    from maillage.commissions.models import Follow

    body = commission(world.space)
    SeatFactory(body=body, person=person_with_account(), organisation=world.commune)
    follower = councillor(world.commune, first_name="Fanny", last_name="Suiveuse")
    Follow.objects.create(person=follower, body=body)
    sitting = SittingFactory(body=body)
    AgendaItemFactory(sitting=sitting, position=1)

    with django_capture_on_commit_callbacks(execute=True):
        convocations.send_convocations(actor=world.agent.user, sitting=sitting)

    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CONVENED
    told = Notification.objects.filter(person=follower, kind=Kind.COMMISSION)
    assert told.count() == 1
    assert body.name in told.get().title


def test_a_follower_reads_the_dossier_on_the_sitting_page(world, login):
    from maillage.commissions.models import Follow

    body = commission(world.space)
    sitting = SittingFactory(body=body, status=SittingStatus.CONVENED)
    AgendaItemFactory(sitting=sitting, position=1, summary="Le plan vélo intercommunal.")
    follower = councillor(world.commune, first_name="Fanny", last_name="Suiveuse")
    stranger = councillor(world.commune, first_name="Paul", last_name="Passant")
    Follow.objects.create(person=follower, body=body)

    page = login(follower).get(f"/espaces/cc-test/seances/{sitting.pk}/")
    assert "Le plan vélo intercommunal." in page.content.decode()
    page = login(stranger).get(f"/espaces/cc-test/seances/{sitting.pk}/")
    assert "Le plan vélo intercommunal." not in page.content.decode()

"""The demo space gets its bodies and a sitting in preparation, once."""

import datetime

import pytest
from django.utils import timezone

from maillage.meetings.models import (
    Body,
    BodyKind,
    Deliberation,
    ItemKind,
    Seat,
    SeatKind,
    Sitting,
    SittingStatus,
)
from maillage.people.models import Function, Mandate
from maillage.spaces.demo import create_demo_space
from tests.territories.factories import CommuneFactory, EpciFactory, RegionFactory, add_members

pytestmark = pytest.mark.django_db


def test_the_demo_space_has_its_council_bureau_conference_commission_and_a_sitting():
    region = RegionFactory(insee_code="44", name="Grand Est")
    epci = EpciFactory(region=region, population_totale=15_000, name="CC de Démo")
    add_members(epci, [CommuneFactory(population_totale=p) for p in (9000, 1200, 800)])

    space, logins = create_demo_space()
    create_demo_space()  # idempotent

    assert Body.objects.filter(space=space).count() == 4
    council = Body.objects.get(space=space, kind=BodyKind.CONSEIL_COMMUNAUTAIRE)
    community = Mandate.objects.filter(function=Function.CONSEILLER_COMMUNAUTAIRE)
    titulaires = council.seats.filter(kind=SeatKind.TITULAIRE)
    assert set(titulaires.values_list("person", flat=True)) == set(
        community.values_list("person", flat=True)
    )
    president = Mandate.objects.get(function=Function.PRESIDENT).person
    assert council.seats.get(is_chair=True).person == president
    # The two single-seat communes each have a suppléant standing in for their titulaire.
    suppleants = council.seats.filter(kind=SeatKind.SUPPLEANT).select_related("substitute_for")
    assert suppleants.count() == 2
    assert all(s.organisation == s.substitute_for.organisation for s in suppleants)

    bureau = Body.objects.get(space=space, kind=BodyKind.BUREAU)
    vices = Mandate.objects.filter(function=Function.VICE_PRESIDENT).values_list(
        "person", flat=True
    )
    assert set(bureau.seats.values_list("person", flat=True)) == {president.pk, *vices}
    conference = Body.objects.get(space=space, kind=BodyKind.CONFERENCE_MAIRES)
    mayors = Mandate.objects.filter(function=Function.MAIRE).values_list("person", flat=True)
    assert set(conference.seats.values_list("person", flat=True)) == set(mayors)
    assert conference.seats.get(is_chair=True).person == president
    assert Body.objects.filter(space=space, kind=BodyKind.COMMISSION).count() == 1

    sitting = council.sittings.get(status=SittingStatus.DRAFT)
    assert timezone.localdate(sitting.starts_at) == timezone.localdate() + datetime.timedelta(
        weeks=3
    )
    assert list(sitting.items.values_list("kind", flat=True)) == [
        ItemKind.DELIBERATION,
        ItemKind.INFORMATION,
        ItemKind.OPINION,
        ItemKind.APPOINTMENT,
    ]
    assert all(item.budget_year is None and not item.budget_name for item in sitting.items.all())
    assert Seat.objects.filter(body__space=space, person__is_fictitious=False).count() == 0


def test_the_demo_space_shows_a_past_sitting_with_published_deliberations(client):
    region = RegionFactory(insee_code="44", name="Grand Est")
    epci = EpciFactory(region=region, population_totale=15_000, name="CC de Démo")
    add_members(epci, [CommuneFactory(population_totale=p) for p in (9000, 1200, 800)])
    space, _ = create_demo_space()
    past = Sitting.objects.get(body__space=space, status=SittingStatus.CLOSED)
    assert past.starts_at < timezone.now()
    deliberations = Deliberation.objects.filter(space=space).order_by("sequence")
    assert deliberations.count() == 3
    assert all(d.published_at is not None for d in deliberations)
    response = client.get(f"/espaces/{space.slug}/actes/")
    assert "Approbation du compte administratif" in response.content.decode()
    create_demo_space()  # idempotent: nothing more is created
    assert Deliberation.objects.filter(space=space).count() == 3

"""Every change to the catalogue and every refusal, through the services; the QuerySet
helpers other capabilities read."""

import datetime
from decimal import Decimal

import pytest

from maillage.audit.models import ActionLog
from maillage.catalogue import services
from maillage.catalogue.models import Service, ServiceStatus, Subscription
from maillage.catalogue.services import CatalogueError
from maillage.people.models import Function
from tests.needs.factories import make_need, other_commune
from tests.people.factories import MandateFactory
from tests.spaces.factories import SpaceFactory, add_space_members
from tests.territories.factories import CommuneFactory, EpciFactory, add_members

from .factories import START, make_service, subscribe

pytestmark = pytest.mark.django_db

D = datetime.date


# --- Services -----------------------------------------------------------------------------------


def test_an_agent_adds_a_service_answering_needs_and_it_is_logged(world):
    need = make_need(world.space, world.elu, world.commune)
    service = make_service(world.space, world.agent, needs=[need])
    assert list(need.services.all()) == [service]
    assert (service.status, service.yearly_cost) == (ServiceStatus.OPEN, Decimal("12000.00"))
    assert ActionLog.objects.filter(action="catalogue.create").exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": " "}, "nom"),
        ({"yearly_cost": "-5"}, "négatif"),
        ({"available_from": None}, "date"),
    ],
)
def test_bad_services_are_refused(world, changes, message):
    with pytest.raises(CatalogueError, match=message):
        make_service(world.space, world.agent, **changes)
    assert not Service.objects.exists()


def test_two_services_of_a_space_do_not_share_a_name(world):
    make_service(world.space, world.agent, name="DPO")
    with pytest.raises(CatalogueError, match="déjà un service « dpo »"):
        make_service(world.space, world.agent, name="dpo")


def test_a_need_of_another_space_cannot_be_answered(world):
    other = SpaceFactory()
    commune = CommuneFactory()
    add_space_members(other, [commune])
    need = make_need(other, world.superuser, commune)
    with pytest.raises(CatalogueError, match="pas tous de l'espace"):
        make_service(world.space, world.agent, needs=[need])


def test_closing_a_service_ends_running_subscriptions_and_deletes_nothing(world):
    service = make_service(world.space, world.agent)
    subscription = subscribe(service, world.agent, world.commune)
    ended = services.close_service(actor=world.agent.user, service=service, on=D(2026, 6, 30))
    subscription.refresh_from_db()
    service.refresh_from_db()
    assert (ended, subscription.end_date, service.status) == (1, D(2026, 6, 30), "ferme")
    with pytest.raises(CatalogueError, match="pas ouvert"):
        subscribe(service, world.agent, other_commune(world), start=D(2026, 7, 1))


def test_a_service_cannot_close_before_a_subscription_starts(world):
    service = make_service(world.space, world.agent)
    subscribe(service, world.agent, world.commune, start=D(2026, 9, 1))
    with pytest.raises(CatalogueError, match="Bonneville commence le 01/09/2026"):
        services.close_service(actor=world.agent.user, service=service, on=D(2026, 6, 30))


# --- Subscriptions ------------------------------------------------------------------------------


def test_a_mayor_subscribes_her_commune(world):
    service = make_service(world.space, world.agent)
    subscription = subscribe(service, world.elu, world.commune, units="2.5")
    assert (subscription.units, subscription.paid_by) == (Decimal("2.50"), None)
    assert ActionLog.objects.filter(action="catalogue.subscribe").exists()


@pytest.mark.parametrize(
    "case, message",
    [
        ("before_available", "Bonneville : l'abonnement ne peut pas commencer le 31/12/2025"),
        ("negative_units", "négatif"),
        ("not_member", "n'est pas membre de l'espace"),
        ("not_mine", "Vous ne pouvez pas abonner Marignier"),
        ("proposed", "pas ouvert"),
        ("overlap", "Bonneville est déjà abonnée à « Délégué à la protection des données"),
    ],
)
def test_bad_subscriptions_are_refused_with_the_member_concerned(world, case, message):
    service = make_service(
        world.space, world.agent,
        status=ServiceStatus.PROPOSED if case == "proposed" else ServiceStatus.OPEN,
    )  # fmt: skip
    organisation, person, start, units = world.commune, world.elu, START, 1
    if case == "before_available":
        start = D(2025, 12, 31)
    elif case == "negative_units":
        units = -1
    elif case == "not_member":
        organisation, person = CommuneFactory(), world.agent
    elif case == "not_mine":
        organisation = other_commune(world)
    elif case == "overlap":
        subscribe(service, world.agent, world.commune, start=D(2026, 3, 1))
    before = Subscription.objects.count()
    with pytest.raises(CatalogueError, match=message):
        subscribe(service, person, organisation, start=start, units=units)
    assert Subscription.objects.count() == before


def test_an_ended_subscription_does_not_prevent_a_later_one(world):
    service = make_service(world.space, world.agent)
    first = subscribe(service, world.agent, world.commune)
    services.end_subscription(actor=world.agent.user, subscription=first, end_date=D(2026, 3, 31))
    with pytest.raises(CatalogueError, match="du 01/01/2026 au 31/03/2026"):
        subscribe(service, world.agent, world.commune, start=D(2026, 3, 31))
    assert subscribe(service, world.agent, world.commune, start=D(2026, 4, 1)).pk


def test_the_epci_subscribes_all_its_communes_and_pays_for_them(world):
    service = make_service(world.space, world.agent)
    created = services.subscribe_epci(actor=world.agent.user, service=service, epci=world.epci,
                                      start_date=START, units_per_commune=3)  # fmt: skip
    assert sorted(s.organisation.name for s in created) == ["Bonneville", "Marignier"]
    assert {s.paid_by for s in created} == {world.epci}
    assert ActionLog.objects.filter(action="catalogue.subscribe_epci").count() == 1


def test_the_epci_subscription_is_all_or_nothing_and_names_the_commune(world):
    service = make_service(world.space, world.agent)
    subscribe(service, world.agent, world.commune, start=D(2026, 2, 1))
    with pytest.raises(CatalogueError, match="Rien n'est enregistré : Bonneville est déjà abonnée"):
        services.subscribe_epci(actor=world.agent.user, service=service, epci=world.epci,
                                start_date=START)  # fmt: skip
    assert Subscription.objects.count() == 1


def test_in_an_operator_space_a_member_epci_subscribes_only_its_own_communes(world):
    epci = EpciFactory()
    mine = CommuneFactory(name="Amont")
    add_members(epci, [mine])
    outside = CommuneFactory(name="Ailleurs")
    operator = SpaceFactory(organisation=CommuneFactory(kind="syndicat_mixte_ouvert"))
    add_space_members(operator, [epci, outside])
    service = make_service(operator, world.superuser)
    created = services.subscribe_epci(actor=world.superuser, service=service, epci=epci,
                                      start_date=START)  # fmt: skip
    assert [s.organisation for s in created] == [mine]


def test_an_epci_that_is_not_of_the_space_cannot_pay(world):
    service = make_service(world.space, world.agent)
    with pytest.raises(CatalogueError, match="ne peut pas abonner ses communes ici"):
        services.subscribe_epci(actor=world.agent.user, service=service, epci=EpciFactory(),
                                start_date=START)  # fmt: skip


def test_the_president_of_the_epci_subscribes_its_communes_but_a_mayor_does_not(world):
    service = make_service(world.space, world.agent)
    with pytest.raises(CatalogueError, match="ne peut pas abonner ses communes ici"):
        services.subscribe_epci(actor=world.elu.user, service=service, epci=world.epci,
                                start_date=START)  # fmt: skip
    MandateFactory(person=world.elu, organisation=world.epci, function=Function.PRESIDENT)
    president = type(world.elu.user).objects.get(pk=world.elu.user.pk)  # no cached roles
    assert services.subscribe_epci(actor=president, service=service, epci=world.epci,
                                   start_date=START)  # fmt: skip


def test_a_change_of_units_opens_a_new_period_from_its_date(world):
    service = make_service(world.space, world.agent)
    first = subscribe(service, world.elu, world.commune, units=2)
    second = services.change_units(actor=world.elu.user, subscription=first, units=5,
                                   from_date=D(2026, 7, 1))  # fmt: skip
    first.refresh_from_db()
    assert (first.end_date, first.units) == (D(2026, 6, 30), Decimal("2.00"))
    assert (second.start_date, second.end_date, second.units, second.previous) == (
        D(2026, 7, 1), None, Decimal("5.00"), first)  # fmt: skip
    assert ActionLog.objects.filter(action="catalogue.change_units").exists()


def test_units_changed_on_the_first_day_are_corrected_in_place(world):
    service = make_service(world.space, world.agent)
    first = subscribe(service, world.elu, world.commune, units=2)
    same = services.change_units(actor=world.elu.user, subscription=first, units=3, from_date=START)
    assert same.pk == first.pk and Subscription.objects.count() == 1


@pytest.mark.parametrize(
    "units, from_date, message",
    [
        (-1, D(2026, 7, 1), "négatif"),
        (5, D(2025, 7, 1), "précéder le début"),
        (2, D(2026, 7, 1), "déjà le nombre"),
        ("abc", D(2026, 7, 1), "Écrivez"),
    ],
)
def test_bad_changes_of_units_are_refused(world, units, from_date, message):
    service = make_service(world.space, world.agent)
    first = subscribe(service, world.elu, world.commune, units=2)
    with pytest.raises(CatalogueError, match=message):
        services.change_units(actor=world.elu.user, subscription=first, units=units,
                              from_date=from_date)  # fmt: skip
    assert Subscription.objects.count() == 1


def test_an_end_before_the_start_or_a_second_end_is_refused(world):
    service = make_service(world.space, world.agent)
    first = subscribe(service, world.elu, world.commune)
    with pytest.raises(CatalogueError, match="précéder le début"):
        services.end_subscription(actor=world.elu.user, subscription=first, end_date=D(2025, 1, 1))
    services.end_subscription(actor=world.elu.user, subscription=first, end_date=D(2026, 12, 31))
    with pytest.raises(CatalogueError, match="se termine déjà le 31/12/2026"):
        services.end_subscription(actor=world.elu.user, subscription=first, end_date=D(2027, 1, 1))


# --- Helpers for other capabilities -------------------------------------------------------------


def test_active_on_and_for_year_read_the_periods(world):
    service = make_service(world.space, world.agent)
    first = subscribe(service, world.agent, world.commune, units=2)
    services.change_units(actor=world.agent.user, subscription=first, units=4,
                          from_date=D(2027, 1, 1))  # fmt: skip
    subscribe(service, world.agent, other_commune(world), start=D(2027, 6, 1))
    on = Subscription.objects.active_on
    assert [s.units for s in on(D(2026, 12, 31))] == [Decimal("2.00")]
    assert sorted(s.units for s in on(D(2027, 6, 1))) == [Decimal("1.00"), Decimal("4.00")]
    assert Subscription.objects.for_year(2026).count() == 1
    assert Subscription.objects.for_year(2027).count() == 2
    assert Subscription.objects.for_year(2025).count() == 0
    counted = Service.objects.with_subscription_counts(on=D(2027, 6, 1)).get()
    assert (counted.subscriber_count, counted.unit_total) == (2, Decimal("5.00"))

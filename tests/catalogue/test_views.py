"""Pages of the catalogue: adding a service, its page with subscribers and totals, CSV,
subscribing (one member, or an EPCI for its communes), changing units, ending, closing;
query counts."""

import datetime

import pytest

from maillage.catalogue.models import Service, ServiceStatus, Subscription
from tests.needs.factories import make_need, other_commune
from tests.spaces.factories import add_space_members
from tests.territories.factories import CommuneFactory

from .factories import START, make_service, subscribe

pytestmark = pytest.mark.django_db

SERVICE_FORM = {
    "name": "Prêt de la balayeuse",
    "category": "pret_materiel",
    "description": "La balayeuse de la communauté.",
    "conditions": "",
    "yearly_cost": "8000",
    "cost_model": "",
    "unit_label": "jours",
    "available_from": "2026-01-01",
    "open_now": "on",
}


def test_an_agent_adds_a_service_answering_a_need(login, world):
    need = make_need(world.space, world.elu, world.commune)
    client = login(world.agent)
    page = client.get(f"/espaces/cc-test/catalogue/nouveau/?besoin={need.pk}").content.decode()
    assert 'for="id_name"' in page and "checked" in page
    response = client.post("/espaces/cc-test/catalogue/nouveau/",
                           {**SERVICE_FORM, "needs": [need.pk]})  # fmt: skip
    service = Service.objects.get()
    assert response["Location"] == service.get_absolute_url()
    assert (service.status, list(service.needs.all())) == (ServiceStatus.OPEN, [need])
    assert "Prêt de la balayeuse" in client.get(need.get_absolute_url()).content.decode()


def test_a_refused_service_shows_the_form_again_filled(login, world):
    response = login(world.agent).post("/espaces/cc-test/catalogue/nouveau/",
                                       {**SERVICE_FORM, "yearly_cost": "-1"})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "négatif" in html and "Prêt de la balayeuse" in html
    assert not Service.objects.exists()


def test_the_catalogue_lists_services_with_todays_subscribers(login, world):
    service = make_service(world.space, world.agent)
    subscribe(service, world.agent, world.commune, units=3)
    page = login(world.elu).get("/espaces/cc-test/catalogue/")
    row = page.context["page"][0]
    assert (row.subscriber_count, row.unit_total) == (1, 3)
    assert "RGPD" in page.content.decode()


def test_a_mayor_subscribes_her_commune_from_the_service_page(login, world):
    service = make_service(world.space, world.agent)
    client = login(world.elu)
    assert "Abonner une organisation" in client.get(service.get_absolute_url()).content.decode()
    response = client.post(f"{service.get_absolute_url()}abonner/",
                           {"organisation": world.commune.pk, "start_date": "2026-02-01",
                            "units": "2,5"})  # fmt: skip
    assert response.status_code == 302
    assert str(Subscription.objects.get().units) == "2.50"


def test_a_subscription_before_the_service_shows_the_reason_and_keeps_the_input(login, world):
    service = make_service(world.space, world.agent)
    response = login(world.elu).post(f"{service.get_absolute_url()}abonner/",
                                     {"organisation": world.commune.pk,
                                      "start_date": "2025-06-01", "units": "7"})  # fmt: skip
    html = response.content.decode()
    assert "Bonneville : l&#x27;abonnement ne peut pas commencer le 01/06/2025" in html
    assert 'value="7"' in html and not Subscription.objects.exists()


def test_the_epci_subscribes_its_communes_from_the_service_page(login, world):
    service = make_service(world.space, world.agent)
    client = login(world.agent)
    response = client.post(f"{service.get_absolute_url()}abonner-epci/",
                           {"epci": world.epci.pk, "start_date": "2026-01-01",
                            "units_per_commune": "1"})  # fmt: skip
    assert response.status_code == 302
    html = client.get(service.get_absolute_url()).content.decode()
    assert html.count("CC du Test</td>") == 2


def test_units_change_and_subscription_end_from_the_service_page(login, world):
    service = make_service(world.space, world.agent)
    first = subscribe(service, world.elu, world.commune, units=2)
    client = login(world.referent)
    client.post(f"/espaces/cc-test/catalogue/abonnements/{first.pk}/unites/",
                {"units": "4", "from_date": "2026-07-01"})  # fmt: skip
    second = Subscription.objects.get(previous=first)
    client.post(f"/espaces/cc-test/catalogue/abonnements/{second.pk}/fin/",
                {"end_date": "2026-12-31"})  # fmt: skip
    second.refresh_from_db()
    assert second.end_date == datetime.date(2026, 12, 31)


def test_an_agent_closes_a_service_from_its_page(login, world):
    service = make_service(world.space, world.agent)
    subscribe(service, world.agent, world.commune)
    login(world.agent).post(f"{service.get_absolute_url()}etat/",
                            {"action": "fermer", "on": "2026-06-30"})  # fmt: skip
    service.refresh_from_db()
    assert service.status == ServiceStatus.CLOSED
    assert Subscription.objects.get().end_date == datetime.date(2026, 6, 30)


def test_the_subscribers_csv_lists_every_period(login, world):
    service = make_service(world.space, world.agent)
    subscribe(service, world.agent, world.commune, units="1.5")
    csv = (
        login(world.elu).get(f"{service.get_absolute_url()}abonnes.csv").content.decode("utf-8-sig")
    )
    lines = csv.splitlines()
    assert lines[0].startswith("Organisation;SIREN;Code INSEE;Depuis le;Jusqu'au;Unités (heures)")
    assert lines[1].startswith("Bonneville;") and ";2026-01-01;;1,50;" in lines[1]


@pytest.mark.parametrize("count", [1, 50])
def test_the_service_page_query_count_does_not_grow_with_the_subscribers(
    login, world, django_assert_max_num_queries, count
):
    service = make_service(world.space, world.agent)
    communes = CommuneFactory.create_batch(count)
    add_space_members(world.space, communes)
    Subscription.objects.bulk_create(
        Subscription(service=service, organisation=c, start_date=START, units=2, paid_by=world.epci)
        for c in communes
    )
    client = login(world.elu)
    with django_assert_max_num_queries(16):
        response = client.get(service.get_absolute_url())
    assert response.context["totals"]["organisations"] == count
    assert response.context["totals"]["units"] == 2 * count


@pytest.mark.parametrize("count", [1, 50])
def test_the_catalogue_query_count_does_not_grow_with_the_services(
    login, world, django_assert_max_num_queries, count
):
    need = make_need(world.space, world.elu, world.commune)
    for i in range(count):
        service = make_service(world.space, world.agent, name=f"Service {i}", needs=[need])
        subscribe(service, world.agent, other_commune(world))
    client = login(world.elu)
    with django_assert_max_num_queries(10):
        response = client.get("/espaces/cc-test/catalogue/")
    assert len(response.context["page"]) == count

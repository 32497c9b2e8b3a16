"""Mutualisation in the browser: two communes express the same need, an agent adds the
service, subscribes them, defines two scales and two scenarios, compares them side by side,
records the élus' choice, produces and sends the statements; the mayor downloads his
commune's statement from a phone. axe-core checks every page visited."""

import datetime

import pytest
from django.test import Client
from playwright.sync_api import expect

from maillage.catalogue.models import Service
from maillage.mutualisation.models import Scenario
from maillage.people.models import Function
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    DESKTOP,
    PHONE,
    assert_accessible,
    browser,
    new_page,
)
from tests.people.factories import MandateFactory, person_with_account

from .factories import adopted_vote, member_communes, subscribe

pytestmark = pytest.mark.browser


def signed_in(new_page, live_server, person, viewport=PHONE):  # noqa: F811
    client = Client()
    client.force_login(person.user)
    options = {"is_mobile": True, "has_touch": True} if viewport == PHONE else {}
    page = new_page(viewport=viewport, accept_downloads=True, **options)
    # Eight engineers share two cores: a page may take more than the default 10 s to load.
    page.set_default_navigation_timeout(60_000)
    page.set_default_timeout(60_000)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_from_a_shared_need_to_the_mayors_statement(new_page, live_server, world):  # noqa: F811
    space = f"{live_server.url}/espaces/cc-test"
    marignier = next(o for o in member_communes(world) if o.name == "Marignier")
    other_mayor = person_with_account(first_name="Marc", last_name="Rignier")
    MandateFactory(person=other_mayor, organisation=marignier, function=Function.MAIRE)

    # Two communes express the same need.
    mayor = signed_in(new_page, live_server, world.elu)
    mayor.goto(f"{space}/besoins/nouveau/")
    assert_accessible(mayor)
    mayor.get_by_label("Thème").select_option("Numérique et informatique")
    mayor.get_by_label("Intitulé").fill("Un délégué à la protection des données")
    mayor.get_by_label("Description").fill("Nous n'avons personne pour le RGPD.")
    mayor.get_by_role("button", name="Enregistrer le besoin").click()
    expect(mayor.get_by_role("heading", level=1)).to_have_text(
        "Un délégué à la protection des données"
    )
    # The needs pages are checked by their own browser tests.
    need_url = mayor.url
    other = signed_in(new_page, live_server, other_mayor)
    other.goto(need_url)
    other.get_by_role("button", name="Nous aussi").click()

    # The agent adds the service; both communes subscribe.
    agent = signed_in(new_page, live_server, world.agent, viewport=DESKTOP)
    agent.goto(f"{space}/catalogue/nouveau/")
    assert_accessible(agent)
    agent.get_by_label("Nom du service").fill("Délégué à la protection des données")
    agent.get_by_label("Catégorie").select_option(index=1)
    agent.get_by_label("Proposé à partir du").fill("2024-01-01")
    agent.get_by_role("button", name="Ajouter le service").click()
    service = Service.objects.get()
    for organisation in member_communes(world):
        subscribe(service, organisation, units=1)
    world.commune.population_totale = 3000
    world.commune.save()

    # Two scales, two scenarios.
    for name, part in (
        ("Parts égales", "Part égale entre les membres (%)"),
        ("Par habitant", "Part selon la population totale (%)"),
    ):
        agent.goto(f"{space}/mutualisation/baremes/nouveau/")
        assert_accessible(agent)
        agent.get_by_label("Nom du barème").fill(name)
        agent.get_by_label(part).fill("100")
        agent.get_by_role("button", name="Enregistrer le barème").click()
        expect(agent.get_by_role("heading", level=1)).to_have_text(f"Barème « {name} »")
        assert_accessible(agent)
    for name, scale in (("Égal", "Parts égales"), ("Habitants", "Par habitant")):
        agent.goto(f"{space}/mutualisation/scenarios/nouveau/")
        assert_accessible(agent)
        agent.get_by_label("Nom du scénario").fill(name)
        agent.get_by_label("Service partagé").select_option(label=service.name)
        agent.get_by_label("Barème appliqué").select_option(label=scale)
        agent.get_by_role("spinbutton", name="Année").fill("2026")
        agent.get_by_label("Coût total à répartir (€)").fill("1000")
        agent.get_by_role("button", name="Enregistrer et calculer").click()
        expect(agent.get_by_text("Le scénario est enregistré et calculé.")).to_be_visible()
        assert_accessible(agent)

    # Side by side, then the choice of the élus.
    agent.get_by_role("link", name="Comparer avec les autres scénarios").click()
    expect(agent.get_by_role("heading", level=1)).to_contain_text("les scénarios côte à côte")
    expect(agent.get_by_text("+250,00", exact=False).first).to_be_visible()
    assert_accessible(agent)
    vote = adopted_vote(world)
    chosen = Scenario.objects.get(name="Habitants")
    agent.goto(f"{space}/mutualisation/scenarios/{chosen.pk}/retenir/")
    assert_accessible(agent)
    agent.get_by_label("Ou vote adopté d'une séance").select_option(str(vote.pk))
    agent.get_by_role("button", name="Retenir ce scénario").click()
    agent.get_by_role("button", name="Produire les appels de contribution").click()
    agent.get_by_role("button", name="Envoyer les 2 appels en préparation").click()
    expect(agent.get_by_text("2 appels de contribution sont envoyés.")).to_be_visible()
    assert_accessible(agent)

    # The mayor downloads his commune's statement from his phone.
    mayor.goto(f"{space}/mutualisation/appels/")
    assert_accessible(mayor)
    mayor.get_by_role("link", name="2026-0001").click()
    expect(mayor.get_by_text("750,00").first).to_be_visible()
    assert_accessible(mayor)
    with mayor.expect_download() as download:
        mayor.get_by_role("link", name="Télécharger l'appel en PDF").click()
    assert download.value.suggested_filename == "appel-2026-0001.pdf"
    assert datetime.date.today()

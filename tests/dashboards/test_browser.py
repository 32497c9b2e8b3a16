"""The issue's journey in the browser: an agent creates a project concerning two communes
through the projects pages, posts a status update; the mayor of one commune, on a phone, finds
it with its météo on « Ma commune dans l'interco » and on the other commune's page; the
territory's dashboard counts it. axe-core checks every page; nothing scrolls sideways."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from maillage.projects.models import Project
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    DESKTOP,
    PHONE,
    assert_accessible,
    browser,
    new_page,
)

pytestmark = pytest.mark.browser


def signed_in(new_page, live_server, person, viewport=PHONE):  # noqa: F811
    client = Client()
    client.force_login(person.user)
    options = {"is_mobile": True, "has_touch": True} if viewport == PHONE else {}
    page = new_page(viewport=viewport, **options)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{page.url} défile de côté ({width} px)"


def test_a_project_of_two_communes_shows_on_each_communes_dashboard(
    new_page,  # noqa: F811
    live_server,
    world,
):
    base = f"{live_server.url}/espaces/cc-test/"
    agent = signed_in(new_page, live_server, world.agent, viewport=DESKTOP)
    agent.goto(f"{base}projets/nouveau/")
    assert_accessible(agent)
    agent.get_by_label("Intitulé (obligatoire)").fill("Fibre optique pour les deux bourgs")
    communes = agent.get_by_role("group", name="Communes concernées")
    communes.get_by_label("Bonneville", exact=True).check()
    communes.get_by_label("Marignier", exact=True).check()
    agent.get_by_role("button", name="Créer le projet").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Fibre optique pour les deux bourgs")
    assert_accessible(agent)
    project = Project.objects.get()
    assert set(project.communes.values_list("name", flat=True)) == {"Bonneville", "Marignier"}

    agent.get_by_text("Publier un point d'étape", exact=True).click()
    agent.get_by_label("En retard").check()
    agent.get_by_label("Où en est le projet ? (obligatoire)").fill(
        "Le génie civil attend **l'accord** du département."
    )
    agent.get_by_role("button", name="Publier le point d'étape").click()
    expect(agent.get_by_text("l'accord").first).to_be_visible()
    assert_accessible(agent)

    mayor = signed_in(new_page, live_server, world.elu)
    mayor.goto(base)
    mayor.get_by_role("link", name="Ma commune dans l'interco").click()
    expect(mayor.get_by_role("heading", level=1)).to_have_text(
        "Ma commune dans l'interco : Bonneville"
    )
    row = mayor.get_by_role("row", name="Fibre optique pour les deux bourgs")
    expect(row).to_contain_text("En retard")
    assert_accessible(mayor)
    no_sideways_scroll(mayor)

    mayor.get_by_role("link", name="Organisations membres").click()
    assert_accessible(mayor)
    mayor.get_by_role("link", name="Marignier").click()
    expect(mayor.get_by_role("heading", level=1)).to_have_text("Marignier")
    expect(mayor.get_by_role("row", name="Fibre optique pour les deux bourgs")).to_contain_text(
        "En retard"
    )
    assert_accessible(mayor)
    no_sideways_scroll(mayor)

    mayor.get_by_role("link", name="Tableau de bord du territoire").click()
    expect(mayor.get_by_role("heading", level=1)).to_have_text("Tableau de bord du territoire")
    expect(mayor.get_by_text("En retard : 1 (100 %)", exact=True)).to_be_attached()
    assert_accessible(mayor)
    no_sideways_scroll(mayor)

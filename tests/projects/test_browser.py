"""Projects in the browser: an agent creates a project with two communes, adds a milestone,
the mayor of a commune involved posts a status update from a phone, and the Gantt shows the
project (scrolling inside its own region on a phone). axe-core checks every page visited."""

import datetime

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


def test_a_project_with_two_communes_from_creation_to_the_gantt(new_page, live_server, world):  # noqa: F811
    year = datetime.date.today().year
    base = f"{live_server.url}/espaces/cc-test/projets/"

    agent = signed_in(new_page, live_server, world.agent, viewport=DESKTOP)
    agent.goto(base)
    assert_accessible(agent)
    agent.get_by_role("link", name="Créer un projet").click()
    assert_accessible(agent)
    agent.get_by_label("Intitulé").fill("Voie verte des deux rives")
    agent.get_by_label("Description").fill("Relier **Bonneville** et Marignier à vélo.")
    agent.get_by_label("État").select_option(label="En cours")
    agent.get_by_label("Début").fill(f"{year}-01-01")
    agent.get_by_label("Fin prévue").fill(f"{year + 1}-12-31")
    agent.get_by_label("Bonneville", exact=True).check()
    agent.get_by_label("Marignier", exact=True).check()
    agent.get_by_label("Élise Maire (Bonneville)").check()
    agent.get_by_role("button", name="Créer le projet").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Voie verte des deux rives")
    assert_accessible(agent)
    project = Project.objects.get()
    assert project.communes.count() == 2

    agent.get_by_role("link", name="Jalons et tâches").click()
    assert_accessible(agent)
    agent.get_by_label("Intitulé du jalon").fill("Études terminées")
    agent.get_by_label("Échéance (obligatoire)", exact=True).fill(f"{year}-06-30")
    agent.get_by_role("button", name="Ajouter le jalon").click()
    expect(agent.get_by_text("Le jalon est ajouté.")).to_be_visible()
    assert_accessible(agent)

    mayor = signed_in(new_page, live_server, world.elu)
    mayor.goto(f"{base}{project.pk}/")
    assert_accessible(mayor)
    mayor.get_by_text("Publier un point d'étape").click()
    mayor.get_by_label("À surveiller").check()
    mayor.get_by_label("Où en est le projet ?").fill("Le tracé est validé, les devis arrivent.")
    mayor.get_by_role("button", name="Publier le point d'étape").click()
    expect(mayor.get_by_text("Le point d'étape est publié")).to_be_visible()
    assert_accessible(mayor)

    mayor.goto(f"{base}calendrier/?annee={year}")
    assert_accessible(mayor)
    expect(
        mayor.locator(".gantt-table").get_by_role("link", name="Voie verte des deux rives")
    ).to_be_visible()
    expect(mayor.get_by_text("Études terminées")).to_be_visible()
    # On a phone the chart scrolls inside its region, never the whole page.
    assert mayor.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    mayor.goto(f"{base}calendrier/?echelle=trimestre&annee={year}&trimestre=2")
    assert_accessible(mayor)

"""The steering in the browser: an agent writes an axis, an objective and an action carried
by a project, proposes the roadmap, records its adoption by a deliberation, changes an item
and reads the differences; the public reads the projet de territoire and the adopted
roadmap from a phone. axe-core checks every page visited."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from maillage.projects.models import ProjectStatus
from maillage.roadmap.models import RoadmapVersion, VersionStatus
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    DESKTOP,
    PHONE,
    assert_accessible,
    browser,
    new_page,
)

from .factories import deliberation, item, project

pytestmark = pytest.mark.browser

# The journey has many pages; on a loaded machine the first one may take a while.
SLOW_MS = 60_000


def signed_in(new_page, live_server, person, viewport=DESKTOP):  # noqa: F811
    client = Client()
    client.force_login(person.user)
    page = new_page(viewport=viewport)
    page.set_default_timeout(SLOW_MS)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_write_the_territory_project_adopt_the_roadmap_and_read_the_changes(
    new_page,  # noqa: F811
    live_server,
    world,
):
    project(world.space, "Fibre pour tous", status=ProjectStatus.IN_PROGRESS)
    made = item(world.space, None, title="Portail citoyen")
    act = deliberation(world.space, title="Adoption de la feuille de route")
    territory = f"{live_server.url}/espaces/cc-test/projet-de-territoire/"
    roadmap = f"{live_server.url}/espaces/cc-test/feuille-de-route/"

    page = signed_in(new_page, live_server, world.agent)
    page.goto(territory)
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter un axe").click()
    assert_accessible(page)
    page.get_by_label("Intitulé de l'axe").fill("Un territoire connecté")
    page.get_by_role("button", name="Ajouter l'axe").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Axe 1. Un territoire connecté")
    page.get_by_role("link", name="Ajouter un objectif à « Un territoire connecté »").click()
    page.get_by_role("button", name="Ajouter l'objectif").click()  # the title is missing
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Intitulé de l'objectif").fill("Couvrir chaque commune")
    page.get_by_role("button", name="Ajouter l'objectif").click()
    page.get_by_role("link", name="Ajouter une action à « Couvrir chaque commune »").click()
    page.get_by_label("Intitulé de l'action").fill("Raccorder les mairies")
    page.get_by_label("Fibre pour tous").check()
    assert_accessible(page)
    page.get_by_role("button", name="Ajouter l'action").click()
    expect(page.get_by_text("Avancement de l'action : 50 %")).to_be_visible()
    expect(page.get_by_text("Avancement de l'ensemble du projet : 50 %")).to_be_visible()
    assert_accessible(page)

    page.goto(roadmap)
    assert_accessible(page)
    page.get_by_role("link", name="Proposer une version aux élus").click()
    assert_accessible(page)
    page.get_by_label("Note de présentation").fill("Première feuille de route du mandat.")
    page.get_by_role("button", name="Proposer la version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feuille de route, version 1")
    assert_accessible(page)
    page.get_by_role("link", name="Enregistrer l'adoption").click()
    assert_accessible(page)
    page.get_by_label("Délibération qui adopte la feuille de route").select_option(str(act.pk))
    page.get_by_role("button", name="Enregistrer l'adoption").click()
    expect(page.get_by_text("La version 1 est adoptée")).to_be_visible()
    assert RoadmapVersion.objects.get().status == VersionStatus.ADOPTED
    assert_accessible(page)

    page.goto(roadmap)
    page.get_by_role("link", name=f"Modifier « {made.title} »").click()
    assert_accessible(page)
    page.get_by_label("Année de fin").fill("2029")
    page.get_by_label("Moyens financiers (€)").fill("25000")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="1 élément différent").click()
    table = page.get_by_role("table", name="Portail citoyen : 2 champs modifiés")
    expect(table.get_by_role("row", name="Année de fin 2027 2029")).to_be_visible()
    expect(table.get_by_role("row", name="Moyens financiers (€)")).to_contain_text("25")
    assert_accessible(page)

    public = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    public.set_default_timeout(SLOW_MS)
    public.goto(territory)
    expect(public.get_by_text("Fibre pour tous")).to_be_visible()
    assert public.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(public)
    public.get_by_role("link", name="Feuille de route adoptée").click()
    expect(public.get_by_text("Version 1, adoptée le")).to_be_visible()
    expect(public.get_by_role("table")).to_contain_text("2026–2027")  # the adopted values
    assert_accessible(public)

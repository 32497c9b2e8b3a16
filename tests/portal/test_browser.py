"""The portal in the browser: a citizen on a phone types their postcode, learns which
intercommunality they are in, opens its portal (map and table), reads a published deliberation
and finds the feeds. axe-core checks every public page visited."""

import pytest
from playwright.sync_api import expect

from maillage.portal import services
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    PHONE,
    assert_accessible,
    browser,
    new_page,
)
from tests.territories.factories import add_postcode

from .factories import deliberation, geojson_upload, sitting

pytestmark = pytest.mark.browser


def test_a_citizen_finds_their_territory_and_reads_a_deliberation(new_page, live_server, world):  # noqa: F811
    add_postcode(world.commune, "74130")
    services.upload_commune_map(actor=world.admin.user, space=world.space, upload=geojson_upload())
    deliberation(world.space, title="Création d'une voie verte entre les deux communes")
    sitting(world.space, place="Salle du conseil de Bonneville")

    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/mon-territoire/")
    assert_accessible(page)
    page.get_by_label("Votre commune ou votre code postal").fill("74130")
    page.get_by_role("button", name="Chercher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonneville")
    expect(page.get_by_text("fait partie de")).to_contain_text("CC du Test")
    assert_accessible(page)

    page.get_by_role("link", name="Voir le portail de CC du Test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CC du Test")
    expect(page.locator(".portal-map svg a")).to_have_count(2)
    expect(page.get_by_role("table")).to_contain_text("Marignier")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    page.get_by_role("link", name="Délibération n°").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("voie verte")
    assert_accessible(page)

    page.go_back()
    page.locator(".portal-map svg a[aria-label='Marignier']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marignier")
    assert_accessible(page)

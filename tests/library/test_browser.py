"""The library in the browser: a member opens the list on a phone, searches without accents
or plurals and finds the passage; a visitor without an account sees only public documents.
axe-core checks each page."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from maillage.library.models import Visibility
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    DESKTOP,
    PHONE,
    assert_accessible,
    browser,
    new_page,
)

from .factories import make_document, pdf_bytes, upload

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


def test_a_member_searches_the_library_from_a_phone(new_page, live_server, world):  # noqa: F811
    make_document(
        world.space,
        world.agent,
        title="Compte rendu du bureau de mars",
        file=upload("bureau.pdf", pdf_bytes("Les deliberations du bureau sur la voirie")),
        tags=("voirie",),
    )
    make_document(
        world.space,
        world.agent,
        title="Guide des marchés publics",
        visibility=Visibility.PUBLIC,
        file=upload("guide.pdf", pdf_bytes("Un guide pour les communes")),
    )
    library = f"{live_server.url}/espaces/cc-test/bibliotheque/"

    elu = signed_in(new_page, live_server, world.elu)
    elu.goto(library)
    expect(elu.get_by_role("heading", level=1)).to_be_visible()
    expect(elu.get_by_text("Compte rendu du bureau de mars").first).to_be_visible()
    assert_accessible(elu)
    elu.get_by_label("Rechercher dans la bibliothèque").fill("délibération")
    elu.get_by_role("button", name="Rechercher").click()
    expect(elu.get_by_text("1 résultat pour « délibération »")).to_be_visible()
    expect(elu.locator(".library-passage mark").first).to_contain_text("deliberations")
    assert elu.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(elu)

    visitor = new_page(viewport=DESKTOP)
    visitor.goto(f"{library}recherche/?q=bureau")
    expect(visitor.get_by_text("Aucun résultat")).to_be_visible()
    visitor.goto(library)
    expect(visitor.get_by_text("Guide des marchés publics").first).to_be_visible()
    expect(visitor.get_by_text("Compte rendu du bureau de mars")).to_have_count(0)
    assert_accessible(visitor)

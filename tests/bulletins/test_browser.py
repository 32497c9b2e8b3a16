"""The bulletin in the browser: an agent opens an issue, writes it (without JavaScript),
previews it, sends it to the mayors; a visitor finds it on the space's public portal and reads
it from a phone.
axe-core checks every page visited."""

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    DESKTOP,
    PHONE,
    assert_accessible,
    browser,
    new_page,
)

pytestmark = pytest.mark.browser
SLOW_MACHINE_MS = 60_000  # eight test suites share two cores while this is written


def signed_in(new_page, live_server, person, javascript=True):  # noqa: F811
    client = Client()
    client.force_login(person.user)
    page = new_page(viewport=DESKTOP, java_script_enabled=javascript)
    page.set_default_timeout(SLOW_MACHINE_MS)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_compose_send_and_read_an_issue(new_page, live_server, world):  # noqa: F811
    base = f"{live_server.url}/espaces/cc-test/bulletin/"
    agent = signed_in(new_page, live_server, world.agent, javascript=False)
    agent.goto(base)
    assert_accessible(agent)
    agent.get_by_role("button", name="Préparer un nouveau numéro").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Préparer le numéro 1")
    assert_accessible(agent)
    agent.get_by_role("textbox", name="Titre (obligatoire)").fill("Les nouvelles de juin")
    agent.get_by_label("Intertitre", exact=True).fill("Voirie")
    agent.get_by_label("Texte", exact=True).fill("La rue **haute** rouvre lundi.")
    agent.get_by_role("button", name="Enregistrer et voir l'aperçu").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Aperçu du courriel du numéro 1")
    assert_accessible(agent)
    agent.get_by_role("link", name="Envoyer", exact=True).click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Envoyer le numéro 1")
    assert_accessible(agent)
    agent.get_by_label("Les maires des communes membres (1 adresse)").check()
    agent.get_by_role("button", name="Envoyer", exact=True).click()
    expect(agent.get_by_text("1 courriel en cours d'envoi.")).to_be_visible()
    assert_accessible(agent)
    assert [message.to for message in mail.outbox] == [[world.elu.email.lower()]]

    visitor = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    visitor.set_default_timeout(SLOW_MACHINE_MS)
    visitor.goto(f"{live_server.url}/p/cc-test/")  # the space's public portal
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Bulletin n° 1 : Les nouvelles de juin").click()
    expect(visitor.get_by_role("heading", level=2, name="Voirie")).to_be_visible()
    expect(visitor.locator(".bulletin-text strong")).to_have_text("haute")
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Recevoir les prochains numéros par courriel").click()
    assert_accessible(visitor)
    visitor.get_by_label("Votre adresse électronique").fill("habitant@example.org")
    visitor.get_by_role("button", name="S'abonner").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Consultez vos courriels")
    assert_accessible(visitor)

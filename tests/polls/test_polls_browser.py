"""Polls in the browser: an élu opens a date poll for the council from a phone (without
JavaScript: the kind step, then the form), a member answers, the agent closes it, writes the
outcome and creates the sitting. axe-core checks every page visited."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from maillage.meetings.models import Sitting
from maillage.polls.models import Poll
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    DESKTOP,
    PHONE,
    assert_accessible,
    browser,
    new_page,
)
from tests.meetings.factories import council
from tests.people.factories import person_with_account

pytestmark = pytest.mark.browser


def signed_in(new_page, live_server, person, viewport=PHONE, javascript=True):  # noqa: F811
    client = Client()
    client.force_login(person.user)
    options = {"is_mobile": True, "has_touch": True} if viewport == PHONE else {}
    page = new_page(viewport=viewport, java_script_enabled=javascript, **options)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_a_date_poll_from_a_phone_to_a_sitting(new_page, live_server, world):  # noqa: F811
    bruno = person_with_account(first_name="Bruno", last_name="Berger")
    council(world.space, people=[world.elu, bruno], chair=world.elu)
    day = timezone.localdate() + datetime.timedelta(days=30)
    base = f"{live_server.url}/espaces/cc-test/sondages/"

    page = signed_in(new_page, live_server, world.elu, javascript=False)
    page.goto(base)
    assert_accessible(page)
    page.get_by_role("link", name="Lancer un sondage").click()
    assert_accessible(page)
    page.get_by_label("Choix d'une date de réunion").check()
    page.get_by_role("button", name="Continuer").click()
    assert_accessible(page)
    page.get_by_label("Question posée").fill("Date du prochain conseil")
    page.get_by_label("Dates proposées").fill(f"{day:%d/%m/%Y} 18:00\n{day:%d/%m/%Y} 9h30")
    page.get_by_label("Clôture du sondage").fill(
        f"{day - datetime.timedelta(days=7):%Y-%m-%d}T12:00"
    )
    page.get_by_label("Les membres en fonctions d'une instance").check()
    page.get_by_label("Instance", exact=True).select_option(label="Conseil")
    page.get_by_role("button", name="Ouvrir le sondage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Date du prochain conseil")
    assert_accessible(page)
    poll = Poll.objects.get()
    first, second = poll.options.order_by("position")
    page.get_by_role("group", name=first.label).get_by_label("Non").check()
    page.get_by_role("group", name=second.label).get_by_label("Oui").check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_text("Votre réponse est enregistrée.")).to_be_visible()
    assert_accessible(page)

    agent = signed_in(new_page, live_server, world.agent, viewport=DESKTOP)
    agent.goto(f"{base}{poll.pk}/")
    assert_accessible(agent)
    agent.get_by_role("button", name="Clore le sondage maintenant").click()
    expect(agent.get_by_text(f"Date retenue : {second.label}.", exact=True)).to_be_visible()
    assert_accessible(agent)
    agent.get_by_role("link", name="Rédiger la conclusion et la date retenue").click()
    assert_accessible(agent)
    agent.get_by_label("Conclusion").fill("Le conseil se réunira **le matin**.")
    agent.get_by_role("button", name="Publier la conclusion").click()
    expect(agent.locator(".poll-outcome strong").first).to_be_visible()
    agent.get_by_label("Lieu de la séance").fill("Salle du conseil")
    agent.get_by_role("button", name="Créer la séance").click()
    sitting = Sitting.objects.get()
    assert sitting.starts_at == second.starts_at
    agent.goto(f"{base}{poll.pk}/")
    expect(agent.get_by_text("Séance créée")).to_be_visible()
    assert_accessible(agent)

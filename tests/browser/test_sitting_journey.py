"""A council sitting from end to end, as its users click through it: the agent prepares and
convenes it, the members answer, the agent holds it, the members vote from their phones, the
agent closes it and publishes the deliberation, and a visitor reads it and downloads the SCDL
export. axe-core checks every page visited.

Why the sitting is dated the day after tomorrow, and the clock moves: the convocation of an
intercommunality leaves 5 clear days, reduced by an urgency to one clear day (L2121-12), so a
sitting can be convened in urgency at the latest two days before it (the day before is too late,
as the sitting page says). A sitting opens only on the day it is convened for. So the agent
creates, through the UI, a sitting for the day after tomorrow at 18 h: the ordinary deadline is
past, the page offers the urgency with its reason, and today is the last day to send it. Once the
members have answered, the test moves the application's clock (`django.utils.timezone.now`,
shared by the live server's thread) to that day at 18 h 05, and the sitting is held.

Only the starting data come from factories: the space of tests/conftest.py `world` (its EPCI,
its communes, an agent) and five élus with accounts seated in the council.
"""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible
from tests.meetings.factories import council
from tests.people.factories import person_with_account

pytestmark = pytest.mark.browser

URGENCY = "Le marché de collecte des déchets expire avant la prochaine séance ordinaire."
ITEM_1 = "Attribution du marché de collecte des déchets"
ITEM_2 = "Point sur les travaux de la piscine intercommunale"


class Clock:
    """The application's clock: the real time, moved forward when the test travels."""

    def __init__(self, monkeypatch):
        self.offset = datetime.timedelta(0)
        real_now = timezone.now
        self._real_now = real_now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)

    def travel_to(self, moment):
        self.offset = moment - self._real_now()


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def members(world):
    """Five élus seated in the council of the space, Élise Maire (the world's élu) presiding."""
    people = [
        world.elu,
        person_with_account(first_name="Bruno", last_name="Berger"),
        person_with_account(first_name="Claire", last_name="Collin"),
        person_with_account(first_name="Denis", last_name="Dumas"),
        person_with_account(first_name="Émile", last_name="Esnault"),
    ]
    council(world.space, people=people, chair=world.elu)
    return people


def signed_in(new_page, live_server, person, viewport=DESKTOP, javascript=True):
    """A page of a fresh browser context, signed in as `person` (a session made by Django's
    test client, its cookie handed to the browser)."""
    client = Client()
    client.force_login(person.user)
    options = {"is_mobile": True, "has_touch": True} if viewport == PHONE else {}
    options["java_script_enabled"] = javascript
    page = new_page(viewport=viewport, **options)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def visit(page, url):
    response = page.goto(url)
    assert response.ok, f"{url} : {response.status}"
    assert_accessible(page)


def heading(page):
    return page.get_by_role("heading", level=1)


def link_of(person) -> str:
    """The personal dossier link in the convocation email sent to `person`."""
    sent = [m for m in mail.outbox if person.email in m.to]
    assert len(sent) == 1, f"{len(sent)} courriel(s) à {person.email}"
    return re.search(r"https?://\S+(/convocations/[^/\s]+/)", sent[0].body).group(1)


def test_prepare_convene_answer_hold_vote_publish(
    new_page, live_server, world, members, clock, settings
):
    settings.SITE_URL = live_server.url
    elise, bruno, claire, denis, _emile = members
    day = timezone.localdate() + datetime.timedelta(days=2)
    space_url = f"{live_server.url}/espaces/cc-test/"

    # --- 1. The agent prepares the sitting and convenes it, in urgency ---------------------------
    agent = signed_in(new_page, live_server, world.agent)
    visit(agent, space_url)
    agent.get_by_role("link", name="Instances et séances").click()
    assert_accessible(agent)
    agent.get_by_role("link", name="Conseil", exact=True).click()
    expect(heading(agent)).to_contain_text("Conseil")
    assert_accessible(agent)
    agent.get_by_role("link", name="Préparer une séance").click()
    assert_accessible(agent)
    agent.get_by_label("Date").fill(day.isoformat())
    agent.get_by_label("Heure").fill("18:00")
    agent.get_by_label("Lieu (obligatoire)").fill("Salle du conseil, 1 place de la Mairie")
    agent.get_by_role("button", name="Enregistrer").click()
    expect(agent.get_by_text("La séance est créée, en préparation.")).to_be_visible()
    expect(agent.get_by_text("Délai dépassé")).to_be_visible()
    assert_accessible(agent)
    sitting_url = agent.url

    for title, kind in ((ITEM_1, "Délibération"), (ITEM_2, "Information")):
        agent.get_by_role("link", name="Ajouter un point").click()
        assert_accessible(agent)
        agent.get_by_label("Objet (obligatoire)").fill(title)
        agent.get_by_label("Nature").select_option(label=kind)
        if kind == "Délibération":
            agent.get_by_label("Rapporteur").select_option(label="Élise Maire")
            agent.get_by_label("Projet de délibération").fill(
                "Le conseil communautaire attribue le marché de collecte à l'entreprise "
                "Collecte 74."
            )
            agent.get_by_label("Matière").select_option(label="Commande publique")
        agent.get_by_role("button", name="Enregistrer").click()
        expect(agent.get_by_text("Le point est ajouté à l'ordre du jour.")).to_be_visible()
        assert_accessible(agent)
    agenda = agent.locator("#ordre-du-jour + ol")
    expect(agenda.get_by_role("heading", level=3)).to_have_text([f"1. {ITEM_1}", f"2. {ITEM_2}"])

    panel = agent.locator(".convocations-panel")
    expect(panel.get_by_text("Le délai ordinaire est dépassé")).to_be_visible()
    expect(panel.get_by_role("button", name="Envoyer les convocations", exact=True)).to_have_count(
        0
    )
    panel.get_by_label("Motif de l'urgence").fill(URGENCY)
    panel.get_by_role("button", name="Envoyer les convocations en urgence").click()
    expect(agent.get_by_text("La séance est convoquée.")).to_be_visible()
    expect(agent.locator(".convocations-panel").get_by_text(URGENCY)).to_be_visible()
    assert_accessible(agent)

    # --- 2. The members answer -------------------------------------------------------------------
    # Élise opens the link of her email, without signing in, and will be present.
    elise_phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    visit(elise_phone, live_server.url + link_of(elise))
    expect(heading(elise_phone)).to_have_text("Convocation — Conseil")
    expect(elise_phone.get_by_text(URGENCY)).to_be_visible()
    elise_phone.get_by_role("button", name="Accuser réception").click()
    expect(elise_phone.get_by_text("votre accusé de réception est enregistré")).to_be_visible()
    assert_accessible(elise_phone)
    elise_phone.get_by_label("Je serai présent").check()
    elise_phone.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(elise_phone.get_by_text("Votre réponse actuelle : Je serai présent")).to_be_visible()
    assert_accessible(elise_phone)

    # Bruno, signed in, answers from the sitting page: a proxy to Claire.
    bruno_page = signed_in(new_page, live_server, bruno)
    visit(bruno_page, sitting_url)
    bruno_page.get_by_role("link", name=re.compile("Répondre à la convocation")).click()
    assert_accessible(bruno_page)
    bruno_page.get_by_role("radio", name=re.compile("^Je donne pouvoir")).check()
    bruno_page.get_by_label("Je donne pouvoir à").select_option(label="Claire Collin")
    bruno_page.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(
        bruno_page.get_by_text("Votre réponse actuelle : Je donne pouvoir à Claire Collin")
    ).to_be_visible()
    assert_accessible(bruno_page)

    # Claire will be present too; Denis and Émile do not answer.
    claire_page = signed_in(new_page, live_server, claire)
    visit(claire_page, f"{sitting_url}reponse/")
    claire_page.get_by_label("Je serai présent").check()
    claire_page.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(claire_page.get_by_text("Votre réponse actuelle : Je serai présent")).to_be_visible()
    assert_accessible(claire_page)

    visit(agent, sitting_url)
    replies = agent.locator(".convocations-panel dt", has_text="Réponses").locator("+ dd")
    expect(replies).to_have_text(re.compile(r"^2 présents, 0 absents?, 1 pouvoir$"))

    # --- 3. The day of the sitting: the agent holds it -------------------------------------------
    clock.travel_to(timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 5))))
    visit(agent, sitting_url)
    agent.get_by_role("link", name="Tenir la séance").click()
    expect(agent.get_by_role("heading", name="Urgence à signaler à l'ouverture")).to_be_visible()
    expect(agent.get_by_text(URGENCY)).to_be_visible()
    assert_accessible(agent)
    agent.get_by_role("button", name="Ouvrir la séance").click()
    expect(agent.get_by_text("La séance est ouverte.")).to_be_visible()
    assert_accessible(agent)

    grid = agent.locator(".session-grid")

    def status_of(name):
        name_tag = agent.locator(".session-member-name", has_text=re.compile(f"^{name}$"))
        return grid.locator("li", has=name_tag).locator(".session-member-status")

    expect(status_of("Élise Maire")).to_have_text("Présent")
    expect(status_of("Claire Collin")).to_have_text("Présent")
    expect(status_of("Bruno Berger")).to_have_text("Représenté : pouvoir à Claire Collin")
    expect(status_of("Denis Dumas")).to_have_text("Absent")
    expect(status_of("Émile Esnault")).to_have_text("Absent")
    live = agent.locator("#session-live")
    expect(live).to_contain_text("non atteint : il manque 1 présent")

    # Denis arrives: the secretary records him present.
    grid.get_by_role("button", name="Présent : Denis Dumas").click()
    expect(status_of("Denis Dumas")).to_have_text("Présent")
    expect(live.locator("dd", has_text="3 présents requis")).to_contain_text("atteint")
    expect(live).not_to_contain_text("non atteint")
    assert_accessible(agent)

    agent.get_by_role("link", name="Mettre aux voix le point 1").click()
    assert_accessible(agent)
    agent.get_by_label("Les membres votent depuis leur téléphone").check()
    agent.get_by_role("button", name="Ouvrir le vote").click()
    expect(agent.get_by_text("Le vote sur le point 1 est ouvert.")).to_be_visible()
    expect(agent.locator("#vote-live")).to_contain_text("0 sur 4")
    assert_accessible(agent)
    vote_url = agent.url

    # --- 4. The members vote from their phones ---------------------------------------------------
    def vote_on_phone(person, *choices, javascript=True):
        phone = signed_in(new_page, live_server, person, viewport=PHONE, javascript=javascript)
        visit(phone, sitting_url)
        phone.get_by_role("link", name="Voter").click()
        expect(phone.get_by_role("heading", level=2)).to_have_text(f"1. {ITEM_1}")
        assert_accessible(phone)
        for block, choice in choices:
            section = phone.get_by_role("region", name=block)
            section.get_by_role("button", name=choice, exact=True).click()
            expect(phone.get_by_text("Votre vote est enregistré")).to_be_visible()
            expect(phone.get_by_role("region", name=block)).to_contain_text(
                f"Vote enregistré : {choice}"
            )
        assert_accessible(phone)
        return phone

    vote_on_phone(elise, ("Votre vote", "Pour"))
    vote_on_phone(claire, ("Votre vote", "Pour"), ("Pour le pouvoir de Bruno Berger", "Contre"))
    # Denis's phone runs no JavaScript: the plain forms work. A vote may be changed until
    # the close.
    denis_phone = vote_on_phone(denis, ("Votre vote", "Pour"), javascript=False)
    denis_phone.get_by_role("region", name="Votre vote").get_by_role(
        "button", name="Abstention"
    ).click()
    expect(denis_phone.get_by_text("Vote enregistré : Abstention")).to_be_visible()
    assert_accessible(denis_phone)

    visit(agent, vote_url)
    expect(agent.locator("#vote-live")).to_contain_text("4 sur 4")
    agent.get_by_role("button", name="Clore le vote et proclamer le résultat").click()
    expect(agent.get_by_text("Vote clos : la délibération est adoptée.")).to_be_visible()
    expect(agent.locator("#session-live")).to_contain_text("Adoptée (2 pour, 1 contre)")
    assert_accessible(agent)
    agent.locator("#session-live").get_by_role("link", name="Adoptée").click()
    result = agent.get_by_role("table", name="Résultat du vote")
    for row_name in ("Pour 2", "Contre 1", "Abstentions 1", "Vote du président Pour"):
        expect(result.get_by_role("row", name=row_name, exact=True)).to_be_visible()
    assert_accessible(agent)
    agent.get_by_role("link", name="Retour à la tenue de la séance").click()
    assert_accessible(agent)
    agent.get_by_role("button", name="Clore la séance").click()
    expect(agent.get_by_text("La séance est close.")).to_be_visible()
    assert_accessible(agent)

    # --- 5. The agent publishes; a visitor reads the act and downloads the export ----------------
    number = f"{day.year}-001"
    acts_panel = agent.locator(".acts-panel")
    expect(acts_panel).to_contain_text(f"n° {number} — {ITEM_1} : adoptée (non publiée)")
    acts_panel.get_by_role("button", name="Publier la liste et les 1 délibération").click()
    expect(agent.get_by_text("1 délibération(s) publiée(s)")).to_be_visible()
    assert_accessible(agent)

    visitor = new_page()
    visit(visitor, space_url)
    visitor.get_by_role("link", name="Instances et séances").click()
    assert_accessible(visitor)
    visitor.get_by_role("navigation", name="Instances et séances de l'espace").get_by_role(
        "link", name="Actes"
    ).click()
    expect(heading(visitor)).to_have_text("Actes de CC du Test")
    row = visitor.get_by_role("row", name=re.compile(number))
    expect(row).to_contain_text(ITEM_1)
    expect(row).to_contain_text("Adoptée")
    assert_accessible(visitor)

    row.get_by_role("link", name=number).click()
    expect(visitor.get_by_text("attribue le marché de collecte")).to_be_visible()
    assert_accessible(visitor)
    visitor.go_back()

    with visitor.expect_download() as download_info:
        visitor.get_by_role(
            "link", name=re.compile("Télécharger les délibérations publiées")
        ).click()
    download = download_info.value
    assert download.suggested_filename == "deliberations-cc-test.csv"
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert len(rows) == 1
    exported = rows[0]
    assert exported["COLL_NOM"] == "CC du Test"
    assert exported["DELIB_ID"] == number
    assert exported["DELIB_DATE"] == day.isoformat()
    assert exported["DELIB_MATIERE_CODE"] == "1"
    assert exported["DELIB_OBJET"] == ITEM_1
    assert (exported["VOTE_EFFECTIF"], exported["VOTE_REEL"]) == ("5", "4")
    assert (exported["VOTE_POUR"], exported["VOTE_CONTRE"], exported["VOTE_ABSTENTION"]) == (
        "2",
        "1",
        "1",
    )
    assert exported["DELIB_URL"] == f"{live_server.url}/espaces/cc-test/deliberations/{number}/"

"""The conference of mayors in the browser, as its users click through it: a mayor posts a
need from her phone, another mayor says « moi aussi » and replies from his phone, and the
president turns the thread into an agenda item of the next conférence des maires. axe-core
checks every page visited.

Only the starting data come from factories: the space of tests/conftest.py `world` (Élise
Maire is the mayor of Bonneville), a second mayor, the president of the EPCI, and the
conférence des maires with a sitting in preparation.
"""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from maillage.discussions.models import Thread
from maillage.meetings.models import BodyKind, ItemKind
from maillage.people.models import Function
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible
from tests.discussions.factories import default_themes, mayor
from tests.meetings.factories import BodyFactory, SittingFactory, in_days
from tests.people.factories import MandateFactory, person_with_account

pytestmark = pytest.mark.browser

TITLE = "Partager une saleuse pour les routes communales"
NEED = "Notre commune cherche une saleuse pour l'hiver. **Qui serait intéressé** ?"
REPLY = "Nous aussi ! Nous pourrions l'acheter à deux avec @Élise Maire."


def signed_in(new_page, live_server, person, viewport=DESKTOP):
    """A page of a fresh browser context, signed in as `person`."""
    client = Client()
    client.force_login(person.user)
    options = {"is_mobile": True, "has_touch": True} if viewport == PHONE else {}
    page = new_page(viewport=viewport, **options)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def visit(page, url):
    response = page.goto(url)
    assert response.ok, f"{url} : {response.status}"
    assert_accessible(page)


def test_a_need_is_posted_supported_answered_and_put_on_the_agenda(new_page, live_server, world):
    default_themes()
    bruno = mayor(world.space, first_name="Bruno", last_name="Berger")
    president = person_with_account(first_name="Paul", last_name="Président")
    MandateFactory(person=president, organisation=world.epci, function=Function.PRESIDENT)
    conference = BodyFactory(
        space=world.space, kind=BodyKind.CONFERENCE_MAIRES, name="Conférence des maires"
    )
    sitting = SittingFactory(body=conference, starts_at=in_days(20))

    # --- 1. Élise, mayor of Bonneville, posts a need from her phone ------------------------------
    elise = signed_in(new_page, live_server, world.elu, viewport=PHONE)
    visit(elise, f"{live_server.url}/espaces/cc-test/")
    elise.get_by_role("link", name="Conférence des maires").first.click()
    expect(elise.get_by_role("heading", level=1)).to_have_text("Conférence permanente des maires")
    assert_accessible(elise)
    elise.get_by_role("link", name="Ouvrir un échange").click()
    assert_accessible(elise)
    elise.get_by_label("Thème").select_option(label="Besoins et solutions")
    elise.get_by_label("Titre").fill(TITLE)
    elise.get_by_label("Message").fill(NEED)
    elise.get_by_role("button", name="Publier").click()
    expect(elise.get_by_text("Votre échange est publié.")).to_be_visible()
    expect(elise.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(elise.locator(".discussion-body strong")).to_have_text("Qui serait intéressé")
    assert_accessible(elise)
    thread = Thread.objects.get()
    assert thread.theme.name == "Besoins et solutions"

    # --- 2. Bruno, another mayor, says « moi aussi » and replies from his phone ------------------
    bruno_page = signed_in(new_page, live_server, bruno, viewport=PHONE)
    visit(bruno_page, f"{live_server.url}/espaces/cc-test/conference/")
    bruno_page.get_by_role("link", name=TITLE).click()
    assert_accessible(bruno_page)
    bruno_page.get_by_role("button", name="Moi aussi").click()
    expect(bruno_page.get_by_text(re.compile("1 « moi aussi », dont le vôtre"))).to_be_visible()
    expect(bruno_page.get_by_role("button", name="Moi aussi")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(bruno_page)
    bruno_page.get_by_label("Votre réponse").fill(REPLY)
    bruno_page.get_by_role("button", name="Publier la réponse").click()
    expect(bruno_page.get_by_text("Votre réponse est publiée.")).to_be_visible()
    expect(bruno_page.get_by_role("heading", name="1 réponse")).to_be_visible()
    expect(bruno_page.locator(".discussion-reply")).to_contain_text("Nous pourrions l'acheter")
    assert_accessible(bruno_page)
    thread.refresh_from_db()
    assert (thread.support_count, thread.reply_count) == (1, 1)

    # --- 3. The president turns it into an agenda item of the next conférence --------------------
    paul = signed_in(new_page, live_server, president)
    visit(paul, f"{live_server.url}{thread.get_absolute_url()}")
    paul.get_by_label("Nature du point").select_option(label="Avis de la conférence")
    paul.get_by_role("button", name="Inscrire à l'ordre du jour").click()
    expect(paul.get_by_text(re.compile("L'échange est inscrit à l'ordre du jour"))).to_be_visible()
    expect(
        paul.get_by_text(re.compile("Inscrit à l'ordre du jour de la conférence du"))
    ).to_be_visible()
    assert_accessible(paul)
    item = sitting.items.get()
    assert (item.title, item.kind) == (TITLE, ItemKind.OPINION)
    assert thread.get_absolute_url() in item.summary

    # Élise sees it on her phone, in the list and on the thread.
    visit(elise, f"{live_server.url}/espaces/cc-test/conference/")
    expect(elise.get_by_text("Inscrit à l'ordre du jour")).to_be_visible()


def test_a_mayor_requests_a_meeting_from_her_phone_and_an_admin_sets_the_conference(
    new_page, live_server, world
):
    mayor(world.space, first_name="Bruno", last_name="Berger")
    mayor(world.space, first_name="Claire", last_name="Collin")
    mayor(world.space, first_name="Denis", last_name="Dumas")  # 4 mayors: 2 requests needed

    elise = signed_in(new_page, live_server, world.elu, viewport=PHONE)
    visit(elise, f"{live_server.url}/espaces/cc-test/conference/")
    elise.get_by_role("link", name="Demandes de réunion").click()
    expect(elise.get_by_text("0 sur 2 nécessaires")).to_be_visible()
    assert_accessible(elise)
    elise.get_by_label("Motif de la demande").fill("Le transfert de la compétence eau.")
    elise.get_by_role("button", name="Demander la réunion").click()
    expect(elise.get_by_text("Votre demande de réunion est enregistrée.")).to_be_visible()
    expect(elise.get_by_text("1 sur 2 nécessaires")).to_be_visible()
    expect(elise.get_by_role("cell", name="Le transfert de la compétence eau.")).to_be_visible()
    assert_accessible(elise)

    admin = signed_in(new_page, live_server, world.admin)
    visit(admin, f"{live_server.url}/espaces/cc-test/conference/reglages/")
    admin.get_by_label("Tous les élus de l'espace").check()
    admin.get_by_role("button", name="Enregistrer").click()
    expect(admin.get_by_text("Les réglages sont enregistrés.")).to_be_visible()
    admin.get_by_label("Nouveau thème").fill("Voirie")
    admin.get_by_role("button", name="Ajouter le thème").click()
    expect(admin.get_by_text("Le thème « Voirie » est ajouté.")).to_be_visible()
    assert_accessible(admin)

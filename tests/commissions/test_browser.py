"""Commissions open to municipal councillors (L5211-40-1) in the browser, as their users click
through them: a municipal councillor of Bonneville, from his phone, asks to sit in the
mobility commission for his commune and follows the environment commission without sitting;
the chair of the mobility commission, from her phone, accepts the request; the councillor sees
his new seat and his attendance history. axe-core checks every page visited.

Only the starting data come from factories: the space of tests/conftest.py `world` (Bonneville
and Marignier, its member communes), a councillor of Bonneville, the mobility commission (open
to councillors, one seat per commune) chaired by a councillor of Marignier with a convened
sitting to come, and the environment commission with a sitting held last month.
"""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from maillage.meetings.models import SittingStatus
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    DESKTOP,
    PHONE,
    assert_accessible,
    browser,
    new_page,
)
from tests.commissions.factories import commission, councillor, marignier
from tests.meetings.factories import SeatFactory, SittingFactory, closed_sitting, in_days

pytestmark = pytest.mark.browser

MOBILITY = "Commission mobilités"
ENVIRONMENT = "Commission environnement"
MESSAGE = "Je suis **adjoint aux transports** à Bonneville et disponible le soir."


def signed_in(new_page, live_server, person, troubles, viewport=PHONE):  # noqa: F811
    """A page of a fresh browser context, signed in as `person`."""
    client = Client()
    client.force_login(person.user)
    options = {"is_mobile": True, "has_touch": True} if viewport == PHONE else {}
    page = new_page(viewport=viewport, **options)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return watch(page, troubles)


def checked(page):
    """axe-core finds no violation; on a phone, the page does not scroll sideways (WCAG 1.4.10)."""
    assert_accessible(page)
    if page.viewport_size["width"] <= PHONE["width"]:
        # Measured against the phone's width: on a mobile viewport, Chromium widens the
        # layout viewport (innerWidth) to fit content that overflows.
        overflow = page.evaluate(
            """(width) => [...document.querySelectorAll("body *")]
                .filter((node) => node.getBoundingClientRect().right > width + 1
                    && !node.closest(".table-wrap, [role=region][tabindex]"))
                .map((node) => node.tagName + "." + node.className).slice(0, 5)""",
            PHONE["width"],
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] and not overflow, f"{page.url} déborde : {overflow}"


def watch(page, troubles):
    """Records what goes wrong in `page`: a script error, a console error, a failed load."""
    page.on("pageerror", lambda error: troubles.append(f"{page.url} : erreur de script {error}"))
    page.on(
        "console",
        lambda message: (
            message.type == "error" and troubles.append(f"{page.url} : console {message.text}")
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and troubles.append(f"{response.url} : {response.status}")
        ),
    )
    return page


def visit(page, url):
    response = page.goto(url)
    assert response.ok, f"{url} : {response.status}"
    checked(page)


def card(page, name):
    return page.get_by_role("article", name=name)


def test_a_councillor_asks_to_sit_follows_is_accepted_and_reads_his_attendance(
    new_page,  # noqa: F811
    live_server,
    world,
):
    troubles = []
    lucas = councillor(world.commune, first_name="Lucas", last_name="Conseiller")
    mobility = commission(world.space, name=MOBILITY)
    chair = councillor(marignier(), first_name="Claire", last_name="Présidente")
    SeatFactory(body=mobility, person=chair, organisation=marignier(), is_chair=True)
    coming = SittingFactory(body=mobility, status=SittingStatus.CONVENED, starts_at=in_days(10))
    environment = commission(world.space, name=ENVIRONMENT)
    held = closed_sitting(environment, in_days(-30))
    space_url = f"{live_server.url}/espaces/cc-test/"

    # --- 1. The councillor asks to sit in the mobility commission --------------------------------
    phone = signed_in(new_page, live_server, lucas, troubles)
    visit(phone, space_url)
    phone.get_by_role("link", name="Commissions", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Commissions")
    expect(phone.get_by_text("Vous êtes conseiller municipal de Bonneville.")).to_be_visible()
    checked(phone)
    card(phone, MOBILITY).get_by_role("link", name=f"Demander à siéger dans « {MOBILITY} »").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        f"Demander à siéger dans « {MOBILITY} »"
    )
    checked(phone)
    expect(phone.get_by_label(re.compile("^Commune que vous représenteriez"))).to_have_value(
        str(world.commune.pk)
    )
    phone.get_by_label(re.compile("^Message")).fill(MESSAGE)
    phone.get_by_role("button", name="Envoyer ma demande").click()
    expect(phone.get_by_text(re.compile("^Votre demande est envoyée"))).to_be_visible()
    expect(phone.get_by_role("heading", level=1)).to_have_text(MOBILITY)
    expect(phone.get_by_text("Demande en attente")).to_be_visible()
    expect(phone.get_by_role("link", name=re.compile("^Demander à siéger"))).to_have_count(0)
    checked(phone)

    # --- 2. He follows the environment commission without sitting --------------------------------
    phone.get_by_role("navigation", name="Commissions de l'espace").get_by_role(
        "link", name="Commissions"
    ).click()
    checked(phone)
    environment_card = card(phone, ENVIRONMENT)
    environment_card.get_by_role("button", name=f"Suivre sans siéger « {ENVIRONMENT} »").click()
    expect(environment_card.get_by_role("status")).to_have_text("Vous suivez cette commission.")
    expect(
        environment_card.get_by_role("button", name=f"Ne plus suivre « {ENVIRONMENT} »")
    ).to_have_attribute("aria-pressed", "true")
    checked(phone)
    # The page, loaded again, says so too.
    visit(phone, phone.url)
    expect(card(phone, ENVIRONMENT).get_by_text("Vous la suivez")).to_be_visible()
    expect(card(phone, MOBILITY).get_by_text("Demande en attente")).to_be_visible()

    # --- 3. The chair accepts the request --------------------------------------------------------
    chair_phone = signed_in(new_page, live_server, chair, troubles)
    visit(chair_phone, f"{space_url}commissions/")
    card(chair_phone, MOBILITY).get_by_role("link", name=MOBILITY).click()
    requests = chair_phone.get_by_role("region", name="Demandes en attente (1)")
    expect(requests).to_contain_text("Lucas Conseiller, pour Bonneville")
    expect(requests.locator("strong", has_text="adjoint aux transports")).to_be_visible()
    checked(chair_phone)
    requests.get_by_role("button", name="Accepter la demande de Lucas Conseiller").click()
    expect(
        chair_phone.get_by_text(
            f"Lucas Conseiller siège désormais dans « {MOBILITY} » pour Bonneville."
        )
    ).to_be_visible()
    expect(chair_phone.get_by_role("region", name="Demandes en attente (0)")).to_contain_text(
        "Aucune demande en attente."
    )
    checked(chair_phone)

    # --- 4. The councillor sees his seat and his attendance history ------------------------------
    visit(phone, f"{space_url}commissions/{mobility.pk}/")
    expect(phone.get_by_text("Vous y siégez")).to_be_visible()
    expect(phone.locator(".commissions-situation")).to_contain_text("pour Bonneville")
    members = phone.get_by_role("table", name=f"Membres en fonction de {MOBILITY}")
    expect(members.get_by_role("row").filter(has_text="Lucas Conseiller")).to_contain_text(
        "Bonneville"
    )
    # A member does not follow his own commission, nor asks to sit in it.
    expect(phone.get_by_role("button", name=re.compile("^Suivre sans siéger"))).to_have_count(0)
    expect(phone.get_by_role("link", name=re.compile("^Demander à siéger"))).to_have_count(0)

    phone.get_by_role("link", name="Mes présences").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mes présences en commission")
    checked(phone)
    history = phone.get_by_role("table", name=re.compile("^Mes séances de commission"))
    rows = history.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(MOBILITY)
    expect(rows.nth(0)).to_contain_text("Titulaire")
    expect(rows.nth(0)).to_contain_text("À venir")
    expect(rows.nth(1)).to_contain_text(ENVIRONMENT)
    expect(rows.nth(1)).to_contain_text("Suivie sans siège")
    expect(rows.nth(1)).to_contain_text("Sans voix délibérative")

    # From the history, the seat opens the coming sitting's dossier.
    rows.nth(0).get_by_role("link").click()
    assert phone.url.endswith(f"/commissions/{mobility.pk}/seances/{coming.pk}/")
    checked(phone)
    visit(phone, f"{space_url}commissions/{environment.pk}/seances/{held.pk}/")
    assert not troubles, "\n".join(troubles)

"""An opinion request in the browser, as its users click through it: an agent prepares, at a
desk, a request on the mutualisation report (a PDF uploaded through the form, the « rapport de
mutualisation » rule: three months, silence counted favourable) and sends it to the councils of
the member communes; the mayor of Bonneville records, from her phone, her council's opinion
« favorable avec réserves » (first forgetting the reservations: the French error comes back with
the form as she filled it); the agent reads the totals. axe-core checks every page visited.

Only the starting data come from factories: the space of tests/conftest.py `world`, whose two
member communes (Bonneville, where Élise Maire is mayor, and Marignier) have 1 000 inhabitants
each.
"""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from maillage.opinions.models import Opinion, OpinionRequest
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    DESKTOP,
    PHONE,
    assert_accessible,
    browser,
    new_page,
)

pytestmark = pytest.mark.browser

TITLE = "Rapport de mutualisation 2026"
RESERVATIONS = "Sous réserve que le **service commun d'urbanisme** garde une permanence."


def one_page_pdf() -> bytes:
    """A small but well-formed PDF: one empty A4 page, its cross-reference table (each entry 20
    bytes, offsets computed) and trailer."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj %s endobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n\r\n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PDF = one_page_pdf()


def signed_in(new_page, live_server, person, troubles, viewport=DESKTOP):  # noqa: F811
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


def test_request_on_a_pdf_sent_answered_with_reservations_and_totals(
    new_page,  # noqa: F811
    live_server,
    world,
    tmp_path,
):
    troubles = []
    document = tmp_path / "rapport-mutualisation.pdf"
    document.write_bytes(PDF)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    # --- 1. The agent prepares the request and sends it ------------------------------------------
    agent = signed_in(new_page, live_server, world.agent, troubles)
    visit(agent, f"{live_server.url}/espaces/cc-test/")
    agent.get_by_role("link", name="Demandes d'avis").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Demandes d'avis")
    checked(agent)
    agent.get_by_role("link", name="Nouvelle demande d'avis").click()
    checked(agent)
    agent.get_by_label("Titre (obligatoire)").fill(TITLE)
    agent.get_by_label("Présentation").fill("Le rapport sur les **services communs**.")
    agent.get_by_label("Document soumis à avis (PDF, 20 Mo au plus)").set_input_files(document)
    agent.get_by_label("Les conseils des organisations membres de l'espace").check()
    agent.get_by_label(re.compile("^Rapport de mutualisation : 3 mois")).check()
    agent.get_by_role("button", name="Enregistrer la demande").click()
    expect(
        agent.get_by_text(
            "La demande est préparée : relisez-la, puis envoyez-la aux destinataires."
        )
    ).to_be_visible()
    expect(agent.get_by_role("heading", level=1)).to_have_text(TITLE)
    checked(agent)
    request_url = agent.url
    assert OpinionRequest.objects.get().document.read().startswith(b"%PDF-1.4")

    agent.get_by_role("button", name="Envoyer la demande").click()
    expect(
        agent.get_by_text(re.compile(r"^La demande est envoyée à 2 destinataires"))
    ).to_be_visible()
    sent = OpinionRequest.objects.get()
    assert sent.deadline > timezone.localdate()
    facts = agent.locator(".facts")
    expect(facts).to_contain_text("Réputé favorable")
    expect(facts).to_contain_text("Rapport de mutualisation")
    checked(agent)
    # The document is served by the application, to the signed-in agent (the request of the
    # page's context carries its session cookie).
    href = agent.get_by_role("link", name="Lire le document soumis à avis (PDF)").get_attribute(
        "href"
    )
    served = agent.context.request.get(live_server.url + href)
    assert served.ok
    assert served.headers["content-type"] == "application/pdf"
    assert served.body() == PDF

    # --- 2. The mayor records her council's opinion from her phone -------------------------------
    elise = signed_in(new_page, live_server, world.elu, troubles, viewport=PHONE)
    visit(elise, f"{live_server.url}/espaces/cc-test/avis/")
    elise.get_by_role("link", name=TITLE).click()
    expect(elise.get_by_role("heading", level=1)).to_have_text(TITLE)
    checked(elise)
    elise.get_by_role("link", name="Rendre ou corriger l'avis de Bonneville").click()
    expect(elise.get_by_role("heading", level=1)).to_have_text("Avis de Bonneville")
    checked(elise)

    opinion = elise.get_by_role("group", name=re.compile("^Avis"))
    opinion.get_by_label("Favorable avec réserves").check()
    elise.get_by_label("Numéro de la délibération").fill("DEL-2026-014")
    elise.get_by_label("Date de la délibération").fill(yesterday.isoformat())
    elise.get_by_role("button", name="Enregistrer l'avis").click()
    summary = elise.locator(".error-summary")
    expect(summary).to_contain_text("Un avis favorable avec réserves énonce ses réserves.")
    expect(opinion.get_by_label("Favorable avec réserves")).to_be_checked()
    expect(elise.get_by_label("Numéro de la délibération")).to_have_value("DEL-2026-014")
    expect(elise.get_by_label("Date de la délibération")).to_have_value(yesterday.isoformat())
    assert not Opinion.objects.exists()
    checked(elise)

    elise.get_by_label("Réserves ou motifs").fill(RESERVATIONS)
    elise.get_by_role("button", name="Enregistrer l'avis").click()
    expect(elise.get_by_text("L'avis de Bonneville est enregistré.")).to_be_visible()
    expect(elise.get_by_role("heading", level=1)).to_have_text(TITLE)
    checked(elise)

    # --- 3. The agent reads the totals -----------------------------------------------------------
    visit(agent, request_url)
    totals = agent.get_by_role("table", name=re.compile("^Avis par nature"))
    expect(totals.locator("caption")).to_contain_text("2 destinataires, 2 000 habitants")

    def total(label):
        return totals.get_by_role("row").filter(
            has=agent.get_by_role("rowheader", name=label, exact=True)
        )

    expect(total("Favorable avec réserves").get_by_role("cell")).to_have_text(
        ["1", "50 %", "1 000", "50 %"]
    )
    expect(total("En attente de réponse").get_by_role("cell")).to_have_text(
        ["1", "50 %", "1 000", "50 %"]
    )
    rows = agent.get_by_role("table", name=re.compile("^Avis de chaque destinataire"))
    bonneville = rows.get_by_role("row").filter(has_text="Bonneville")
    expect(bonneville).to_contain_text("Favorable avec réserves")
    expect(bonneville).to_contain_text("service commun d'urbanisme")
    expect(bonneville).to_contain_text("n° DEL-2026-014")
    expect(bonneville).to_contain_text("Élise Maire")
    expect(rows.get_by_role("row").filter(has_text="Marignier")).to_contain_text(
        "En attente de réponse"
    )
    assert not troubles, "\n".join(troubles)

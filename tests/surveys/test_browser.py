"""A survey in the browser, as its users click through it: an agent builds it at a desk (a
single choice, a required short text, a question shown only for one answer, a scale), opens it
to the mayors; a mayor answers from her phone (first forgetting the required answer: the
French error comes back with the form as she filled it), then sends; the agent reads the live
results (an SVG chart and its table) and downloads the CSV export. axe-core checks every page
visited.

Only the starting data come from factories: the space of tests/conftest.py `world`, where
Élise Maire is the mayor of Bonneville and Arno Agent an agent of the space.
"""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    DESKTOP,
    PHONE,
    assert_accessible,
    browser,
    new_page,
)

pytestmark = pytest.mark.browser

TITLE = "Besoins en matière de voirie"
Q_SINGLE = "Votre commune a-t-elle un service technique ?"
Q_TEXT = "Nom du référent voirie"
Q_CONDITIONAL = "Combien d'agents compte-t-il ?"
Q_SCALE = "Votre satisfaction envers le service commun"


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


def add_question(page, kind, label, *, required=False, options=(), condition=None, **extra):
    page.get_by_role("link", name="Ajouter une question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle question")
    checked(page)
    page.get_by_label("Type de question (obligatoire)").select_option(label=kind)
    page.get_by_label("Question (obligatoire)", exact=True).fill(label)
    if required:
        page.get_by_label("Réponse obligatoire").check()
    if options:
        page.get_by_label("Options (choix unique, choix multiple, classement)").fill(
            "\n".join(options)
        )
    if condition:
        question, values = condition
        page.get_by_label("Afficher seulement selon la réponse à la question").select_option(
            label=question
        )
        page.get_by_label("Réponses qui font apparaître la question").fill("\n".join(values))
    for field, value in extra.items():
        page.get_by_label(field, exact=True).fill(value)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La question est ajoutée.")).to_be_visible()
    checked(page)


def test_build_open_answer_from_a_phone_and_read_the_results(new_page, live_server, world):  # noqa: F811
    troubles = []
    deadline = timezone.localtime() + datetime.timedelta(days=10)

    # --- 1. The agent builds the survey and opens it to the mayors -------------------------------
    agent = signed_in(new_page, live_server, world.agent, troubles)
    visit(agent, f"{live_server.url}/espaces/cc-test/")
    agent.get_by_role("link", name="Enquêtes", exact=True).click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Enquêtes")
    checked(agent)
    agent.get_by_role("link", name="Nouvelle enquête").click()
    checked(agent)
    agent.get_by_label("Titre (obligatoire)").fill(TITLE)
    agent.get_by_label("Présentation").fill("Pour préparer le **schéma de voirie**.")
    agent.get_by_label("Date limite de réponse (obligatoire)").fill(
        deadline.strftime("%Y-%m-%dT%H:%M")
    )
    agent.get_by_label("Destinataires (obligatoire)").select_option(
        label="Les maires des communes membres"
    )
    agent.get_by_label("Unité de réponse (obligatoire)").select_option(
        label="Une réponse par personne"
    )
    agent.get_by_role("button", name="Enregistrer").click()
    expect(agent.get_by_text("L'enquête est créée : ajoutez ses questions.")).to_be_visible()
    expect(agent.get_by_role("heading", level=1)).to_have_text(TITLE)
    checked(agent)
    survey_url = agent.url

    add_question(agent, "Choix unique", Q_SINGLE, required=True, options=("Oui", "Non"))
    add_question(agent, "Texte court", Q_TEXT, required=True)
    add_question(agent, "Texte court", Q_CONDITIONAL, condition=(f"1. {Q_SINGLE}", ["Oui"]))
    add_question(
        agent,
        "Échelle",
        Q_SCALE,
        **{
            "Minimum de l'échelle": "1",
            "Maximum de l'échelle": "5",
            "Libellé du minimum": "Pas du tout satisfait",
            "Libellé du maximum": "Très satisfait",
        },
    )
    questions = agent.locator(".survey-questions > li")
    expect(questions).to_have_count(4)
    expect(questions.nth(2)).to_contain_text(
        f"Affichée seulement si la réponse à « {Q_SINGLE} » est Oui."
    )
    expect(questions.nth(3)).to_contain_text("Échelle de 1 à 5")

    agent.get_by_role("button", name="Ouvrir l'enquête et prévenir les destinataires").click()
    expect(agent.get_by_text("L'enquête est ouverte : 1 personne(s) prévenue(s).")).to_be_visible()
    expect(agent.get_by_text("Les maires des communes membres (1 personne)")).to_be_visible()
    checked(agent)

    # --- 2. The mayor answers from her phone -----------------------------------------------------
    elise = signed_in(new_page, live_server, world.elu, troubles, viewport=PHONE)
    visit(elise, f"{live_server.url}/espaces/cc-test/enquetes/")
    expect(elise.get_by_text("À répondre.", exact=True)).to_be_visible()
    elise.get_by_role("link", name=TITLE).click()
    expect(elise.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(elise.get_by_text("schéma de voirie")).to_be_visible()
    checked(elise)

    single = elise.get_by_role("group", name=f"1. {Q_SINGLE}")
    conditional = elise.get_by_label(f"3. {Q_CONDITIONAL}")
    expect(elise.locator(".survey-conditional")).to_contain_text(
        "À remplir seulement si vous avez répondu « Oui » à la question 1."
    )
    scale = elise.get_by_role("group", name=f"4. {Q_SCALE}")

    # She forgets the required name: nothing is saved, the form comes back as she filled it.
    single.get_by_label("Oui").check()
    conditional.fill("3")
    scale.get_by_label("4", exact=True).check()
    elise.get_by_role("button", name="Envoyer ma réponse").click()
    summary = elise.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(
        [f"{Q_TEXT} : Répondez à cette question : elle est obligatoire."]
    )
    text = elise.get_by_label(f"2. {Q_TEXT}")
    expect(text).to_have_attribute("aria-invalid", "true")
    expect(elise.locator("#" + text.get_attribute("id") + "-erreur")).to_have_text(
        "Répondez à cette question : elle est obligatoire."
    )
    expect(single.get_by_label("Oui")).to_be_checked()
    expect(conditional).to_have_value("3")
    expect(scale.get_by_label("4", exact=True)).to_be_checked()
    checked(elise)

    text.fill("Jean Voirie")
    elise.get_by_role("button", name="Envoyer ma réponse").click()
    expect(elise.get_by_text("Merci : votre réponse est enregistrée.")).to_be_visible()
    expect(elise.get_by_text("✓ Vous avez répondu.")).to_be_visible()
    checked(elise)

    # --- 3. The agent reads the results and downloads the export ---------------------------------
    visit(agent, survey_url)
    agent.get_by_role("link", name="Résultats en direct").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text(f"Résultats : {TITLE}")
    expect(agent.get_by_text("1 réponse reçue")).to_be_visible()
    checked(agent)

    first = agent.get_by_role("region", name=f"1. {Q_SINGLE}")
    chart = first.locator("svg[role=img]")
    expect(chart).to_have_count(1)
    expect(chart.locator("title")).not_to_be_empty()
    table = first.get_by_role("table", name="Question 1 : répartition des réponses")
    expect(table.get_by_role("row", name="Oui 1 100,0 %")).to_be_visible()
    expect(table.get_by_role("row", name="Non 0 0,0 %")).to_be_visible()
    scale_result = agent.get_by_role("region", name=f"4. {Q_SCALE}")
    expect(scale_result.locator("svg[role=img]")).to_have_count(1)
    expect(scale_result).to_contain_text("Moyenne : 4")
    expect(agent.get_by_role("region", name=f"2. {Q_TEXT}")).to_contain_text("Jean Voirie")

    with agent.expect_download() as download_info:
        agent.get_by_role("link", name="Exporter toutes les réponses (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("enquete-")
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read()), delimiter=";"))
    header, line = rows[0], rows[1]
    assert len(rows) == 2
    answers = dict(zip(header, line, strict=True))
    assert answers["Personne"] == "Élise Maire"
    by_question = {k.split(" ", 1)[1]: v for k, v in answers.items() if k.startswith("Q")}
    assert by_question == {Q_SINGLE: "Oui", Q_TEXT: "Jean Voirie", Q_CONDITIONAL: "3", Q_SCALE: "4"}
    assert not troubles, "\n".join(troubles)

"""Spaces in the browser: login by link, Mon espace, who's who, admin screens; axe on each."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.people.test_rne import CM_HEADER, cm_row

pytestmark = pytest.mark.browser


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/connexion/")
    assert_accessible(page)
    page.get_by_label("Votre adresse électronique").fill(email)
    page.get_by_role("button", name="Recevoir un lien de connexion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre messagerie")
    assert_accessible(page)
    link = re.search(r"http://\S+/connexion/lien/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/connexion/" + link.split("/connexion/", 1)[1])
    assert_accessible(page)
    page.get_by_role("button", name="Me connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")


def test_a_mayor_logs_in_on_a_phone_and_finds_her_space_and_colleagues(
    phone_page, live_server, world
):
    page = phone_page
    log_in(page, live_server, world.elu.email)
    expect(page.get_by_text("Maire", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="CC du Test").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CC du Test")
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu de l'espace").get_by_role(
        "link", name="Annuaire"
    ).click()
    expect(page.get_by_role("link", name="Arno Agent")).to_be_visible()
    page.get_by_label("Fonction", exact=True).select_option("maires")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("link", name="Arno Agent")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Élise Maire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Élise Maire")
    assert_accessible(page)

    # An élu is no admin: the journal is refused, in French, saying what is needed.
    response = page.goto(f"{live_server.url}/espaces/cc-test/journal/")
    assert response.status == 403
    expect(page.get_by_text("réservé aux administrateurs")).to_be_visible()
    assert_accessible(page)


def test_an_admin_imports_the_elus_and_reads_the_journal(page, live_server, world, tmp_path):
    log_in(page, live_server, world.admin.email)
    page.goto(f"{live_server.url}/espaces/cc-test/personnes/")
    assert_accessible(page)

    page.get_by_role("link", name="Import des élus").click()
    assert_accessible(page)
    csv = tmp_path / "rne-cm.csv"
    csv.write_text("\n".join([CM_HEADER, cm_row(nom="NOUVEL", fonction="Maire"),
                              cm_row(commune="99999")]), encoding="utf-8")  # fmt: skip
    page.get_by_label("Fichier CSV du Répertoire national des élus").set_input_files(csv)
    page.get_by_role("button", name="Voir l'aperçu").click()
    expect(page.get_by_text("Ligne 3 : commune inconnue du registre : 99999")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Importer les 1 lignes valides")).click()
    expect(page.get_by_text("Importé")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Journal").click()
    expect(page.get_by_role("cell", name="Import du Répertoire national des élus")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Membres").click()
    assert_accessible(page)
    page.get_by_role("navigation", name="Menu de l'espace").get_by_role(
        "link", name="Modifier"
    ).click()
    assert_accessible(page)

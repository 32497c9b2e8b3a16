"""Governance documents in the browser: an élu proposes an amendment from a phone and
comments a paragraph, another supports it, the agent accepts it and compares the two
versions. axe-core checks each page."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from maillage.governance.models import Amendment
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    DESKTOP,
    PHONE,
    assert_accessible,
    browser,
    new_page,
)

from .factories import first_article, in_contributions

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


def test_propose_support_accept_an_amendment_and_compare_versions(new_page, live_server, world):  # noqa: F811, E501
    document = in_contributions(world.space, world.agent)
    article = first_article(document)
    base = f"{live_server.url}{document.get_absolute_url()}"

    elu = signed_in(new_page, live_server, world.elu)
    elu.goto(base)
    assert_accessible(elu)
    elu.get_by_role("link", name="Amender l'article 1").click()
    assert_accessible(elu)
    elu.get_by_label("Remplacer le texte de l'article").check()
    elu.get_by_label("Texte proposé").fill("La conférence des maires se réunit chaque trimestre.")
    elu.get_by_label("Exposé des motifs").fill("Deux réunions par an ne suffisent pas.")
    elu.get_by_role("button", name="Déposer l'amendement").click()
    expect(elu.get_by_text("Votre amendement est déposé.")).to_be_visible()
    expect(elu.locator(".governance-diff ins").first).to_contain_text("chaque trimestre")
    assert_accessible(elu)
    amendment = Amendment.objects.get()

    elu.goto(f"{live_server.url}{article.get_absolute_url()}")
    elu.get_by_role("link", name="Commenter le paragraphe 1").click()
    elu.get_by_label("Votre commentaire").fill("Et les communes de moins de 500 habitants ?")
    elu.get_by_role("button", name="Publier").click()
    expect(elu.get_by_text("Votre commentaire est publié.")).to_be_visible()
    assert_accessible(elu)
    elu.get_by_role("link", name="Revenir à l'article").click()
    expect(elu.locator("#paragraphe-1")).to_contain_text("moins de 500 habitants")
    assert_accessible(elu)

    referent = signed_in(new_page, live_server, world.referent)
    referent.goto(f"{live_server.url}{amendment.get_absolute_url()}")
    referent.get_by_role("button", name="Soutenir cet amendement").click()
    expect(referent.get_by_text("Vous soutenez cet amendement.")).to_be_visible()
    assert_accessible(referent)

    agent = signed_in(new_page, live_server, world.agent, viewport=DESKTOP)
    agent.goto(f"{base}amendements/")
    assert_accessible(agent)
    agent.get_by_role("link", name=f"Amendement n° {amendment.pk}").click()
    agent.get_by_role("button", name="Accepter tel quel").click()
    expect(agent.get_by_text("L'amendement est accepté")).to_be_visible()
    assert_accessible(agent)
    article.refresh_from_db()
    assert article.text == "La conférence des maires se réunit chaque trimestre."

    agent.goto(f"{base}versions/")
    assert_accessible(agent)
    agent.get_by_role("link", name="Comparer les deux dernières versions").click()
    expect(agent.get_by_text("Article modifié")).to_be_visible()
    expect(agent.locator(".governance-diff del").first).to_contain_text("deux fois par an")
    assert_accessible(agent)

import re

import pytest
from django.core import mail
from django.test import Client

from maillage.bulletins import emails
from maillage.bulletins.models import Delivery, Issue, OptOut, Subscriber
from tests.catalogue.factories import make_service
from tests.spaces.factories import SpaceFactory

from .factories import make_issue, make_subscriber, referents_of_two_services

pytestmark = pytest.mark.django_db
BASE = "/espaces/cc-test/bulletin/"


def edit_data(issue, version=None, title="Numéro de juin", sections=()):
    data = {
        "version": version or issue.version,
        "title": title,
        "introduction": "Bonjour à tous.",
        "rubriques-TOTAL_FORMS": len(sections),
        "rubriques-INITIAL_FORMS": 0,
        "rubriques-MIN_NUM_FORMS": 0,
        "rubriques-MAX_NUM_FORMS": 20,
    }
    for i, (heading, body, members_only) in enumerate(sections):
        data[f"rubriques-{i}-heading"] = heading
        data[f"rubriques-{i}-body"] = body
        if members_only:
            data[f"rubriques-{i}-members_only"] = "on"
    return data


def test_an_agent_opens_edits_and_sends_an_issue(login, world):
    client = login(world.agent)
    response = client.post(f"{BASE}nouveau/")
    issue = Issue.objects.get()
    assert response.url == f"{BASE}{issue.number}/modifier/"
    sections = [("Voirie", "Travaux **rue haute**.", False), ("Interne", "Budget serré.", True)]
    response = client.post(response.url, edit_data(issue, sections=sections))
    assert response.status_code == 302
    page = client.get(f"{BASE}{issue.number}/apercu/?edition=public").content.decode()
    assert "Voirie" in page and "Budget serré" not in page
    response = client.post(f"{BASE}{issue.number}/envoyer/", {"audiences": ["maires", "dgs"]})
    assert response.url == f"{BASE}{issue.number}/envois/"
    assert len(mail.outbox) == 2
    figures = client.get(response.url).content.decode()
    assert "Envoyés</dt><dd>2" in figures


def test_an_htmx_save_answers_with_the_new_version(login, world):
    issue = make_issue(world.space)
    client = login(world.agent)
    response = client.post(
        f"{BASE}{issue.number}/modifier/",
        edit_data(issue, sections=[("A", "a", False)]),
        HTTP_HX_REQUEST="true",
    )
    assert 'value="2"' in response.content.decode() and "Enregistré" in response.content.decode()


def test_save_clicked_while_the_pages_own_autosave_is_on_its_way_is_not_a_conflict(login, world):
    """Typing then clicking « Enregistrer » fires the autosave (change on blur) and the form's
    submission with the same version: the page's own autosave is not someone else's save."""
    issue = make_issue(world.space)
    client = login(world.agent)
    url = f"{BASE}{issue.number}/modifier/"
    page = client.get(url).content.decode()
    editor = re.search(r'name="editor" value="([0-9a-f]+)"', page).group(1)
    typed = edit_data(issue, sections=[("Voirie", "Travaux rue haute.", False)])
    typed["editor"] = editor
    assert client.post(url, typed, HTTP_HX_REQUEST="true").status_code == 200
    response = client.post(url, {**typed, "introduction": "Bonjour à toutes et à tous."})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.version, issue.introduction) == (3, "Bonjour à toutes et à tous.")

    # Another page (another agent, or another tab) saving in between is still a conflict.
    other = login(world.admin)
    other_editor = re.search(r'name="editor" value="([0-9a-f]+)"', other.get(url).content.decode())
    assert other_editor.group(1) != editor
    other.post(url, {**typed, "version": 3, "editor": other_editor.group(1), "title": "Autre"})
    response = client.post(url, {**typed, "version": 3})
    assert response.status_code == 200
    assert "Quelqu&#x27;un d&#x27;autre a enregistré" in response.content.decode()
    issue.refresh_from_db()
    assert (issue.version, issue.title) == (4, "Autre")


def test_after_a_refused_autosave_the_page_keeps_its_version_and_never_overwrites(login, world):
    issue = make_issue(world.space)
    issue.version = 3  # someone else saved since the page read version 2
    issue.title = "Le titre de l'autre"
    issue.save()
    response = login(world.agent).post(
        f"{BASE}{issue.number}/modifier/", edit_data(issue, version=2), HTTP_HX_REQUEST="true"
    )
    answer = response.content.decode()
    assert "Quelqu&#x27;un d&#x27;autre a enregistré" in answer
    assert 'name="version"' not in answer  # no newer version handed to the page
    issue.refresh_from_db()
    assert (issue.version, issue.title) == (3, "Le titre de l'autre")


def test_a_save_on_an_old_version_shows_the_form_again_with_what_was_typed(login, world):
    issue = make_issue(world.space)
    issue.version = 3
    issue.save()
    response = login(world.agent).post(
        f"{BASE}{issue.number}/modifier/",
        edit_data(
            issue, version=2, sections=[("Mon texte", "Ce que j'ai écrit longuement.", False)]
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu&#x27;un d&#x27;autre a enregistré" in page
    assert "Ce que j&#x27;ai écrit longuement." in page


def test_a_sent_issue_is_no_longer_editable(login, world):
    issue = make_issue(world.space, sent=True)
    response = login(world.agent).get(f"{BASE}{issue.number}/modifier/")
    assert response.status_code == 302 and response.url == issue.get_absolute_url()


def test_a_send_without_audience_shows_a_french_error(login, world):
    issue = make_issue(world.space)
    response = login(world.agent).post(f"{BASE}{issue.number}/envoyer/", {})
    assert "Choisissez au moins une liste" in response.content.decode()
    assert not Delivery.objects.exists()


def test_a_second_send_a_bounce_and_an_unsubscribed_reader_are_told_in_french(login, world):
    from maillage.bulletins import services

    issue = make_issue(world.space)
    make_subscriber(world.space, "lectrice@example.org")
    make_subscriber(world.space, "partie@example.org")
    make_subscriber(world.space, "erreur@example.org")
    services.unsubscribe(space=world.space, address="partie@example.org")
    services.unsubscribe(space=world.space, address=world.elu.email)  # the mayor, from an email
    services.record_bounces(addresses=["erreur@example.org"], reason="550 boîte inconnue")
    client = login(world.agent)
    send = f"{BASE}{issue.number}/envoyer/"
    page = client.post(send, {"audiences": ["maires", "abonnes"]}, follow=True)
    assert (
        "1 courriel en cours d&#x27;envoi. Non envoyé : 1 désabonné, 1 adresse en erreur."
        in page.content.decode()
    )
    assert [m.to for m in mail.outbox] == [["lectrice@example.org"]]
    page = client.post(send, {"audiences": ["maires", "abonnes"]}, follow=True)
    assert (
        "Aucun nouveau destinataire : rien n&#x27;est parti. Non envoyé : 1 l&#x27;avait déjà "
        "reçu, 1 désabonné, 1 adresse en erreur." in page.content.decode()
    )
    assert len(mail.outbox) == 1 and Delivery.objects.count() == 1  # nothing sent twice
    services.record_bounces(addresses=["lectrice@example.org"])
    figures = client.get(f"{BASE}{issue.number}/envois/").content.decode()
    assert "lectrice@example.org" in figures and "Rejeté (adresse en erreur)" in figures


def test_members_only_sections_are_hidden_from_the_public_page_and_feed(client, login, world):
    issue = make_issue(
        world.space,
        sent=True,
        sections=[("Pour tous", "Public.", False), ("Entre nous", "Confidentiel.", True)],
    )
    public = client.get(issue.get_absolute_url()).content.decode()
    assert "Public." in public and "Confidentiel." not in public
    feed = client.get(f"{BASE}flux.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Public." in feed.content.decode() and "Confidentiel." not in feed.content.decode()
    member = login(world.elu).get(issue.get_absolute_url()).content.decode()
    assert "Confidentiel." in member


def test_drafts_are_absent_from_the_public_list_and_feed(client, world):
    make_issue(world.space, title="Brouillon secret")
    make_issue(world.space, sent=True, title="Numéro paru")
    listing = client.get(BASE).content.decode()
    assert "Numéro paru" in listing and "Brouillon secret" not in listing
    assert "Brouillon secret" not in client.get(f"{BASE}flux.atom").content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_queries_at_1_and_50_issues(
    client, world, rows, django_assert_max_num_queries
):
    for number in range(1, rows + 1):
        make_issue(world.space, number=number, sent=True)
    with django_assert_max_num_queries(6):
        assert client.get(BASE).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_the_deliveries_page_costs_the_same_queries_at_1_and_50_rows(
    login, world, rows, django_assert_max_num_queries
):
    issue = make_issue(world.space, sent=True)
    Delivery.objects.bulk_create(
        Delivery(issue=issue, address=f"p{i}@example.org", audience="elus") for i in range(rows)
    )
    client = login(world.agent)
    with django_assert_max_num_queries(14):
        assert client.get(f"{BASE}{issue.number}/envois/").status_code == 200


def test_subscribe_confirm_and_unsubscribe_from_the_pages(client, world):
    response = client.post(f"{BASE}abonnement/", {"email": "Citoyenne@example.org"})
    assert "Consultez vos courriels" in response.content.decode()
    link = re.search(r"/bulletin/confirmer/[^/\s]+/", mail.outbox[0].body).group(0)
    page = client.get(link).content.decode()
    assert "Confirmer mon abonnement" in page
    assert (
        "<strong>CC du Test</strong>" in page and "<strong>citoyenne@example.org</strong>" in page
    )
    assert Subscriber.objects.get().confirmed_at is None  # a GET confirms nothing
    assert "Abonnement confirmé" in client.post(link).content.decode()
    assert Subscriber.objects.get().is_active
    token = emails.unsubscribe_token(world.space.pk, "citoyenne@example.org")
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.get(f"/bulletin/desabonnement/{token}/").status_code == 200
    assert not OptOut.objects.exists()  # a GET (a link scanner) changes nothing
    response = csrf_client.post(
        f"/bulletin/desabonnement/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert "Vous êtes désabonné" in response.content.decode()
    assert not Subscriber.objects.get().is_active
    # The link opened again says it is done, without a button that would do nothing.
    page = client.get(f"/bulletin/desabonnement/{token}/").content.decode()
    assert "Cette adresse est déjà désabonnée" in page and "Me désabonner" not in page


def test_an_invalid_email_is_refused_in_the_filled_form(client, world):
    response = client.post(f"{BASE}abonnement/", {"email": "pas-une-adresse"})
    assert "n&#x27;est pas valide" in response.content.decode()
    assert 'value="pas-une-adresse"' in response.content.decode()


def test_an_altered_link_gets_a_french_page(client, world):
    assert client.get("/bulletin/desabonnement/abc/").status_code == 400
    subscriber = make_subscriber(world.space, confirmed=False)
    for send in (client.get, client.post):  # said before the click too
        response = send(f"/bulletin/confirmer/{emails.confirm_token(subscriber)}x/")
        assert response.status_code == 400 and "pas valide" in response.content.decode()


def test_an_agent_sends_to_the_referents_of_one_service_from_the_send_page(login, world):
    _dpo, gis, second = referents_of_two_services(world)
    issue = make_issue(world.space)
    client = login(world.agent)
    send = f"{BASE}{issue.number}/envoyer/"
    page = client.get(send).content.decode()
    assert "Référents de certains services seulement" in page
    assert "SIG mutualisé (1 référent)" in page and "DPO mutualisé (1 référent)" in page
    # Services without the référents list: a French error, the choices kept, nothing sent.
    page = client.post(send, {"audiences": ["maires"], "services": [gis.pk]}).content.decode()
    assert "cochez aussi la liste « Les référents »" in page
    assert f'value="{gis.pk}" id="id_services_1" checked' in page
    assert Delivery.objects.count() == 0 and mail.outbox == []
    page = client.post(send, {"audiences": ["referents"], "services": [gis.pk]}, follow=True)
    assert "1 courriel en cours d&#x27;envoi." in page.content.decode()
    assert [m.to for m in mail.outbox] == [[second.email.lower()]]


def test_a_service_of_another_space_is_refused_on_the_send_page(login, world):
    elsewhere = make_service(SpaceFactory(), world.admin, name="Ailleurs")
    issue = make_issue(world.space)
    page = login(world.agent).post(
        f"{BASE}{issue.number}/envoyer/", {"audiences": ["referents"], "services": [elsewhere.pk]}
    )
    assert "Ce service n&#x27;est pas un service de cet espace." in page.content.decode()
    assert Delivery.objects.count() == 0

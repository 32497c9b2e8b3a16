"""The governance pages: forms keep what was typed, conflicts are said, scripts neutralised,
drafts are not public, and lists cost the same number of queries at 1 and at 50 rows."""

import pytest

from maillage.governance import services
from maillage.governance.models import Amendment, Document

from .factories import adopted, first_article, in_contributions, make_document, propose
from .files import odt


def test_an_agent_imports_an_odt_file_from_the_form(world, login):
    client = login(world.agent)
    response = client.post(
        "/espaces/cc-test/gouvernance/nouveau/",
        {
            "kind": "charte",
            "title": "Charte des élus",
            "source": odt([(1, "Objet"), (0, "La charte fixe les règles.")]),
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response.url == document.get_absolute_url()
    page = client.get(document.get_absolute_url()).content.decode()
    assert "La charte fixe les règles." in page


def test_a_refused_import_shows_the_reason_and_keeps_the_title(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(world.agent).post(
        "/espaces/cc-test/gouvernance/nouveau/",
        {"kind": "charte", "title": "Ma charte", "source": SimpleUploadedFile("a.odt", b"rien")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "n&#x27;en est pas un" in page and 'value="Ma charte"' in page
    assert not Document.objects.exists()


def test_scripts_in_an_article_are_neutralised(world, login):
    document = make_document(
        world.space,
        world.agent,
        text="# Objet\n\n<script>alert(1)</script> [x](javascript:alert(1))",
    )
    page = login(world.elu).get(document.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert 'href="javascript' not in page


def test_the_second_editor_keeps_their_text_and_sees_the_current_one(world, login):
    document = make_document(world.space, world.agent)
    article = first_article(document)
    services.edit_article(
        actor=world.admin.user,
        article=article,
        title="",
        text="Texte de l'admin.",
        expected_revision=1,
        reason="Relecture",
    )
    url = f"{article.get_absolute_url()}modifier/"
    response = login(world.agent).post(
        url, {"title": "", "text": "Mon texte à moi.", "reason": "Correction", "revision": 1}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "pendant que vous l&#x27;écriviez" in page
    assert "Mon texte à moi." in page and "Texte de l'admin." in page
    # Sent again on purpose, the editor's text wins.
    response = login(world.agent).post(
        url, {"title": "", "text": "Mon texte à moi.", "reason": "Correction", "revision": 2}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.text == "Mon texte à moi."


def test_an_amendment_is_proposed_supported_and_accepted_from_the_pages(world, login):
    document = in_contributions(world.space, world.agent)
    article = first_article(document)
    response = login(world.elu).post(
        f"{article.get_absolute_url()}amender/",
        {"kind": "remplacer", "text": "Elle se réunit chaque mois.", "rationale": "Plus souvent."},
    )
    amendment = Amendment.objects.get()
    assert response.url == amendment.get_absolute_url()
    login(world.referent).post(f"{amendment.get_absolute_url()}soutenir/")
    page = login(world.agent).get(amendment.get_absolute_url()).content.decode()
    assert "Rémi Référent" in page and "[ajouté : </span>Elle" in page
    login(world.agent).post(f"{amendment.get_absolute_url()}accepter/")
    article.refresh_from_db()
    assert article.text == "Elle se réunit chaque mois."


def test_a_conflicting_amendment_is_flagged_and_offers_no_plain_acceptance(world, login):
    document = in_contributions(world.space, world.agent)
    first = propose(document, world.elu, text="Un.")
    second = propose(document, world.referent, text="Deux.")
    services.accept_amendment(actor=world.agent.user, amendment=first)
    page = login(world.agent).get(second.get_absolute_url()).content.decode()
    assert "En conflit" in page and "Accepter tel quel" not in page
    assert "Appliquer le texte retouché" in page


def test_a_draft_has_no_public_page_and_an_adopted_one_has(world, client):
    draft = make_document(world.space, world.agent)
    assert client.get(f"/gouvernance/{draft.pk}/").status_code == 404
    document = adopted(world.space, world.agent)
    page = client.get(f"/gouvernance/{document.pk}/").content.decode()
    assert "La conférence des maires se réunit deux fois par an." in page
    listing = client.get("/espaces/cc-test/gouvernance/").content.decode()
    assert document.title in listing and f"/gouvernance/{draft.pk}/" not in listing


def test_two_versions_side_by_side_show_the_changed_article(world, login):
    document = in_contributions(world.space, world.agent)
    services.accept_amendment(
        actor=world.agent.user, amendment=propose(document, world.elu, text="Tout nouveau.")
    )
    page = (
        login(world.elu)
        .get(f"{document.get_absolute_url()}versions/comparer/?de=1&a=2")
        .content.decode()
    )
    assert "Article modifié" in page and "[ajouté : </span>Tout nouveau" in page
    assert "1 article changé" in page


def _many_amendments(document, people, count):
    article = first_article(document)
    Amendment.objects.bulk_create(
        Amendment(
            document=document,
            article=article,
            kind="remplacer",
            text=f"Proposition {n} pour la conférence des maires.",
            rationale="Motif",
            author=people[n % len(people)],
            base_revision=1,
            base_text=article.text,
        )
        for n in range(count)
    )


@pytest.mark.parametrize("count", [1, 50])
def test_the_amendments_page_costs_the_same_queries_at_1_and_50(
    world, login, django_assert_max_num_queries, count
):
    document = in_contributions(world.space, world.agent)
    _many_amendments(document, [world.elu, world.referent], count)
    client = login(world.elu)
    with django_assert_max_num_queries(12):
        response = client.get(f"{document.get_absolute_url()}amendements/")
    assert response.content.decode().count("governance-amendment") >= count


@pytest.mark.parametrize("count", [1, 50])
def test_the_document_and_versions_pages_cost_the_same_queries_at_1_and_50(
    world, login, django_assert_max_num_queries, count
):
    text = "\n\n".join(f"## Article {n}\n\nTexte {n}." for n in range(count))
    document = make_document(world.space, world.agent, text=text)
    for n in range(count - 1):
        services.add_article(actor=world.agent.user, document=document, title="", text=f"Ajout {n}")
    client = login(world.elu)
    for suffix in ("", "versions/", "versions/comparer/?de=1&tout=1"):
        with django_assert_max_num_queries(12):
            client.get(f"{document.get_absolute_url()}{suffix}")
    with django_assert_max_num_queries(10):
        client.get("/espaces/cc-test/gouvernance/")

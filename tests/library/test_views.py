"""The library's pages as each visitor sees them: list, search, document, upload and edit
(errors shown, what was typed kept), versions, archive, the file itself."""

import pytest
from django.db import connection

from maillage.library import search
from maillage.library.models import Document, DocumentVersion, Visibility

from .factories import PNG, make_document, pdf_bytes, upload

pytestmark = pytest.mark.django_db
LIST = "/espaces/cc-test/bibliotheque/"
SEARCH = "/espaces/cc-test/bibliotheque/recherche/"


def test_anonymous_visitors_see_only_public_documents(client, world):
    make_document(world.space, world.agent, title="Guide public", visibility=Visibility.PUBLIC)
    make_document(world.space, world.agent, title="Note réservée")
    page = client.get(LIST).content.decode()
    assert "Guide public" in page and "Note réservée" not in page
    found = client.get(SEARCH, {"q": "guide note"}).content.decode()
    assert "Note réservée" not in found


def test_members_see_members_documents_in_the_list_and_the_search(login, world):
    make_document(world.space, world.agent, title="Note réservée", description="voirie")
    client = login(world.elu)
    assert "Note réservée" in client.get(LIST).content.decode()
    page = client.get(SEARCH, {"q": "voiries"}).content.decode()
    assert "1 résultat pour" in page
    assert "<mark>voirie</mark>" in page
    assert "réservé aux membres" in page


def test_a_private_document_and_its_file_are_refused_to_an_outsider(login, world):
    document = make_document(world.space, world.agent, title="Note réservée")
    client = login(world.outsider)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 403
    assert "réservé aux membres" in response.content.decode()
    assert client.get(document.current_version.get_absolute_url()).status_code == 403


def test_the_file_is_served_with_its_real_type_and_name(login, world):
    document = make_document(world.space, world.agent, file=upload("CR bureau.pdf", pdf_bytes()))
    response = login(world.elu).get(document.current_version.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="CR bureau.pdf"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_agent_uploads_a_document_from_the_form(login, world):
    client = login(world.agent)
    response = client.post(
        "/espaces/cc-test/bibliotheque/deposer/",
        {
            "title": "Étude de mobilité",
            "description": "Diagnostic **2026**",
            "category": "etude",
            "tags": "mobilité, vélo",
            "dated": "15/03/2026",
            "visibility": "public",
            "file": upload("etude.pdf", pdf_bytes("Pistes cyclables et transports")),
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert [t.name for t in document.tags.all()] == ["mobilité", "vélo"]
    assert str(document.dated) == "2026-03-15"
    page = client.get(document.get_absolute_url()).content.decode()
    assert "<strong>2026</strong>" in page
    assert "Texte lu et indexé" in page
    assert "1 résultat" in client.get(SEARCH, {"q": "piste cyclable"}).content.decode()


def test_a_refused_file_is_said_under_its_field_and_what_was_typed_is_kept(login, world):
    client = login(world.agent)
    response = client.post(
        "/espaces/cc-test/bibliotheque/deposer/",
        {
            "title": "Mon titre soigneusement écrit",
            "category": "guide",
            "visibility": "membres",
            "tags": "voirie",
            "file": upload("virus.pdf", b"MZ\x90\x00 executable" * 20),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "n&#x27;est pas un type de fichier accepté" in page
    assert 'value="Mon titre soigneusement écrit"' in page
    assert 'value="voirie"' in page
    assert Document.objects.count() == 0


def test_an_agent_edits_replaces_archives_and_restores(login, world):
    document = make_document(world.space, world.agent, title="Guide")
    client = login(world.agent)
    base = f"/espaces/cc-test/bibliotheque/{document.pk}/"
    response = client.post(
        base + "modifier/",
        {"title": "Guide des élus", "category": "guide", "visibility": "membres", "tags": ""},
    )
    assert response.status_code == 302
    response = client.post(
        base + "nouvelle-version/", {"file": upload("guide.png", PNG), "note": "Schéma"}
    )
    assert response.status_code == 302
    assert DocumentVersion.objects.filter(document=document).count() == 2
    page = client.get(base).content.decode()
    assert "Guide des élus" in page and "Schéma" in page and "(en cours)" in page
    assert client.get(base + "versions/1/").status_code == 200  # the old one stays
    assert client.post(base + "archiver/").status_code == 302
    assert "Guide des élus" not in client.get(LIST).content.decode()
    assert "Document archivé le" in client.get(base).content.decode()
    assert login(world.elu).get(base).status_code == 403
    client = login(world.agent)
    assert client.post(base + "restaurer/").status_code == 302
    assert "Guide des élus" in client.get(LIST).content.decode()


def test_an_elu_may_not_upload(login, world):
    response = login(world.elu).get("/espaces/cc-test/bibliotheque/deposer/")
    assert response.status_code == 403
    assert "agents et aux administrateurs" in response.content.decode()


@pytest.mark.parametrize(
    "typed", ['"', "*", "-", "NOT AND OR", "NEAR(", "a" * 600, "'", "<script>", "%00"]
)
def test_the_search_page_answers_anything_typed(client, world, typed):
    response = client.get(SEARCH, {"q": typed, "kind": "x" * 50, "tag": "?", "page": "abc"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_the_list_filters_by_tag_and_nature(login, world):
    make_document(world.space, world.agent, title="Guide vélo", category="guide", tags=["vélo"])
    make_document(world.space, world.agent, title="Étude voirie", category="etude")
    client = login(world.elu)
    page = client.get(LIST, {"etiquette": "velo"}).content.decode()
    assert "Guide vélo" in page and "Étude voirie" not in page
    page = client.get(LIST, {"nature": "etude"}).content.decode()
    assert "Étude voirie" in page and "Guide vélo" not in page


def _fill(world, count):
    for i in range(count):
        make_document(
            world.space,
            world.agent,
            title=f"Note {i} voirie",
            tags=[f"tag{i % 3}"],
            file=upload(f"n{i}.txt", b"voirie"),
        )


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_query_count_does_not_grow(login, world, count, django_assert_max_num_queries):
    _fill(world, count)
    client = login(world.elu)
    with django_assert_max_num_queries(14):
        response = client.get(LIST)
    assert response.content.decode().count("voirie</a>") == count


@pytest.mark.parametrize("count", [1, 50])
def test_the_search_query_count_does_not_grow(login, world, count, django_assert_max_num_queries):
    _fill(world, count)
    client = login(world.elu)
    with django_assert_max_num_queries(12):
        response = client.get(SEARCH, {"q": "voiries"})
    assert f"{count} résultat" in response.content.decode()


def test_search_pages_go_twenty_by_twenty(client, world):
    search.index_entries(
        search.Entry(world.space.pk, f"k:{i}", f"N{i}", "voirie", "/r/", "etude", is_public=True)
        for i in range(25)
    )
    page = client.get(SEARCH, {"q": "voirie", "page": 2}).content.decode()
    assert "25 résultats" in page and "Page 2 sur 2" in page
    assert page.count('<a href="/r/">') == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_on_postgresql_the_search_page_shows_the_headline(login, world):
    make_document(
        world.space, world.agent, title="CR", file=upload("c.txt", "Les délibérations".encode())
    )
    page = login(world.elu).get(SEARCH, {"q": "deliberation"}).content.decode()
    assert "<mark>délibérations</mark>" in page

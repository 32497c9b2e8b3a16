"""Archiving a document from its page: it leaves the lists and the public page, stays
readable in the archives, no longer changes, and the action is logged."""

from maillage.audit.models import ActionLog
from maillage.governance.models import Document

from .factories import adopted, first_article, in_contributions, make_document


def test_an_agent_archives_a_document_from_its_page_and_finds_it_in_the_archives(world, login):
    document = make_document(world.space, world.agent, title="Charte ancienne")
    client = login(world.agent)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Archiver le document" in page

    response = client.post(f"{document.get_absolute_url()}archiver/")

    assert response.status_code == 302 and response.url == "/espaces/cc-test/gouvernance/"
    document.refresh_from_db()
    assert document.archived_at is not None
    assert "Charte ancienne" not in client.get("/espaces/cc-test/gouvernance/").content.decode()
    archives = client.get("/espaces/cc-test/gouvernance/?archives=1").content.decode()
    assert "Charte ancienne" in archives
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Ce document est archivé" in page and "Archiver le document" not in page
    assert ActionLog.objects.filter(action="governance.archive").exists()


def test_an_archived_adopted_document_leaves_its_public_page(world, login, client):
    document = adopted(world.space, world.agent)
    assert client.get(f"/gouvernance/{document.pk}/").status_code == 200
    login(world.admin).post(f"{document.get_absolute_url()}archiver/")
    assert client.get(f"/gouvernance/{document.pk}/").status_code == 404


def test_an_elu_may_not_archive_and_is_told_who_may(world, login):
    document = make_document(world.space, world.agent)
    response = login(world.elu).post(f"{document.get_absolute_url()}archiver/")
    assert response.status_code == 403
    assert "agents et aux administrateurs" in response.content.decode()
    assert Document.objects.get().archived_at is None


def test_archiving_twice_is_refused_in_french(world, login):
    document = make_document(world.space, world.agent)
    client = login(world.agent)
    client.post(f"{document.get_absolute_url()}archiver/")
    response = client.post(f"{document.get_absolute_url()}archiver/")
    assert response.status_code == 403


def test_an_archived_document_no_longer_takes_amendments_or_edits(world, login):
    document = in_contributions(world.space, world.agent)
    article = first_article(document)
    login(world.agent).post(f"{document.get_absolute_url()}archiver/")
    assert login(world.elu).get(f"{article.get_absolute_url()}amender/").status_code == 403
    assert login(world.agent).get(f"{article.get_absolute_url()}modifier/").status_code == 403
    page = login(world.agent).get(f"{document.get_absolute_url()}etapes/").content.decode()
    assert "Aucune étape n'est possible maintenant." in page


def test_archiving_is_a_post(world, login):
    document = make_document(world.space, world.agent)
    assert login(world.agent).get(f"{document.get_absolute_url()}archiver/").status_code == 405

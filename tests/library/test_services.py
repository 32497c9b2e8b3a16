"""The library's services: upload checks, text read for the search, versions, archive,
tags, the action log, and published deliberations in the search."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.library import search, services
from maillage.library.models import Document, Extraction, SearchEntry, Tag, Visibility
from maillage.meetings.models import Deliberation
from maillage.meetings.services import acts
from tests.meetings.factories import (
    AgendaItemFactory,
    at,
    closed_sitting,
    closed_vote,
    meeting_world,
)

from .factories import PNG, docx_bytes, make_document, odt_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def found(world, query, user=None):
    user = user if user is not None else world.agent.user
    return [r.title for r in search.search(space=world.space, query=query, user=user)]


@pytest.mark.parametrize(
    "name, content, query",
    [
        ("cr.pdf", pdf_bytes("Les délibérations du conseil"), "deliberation"),
        ("schema.docx", docx_bytes(["Schéma de mutualisation des services"]), "schemas"),
        ("reglement.odt", odt_bytes(["Les séances publiques du conseil"]), "seance publique"),
        ("note.txt", "Travaux de voirie à Bonneville".encode(), "travaux bonneville"),
        ("note.md", "# Équipements\n\nLes équipements sportifs".encode("cp1252"), "equipement"),
    ],
)
def test_the_text_of_each_readable_type_is_searched(world, name, content, query):
    make_document(world.space, world.agent, title="Document", file=upload(name, content))
    version = Document.objects.get().current_version
    assert version.extraction == Extraction.DONE
    assert found(world, query) == ["Document"]


def test_an_image_is_kept_without_text(world):
    document = make_document(world.space, world.agent, title="Plan", file=upload("p.png", PNG))
    assert document.current_version.extraction == Extraction.NONE
    assert document.current_version.mime_type == "image/png"
    assert found(world, "plan") == ["Plan"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("vide.pdf", b"", "vide"),
        ("faux.pdf", b"MZ\x90\x00\x03 not a pdf at all" * 10, "type de fichier accepté"),
        ("script.txt", b"\x00\x01\x02\x03" * 100, "type de fichier accepté"),
        ("page.html", b"<html><script>alert(1)</script></html>", "type de fichier accepté"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 100, "type de fichier accepté"),
    ],
)
def test_a_file_of_another_type_is_refused_and_nothing_is_created(world, name, content, message):
    with pytest.raises(services.LibraryError, match=message) as refusal:
        make_document(world.space, world.agent, file=upload(name, content))
    assert refusal.value.field == "file"
    assert Document.objects.count() == 0


def test_a_file_over_the_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr(services, "MAX_BYTES", 100)
    with pytest.raises(services.LibraryError, match="dépasse 50 Mo"):
        make_document(world.space, world.agent)
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"category": "inconnue"}, "category"),
        ({"visibility": "tous"}, "visibility"),
        ({"tags": [f"t{i}" for i in range(13)]}, "tags"),
    ],
)
def test_bad_fields_are_refused_under_their_field(world, fields, field):
    values = {"title": "Titre", "category": "autre", "visibility": "membres", "tags": []}
    values.update(fields)
    with pytest.raises(services.LibraryError) as refusal:
        services.create_document(
            actor=world.agent.user, space=world.space, upload=upload(), **values
        )
    assert refusal.value.field == field
    assert Document.objects.count() == 0


def test_a_broken_pdf_is_kept_and_says_why_its_text_is_unread(world):
    broken = b"%PDF-1.4\n" + b"garbage " * 50
    document = make_document(world.space, world.agent, title="Cassé", file=upload("c.pdf", broken))
    version = document.versions.get()
    version.refresh_from_db()
    assert version.extraction == Extraction.FAILED
    assert "PDF" in version.extraction_error
    assert found(world, "casse") == ["Cassé"]  # still found by its title


def test_a_broken_docx_is_kept_and_says_why(world):
    content = docx_bytes().replace(b"word/document.xml", b"word/documenX.xml")
    document = make_document(world.space, world.agent, file=upload("c.docx", content))
    version = document.versions.get()
    version.refresh_from_db()
    assert (version.extraction, version.extraction_error) == (
        Extraction.FAILED,
        "Le document est abîmé : son contenu est introuvable.",
    )


def test_replacing_the_file_adds_a_version_and_searches_the_new_text(world):
    document = make_document(world.space, world.agent, file=upload("a.txt", b"ancien texte"))
    version = services.replace_file(
        actor=world.agent.user,
        document=document,
        upload=upload("b.txt", b"nouveau texte"),
        note="Corrections",
    )
    assert (version.number, document.versions.count()) == (2, 2)
    assert found(world, "nouveau") and not found(world, "ancien")
    document.refresh_from_db()
    assert document.current_version == version
    assert ActionLog.objects.filter(action="library.replace_file").count() == 1


def test_archiving_takes_it_out_of_the_library_and_search_and_restoring_brings_it_back(world):
    document = make_document(world.space, world.agent, title="Étude voirie")
    services.archive_document(actor=world.agent.user, document=document)
    assert found(world, "voirie") == []
    assert Document.objects.current().count() == 0
    assert document.versions.count() == 1  # nothing lost
    with pytest.raises(services.LibraryError, match="déjà archivé"):
        services.archive_document(actor=world.agent.user, document=document)
    with pytest.raises(services.LibraryError, match="restaurez-le"):
        services.replace_file(actor=world.agent.user, document=document, upload=upload())
    services.restore_document(actor=world.agent.user, document=document)
    assert found(world, "voirie") == ["Étude voirie"]
    actions = list(ActionLog.objects.values_list("action", flat=True).order_by("pk"))
    assert actions == ["library.create", "library.archive", "library.restore"]


def test_changing_the_visibility_changes_who_finds_it(world):
    document = make_document(world.space, world.agent, title="Étude voirie")
    assert found(world, "voirie", user=world.outsider.user) == []
    services.update_document(
        actor=world.agent.user,
        document=document,
        title="Étude voirie",
        visibility=Visibility.PUBLIC,
        tags=["Routes"],
    )
    assert found(world, "voirie", user=world.outsider.user) == ["Étude voirie"]
    assert search.search(space=world.space, query="voirie", tag="routes").total == 1


def test_tags_are_shared_in_the_space_whatever_their_spelling(world):
    make_document(world.space, world.agent, title="A", tags=["Voirie", "Été 2026"])
    make_document(world.space, world.agent, title="B", tags=["voirie "])
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["ete-2026", "voirie"]
    assert services.tags_from(" voirie, Voirie ,, budget ") == ["voirie", "budget"]


def numbered_act(world, title="Adhésion au syndicat des eaux"):
    body = meeting_world(world)["body"]
    sitting = closed_sitting(body, at(2026, 3, 10))
    closed_vote(AgendaItemFactory(sitting=sitting, position=1, title=title))
    (act,) = acts.number_deliberations(actor=None, sitting=sitting)
    return sitting, act


@pytest.mark.real_commit
def test_published_deliberations_are_found_by_everyone_once_published(
    world, django_capture_on_commit_callbacks
):
    sitting, act = numbered_act(world)
    assert search.search(space=world.space, query="adhesions syndicats").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        acts.publish_deliberations(actor=world.agent.user, sitting=sitting)
    results = search.search(space=world.space, query="adhesions syndicats")
    assert [r.url for r in results] == [act.get_absolute_url()]
    assert results[0].kind_label == "Délibération"


def test_the_reindex_command_indexes_deliberations_published_before(world):
    sitting, act = numbered_act(world)
    Deliberation.objects.filter(pk=act.pk).update(published_at=timezone.now())
    make_document(world.space, world.agent, title="Étude des eaux")
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("reindex_library", "--space", "cc-test", "--read", stdout=out)
    assert out.getvalue().strip() == "1 document(s) et 1 délibération(s) indexés."
    assert len(found(world, "eaux")) == 2


@pytest.mark.real_commit
def test_the_text_is_read_by_a_task_after_the_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = make_document(world.space, world.agent, title="Note")
    assert document.current_version.extraction == Extraction.PENDING
    assert len(callbacks) == 1
    callbacks[0]()
    document.current_version.refresh_from_db()
    assert document.current_version.extraction == Extraction.DONE
    assert found(world, "deliberations communautaires") == ["Note"]

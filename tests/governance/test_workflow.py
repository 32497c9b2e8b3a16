"""Documents and their workflow: creation, the optimistic check of two editors, the
municipal councils' opinion, adoption (frozen, public, indexed), revision; nothing deleted."""

import datetime

import pytest
from django.core.management import call_command

from maillage.audit.models import ActionLog
from maillage.governance import services
from maillage.governance.models import Document, Status
from maillage.governance.services import GovernanceError
from maillage.opinions.models import OpinionRequest
from maillage.opinions.rules import Rule

from .factories import adopted, deliberation, first_article, in_contributions, make_document
from .files import docx


def test_a_blank_document_starts_with_one_article_and_version_one(world):
    document = services.create_document(
        actor=world.agent.user, space=world.space, kind="charte", title="Charte"
    )
    assert document.status == Status.DRAFT
    assert document.articles.count() == 1
    assert document.versions.get().reason == "Création : page blanche"


def test_an_imported_docx_becomes_sections_and_articles(world):
    upload = docx([("Heading1", "Titre I"), ("Heading2", "Objet"), ("", "Le texte.")])
    document = services.create_document(
        actor=world.agent.user, space=world.space, kind="statuts", title="Statuts", source=upload
    )
    assert [str(s) for s in document.sections.all()] == ["1. Titre I"]
    assert first_article(document).text == "Le texte."


def test_an_unreadable_import_stores_nothing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(GovernanceError, match="n'en est pas un") as error:
        services.create_document(
            actor=world.agent.user,
            space=world.space,
            kind="charte",
            title="Charte",
            source=SimpleUploadedFile("charte.docx", b"pas un zip"),
        )
    assert error.value.field == "source"
    assert not Document.objects.exists()


def test_the_second_editor_of_an_article_is_told_and_nothing_is_overwritten(world):
    document = make_document(world.space, world.agent)
    article = first_article(document)
    services.edit_article(
        actor=world.agent.user,
        article=article,
        title="A",
        text="Premier.",
        expected_revision=1,
        reason="Relecture",
    )
    with pytest.raises(GovernanceError, match="pendant que vous l'écriviez"):
        services.edit_article(
            actor=world.admin.user,
            article=article,
            title="B",
            text="Second.",
            expected_revision=1,
            reason="Relecture",
        )
    article.refresh_from_db()
    assert (article.text, article.revision) == ("Premier.", 2)


def test_a_pacte_goes_to_the_councils_through_an_opinion_request_with_its_two_months(world):
    document = in_contributions(world.space, world.agent)
    with pytest.raises(GovernanceError, match="L5211-11-2"):
        services.finalise(actor=world.agent.user, document=document)
    today = datetime.date(2026, 4, 1)
    services.send_for_opinion(actor=world.agent.user, document=document, today=today)
    document.refresh_from_db()
    request = document.opinion_request
    assert document.status == Status.CONSULTATION
    assert request.rule == Rule.PACTE and request.deadline == datetime.date(2026, 6, 1)
    assert request.document.read()[:4] == b"%PDF"
    assert request.targets.count() == 2
    with pytest.raises(GovernanceError, match="01/06/2026"):
        services.finalise(
            actor=world.agent.user, document=document, today=datetime.date(2026, 5, 1)
        )
    services.finalise(actor=world.agent.user, document=document, today=datetime.date(2026, 6, 2))
    document.refresh_from_db()
    assert document.status == Status.FINAL


def test_another_document_needs_a_chosen_deadline_for_the_opinions(world):
    document = make_document(world.space, world.agent, kind="charte")
    with pytest.raises(GovernanceError, match="date limite"):
        services.send_for_opinion(actor=world.agent.user, document=document)
    assert not OpinionRequest.objects.exists()


def test_finalising_closes_the_open_amendments_with_a_reason(world):
    document = in_contributions(world.space, world.agent, kind="charte")
    from .factories import propose

    amendment = propose(document, world.elu)
    services.finalise(actor=world.agent.user, document=document)
    amendment.refresh_from_db()
    assert amendment.status == "rejete" and "Contributions closes" in amendment.decision_reason


def test_adoption_freezes_the_version_publishes_it_and_a_revision_keeps_it_public(world):
    document = make_document(world.space, world.agent, kind="charte")
    services.finalise(actor=world.agent.user, document=document)
    act = deliberation(world.space)
    services.adopt(actor=world.agent.user, document=document, deliberation=act)
    document.refresh_from_db()
    assert document.status == Status.ADOPTED and document.is_public
    frozen = document.published_version
    assert frozen.frozen_at is not None
    with pytest.raises(GovernanceError, match="après la délibération"):
        services.bring_into_force(
            actor=world.agent.user, document=document, on=act.decided_on - datetime.timedelta(1)
        )
    services.bring_into_force(actor=world.agent.user, document=document, on=act.decided_on)
    services.start_revision(actor=world.agent.user, document=document, reason="Nouveau mandat")
    document.refresh_from_db()
    assert (document.status, document.cycle) == (Status.DRAFT, 2)
    assert document.published_version == frozen and document.is_public


def test_a_deliberation_of_another_space_does_not_adopt(world):
    from tests.spaces.factories import SpaceFactory

    document = make_document(world.space, world.agent, kind="charte")
    services.finalise(actor=world.agent.user, document=document)
    with pytest.raises(GovernanceError, match="autre espace"):
        services.adopt(
            actor=world.agent.user, document=document, deliberation=deliberation(SpaceFactory())
        )


def test_the_text_cannot_change_during_the_consultation(world):
    document = make_document(world.space, world.agent)
    services.send_for_opinion(actor=world.agent.user, document=document)
    with pytest.raises(GovernanceError, match="avis sur ce texte"):
        services.add_article(actor=world.agent.user, document=document, title="X", text="Y")


def test_every_change_is_in_the_action_log(world):
    in_contributions(world.space, world.agent)
    assert set(ActionLog.objects.values_list("action", flat=True)) >= {
        "governance.create",
        "governance.open_contributions",
    }


def test_the_daily_command_reminds_agents_and_admins_of_the_pacte_dates(world):
    document = make_document(world.space, world.agent)
    document.renewal_date = datetime.date(2026, 3, 22)
    document.save()
    call_command("remind_governance_deadlines", date="2026-06-15")
    assert world.agent.notifications.filter(title__contains="dans 7 jours").count() == 1
    assert world.admin.notifications.count() == 1
    assert not world.elu.notifications.exists()
    call_command("remind_governance_deadlines", date="2026-06-16")
    assert world.agent.notifications.count() == 1


def test_an_adopted_document_is_found_by_the_library_search_and_leaves_it_when_archived(world):
    from maillage.library.search import search

    document = adopted(world.space, world.agent)
    results = search(space=world.space, query="conferences des maires")
    assert [r.url for r in results] == [f"/gouvernance/{document.pk}/"]
    services.archive_document(actor=world.agent.user, document=document)
    assert not search(space=world.space, query="conferences des maires")

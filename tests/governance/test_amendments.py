"""Amendments: proposing, supporting, withdrawing, and the rapporteur's decisions; a
conflicting amendment is never applied as it stands."""

import datetime

import pytest

from maillage.audit.models import ActionLog
from maillage.governance import services
from maillage.governance.models import AmendmentStatus, Article, Support
from maillage.governance.services import GovernanceError

from .factories import first_article, in_contributions, make_document, propose


@pytest.fixture
def document(world):
    return in_contributions(world.space, world.agent)


def test_an_elu_proposes_an_amendment_written_on_the_current_revision(world, document):
    amendment = propose(document, world.elu)
    article = first_article(document)
    assert amendment.base_revision == article.revision
    assert amendment.base_text == article.text
    assert amendment.status == AmendmentStatus.PROPOSED
    assert ActionLog.objects.filter(action="governance.propose_amendment").count() == 1


@pytest.mark.parametrize(
    "kind, text, rationale, message",
    [
        ("remplacer", "", "Motif", "Écrivez le texte proposé"),
        ("remplacer", "Nouveau", "  ", "exposé des motifs"),
        ("n_importe", "Nouveau", "Motif", "Choisissez"),
        (
            "remplacer",
            "La conférence des maires se réunit deux fois par an.",
            "M",
            "rien ne change",
        ),
    ],
)
def test_an_incomplete_amendment_is_refused(world, document, kind, text, rationale, message):
    with pytest.raises(GovernanceError, match=message):
        services.propose_amendment(
            actor=world.elu.user,
            article=first_article(document),
            kind=kind,
            text=text,
            rationale=rationale,
        )


def test_no_amendment_outside_the_contributions(world):
    document = make_document(world.space, world.agent)
    with pytest.raises(GovernanceError, match="pas ouvert aux contributions"):
        propose(document, world.elu)


def test_no_amendment_after_the_last_day(world, document):
    with pytest.raises(GovernanceError, match="closes depuis"):
        services.propose_amendment(
            actor=world.elu.user,
            article=first_article(document),
            kind="supprimer",
            rationale="Inutile",
            today=document.contributions_until + datetime.timedelta(days=1),
        )


def test_one_support_per_person_withdrawable_and_kept(world, document):
    amendment = propose(document, world.elu)
    services.support_amendment(actor=world.referent.user, amendment=amendment)
    with pytest.raises(GovernanceError, match="déjà"):
        services.support_amendment(actor=world.referent.user, amendment=amendment)
    amendment.refresh_from_db()
    assert amendment.support_count == 1
    services.withdraw_support(actor=world.referent.user, amendment=amendment)
    amendment.refresh_from_db()
    assert amendment.support_count == 0
    assert Support.objects.filter(amendment=amendment, withdrawn_at__isnull=False).count() == 1
    services.support_amendment(actor=world.referent.user, amendment=amendment)
    assert Support.objects.filter(amendment=amendment).count() == 2


def test_the_author_does_not_support_their_own_amendment(world, document):
    amendment = propose(document, world.elu)
    with pytest.raises(GovernanceError, match="auteur"):
        services.support_amendment(actor=world.elu.user, amendment=amendment)


def test_a_withdrawn_amendment_stays_readable_and_is_no_longer_decided(world, document):
    amendment = propose(document, world.elu)
    with pytest.raises(GovernanceError, match="Seul l'auteur"):
        services.withdraw_amendment(actor=world.referent.user, amendment=amendment)
    services.withdraw_amendment(actor=world.elu.user, amendment=amendment)
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.WITHDRAWN
    with pytest.raises(GovernanceError, match="retiré par son auteur"):
        services.accept_amendment(actor=world.agent.user, amendment=amendment)


def test_accepting_a_replacement_changes_the_article_and_makes_a_version(world, document):
    amendment = propose(document, world.elu, text="La conférence se réunit chaque trimestre.")
    before = document.versions.count()
    services.accept_amendment(actor=world.agent.user, amendment=amendment)
    article = first_article(document)
    assert article.text == "La conférence se réunit chaque trimestre."
    assert article.revision == 2
    version = document.versions.order_by("-number").first()
    assert document.versions.count() == before + 1
    assert version.amendment == amendment
    assert "accepté" in version.reason
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.ACCEPTED


def test_accepting_an_insertion_adds_an_article_right_after(world, document):
    target = first_article(document)
    amendment = services.propose_amendment(
        actor=world.elu.user,
        article=target,
        kind="inserer_apres",
        text="Les maires sont consultés.",
        new_title="Consultation",
        rationale="Associer les maires.",
    )
    services.accept_amendment(actor=world.agent.user, amendment=amendment)
    titles = list(
        Article.objects.in_force().filter(document=document).values_list("title", flat=True)
    )
    assert titles[:2] == [target.title, "Consultation"]


def test_insertions_keep_their_place_when_no_gap_is_left(world, document):
    target = first_article(document)
    for n in range(5):  # gaps of 10 run out after a few insertions at the same place
        amendment = services.propose_amendment(
            actor=world.elu.user,
            article=target,
            kind="inserer_apres",
            text=f"Inséré {n}",
            rationale="M",
        )
        services.accept_amendment(actor=world.agent.user, amendment=amendment)
    texts = list(
        Article.objects.in_force().filter(document=document).values_list("text", flat=True)
    )
    assert texts[1:6] == [f"Inséré {n}" for n in (4, 3, 2, 1, 0)]
    assert texts[6] == "Le bureau comprend le président et les vice-présidents."


def test_accepting_a_deletion_keeps_the_article_marked_removed(world, document):
    amendment = propose(document, world.elu, kind="supprimer", text="")
    article = amendment.article
    services.accept_amendment(actor=world.agent.user, amendment=amendment)
    article.refresh_from_db()
    assert article.removed_at is not None
    latest = document.versions.order_by("-number").first()
    assert article.pk not in [a["id"] for a in latest.snapshot["articles"]]


def test_an_amendment_on_a_changed_article_conflicts_and_is_not_accepted(world, document):
    first = propose(document, world.elu, text="Première proposition.")
    second = propose(document, world.referent, text="Seconde proposition.")
    services.accept_amendment(actor=world.agent.user, amendment=first)
    second.refresh_from_db()
    assert second.is_conflicting
    with pytest.raises(GovernanceError, match="Fusionnez-le"):
        services.accept_amendment(actor=world.agent.user, amendment=second)
    assert first_article(document).text == "Première proposition."


def test_a_conflicting_amendment_is_applied_by_a_merge_on_the_current_revision(world, document):
    first = propose(document, world.elu, text="Première proposition.")
    second = propose(document, world.referent, text="Seconde proposition.")
    services.accept_amendment(actor=world.agent.user, amendment=first)
    with pytest.raises(GovernanceError, match="encore changé"):
        services.merge_amendment(
            actor=world.agent.user, amendment=second, text="Fusion.", expected_revision=1
        )
    services.merge_amendment(
        actor=world.agent.user, amendment=second, text="Première et seconde.", expected_revision=2
    )
    second.refresh_from_db()
    assert second.status == AmendmentStatus.MERGED
    assert second.applied_text == "Première et seconde."
    assert first_article(document).text == "Première et seconde."


def test_a_deletion_is_never_merged(world, document):
    amendment = propose(document, world.elu, kind="supprimer", text="")
    with pytest.raises(GovernanceError, match="ne se fusionne pas"):
        services.merge_amendment(
            actor=world.agent.user, amendment=amendment, text="x", expected_revision=1
        )


def test_a_rejection_needs_a_reason_and_tells_the_author(world, document):
    amendment = propose(document, world.elu)
    with pytest.raises(GovernanceError, match="motif"):
        services.reject_amendment(actor=world.agent.user, amendment=amendment, reason=" ")
    services.reject_amendment(actor=world.agent.user, amendment=amendment, reason="Hors sujet.")
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.REJECTED
    assert world.elu.notifications.filter(title__contains="rejeté").exists()


def test_a_superuser_without_a_person_record_cannot_propose(world, document):
    with pytest.raises(GovernanceError, match="fiche personne"):
        services.propose_amendment(
            actor=world.superuser,
            article=first_article(document),
            kind="supprimer",
            rationale="M",
        )

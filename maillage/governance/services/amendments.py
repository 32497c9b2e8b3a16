"""Amendments during the contributions: propose, support (and withdraw a support), withdraw;
the rapporteur accepts (applied as written), merges (edits, then applies) or rejects with a
reason. An amendment written on an older revision of its article is never applied as it
stands: only a merge by hand applies it."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.notifications.models import Kind
from maillage.notifications.services import notify
from maillage.spaces.perms import person_of

from .. import rules
from ..models import Amendment, AmendmentKind, AmendmentStatus, Article, Status, Support
from .common import GovernanceError, lock, record_version

CONFLICT = (
    "L'article a changé depuis que cet amendement a été écrit (version {base} de l'article, "
    "elle est maintenant à la version {current}) : il ne s'applique pas tel quel. Fusionnez-le "
    "à la main pour l'adapter au texte actuel, ou rejetez-le."
)


def _person(actor):
    person = person_of(actor)
    if person is None:
        raise GovernanceError(
            "Seule une personne inscrite (élu, agent, référent) propose ou soutient un "
            "amendement ; ce compte n'a pas de fiche personne."
        )
    return person


def _check_open(document, today):
    if not rules.contributions_open(document.status, document.contributions_until, today):
        if document.status == Status.CONTRIBUTIONS:
            raise GovernanceError(
                f"Les contributions sont closes depuis le {document.contributions_until:%d/%m/%Y}."
            )
        raise GovernanceError("Ce document n'est pas ouvert aux contributions.")


def propose_amendment(
    *,
    actor,
    article: Article,
    kind: str,
    rationale: str,
    text: str = "",
    new_title: str = "",
    today=None,
) -> Amendment:
    """An élu proposes to replace the article's text, insert an article after it, or delete
    it, with a rationale; the amendment remembers the revision it was written on."""
    today = today or timezone.localdate()
    person = _person(actor)
    text, rationale = (text or "").strip(), (rationale or "").strip()
    if kind not in AmendmentKind.values:
        raise GovernanceError("Choisissez ce que propose l'amendement.", field="kind")
    if kind != AmendmentKind.DELETE and not text:
        raise GovernanceError("Écrivez le texte proposé.", field="text")
    if kind == AmendmentKind.DELETE:
        text = ""
    if not rationale:
        raise GovernanceError("Expliquez l'amendement (exposé des motifs).", field="rationale")
    if kind == AmendmentKind.REPLACE and text == article.text.strip():
        raise GovernanceError(
            "Le texte proposé est celui de l'article : rien ne change.", field="text"
        )
    with transaction.atomic():
        document = lock(article.document)
        _check_open(document, today)
        current = Article.objects.get(pk=article.pk)
        if current.removed_at is not None:
            raise GovernanceError("Cet article a été supprimé : il ne s'amende plus.")
        amendment = Amendment.objects.create(
            document=document,
            article=current,
            kind=kind,
            text=text,
            new_title=(new_title or "").strip()[:300] if kind == AmendmentKind.INSERT_AFTER else "",
            rationale=rationale,
            author=person,
            base_revision=current.revision,
            base_text=current.text,
        )
        log_action(
            actor=actor,
            action="governance.propose_amendment",
            obj=amendment,
            space=document.space,
            data={"document": document.pk, "article": current.pk, "kind": kind},
        )
        if document.rapporteur_id:
            notify(
                recipients=[document.rapporteur],
                kind=Kind.GOVERNANCE,
                title=f"Nouvel amendement sur « {document.title} »",
                url=amendment.get_absolute_url(),
                body=rationale[:500],
                space=document.space,
                exclude=person,
            )
    return amendment


def support_amendment(*, actor, amendment: Amendment, today=None) -> Support:
    """One support per person, while the amendment is open and contributions run; the
    author's own proposal needs none."""
    today = today or timezone.localdate()
    person = _person(actor)
    if amendment.author_id == person.pk:
        raise GovernanceError("Vous êtes l'auteur de cet amendement : il porte déjà votre nom.")
    with transaction.atomic():
        document = lock(amendment.document)
        _check_open(document, today)
        locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if not locked.is_open:
            raise GovernanceError("Cet amendement n'est plus en discussion.")
        try:
            with transaction.atomic():
                support = Support.objects.create(amendment=locked, person=person)
        except IntegrityError:
            raise GovernanceError("Vous soutenez déjà cet amendement.") from None
        Amendment.objects.filter(pk=locked.pk).update(support_count=F("support_count") + 1)
        log_action(actor=actor, action="governance.support", obj=locked, space=document.space)
    return support


def withdraw_support(*, actor, amendment: Amendment, today=None) -> None:
    """Withdraw one's support (the row stays, dated)."""
    today = today or timezone.localdate()
    person = _person(actor)
    with transaction.atomic():
        document = lock(amendment.document)
        _check_open(document, today)
        updated = Support.objects.filter(
            amendment=amendment, person=person, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        if not updated:
            raise GovernanceError("Vous ne soutenez pas cet amendement.")
        Amendment.objects.filter(pk=amendment.pk).update(support_count=F("support_count") - 1)
        log_action(
            actor=actor, action="governance.withdraw_support", obj=amendment, space=document.space
        )


def withdraw_amendment(*, actor, amendment: Amendment) -> Amendment:
    """The author withdraws their amendment while it is open; it stays readable."""
    person = _person(actor)
    with transaction.atomic():
        locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if locked.author_id != person.pk:
            raise GovernanceError("Seul l'auteur retire son amendement.")
        if not locked.is_open:
            raise GovernanceError("Cet amendement n'est plus en discussion.")
        locked.status = AmendmentStatus.WITHDRAWN
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        log_action(
            actor=actor,
            action="governance.withdraw_amendment",
            obj=locked,
            space=locked.document.space,
        )
    return locked


def _shift_after(document, position: int) -> None:
    """Move every article after `position` 10 places further (two steps: the unique place of
    each article holds at every moment)."""
    following = Article.objects.filter(document=document, position__gt=position)
    following.update(position=F("position") + 1_000_000)
    Article.objects.filter(document=document, position__gt=1_000_000).update(
        position=F("position") - 1_000_000 + 10
    )


def _apply(*, actor, document, amendment: Amendment, text: str, title: str, reason: str):
    article = Article.objects.select_for_update().get(pk=amendment.article_id)
    if amendment.kind == AmendmentKind.REPLACE:
        article.text = text
        article.revision += 1
        article.save(update_fields=["text", "revision", "updated_at"])
    elif amendment.kind == AmendmentKind.DELETE:
        article.removed_at = timezone.now()
        article.revision += 1
        article.save(update_fields=["removed_at", "revision", "updated_at"])
    else:
        following = (
            Article.objects.filter(document=document, position__gt=article.position)
            .order_by("position")
            .values_list("position", flat=True)
            .first()
        )
        position = rules.position_after(article.position, following)
        if position is None:
            _shift_after(document, article.position)
            position = article.position + 5
        Article.objects.create(
            document=document,
            section=article.section,
            position=position,
            title=title,
            text=text,
        )
    return record_version(document=document, actor=actor, reason=reason, amendment=amendment)


def _decide(amendment: Amendment, *, actor, status: str, reason: str = "", applied: str = ""):
    amendment.status = status
    amendment.decision_reason = reason
    amendment.applied_text = applied
    amendment.decided_by = actor
    amendment.decided_at = timezone.now()
    amendment.save(
        update_fields=["status", "decision_reason", "applied_text", "decided_by", "decided_at"]
    )
    notify(
        recipients=[amendment.author],
        kind=Kind.GOVERNANCE,
        title=f"Votre amendement sur « {amendment.document.title} » : "
        f"{amendment.get_status_display().lower()}",
        url=amendment.get_absolute_url(),
        body=reason[:500],
        space=amendment.document.space,
        exclude=person_of(actor),
    )


def _locked_open(amendment: Amendment):
    document = lock(amendment.document)
    if document.status != Status.CONTRIBUTIONS:
        raise GovernanceError("Les amendements se décident pendant la phase de contributions.")
    locked = Amendment.objects.select_for_update().select_related("article").get(pk=amendment.pk)
    if not locked.is_open:
        raise GovernanceError(f"Cet amendement est déjà « {locked.get_status_display().lower()} ».")
    return document, locked


def accept_amendment(*, actor, amendment: Amendment, reason: str = ""):
    """Apply the amendment as written: a new version. Refused when it conflicts."""
    with transaction.atomic():
        document, locked = _locked_open(amendment)
        if locked.is_conflicting:
            raise GovernanceError(
                CONFLICT.format(base=locked.base_revision, current=locked.article.revision)
            )
        version = _apply(
            actor=actor,
            document=document,
            amendment=locked,
            text=locked.text,
            title=locked.new_title,
            reason=f"Amendement n° {locked.pk} accepté ({locked.author.full_name})",
        )
        _decide(
            locked,
            actor=actor,
            status=AmendmentStatus.ACCEPTED,
            reason=(reason or "").strip(),
            applied=locked.text,
        )
        log_action(
            actor=actor,
            action="governance.accept_amendment",
            obj=locked,
            space=document.space,
            data={"version": version.number},
        )
    return locked


def merge_amendment(
    *,
    actor,
    amendment: Amendment,
    text: str,
    expected_revision: int,
    title: str = "",
    reason: str = "",
):
    """The rapporteur rewrites the proposed text (against the article's current text, the
    revision shown in the form: `expected_revision`) and applies it: a new version. A
    deletion is accepted or rejected, never merged."""
    text = (text or "").strip()
    if not text:
        raise GovernanceError("Écrivez le texte à appliquer.", field="text")
    with transaction.atomic():
        document, locked = _locked_open(amendment)
        if locked.kind == AmendmentKind.DELETE:
            raise GovernanceError(
                "Un amendement de suppression s'accepte ou se rejette ; il ne se fusionne pas."
            )
        article = locked.article
        if article.removed_at is not None:
            raise GovernanceError("L'article a été supprimé : cet amendement ne s'applique plus.")
        if article.revision != expected_revision:
            raise GovernanceError(
                "L'article a encore changé pendant que vous fusionniez (version "
                f"{article.revision}). Votre texte est conservé : relisez le texte actuel et "
                "enregistrez à nouveau."
            )
        version = _apply(
            actor=actor,
            document=document,
            amendment=locked,
            text=text,
            title=(title or locked.new_title).strip()[:300],
            reason=f"Amendement n° {locked.pk} accepté après retouche ({locked.author.full_name})",
        )
        _decide(
            locked,
            actor=actor,
            status=AmendmentStatus.MERGED,
            reason=(reason or "").strip(),
            applied=text,
        )
        log_action(
            actor=actor,
            action="governance.merge_amendment",
            obj=locked,
            space=document.space,
            data={
                "version": version.number,
                "was_conflicting": locked.base_revision != expected_revision,
            },
        )
    return locked


def reject_amendment(*, actor, amendment: Amendment, reason: str):
    """Reject with a reason, shown to everyone and told to the author."""
    reason = (reason or "").strip()
    if not reason:
        raise GovernanceError("Donnez le motif du rejet.", field="reason")
    with transaction.atomic():
        document, locked = _locked_open(amendment)
        _decide(locked, actor=actor, status=AmendmentStatus.REJECTED, reason=reason)
        log_action(
            actor=actor, action="governance.reject_amendment", obj=locked, space=document.space
        )
    return locked

"""The workflow of a document: contributions, the municipal councils' opinion, the final
version, adoption by a deliberation, entry into force, and a revision that starts a new cycle.
The rules (which step follows which, the legal dates) are in `rules.py`."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.audit.services import log_action
from maillage.opinions import services as opinion_services
from maillage.opinions.rules import Rule, Silence

from .. import rules
from ..models import Document, Status, Version
from .common import GovernanceError, lock, record_version
from .library import index


def _move(document: Document, target: rules.Stage, *, consulted: bool = False):
    try:
        rules.check_transition(document.kind, document.status, target, consulted=consulted)
    except ValueError as error:
        raise GovernanceError(str(error)) from None


def current_version(document: Document) -> Version:
    return document.versions.order_by("-number").first()


def open_contributions(*, actor, document: Document, until: datetime.date, today=None):
    """Open the text to the élus' amendments until a day (included)."""
    today = today or timezone.localdate()
    try:
        rules.check_contributions_end(until, today)
    except ValueError as error:
        raise GovernanceError(str(error), field="until") from None
    with transaction.atomic():
        locked = lock(document)
        _move(locked, rules.Stage.CONTRIBUTIONS)
        locked.status = Status.CONTRIBUTIONS
        locked.contributions_until = until
        locked.save(update_fields=["status", "contributions_until"])
        log_action(
            actor=actor,
            action="governance.open_contributions",
            obj=locked,
            space=locked.space,
            data={"until": until.isoformat()},
        )
    return locked


def _opinion_rule(kind: str):
    if kind == rules.PACTE:
        return Rule.PACTE, ""
    if kind == rules.SCHEMA:
        return Rule.MUTUALISATION, ""
    return Rule.CHOSEN, Silence.NO_OPINION


def send_for_opinion(
    *, actor, document: Document, deadline: datetime.date | None = None, today=None
):
    """Send the current text (as PDF) to the municipal councils of the member communes
    through an opinion request: the pacte follows its rule (2 months, L5211-11-2), the
    mutualisation scheme its own (3 months, L5211-39-1); another document a deadline chosen.
    Open amendments stay open but cannot be applied until a later revision *(choice: they are
    rejected with the reason "consultation" when the final version is prepared)*."""
    from ..pdf import version_pdf

    today = today or timezone.localdate()
    rule, silence = _opinion_rule(document.kind)
    if rule == Rule.CHOSEN and deadline is None:
        raise GovernanceError("Choisissez la date limite des avis.", field="deadline")
    with transaction.atomic():
        locked = lock(document)
        _move(locked, rules.Stage.CONSULTATION)
        version = current_version(locked)
        pdf = ContentFile(
            version_pdf(locked, version), name=f"{slugify(locked.title)[:60] or 'document'}.pdf"
        )
        try:
            request = opinion_services.create_request(
                actor=actor,
                space=locked.space,
                title=f"Avis sur le projet : {locked.title}"[:200],
                description=(
                    f"Projet de {locked.get_kind_display().lower()} (version {version.number}). "
                    "Le texte complet et ses articles sont consultables dans Maillage."
                ),
                document=pdf,
                rule=rule,
                silence=silence,
                deadline=deadline,
            )
            opinion_services.send_request(actor=actor, request=request, today=today)
        except opinion_services.OpinionError as error:
            raise GovernanceError(str(error)) from None
        locked.status = Status.CONSULTATION
        locked.opinion_request = request
        locked.save(update_fields=["status", "opinion_request"])
        log_action(
            actor=actor,
            action="governance.send_for_opinion",
            obj=locked,
            space=locked.space,
            data={"request": request.pk, "version": version.number},
        )
    return locked


def _consultation_over(document: Document, today) -> bool:
    request = document.opinion_request
    if request is None:
        return False
    request.refresh_from_db()
    answered = not request.targets.filter(opinions__isnull=True).exists()
    return rules.adoption_allowed(request.deadline, answered, today)


def finalise(*, actor, document: Document, today=None):
    """The final version, submitted to the council: after the councils' opinion (every council
    answered, or the delay ran out: silence does not stop the procedure, L5211-11-2), or
    directly for a document that needs no consultation. Amendments still open are closed as
    rejected: the contributions are over."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = lock(document)
        consulted = locked.status == Status.CONSULTATION
        if consulted and not _consultation_over(locked, today):
            raise GovernanceError(
                "Les conseils municipaux ont jusqu'au "
                f"{locked.opinion_request.deadline:%d/%m/%Y} pour donner leur avis ; la version "
                "finale se prépare quand tous ont répondu ou après cette date."
            )
        _move(locked, rules.Stage.FINAL, consulted=consulted or locked.opinion_request_id)
        closed = locked.amendments.filter(status="propose").update(
            status="rejete",
            decision_reason="Contributions closes : la version finale est en préparation.",
            decided_by=actor,
            decided_at=timezone.now(),
        )
        locked.status = Status.FINAL
        locked.save(update_fields=["status"])
        log_action(
            actor=actor,
            action="governance.finalise",
            obj=locked,
            space=locked.space,
            data={"closed_amendments": closed},
        )
    return locked


def adopt(*, actor, document: Document, deliberation):
    """Adopted by a deliberation of the same space: the current version is frozen, published
    (PDF and public page) and indexed in the library."""
    if deliberation is None:
        raise GovernanceError(
            "Choisissez la délibération qui adopte le document.", field="deliberation"
        )
    if deliberation.space_id != document.space_id:
        raise GovernanceError(
            "Cette délibération appartient à un autre espace.", field="deliberation"
        )
    with transaction.atomic():
        locked = lock(document)
        _move(locked, rules.Stage.ADOPTED)
        version = record_version(
            document=locked,
            actor=actor,
            reason=f"Adoption (délibération n° {deliberation.year}-{deliberation.sequence:03d})",
        )
        version.frozen_at = timezone.now()
        version.save(update_fields=["frozen_at"])
        locked.status = Status.ADOPTED
        locked.deliberation = deliberation
        locked.published_version = version
        locked.save(update_fields=["status", "deliberation", "published_version"])
        log_action(
            actor=actor,
            action="governance.adopt",
            obj=locked,
            space=locked.space,
            data={"deliberation": deliberation.pk, "version": version.number},
        )
        index(locked, version)
    return locked


def bring_into_force(*, actor, document: Document, on: datetime.date):
    """The adopted text is in force from a day (after the deliberation's date)."""
    if on is None:
        raise GovernanceError("Indiquez la date d'entrée en vigueur.", field="on")
    with transaction.atomic():
        locked = lock(document)
        _move(locked, rules.Stage.IN_FORCE)
        if locked.deliberation and on < locked.deliberation.decided_on:
            raise GovernanceError(
                "Le document entre en vigueur après la délibération qui l'adopte "
                f"({locked.deliberation.decided_on:%d/%m/%Y}).",
                field="on",
            )
        locked.status = Status.IN_FORCE
        locked.in_force_on = on
        locked.save(update_fields=["status", "in_force_on"])
        log_action(
            actor=actor,
            action="governance.in_force",
            obj=locked,
            space=locked.space,
            data={"on": on.isoformat()},
        )
        index(locked, locked.published_version)
    return locked


def start_revision(*, actor, document: Document, reason: str):
    """A later revision: the text goes back to the draft in a new cycle; the adopted version
    stays frozen and public until the revision is adopted *(choice)*."""
    reason = (reason or "").strip()
    if not reason:
        raise GovernanceError("Dites pourquoi le document est révisé.", field="reason")
    with transaction.atomic():
        locked = lock(document)
        _move(locked, rules.Stage.DRAFT)
        locked.status = Status.DRAFT
        locked.cycle += 1
        locked.contributions_until = None
        locked.opinion_request = None
        locked.save(update_fields=["status", "cycle", "contributions_until", "opinion_request"])
        record_version(document=locked, actor=actor, reason=f"Révision : {reason}")
        log_action(
            actor=actor,
            action="governance.start_revision",
            obj=locked,
            space=locked.space,
            data={"cycle": locked.cycle, "reason": reason[:500]},
        )
    return locked


def record_debate(*, actor, document: Document, held_on: datetime.date):
    """The council debated whether to draft a pacte (L5211-11-2): its date stops the reminder."""
    if document.kind != rules.PACTE:
        raise GovernanceError("Seul le pacte de gouvernance fait l'objet de ce débat.")
    if held_on is None:
        raise GovernanceError("Indiquez la date du débat.", field="held_on")
    with transaction.atomic():
        locked = lock(document)
        if locked.renewal_date and held_on < locked.renewal_date:
            raise GovernanceError(
                "Le débat a lieu après le renouvellement général.", field="held_on"
            )
        locked.debate_held_on = held_on
        locked.save(update_fields=["debate_held_on"])
        log_action(
            actor=actor,
            action="governance.record_debate",
            obj=locked,
            space=locked.space,
            data={"on": held_on.isoformat()},
        )
    return locked

"""Services for the acts of sittings: deliberations, register, list, minutes, publication and
the copies sent to municipal councillors (L5211-40-2).

Contract used by the `session` services: `number_deliberations(*, actor, sitting)` is called
inside the transaction that closes a sitting and creates the numbered deliberations of its
voted items.

The read-side facts that the pages and the PDFs share (the content of a deliberation's vote,
of the minutes) are in `minutes.py`.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.mail import send_email
from maillage.spaces.models import Space

from .. import rules
from ..models import (
    AgendaItem,
    Deliberation,
    Dispatch,
    Minutes,
    Outcome,
    Sitting,
    SittingStatus,
    Vote,
)
from . import MeetingError, recipients

NUMBER_RE = re.compile(r"^(?P<year>\d{4})-(?P<sequence>\d{3,6})$")


def sitting_day(sitting: Sitting) -> datetime.date:
    """The day of the sitting, in local time: it dates the deliberations and the deadlines."""
    return timezone.localtime(sitting.starts_at).date()


def parse_number(number: str) -> tuple[int, int] | None:
    """`2026-042` → (2026, 42); None when it is not a deliberation number."""
    match = NUMBER_RE.match(number.strip())
    if match is None:
        return None
    return int(match["year"]), int(match["sequence"])


def _last_round(item: AgendaItem) -> Vote | None:
    votes = list(item.votes.all())
    return max(votes, key=lambda vote: vote.round_number) if votes else None


# --- Deliberations -----------------------------------------------------------------------------


def _next_sequence(space_id: int, year: int) -> int:
    """The next free number of the year in the space: the last one + 1 (read under the lock)."""
    last = Deliberation.objects.filter(space_id=space_id, year=year).aggregate(
        last=Max("sequence")
    )["last"]
    return (last or 0) + 1


def number_deliberations(*, actor, sitting: Sitting) -> list[Deliberation]:
    """Number the deliberations of a sitting that is being closed.

    Only a deliberative body (council, bureau) makes deliberations: the votes of commissions
    and of the conférence des maires are opinions. Each voted, not postponed item whose last
    vote round is closed becomes a deliberation numbered per space and year of the sitting
    (`2026-042`, next = max + 1). The space row is locked while numbering, so that two sittings
    closing at once never share a number; the unique constraint backs it. A second call
    creates nothing.
    """
    body = sitting.body
    if not body.is_deliberative:
        return []
    day = sitting_day(sitting)
    try:
        with transaction.atomic():
            Space.objects.select_for_update().only("pk").get(pk=body.space_id)
            items = (
                sitting.items.filter(postponed=False, deliberation__isnull=True)
                .prefetch_related("votes")
                .order_by("position")
            )
            to_number = []
            for item in items:
                vote = _last_round(item) if item.is_voted else None
                if vote is not None and vote.status == Vote.Status.CLOSED:
                    to_number.append((item, vote))
            if not to_number:
                return []
            created = []
            first = _next_sequence(body.space_id, day.year)
            for sequence, (item, vote) in enumerate(to_number, start=first):
                outcome = vote.outcome or (Outcome.ADOPTED if vote.elected else Outcome.REJECTED)
                created.append(
                    Deliberation.objects.create(
                        space_id=body.space_id,
                        item=item,
                        year=day.year,
                        sequence=sequence,
                        title=item.title,
                        text=item.draft_text,
                        decided_on=day,
                        outcome=outcome,
                        matter=item.matter,
                        members_in_office=vote.members_in_office,
                        present=vote.present,
                        represented=vote.represented,
                        votes_for=vote.votes_for,
                        votes_against=vote.votes_against,
                        abstentions=vote.abstentions,
                    )
                )
            log_action(
                actor=actor,
                action="meetings.number_deliberations",
                obj=sitting,
                data={"numbers": [deliberation.number for deliberation in created]},
                space=body.space,
            )
    except IntegrityError as error:
        raise MeetingError(
            "Les délibérations n'ont pas pu être numérotées : une autre séance prenait les mêmes "
            "numéros au même moment. Réessayez."
        ) from error
    return created


def update_deliberation(*, actor, deliberation: Deliberation, title: str, text: str):
    """Fix the object or the text of a deliberation before its publication. A published
    deliberation is never edited: a correction is a new act (`correct_deliberation`)."""
    title, text = title.strip(), text.strip()
    if not title:
        raise MeetingError("L'objet de la délibération ne peut pas être vide.")
    with transaction.atomic():
        current = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
        if current.published_at is not None:
            raise MeetingError(
                f"La délibération n° {current.number} est publiée : elle ne se modifie plus. "
                "Une erreur se corrige par une nouvelle délibération qui la rectifie."
            )
        current.title, current.text = title, text
        current.save(update_fields=["title", "text"])
        log_action(
            actor=actor,
            action="meetings.update_deliberation",
            obj=current,
            space=current.space,
        )
    deliberation.title, deliberation.text = title, text
    return current


def publish_deliberations(*, actor, sitting: Sitting) -> list[Deliberation]:
    """Publish the list of the sitting's deliberations: posted and online within one week of
    the sitting (L2121-25), each act in full and no longer editable (L2131-1)."""
    if sitting.status != SittingStatus.CLOSED:
        raise MeetingError("La liste des délibérations se publie une fois la séance close.")
    with transaction.atomic():
        pending = list(
            Deliberation.objects.select_for_update()
            .filter(item__sitting=sitting, published_at__isnull=True)
            .order_by("sequence")
        )
        if not pending:
            if Deliberation.objects.filter(item__sitting=sitting).exists():
                raise MeetingError("La liste des délibérations de cette séance est déjà publiée.")
            raise MeetingError("Cette séance n'a aucune délibération à publier.")
        now = timezone.now()
        Deliberation.objects.filter(pk__in=[d.pk for d in pending]).update(published_at=now)
        for deliberation in pending:
            deliberation.published_at = now
        deadline = rules.publication_deadline(sitting_day(sitting))
        log_action(
            actor=actor,
            action="meetings.publish_deliberations",
            obj=sitting,
            data={
                "numbers": [deliberation.number for deliberation in pending],
                "deadline": deadline.isoformat(),
                "late": timezone.localdate(now) > deadline,
            },
            space=sitting.body.space,
        )
    return pending


def correct_deliberation(*, actor, deliberation: Deliberation, item: AgendaItem) -> Deliberation:
    """Link the deliberation numbered from `item`, adopted at a later sitting of the same
    space, to the deliberation it corrects; both pages then show the link. The correcting act
    must not be published yet (a published act is never edited)."""
    corrector = Deliberation.objects.filter(item=item).select_related("item__sitting").first()
    if corrector is None:
        raise MeetingError(
            "Ce point n'a pas de délibération numérotée : le lien de rectification se fait "
            "une fois la séance close, avant la publication."
        )
    corrected_sitting = deliberation.item.sitting
    if corrector.space_id != deliberation.space_id:
        raise MeetingError("Une délibération ne rectifie qu'un acte du même espace.")
    if corrector.pk == deliberation.pk:
        raise MeetingError("Une délibération ne peut pas se rectifier elle-même.")
    if corrector.item.sitting.starts_at <= corrected_sitting.starts_at:
        raise MeetingError(
            f"La délibération n° {corrector.number} n'a pas été prise après la délibération "
            f"n° {deliberation.number} : elle ne peut pas la rectifier."
        )
    with transaction.atomic():
        corrector = Deliberation.objects.select_for_update().get(pk=corrector.pk)
        if corrector.published_at is not None:
            raise MeetingError(
                f"La délibération n° {corrector.number} est publiée : elle ne se modifie plus."
            )
        corrector.corrects = deliberation
        corrector.save(update_fields=["corrects"])
        log_action(
            actor=actor,
            action="meetings.correct_deliberation",
            obj=corrector,
            data={"corrects": deliberation.number},
            space=corrector.space,
        )
    return corrector


# --- Minutes -----------------------------------------------------------------------------------


def minutes_of(sitting: Sitting) -> Minutes | None:
    """The sitting's minutes, started (empty) when the sitting is closed; None before."""
    existing = Minutes.objects.filter(sitting=sitting).first()
    if existing is not None or sitting.status != SittingStatus.CLOSED:
        return existing
    minutes, _ = Minutes.objects.get_or_create(sitting=sitting)
    return minutes


def update_minutes(*, actor, sitting: Sitting, debates_summary: str) -> Minutes:
    """The secretary's summary of the debates (L2121-15), editable until the minutes are
    approved; the rest of the minutes is drawn from the recorded facts."""
    if sitting.status != SittingStatus.CLOSED:
        raise MeetingError("Le procès-verbal se rédige une fois la séance close.")
    with transaction.atomic():
        minutes_of(sitting)
        minutes = Minutes.objects.select_for_update().get(sitting=sitting)
        if minutes.approved_on is not None:
            raise MeetingError("Le procès-verbal est approuvé : il ne se modifie plus (L2121-15).")
        minutes.debates_summary = debates_summary.strip()
        minutes.save(update_fields=["debates_summary", "updated_at"])
        log_action(
            actor=actor, action="meetings.update_minutes", obj=minutes, space=sitting.body.space
        )
    return minutes


def approve_minutes(*, actor, minutes: Minutes, at_sitting: Sitting) -> Minutes:
    """Record that the minutes were approved at a later sitting of the same body, held or
    being held (L2121-15: approved at the start of the next sitting). Then not editable."""
    sitting = minutes.sitting
    if at_sitting.body_id != sitting.body_id:
        raise MeetingError("Le procès-verbal s'approuve lors d'une séance de la même instance.")
    if at_sitting.starts_at <= sitting.starts_at:
        raise MeetingError(
            "Le procès-verbal s'approuve lors d'une séance postérieure à celle qu'il relate."
        )
    if at_sitting.status not in (SittingStatus.OPEN, SittingStatus.CLOSED):
        raise MeetingError(
            "La séance d'approbation n'a pas encore eu lieu : le procès-verbal s'approuve "
            "en séance, une fois celle-ci ouverte."
        )
    with transaction.atomic():
        current = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if current.approved_on is not None:
            raise MeetingError(
                f"Le procès-verbal est déjà approuvé (le {current.approved_on:%d/%m/%Y})."
            )
        current.approved_at_sitting = at_sitting
        current.approved_on = sitting_day(at_sitting)
        current.save(update_fields=["approved_at_sitting", "approved_on", "updated_at"])
        log_action(
            actor=actor,
            action="meetings.approve_minutes",
            obj=current,
            data={"at_sitting": at_sitting.pk, "on": current.approved_on.isoformat()},
            space=sitting.body.space,
        )
    return current


def publish_minutes(*, actor, minutes: Minutes) -> Minutes:
    """Publish approved minutes: online within one week of their approval (L2121-15)."""
    with transaction.atomic():
        current = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if current.approved_on is None:
            raise MeetingError(
                "Seul un procès-verbal approuvé se publie : faites-le approuver lors de la "
                "séance suivante."
            )
        if current.published_at is not None:
            raise MeetingError("Le procès-verbal est déjà publié.")
        current.published_at = timezone.now()
        current.save(update_fields=["published_at", "updated_at"])
        deadline = rules.publication_deadline(current.approved_on)
        log_action(
            actor=actor,
            action="meetings.publish_minutes",
            obj=current,
            data={
                "deadline": deadline.isoformat(),
                "late": timezone.localdate(current.published_at) > deadline,
            },
            space=minutes.sitting.body.space,
        )
    return current


# --- Copies to municipal councillors (L5211-40-2) ---------------------------------------------


@dataclass
class DispatchState:
    """One document owed to the municipal councillors who are not community councillors."""

    document: str
    label: str
    due_on: datetime.date | None  # None while the document does not exist yet
    ready: bool  # published, so that the link works for everyone
    waiting_for: str  # why it cannot be sent yet
    sent: Dispatch | None

    @property
    def late(self) -> bool:
        if self.due_on is None:
            return False
        if self.sent is not None:
            return timezone.localdate(self.sent.sent_at) > self.due_on
        return timezone.localdate() > self.due_on


def dispatch_states(sitting: Sitting) -> list[DispatchState]:
    """What the council owes the municipal councillors for this sitting: the list of
    deliberations within one month of the sitting, the minutes within one month of their
    approval (L5211-40-2, `rules.copy_deadline`). Empty when the body sends no copies."""
    if not recipients.receives_copies(sitting.body):
        return []
    sent = {dispatch.document: dispatch for dispatch in sitting.dispatches.all()}
    published = Deliberation.objects.filter(item__sitting=sitting, published_at__isnull=False)
    minutes = Minutes.objects.filter(sitting=sitting).first()
    list_ready = sitting.status == SittingStatus.CLOSED and published.exists()
    states = [
        DispatchState(
            document=Dispatch.Document.LIST,
            label=Dispatch.Document.LIST.label,
            due_on=rules.copy_deadline(sitting_day(sitting))
            if sitting.status == SittingStatus.CLOSED
            else None,
            ready=list_ready,
            waiting_for="" if list_ready else "la publication de la liste des délibérations",
            sent=sent.get(Dispatch.Document.LIST),
        )
    ]
    approved = minutes is not None and minutes.approved_on is not None
    minutes_ready = approved and minutes.published_at is not None
    states.append(
        DispatchState(
            document=Dispatch.Document.MINUTES,
            label=Dispatch.Document.MINUTES.label,
            due_on=rules.copy_deadline(minutes.approved_on) if approved else None,
            ready=minutes_ready,
            waiting_for=""
            if minutes_ready
            else (
                "la publication du procès-verbal" if approved else "l'approbation du procès-verbal"
            ),
            sent=sent.get(Dispatch.Document.MINUTES),
        )
    )
    return states


def send_dispatch(*, actor, sitting: Sitting, document: str) -> Dispatch:
    """Email the list of deliberations or the approved minutes, with their link, to the
    municipal councillors who are not community councillors, within one month (L5211-40-2).
    Once per document; the emails leave in the background."""
    if document not in Dispatch.Document.values:
        raise MeetingError("Document inconnu : choisissez la liste ou le procès-verbal.")
    body = sitting.body
    if not recipients.receives_copies(body):
        raise MeetingError(
            "Seul le conseil communautaire d'un EPCI envoie ses actes aux conseillers "
            "municipaux (L5211-40-2)."
        )
    state = next(state for state in dispatch_states(sitting) if state.document == document)
    if state.sent is not None:
        raise MeetingError(
            f"{state.label} a déjà été envoyé le "
            f"{timezone.localtime(state.sent.sent_at):%d/%m/%Y à %H:%M}."
        )
    if not state.ready:
        raise MeetingError(
            f"{state.label} ne peut pas encore être envoyé : il attend {state.waiting_for}."
        )
    space = body.space
    if document == Dispatch.Document.LIST:
        path = reverse("meetings:sitting_list", args=[space.slug, sitting.pk])
    else:
        path = reverse("meetings:minutes", args=[space.slug, sitting.pk])
    people = list(recipients.municipal_councillors_to_copy(body).exclude(email=""))
    try:
        with transaction.atomic():
            dispatch = Dispatch.objects.create(
                sitting=sitting,
                document=document,
                due_on=state.due_on,
                sent_at=timezone.now(),
                recipients=len(people),
            )
            subject = f"{state.label} — {body.name}, séance du {sitting_day(sitting):%d/%m/%Y}"
            for person in people:
                send_email(
                    to=person.email,
                    subject=subject,
                    template="meetings/acts/email/dispatch",
                    context={
                        "person": person,
                        "space": space,
                        "body": body,
                        "sitting": sitting,
                        "document": state.label,
                        "path": path,
                    },
                )
            log_action(
                actor=actor,
                action="meetings.send_dispatch",
                obj=dispatch,
                data={
                    "document": document,
                    "recipients": len(people),
                    "due_on": state.due_on.isoformat(),
                },
                space=space,
            )
    except IntegrityError as error:
        raise MeetingError(f"{state.label} a déjà été envoyé.") from error
    return dispatch

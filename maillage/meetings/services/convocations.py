"""Convocations: sending with the legal delay and its proof, paper convocations, the
cancellation notice, the dossier link, replies and proxies (calendars: `calendars.py`).

The delays and the proxy rule are those of `rules.py` (L2121-10 to L2121-12, L2121-20,
L5211-6, L5211-40-2); this module only applies them to the database. The moment that counts
is the sending (the making available on the platform), sealed in the proof chain
(`SendingProof`), which `manage.py verify_convocations` checks.
"""

import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from maillage.audit.services import log_action
from maillage.mail import send_email
from maillage.people.models import Person

from .. import rules
from ..models import (
    Answer,
    Channel,
    Convocation,
    RecipientReason,
    Reply,
    Seat,
    SeatKind,
    SendingProof,
    Sitting,
    SittingStatus,
)
from ..signals import sitting_convened
from . import MeetingError
from .recipients import municipal_councillors_to_copy

GENESIS_HASH = "0" * 64
CHAIN_ATTEMPTS = 3
# The dossier link stays valid this long after the sitting *(choice)*.
LINK_VALIDITY_AFTER_SITTING = datetime.timedelta(days=60)
# Seats whose holders must be convened in time before the sitting is marked convened: those
# who may vote. Invited members and copies do not block it *(choice)*.
SEATS_TO_CONVENE = (SeatKind.TITULAIRE, SeatKind.SUPPLEANT)
REASON_OF_SEAT = {
    SeatKind.TITULAIRE: RecipientReason.MEMBER,
    SeatKind.SUPPLEANT: RecipientReason.SUBSTITUTE,
    SeatKind.INVITE: RecipientReason.INVITED,
}


# --- Dates and words -------------------------------------------------------------------------


def sitting_day(sitting: Sitting) -> datetime.date:
    """The local (Paris) day of the sitting: the one the clear days are counted to."""
    return timezone.localdate(sitting.starts_at)


def deadline(sitting: Sitting) -> datetime.date:
    """The last day to send the convocations with the sitting's delay (L2121-11, L2121-12)."""
    return rules.convocation_deadline(sitting_day(sitting), sitting.clear_days)


def urgent_deadline(sitting: Sitting) -> datetime.date:
    """The last day to send them as an urgency: at least one clear day (L2121-12)."""
    days = rules.required_clear_days(epci=True, population=None, urgent=True)
    return rules.convocation_deadline(sitting_day(sitting), days)


def french_day(day: datetime.date) -> str:
    """« mardi 1 mars 2022 »."""
    return date_format(day, "l j F Y")


def french_when(moment: datetime.datetime) -> str:
    """« mardi 1 mars 2022 à 18 h », « … à 18 h 30 »."""
    local = timezone.localtime(moment)
    hour = f"{local.hour} h" if local.minute == 0 else f"{local.hour} h {local.minute:02d}"
    return f"{french_day(local.date())} à {hour}"


def convocation_subject(sitting: Sitting) -> str:
    """« Convocation — Conseil communautaire du mardi 1 mars 2022 à 18 h »."""
    return f"Convocation — {sitting.body.name} du {french_when(sitting.starts_at)}"


# --- Recipients --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    person: Person
    reason: str
    seat: Seat | None = None


def recipients(sitting: Sitting) -> list[Recipient]:
    """Who is convened: every current seat of the body (titulaires, suppléants — L5211-6 —,
    invited members) and, for an EPCI council, a copy for each municipal councillor who is not
    a community councillor (L5211-40-2). One entry per person."""
    body = sitting.body
    result, seen = [], set()
    seats = Seat.objects.current().filter(body=body).select_related("person")
    for seat in seats:
        if seat.person_id not in seen:
            seen.add(seat.person_id)
            result.append(Recipient(seat.person, REASON_OF_SEAT[seat.kind], seat))
    copies = municipal_councillors_to_copy(body).only("id", "first_name", "last_name", "email")
    for person in copies:
        if person.pk not in seen:
            seen.add(person.pk)
            result.append(Recipient(person, RecipientReason.COPY))
    return result


def convening_problems(sitting: Sitting) -> list[str]:
    """Why the sitting cannot be marked convened: each member with a (voting) seat who was not
    convened in time, and why. Empty when every one of them was (L2121-10 to L2121-12)."""
    last_day = deadline(sitting)
    seats = list(
        Seat.objects.current()
        .filter(body=sitting.body, kind__in=SEATS_TO_CONVENE)
        .select_related("person")
    )
    sent = {
        c.person_id: c
        for c in sitting.convocations.filter(person_id__in=[s.person_id for s in seats])
    }
    problems = []
    for seat in seats:
        who = f"{seat.person.full_name} ({seat.get_kind_display().lower()})"
        convocation = sent.get(seat.person_id)
        if convocation is None:
            problems.append(f"{who} : aucune convocation n'a été envoyée.")
        elif convocation.sent_at is None:
            problems.append(
                f"{who} : pas d'adresse électronique, la convocation papier n'est pas "
                "encore enregistrée."
            )
        elif timezone.localdate(convocation.sent_at) > last_day:
            problems.append(
                f"{who} : convocation envoyée le "
                f"{french_day(timezone.localdate(convocation.sent_at))}, après la date limite "
                f"du {french_day(last_day)}."
            )
    return problems


def _convene_if_complete(*, actor, sitting: Sitting) -> list[str]:
    """Mark the (locked) sitting convened when every member was convened in time."""
    if sitting.status != SittingStatus.DRAFT or not sitting.convocations.exists():
        return []
    problems = convening_problems(sitting)
    if not problems:
        sitting.status = SittingStatus.CONVENED
        sitting.convened_at = timezone.now()
        sitting.save(update_fields=["status", "convened_at"])
        transaction.on_commit(
            lambda: sitting_convened.send(sender=Sitting, sitting=sitting), robust=True
        )
    return problems


# --- The proof chain ---------------------------------------------------------------------------


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.astimezone(datetime.UTC).isoformat() if moment else None


def proof_payload(convocation: Convocation) -> str:
    """The canonical JSON of a sending record, as sealed in the chain."""
    sitting = convocation.sitting
    record = {
        "sitting_id": sitting.pk,
        "sitting_date": timezone.localtime(sitting.starts_at).isoformat(),
        "person_id": convocation.person_id,
        "name": convocation.person.full_name,
        "email": convocation.email,
        "reason": convocation.reason,
        "channel": convocation.channel,
        "sent_at": _iso(convocation.sent_at),
    }
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link_hash(previous_hash: str, payload: str) -> str:
    return hashlib.sha256((previous_hash + payload).encode("utf-8")).hexdigest()


def _chain_head() -> str:
    """The hash of the last link, locked until the transaction ends; 64 zeros at the start."""
    last = SendingProof.objects.select_for_update().order_by("-id").only("hash").first()
    return last.hash if last is not None else GENESIS_HASH


def _append_proofs(convocations: list[Convocation]) -> None:
    """Chain one link per sent convocation. Hashes are computed in order, then inserted in one
    query; a parallel append from the same head breaks the unique `previous_hash`."""
    previous = _chain_head()
    links = []
    for convocation in convocations:
        payload = proof_payload(convocation)
        digest = link_hash(previous, payload)
        links.append(
            SendingProof(
                convocation=convocation, payload=payload, previous_hash=previous, hash=digest
            )
        )
        previous = digest
    SendingProof.objects.bulk_create(links)


def _retrying_chain(work):
    """Run `work` in a transaction; when a parallel sending took the chain's head (or a
    recipient) at the same time, start again from the new state, then give up in French."""
    for _ in range(CHAIN_ATTEMPTS):
        try:
            with transaction.atomic():
                return work()
        except IntegrityError:
            continue
    raise MeetingError(
        "Un autre envoi a été enregistré au même moment et la chaîne des preuves d'envoi n'a "
        "pas pu être prolongée : réessayez dans un instant."
    )


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None  # id of the first broken link
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainReport:
    """Walk the whole chain in order, recompute every hash, and check each payload against
    the current Convocation row (sending time, person, address)."""
    previous = GENESIS_HASH
    checked = 0
    links = SendingProof.objects.select_related("convocation").order_by("id")
    for link in links.iterator(chunk_size=2000):
        if link.previous_hash != previous:
            return ChainReport(checked, link.pk, "le maillon ne suit pas le précédent")
        if link_hash(link.previous_hash, link.payload) != link.hash:
            return ChainReport(checked, link.pk, "l'empreinte ne correspond pas au contenu")
        try:
            record = json.loads(link.payload)
        except ValueError:
            return ChainReport(checked, link.pk, "le contenu n'est pas du JSON lisible")
        row = link.convocation
        for key, value, what in (
            ("sent_at", _iso(row.sent_at), "la date d'envoi"),
            ("person_id", row.person_id, "la personne"),
            ("email", row.email, "l'adresse"),
        ):
            if record.get(key) != value:
                return ChainReport(
                    checked,
                    link.pk,
                    f"{what} de la convocation n° {row.pk} a changé depuis l'envoi "
                    f"(preuve : {record.get(key)!r}, base : {value!r})",
                )
        previous = link.hash
        checked += 1
    return ChainReport(checked)


# --- Sending -----------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def dossier_url(token: str) -> str:
    return settings.SITE_URL + reverse("meetings:convocation_link", args=[token])


def send_convocations(
    *, actor, sitting: Sitting, urgent: bool = False, urgency_reason: str = ""
) -> list[Convocation]:
    """Send the convocations of a sitting in preparation and return those created.

    Email recipients are convened at once (the making available on the platform counts);
    those without an address get a paper convocation to record by hand. The sitting becomes
    convened only when every member with a seat was convened in time (see
    `convening_problems`). Late, it may be sent as an urgency with a reason: the delay is then
    one clear day, and the urgency is reported at the opening (L2121-12). Sending again sends
    only to recipients not yet convened (a seat added since).
    """
    urgency_reason = urgency_reason.strip()
    created = _retrying_chain(
        lambda: _send(actor=actor, pk=sitting.pk, urgent=urgent, reason=urgency_reason)
    )
    sitting.refresh_from_db()
    return created


def _send(*, actor, pk: int, urgent: bool, reason: str) -> list[Convocation]:
    sitting = (
        Sitting.objects.select_for_update(of=("self",))
        .select_related("body__space__organisation")
        .get(pk=pk)
    )
    if sitting.status != SittingStatus.DRAFT:
        raise MeetingError(
            f"La séance est « {sitting.get_status_display().lower()} » : on n'envoie les "
            "convocations que d'une séance en préparation."
        )
    if not sitting.items.exists():
        raise MeetingError(
            "L'ordre du jour est vide : la convocation indique les questions portées à l'ordre "
            "du jour (L2121-10). Ajoutez au moins un point."
        )
    everyone = recipients(sitting)
    if not any(r.reason == RecipientReason.MEMBER for r in everyone):
        raise MeetingError(
            "L'instance n'a aucun membre en fonctions : ajoutez ses sièges avant de convoquer."
        )
    today = timezone.localdate()
    if urgent:
        if not reason:
            raise MeetingError("Indiquez le motif de l'urgence : il sera exposé à l'ouverture.")
        if today > urgent_deadline(sitting):
            raise MeetingError(
                "Même en urgence, la convocation doit précéder la séance d'au moins un jour "
                f"franc : il fallait l'envoyer au plus tard le "
                f"{french_day(urgent_deadline(sitting))} (L2121-12). Reportez la séance."
            )
        if not sitting.urgent and today <= deadline(sitting):
            raise MeetingError(
                "Le délai ordinaire est encore respecté (envoi possible jusqu'au "
                f"{french_day(deadline(sitting))}) : l'urgence n'a pas lieu d'être."
            )
    elif today > deadline(sitting):
        raise MeetingError(
            f"Le délai de convocation est dépassé : il fallait envoyer au plus tard le "
            f"{french_day(deadline(sitting))} ({sitting.clear_days} jours francs). Convoquez "
            "en urgence avec un motif (un jour franc au moins, L2121-12) ou reportez la séance."
        )
    already = set(sitting.convocations.values_list("person_id", flat=True))
    missing = [r for r in everyone if r.person.pk not in already]
    if not missing and not (urgent and not sitting.urgent):
        raise MeetingError("Toutes les convocations de cette séance sont déjà envoyées.")
    if urgent and not sitting.urgent:
        sitting.urgent = True
        sitting.urgency_reason = reason
        sitting.clear_days = rules.URGENT_CLEAR_DAYS
        sitting.save(update_fields=["urgent", "urgency_reason", "clear_days"])

    now = timezone.now()
    tokens, new = {}, []
    for recipient in missing:
        person = recipient.person
        convocation = Convocation(
            sitting=sitting, person=person, reason=recipient.reason, recorded_by=actor
        )
        if person.email:
            token = secrets.token_urlsafe(32)
            tokens[person.pk] = token
            convocation.channel = Channel.EMAIL
            convocation.email = person.email
            convocation.token_hash = _token_hash(token)
            convocation.sent_at = now
        else:
            convocation.channel = Channel.PAPER
        new.append(convocation)
    Convocation.objects.bulk_create(new, batch_size=500)
    if new and new[0].pk is None:  # a database that does not return the new ids
        ids = dict(
            sitting.convocations.filter(person_id__in=[c.person_id for c in new]).values_list(
                "person_id", "pk"
            )
        )
        for convocation in new:
            convocation.pk = ids[convocation.person_id]
    sent = [c for c in new if c.sent_at is not None]
    _append_proofs(sent)
    log_action(
        actor=actor,
        action="meetings.send_convocations",
        obj=sitting,
        data={
            "courriels": len(sent),
            "papier": len(new) - len(sent),
            "urgence": sitting.urgent,
            **({"motif": sitting.urgency_reason} if sitting.urgent else {}),
        },
        space=sitting.body.space,
    )
    _convene_if_complete(actor=actor, sitting=sitting)
    deliveries = [(c.pk, dossier_url(tokens[c.person_id])) for c in sent]
    transaction.on_commit(lambda: _enqueue_deliveries(deliveries))
    return new


def _enqueue_deliveries(deliveries: list[tuple[int, str]]) -> None:
    from ..tasks import deliver_convocation

    for convocation_id, link in deliveries:
        deliver_convocation.enqueue(convocation_id, link)


def convocation_email(convocation: Convocation, link: str) -> tuple[str, str, str]:
    """Subject, text and HTML of a convocation email, with the agenda and the dossier link."""
    sitting = convocation.sitting
    context = {
        "site_url": settings.SITE_URL,
        "convocation": convocation,
        "person": convocation.person,
        "sitting": sitting,
        "when": french_when(sitting.starts_at),
        "items": list(sitting.items.all()),
        "link": link,
        "ics_link": link.rstrip("/") + "/seance.ics",
        "is_copy": convocation.reason == RecipientReason.COPY,
        "subject": convocation_subject(sitting),
    }
    text = render_to_string("meetings/convocations/email_convocation.txt", context)
    html = render_to_string("meetings/convocations/email_convocation.html", context)
    return context["subject"], text, html


def record_paper_convocation(
    *, actor, convocation: Convocation, sent_at: datetime.datetime, note: str = ""
) -> Convocation:
    """Record when a paper convocation was handed over or posted (the date given by the agent,
    never in the future), seal it in the proof chain, and convene the sitting if it was the
    last one missing."""
    note = note.strip()

    def work():
        sitting = (
            Sitting.objects.select_for_update(of=("self",))
            .select_related("body__space")
            .get(pk=convocation.sitting_id)
        )
        row = (
            Convocation.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(pk=convocation.pk)
        )
        row.sitting = sitting
        if row.channel != Channel.PAPER:
            raise MeetingError("Cette convocation a été envoyée par courriel, pas sur papier.")
        if row.sent_at is not None:
            raise MeetingError(
                f"La convocation papier de {row.person.full_name} est déjà enregistrée "
                f"(le {french_when(row.sent_at)})."
            )
        if sitting.status not in (SittingStatus.DRAFT, SittingStatus.CONVENED):
            raise MeetingError(
                "La séance est ouverte, close ou annulée : une convocation ne s'enregistre plus."
            )
        if sent_at > timezone.now():
            raise MeetingError("La date de remise ne peut pas être dans le futur.")
        row.sent_at = sent_at
        row.paper_note = note
        row.recorded_by = actor
        row.save(update_fields=["sent_at", "paper_note", "recorded_by"])
        _append_proofs([row])
        log_action(
            actor=actor,
            action="meetings.record_paper_convocation",
            obj=row,
            data={"envoyee_le": _iso(sent_at), "note": note},
            space=sitting.body.space,
        )
        _convene_if_complete(actor=actor, sitting=sitting)
        return row

    row = _retrying_chain(work)
    convocation.refresh_from_db()
    return row


# --- Cancellation -----------------------------------------------------------------------------


def cancellation_recipients(sitting: Sitting) -> tuple[list[Convocation], list[Convocation]]:
    """Who received a convocation (or its copy) to this sitting and must hear of its
    cancellation: those with an address, told by email, and those without one (convened on
    paper), to tell by another means."""
    received = (
        sitting.convocations.filter(sent_at__isnull=False)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    by_email, by_hand = [], []
    for convocation in received:
        (by_email if convocation.email or convocation.person.email else by_hand).append(convocation)
    return by_email, by_hand


def notify_cancellation(*, sitting: Sitting, reason: str) -> tuple[int, int]:
    """Email everyone who received a convocation that the sitting is cancelled, with the
    reason, once the cancelling transaction commits (the emails leave in the background).
    Returns how many were emailed and how many have no address."""
    by_email, by_hand = cancellation_recipients(sitting)
    when = french_when(sitting.starts_at)
    subject = f"Séance annulée — {sitting.body.name} du {when}"
    for convocation in by_email:
        send_email(
            to=convocation.email or convocation.person.email,
            subject=subject,
            template="meetings/convocations/email_cancelled",
            context={
                "person": convocation.person,
                "sitting": sitting,
                "when": when,
                "reason": reason,
                "is_copy": convocation.reason == RecipientReason.COPY,
            },
        )
    return len(by_email), len(by_hand)


# --- The dossier link --------------------------------------------------------------------------


def convocation_for_token(token: str) -> Convocation | None:
    """The convocation of a dossier link, or None when unknown or expired (60 days after the
    sitting *(choice)*)."""
    if not token or len(token) > 100:
        return None
    convocation = (
        Convocation.objects.select_related("sitting__body__space__organisation", "person")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if convocation is None:
        return None
    if timezone.now() > convocation.sitting.starts_at + LINK_VALIDITY_AFTER_SITTING:
        return None
    return convocation


def mark_opened(convocation: Convocation) -> None:
    """The first opening of the dossier link."""
    if convocation.opened_at is None:
        now = timezone.now()
        Convocation.objects.filter(pk=convocation.pk, opened_at__isnull=True).update(opened_at=now)
        convocation.opened_at = now


def acknowledge(*, actor, convocation: Convocation) -> Convocation:
    """The recipient acknowledges receipt (once; a second click changes nothing)."""
    if convocation.acknowledged_at is not None:
        return convocation
    with transaction.atomic():
        now = timezone.now()
        updated = Convocation.objects.filter(
            pk=convocation.pk, acknowledged_at__isnull=True
        ).update(acknowledged_at=now)
        Convocation.objects.filter(pk=convocation.pk, opened_at__isnull=True).update(opened_at=now)
        if updated:
            log_action(
                actor=actor,
                action="meetings.acknowledge",
                obj=convocation,
                space=convocation.sitting.body.space,
            )
    convocation.refresh_from_db()
    return convocation


# --- Replies and proxies -----------------------------------------------------------------------


def proxy_holders(sitting: Sitting, seat: Seat):
    """The seats a member may give a proxy to: the body's other current titulaires."""
    return (
        Seat.objects.current()
        .voting()
        .filter(body=sitting.body)
        .exclude(pk=seat.pk)
        .exclude(person_id=seat.person_id)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def consecutive_proxy_sittings(sitting: Sitting, seat: Seat, holder: Seat) -> int:
    """How many of the body's immediately preceding sittings (not cancelled, in date order)
    this seat gave a proxy to the same holder; a sitting without such a proxy breaks the run
    *(choice)*. Only as many sittings as the rule can count are looked at."""
    previous = list(
        Sitting.objects.filter(body=sitting.body, starts_at__lt=sitting.starts_at)
        .exclude(status=SittingStatus.CANCELLED)
        .order_by("-starts_at")
        .values_list("pk", flat=True)[: rules.MAX_CONSECUTIVE_SITTINGS_PER_PROXY]
    )
    with_proxy = set(
        Reply.objects.filter(
            sitting_id__in=previous, seat=seat, answer=Answer.PROXY, proxy_holder=holder
        ).values_list("sitting_id", flat=True)
    )
    count = 0
    for pk in previous:
        if pk not in with_proxy:
            break
        count += 1
    return count


def _holder_taken(sitting: Sitting, holder: Seat, seat: Seat) -> bool:
    return Reply.objects.filter(sitting=sitting, proxy_holder=holder).exclude(seat=seat).exists()


def reply(
    *,
    actor,
    sitting: Sitting,
    seat: Seat,
    answer: str,
    proxy_holder: Seat | None = None,
    certified_illness: bool = False,
) -> Reply:
    """Answer the convocation: present, absent, or a proxy to another member (L2121-20).
    Changeable until the sitting opens; one reply per seat. A titulaire absent without proxy
    calls his suppléant, who is told by email (L5211-6)."""
    if answer not in Answer.values:
        raise MeetingError("Choisissez une réponse : présent, absent ou pouvoir.")
    if answer != Answer.PROXY:
        proxy_holder = None
        certified_illness = False
    with transaction.atomic():
        sitting = (
            Sitting.objects.select_for_update(of=("self",))
            .select_related("body__space")
            .get(pk=sitting.pk)
        )
        if sitting.status == SittingStatus.DRAFT:
            raise MeetingError("La séance n'est pas encore convoquée : attendez la convocation.")
        if sitting.status != SittingStatus.CONVENED:
            raise MeetingError(
                "La séance est ouverte, close ou annulée : la réponse à la convocation ne se "
                "modifie plus."
            )
        if seat.body_id != sitting.body_id or seat.end_date is not None:
            raise MeetingError("Ce siège n'est pas un siège en cours de cette instance.")
        if not seat.votes:
            raise MeetingError(
                "Un invité n'a pas de voix délibérative : il ne répond pas à la convocation "
                "et ne donne pas de pouvoir."
            )
        if answer == Answer.PROXY:
            _check_proxy(sitting, seat, proxy_holder, certified_illness)
        existing = Reply.objects.select_for_update().filter(sitting=sitting, seat=seat).first()
        previous_answer = existing.answer if existing else None
        item = existing or Reply(sitting=sitting, seat=seat)
        item.answer = answer
        item.proxy_holder = proxy_holder
        item.certified_illness = certified_illness
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError as error:
            # A parallel request gave a proxy to the same holder between our check and our
            # save: the constraint reply_one_proxy_held_per_member_and_sitting refused it.
            taken = (
                proxy_holder is not None
                and Reply.objects.filter(sitting=sitting, proxy_holder=proxy_holder)
                .exclude(seat=seat)
                .exists()
            )
            if taken:
                raise MeetingError(_holder_taken_message(proxy_holder)) from error
            raise MeetingError(
                "Une autre réponse vient d'être enregistrée pour ce siège : réessayez."
            ) from error
        log_action(
            actor=actor,
            action="meetings.reply",
            obj=item,
            data={
                "reponse": answer,
                **({"pouvoir_a": proxy_holder.person.full_name} if proxy_holder else {}),
                **({"maladie": True} if certified_illness else {}),
            },
            space=sitting.body.space,
        )
        if seat.kind == SeatKind.TITULAIRE and previous_answer != answer:
            if answer == Answer.ABSENT:
                _tell_substitutes(actor=actor, sitting=sitting, seat=seat, called=True)
            elif previous_answer == Answer.ABSENT:
                _tell_substitutes(actor=actor, sitting=sitting, seat=seat, called=False)
    return item


def _holder_taken_message(holder: Seat) -> str:
    return (
        f"{holder.person.full_name} détient déjà un pouvoir pour cette séance : un membre ne "
        "peut en détenir qu'un seul (L2121-20)."
    )


def _check_proxy(sitting, seat, holder, certified_illness) -> None:
    if holder is None:
        raise MeetingError("Choisissez le membre à qui vous donnez pouvoir.")
    if seat.kind != SeatKind.TITULAIRE:
        raise MeetingError(
            "Un suppléant ne donne pas de pouvoir : il siège à la place du titulaire absent "
            "(L5211-6)."
        )
    if holder.pk == seat.pk or holder.person_id == seat.person_id:
        raise MeetingError("On ne se donne pas pouvoir à soi-même : choisissez un autre membre.")
    if (
        holder.body_id != sitting.body_id
        or holder.end_date is not None
        or holder.kind != SeatKind.TITULAIRE
    ):
        raise MeetingError(
            "Le pouvoir se donne à un autre membre en fonctions de la même instance (L2121-20)."
        )
    if _holder_taken(sitting, holder, seat):
        raise MeetingError(_holder_taken_message(holder))
    if Reply.objects.filter(sitting=sitting, seat=holder, answer=Answer.PROXY).exists():
        raise MeetingError(
            f"{holder.person.full_name} a lui-même donné pouvoir pour cette séance : "
            "choisissez un membre qui sera présent."
        )
    given_to_me = (
        Reply.objects.filter(sitting=sitting, proxy_holder=seat).select_related("seat__person")
    ).first()
    if given_to_me is not None:
        raise MeetingError(
            f"Vous détenez le pouvoir de {given_to_me.seat.person.full_name} pour cette "
            "séance : vous ne pouvez pas à votre tour donner pouvoir."
        )
    used = consecutive_proxy_sittings(sitting, seat, holder)
    if not rules.proxy_still_valid(used, certified_illness=certified_illness):
        raise MeetingError(
            f"Ce pouvoir à {holder.person.full_name} a déjà servi aux {used} séances "
            "précédentes : un pouvoir ne vaut que pour trois séances consécutives au plus, "
            "sauf maladie dûment constatée (L2121-20)."
        )


def called_substitutes(sitting: Sitting, seat: Seat) -> list[Seat]:
    """The suppléants who sit for this titulaire, who answered absent without proxy."""
    if seat.kind != SeatKind.TITULAIRE:
        return []
    if not Reply.objects.filter(sitting=sitting, seat=seat, answer=Answer.ABSENT).exists():
        return []
    return list(seat.substitutes.current().select_related("person"))


def replaced_titulaire(sitting: Sitting, seat: Seat) -> Seat | None:
    """For a suppléant: the titulaire he sits for at this sitting, if called."""
    if seat.kind != SeatKind.SUPPLEANT or seat.substitute_for_id is None:
        return None
    called = Reply.objects.filter(
        sitting=sitting, seat_id=seat.substitute_for_id, answer=Answer.ABSENT
    ).exists()
    return seat.substitute_for if called else None


def _tell_substitutes(*, actor, sitting: Sitting, seat: Seat, called: bool) -> None:
    for substitute in seat.substitutes.current().select_related("person"):
        person = substitute.person
        if person.email:
            send_email(
                to=person.email,
                subject=(
                    f"{'Vous siégerez' if called else 'Vous ne siégerez plus'} à la place de "
                    f"{seat.person.full_name} — {sitting.body.name} du "
                    f"{french_when(sitting.starts_at)}"
                ),
                template="meetings/convocations/email_substitute",
                context={
                    "person": person,
                    "titulaire": seat.person,
                    "sitting": sitting,
                    "when": french_when(sitting.starts_at),
                    "called": called,
                },
            )
        log_action(
            actor=actor,
            action="meetings.call_substitute",
            obj=substitute,
            data={
                "seance": sitting.pk,
                "titulaire": seat.person.full_name,
                "appele": called,
                "courriel": bool(person.email),
            },
            space=sitting.body.space,
        )

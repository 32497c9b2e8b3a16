"""The day of the sitting: opening, attendance, withdrawals, the quorum for each item, the
failed quorum and its second sitting, the closing. The votes are in `votes.py`.

Every figure comes from `attendance.count` over the day's facts, loaded once by `load_day`;
every rule from `rules.py`. Every change runs in a transaction, refuses with a French
`MeetingError` and records one action in the log.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.templatetags.french import date_fr

from .. import attendance, rules
from ..models import (
    AgendaItem,
    Annex,
    Attendance,
    Presence,
    Reply,
    Seat,
    SeatKind,
    Sitting,
    SittingMode,
    SittingStatus,
    Vote,
    Withdrawal,
)
from . import MeetingError

PRESENT_LIKE = frozenset({Presence.PRESENT, Presence.REMOTE, Presence.REPLACED})


# --- Reading the day ---------------------------------------------------------------------------


def sitting_day(sitting: Sitting) -> datetime.date:
    return timezone.localdate(sitting.starts_at)


def seats_in_office(body, day: datetime.date):
    """Seats of the body on that day (started, not ended): members in office are the
    titulaires among them, vacant seats simply do not exist."""
    return Seat.objects.filter(body=body).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=day),
        Q(end_date__isnull=True) | Q(end_date__gte=day),
    )


@dataclass
class Day:
    """Everything the quorum and the votes of one sitting depend on, loaded in a fixed number of
    queries whatever the number of members."""

    sitting: Sitting
    titulaires: dict[int, Seat]
    substitutes: dict[int, list[Seat]]  # titulaire's seat → suppléants' seats
    voting_seats: dict[int, Seat]  # titulaires and suppléants in office
    attendances: dict[int, Attendance]  # titulaire's seat → attendance
    items: list[AgendaItem]
    withdrawals: dict[int, set[int]] = field(default_factory=dict)  # item → seats

    def facts(self) -> list[attendance.Fact]:
        weighted = self.sitting.body.weighted_votes
        facts = []
        for seat_id, seat in self.titulaires.items():
            row = self.attendances.get(seat_id)
            weight = seat.weight if weighted else 1
            if row is None:
                facts.append(attendance.Fact(seat=seat_id, weight=weight))
                continue
            facts.append(
                attendance.Fact(
                    seat=seat_id,
                    status=row.status,
                    weight=weight,
                    replaced_by=row.replaced_by_id,
                    proxy_holder=row.proxy_holder_id,
                    arrived_at_item=row.arrived_at_item,
                    left_after_item=row.left_after_item,
                )
            )
        return facts

    def count(self, item: AgendaItem | None = None) -> attendance.Count:
        """The figures at the opening (no item) or for an item."""
        return attendance.count(
            self.facts(),
            position=attendance.OPENING if item is None else item.position,
            withdrawn=self.withdrawals.get(item.pk, set()) if item is not None else (),
            second_convocation=self.sitting.is_second_convocation,
        )

    def weight_of(self, seat_id: int) -> int:
        """The statutory weight a ballot carries for this member (the titulaire's weight when
        a suppléant sits for them, *(choice)*: the suppléant carries the commune's voice)."""
        if not self.sitting.body.weighted_votes:
            return 1
        if seat_id in self.titulaires:
            return self.titulaires[seat_id].weight
        for titulaire_id, row in self.attendances.items():
            if row.status == Presence.REPLACED and row.replaced_by_id == seat_id:
                return self.titulaires[titulaire_id].weight
        seat = self.voting_seats.get(seat_id)
        return seat.weight if seat else 1


def load_day(sitting: Sitting) -> Day:
    day = sitting_day(sitting)
    seats = list(
        seats_in_office(sitting.body, day)
        .exclude(kind=SeatKind.INVITE)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    titulaires = {seat.pk: seat for seat in seats if seat.kind == SeatKind.TITULAIRE}
    substitutes: dict[int, list[Seat]] = {}
    for seat in seats:
        if seat.kind == SeatKind.SUPPLEANT and seat.substitute_for_id:
            substitutes.setdefault(seat.substitute_for_id, []).append(seat)
    attendances = {row.seat_id: row for row in sitting.attendances.all()}
    items = list(sitting.items.order_by("position"))
    withdrawals: dict[int, set[int]] = {}
    for item_id, seat_id in Withdrawal.objects.filter(item__sitting=sitting).values_list(
        "item_id", "seat_id"
    ):
        withdrawals.setdefault(item_id, set()).add(seat_id)
    return Day(
        sitting=sitting,
        titulaires=titulaires,
        substitutes=substitutes,
        voting_seats={seat.pk: seat for seat in seats},
        attendances=attendances,
        items=items,
        withdrawals=withdrawals,
    )


def check_agenda_editable(sitting: Sitting) -> None:
    """A second sitting after a failed quorum deliberates on the same agenda only (L2121-17):
    no item may be added to it or removed from it, nor change its object or nature. The bodies
    area calls this before such a change; the texts of an item (note, draft deliberation,
    rapporteur…) and the order of the items may still change *(choice)*."""
    if sitting.is_second_convocation:
        raise MeetingError(
            "Une seconde séance convoquée après un quorum non atteint délibère sur le même "
            "ordre du jour, sans condition de quorum (L2121-17) : aucun point ne peut y être "
            "ajouté ni retiré, et l'objet et la nature des points ne changent pas."
        )


# --- Opening and attendance --------------------------------------------------------------------

_STATUS_REFUSALS = {
    SittingStatus.DRAFT: "La séance est en préparation : elle n'a pas été convoquée.",
    SittingStatus.CONVENED: "La séance n'est pas encore ouverte.",
    SittingStatus.OPEN: "La séance est déjà ouverte.",
    SittingStatus.CLOSED: "La séance est close.",
    SittingStatus.CANCELLED: "La séance est annulée.",
}


def _locked(sitting: Sitting) -> Sitting:
    return (
        Sitting.objects.select_for_update(of=("self",))
        .select_related("body__space")
        .get(pk=sitting.pk)
    )


def _must_be_open(sitting: Sitting) -> None:
    if sitting.status != SittingStatus.OPEN:
        raise MeetingError(_STATUS_REFUSALS[sitting.status])


def _first_vote_opened(sitting: Sitting) -> bool:
    return Vote.objects.filter(item__sitting=sitting).exists()


def open_sitting(*, actor, sitting: Sitting) -> Sitting:
    """Open a convened sitting on its day and pre-fill the attendance grid from the replies:
    present → present, proxy → represented by its holder, absent titulaire with a suppléant in
    office → replaced by the suppléant (L5211-6), absent → excused, no reply → absent until
    the secretary records otherwise. The quorum at the opening is stored."""
    with transaction.atomic():
        sitting = _locked(sitting)
        if sitting.status != SittingStatus.CONVENED:
            if sitting.status == SittingStatus.DRAFT:
                raise MeetingError(
                    "La séance n'a pas été convoquée : elle ne peut pas être ouverte."
                )
            raise MeetingError(_STATUS_REFUSALS[sitting.status])
        today, day = timezone.localdate(), sitting_day(sitting)
        if today < day:
            raise MeetingError(
                f"La séance est convoquée pour le {date_fr(day)} : "
                "elle ne peut pas être ouverte avant ce jour."
            )
        if today > day:
            raise MeetingError(
                f"La séance était convoquée pour le {date_fr(day)} : une séance ne s'ouvre "
                "que le jour pour lequel ses membres ont été convoqués."
            )
        loaded = load_day(sitting)
        replies = {reply.seat_id: reply for reply in Reply.objects.filter(sitting=sitting)}
        rows = []
        for seat_id in loaded.titulaires:
            if seat_id in loaded.attendances:
                continue
            reply = replies.get(seat_id)
            row = Attendance(sitting=sitting, seat_id=seat_id, status=Presence.ABSENT)
            if reply is not None and reply.answer == "present":
                row.status = Presence.PRESENT
            elif reply is not None and reply.answer == "pouvoir":
                row.status = Presence.REPRESENTED
                row.proxy_holder_id = reply.proxy_holder_id
            elif reply is not None:
                substitute = next(
                    (
                        seat
                        for seat in loaded.substitutes.get(seat_id, [])
                        if getattr(replies.get(seat.pk), "answer", "") != "absent"
                    ),
                    None,
                )
                if substitute is not None:
                    row.status = Presence.REPLACED
                    row.replaced_by = substitute
                else:
                    row.status = Presence.EXCUSED
            rows.append(row)
        Attendance.objects.bulk_create(rows)
        loaded = load_day(sitting)
        opening = loaded.count()
        sitting.status = SittingStatus.OPEN
        sitting.opened_at = timezone.now()
        sitting.quorum_at_opening = opening.reached
        sitting.save(update_fields=["status", "opened_at", "quorum_at_opening"])
        log_action(
            actor=actor,
            action="meetings.open_sitting",
            obj=sitting,
            space=sitting.body.space,
            data={
                "members_in_office": opening.members_in_office,
                "present": opening.present,
                "represented": opening.represented,
                "quorum": opening.needed,
                "quorum_reached": opening.reached,
                "urgent": sitting.urgent,
            },
        )
    return sitting


def _refresh_opening_quorum(sitting: Sitting) -> None:
    """The quorum at the opening follows the secretary's corrections of the grid until the
    first vote is opened; then it is what the minutes record *(choice)*."""
    if _first_vote_opened(sitting):
        return
    reached = load_day(sitting).count().reached
    if sitting.quorum_at_opening != reached:
        sitting.quorum_at_opening = reached
        sitting.save(update_fields=["quorum_at_opening"])


def _name(seat: Seat) -> str:
    return str(seat.person)


def record_attendance(
    *,
    actor,
    sitting: Sitting,
    seat: Seat,
    status: str,
    replaced_by: Seat | None = None,
    proxy_holder: Seat | None = None,
    arrived_at_item: int | None = None,
    left_after_item: int | None = None,
) -> Attendance:
    """Record (or correct) one member's attendance, with late arrival and early departure as
    agenda positions. REMOTE only in a multi-site sitting (L5211-11-1); REPLACED by one of the
    titulaire's suppléants (L5211-6); REPRESENTED by a member of the body who exercises no
    other proxy (L2121-20)."""
    with transaction.atomic():
        sitting = _locked(sitting)
        _must_be_open(sitting)
        loaded = load_day(sitting)
        if seat.pk not in loaded.titulaires:
            raise MeetingError(
                "Seuls les membres en exercice (titulaires) ont une ligne de présence : un "
                "suppléant s'enregistre comme remplaçant de son titulaire."
            )
        if status not in Presence.values:
            raise MeetingError("Choisissez une présence dans la liste.")
        if status == Presence.REMOTE and sitting.mode != SittingMode.MULTI_SITE:
            raise MeetingError(
                "La présence à distance n'existe que dans une séance en plusieurs lieux reliés "
                "par visioconférence (L5211-11-1) : enregistrez ce membre présent ou absent."
            )
        if status != Presence.REPLACED:
            replaced_by = None
        if status != Presence.REPRESENTED:
            proxy_holder = None
        if status == Presence.REPLACED:
            if replaced_by is None:
                raise MeetingError("Choisissez le suppléant qui siège à la place du titulaire.")
            if replaced_by.pk not in {s.pk for s in loaded.substitutes.get(seat.pk, [])}:
                raise MeetingError(
                    f"{_name(replaced_by)} n'est pas suppléant de {_name(seat)} : seul le "
                    "suppléant du titulaire peut siéger à sa place (L5211-6)."
                )
        if status == Presence.REPRESENTED:
            if proxy_holder is None:
                raise MeetingError("Choisissez le membre qui exerce le pouvoir.")
            if proxy_holder.pk == seat.pk:
                raise MeetingError("Un membre ne peut pas recevoir son propre pouvoir.")
            if proxy_holder.pk not in loaded.voting_seats:
                raise MeetingError(
                    "Le pouvoir se donne à un membre de la même instance ayant voix "
                    "délibérative (L2121-20)."
                )
            other = next(
                (
                    row
                    for row in loaded.attendances.values()
                    if row.proxy_holder_id == proxy_holder.pk and row.seat_id != seat.pk
                ),
                None,
            )
            if other is not None:
                raise MeetingError(
                    f"{_name(proxy_holder)} exerce déjà le pouvoir de "
                    f"{_name(loaded.titulaires[other.seat_id])} : un membre n'exerce qu'un "
                    "seul pouvoir (L2121-20)."
                )
        if status not in PRESENT_LIKE:
            arrived_at_item = left_after_item = None
        positions = {item.position for item in loaded.items}
        for position in (arrived_at_item, left_after_item):
            if position is not None and position not in positions:
                raise MeetingError(f"L'ordre du jour n'a pas de point n° {position}.")
        if (
            arrived_at_item is not None
            and left_after_item is not None
            and left_after_item < arrived_at_item
        ):
            raise MeetingError(
                "Le membre ne peut pas partir après un point antérieur à son arrivée."
            )
        row = loaded.attendances.get(seat.pk) or Attendance(sitting=sitting, seat=seat)
        row.status = status
        row.replaced_by = replaced_by
        row.proxy_holder = proxy_holder
        row.arrived_at_item = arrived_at_item
        row.left_after_item = left_after_item
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as error:
            # Someone else recorded at the same moment: say which rule stopped this one.
            if row.pk is None and Attendance.objects.filter(sitting=sitting, seat=seat).exists():
                raise MeetingError(
                    f"La présence de {_name(seat)} vient d'être enregistrée par une autre "
                    "personne : rechargez la page et vérifiez-la."
                ) from error
            raise MeetingError(
                "Ce membre exerce déjà un pouvoir : un membre n'en exerce qu'un seul (L2121-20)."
            ) from error
        _refresh_opening_quorum(sitting)
        log_action(
            actor=actor,
            action="meetings.record_attendance",
            obj=sitting,
            space=sitting.body.space,
            data={
                "seat": seat.pk,
                "member": _name(seat),
                "status": status,
                "replaced_by": replaced_by.pk if replaced_by else None,
                "proxy_holder": proxy_holder.pk if proxy_holder else None,
                "arrived_at_item": arrived_at_item,
                "left_after_item": left_after_item,
            },
        )
    return row


def record_withdrawal(*, actor, item: AgendaItem, seat: Seat, reason: str = "") -> Withdrawal:
    """A member leaves the room for one item (conflict of interest, L2131-11): not counted in
    that item's quorum nor in its vote (L2121-17). Recorded before the vote opens."""
    with transaction.atomic():
        sitting = _locked(item.sitting)
        _must_be_open(sitting)
        if item.sitting_id != sitting.pk:
            raise MeetingError("Ce point n'appartient pas à cette séance.")
        loaded = load_day(sitting)
        if seat.pk not in loaded.voting_seats:
            raise MeetingError("Seul un membre de l'instance peut se retirer d'un point.")
        if Vote.objects.filter(item=item).exists():
            raise MeetingError(
                "Le vote sur ce point est déjà ouvert : un retrait s'enregistre avant le vote."
            )
        try:
            with transaction.atomic():
                withdrawal = Withdrawal.objects.create(
                    item=item, seat=seat, reason=reason.strip()[:300]
                )
        except IntegrityError as error:
            raise MeetingError(f"{_name(seat)} s'est déjà retiré(e) de ce point.") from error
        log_action(
            actor=actor,
            action="meetings.record_withdrawal",
            obj=item,
            space=sitting.body.space,
            data={"seat": seat.pk, "member": _name(seat), "reason": withdrawal.reason},
        )
    return withdrawal


# --- Failed quorum -----------------------------------------------------------------------------


def second_sitting_earliest_day(today: datetime.date | None = None) -> datetime.date:
    """The first day a second sitting convened today may be held: 5 clear days for an EPCI
    (L2121-17 gives at least 3; max(3, 5) = 5 *(choice)*)."""
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=rules.second_sitting_delay(epci=True) + 1)


def record_quorum_failure(
    *, actor, sitting: Sitting, starts_at: datetime.datetime, place: str
) -> Sitting:
    """The quorum is not reached at the opening (L2121-17): the sitting is closed and a second
    sitting is prepared, on the same agenda only, at least 5 clear days later *(choice)*; it
    will deliberate without quorum. Returns the second sitting, in preparation."""
    place = place.strip()
    if not place:
        raise MeetingError("Indiquez le lieu de la seconde séance.")
    with transaction.atomic():
        sitting = _locked(sitting)
        _must_be_open(sitting)
        if sitting.is_second_convocation:
            raise MeetingError(
                "Cette séance est déjà une seconde convocation : elle délibère sans condition "
                "de quorum (L2121-17)."
            )
        if _first_vote_opened(sitting):
            raise MeetingError(
                "Des votes ont déjà eu lieu dans cette séance : le quorum non atteint se "
                "constate à l'ouverture."
            )
        opening = load_day(sitting).count()
        if opening.reached:
            raise MeetingError(
                f"Le quorum est atteint ({opening.present} présents pour {opening.needed} "
                "requis) : la séance peut délibérer."
            )
        clear_days = rules.second_sitting_delay(epci=True)
        day = timezone.localdate(starts_at)
        if timezone.localdate() > rules.convocation_deadline(day, clear_days):
            raise MeetingError(
                f"La seconde séance se convoque avec {clear_days} jours francs (L2121-17) : "
                "convoquée aujourd'hui, elle peut se tenir au plus tôt le "
                f"{date_fr(second_sitting_earliest_day())}."
            )
        try:
            with transaction.atomic():
                second = Sitting.objects.create(
                    body=sitting.body,
                    starts_at=starts_at,
                    place=place[:300],
                    mode=sitting.mode,
                    video_url=sitting.video_url,
                    status=SittingStatus.DRAFT,
                    clear_days=clear_days,
                    quorum_failed_for=sitting,
                    secretary=sitting.secretary,
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError as error:
            raise MeetingError("La seconde séance est déjà préparée.") from error
        copies = {}
        for item in sitting.items.order_by("position"):
            copies[item.pk] = AgendaItem.objects.create(
                sitting=second,
                position=item.position,
                title=item.title,
                kind=item.kind,
                rapporteur_id=item.rapporteur_id,
                summary=item.summary,
                draft_text=item.draft_text,
                matter=item.matter,
                budget_year=item.budget_year,
                budget_name=item.budget_name,
            )
        Annex.objects.bulk_create(
            Annex(
                sitting=second,
                item=copies.get(annex.item_id),
                title=annex.title,
                file=annex.file.name,
            )
            for annex in sitting.annexes.all()
        )
        sitting.status = SittingStatus.CLOSED
        sitting.closed_at = timezone.now()
        sitting.quorum_at_opening = False
        sitting.save(update_fields=["status", "closed_at", "quorum_at_opening"])
        log_action(
            actor=actor,
            action="meetings.quorum_failure",
            obj=sitting,
            space=sitting.body.space,
            data={
                "present": opening.present,
                "quorum": opening.needed,
                "members_in_office": opening.members_in_office,
                "second_sitting": second.pk,
                "second_sitting_starts_at": starts_at.isoformat(),
            },
        )
    return second


# --- Closing -----------------------------------------------------------------------------------


def close_sitting(*, actor, sitting: Sitting) -> Sitting:
    """Close the sitting once no vote is open; the deliberations of its voted items are
    numbered in the same transaction (acts area)."""
    from . import acts

    with transaction.atomic():
        sitting = _locked(sitting)
        _must_be_open(sitting)
        running = (
            Vote.objects.filter(item__sitting=sitting, status=Vote.Status.OPEN)
            .select_related("item")
            .first()
        )
        if running is not None:
            raise MeetingError(
                f"Le vote sur le point n° {running.item.position} est encore ouvert : "
                "clôturez-le avant de clore la séance."
            )
        sitting.status = SittingStatus.CLOSED
        sitting.closed_at = timezone.now()
        sitting.save(update_fields=["status", "closed_at"])
        acts.number_deliberations(actor=actor, sitting=sitting)
        log_action(
            actor=actor,
            action="meetings.close_sitting",
            obj=sitting,
            space=sitting.body.space,
            data={"votes": Vote.objects.filter(item__sitting=sitting).count()},
        )
    return sitting

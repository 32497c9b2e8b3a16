"""What the minutes and the deliberation pages state, drawn from the recorded facts (the read
side of the acts area, shared by the pages and the PDFs): the members present, represented,
excused and absent, the quorum at the opening and for each item, the vote rounds with the
names of public votes (L2121-15, L2121-21), and who chaired.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from .. import attendance
from ..models import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotMode,
    Choice,
    Deliberation,
    Minutes,
    Presence,
    Seat,
    SeatKind,
    Sitting,
    Vote,
    Withdrawal,
)
from .acts import sitting_day


@dataclass
class NamedBallot:
    name: str
    weight: int
    proxy_for: str = ""  # the member the voter voted for by proxy


@dataclass
class RoundFacts:
    """One closed vote round, with the names of a public vote (L2121-21)."""

    vote: Vote
    weighted: bool
    names: dict[str, list[NamedBallot]] = field(default_factory=dict)

    @property
    def is_public(self) -> bool:
        return self.vote.mode == BallotMode.PUBLIC

    @property
    def named_choices(self) -> list[tuple[str, list[NamedBallot]]]:
        """(label, ballots) per choice, in the order for, against, abstention, blank."""
        return [
            (choice.label, self.names.get(choice.value, []))
            for choice in Choice
            if self.names.get(choice.value)
        ]


def _rounds_prefetch():
    return Prefetch(
        "votes",
        queryset=Vote.objects.filter(status=Vote.Status.CLOSED)
        .order_by("round_number")
        .prefetch_related(
            Prefetch(
                "ballots",
                queryset=Ballot.objects.select_related(
                    "voter__person", "on_behalf_of__person"
                ).order_by("voter__person__last_name", "voter__person__first_name"),
            )
        ),
        to_attr="closed_votes",
    )


def _rounds(item: AgendaItem, weighted: bool) -> list[RoundFacts]:
    rounds = []
    for vote in item.closed_votes:
        names: dict[str, list[tuple[tuple, NamedBallot]]] = {}
        if vote.mode == BallotMode.PUBLIC:  # never the names of an ordinary or secret vote
            for ballot in vote.ballots.all():
                voter = ballot.voter.person.full_name
                if ballot.on_behalf_of_id:
                    entry = NamedBallot(
                        name=ballot.on_behalf_of.person.full_name,
                        weight=ballot.weight,
                        proxy_for=voter,
                    )
                else:
                    entry = NamedBallot(name=voter, weight=ballot.weight)
                named = (
                    ballot.on_behalf_of.person if ballot.on_behalf_of_id else ballot.voter.person
                )
                names.setdefault(ballot.choice, []).append(
                    ((named.last_name, named.first_name, ballot.pk), entry)
                )
        # In the order of the names shown (a proxy's ballot under its giver's name), whatever
        # order the database returns them in.
        ordered = {choice: [e for _, e in sorted(entries)] for choice, entries in names.items()}
        rounds.append(RoundFacts(vote=vote, weighted=weighted, names=ordered))
    return rounds


def deliberation_rounds(deliberation: Deliberation) -> list[RoundFacts]:
    """The closed vote rounds of a deliberation's item, with names for public votes."""
    item = (
        AgendaItem.objects.filter(pk=deliberation.item_id)
        .prefetch_related(_rounds_prefetch())
        .get()
    )
    return _rounds(item, deliberation.item.sitting.body.weighted_votes)


@dataclass
class MemberLine:
    person: object  # people.Person
    organisation: str = ""
    note: str = ""

    @property
    def name(self) -> str:
        return self.person.full_name

    @property
    def sort_key(self):
        return (self.person.last_name.lower(), self.person.first_name.lower())


@dataclass
class ItemFacts:
    item: AgendaItem
    count: attendance.Count
    withdrawn: list[str]
    rounds: list[RoundFacts]
    deliberation: Deliberation | None

    @property
    def ballot_requests(self) -> list[Vote]:
        return [r.vote for r in self.rounds if r.vote.public_requests or r.vote.secret_requests]


@dataclass
class MinutesFacts:
    """Everything the minutes state (L2121-15), drawn from the recorded facts."""

    sitting: Sitting
    minutes: Minutes | None
    day: datetime.date
    chair: str
    secretary: str
    present: list[MemberLine]
    represented: list[MemberLine]
    excused: list[MemberLine]
    absent: list[MemberLine]
    opening: attendance.Count
    items: list[ItemFacts]

    @property
    def deliberations(self) -> list[Deliberation]:
        return [facts.deliberation for facts in self.items if facts.deliberation]


def seats_at(body, day: datetime.date):
    """The body's seats in office on `day` (started by then, not ended before)."""
    return Seat.objects.filter(body=body).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=day),
        Q(end_date__isnull=True) | Q(end_date__gte=day),
    )


def chair_name(body, day: datetime.date) -> str:
    seat = seats_at(body, day).filter(is_chair=True).select_related("person").first()
    return seat.person.full_name if seat else ""


def _arrival_note(row: Attendance) -> str:
    notes = []
    if row.arrived_at_item:
        notes.append(f"arrivé(e) au point {row.arrived_at_item}")
    if row.left_after_item:
        notes.append(f"parti(e) après le point {row.left_after_item}")
    return ", ".join(notes)


def minutes_facts(sitting: Sitting) -> MinutesFacts:
    """Draw the minutes from what was recorded: members present, represented (with the proxy
    holder), excused and absent; the quorum at the opening and for each item (counted by
    `attendance.count`, the rule of L2121-17); the agenda, the votes with the ballot requests
    and the names of public votes, the deliberations, the urgency and the secretary."""
    body = sitting.body
    day = sitting_day(sitting)
    titulaires = list(
        seats_at(body, day)
        .filter(kind=SeatKind.TITULAIRE)
        .select_related("person", "organisation")
        .order_by("person__last_name", "person__first_name")
    )
    rows = {
        row.seat_id: row
        for row in sitting.attendances.select_related(
            "seat__person", "replaced_by__person", "proxy_holder__person"
        )
    }
    facts, present, represented, excused, absent = [], [], [], [], []
    for seat in titulaires:
        row = rows.get(seat.pk)
        status = row.status if row else Presence.ABSENT
        facts.append(
            attendance.Fact(
                seat=seat.pk,
                status=status,
                weight=seat.weight,
                replaced_by=row.replaced_by_id if row else None,
                proxy_holder=row.proxy_holder_id if row else None,
                arrived_at_item=row.arrived_at_item if row else None,
                left_after_item=row.left_after_item if row else None,
            )
        )
        organisation = seat.organisation.name if seat.organisation_id else ""
        name = seat.person.full_name
        if status in (Presence.PRESENT, Presence.REMOTE):
            note = "à distance" if status == Presence.REMOTE else ""
            note = ", ".join(filter(None, [note, _arrival_note(row)]))
            present.append(MemberLine(seat.person, organisation, note))
        elif status == Presence.REPLACED and row.replaced_by_id:
            present.append(
                MemberLine(
                    row.replaced_by.person,
                    organisation,
                    ", ".join(filter(None, [f"suppléant(e) de {name}", _arrival_note(row)])),
                )
            )
        elif status == Presence.REPRESENTED:
            holder = row.proxy_holder.person.full_name if row.proxy_holder_id else "?"
            represented.append(MemberLine(seat.person, organisation, f"pouvoir à {holder}"))
        elif status == Presence.EXCUSED:
            excused.append(MemberLine(seat.person, organisation))
        else:
            absent.append(MemberLine(seat.person, organisation))
    for lines in (present, represented, excused, absent):
        lines.sort(key=lambda line: line.sort_key)
    second = sitting.is_second_convocation
    withdrawals: dict[int, list[Withdrawal]] = {}
    for withdrawal in Withdrawal.objects.filter(item__sitting=sitting).select_related(
        "seat__person"
    ):
        withdrawals.setdefault(withdrawal.item_id, []).append(withdrawal)
    items = []
    for item in (
        sitting.items.select_related("rapporteur", "deliberation__corrects")
        .prefetch_related(_rounds_prefetch())
        .order_by("position")
    ):
        out = withdrawals.get(item.pk, [])
        items.append(
            ItemFacts(
                item=item,
                count=attendance.count(
                    facts,
                    position=item.position,
                    withdrawn=[w.seat_id for w in out],
                    second_convocation=second,
                ),
                withdrawn=[w.seat.person.full_name for w in out],
                rounds=_rounds(item, body.weighted_votes),
                deliberation=getattr(item, "deliberation", None),
            )
        )
    return MinutesFacts(
        sitting=sitting,
        minutes=Minutes.objects.filter(sitting=sitting).first(),
        day=day,
        chair=chair_name(body, day),
        secretary=sitting.secretary.full_name if sitting.secretary_id else "",
        present=present,
        represented=represented,
        excused=excused,
        absent=absent,
        opening=attendance.count(facts, second_convocation=second),
        items=items,
    )

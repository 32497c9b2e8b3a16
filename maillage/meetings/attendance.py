"""Who counts on the day of a sitting: members in office, present, represented, withdrawn,
the quorum and the voters, for the opening and for each item (L2121-17, L2121-20, L5211-6).

Pure functions on plain values (no ORM, no request): `services/session.py` loads the day's
facts once and asks this module; the rules themselves (quorum size, reached or not) are those of
`rules.py`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from . import rules

# Attendance statuses, as stored (models.Presence values).
PRESENT = "present"
REMOTE = "distance"
EXCUSED = "excuse"
ABSENT = "absent"
REPRESENTED = "represente"
REPLACED = "remplace"

# Physically present for the quorum (L2121-17): a suppléant sitting for an absent titulaire
# counts as present (L5211-6); remote presence only exists in a multi-site sitting
# (L5211-11-1). A proxy never counts.
COUNTED_PRESENT = frozenset({PRESENT, REMOTE, REPLACED})

# The opening is "before the first item": a member arriving at item 1 is not there yet.
OPENING = 0


@dataclass(frozen=True)
class Fact:
    """One member in office (a titulaire seat) on the day, as recorded by the secretary.

    `replaced_by` is the suppléant's seat that sits instead; `proxy_holder` the seat that
    exercises the member's proxy; `weight` the seat's statutory weight."""

    seat: int
    status: str = ABSENT
    weight: int = 1
    replaced_by: int | None = None
    proxy_holder: int | None = None
    arrived_at_item: int | None = None
    left_after_item: int | None = None

    def there_for(self, position: int) -> bool:
        """Whether the member (or the suppléant sitting for them) is in the room for the item
        at `position`: `Attendance.present_for` semantics, with REPLACED counted present."""
        if self.status not in COUNTED_PRESENT:
            return False
        if self.arrived_at_item is not None and position < self.arrived_at_item:
            return False
        return self.left_after_item is None or position <= self.left_after_item

    @property
    def acting_seat(self) -> int:
        """The seat of the person actually sitting: the suppléant when replaced."""
        return self.replaced_by if self.status == REPLACED and self.replaced_by else self.seat


@dataclass(frozen=True)
class Count:
    """The day's figures for one moment (the opening or an item)."""

    position: int
    members_in_office: int
    present: int  # in the room, before withdrawals
    withdrawn: int  # among those present, left the room for this item
    represented: int  # proxies exercised by a member present and not withdrawn
    needed: int | None  # quorum; None when the body has no member in office
    reached: bool  # the arithmetic of L2121-17, even at a second sitting
    without_quorum: bool  # second sitting: deliberates whatever the number (L2121-17)
    voters: int  # present − withdrawn + represented
    voting_weight: int  # the same, in statutory weights
    voting_seats: frozenset[int]  # acting seats that may vote in their own name
    proxies: dict  # holder's acting seat → giver's seat, for the exercised proxies

    @property
    def taking_part(self) -> int:
        """Members present for the item once the withdrawn ones have left (L2121-17)."""
        return self.present - self.withdrawn

    @property
    def may_deliberate(self) -> bool:
        """Quorum reached, or a second sitting, which needs none (L2121-17)."""
        return self.members_in_office > 0 and (self.reached or self.without_quorum)

    @property
    def missing(self) -> int:
        """How many more present members the quorum needs (0 when reached)."""
        if self.needed is None:
            return 0
        return max(0, self.needed - self.taking_part)


def count(
    facts: Iterable[Fact],
    *,
    position: int = OPENING,
    withdrawn: Iterable[int] = (),
    second_convocation: bool = False,
) -> Count:
    """The figures at `position` (0 = the opening).

    Members in office are the facts given (current titulaires at the sitting date, vacant
    seats do not exist). Present: status PRESENT, REMOTE or REPLACED and in the room for the
    item (late arrivals, early departures). Withdrawn: seats (the titulaire's or the suppléant
    sitting for them) that left the room for this item; they are not counted for it, nor is a
    proxy they hold or gave. Represented: REPRESENTED members whose proxy holder is present and
    not withdrawn. Quorum: `rules.quorum` / `rules.quorum_reached` (L2121-17) — except at a
    second sitting, which deliberates without quorum.
    """
    facts = list(facts)
    withdrawn = set(withdrawn)
    by_acting: dict[int, Fact] = {}
    out: set[int] = set()
    for fact in facts:
        if fact.there_for(position):
            by_acting[fact.acting_seat] = fact
            if fact.seat in withdrawn or fact.acting_seat in withdrawn:
                out.add(fact.acting_seat)
    voting_seats = frozenset(seat for seat in by_acting if seat not in out)
    proxies = {}
    for fact in facts:
        if (
            fact.status == REPRESENTED
            and fact.proxy_holder in voting_seats
            and fact.seat not in withdrawn
        ):
            proxies[fact.proxy_holder] = fact.seat
    weights = {fact.seat: fact.weight for fact in facts}
    voting_weight = sum(by_acting[seat].weight for seat in voting_seats) + sum(
        weights[giver] for giver in proxies.values()
    )
    members = len(facts)
    present = len(by_acting)
    if members:
        needed = rules.quorum(members)
        reached = rules.quorum_reached(
            members_in_office=members, present=present, withdrawn=len(out)
        )
    else:
        needed, reached = None, False
    return Count(
        position=position,
        members_in_office=members,
        present=present,
        withdrawn=len(out),
        represented=len(proxies),
        needed=needed,
        reached=reached,
        without_quorum=second_convocation,
        voters=len(voting_seats) + len(proxies),
        voting_weight=voting_weight,
        voting_seats=voting_seats,
        proxies=proxies,
    )

"""The CGCT rules of sittings, as pure functions on plain values (no ORM, no request).

Each function cites its article; points marked *(choice)* are where the law is silent and
Maillage decides (see ../shared/legal-rules.md and docs/). Groundwork for the sittings
capability (convocations, quorum, votes): the models and screens come with it.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

SMALL_COMMUNE_DELAY = 3  # clear days, communes under 3,500 inhabitants (L2121-11)
LARGE_DELAY = 5  # clear days, communes of 3,500 or more (L2121-12), EPCI (L5211-1)
LARGE_COMMUNE_THRESHOLD = 3_500
MIN_URGENCY_DELAY = 1  # clear day (L2121-12)
MAX_CONSECUTIVE_SITTINGS_PER_PROXY = 3  # L2121-20


class BodyKind(StrEnum):
    COMMUNE = "commune"
    EPCI = "epci"  # and closed syndicats mixtes, which L5211-1 treats alike


def convocation_delay(kind: BodyKind, population: int | None = None) -> int:
    """Clear days between the sending of the convocation and the sitting.

    Commune under 3,500 inhabitants: 3 (L2121-11); 3,500 or more: 5 (L2121-12); every EPCI
    and closed syndicat mixte: 5 whatever its size (L5211-1 applies the ≥ 3,500 rules).
    """
    if kind == BodyKind.EPCI:
        return LARGE_DELAY
    if population is None:
        raise ValueError("La population de la commune est nécessaire pour calculer le délai.")
    return LARGE_DELAY if population >= LARGE_COMMUNE_THRESHOLD else SMALL_COMMUNE_DELAY


def latest_sending_day(meeting_day: datetime.date, clear_days: int) -> datetime.date:
    """The last day the convocation may be sent: meeting day − (clear days + 1).

    Neither the sending day nor the meeting day counts; Saturdays, Sundays and public holidays
    count and do not extend the deadline (L2121-11, L2121-12).
    """
    if clear_days < 0:
        raise ValueError("Un délai ne peut pas être négatif.")
    return meeting_day - datetime.timedelta(days=clear_days + 1)


def sent_in_time(sent_on: datetime.date, meeting_day: datetime.date, clear_days: int) -> bool:
    """Whether a convocation sent (or made available) on `sent_on` respects the delay."""
    return sent_on <= latest_sending_day(meeting_day, clear_days)


def urgency_delay_allowed(clear_days: int) -> bool:
    """In urgency the president may shorten the delay, never below one clear day (L2121-12)."""
    return clear_days >= MIN_URGENCY_DELAY


def second_sitting_delay(kind: BodyKind) -> int:
    """Clear days before the second sitting convened when the quorum was not reached: at
    least 3 (L2121-17); for an EPCI, max(3, 5) = 5 *(choice)*."""
    return LARGE_DELAY if kind == BodyKind.EPCI else SMALL_COMMUNE_DELAY


def quorum(members_in_office: int) -> int:
    """A majority of the members in office must be physically present: ⌊n/2⌋ + 1, vacant
    seats excluded (L2121-17)."""
    if members_in_office <= 0:
        raise ValueError("Une instance sans membre en fonctions ne peut pas délibérer.")
    return members_in_office // 2 + 1


def quorum_reached(*, members_in_office: int, present: int, withdrawn: int = 0) -> bool:
    """Present members, suppléants sitting for a titulaire included, proxies excluded (they
    do not count), and without the members who withdrew from the item (L2121-17)."""
    return present - withdrawn >= quorum(members_in_office)


class Outcome(StrEnum):
    ADOPTED = "adoptee"
    REJECTED = "rejetee"


class BallotMode(StrEnum):
    SHOW_OF_HANDS = "main_levee"
    PUBLIC = "public"  # names recorded in the minutes
    SECRET = "secret"


@dataclass(frozen=True)
class VoteCount:
    votes_for: int
    votes_against: int
    abstentions: int = 0
    blank_or_spoilt: int = 0

    @property
    def cast(self) -> int:
        """Suffrages exprimés: abstentions, blank and spoilt ballots are not cast."""
        return self.votes_for + self.votes_against


def vote_outcome(
    count: VoteCount, *, mode: BallotMode, president_vote: str | None = None
) -> Outcome:
    """Absolute majority of the votes cast: adopted iff for > against (L2121-20).

    On a tie, the president's vote decides — except in a secret ballot, where a tie rejects
    (L2121-20). If the president abstained on a tie, the motion is rejected *(choice)*.
    `president_vote` is "pour", "contre" or None (abstained or did not vote).
    """
    if count.votes_for > count.votes_against:
        return Outcome.ADOPTED
    if count.votes_for < count.votes_against:
        return Outcome.REJECTED
    if mode == BallotMode.SECRET or count.cast == 0:
        return Outcome.REJECTED
    return Outcome.ADOPTED if president_vote == "pour" else Outcome.REJECTED


def ballot_mode(
    *, present: int, public_requests: int, secret_requests: int, appointment: bool = False
) -> BallotMode:
    """Secret ballot on request of one third of the members present, and for every
    appointment; public vote on request of one quarter; secret wins if both (L2121-21)."""
    if appointment or secret_requests * 3 >= present > 0:
        return BallotMode.SECRET
    if public_requests * 4 >= present > 0:
        return BallotMode.PUBLIC
    return BallotMode.SHOW_OF_HANDS


@dataclass(frozen=True)
class Candidate:
    name: str
    votes: int
    birth_date: datetime.date


def appointment_winner(candidates: list[Candidate], *, round_number: int, cast: int):
    """Appointments: absolute majority of votes cast in rounds 1 and 2, relative majority in
    round 3, a tie electing the eldest (L2121-21). None when no one is elected this round."""
    if not candidates:
        return None
    best = max(c.votes for c in candidates)
    if round_number < 3:
        leaders = [c for c in candidates if c.votes * 2 > cast]
        return leaders[0] if leaders else None
    tied = [c for c in candidates if c.votes == best]
    return min(tied, key=lambda c: c.birth_date)


def proxy_still_valid(consecutive_sittings_used: int, *, certified_illness: bool = False) -> bool:
    """A proxy is valid for at most 3 consecutive sittings, unless for duly certified illness
    (L2121-20). `consecutive_sittings_used` counts the sittings it already served."""
    return certified_illness or consecutive_sittings_used < MAX_CONSECUTIVE_SITTINGS_PER_PROXY


def weighted_outcome(weights_for: list[int], weights_against: list[int]) -> Outcome:
    """Operators' statutes may weigh votes (e.g. Mégalis Bretagne: région 300, each
    département 200, EPCI > 50,000 inh. 200, 20–50,000 58, < 20,000 11): the same majority
    of weights cast. A tie rejects *(choice: no casting vote among weights)*."""
    return Outcome.ADOPTED if sum(weights_for) > sum(weights_against) else Outcome.REJECTED

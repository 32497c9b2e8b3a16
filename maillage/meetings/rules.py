"""The CGCT rules of sittings, as pure functions on plain values (no ORM, no request).

Each function cites its article of the *Code général des collectivités territoriales*; points
marked *(choice)* are where the law is silent and Maillage decides (see the shared legal rules
and docs/). Results that other tools store or compare are plain strings: "ordinary", "public",
"secret" for a ballot mode, "adopted" or "rejected" for an outcome. Errors are `ValueError`s
with a French message that a screen can show as it is.
"""

import calendar
import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

# Convocation (L2121-11, L2121-12, L5211-1).
SMALL_COMMUNE_CLEAR_DAYS = 3  # communes under 3,500 inhabitants (L2121-11)
LARGE_BODY_CLEAR_DAYS = 5  # communes of 3,500 or more (L2121-12), every EPCI (L5211-1)
LARGE_COMMUNE_THRESHOLD = 3_500  # inhabitants
URGENT_CLEAR_DAYS = 1  # the least the president may shorten the delay to (L2121-12)

# Quorum not reached: the second sitting (L2121-17).
SECOND_SITTING_CLEAR_DAYS = 3

# Proxies (L2121-20).
MAX_CONSECUTIVE_SITTINGS_PER_PROXY = 3

# Conférence des maires (L5211-11-3).
MAX_CONFERENCE_MEETINGS_PER_YEAR = 4

# Publication (L2121-25).
PUBLICATION_DELAY = datetime.timedelta(weeks=1)


class BallotMode(StrEnum):
    """How a vote is taken (L2121-21); the functions return the plain `.value`."""

    ORDINARY = "ordinary"  # show of hands, no names in the minutes
    PUBLIC = "public"  # names recorded in the minutes
    SECRET = "secret"


class Outcome(StrEnum):
    """What a vote decides; the functions return the plain `.value`."""

    ADOPTED = "adopted"
    REJECTED = "rejected"


class Choice(StrEnum):
    """A member's vote. Only "for" and "against" are cast (suffrages exprimés)."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    BLANK = "blank"  # blank or spoilt ballot


class ItemKind(StrEnum):
    """What an agenda item asks of the council, as far as videoconference cares."""

    DELIBERATION = "deliberation"
    INFORMATION = "information"
    OPINION = "opinion"
    APPOINTMENT = "appointment"
    BUDGET_PRIMITIF = "budget_primitif"
    ELECTION = "election"  # of the president or the bureau


def _not_negative(value: int, what: str) -> None:
    if value < 0:
        raise ValueError(f"{what} ne peut pas être négatif ({value}).")


# --- Convocation -------------------------------------------------------------------------------


def required_clear_days(*, epci: bool, population: int | None, urgent: bool = False) -> int:
    """Clear days (jours francs) between the sending of the convocation and the sitting.

    Commune under 3,500 inhabitants: 3 (L2121-11); 3,500 or more: 5 (L2121-12); every EPCI and
    closed syndicat mixte: 5 whatever its size, since L5211-1 applies the rules of communes of
    3,500 or more to them. In urgency the president may shorten the delay down to 1 clear day
    (L2121-12): `urgent` gives that minimum, and the urgency must be reported at the opening.
    The population is the population totale, the legal default figure.
    """
    if urgent:
        return URGENT_CLEAR_DAYS
    if epci:
        return LARGE_BODY_CLEAR_DAYS
    if population is None:
        raise ValueError(
            "La population de la commune est nécessaire pour calculer le délai de convocation."
        )
    _not_negative(population, "La population")
    if population >= LARGE_COMMUNE_THRESHOLD:
        return LARGE_BODY_CLEAR_DAYS
    return SMALL_COMMUNE_CLEAR_DAYS


def convocation_deadline(meeting_day: datetime.date, clear_days: int) -> datetime.date:
    """The last calendar day on which the convocation may be sent: meeting day − (N + 1) days.

    Neither the sending day nor the meeting day counts; Saturdays, Sundays and public holidays
    count and do not extend the deadline (L2121-11, L2121-12). The sending (or the making
    available on the platform) is what counts, not the reading.
    """
    _not_negative(clear_days, "Le nombre de jours francs")
    return meeting_day - datetime.timedelta(days=clear_days + 1)


def sent_in_time(sent_on: datetime.date, meeting_day: datetime.date, clear_days: int) -> bool:
    """Whether a convocation sent (or made available) on `sent_on` leaves the `clear_days`
    required before the sitting (L2121-11, L2121-12)."""
    return sent_on <= convocation_deadline(meeting_day, clear_days)


def urgency_delay_allowed(clear_days: int) -> bool:
    """In urgency the president may shorten the delay, never below one clear day (L2121-12)."""
    return clear_days >= URGENT_CLEAR_DAYS


def second_sitting_delay(*, epci: bool) -> int:
    """Clear days before the second sitting convened when the quorum was not reached: at least 3
    (L2121-17). For an EPCI, max(3, 5) = 5, its ordinary delay (L5211-1) *(choice)*."""
    return max(SECOND_SITTING_CLEAR_DAYS, LARGE_BODY_CLEAR_DAYS if epci else 0)


# --- Quorum and proxies ------------------------------------------------------------------------


def quorum(members_in_office: int) -> int:
    """A majority of the members in office must be physically present: ⌊n/2⌋ + 1, where n counts
    the members in office, vacant seats excluded (L2121-17)."""
    if members_in_office <= 0:
        raise ValueError(
            "Une instance sans membre en fonctions ne peut pas délibérer : "
            "le quorum n'a pas de sens."
        )
    return members_in_office // 2 + 1


def quorum_reached(*, members_in_office: int, present: int, withdrawn: int = 0) -> bool:
    """Whether the members physically present make the quorum (L2121-17).

    `present` counts the suppléants sitting for an absent titulaire (L5211-6), never proxies,
    which do not count. `withdrawn` members left the room for this item (conflict of interest)
    and do not count for it: the quorum is checked at the opening and for each item.
    """
    _not_negative(present, "Le nombre de présents")
    _not_negative(withdrawn, "Le nombre de membres sortis")
    if withdrawn > present:
        raise ValueError("Plus de membres sortis de la salle que de membres présents.")
    return present - withdrawn >= quorum(members_in_office)


def proxy_still_valid(consecutive_sittings_used: int, *, certified_illness: bool = False) -> bool:
    """A proxy is valid for at most 3 consecutive sittings, unless given for a duly certified
    illness (L2121-20). `consecutive_sittings_used` counts the sittings it already served."""
    _not_negative(consecutive_sittings_used, "Le nombre de séances")
    return certified_illness or consecutive_sittings_used < MAX_CONSECUTIVE_SITTINGS_PER_PROXY


# --- Votes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteCount:
    """The totals of one vote, by heads or by statutory weights."""

    votes_for: int
    votes_against: int
    abstentions: int = 0
    blank_or_spoilt: int = 0

    def __post_init__(self):
        for value in (self.votes_for, self.votes_against, self.abstentions, self.blank_or_spoilt):
            _not_negative(value, "Un nombre de voix")

    @property
    def cast(self) -> int:
        """Suffrages exprimés: abstentions, blank and spoilt ballots are not cast (L2121-20)."""
        return self.votes_for + self.votes_against


def weighted_totals(ballots: Iterable[tuple[int, str]]) -> VoteCount:
    """Add up `(weight, choice)` ballots into a `VoteCount`, choice being "for", "against",
    "abstain" or "blank".

    Operators' statutes may weigh votes (e.g. Mégalis Bretagne: région 300, each département
    200, EPCI over 50,000 inhabitants 200, 20–50,000 58, under 20,000 11); the majority rule of
    L2121-20 then applies to the weights. A member voting by heads has weight 1.
    """
    totals = dict.fromkeys(Choice, 0)
    for weight, choice in ballots:
        if weight <= 0:
            raise ValueError(f"Un poids de vote doit être positif ({weight}).")
        try:
            totals[Choice(choice)] += weight
        except ValueError:
            raise ValueError(f"Vote inconnu : « {choice} ».") from None
    return VoteCount(
        votes_for=totals[Choice.FOR],
        votes_against=totals[Choice.AGAINST],
        abstentions=totals[Choice.ABSTAIN],
        blank_or_spoilt=totals[Choice.BLANK],
    )


def ballot_mode(
    *, present: int, public_requests: int, secret_requests: int, appointment: bool = False
) -> str:
    """The ballot mode: "ordinary", "public" or "secret" (L2121-21).

    Secret ballot on request of one third of the members present, and for every appointment;
    public vote (names in the minutes) on request of one quarter of the members present; if
    both are requested, secret wins. No request: an ordinary vote.
    """
    for value, what in (
        (present, "Le nombre de présents"),
        (public_requests, "Le nombre de demandes de scrutin public"),
        (secret_requests, "Le nombre de demandes de scrutin secret"),
    ):
        _not_negative(value, what)
    if appointment:
        return BallotMode.SECRET.value
    if secret_requests > 0 and secret_requests * 3 >= present > 0:
        return BallotMode.SECRET.value
    if public_requests > 0 and public_requests * 4 >= present > 0:
        return BallotMode.PUBLIC.value
    return BallotMode.ORDINARY.value


def vote_outcome(
    *, votes_for: int, votes_against: int, secret: bool, president_vote: str | None = None
) -> str:
    """The outcome, "adopted" or "rejected": absolute majority of the votes cast, adopted iff
    for > against (L2121-20). Abstentions, blank and spoilt ballots are not cast.

    On a tie the president's vote decides — except in a secret ballot, where a tie rejects
    (L2121-20). `president_vote` is "for", "against", "abstain" or None (did not vote): a tie
    with the president abstaining or not voting rejects *(choice)*. With no vote cast (0–0)
    nothing is adopted. Works on weighted totals as well as on heads.
    """
    _not_negative(votes_for, "Le nombre de voix pour")
    _not_negative(votes_against, "Le nombre de voix contre")
    if president_vote is not None and president_vote not in (
        Choice.FOR,
        Choice.AGAINST,
        Choice.ABSTAIN,
    ):
        raise ValueError(f"Vote du président inconnu : « {president_vote} ».")
    if votes_for > votes_against:
        return Outcome.ADOPTED.value
    if votes_for < votes_against or secret or votes_for == 0:
        return Outcome.REJECTED.value
    return Outcome.ADOPTED.value if president_vote == Choice.FOR else Outcome.REJECTED.value


def appointment_winner(
    *,
    round_number: int,
    votes: dict[str, int],
    votes_cast: int,
    birth_dates: dict[str, datetime.date],
) -> str | None:
    """The candidate appointed in this round, or None (L2121-21).

    Rounds 1 and 2: the candidate with an absolute majority of the votes cast
    (votes × 2 > votes cast), else None. Round 3: relative majority; a tie elects the eldest,
    the earliest birth date. With no vote cast in round 3 no one is elected *(choice)*; two tied
    candidates born the same day are not decided by the law, so Maillage refuses to pick
    *(choice)*: the council must settle it.
    """
    if round_number not in (1, 2, 3):
        raise ValueError(
            f"Une nomination se fait en trois tours au plus : tour {round_number} impossible."
        )
    _not_negative(votes_cast, "Le nombre de suffrages exprimés")
    for name, count in votes.items():
        _not_negative(count, f"Le nombre de voix de {name}")
    if sum(votes.values()) > votes_cast:
        raise ValueError("Les voix des candidats dépassent le nombre de suffrages exprimés.")
    if not votes or votes_cast == 0:
        return None
    if round_number < 3:
        return next((name for name, count in votes.items() if count * 2 > votes_cast), None)
    best = max(votes.values())
    leaders = [name for name, count in votes.items() if count == best]
    if len(leaders) == 1:
        return leaders[0]
    missing = [name for name in leaders if name not in birth_dates]
    if missing:
        raise ValueError(
            "Égalité de voix : la date de naissance de "
            + ", ".join(missing)
            + " est nécessaire pour désigner le plus âgé."
        )
    eldest_day = min(birth_dates[name] for name in leaders)
    eldest = [name for name in leaders if birth_dates[name] == eldest_day]
    if len(eldest) > 1:
        raise ValueError(
            "Égalité de voix et d'âge entre "
            + ", ".join(eldest)
            + " : la loi ne les départage pas, le conseil doit trancher."
        )
    return eldest[0]


# --- Videoconference ---------------------------------------------------------------------------

_NOT_REMOTELY = {
    ItemKind.ELECTION: "L'élection du président et des membres du bureau",
    ItemKind.BUDGET_PRIMITIF: "L'adoption du budget primitif",
    ItemKind.APPOINTMENT: "Une nomination",
}


def video_allowed(
    *, body_is_epci_council: bool, item_kind: str, secret_ballot: bool = False
) -> tuple[bool, str]:
    """Whether an item may be handled in a sitting held by videoconference, and why not
    (L5211-11-1, since 1 August 2022).

    Only the council of an EPCI may sit by videoconference, not its bureau nor a municipal
    council; never for electing the president or the bureau, the budget primitif or an
    appointment; votes are public only, so an item on which a secret ballot is requested and
    adopted moves to a later sitting in person. Returns (True, "") or (False, French reason).
    """
    try:
        kind = ItemKind(item_kind)
    except ValueError:
        raise ValueError(f"Nature de point inconnue : « {item_kind} ».") from None
    if not body_is_epci_council:
        return False, (
            "La visioconférence n'est ouverte qu'au conseil d'un EPCI, "
            "ni au bureau ni à un conseil municipal (L5211-11-1)."
        )
    if kind in _NOT_REMOTELY:
        return (
            False,
            f"{_NOT_REMOTELY[kind]} ne peut pas avoir lieu en visioconférence (L5211-11-1).",
        )
    if secret_ballot:
        return False, (
            "Un scrutin secret ne peut pas se tenir en visioconférence : "
            "le point est reporté à une séance en présentiel (L5211-11-1)."
        )
    return True, ""


def semester_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The calendar semester of a day: 1 January–30 June or 1 July–31 December."""
    if day.month <= 6:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    return datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)


def single_place_sitting_missing(*, sittings: list[tuple[datetime.date, bool]], today) -> bool:
    """Whether a council that sits by videoconference still owes, this semester, a sitting held
    in a single place (L5211-11-1: at least one per semester). `sittings` are the council's
    sittings of the semester (held or planned, cancelled ones left out) as (day, multi_site).
    Only a council that uses videoconference this semester is concerned *(choice: a council
    that never sits remotely meets in one place anyway)*."""
    start, end = semester_of(today)
    this_semester = [multi for day, multi in sittings if start <= day <= end]
    return any(this_semester) and all(this_semester)


# --- Conférence des maires ---------------------------------------------------------------------


def conference_of_mayors_mandatory(
    *, fiscalite_propre: bool, bureau_includes_every_mayor: bool
) -> bool:
    """A conférence des maires is mandatory in every EPCI à fiscalité propre, unless its bureau
    already includes every mayor of its communes (L5211-11-3)."""
    return fiscalite_propre and not bureau_includes_every_mayor


def conference_meeting_request_threshold(mayors: int) -> int:
    """Requests needed for the conférence des maires to meet on its members' initiative: one
    third of the mayors, rounded up (L5211-11-3), within 4 meetings a year."""
    if mayors <= 0:
        raise ValueError("Une conférence des maires sans maire ne peut pas se réunir.")
    return math.ceil(mayors / 3)


# --- Publication and copies --------------------------------------------------------------------


def publication_deadline(sitting_day: datetime.date) -> datetime.date:
    """The list of deliberations is posted and put online within one week of the sitting
    (L2121-25): the last day is the sitting day + 7."""
    return sitting_day + PUBLICATION_DELAY


def copy_deadline(day: datetime.date) -> datetime.date:
    """Within one month (L5211-40-2, copies to municipal councillors who are not community
    councillors: list of deliberations after each sitting, minutes after their approval): the
    same day next month, or that month's last day when it is shorter *(choice)*."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )

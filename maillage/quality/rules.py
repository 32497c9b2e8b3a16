"""Pure rules of the quality plan: review dates, the activity report's legal deadline, the
indicators computed on plain values, the steps of a process and the register's workflow.
No ORM, no request: tested with tables of cases and hypothesis."""

import datetime
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from maillage.meetings.rules import sent_in_time

# L5211-39 CGCT: « Le président de l'établissement public de coopération intercommunale
# adresse chaque année, avant le 30 septembre, au maire de chaque commune membre un rapport
# retraçant l'activité de l'établissement » — the report on year N is due by 30 September N+1.
REPORT_DEADLINE_MONTH, REPORT_DEADLINE_DAY = 9, 30
MAX_STEPS = 50
STEP_MAX_LENGTH = 300


def review_overdue(next_review_on: datetime.date, today: datetime.date) -> bool:
    """A review is overdue the day after its planned date."""
    return next_review_on < today


def report_deadline(year: int) -> datetime.date:
    """The last day to send the activity report on `year` to the mayors: 30 September of the
    following year (article L5211-39 du CGCT)."""
    return datetime.date(year + 1, REPORT_DEADLINE_MONTH, REPORT_DEADLINE_DAY)


def deadline_met(year: int, sent_on: datetime.date | None, today: datetime.date) -> bool | None:
    """Whether the report on `year` went out on time: True if sent by the deadline, False if
    sent late or not sent once the deadline has passed, None while it may still be sent."""
    deadline = report_deadline(year)
    if sent_on is not None:
        return sent_on <= deadline
    return False if today > deadline else None


def quarter_of(day: datetime.date) -> int:
    """The quarter (1 to 4) of a date."""
    return (day.month - 1) // 3 + 1


def rate(part: int, whole: int) -> Decimal | None:
    """`part` out of `whole` as a percentage with one decimal, rounded half up; None when there
    is nothing to measure (never a misleading 0 %)."""
    if part < 0 or whole < 0:
        raise ValueError("Un effectif ne peut pas être négatif.")
    if part > whole:
        raise ValueError("La partie ne peut pas dépasser le tout.")
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def median(values: Iterable[Decimal | int]) -> Decimal | None:
    """The median of the values (mean of the two middle ones for an even count), to one
    decimal; None for no value."""
    ordered = sorted(Decimal(v) for v in values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        value = ordered[middle]
    else:
        value = (ordered[middle - 1] + ordered[middle]) / 2
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def days_between(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    """Elapsed time in days with one decimal (a need answered the same afternoon: 0.1 day)."""
    seconds = Decimal((end - start).total_seconds())
    return (seconds / 86400).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def convened_in_time(
    convened_on: datetime.date, meeting_day: datetime.date, clear_days: int
) -> bool:
    """Whether the convocation left the sitting's clear days (L2121-11, L2121-12; for an
    urgency, the shortened delay the president set, at least one clear day): the rule of the
    meetings app, applied to the day the convocations went out."""
    return sent_in_time(convened_on, meeting_day, clear_days)


def delivered_on_time(done_on: datetime.date, end_date: datetime.date) -> bool:
    """A project is delivered on time when it was marked done on or before its planned end."""
    return done_on <= end_date


_NUMBERING = re.compile(r"^\s*(?:[-*•]|\d+\s*[.)-]|étape\s+\d+\s*[:.)-]?)\s*", re.IGNORECASE)


def parse_steps(text: str) -> list[str]:
    """The steps of a process typed one per line: blank lines dropped, spaces trimmed, and any
    numbering or bullet the writer typed removed (the page numbers the steps itself)."""
    steps = []
    for line in (text or "").splitlines():
        step = _NUMBERING.sub("", line, count=1).strip()
        if step:
            steps.append(step)
    return steps


def check_steps(steps: Sequence[str]) -> str | None:
    """A French error for an impossible list of steps, or None."""
    if not steps:
        return "Décrivez au moins une étape du processus."
    if len(steps) > MAX_STEPS:
        return f"Un processus compte au plus {MAX_STEPS} étapes : regroupez-en."
    if any(len(step) > STEP_MAX_LENGTH for step in steps):
        return f"Une étape tient en {STEP_MAX_LENGTH} caractères au plus."
    return None


# The register's workflow: which status may follow which.
SUBMITTED, ANALYSED, ACTION, DONE, NO_ACTION = (
    "soumis",
    "analyse",
    "action",
    "resultat",
    "sans_suite",
)
TRANSITIONS = {
    SUBMITTED: {ANALYSED, NO_ACTION},
    ANALYSED: {ANALYSED, ACTION, NO_ACTION},
    ACTION: {ACTION, DONE},
    DONE: set(),
    NO_ACTION: set(),
}


def can_move(current: str, target: str) -> bool:
    """Whether an improvement in `current` may go to `target`: submitted → analysed (or closed
    without action, with a reason), analysed → action decided (or without action), action →
    result; the analysis and the action may be rewritten before the next step; a closed line
    stays closed."""
    return target in TRANSITIONS.get(current, set())

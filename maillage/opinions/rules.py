"""The rules of formal opinion requests, as pure functions on plain values (no ORM, no request).

Each function cites its article of the *Code général des collectivités territoriales*; points
marked *(choice)* are where the law is silent and Maillage decides (see
docs/participation-avis.md). Errors are `ValueError`s with a French message that a screen can
show as it is.
"""

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Rule(StrEnum):
    """Which deadline and silence rule a request follows."""

    PACTE = "pacte_gouvernance"  # L5211-11-2
    MUTUALISATION = "rapport_mutualisation"  # L5211-39-1
    CHOSEN = "libre"  # a deadline and a silence rule chosen by the space


class Silence(StrEnum):
    """How an organisation (or person) that gave no opinion by the deadline is counted."""

    FAVOURABLE = "favorable"  # réputé favorable
    NO_OPINION = "sans_avis"  # counted as "sans avis"
    PROCEDURE_CONTINUES = "poursuite"  # no opinion given, the procedure goes on


class Outcome(StrEnum):
    """What a row of the summary shows: an opinion given, silence as counted, or waiting."""

    FAVOURABLE = "favorable"
    RESERVATIONS = "reserves"
    UNFAVOURABLE = "defavorable"
    SILENCE_FAVOURABLE = "silence_favorable"
    SILENCE_NO_OPINION = "silence_sans_avis"
    SILENCE_PROCEDURE_CONTINUES = "silence_poursuite"
    PENDING = "en_attente"


OUTCOME_LABELS = {
    Outcome.FAVOURABLE: "Favorable",
    Outcome.RESERVATIONS: "Favorable avec réserves",
    Outcome.UNFAVOURABLE: "Défavorable",
    Outcome.SILENCE_FAVOURABLE: "Réputé favorable (pas de réponse dans le délai)",
    Outcome.SILENCE_NO_OPINION: "Sans avis (pas de réponse dans le délai)",
    Outcome.SILENCE_PROCEDURE_CONTINUES: "Pas d'avis rendu, la procédure se poursuit",
    Outcome.PENDING: "En attente de réponse",
}

GIVEN = (Outcome.FAVOURABLE, Outcome.RESERVATIONS, Outcome.UNFAVOURABLE)
SILENCE_OUTCOME = {
    Silence.FAVOURABLE: Outcome.SILENCE_FAVOURABLE,
    Silence.NO_OPINION: Outcome.SILENCE_NO_OPINION,
    Silence.PROCEDURE_CONTINUES: Outcome.SILENCE_PROCEDURE_CONTINUES,
}
# The presets the law sets: months to answer from the receipt of the document, and silence.
PRESETS = {
    Rule.PACTE: (2, Silence.PROCEDURE_CONTINUES),
    Rule.MUTUALISATION: (3, Silence.FAVOURABLE),
}
# A deadline chosen by the space follows one of these silence rules (the third belongs to the
# pacte de gouvernance).
CHOSEN_SILENCES = (Silence.FAVOURABLE, Silence.NO_OPINION)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months later, or that month's last day when it is shorter
    *(choice: 30 November + 3 months = 28 or 29 February)*. The law counts "within N months"
    of the receipt (L5211-11-2, L5211-39-1) without saying more."""
    if months < 0:
        raise ValueError("Un délai ne se compte pas à rebours.")
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def silence_for(rule: Rule | str, chosen: Silence | str = "") -> Silence:
    """How silence counts under a rule.

    - Pacte de gouvernance: the municipal councils give their opinion within two months of
      receiving the draft; the law does not deem silence favourable, the procedure simply goes
      on (L5211-11-2): "pas d'avis rendu, la procédure se poursuit".
    - Rapport de mutualisation: within three months, silence is a favourable opinion
      (L5211-39-1).
    - A chosen deadline: the space chooses favourable or "sans avis".
    """
    rule = Rule(rule)
    if rule in PRESETS:
        return PRESETS[rule][1]
    if chosen not in CHOSEN_SILENCES:
        raise ValueError("Choisissez comment compter le silence : favorable ou sans avis.")
    return Silence(chosen)


def deadline_for(
    rule: Rule | str, sent_on: datetime.date, chosen: datetime.date | None = None
) -> datetime.date:
    """The last day to give an opinion: two months after the sending for the pacte de
    gouvernance (L5211-11-2), three for the mutualisation report (L5211-39-1), or the day the
    space chose, which must come after the sending. The document is received on the day it is
    sent on the platform *(choice)*; the last day is included."""
    rule = Rule(rule)
    if rule in PRESETS:
        return add_months(sent_on, PRESETS[rule][0])
    if chosen is None:
        raise ValueError("Choisissez la date limite de réponse.")
    if chosen <= sent_on:
        raise ValueError(
            f"La date limite ({chosen:%d/%m/%Y}) doit venir après l'envoi "
            f"({sent_on:%d/%m/%Y}) : modifiez-la avant d'envoyer."
        )
    return chosen


def is_open(deadline: datetime.date, today: datetime.date) -> bool:
    """An opinion may be given or corrected until the deadline, that day included."""
    return today <= deadline


def outcome(
    given: Outcome | str | None,
    *,
    deadline: datetime.date | None,
    today: datetime.date,
    silence: Silence | str,
) -> Outcome:
    """What a member counts as: the opinion it gave; without one, "en attente" until the
    deadline, then silence as its rule says (L5211-11-2, L5211-39-1). Never stored: computed
    each time from the opinion, the deadline and the day."""
    if given:
        return Outcome(given)
    if deadline is None or is_open(deadline, today):
        return Outcome.PENDING
    return SILENCE_OUTCOME[Silence(silence)]


@dataclass(frozen=True)
class Line:
    """One line of the totals: an outcome, how many, their share of the members and of the
    population (population totale, the legal default)."""

    outcome: Outcome
    count: int
    population: int
    member_share: float  # 0..1
    population_share: float | None  # None when no population is known

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass(frozen=True)
class Summary:
    lines: tuple[Line, ...]
    members: int
    population: int

    def count(self, outcome: Outcome | str) -> int:
        return sum(line.count for line in self.lines if line.outcome == outcome)


def summarise(
    groups: Mapping[str | None, tuple[int, int]] | Iterable[tuple[str | None, int, int]],
    *,
    deadline: datetime.date | None,
    today: datetime.date,
    silence: Silence | str,
) -> Summary:
    """Totals by outcome from (opinion given or None, count, population) groups. Shares are of
    the members asked and of their population totale *(choice: the legal default figure;
    an organisation whose population is unknown counts for 0)*. Lines come in a fixed order
    and include every outcome that can occur at this stage, even at 0."""
    if isinstance(groups, Mapping):
        groups = [(key, n, pop) for key, (n, pop) in groups.items()]
    counts: dict[Outcome, list[int]] = {}
    for given, number, population in groups:
        key = outcome(given, deadline=deadline, today=today, silence=silence)
        bucket = counts.setdefault(key, [0, 0])
        bucket[0] += number
        bucket[1] += population or 0
    members = sum(n for n, _ in counts.values())
    total_population = sum(p for _, p in counts.values())
    waiting = deadline is None or is_open(deadline, today)
    shown = [*GIVEN, Outcome.PENDING if waiting else SILENCE_OUTCOME[Silence(silence)]]
    lines = tuple(
        Line(
            outcome=key,
            count=counts.get(key, [0, 0])[0],
            population=counts.get(key, [0, 0])[1],
            member_share=counts.get(key, [0, 0])[0] / members if members else 0.0,
            population_share=(
                counts.get(key, [0, 0])[1] / total_population if total_population else None
            ),
        )
        for key in shown
    )
    return Summary(lines=lines, members=members, population=total_population)

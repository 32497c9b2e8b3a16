"""The results of a poll, ready for a page: the rule of its kind (`rules.py`) applied to its
stances, as rows for the table and the SVG bars, with the details each kind shows (rounds of
the instant-runoff, consent reasons, the date grid)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from . import rules
from .models import Option, Poll, PollKind, Stance, StanceValue


@dataclass
class ResultRow:
    label: str
    value: float | None  # drawn as a bar
    display: str  # the figure as written in the table
    winner: bool = False
    extra: list = field(default_factory=list)  # further columns of the table


@dataclass
class Results:
    kind: str
    voters: int
    rows: list[ResultRow]
    summary: str
    columns: list[str]  # the table's further column headings
    value_heading: str
    maximum: float
    rounds: list = field(default_factory=list)  # ranked choice: per round, per option
    round_options: list = field(default_factory=list)
    reasons: list = field(default_factory=list)  # consent: (name, stance label, reason)
    grid: list = field(default_factory=list)  # date poll: (name, [answer label per option])
    best_option: int | None = None


def load_stances(poll: Poll) -> list[Stance]:
    """The poll's stances with their person and values: two queries whatever their number."""
    return list(
        poll.stances.select_related("person")
        .prefetch_related(
            Prefetch("values", queryset=StanceValue.objects.only("stance_id", "option_id", "value"))
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )


def compute_results(poll: Poll, options: list[Option], stances: list[Stance]) -> Results:
    """The results of the poll by its kind's rule (rules.py), ready for a table and bars."""
    ids = [o.pk for o in options]
    labels = {o.pk: o.label for o in options}
    ballots = [{v.option_id: v.value for v in s.values.all()} for s in stances]
    voters = len(stances)
    if poll.kind == PollKind.CONSENT:
        result = rules.consent_result(s.consent for s in stances)
        rows = [
            ResultRow(label, result.counts[key], str(result.counts[key]))
            for key, label in rules.CONSENT_LABELS.items()
        ]
        reasons = [
            (s.person.full_name, rules.CONSENT_LABELS.get(s.consent, ""), s.reason)
            for s in stances
            if s.reason
        ]
        return Results(
            poll.kind, voters, rows, result.summary, [], "Réponses",
            max([r.value for r in rows] + [1]), reasons=reasons,
        )  # fmt: skip
    if poll.kind == PollKind.RANKED:
        result = rules.instant_runoff(ids, [rules.ballot_order(b) for b in ballots])
        first = result.rounds[0].counts if result.rounds else dict.fromkeys(ids, 0)
        rows = [
            ResultRow(labels[o], first.get(o, 0), str(first.get(o, 0)), o in result.winners)
            for o in ids
        ]
        if not result.winners:
            summary = "Aucun bulletin."
        elif result.tie:
            names = " ; ".join(labels[o] for o in result.winners)
            summary = f"Égalité entre : {names}."
        else:
            summary = (
                f"Option retenue : {labels[result.winners[0]]} "
                f"(après {len(result.rounds)} tour{'s' if len(result.rounds) > 1 else ''})."
            )
        rounds = [
            {
                "number": i,
                "cells": [r.counts.get(o) for o in ids],
                "exhausted": r.exhausted,
                "eliminated": ", ".join(labels[o] for o in r.eliminated),
            }
            for i, r in enumerate(result.rounds, start=1)
        ]
        return Results(
            poll.kind, voters, rows, summary, [], "Premiers choix",
            max([r.value for r in rows] + [1]), rounds=rounds,
            round_options=[labels[o] for o in ids],
        )  # fmt: skip
    if poll.kind in (PollKind.DOTS, PollKind.SCORE):
        if poll.kind == PollKind.DOTS:
            result = rules.dot_totals(ids, ballots)
            heading, top = "Points", max(list(result.values.values()) + [1])
        else:
            result = rules.score_averages(ids, ballots)
            heading, top = "Moyenne sur 5", rules.SCORE_MAX
        rows = [
            ResultRow(
                labels[o],
                result.values[o],
                _figure(result.values[o]),
                o in result.winners,
                [result.counts[o]],
            )
            for o in ids
        ]
        if not result.winners:
            summary = "Aucun point réparti." if poll.kind == PollKind.DOTS else "Aucune note."
        elif len(result.winners) > 1:
            summary = "Égalité entre : " + " ; ".join(labels[o] for o in result.winners) + "."
        else:
            summary = f"En tête : {labels[result.winners[0]]}."
        column = "Personnes" if poll.kind == PollKind.DOTS else "Notes données"
        return Results(poll.kind, voters, rows, summary, [column], heading, top)
    result = rules.date_result([(o.pk, o.starts_at) for o in options], ballots)
    rows = [
        ResultRow(labels[t.option], t.yes, str(t.yes), t.option == result.best, [t.if_needed, t.no])
        for t in result.tallies
    ]
    summary = f"Meilleure date : {labels[result.best]}." if result.best else "Aucune réponse."
    grid = [
        (s.person.full_name, [rules.DATE_ANSWERS.get(b.get(o), "—") for o in ids])
        for s, b in zip(stances, ballots, strict=True)
    ]
    return Results(
        poll.kind, voters, rows, summary, ["Si nécessaire", "Non"], "Oui",
        max([r.value for r in rows] + [1]), grid=grid, best_option=result.best,
    )  # fmt: skip


def _figure(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)

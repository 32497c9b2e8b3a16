"""The rules of polls, as pure functions on plain values (no ORM, no request).

Polls are informal: no article of the CGCT governs them. They prepare decisions that a body
then takes by vote (L2121-20, absolute majority of the votes cast) and they find a date for a
sitting, whose convocation delay the sittings capability applies (L2121-11, L2121-12,
L5211-1). Every point below where nothing is written in the law is a *(choice)* of Maillage,
documented in docs/participation-sondages.md.

Options are named by their identifiers (ints), in the poll's order; every function returns
the options in that order unless it says otherwise.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

# --- Consent ------------------------------------------------------------------------------------

AGREE = "accord"
ABSTAIN = "abstention"
DISAGREE = "desaccord"
BLOCK = "blocage"
CONSENT_STANCES = (AGREE, ABSTAIN, DISAGREE, BLOCK)
CONSENT_LABELS = {
    AGREE: "D'accord",
    ABSTAIN: "Abstention",
    DISAGREE: "Pas d'accord",
    BLOCK: "Blocage",
}
# A reason is required where the voter stands against the proposal *(choice)*.
REASON_REQUIRED = frozenset({DISAGREE, BLOCK})

REASON_MAX_LENGTH = 2000


def check_consent(stance: str, reason: str) -> str | None:
    """The French refusal of a consent stance, or None when it is valid: one of the four
    stances; a reason is required for « pas d'accord » and « blocage » *(choice)*."""
    if stance not in CONSENT_STANCES:
        return "Choisissez votre position : d'accord, abstention, pas d'accord ou blocage."
    if stance in REASON_REQUIRED and not (reason or "").strip():
        return f"Donnez la raison de votre position « {CONSENT_LABELS[stance].lower()} »."
    if len(reason or "") > REASON_MAX_LENGTH:
        return f"La raison tient en {REASON_MAX_LENGTH} caractères au plus."
    return None


@dataclass(frozen=True)
class ConsentResult:
    counts: dict[str, int]
    total: int
    blocked: bool
    consented: bool

    @property
    def summary(self) -> str:
        if self.total == 0:
            return "Aucune réponse : pas de consentement constaté."
        if self.blocked:
            blocks = self.counts[BLOCK]
            return f"Proposition bloquée ({blocks} blocage{'s' if blocks > 1 else ''})."
        return "Consentement : aucune objection bloquante."


def consent_result(stances: Iterable[str]) -> ConsentResult:
    """Count each stance. The proposal has consent when at least one person answered and
    nobody blocked; « pas d'accord » is heard but does not stop it *(choice)*."""
    counts = dict.fromkeys(CONSENT_STANCES, 0)
    for stance in stances:
        counts[stance] += 1
    total = sum(counts.values())
    blocked = counts[BLOCK] > 0
    return ConsentResult(counts, total, blocked, consented=total > 0 and not blocked)


# --- Ranked choice (instant-runoff) -------------------------------------------------------------


def check_ranking(options: Sequence[int], ranks: Mapping[int, int | None]) -> str | None:
    """The French refusal of a ranked ballot, or None. `ranks` maps an option to its rank
    (1 = first) or None when unranked. A voter ranks at least one option; ranks are distinct
    and follow each other from 1 (1, 2, 3…: a gap is refused, it is almost always a slip);
    options left unranked come after every ranked one *(choice)*."""
    unknown = set(ranks) - set(options)
    if unknown:
        return "Ce bulletin classe une option qui n'est pas dans le sondage."
    given = [rank for rank in ranks.values() if rank is not None]
    if not given:
        return "Classez au moins une option (1 pour votre premier choix)."
    if any(rank < 1 or rank > len(options) for rank in given):
        return f"Les rangs vont de 1 à {len(options)}."
    if len(set(given)) != len(given):
        return "Deux options ne peuvent pas avoir le même rang."
    missing = [rank for rank in range(1, len(given) + 1) if rank not in given]
    if missing:
        return f"Le rang {missing[0]} manque : numérotez vos choix à la suite (1, 2, 3…)."
    return None


def ballot_order(ranks: Mapping[int, int | None]) -> list[int]:
    """The options of a valid ranked ballot, first choice first; unranked ones left out."""
    ranked = [(rank, option) for option, rank in ranks.items() if rank is not None]
    return [option for _, option in sorted(ranked)]


@dataclass(frozen=True)
class RunoffRound:
    counts: dict[int, int]  # continuing option → ballots counting for it this round
    exhausted: int  # ballots whose ranked options are all eliminated
    eliminated: tuple[int, ...]  # eliminated at the end of this round


@dataclass(frozen=True)
class RunoffResult:
    rounds: list[RunoffRound]
    winners: tuple[int, ...]  # one winner, or the options tied at the end; empty: no ballot
    ballots: int

    @property
    def tie(self) -> bool:
        return len(self.winners) > 1


def instant_runoff(options: Sequence[int], ballots: Iterable[Sequence[int]]) -> RunoffResult:
    """Instant-runoff voting. Each round, a ballot counts for its highest-ranked option still
    in the race. An option with more than half of the ballots still counting wins. Otherwise
    every option with the fewest votes is eliminated together (an option nobody ranks first
    is eliminated in round one); when that would eliminate all options left, they are tied
    and the result says so — no draw, no hidden order *(choice)*."""
    ballots = [list(ballot) for ballot in ballots if ballot]
    remaining = list(options)
    rounds: list[RunoffRound] = []
    if not ballots or not remaining:
        return RunoffResult(rounds, (), len(ballots))
    while True:
        counts = dict.fromkeys(remaining, 0)
        exhausted = 0
        for ballot in ballots:
            choice = next((option for option in ballot if option in counts), None)
            if choice is None:
                exhausted += 1
            else:
                counts[choice] += 1
        counting = len(ballots) - exhausted
        leader = max(counts.values())
        if len(remaining) == 1 or leader * 2 > counting:
            winners = tuple(o for o in remaining if counts[o] == leader)
            rounds.append(RunoffRound(counts, exhausted, ()))
            return RunoffResult(rounds, winners, len(ballots))
        lowest = min(counts.values())
        eliminated = tuple(o for o in remaining if counts[o] == lowest)
        if len(eliminated) == len(remaining):
            rounds.append(RunoffRound(counts, exhausted, ()))
            return RunoffResult(rounds, tuple(remaining), len(ballots))
        rounds.append(RunoffRound(counts, exhausted, eliminated))
        remaining = [o for o in remaining if o not in eliminated]


# --- Dot vote -----------------------------------------------------------------------------------

DOT_BUDGET_MAX = 100


def check_dots(options: Sequence[int], points: Mapping[int, int], budget: int) -> str | None:
    """The French refusal of a dot vote, or None: whole numbers of points, none negative,
    on the poll's options, at least one point and at most the budget `budget` set by the
    author; points left unspent are allowed *(choice)*."""
    if set(points) - set(options):
        return "Ce vote donne des points à une option qui n'est pas dans le sondage."
    if any(value < 0 for value in points.values()):
        return "Le nombre de points d'une option ne peut pas être négatif."
    spent = sum(points.values())
    if spent == 0:
        return "Répartissez au moins un point."
    if spent > budget:
        return f"Vous avez réparti {spent} points : vous en avez {budget} au plus."
    return None


@dataclass(frozen=True)
class TotalsResult:
    values: dict[int, float]  # option → total (dots) or average (scores, None if no score)
    counts: dict[int, int]  # option → number of voters who gave it something
    winners: tuple[int, ...]
    voters: int


def _winners(values: Mapping[int, float | None]) -> tuple[int, ...]:
    scored = [v for v in values.values() if v is not None]
    if not scored or max(scored) <= 0:
        return ()
    best = max(scored)
    return tuple(option for option, v in values.items() if v == best)


def dot_totals(options: Sequence[int], votes: Iterable[Mapping[int, int]]) -> TotalsResult:
    """Sum each option's points. Every option with the highest total wins (a tie names
    them all) *(choice)*."""
    totals = dict.fromkeys(options, 0)
    counts = dict.fromkeys(options, 0)
    voters = 0
    for vote in votes:
        voters += 1
        for option, value in vote.items():
            totals[option] += value
            counts[option] += 1 if value else 0
    return TotalsResult(totals, counts, _winners(totals), voters)


# --- Score (0 to 5) -----------------------------------------------------------------------------

SCORE_MIN, SCORE_MAX = 0, 5


def check_scores(options: Sequence[int], scores: Mapping[int, int | None]) -> str | None:
    """The French refusal of a score ballot, or None: each option gets a whole score from 0
    to 5; an option may be left without a score (« sans avis ») but at least one is scored
    *(choice)*."""
    if set(scores) - set(options):
        return "Ce vote note une option qui n'est pas dans le sondage."
    given = [value for value in scores.values() if value is not None]
    if not given:
        return "Notez au moins une option, de 0 à 5."
    if any(value < SCORE_MIN or value > SCORE_MAX for value in given):
        return "Les notes vont de 0 à 5."
    return None


def score_averages(options: Sequence[int], votes: Iterable[Mapping[int, int]]) -> TotalsResult:
    """The average score of each option over those who scored it, rounded to the hundredth
    (None when nobody did). Every option with the highest average wins *(choice)*."""
    sums = dict.fromkeys(options, 0)
    counts = dict.fromkeys(options, 0)
    voters = 0
    for vote in votes:
        voters += 1
        for option, value in vote.items():
            if value is not None:
                sums[option] += value
                counts[option] += 1
    averages = {o: (round(sums[o] / counts[o], 2) if counts[o] else None) for o in options}
    best = [v for v in averages.values() if v is not None]
    winners = tuple(o for o, v in averages.items() if best and v == max(best))
    return TotalsResult(averages, counts, winners, voters)


# --- Date poll ----------------------------------------------------------------------------------

YES, IF_NEEDED, NO = 2, 1, 0
DATE_ANSWERS = {YES: "Oui", IF_NEEDED: "Si nécessaire", NO: "Non"}


def check_dates(options: Sequence[int], answers: Mapping[int, int | None]) -> str | None:
    """The French refusal of a date poll answer, or None: oui, si nécessaire or non for every
    proposed date *(choice: no date left unanswered, so that silence is never read as no)*."""
    if set(answers) - set(options):
        return "Cette réponse porte sur une date qui n'est pas dans le sondage."
    if any(answers.get(option) is None for option in options):
        return "Répondez oui, si nécessaire ou non pour chaque date proposée."
    if any(value not in DATE_ANSWERS for value in answers.values()):
        return "Répondez oui, si nécessaire ou non pour chaque date proposée."
    return None


@dataclass(frozen=True)
class DateTally:
    option: int
    starts_at: datetime
    yes: int = 0
    if_needed: int = 0
    no: int = 0

    @property
    def available(self) -> int:
        return self.yes + self.if_needed


@dataclass(frozen=True)
class DateResult:
    tallies: list[DateTally]
    best: int | None  # the best option, None without any answer
    voters: int = 0
    ranking: list[int] = field(default_factory=list)  # best first


def date_result(
    options: Sequence[tuple[int, datetime]], answers: Iterable[Mapping[int, int]]
) -> DateResult:
    """Tally the answers per date. The best date has the most « oui », then the most « oui »
    plus « si nécessaire »; if still tied, the earliest date wins (the sooner the body meets,
    the better) *(choice)*. Without any answer there is no best date."""
    yes = dict.fromkeys((o for o, _ in options), 0)
    maybe = dict(yes)
    no = dict(yes)
    voters = 0
    for answer in answers:
        voters += 1
        for option, value in answer.items():
            {YES: yes, IF_NEEDED: maybe, NO: no}[value][option] += 1
    tallies = [DateTally(o, when, yes[o], maybe[o], no[o]) for o, when in options]
    ranking = sorted(tallies, key=lambda t: (-t.yes, -t.available, t.starts_at, t.option))
    best = ranking[0].option if voters and ranking else None
    return DateResult(tallies, best, voters, [t.option for t in ranking])

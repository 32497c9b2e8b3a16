"""Pure roll-up rules of projects: progress, budget sums, indicator standing, status moves.

No ORM, no request: plain values in, plain values out, tested with tables and hypothesis.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")
# DecimalField(max_digits=14, decimal_places=2) holds less than 10¹² euros.
MAX_AMOUNT = Decimal(10) ** 12

# The order of the statuses along a project's life; "abandonne" is outside it.
STATUS_ORDER = ["idee", "etude", "engage", "en_cours", "termine"]

# *(choice)* A project without milestones shows a progress that its status implies: an idea
# has not started, a project being studied is a tenth done, a committed one a quarter, one
# under way half; a finished project is done, an abandoned one stays where it stopped (0 %
# when nothing says more).
PROGRESS_BY_STATUS = {
    "idee": 0,
    "etude": 10,
    "engage": 25,
    "en_cours": 50,
    "termine": 100,
    "abandonne": 0,
}


def progress_percent(*, status: str, milestones_total: int, milestones_done: int) -> int:
    """The progress of a project, 0 to 100: a finished project is 100 %; otherwise the share
    of its milestones reached (rounded down, so that 100 % means every milestone reached);
    without milestones, the figure its status implies (PROGRESS_BY_STATUS)."""
    if status == "termine":
        return 100
    if milestones_total <= 0:
        return PROGRESS_BY_STATUS.get(status, 0)
    done = max(0, min(milestones_done, milestones_total))
    return (100 * done) // milestones_total


def needs_reason(from_status: str, to_status: str) -> bool:
    """A reason is required to abandon a project, to go back to an earlier status, and to
    revive an abandoned project *(choice: reviving is a turn the team must explain too)*;
    moving forward needs none."""
    if to_status == "abandonne" or from_status == "abandonne":
        return True
    if from_status in STATUS_ORDER and to_status in STATUS_ORDER:
        return STATUS_ORDER.index(to_status) < STATUS_ORDER.index(from_status)
    return False


@dataclass(frozen=True)
class BudgetTotals:
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        """What is planned and not yet committed (negative when commitments exceed it)."""
        return self.planned - self.committed

    @property
    def over_planned(self) -> bool:
        return self.committed > self.planned

    def as_dict(self) -> dict:
        return {"planned": self.planned, "committed": self.committed, "spent": self.spent}


def sum_budget(lines: Iterable[tuple[Decimal, Decimal, Decimal]]) -> BudgetTotals:
    """Exact sums of (planned, committed, spent) lines, in Decimal to the cent."""
    planned = committed = spent = ZERO
    for p, c, s in lines:
        planned += Decimal(p)
        committed += Decimal(c)
        spent += Decimal(s)
    return BudgetTotals(planned, committed, spent)


def budget_problem(planned: Decimal, committed: Decimal, spent: Decimal) -> str:
    """Why a budget line is refused, in French, or "" when it is fine. Amounts are never
    negative; what is spent (mandaté) was committed (engagé) first, as in public accounting
    (a mandate follows an engagement): spent ≤ committed. Committing more than planned is
    allowed — it shows as an overrun."""
    for label, amount in (("prévu", planned), ("engagé", committed), ("dépensé", spent)):
        if amount is None:
            return f"Indiquez le montant {label} (0 si aucun)."
        if amount < 0:
            return f"Le montant {label} ne peut pas être négatif."
        if amount >= MAX_AMOUNT:
            return f"Le montant {label} est trop grand (moins de mille milliards d'euros)."
        if amount != amount.quantize(Decimal("0.01")):
            return f"Le montant {label} s'écrit au centime près (deux décimales au plus)."
    if spent > committed:
        return "Le dépensé ne peut pas dépasser l'engagé : engagez d'abord la dépense."
    return ""


def target_reached_percent(
    *, baseline: Decimal, target: Decimal, latest: Decimal | None
) -> int | None:
    """How far the latest value went from the baseline toward the target, 0 to 100 (None
    without a measurement). Works both ways: for a target below the baseline (fewer tonnes
    of waste), going down is progress. A target equal to the baseline is reached or not."""
    if latest is None:
        return None
    span = target - baseline
    if span == 0:
        return 100 if latest == target else 0
    share = (latest - baseline) / span
    return int(max(Decimal(0), min(Decimal(1), share)) * 100)


def indicator_on_target(*, direction: str, target: Decimal, latest: Decimal | None) -> bool:
    """Whether the latest value meets the target in the indicator's direction."""
    if latest is None:
        return False
    return latest >= target if direction == "hausse" else latest <= target

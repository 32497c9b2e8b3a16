"""The roll-up rules of projects (maillage/projects/rules.py): tables of cases, and
hypothesis for the invariants (progress between 0 and 100, exact sums)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.projects import rules

D = Decimal


@pytest.mark.parametrize(
    "status, total, done, percent",
    [
        ("en_cours", 4, 1, 25),
        ("en_cours", 3, 1, 33),
        ("en_cours", 3, 3, 100),
        ("engage", 10, 0, 0),
        ("termine", 10, 2, 100),
        ("termine", 0, 0, 100),
        ("idee", 0, 0, 0),
        ("etude", 0, 0, 10),
        ("engage", 0, 0, 25),
        ("en_cours", 0, 0, 50),
        ("abandonne", 0, 0, 0),
        ("abandonne", 4, 2, 50),
        ("en_cours", 7, 6, 85),
    ],
)
def test_progress_comes_from_milestones_or_else_from_the_status(status, total, done, percent):
    assert rules.progress_percent(status=status, milestones_total=total, milestones_done=done) == (
        percent
    )


@given(
    st.sampled_from(list(rules.PROGRESS_BY_STATUS)),
    st.integers(min_value=-5, max_value=500),
    st.integers(min_value=-5, max_value=600),
)
def test_progress_is_always_between_0_and_100(status, total, done):
    percent = rules.progress_percent(status=status, milestones_total=total, milestones_done=done)
    assert 0 <= percent <= 100


@given(st.integers(min_value=1, max_value=300), st.data())
def test_progress_reaches_100_only_when_every_milestone_is_reached(total, data):
    done = data.draw(st.integers(min_value=0, max_value=total))
    percent = rules.progress_percent(
        status="en_cours", milestones_total=total, milestones_done=done
    )
    assert (percent == 100) is (done == total)


@pytest.mark.parametrize(
    "from_status, to_status, required",
    [
        ("idee", "etude", False),
        ("etude", "en_cours", False),
        ("en_cours", "termine", False),
        ("en_cours", "etude", True),
        ("termine", "en_cours", True),
        ("engage", "idee", True),
        ("idee", "abandonne", True),
        ("en_cours", "abandonne", True),
        ("abandonne", "en_cours", True),
    ],
)
def test_a_reason_is_required_to_abandon_go_back_or_revive(from_status, to_status, required):
    assert rules.needs_reason(from_status, to_status) is required


@pytest.mark.parametrize(
    "planned, committed, spent, message",
    [
        (D("100"), D("50"), D("20"), ""),
        (D("0"), D("0"), D("0"), ""),
        (D("100"), D("150"), D("150"), ""),  # over the plan: allowed, shown as an overrun
        (D("-1"), D("0"), D("0"), "Le montant prévu ne peut pas être négatif."),
        (D("10"), D("-0.01"), D("0"), "Le montant engagé ne peut pas être négatif."),
        (D("10"), D("5"), D("-3"), "Le montant dépensé ne peut pas être négatif."),
        (D("10"), D("5"), D("6"), "Le dépensé ne peut pas dépasser l'engagé"),
        (D("10.001"), D("0"), D("0"), "au centime près"),
        (D("1000000000000"), D("0"), D("0"), "trop grand"),
    ],
)
def test_a_budget_line_is_refused_with_its_reason(planned, committed, spent, message):
    problem = rules.budget_problem(planned, committed, spent)
    assert (message in problem) if message else problem == ""


cents = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(cents, cents, cents), max_size=40))
def test_budget_sums_are_exact_to_the_cent(lines):
    totals = rules.sum_budget(lines)
    assert totals.planned == sum((p for p, _, _ in lines), D(0))
    assert totals.committed == sum((c for _, c, _ in lines), D(0))
    assert totals.spent == sum((s for _, _, s in lines), D(0))
    assert totals.remaining == totals.planned - totals.committed


def test_sums_of_cents_do_not_drift_like_floats():
    totals = rules.sum_budget([(D("0.10"), D("0.10"), D("0.10"))] * 3)
    assert totals.planned == D("0.30")


@pytest.mark.parametrize(
    "baseline, target, latest, percent",
    [
        (D(0), D(100), None, None),
        (D(0), D(100), D(50), 50),
        (D(0), D(100), D(150), 100),
        (D(0), D(100), D(-10), 0),
        (D(500), D(300), D(400), 50),  # fewer tonnes of waste: going down is progress
        (D(500), D(300), D(600), 0),
        (D(10), D(10), D(10), 100),
        (D(10), D(10), D(9), 0),
    ],
)
def test_the_share_of_the_way_to_the_target(baseline, target, latest, percent):
    assert rules.target_reached_percent(baseline=baseline, target=target, latest=latest) == percent


@given(cents, cents, cents)
def test_the_share_of_the_way_is_between_0_and_100(baseline, target, latest):
    percent = rules.target_reached_percent(baseline=baseline, target=target, latest=latest)
    assert 0 <= percent <= 100


@pytest.mark.parametrize(
    "direction, target, latest, met",
    [
        ("hausse", D(10), D(12), True),
        ("hausse", D(10), D(9), False),
        ("baisse", D(10), D(9), True),
        ("baisse", D(10), D(11), False),
        ("hausse", D(10), None, False),
    ],
)
def test_an_indicator_meets_its_target_in_its_direction(direction, target, latest, met):
    assert rules.indicator_on_target(direction=direction, target=target, latest=latest) is met

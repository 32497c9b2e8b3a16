import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.quality import rules

D = datetime.date


@pytest.mark.parametrize(
    "year, sent_on, today, expected",
    [
        (2024, D(2025, 9, 30), D(2025, 10, 1), True),  # the last day is still on time
        (2024, D(2025, 10, 1), D(2025, 10, 1), False),
        (2024, None, D(2025, 9, 30), None),  # may still be sent
        (2024, None, D(2025, 10, 1), False),
    ],
)
def test_the_report_is_due_by_30_september_of_the_next_year(year, sent_on, today, expected):
    assert rules.report_deadline(year) == D(year + 1, 9, 30)
    assert rules.deadline_met(year, sent_on, today) is expected


@pytest.mark.parametrize(
    "part, whole, expected",
    [
        (0, 0, None),
        (0, 4, Decimal("0.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),
        (5, 5, Decimal("100.0")),
    ],
)
def test_a_rate_is_a_percentage_with_one_decimal_and_none_without_data(part, whole, expected):
    assert rules.rate(part, whole) == expected


def test_an_impossible_rate_is_refused():
    with pytest.raises(ValueError):
        rules.rate(3, 2)
    with pytest.raises(ValueError):
        rules.rate(-1, 2)


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_a_rate_stays_between_0_and_100(a, b):
    part, whole = min(a, b), max(a, b)
    value = rules.rate(part, whole)
    assert value is None if whole == 0 else Decimal(0) <= value <= Decimal(100)


@pytest.mark.parametrize(
    "values, expected",
    [
        ([], None),
        ([3], Decimal("3.0")),
        ([1, 3], Decimal("2.0")),
        ([5, 1, 3], Decimal("3.0")),
        ([1, 2, 10, 40], Decimal("6.0")),
    ],
)
def test_the_median_of_answer_times(values, expected):
    assert rules.median(values) == expected


@given(st.lists(st.integers(0, 1000), min_size=1))
def test_the_median_lies_between_the_smallest_and_the_largest(values):
    assert min(values) <= rules.median(values) <= max(values)


@pytest.mark.parametrize(
    "convened_on, meeting_day, clear_days, expected",
    [
        (D(2025, 3, 4), D(2025, 3, 10), 5, True),  # 5 clear days: 5, 6, 7, 8, 9
        (D(2025, 3, 5), D(2025, 3, 10), 5, False),
        (D(2025, 3, 8), D(2025, 3, 10), 1, True),  # an urgency, one clear day
    ],
)
def test_a_convocation_is_in_time_when_it_leaves_the_clear_days(
    convened_on, meeting_day, clear_days, expected
):
    assert rules.convened_in_time(convened_on, meeting_day, clear_days) is expected


@pytest.mark.parametrize("month, quarter", [(1, 1), (3, 1), (4, 2), (9, 3), (10, 4), (12, 4)])
def test_quarters(month, quarter):
    assert rules.quarter_of(D(2025, month, 15)) == quarter


def test_a_project_done_on_its_end_date_is_on_time():
    assert rules.delivered_on_time(D(2025, 6, 30), D(2025, 6, 30))
    assert not rules.delivered_on_time(D(2025, 7, 1), D(2025, 6, 30))


def test_steps_lose_their_typed_numbering_and_blank_lines():
    text = "1. Fixer l'ordre du jour\n\n- Convoquer\n  3) Tenir la séance  \nÉtape 4 : Publier"
    assert rules.parse_steps(text) == [
        "Fixer l'ordre du jour",
        "Convoquer",
        "Tenir la séance",
        "Publier",
    ]


@given(st.lists(st.text(alphabet="abcdé ", min_size=1, max_size=20), max_size=20))
def test_parsed_steps_are_never_blank(lines):
    assert all(step.strip() == step and step for step in rules.parse_steps("\n".join(lines)))


def test_steps_are_checked():
    assert rules.check_steps([]) is not None
    assert rules.check_steps(["x"] * 51) is not None
    assert rules.check_steps(["x" * 301]) is not None
    assert rules.check_steps(["Convoquer"]) is None


@pytest.mark.parametrize(
    "current, target, allowed",
    [
        ("soumis", "analyse", True),
        ("soumis", "action", False),
        ("analyse", "action", True),
        ("action", "resultat", True),
        ("soumis", "resultat", False),
        ("resultat", "analyse", False),
        ("sans_suite", "analyse", False),
        ("analyse", "sans_suite", True),
    ],
)
def test_the_register_workflow(current, target, allowed):
    assert rules.can_move(current, target) is allowed


def test_a_review_is_overdue_the_day_after():
    assert not rules.review_overdue(D(2025, 1, 1), D(2025, 1, 1))
    assert rules.review_overdue(D(2025, 1, 1), D(2025, 1, 2))

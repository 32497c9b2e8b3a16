"""The geometry of the Gantt (maillage/projects/timeline.py): periods, columns and bars."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.projects import timeline

d = datetime.date


@pytest.mark.parametrize(
    "scale, year, quarter, start, end, label",
    [
        ("annee", 2026, 3, d(2026, 1, 1), d(2026, 12, 31), "2026"),
        ("trimestre", 2026, 1, d(2026, 1, 1), d(2026, 3, 31), "1ᵉʳ trimestre 2026"),
        ("trimestre", 2026, 2, d(2026, 4, 1), d(2026, 6, 30), "2ᵉ trimestre 2026"),
        ("trimestre", 2026, 4, d(2026, 10, 1), d(2026, 12, 31), "4ᵉ trimestre 2026"),
        ("trimestre", 2026, 9, d(2026, 10, 1), d(2026, 12, 31), "4ᵉ trimestre 2026"),
    ],
)
def test_a_period_is_a_year_or_a_quarter(scale, year, quarter, start, end, label):
    period = timeline.period(scale, year, quarter)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_the_periods_follow_each_other():
    q4 = timeline.period("trimestre", 2026, 4)
    assert q4.next().label == "1ᵉʳ trimestre 2027"
    assert q4.next().previous() == q4
    assert timeline.period("annee", 2026).previous().year == 2025


def test_a_year_has_twelve_month_columns_covering_it():
    columns = timeline.columns(timeline.period("annee", 2026))
    assert [c.label for c in columns][:3] == ["janv.", "févr.", "mars"]
    assert sum(c.width for c in columns) == pytest.approx(100)


def test_a_quarter_has_week_columns_covering_it():
    columns = timeline.columns(timeline.period("trimestre", 2026, 2))
    assert columns[0].label == "01/04" and columns[1].label == "06/04"
    assert sum(c.width for c in columns) == pytest.approx(100)


def test_a_bar_outside_the_period_is_none_and_one_across_it_is_clipped():
    year = timeline.period("annee", 2026)
    assert timeline.bar(year, d(2024, 1, 1), d(2025, 12, 31)) is None
    across = timeline.bar(year, d(2025, 6, 1), d(2027, 6, 1))
    assert (across.left, across.width, across.starts_before, across.ends_after) == (
        0.0, 100.0, True, True,
    )  # fmt: skip


dates = st.dates(min_value=d(2020, 1, 1), max_value=d(2030, 12, 31))


@given(dates, dates, st.sampled_from(["annee", "trimestre"]), st.integers(1, 4))
def test_a_bar_always_stays_inside_the_chart(start, end, scale, quarter):
    period = timeline.period(scale, 2026, quarter)
    bar = timeline.bar(period, min(start, end), max(start, end))
    if bar is not None:
        assert 0 <= bar.left <= 100
        assert 0 < bar.width and bar.left + bar.width <= 100.5

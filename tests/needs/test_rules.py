"""The aggregation of needs by theme or group: pure, exact, each organisation once."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.needs.rules import Contribution, aggregate, bars, totals


def c(key, need, org, population=1000, cost=None, name=None):
    return Contribution(key, need, org, name or f"Commune {org}", population,
                        None if cost is None else Decimal(cost))  # fmt: skip


@pytest.mark.parametrize(
    "contributions, expected",
    [
        # one need, one organisation
        ([c("RH", 1, 1, 500, "100")], {"RH": (1, 1, 500, "100.00", 0)}),
        # « nous aussi » adds an organisation, its inhabitants and its cost
        ([c("RH", 1, 1, 500, "100"), c("RH", 1, 2, 300, "50.50")],
         {"RH": (1, 2, 800, "150.50", 0)}),
        # the same organisation in two needs of a theme counts once for inhabitants
        ([c("RH", 1, 1, 500, "100"), c("RH", 2, 1, 500, "20")],
         {"RH": (2, 1, 500, "120.00", 0)}),
        # costs not stated are counted apart, never as zero silently
        ([c("RH", 1, 1, 500), c("RH", 1, 2, 300, "10")], {"RH": (1, 2, 800, "10.00", 1)}),
        # an organisation without population is not added to the inhabitants
        ([c("RH", 1, 1, None, "1"), c("RH", 1, 2, 300, "1")], {"RH": (1, 2, 300, "2.00", 0)}),
        # two themes are separate
        ([c("RH", 1, 1, 500), c("Voirie", 2, 1, 500)],
         {"RH": (1, 1, 500, "0.00", 1), "Voirie": (1, 1, 500, "0.00", 1)}),
    ],
)  # fmt: skip
def test_each_theme_counts_needs_organisations_inhabitants_and_cost(contributions, expected):
    rows = {r.key: r for r in aggregate(contributions)}
    assert {
        key: (r.need_count, r.organisation_count, r.inhabitants, f"{r.total_cost:.2f}",
              r.costs_missing)
        for key, r in rows.items()
    } == expected  # fmt: skip


def test_organisations_without_population_are_named():
    rows = aggregate([c("RH", 1, 1, None, name="Sans chiffre"), c("RH", 1, 2, 10)])
    assert rows[0].names_without_population == ["Sans chiffre"]


def test_rows_come_most_shared_first():
    rows = aggregate([c("B", 1, 1), c("A", 2, 1), c("A", 2, 2)])
    assert [r.key for r in rows] == ["A", "B"]


def test_the_total_counts_each_organisation_once_across_themes():
    whole = totals(aggregate([c("RH", 1, 1, 500, "1"), c("Voirie", 2, 1, 500, "2")]))
    assert (whole.organisation_count, whole.inhabitants, whole.total_cost) == (
        1, 500, Decimal("3"))  # fmt: skip


def test_a_negative_cost_is_refused():
    with pytest.raises(ValueError, match="négatif"):
        aggregate([c("RH", 1, 1, 500, "-1")])


def test_the_widest_bar_is_the_most_shared_theme():
    chart = bars(aggregate([c("A", 1, 1), c("A", 1, 2), c("B", 2, 3)]))
    assert [(b.label, b.value, b.percent) for b in chart] == [("A", 2, "100.0"), ("B", 1, "50.0")]


contribution = st.builds(
    Contribution,
    key=st.sampled_from(["RH", "Voirie", "Numérique"]),
    need_id=st.integers(1, 5),
    organisation_id=st.integers(1, 8),
    organisation_name=st.just("X"),
    population=st.one_of(st.none(), st.integers(0, 100_000)),
    cost=st.one_of(st.none(), st.integers(0, 10**8).map(lambda cents: Decimal(cents).scaleb(-2))),
)


# Generation is cheap, but eight engineers share two cores: no health check on its speed.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(contribution, max_size=30))
def test_the_costs_add_up_exactly_and_organisations_are_never_double_counted(items):
    rows = aggregate(items)
    stated = [i.cost for i in items if i.cost is not None]
    assert sum((r.total_cost for r in rows), Decimal(0)) == sum(stated, Decimal(0))
    assert sum(r.costs_missing for r in rows) == len(items) - len(stated)
    for row in rows:
        orgs = {i.organisation_id for i in items if i.key == row.key}
        assert row.organisation_count == len(orgs)
    assert totals(rows).organisation_count == len({i.organisation_id for i in items})

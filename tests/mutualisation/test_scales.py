"""Contribution scales (maillage/mutualisation/scales.py): a table of cases for every kind of
scale, floors and ceilings, an EPCI paying for its communes; the comparison of scenarios."""

from decimal import Decimal as D

import pytest

from maillage.mutualisation.scales import (
    Line,
    MemberData,
    Part,
    Scale,
    Tier,
    apply_scale,
    compare,
)

# Four communes of a fictitious EPCI (key 90): populations municipale / totale, units used
# (e.g. licences) and a custom weight (e.g. potentiel fiscal in k€).
A = MemberData(1, "Bonneville", 1_200, 1_250, D(10), D(300))
B = MemberData(2, "Grandbourg", 6_000, 6_150, D(25), D(1500))
C = MemberData(3, "Petitmont", 300, 310, D(1), D(50))
E = MemberData(4, "Montlac", 2_500, 2_600, D(4), D(650))
MEMBERS = [A, B, C, E]

TIERS = (Tier(0, 1_000, D(1)), Tier(1_000, 5_000, D(2)), Tier(5_000, None, D(4)))


def only(basis: str, **options) -> Scale:
    return Scale(parts=(Part(D(1), basis),), **options)


def amounts(lines: list[Line]) -> list[str]:
    return [str(line.amount) for line in lines]


@pytest.mark.parametrize(
    "total, scale, expected",
    [
        # equal: 10 000 / 4
        ("10000", only("equal"), ["2500.00", "2500.00", "2500.00", "2500.00"]),
        ("100", only("equal"), ["25.00", "25.00", "25.00", "25.00"]),
        ("0.03", only("equal"), ["0.01", "0.01", "0.01", "0.00"]),
        # population municipale 10 000 inhabitants in all
        ("10000", only("population_municipale"), ["1200.00", "6000.00", "300.00", "2500.00"]),
        # population totale 10 310 inhabitants: 10 000 × p / 10 310
        (
            "10310",
            only("population_totale"),
            ["1250.00", "6150.00", "310.00", "2600.00"],
        ),
        # units: 40 units in all
        ("4000", only("units"), ["1000.00", "2500.00", "100.00", "400.00"]),
        # custom weight: 2 500 in all
        ("5000", only("weight"), ["600.00", "3000.00", "100.00", "1300.00"]),
        # tiers flat: coefficients 2, 4, 1, 2 = 9
        ("900", only("tiers", tiers=TIERS), ["200.00", "400.00", "100.00", "200.00"]),
        # tiers per inhabitant: 2 400 + 24 000 + 300 + 5 000 = 31 700 weighted inhabitants
        (
            "31700",
            only("tiers", tiers=TIERS, per_inhabitant_in_tier=True),
            ["2400.00", "24000.00", "300.00", "5000.00"],
        ),
        # tiers on population totale: Montlac 2 600 and Bonneville 1 250 still in tier 2
        (
            "900",
            only("tiers", tiers=TIERS, tier_population="population_totale"),
            ["200.00", "400.00", "100.00", "200.00"],
        ),
        # fixed 500 each + the rest (8 000) by population municipale
        (
            "10000",
            only("population_municipale", fixed_amount=D(500)),
            ["1460.00", "5300.00", "740.00", "2500.00"],
        ),
        # several parts: 40 % of 10 000 by population, 60 % by units
        (
            "10000",
            Scale(parts=(Part(D("0.4"), "population_municipale"), Part(D("0.6"), "units"))),
            ["1980.00", "6150.00", "270.00", "1600.00"],
        ),
    ],
)
def test_every_kind_of_scale_shares_the_total_exactly(total, scale, expected):
    lines = apply_scale(D(total), scale, MEMBERS)
    assert amounts(lines) == expected
    assert sum(line.amount for line in lines) == D(total)
    assert [line.key for line in lines] == [1, 2, 3, 4]


def test_the_comparison_shows_amounts_differences_and_shares_per_member():
    first = apply_scale(D("10000"), only("equal"), MEMBERS)
    second = apply_scale(D("10000"), only("population_municipale"), MEMBERS)
    rows = compare({"Parts égales": first, "Population": second})
    assert [row.name for row in rows] == ["Bonneville", "Grandbourg", "Petitmont", "Montlac"]
    grandbourg = rows[1]
    assert grandbourg.amounts == {"Parts égales": D("2500.00"), "Population": D("6000.00")}
    assert grandbourg.differences == {"Parts égales": D("0.00"), "Population": D("3500.00")}
    assert grandbourg.shares == {"Parts égales": D("25.00"), "Population": D("60.00")}
    assert grandbourg.outcome("Population") == "perd"
    assert rows[2].outcome("Population") == "gagne"
    assert rows[2].winners == ("Population",)

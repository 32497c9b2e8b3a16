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


# --- Floors and ceilings ------------------------------------------------------------------------

BY_POPULATION = only("population_municipale")


@pytest.mark.parametrize(
    "floor, ceiling, expected, floored, capped",
    [
        # Petitmont's 300 raised to 500; the 200 taken from the others in proportion to their
        # computed shares (9 500 × 1 200 / 9 700 = 1 175,2577…), cents by largest remainder.
        ("500", None, ["1175.26", "5876.29", "500.00", "2448.45"], "--F-", "----"),
        # Grandbourg's 6 000 lowered to 5 000; the 1 000 goes to the others (4 000 inhabitants).
        (None, "5000", ["1500.00", "5000.00", "375.00", "3125.00"], "----", "-C--"),
        # A ceiling of 3 000 pins Grandbourg, then Montlac, then Bonneville: Petitmont pays rest
        (None, "3000", ["3000.00", "3000.00", "1000.00", "3000.00"], "----", "CC-C"),
        # Both: 4 500 left between Bonneville and Montlac (3 700 inhabitants).
        ("500", "5000", ["1459.46", "5000.00", "500.00", "3040.54"], "--F-", "-C--"),
        # Floors and ceilings that nobody reaches change nothing.
        ("100", "7000", ["1200.00", "6000.00", "300.00", "2500.00"], "----", "----"),
        # A floor that everyone reaches at once: everyone pays it.
        ("2500", None, ["2500.00", "2500.00", "2500.00", "2500.00"], "FFFF", "----"),
    ],
)
def test_floors_and_ceilings_pin_members_and_reallocate_the_rest(
    floor, ceiling, expected, floored, capped
):
    scale = only(
        "population_municipale",
        floor=None if floor is None else D(floor),
        ceiling=None if ceiling is None else D(ceiling),
    )
    lines = apply_scale(D("10000"), scale, MEMBERS)
    assert amounts(lines) == expected
    assert "".join("F" if line.floored else "-" for line in lines) == floored
    assert "".join("C" if line.capped else "-" for line in lines) == capped
    assert [str(line.computed) for line in lines] == ["1200.00", "6000.00", "300.00", "2500.00"]
    assert sum(line.amount for line in lines) == D("10000")


def test_a_floor_and_a_ceiling_apply_after_the_fixed_part():
    scale = only("units", fixed_amount=D(100), floor=D(200), ceiling=D(1000))
    lines = apply_scale(D("2000"), scale, MEMBERS)
    # 1 600 by units: 400, 1 000, 40, 160 → computed 500, 1 100, 140, 260
    assert [str(line.computed) for line in lines] == ["500.00", "1100.00", "140.00", "260.00"]
    assert [line.floored for line in lines] == [False, False, True, False]
    assert [line.capped for line in lines] == [False, True, False, False]
    assert sum(line.amount for line in lines) == D("2000")
    assert all(D(200) <= line.amount <= D(1000) for line in lines)


def test_a_member_with_nothing_used_pays_the_floor():
    idle = MemberData(5, "Vide", 100, 100, D(0))
    lines = apply_scale(D("1000"), only("units", floor=D(50)), [A, idle])
    assert amounts(lines) == ["950.00", "50.00"]
    assert lines[1].floored


# --- An EPCI paying for its communes ------------------------------------------------------------


def paid(member: MemberData, payer) -> MemberData:
    return MemberData(
        member.key,
        member.name,
        member.population_municipale,
        member.population_totale,
        member.units,
        member.weight,
        paid_by=payer,
    )


def test_an_epci_absent_from_members_pays_all_of_its_communes_at_100_percent():
    members = [paid(A, 90), B, paid(C, 90), E]
    scale = only("population_municipale", payer_rate=D(1))
    lines = apply_scale(D("10000"), scale, members, payer_names={90: "CC du Lac"})
    assert [line.name for line in lines] == [
        "Bonneville",
        "Grandbourg",
        "Petitmont",
        "Montlac",
        "CC du Lac",
    ]
    assert amounts(lines) == ["0.00", "6000.00", "0.00", "2500.00", "1500.00"]
    assert [str(line.own_share) for line in lines] == [
        "1200.00",
        "6000.00",
        "300.00",
        "2500.00",
        "0.00",
    ]
    assert lines[0].paid_by_payer == D("1200.00")
    assert lines[4].paid_for_others == D("1500.00")
    assert "CC du Lac" in lines[0].explanation
    assert lines[4].explanation == (
        "Ne fait pas partie de la répartition ; paie 100\u00a0% de la part de 2 membres pris "
        "en charge : 1\u202f500,00\u00a0€."
    )
    assert sum(line.amount for line in lines) == D("10000")


def test_an_epci_pays_half_and_the_half_cent_is_rounded_up():
    members = [paid(A, 90), paid(C, 90), E]
    scale = only("equal", payer_rate=D("0.5"))
    lines = apply_scale(D("3.03"), scale, members)
    # 1,01 each; half = 0,505 → 0,51 taken over by the payer
    assert amounts(lines) == ["0.50", "0.50", "1.01", "1.02"]
    assert lines[3].name == "Payeur 90"  # no name given: the caller names it
    assert "payés par l'organisation qui la prend en charge" in lines[0].explanation
    assert sum(line.amount for line in lines) == D("3.03")


def test_a_payer_among_the_members_pays_its_own_share_and_the_others():
    members = [A, B, paid(C, 4), E]
    lines = apply_scale(D("10000"), only("population_municipale", payer_rate=D("0.5")), members)
    assert amounts(lines) == ["1200.00", "6000.00", "150.00", "2650.00"]
    assert lines[3].paid_for_others == D("150.00")
    assert len(lines) == 4


def test_without_a_payer_rate_the_members_pay_their_own_share():
    lines = apply_scale(D("10000"), BY_POPULATION, [paid(A, 90), B, C, E])
    assert amounts(lines) == ["1200.00", "6000.00", "300.00", "2500.00", "0.00"]


# --- Explanations -------------------------------------------------------------------------------


def test_each_line_explains_its_amount_in_one_french_sentence():
    scale = Scale(
        parts=(Part(D("0.4"), "population_municipale"), Part(D("0.6"), "tiers")),
        tiers=TIERS,
        fixed_amount=D(100),
        ceiling=D(4000),
    )
    lines = apply_scale(D("10000"), scale, MEMBERS)
    text = lines[1].explanation
    assert text.startswith(
        "Part calculée : part fixe 100,00\u00a0€ + 40\u00a0% selon la population"
    )
    assert "6\u202f000 hab." in text
    assert "tranche 5\u202f000 habitants et plus" in text
    assert "= 4\u202f964,00\u00a0€ ; ramenée au plafond de 4\u202f000,00\u00a0€" in text
    assert text.endswith("montant appelé : 4\u202f000,00\u00a0€.")
    assert "ajustée à" in lines[0].explanation


def test_a_part_of_zero_percent_needs_no_data_and_is_not_explained():
    scale = Scale(parts=(Part(D(1), "equal"), Part(D(0), "weight")))
    lines = apply_scale(D("10"), scale, [A, MemberData(9, "Sans poids")])
    assert amounts(lines) == ["5.00", "5.00"]
    assert "poids" not in lines[1].explanation


def test_a_member_absent_from_a_scenario_pays_nothing_in_it():
    first = apply_scale(D("100"), only("equal"), [A, B])
    second = apply_scale(D("100"), only("equal"), [A, B, C, E])
    rows = compare({"Deux": first, "Quatre": second})
    assert [row.name for row in rows] == ["Bonneville", "Grandbourg", "Petitmont", "Montlac"]
    assert rows[2].amounts == {"Deux": D("0.00"), "Quatre": D("25.00")}
    assert rows[2].differences["Quatre"] == D("25.00")
    assert rows[2].shares == {"Deux": D("0.00"), "Quatre": D("25.00")}
    assert rows[0].outcome("Quatre") == "gagne" and rows[0].outcome("Deux") == "égal"


def test_compared_shares_sum_to_exactly_100_percent():
    lines = apply_scale(D("100"), only("equal"), [A, B, C])
    rows = compare({"Tiers": lines})
    assert [row.shares["Tiers"] for row in rows] == [D("33.34"), D("33.33"), D("33.33")]


def test_a_member_twice_in_a_scenario_cannot_be_compared():
    line = apply_scale(D("10"), only("equal"), [A])[0]
    with pytest.raises(ValueError, match="Bonneville figure deux fois dans le scénario « X »"):
        compare({"X": [line, line]})


def test_nothing_to_compare_gives_no_row():
    assert compare({}) == []

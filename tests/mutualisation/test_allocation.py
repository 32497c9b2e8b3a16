"""The exact allocation (maillage/mutualisation/allocation.py): tables of cases, every refusal,
and hypothesis for the properties (the sum is exact, each share within a cent of its exact
value, a bigger weight never gets less, ties by order, idempotent)."""

import math
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from maillage.mutualisation.allocation import (
    _bounded_factor,
    allocate,
    allocate_bounded,
    allocate_by_keys,
    bounded_cents,
    euros,
    percent,
)

FAST = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    "total, weights, expected",
    [
        ("100", {"a": 1, "b": 1}, {"a": "50.00", "b": "50.00"}),
        ("100", {"a": 1, "b": 1, "c": 1}, {"a": "33.34", "b": "33.33", "c": "33.33"}),
        ("100", {"c": 1, "b": 1, "a": 1}, {"c": "33.34", "b": "33.33", "a": "33.33"}),
        ("0.02", {"a": 1, "b": 1, "c": 1}, {"a": "0.01", "b": "0.01", "c": "0.00"}),
        ("10", {"a": 1, "b": 0, "c": 3}, {"a": "2.50", "b": "0.00", "c": "7.50"}),
        ("0", {"a": 1, "b": 2}, {"a": "0.00", "b": "0.00"}),
        ("1", {"a": D("0.5"), "b": D("0.25")}, {"a": "0.67", "b": "0.33"}),
        ("1000", {"x": 1}, {"x": "1000.00"}),
        ("1000.50", {"a": 2, "b": 1}, {"a": "667.00", "b": "333.50"}),
        # 0.05 among 3: exact 0.02, 0.0166…, 0.0133…: the two largest remainders get a cent
        (
            "0.05",
            {"a": D("3"), "b": D("2.5"), "c": D("2")},
            {"a": "0.02", "b": "0.02", "c": "0.01"},
        ),
        ("10.500", {"a": 1}, {"a": "10.50"}),
        (7, {"a": 1, "b": 1}, {"a": "3.50", "b": "3.50"}),
    ],
)
def test_allocate_shares_the_total_to_the_cent_by_largest_remainder(total, weights, expected):
    total = D(total) if isinstance(total, str) else total
    result = allocate(total, weights)
    assert result == {key: D(value) for key, value in expected.items()}
    assert list(result) == list(weights)
    assert all(value.as_tuple().exponent == -2 for value in result.values())


@pytest.mark.parametrize(
    "total, weights, message",
    [
        (D("-1"), {"a": 1}, "Le total ne peut pas être négatif (-1 €)."),
        (D("10.005"), {"a": 1}, "chiffres au-delà du centime"),
        (D("NaN"), {"a": 1}, "n'est pas un nombre"),
        (1.5, {"a": 1}, "montant exact"),
        (D("1"), {"a": 1, "b": -2}, "Le poids de « b » ne peut pas être négatif (-2)."),
        (D("1"), {"a": 0, "b": D("0.00")}, "Tous les poids sont nuls"),
        (D("1"), {}, "Aucun poids"),
        (D("1"), {"a": 0.5}, "Le poids de « a » doit être un nombre exact"),
        (D("1"), {"a": True}, "Le poids de « a » doit être un nombre exact"),
        (D("1"), {"a": D("Infinity")}, "Le poids de « a » n'est pas un nombre"),
    ],
)
def test_allocate_refuses_bad_input_with_a_french_reason(total, weights, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        allocate(total, weights)


def test_allocate_by_keys_splits_the_total_among_keys_then_by_weights():
    result = allocate_by_keys(
        D("1000"),
        [(D("0.4"), {"a": 100, "b": 300}), (D("0.6"), {"a": 5, "c": 1})],
    )
    assert result == {"a": D("600.00"), "b": D("300.00"), "c": D("100.00")}


def test_allocate_by_keys_is_exact_when_every_step_rounds():
    result = allocate_by_keys(
        D("100"),
        [(D("0.5"), {"a": 1, "b": 1, "c": 1}), (D("0.5"), {"c": 1, "b": 1, "a": 1})],
    )
    # 50 → 16.67 + 16.67 + 16.66 twice, the first cent to the first key of each part
    assert result == {"a": D("33.33"), "b": D("33.34"), "c": D("33.33")}
    assert sum(result.values()) == D("100")


def test_allocate_by_keys_gives_nothing_from_a_part_to_a_key_absent_from_its_weights():
    result = allocate_by_keys(D("10"), [(D("0.7"), {"a": 1}), (D("0.3"), {"b": 1})])
    assert result == {"a": D("7.00"), "b": D("3.00")}


def test_allocate_by_keys_skips_a_key_of_fraction_zero_even_with_zero_weights():
    result = allocate_by_keys(D("10"), [(D("1"), {"a": 1}), (D("0"), {"a": 0, "b": 0})])
    assert result == {"a": D("10.00"), "b": D("0.00")}


@pytest.mark.parametrize(
    "keys, message",
    [
        ([], "Aucune clé de répartition"),
        ([(D("0.4"), {"a": 1}), (D("0.5"), {"b": 1})], "doivent faire exactement 1"),
        ([(D("1.5"), {"a": 1}), (D("-0.5"), {"b": 1})], "clé n° 2 ne peut pas être négative"),
        ([(0.5, {"a": 1}), (D("0.5"), {"b": 1})], "clé n° 1 doit être un nombre exact"),
        ([(D("0.5"), {"a": 1}), (D("0.5"), {"b": 0})], "Clé de répartition n° 2 : Tous les poids"),
        ([(D("1"), {"a": -1})], "Clé de répartition n° 1 : Le poids de « a »"),
    ],
)
def test_allocate_by_keys_refuses_bad_keys_with_a_french_reason(keys, message):
    with pytest.raises(ValueError, match=message):
        allocate_by_keys(D("100"), keys)


def test_allocate_by_keys_refuses_a_negative_total():
    with pytest.raises(ValueError, match="négatif"):
        allocate_by_keys(D("-5"), [(D("1"), {"a": 1})])


@pytest.mark.parametrize(
    "weights, floor, ceiling, expected",
    [
        ({"a": 1, "b": 1, "c": 8}, "20", None, {"a": "20.00", "b": "20.00", "c": "60.00"}),
        ({"a": 1, "b": 1, "c": 8}, None, "50", {"a": "25.00", "b": "25.00", "c": "50.00"}),
        ({"a": 1, "b": 3, "c": 6}, "15", "50", {"a": "15.00", "b": "35.00", "c": "50.00"}),
        ({"a": 0, "b": 1}, "10", None, {"a": "10.00", "b": "90.00"}),
        ({"a": 1, "b": 1}, "50", "50", {"a": "50.00", "b": "50.00"}),
        ({"a": 1, "b": 2, "c": 3}, None, None, {"a": "16.67", "b": "33.33", "c": "50.00"}),
    ],
)
def test_bounded_allocation_pins_floors_and_ceilings_and_reallocates_the_rest(
    weights, floor, ceiling, expected
):
    result = allocate_bounded(
        D("100"),
        weights,
        floor=None if floor is None else D(floor),
        ceiling=None if ceiling is None else D(ceiling),
    )
    assert result == {key: D(value) for key, value in expected.items()}


@pytest.mark.parametrize(
    "weights, floor, ceiling, message",
    [
        ({"a": 1, "b": 1}, "60", None, "Les planchers seuls dépassent le total"),
        ({"a": 1, "b": 1}, None, "40", "Les plafonds ne permettent pas d'atteindre le total"),
        ({"a": 1, "b": 0}, None, "60", "Les plafonds ne permettent pas"),
        ({"a": 1}, "60", "40", "Le plancher est supérieur au plafond"),
        ({"a": 0, "b": 0}, "10", None, "Tous les poids sont nuls"),
        ({}, None, None, "Aucun poids"),
    ],
)
def test_bounded_allocation_refuses_what_cannot_be_reached(weights, floor, ceiling, message):
    with pytest.raises(ValueError, match=message):
        allocate_bounded(
            D("100"),
            weights,
            floor=None if floor is None else D(floor),
            ceiling=None if ceiling is None else D(ceiling),
        )


@pytest.mark.parametrize(
    "amount, text",
    [
        (D("1234.5"), "1\u202f234,50\u00a0€"),
        (D("0"), "0,00\u00a0€"),
        (D("-12"), "-12,00\u00a0€"),
        (D("1000000"), "1\u202f000\u202f000,00\u00a0€"),
    ],
)
def test_amounts_are_written_the_french_way(amount, text):
    assert euros(amount) == text


def test_fractions_are_written_as_french_percentages():
    assert percent(D("0.4")) == "40\u00a0%"
    assert percent(D("0.125")) == "12,5\u00a0%"


# --- Properties ---------------------------------------------------------------------------------

totals = st.integers(min_value=0, max_value=10**10).map(lambda cents: D(cents).scaleb(-2))
weight_values = st.one_of(
    st.integers(min_value=0, max_value=10**6),
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False),
)
weight_maps = (
    st.lists(weight_values, min_size=1, max_size=30)
    .filter(any)
    .map(lambda values: {f"m{n}": value for n, value in enumerate(values)})
)


@FAST
@given(totals, weight_maps)
def test_the_shares_sum_exactly_to_the_total(total, weights):
    assert sum(allocate(total, weights).values()) == total


@FAST
@given(totals, weight_maps)
def test_each_share_is_within_a_cent_of_its_exact_proportional_value(total, weights):
    result = allocate(total, weights)
    whole = sum(Fraction(w) for w in weights.values())
    for key, weight in weights.items():
        exact = Fraction(total) * Fraction(weight) / whole
        assert abs(Fraction(result[key]) - exact) < Fraction(1, 100)
        if weight == 0:
            assert result[key] == 0


@FAST
@given(totals, weight_maps)
def test_a_bigger_weight_never_gets_less_and_ties_go_to_the_first(total, weights):
    result = allocate(total, weights)
    keys = list(weights)
    for i, first in enumerate(keys):
        for second in keys[i + 1 :]:
            if weights[first] > weights[second]:
                assert result[first] >= result[second]
            elif weights[first] == weights[second]:
                assert result[second] <= result[first] <= result[second] + D("0.01")


@FAST
@given(totals, weight_maps)
def test_allocating_again_by_the_shares_gives_the_same_shares(total, weights):
    result = allocate(total, weights)
    if any(result.values()):
        assert allocate(total, result) == result


@FAST
@given(
    totals,
    st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=5),
    st.lists(weight_maps, min_size=5, max_size=5),
)
def test_allocation_by_keys_sums_exactly_to_the_total(total, raw_fractions, weight_maps):
    fractions = [D(value) / D(sum(raw_fractions)) for value in raw_fractions]
    fractions = [fraction.quantize(D("0.0001")) for fraction in fractions]
    fractions[-1] = D(1) - sum(fractions[:-1])
    if fractions[-1] < 0:
        return
    keys = list(zip(fractions, weight_maps, strict=False))
    result = allocate_by_keys(total, keys)
    assert sum(result.values()) == total
    assert all(value >= 0 for value in result.values())


@FAST
@given(
    st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=40),
    st.integers(min_value=0, max_value=10**6),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10**7)),
    st.integers(min_value=0, max_value=10**9),
)
def test_bounded_shares_are_the_clamped_proportional_shares_that_sum_to_the_total(
    weights, floor, extra, cents
):
    """The definition of floors and ceilings: one factor λ such that every exact share is
    clamp(λ · weight, floor, ceiling), summing exactly to the total; the cents are these exact
    shares rounded by the largest remainder (each within a cent, pinned ones exact)."""
    ceiling = None if extra is None else floor + extra
    reachable = math.inf if ceiling is None else sum(ceiling if w else floor for w in weights)
    assume(any(weights) or floor * len(weights) == cents)
    assume(floor * len(weights) <= cents <= reachable)
    factor = _bounded_factor(cents, weights, floor, ceiling)
    exact = [
        min(
            max(factor * w, Fraction(floor)), Fraction(ceiling) if ceiling is not None else math.inf
        )
        for w in weights
    ]
    assert sum(exact) == cents
    shares, floored, capped = bounded_cents(cents, weights, floor, ceiling)
    assert sum(shares) == cents
    for share, value, low, high in zip(shares, exact, floored, capped, strict=True):
        assert abs(share - value) < 1
        assert not low or share == floor
        assert not high or share == ceiling

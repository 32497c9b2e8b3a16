from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.territories import rules


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Saint-Étienne-du-Rouvray", "saint etienne du rouvray"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("  ŒUVRES   sociales ", "oeuvres sociales"),
        ("Bâgé-la-Ville", "bage la ville"),
        ("%_'\"<script>", "script"),
        ("", ""),
    ],
)
def test_normalize_ignores_accents_case_and_punctuation(text, expected):
    assert rules.normalize(text) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("74042", rules.Query(insee_code="74042", postcode="74042")),
        ("2A004", rules.Query(insee_code="2A004")),
        ("2a004", rules.Query(insee_code="2A004")),
        ("200000172", rules.Query(siren="200000172")),
        ("200 000 172", rules.Query(siren="200000172")),
        ("Annecy", rules.Query(name="annecy")),
        ("7404", rules.Query(name="7404")),
        ("", rules.Query()),
        ("   ", rules.Query()),
        ("x" * 101, rules.Query()),
    ],
)
def test_parse_query_recognises_codes_and_names(raw, expected):
    assert rules.parse_query(raw) == expected


def test_shares_add_up_to_exactly_one_hundred_with_largest_remainders():
    assert rules.shares([1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_shares_skip_unknown_values_and_survive_a_zero_total():
    assert rules.shares([None, 50, 50]) == [None, Decimal("50.00"), Decimal("50.00")]
    assert rules.shares([0, 0]) == [Decimal(0), Decimal(0)]


@given(st.lists(st.integers(min_value=0, max_value=3_000_000), min_size=1, max_size=200))
def test_shares_always_total_one_hundred_when_anyone_lives_there(values):
    result = rules.shares(values)
    if sum(values):
        assert sum(result) == Decimal("100.00")
        # Rounding moves each share by less than one hundredth of a point.
        for value, share in zip(values, result, strict=True):
            assert abs(share - Decimal(value) * 100 / sum(values)) < Decimal("0.01")


@pytest.mark.parametrize(
    "weighted, expected",
    [
        ([("74", 100), ("73", 50), ("74", 10)], "74"),
        ([("01", 10), ("38", 10)], "01"),
        ([("", 10)], ""),
        ([], ""),
    ],
)
def test_main_area_is_where_most_inhabitants_live(weighted, expected):
    assert rules.main_area(weighted) == expected

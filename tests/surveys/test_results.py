"""Results computed from the answers' values, and their accessible SVG charts."""

import re
from decimal import Decimal

import pytest

from maillage.surveys import results, rules
from maillage.surveys.results import Row


@pytest.mark.parametrize(
    "part, whole, expected",
    [(0, 0, "0.0"), (1, 3, "33.3"), (2, 3, "66.7"), (1, 8, "12.5"), (3, 3, "100.0")],
)
def test_percentages_have_one_decimal_rounded_half_up(part, whole, expected):
    assert results.percent(part, whole) == Decimal(expected)


def test_single_choice_counts_follow_the_options_order():
    rows = results.choice_rows(["Oui", "Non", "NSP"], ["Non", "Oui", "Non", "Non"])
    assert rows == [
        Row("Oui", 1, Decimal("25.0")),
        Row("Non", 3, Decimal("75.0")),
        Row("NSP", 0, Decimal("0.0")),
    ]


def test_multiple_choice_percentages_are_of_respondents_and_may_exceed_100_in_total():
    rows = results.choice_rows(["A", "B"], [["A", "B"], ["A"]])
    assert [(r.count, r.percent) for r in rows] == [(2, Decimal("100.0")), (1, Decimal("50.0"))]


@pytest.mark.parametrize(
    "values, average",
    [([], None), ([5], Decimal("5.00")), ([1, 2, 2], Decimal("1.67")), ([3, 4], Decimal("3.50"))],
)
def test_a_scale_gives_counts_per_point_and_its_average(values, average):
    rows, got = results.scale_result(1, 5, values)
    assert [r.label for r in rows] == ["1", "2", "3", "4", "5"]
    assert sum(r.count for r in rows) == len(values)
    assert got == average


def test_a_ranking_is_ordered_by_average_rank_with_borda_points():
    rankings = [["A", "B", "C"], ["B", "A", "C"], ["B", "C", "A"]]
    rows = results.ranking_result(["A", "B", "C"], rankings)
    assert [(r.label, r.average_rank, r.borda, r.first_places) for r in rows] == [
        ("B", Decimal("1.33"), 5, 2),
        ("A", Decimal("2.00"), 3, 1),
        ("C", Decimal("2.67"), 1, 0),
    ]


def test_a_ranking_tie_goes_to_more_first_places_then_to_the_options_order():
    rows = results.ranking_result(["A", "B"], [["A", "B"], ["B", "A"]])
    assert [r.label for r in rows] == ["A", "B"]


def test_a_matrix_counts_each_row_among_those_who_answered_it():
    values = [{"Mail": "Bien", "Web": "Mal"}, {"Mail": "Bien"}, {"Mail": "Mal", "Web": "Mal"}]
    matrix = results.matrix_result(["Mail", "Web"], ["Bien", "Mal"], values)
    assert matrix[0] == ("Mail", [Row("Bien", 2, Decimal("66.7")), Row("Mal", 1, Decimal("33.3"))])
    assert matrix[1] == ("Web", [Row("Bien", 0, Decimal("0.0")), Row("Mal", 2, Decimal("100.0"))])


def test_dates_are_counted_in_date_order():
    rows = results.date_rows(["2025-06-02", "2025-06-01", "2025-06-02"])
    assert [(r.label, r.count) for r in rows] == [("2025-06-01", 1), ("2025-06-02", 2)]


def test_compute_dispatches_on_the_question_kind():
    spec = rules.QuestionSpec(1, rules.SCALE, "Note", scale_min=0, scale_max=2)
    result = results.compute(spec, [0, 2, 2])
    assert result.answered == 3 and result.average == Decimal("1.33")


def test_the_chart_is_an_accessible_image_with_its_title_and_figures():
    svg = results.bar_chart_svg(
        "Question 1 : Êtes-vous <équipés> ?",
        [Row("Oui", 3, Decimal("75.0")), Row("Non", 1, Decimal("25.0"))],
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    title_id, desc_id = re.search(r'aria-labelledby="(\S+) (\S+)"', svg).groups()
    assert f'<title id="{title_id}">Question 1 : Êtes-vous &lt;équipés&gt; ?</title>' in svg
    assert (
        f'<desc id="{desc_id}">Oui : 3 réponses (75,0 %) ; Non : 1 réponse (25,0 %)</desc>' in svg
    )
    assert svg.count("<rect") == 2
    assert "3 (75,0 %)" in svg


def test_the_longest_bar_takes_the_full_width_and_an_empty_row_a_sliver():
    svg = results.bar_chart_svg("T", [Row("A", 4, Decimal("80.0")), Row("B", 0, Decimal("0.0"))])
    widths = [int(w) for w in re.findall(r'<rect[^>]* width="(\d+)"', svg)]
    assert widths[0] == results.CHART_WIDTH - results.LABEL_WIDTH - 110
    assert widths[1] == 1


def test_a_label_with_markup_cannot_inject_into_the_chart():
    svg = results.bar_chart_svg("T", [Row("<script>alert(1)</script>", 1, Decimal("100.0"))])
    assert "<script>" not in svg

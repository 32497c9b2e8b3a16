"""The dashboards' SVG charts: valid XML, accessible (role, title, desc with every figure),
labels escaped, values written as text (never colour alone), widths proportional."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.dashboards import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ET.fromstring(str(markup))


def texts(root):
    return [el.text for el in root.iter(f"{SVG}text")]


def bar_widths(root):
    return [el.get("width") for el in root.iter(f"{SVG}rect") if el.get("class") == "dash-bar"]


@pytest.mark.parametrize(
    "draw",
    [
        lambda: charts.bar_chart("c", "Projets", [("Idée", 2), ("En cours", 5)], unit="projets"),
        lambda: charts.stacked_bar("c", "Météo", [("Dans les temps", 3), ("En retard", 1)]),
        lambda: charts.progress_bar("c", "Avancement", 40),
        lambda: charts.line_chart(
            "c",
            "Mesures",
            [(datetime.date(2026, 1, 1), Decimal("3")), (datetime.date(2026, 3, 1), Decimal("5"))],
        ),
    ],
)
def test_every_chart_is_an_image_with_a_title_and_a_description(draw):
    root = parse(draw())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-titre c-desc"
    assert root.find(f"{SVG}title").get("id") == "c-titre"
    assert root.find(f"{SVG}desc").get("id") == "c-desc"


def test_a_bar_chart_writes_each_label_and_value_and_scales_bars_to_the_largest():
    root = parse(charts.bar_chart("c", "Projets", [("Idée", 2), ("En cours", 8), ("Terminé", 0)]))
    assert texts(root) == ["Idée : 2", "En cours : 8", "Terminé : 0"]
    assert bar_widths(root) == ["25.00%", "100.00%", "0.00%"]
    assert root.find(f"{SVG}desc").text == "Idée : 2 ; En cours : 8 ; Terminé : 0"


def test_an_unknown_value_has_no_bar_units_are_singular_below_two_and_decimals_as_asked():
    rows = [("T1", None), ("T2", Decimal("91.7")), ("T3", Decimal("1.5")), ("T4", 2)]
    root = parse(charts.bar_chart("c", "Délai", rows, unit="jours", unit_one="jour", places=1))
    assert texts(root) == [
        "T1 : aucune donnée",
        "T2 : 91,7 jours",
        "T3 : 1,5 jour",
        "T4 : 2,0 jours",
    ]
    assert bar_widths(root)[0] == "0.00%"


def test_labels_and_titles_are_escaped():
    markup = charts.bar_chart("c", "A <b> & B", [("<script>alert(1)</script>", 1)])
    assert "<script>" not in markup
    root = parse(markup)
    assert root.find(f"{SVG}title").text == "A <b> & B"
    assert texts(root) == ["<script>alert(1)</script> : 1"]


def test_a_chart_without_rows_says_there_is_no_data():
    root = parse(charts.bar_chart("c", "Vide", []))
    assert texts(root) == ["Aucune donnée."]


def test_money_is_written_the_french_way():
    root = parse(charts.bar_chart("c", "Budget", [("Prévu", Decimal("1234567.50"))], unit="€"))
    assert texts(root) == ["Prévu : 1\u202f234\u202f567,50 €"]


def test_a_stacked_bar_gives_each_segment_a_pattern_and_its_share_in_words():
    root = parse(charts.stacked_bar("m", "Météo", [("Dans les temps", 3), ("En retard", 1)]))
    patterns = [p.get("id") for p in root.iter(f"{SVG}pattern")]
    assert patterns[:2] == ["m-motif-0", "m-motif-1"]
    segments = [r for r in root.iter(f"{SVG}rect") if "dash-seg " in (r.get("class") or "")]
    assert segments[0].get("width") == "75.00%" and segments[1].get("x") == "75.00%"
    assert "Dans les temps : 3 (75 %)" in texts(root)
    assert "En retard : 1 (25 %)" in texts(root)


def test_a_progress_bar_writes_its_value_and_an_unknown_value_is_said():
    assert "40 %" in texts(parse(charts.progress_bar("p", "Avancement", 40)))
    assert texts(parse(charts.progress_bar("p", "Avancement", None))) == ["non renseigné"]
    assert "100 %" in texts(parse(charts.progress_bar("p", "Avancement", 140)))


def test_a_line_chart_marks_every_measure_and_draws_the_target():
    points = [
        (datetime.date(2026, 3, 1), Decimal("5")),
        (datetime.date(2026, 1, 1), Decimal("3")),
        (datetime.date(2026, 2, 1), Decimal("4.5")),
    ]
    root = parse(charts.line_chart("l", "Foyers raccordés", points, unit="%", target=Decimal(10)))
    assert len(list(root.iter(f"{SVG}circle"))) == 3
    desc = root.find(f"{SVG}desc").text
    assert desc == "01/01/2026 : 3 % ; 01/02/2026 : 4,50 % ; 01/03/2026 : 5 % ; cible : 10 %"
    assert "cible 10" in texts(root)
    assert "01/01/2026" in texts(root) and "01/03/2026" in texts(root)


def test_a_line_chart_without_measures_says_so():
    assert texts(parse(charts.line_chart("l", "Vide", []))) == ["Aucune mesure."]


@given(st.lists(st.tuples(st.text(max_size=80), st.integers(0, 10**9)), max_size=12))
def test_any_bar_chart_is_valid_xml_with_one_bar_per_row(rows):
    root = parse(charts.bar_chart("h", "T", rows))
    assert len(bar_widths(root)) == len(rows)
    for width in bar_widths(root):
        assert 0 <= float(width.rstrip("%")) <= 100


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=6))
def test_the_shares_of_a_stacked_bar_cover_the_whole_bar(values):
    root = parse(charts.stacked_bar("h", "T", [(f"s{i}", v) for i, v in enumerate(values)]))
    widths = [
        float(r.get("width").rstrip("%"))
        for r in root.iter(f"{SVG}rect")
        if "dash-seg " in (r.get("class") or "") and r.get("y") == "4"
    ]
    if sum(values):
        assert abs(sum(widths) - 100) < 0.05
    else:
        assert widths == []


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, "0"),
        (1234, "1\u202f234"),
        (Decimal("12.00"), "12"),
        (Decimal("0.5"), "0,50"),
        (Decimal("-1234.5"), "-1\u202f234,50"),
    ],
)
def test_numbers_are_written_the_french_way(value, expected):
    assert charts.number_fr(value) == expected


@pytest.mark.parametrize(
    "value, places, expected",
    [
        (Decimal("91.7"), 1, "91,7"),
        (Decimal("91.75"), 1, "91,8"),
        (Decimal("-0.04"), 1, "0,0"),
        (Decimal("1234.5"), 0, "1\u202f235"),
        (7, 1, "7,0"),
    ],
)
def test_numbers_keep_the_decimals_asked_rounded_half_up(value, places, expected):
    assert charts.number_fr(value, places) == expected


@pytest.mark.parametrize("part, whole, expected", [(1, 3, 33), (2, 3, 67), (1, 2, 50), (5, 0, 0)])
def test_percentages_are_rounded_half_up_and_zero_without_a_whole(part, whole, expected):
    assert charts.percent(part, whole) == expected

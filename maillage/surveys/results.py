"""Results of a survey as pure functions on the answers' values, and their charts as
server-rendered SVG (horizontal bars, accessible: role="img" with a <title> and a <desc>; the
page shows the same figures in a table)."""

import itertools
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from . import rules


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    percent: Decimal  # share of the question's respondents, one decimal


@dataclass
class RankRow:
    label: str
    average_rank: Decimal
    borda: int
    first_places: int


@dataclass
class QuestionResult:
    kind: str
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    average: Decimal | None = None
    ranking: list[RankRow] = field(default_factory=list)
    matrix: list[tuple[str, list[Row]]] = field(default_factory=list)


def percent(part: int, whole: int) -> Decimal:
    """Share in percent with one decimal, rounded half up; 0 when nobody answered."""
    if whole == 0:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def choice_rows(options: list[str], values: list) -> list[Row]:
    """Counts per option, in the options' order. A multiple-choice value is a list: each
    option counts once per respondent, and the percentages (of respondents) may sum over 100."""
    counter = Counter()
    for value in values:
        counter.update(value if isinstance(value, list) else [value])
    return [Row(o, counter[o], percent(counter[o], len(values))) for o in options]


def scale_result(low: int, high: int, values: list[int]) -> tuple[list[Row], Decimal | None]:
    """Counts per point of the scale and the average (two decimals), None without answers."""
    counter = Counter(values)
    rows = [Row(str(n), counter[n], percent(counter[n], len(values))) for n in range(low, high + 1)]
    if not values:
        return rows, None
    average = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return rows, average


def ranking_result(options: list[str], rankings: list[list[str]]) -> list[RankRow]:
    """Options ordered by average rank (1 = first), the best first (Borda-like: an option
    ranked r among n earns n − r points; ordering by average rank or by points is the same
    when everyone ranks every option). Ties: more first places, then the options' order."""
    n = len(options)
    ranks = {option: [] for option in options}
    for ranking in rankings:
        for position, option in enumerate(ranking, start=1):
            if option in ranks:
                ranks[option].append(position)
    rows = []
    for option in options:
        given = ranks[option]
        average = (
            (Decimal(sum(given)) / len(given)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if given
            else Decimal(n)
        )
        rows.append(
            RankRow(option, average, sum(n - r for r in given), sum(1 for r in given if r == 1))
        )
    order = {option: i for i, option in enumerate(options)}
    return sorted(rows, key=lambda r: (r.average_rank, -r.first_places, order[r.label]))


def matrix_result(rows: list[str], columns: list[str], values: list[dict]):
    """For each row of the matrix, the counts per column among those who answered that row."""
    result = []
    for row in rows:
        given = [value[row] for value in values if isinstance(value, dict) and row in value]
        result.append((row, choice_rows(columns, given)))
    return result


def date_rows(values: list[str]) -> list[Row]:
    """Counts per date given, in date order."""
    counter = Counter(values)
    return [Row(day, counter[day], percent(counter[day], len(values))) for day in sorted(counter)]


def compute(spec: rules.QuestionSpec, values: list) -> QuestionResult:
    """The result of one question from the values of its answers (files and texts are listed
    by the page, not counted)."""
    result = QuestionResult(kind=spec.kind, answered=len(values))
    if spec.kind in rules.CHOICE_KINDS:
        result.rows = choice_rows(list(spec.options), values)
    elif spec.kind == rules.SCALE:
        result.rows, result.average = scale_result(spec.scale_min, spec.scale_max, values)
    elif spec.kind == rules.RANKING:
        result.ranking = ranking_result(list(spec.options), values)
    elif spec.kind == rules.MATRIX:
        result.matrix = matrix_result(list(spec.rows), list(spec.columns), values)
    elif spec.kind == rules.DATE:
        result.rows = date_rows(values)
    return result


# --- Charts ----------------------------------------------------------------------------------

_ids = itertools.count(1)
CHART_WIDTH = 640
LABEL_WIDTH = 240
BAR_HEIGHT = 22
GAP = 10


def _fr(number: Decimal) -> str:
    """French decimal comma, as the page's tables write it."""
    return str(number).replace(".", ",")


def _shorten(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart_svg(title: str, rows: list[Row], *, unit: str = "réponses") -> str:
    """Horizontal bars, one per row, with the label on the left and "count (percent %)" after
    the bar. Accessible: role="img", a <title> and a <desc> with every figure (the page also
    shows them in a table). The width scales with the viewport."""
    number = next(_ids)
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP) + GAP
    biggest = max((row.count for row in rows), default=0) or 1
    bar_space = CHART_WIDTH - LABEL_WIDTH - 110
    desc = " ; ".join(
        f"{row.label} : {row.count} {unit if row.count > 1 else unit[:-1]} ({_fr(row.percent)} %)"
        for row in rows
    )
    parts = [
        f'<svg class="survey-chart" role="img" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'aria-labelledby="chart{number}-title chart{number}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart{number}-title">{escape(title)}</title>',
        f'<desc id="chart{number}-desc">{escape(desc)}</desc>',
    ]
    for index, row in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = round(bar_space * row.count / biggest) if row.count else 0
        middle = y + BAR_HEIGHT / 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle" class="survey-chart-label">'
            f"{escape(_shorten(row.label))}</text>"
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(width, 1)}" height="{BAR_HEIGHT}" '
            f'class="survey-chart-bar" rx="3"></rect>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + width + 6}" y="{middle}" dominant-baseline="middle" '
            f'class="survey-chart-value">{row.count} ({_fr(row.percent)} %)</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

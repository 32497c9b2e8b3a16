"""Server-rendered SVG charts for the dashboards: pure functions from plain values to markup.

Every chart is an image for assistive technologies (`role="img"`, a `<title>` and a `<desc>`
that carries every figure) and never relies on colour alone: each bar or segment carries its
label and value as text, and the segments of a 100 % bar are told apart by patterns as well
as by shades. Widths are in percent and text in CSS pixels, so that a chart stays readable on
a 390 px phone as on a wide screen (the line chart, which needs a drawing area, uses a viewBox).
The page always shows the same figures in a table next to the chart.
"""

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape as _escape
from django.utils.safestring import SafeString, mark_safe

BAR_ROW = 44  # px per row of a bar chart: a label line, then the bar
BAR_THICKNESS = 16
# Patterns of the segments of a 100 % bar, in order: they tell segments apart without colour.
PATTERNS = ("plein", "hachures", "points", "croisillons", "rayures", "vide")


# Characters XML does not allow in text (control characters pasted from other software).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def escape(text) -> str:
    """Text made safe for the SVG: control characters removed, markup characters escaped."""
    return _escape(_NOT_XML.sub("", str(text)))


def number_fr(value, places: int | None = None) -> str:
    """A number as a French reader writes it: thin spaces between thousands, decimal comma,
    no useless ",00"; with `places`, rounded to that many decimals (half up) and written
    with them, as a table of rates or durations shows them."""
    if isinstance(value, float):
        value = Decimal(str(value))
    if places is not None:
        value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
        if value == 0:
            value = abs(value)  # « 0,0 », not « -0,0 »
        if places == 0:
            value = int(value)
        else:
            whole, _, decimals = f"{value:,.{places}f}".partition(".")
            return f"{whole.replace(',', chr(0x202F))},{decimals}"
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    whole, _, decimals = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', chr(0x202F))},{decimals}"


def percent(part, whole) -> int:
    """Whole percent of `part` in `whole`, rounded half up; 0 when the whole is 0."""
    if not whole:
        return 0
    exact = Decimal(part) * 100 / Decimal(whole)
    return int(exact.quantize(Decimal("1"), rounding="ROUND_HALF_UP"))


def _open(chart_id: str, title: str, desc: str, css: str, extra: str = "") -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dash-chart {css}" role="img" '
        f'aria-labelledby="{chart_id}-titre {chart_id}-desc" focusable="false"{extra}>',
        f'<title id="{chart_id}-titre">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _shorten(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, int | Decimal | None]],
    *,
    unit: str = "",
    unit_one: str | None = None,
    places: int | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value), the longest bar for the largest value. Each row
    reads "label : value unit" above its bar; `unit_one` is the unit below 2 (« 1 séance »);
    a value None reads « aucune donnée » and has no bar (not a bar of 0)."""

    def figure(value) -> str:
        if value is None:
            return "aucune donnée"
        word = unit_one if unit_one is not None and abs(value) < 2 else unit
        return f"{number_fr(value, places)}{f' {word}' if word else ''}"

    biggest = max((value for _, value in rows if value is not None), default=0) or 1
    desc = " ; ".join(f"{label} : {figure(value)}" for label, value in rows)
    height = max(len(rows), 1) * BAR_ROW
    parts = _open(chart_id, title, desc or "Aucune donnée.", "dash-bars", f' height="{height}"')
    parts[0] = parts[0].replace("<svg ", '<svg width="100%" ', 1)
    for index, (label, value) in enumerate(rows):
        y = index * BAR_ROW
        width = Decimal(value) * 100 / Decimal(biggest) if value else Decimal(0)
        parts.append(
            f'<text x="0" y="{y + 15}" class="dash-label">'
            f"{escape(_shorten(str(label)))} : {escape(figure(value))}</text>"
        )
        parts.append(
            f'<rect x="0" y="{y + 21}" height="{BAR_THICKNESS}" '
            f'width="{max(width, Decimal("0.5")) if value else 0:.2f}%" class="dash-bar" rx="2">'
            "</rect>"
        )
    if not rows:
        parts.append('<text x="0" y="15" class="dash-label">Aucune donnée.</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def stacked_bar(
    chart_id: str, title: str, segments: Sequence[tuple[str, int | Decimal]]
) -> SafeString:
    """One 100 % bar split into segments (label, value), each with its pattern; under it a
    legend of swatches (the same pattern) with "label : value (n %)"."""
    total = sum(Decimal(value) for _, value in segments)
    desc = " ; ".join(
        f"{label} : {number_fr(value)} ({percent(value, total)} %)" for label, value in segments
    )
    legend_rows = max(len(segments), 1)
    height = 40 + legend_rows * 26
    parts = _open(chart_id, title, desc or "Aucune donnée.", "dash-stacked", f' height="{height}"')
    parts[0] = parts[0].replace("<svg ", '<svg width="100%" ', 1)
    parts.append("<defs>")
    for index in range(len(PATTERNS)):
        parts.append(_pattern(chart_id, index))
    parts.append("</defs>")
    x = Decimal(0)
    parts.append('<rect x="0" y="4" width="100%" height="24" class="dash-track"></rect>')
    for index, (_label, value) in enumerate(segments):
        if not total or not value:
            continue
        width = Decimal(value) * 100 / total
        parts.append(
            f'<rect x="{x:.2f}%" y="4" width="{width:.2f}%" height="24" '
            f'class="dash-seg dash-seg-{index % len(PATTERNS)}" '
            f'fill="url(#{chart_id}-motif-{index % len(PATTERNS)})"></rect>'
        )
        x += width
    for index, (label, value) in enumerate(segments):
        y = 40 + index * 26
        parts.append(
            f'<rect x="0" y="{y}" width="18" height="18" '
            f'class="dash-seg dash-seg-{index % len(PATTERNS)}" '
            f'fill="url(#{chart_id}-motif-{index % len(PATTERNS)})"></rect>'
        )
        parts.append(
            f'<text x="26" y="{y + 14}" class="dash-label">{escape(_shorten(str(label)))} : '
            f"{number_fr(value)} ({percent(value, total)} %)</text>"
        )
    if not segments:
        parts.append('<text x="0" y="54" class="dash-label">Aucune donnée.</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _pattern(chart_id: str, index: int) -> str:
    """A 8×8 pattern on the segment's shade: plain, hatched, dotted, crossed, striped, empty."""
    drawings = {
        0: "",
        1: '<path d="M0 8 L8 0" class="dash-ink"></path>',
        2: '<circle cx="4" cy="4" r="1.6" class="dash-dot"></circle>',
        3: '<path d="M0 0 L8 8 M8 0 L0 8" class="dash-ink"></path>',
        4: '<path d="M0 4 L8 4" class="dash-ink"></path>',
        5: '<rect x="0.5" y="0.5" width="7" height="7" class="dash-ink-box"></rect>',
    }
    return (
        f'<pattern id="{chart_id}-motif-{index}" width="8" height="8" '
        f'patternUnits="userSpaceOnUse"><rect width="8" height="8" '
        f'class="dash-seg-bg dash-seg-{index}"></rect>{drawings[index]}</pattern>'
    )


def progress_bar(chart_id: str, title: str, value: int | Decimal | None) -> SafeString:
    """A progress bar from 0 to 100 % with its value written beside it; "non renseigné" when
    the value is unknown (None), never a misleading empty bar."""
    if value is None:
        text, width = "non renseigné", Decimal(0)
    else:
        width = min(max(Decimal(value), Decimal(0)), Decimal(100))
        text = f"{number_fr(width)} %"
    parts = _open(chart_id, title, f"{title} : {text}", "dash-progress", ' height="22"')
    parts[0] = parts[0].replace("<svg ", '<svg width="100%" ', 1)
    parts.append(
        '<rect x="0" y="3" width="75%" height="16" class="dash-track" rx="3"></rect>'
        f'<rect x="0" y="3" width="{width * Decimal("0.75"):.2f}%" height="16" '
        'class="dash-bar" rx="3"></rect>'
        f'<text x="78%" y="16" class="dash-label">{text}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


LINE_WIDTH, LINE_HEIGHT, LINE_PAD = 320, 140, 34


def line_chart(
    chart_id: str,
    title: str,
    points: Sequence[tuple[datetime.date, Decimal]],
    *,
    unit: str = "",
    target: Decimal | None = None,
) -> SafeString:
    """A small line chart of dated measurements (oldest first), with a dashed target line when
    given, every point marked, the first and last values and dates written on the chart."""
    suffix = f" {unit}" if unit else ""
    points = sorted(points)
    desc_points = " ; ".join(f"{day:%d/%m/%Y} : {number_fr(v)}{suffix}" for day, v in points)
    desc = desc_points or "Aucune mesure."
    if target is not None:
        desc += f" ; cible : {number_fr(target)}{suffix}"
    parts = _open(
        chart_id,
        title,
        desc,
        "dash-line",
        f' viewBox="0 0 {LINE_WIDTH} {LINE_HEIGHT}" preserveAspectRatio="xMinYMin meet"',
    )
    if not points:
        parts.append('<text x="0" y="20" class="dash-label">Aucune mesure.</text></svg>')
        return mark_safe("".join(parts))
    values = [Decimal(v) for _, v in points] + ([Decimal(target)] if target is not None else [])
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    first_day, last_day = points[0][0], points[-1][0]
    span = (last_day - first_day).days or 1
    inner_w, inner_h = LINE_WIDTH - 2 * LINE_PAD, LINE_HEIGHT - 2 * LINE_PAD

    def xy(day, value):
        x = LINE_PAD + (inner_w * (day - first_day).days / span if len(points) > 1 else inner_w / 2)
        y = LINE_PAD + inner_h * float((high - Decimal(value)) / (high - low))
        return round(x, 1), round(y, 1)

    base = LINE_HEIGHT - LINE_PAD
    parts.append(
        f'<line x1="{LINE_PAD}" y1="{base}" x2="{LINE_WIDTH - LINE_PAD}" y2="{base}" '
        'class="dash-axis"></line>'
    )
    if target is not None:
        _, ty = xy(first_day, target)
        parts.append(
            f'<line x1="{LINE_PAD}" y1="{ty}" x2="{LINE_WIDTH - LINE_PAD}" y2="{ty}" '
            'class="dash-target"></line>'
            f'<text x="{LINE_WIDTH - LINE_PAD}" y="{ty - 4}" text-anchor="end" '
            f'class="dash-small">cible {number_fr(target)}</text>'
        )
    coords = [xy(day, value) for day, value in points]
    parts.append(
        '<polyline class="dash-polyline" points="'
        + " ".join(f"{x},{y}" for x, y in coords)
        + '"></polyline>'
    )
    for x, y in coords:
        parts.append(f'<circle cx="{x}" cy="{y}" r="3.5" class="dash-point"></circle>')
    (fx, fy), (lx, ly) = coords[0], coords[-1]
    parts.append(f'<text x="{fx}" y="{fy - 8}" class="dash-small">{number_fr(points[0][1])}</text>')
    if len(points) > 1:
        parts.append(
            f'<text x="{lx}" y="{ly - 8}" text-anchor="end" class="dash-small">'
            f"{number_fr(points[-1][1])}</text>"
        )
    parts.append(
        f'<text x="{LINE_PAD}" y="{LINE_HEIGHT - 10}" class="dash-small">'
        f"{first_day:%d/%m/%Y}</text>"
    )
    if len(points) > 1:
        parts.append(
            f'<text x="{LINE_WIDTH - LINE_PAD}" y="{LINE_HEIGHT - 10}" text-anchor="end" '
            f'class="dash-small">{last_day:%d/%m/%Y}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))

"""The comparison chart, drawn on the server as SVG (no script): for each scenario after the
first, how many members pay less, the same, or more than in the first. Its table equivalent
is printed under it."""

from decimal import Decimal

WIDTH = 600
BAR = 22
GAP = 14
LABEL_WIDTH = 170


def difference_chart(labels: list[str], comparisons) -> dict | None:
    if len(labels) < 2 or not comparisons:
        return None
    count = len(comparisons)
    bars = []
    for index, label in enumerate(labels[1:]):
        less = sum(1 for c in comparisons if c.differences.get(label, Decimal(0)) < 0)
        more = sum(1 for c in comparisons if c.differences.get(label, Decimal(0)) > 0)
        same = count - less - more
        y = index * (BAR + GAP) + GAP
        usable = WIDTH - LABEL_WIDTH - 10
        x = LABEL_WIDTH
        segments = []
        for value, css, word in (
            (less, "less", "paient moins"),
            (same, "same", "inchangés"),
            (more, "more", "paient plus"),
        ):
            width = usable * value / count
            segments.append(
                {
                    "x": round(x, 1),
                    "width": round(width, 1),
                    "css": css,
                    "value": value,
                    "word": word,
                }
            )
            x += width
        bars.append(
            {
                "label": label,
                "y": y,
                "text_y": y + BAR / 2 + 4,
                "segments": segments,
                "less": less,
                "same": same,
                "more": more,
            }
        )
    return {
        "bars": bars,
        "width": WIDTH,
        "height": len(bars) * (BAR + GAP) + GAP,
        "bar": BAR,
        "first": labels[0],
        "label_width": LABEL_WIDTH - 8,
    }

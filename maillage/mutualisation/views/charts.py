"""The comparison charts, drawn on the server as SVG (no script), from the outcomes of
`comparison.outcomes`, for each scenario after the first:
- how many members pay less, the same, or more than in the first;
- how much in all: the decreases of those who pay less (to the left of the axis) and the
  increases of those who pay more (to the right), to the same scale for every scenario.
The summary table above them gives the same figures (their text equivalent)."""

from decimal import Decimal

WIDTH = 600
BAR = 22
GAP = 14
LABEL_WIDTH = 170


def _count_bars(outcomes) -> list[dict]:
    bars = []
    usable = WIDTH - LABEL_WIDTH - 10
    for index, outcome in enumerate(outcomes):
        count = outcome.less + outcome.same + outcome.more
        y = index * (BAR + GAP) + GAP
        x = LABEL_WIDTH
        segments = []
        for value, css, word in (
            (outcome.less, "less", "paient moins"),
            (outcome.same, "same", "inchangés"),
            (outcome.more, "more", "paient plus"),
        ):
            width = usable * value / count if count else 0
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
                "label": outcome.label,
                "y": y,
                "text_y": y + BAR / 2 + 4,
                "segments": segments,
                "less": outcome.less,
                "same": outcome.same,
                "more": outcome.more,
            }
        )
    return bars


def _amount_bars(outcomes) -> tuple[list[dict], float]:
    """Diverging bars around an axis in the middle of the drawing area."""
    biggest = max((max(-o.decrease, o.increase) for o in outcomes), default=Decimal(0)) or Decimal(
        1
    )
    half = (WIDTH - LABEL_WIDTH - 10) / 2
    axis = LABEL_WIDTH + half
    bars = []
    for index, outcome in enumerate(outcomes):
        y = index * (BAR + GAP) + GAP
        down = float(-outcome.decrease / biggest) * half
        up = float(outcome.increase / biggest) * half
        bars.append(
            {
                "label": outcome.label,
                "y": y,
                "text_y": y + BAR / 2 + 4,
                "down_x": round(axis - down, 1),
                "down_width": round(down, 1),
                "up_width": round(up, 1),
                "decrease": outcome.decrease,
                "saved": -outcome.decrease,
                "increase": outcome.increase,
            }
        )
    return bars, round(axis, 1)


def difference_chart(outcomes) -> dict | None:
    """The two charts' geometry, or None when there is nothing to compare."""
    others = outcomes[1:]
    if not others:
        return None
    amounts, axis = _amount_bars(others)
    height = len(others) * (BAR + GAP) + GAP
    return {
        "bars": _count_bars(others),
        "amounts": amounts,
        "axis": axis,
        "width": WIDTH,
        "height": height,
        "bar": BAR,
        "first": outcomes[0].label,
        "label_width": LABEL_WIDTH - 8,
    }

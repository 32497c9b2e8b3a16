"""The geometry of the timeline (Gantt) of projects: pure functions of dates, no ORM.

A period is a civil year (columns: months) or a quarter (columns: weeks starting on Monday);
bars and milestone markers are placed in percent of the period's width, so that the SVG
scales to any screen.
"""

import datetime
from dataclasses import dataclass

MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
          "nov.", "déc."]  # fmt: skip
YEAR, QUARTER = "annee", "trimestre"


@dataclass(frozen=True)
class Period:
    scale: str
    year: int
    quarter: int  # 1–4; ignored for a year
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        if self.scale == YEAR:
            return str(self.year)
        return (
            f"{self.quarter}ᵉ trimestre {self.year}"
            if self.quarter > 1
            else (f"1ᵉʳ trimestre {self.year}")
        )

    def previous(self) -> "Period":
        if self.scale == YEAR:
            return period(YEAR, self.year - 1)
        if self.quarter == 1:
            return period(QUARTER, self.year - 1, 4)
        return period(QUARTER, self.year, self.quarter - 1)

    def next(self) -> "Period":
        if self.scale == YEAR:
            return period(YEAR, self.year + 1)
        if self.quarter == 4:
            return period(QUARTER, self.year + 1, 1)
        return period(QUARTER, self.year, self.quarter + 1)


def period(scale: str, year: int, quarter: int = 1) -> Period:
    """The year `year`, or its quarter `quarter` (1–4). Years are kept within 1900–2200."""
    year = max(1900, min(2200, year))
    if scale != QUARTER:
        return Period(YEAR, year, 1, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    quarter = max(1, min(4, quarter))
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = (
        datetime.date(year, 12, 31)
        if quarter == 4
        else datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
    )
    return Period(QUARTER, year, quarter, start, end)


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def position(period: Period, day: datetime.date) -> float:
    """Where a day begins, in percent of the period (0 at its start, 100 after its end),
    clipped to 0–100."""
    offset = (day - period.start).days
    return max(0.0, min(100.0, 100.0 * offset / period.days))


@dataclass(frozen=True)
class Bar:
    left: float
    width: float
    starts_before: bool
    ends_after: bool


def bar(period: Period, start: datetime.date, end: datetime.date) -> Bar | None:
    """The bar of something running from `start` to `end` (inclusive), or None when it does
    not cross the period. A bar at least one day wide is at least 0.5 % wide to be seen."""
    if end < period.start or start > period.end or end < start:
        return None
    left = position(period, start)
    right = position(period, end + datetime.timedelta(days=1))
    return Bar(
        left=round(left, 3),
        width=round(max(0.5, right - left), 3),
        starts_before=start < period.start,
        ends_after=end > period.end,
    )


@dataclass(frozen=True)
class Column:
    label: str
    left: float
    width: float


def columns(period: Period) -> list[Column]:
    """Months of a year, or the weeks (from Monday) that start within a quarter — the first
    column starts at the quarter's first day."""
    result = []
    if period.scale == YEAR:
        for month in range(1, 13):
            start = datetime.date(period.year, month, 1)
            end = (
                datetime.date(period.year + 1, 1, 1)
                if month == 12
                else datetime.date(period.year, month + 1, 1)
            )
            left = position(period, start)
            result.append(Column(MONTHS[month - 1], left, position(period, end) - left))
        return result
    day = period.start
    while day <= period.end:
        monday = day - datetime.timedelta(days=day.weekday())
        following = monday + datetime.timedelta(days=7)
        left = position(period, day)
        result.append(Column(day.strftime("%d/%m"), left, position(period, following) - left))
        day = following
    return result

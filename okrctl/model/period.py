"""Periods: `2026-Q4`, `2026-H1`, `2026`, or an explicit date range, resolved to first and last day.

Quarters, halves and years are calendar ones unless `fiscal_year_start` (a month, 1-12) is
set. Fiscal years are named by the calendar year they end in: with `fiscal_year_start: 10`,
fiscal 2027 runs from 2026-10-01 to 2027-09-30 and `2027-Q1` is October-December 2026.

A range whose days are exactly a named period's is that period (`named_range`): a file that
writes `{start: 2026-10-01, end: 2026-12-31}` and one that writes `2026-Q4` hold objectives of
one period, scored, listed and referred to as `2026-Q4`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

LABEL = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<part>[QH])(?P<index>[1-4]))?")
# What a user may type for a period on the command line: a label in any case, with or without
# its hyphen (`2026q4`), or a range of two ISO dates (`2026-10-01..2026-12-31`).
TYPED_LABEL = re.compile(r"(?P<year>[0-9]{4})-?(?P<part>[QqHh])(?P<index>[0-9])|(?P<only>[0-9]{4})")
TYPED_RANGE = re.compile(
    r"(?P<start>[0-9]{4}-[0-9]{2}-[0-9]{2})\.\.(?P<end>[0-9]{4}-[0-9]{2}-[0-9]{2})"
)
PeriodKind = Literal["quarter", "half", "year", "fiscal-year", "range"]


@dataclass(frozen=True, slots=True)
class Period:
    """A resolved period: its label as written (used in refs) and its inclusive bounds."""

    label: str
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def covers(self, other: Period) -> bool:
        """Whether `other` lies entirely inside this period."""
        return self.start <= other.start and other.end <= self.end

    def follows(self, other: Period) -> bool:
        """Whether this period starts the day after `other` ends."""
        # A difference, not `other.end + 1 day`: a period may end on date.max (9999-12-31).
        return (self.start - other.end).days == 1

    @property
    def kind(self) -> PeriodKind:
        """What the period is: a quarter, a half, a (fiscal) year, or a range of its own.

        A year that does not start in January is a fiscal year (`fiscal_year_start`)."""
        parsed = parse_label(self.label)
        if parsed is None:
            return "range"
        part = parsed[1]
        if part == "Y":
            return "year" if self.start.month == 1 else "fiscal-year"
        return "quarter" if part == "Q" else "half"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def elapsed(self, as_of: date) -> float:
        """Share of the period gone by on `as_of`: days since the first day / days in the period.

        0.0 on the first day (and before), 1.0 from the last day on.
        """
        if as_of <= self.start:
            return 0.0
        if as_of >= self.end:
            return 1.0
        return (as_of - self.start).days / self.days


def parse_label(label: str) -> tuple[int, str, int] | None:
    """Split `2026-Q4` into (2026, "Q", 4), `2026` into (2026, "Y", 1); None if malformed."""
    match = LABEL.fullmatch(label)
    if match is None:
        return None
    part, index = match.group("part"), match.group("index")
    if part is None:
        return int(match.group("year")), "Y", 1
    if part == "H" and index not in ("1", "2"):
        return None
    return int(match.group("year")), part, int(index)


def resolve_label(label: str, fiscal_year_start: int = 1) -> Period:
    """Resolve a period label to its bounds; ValueError if the label is malformed."""
    parsed = parse_label(label)
    if parsed is None:
        raise ValueError(f"`{label}` is not a period: write 2026-Q4, 2026-H1 or 2026")
    year, part, index = parsed
    # A fiscal year that does not start in January is named after the year it ends in.
    first_month = (year if fiscal_year_start == 1 else year - 1) * 12 + fiscal_year_start - 1
    months = {"Y": 12, "H": 6, "Q": 3}[part]
    try:
        start = _month_start(first_month + months * (index - 1))
        # The day after it must exist too: computations step past a period's end.
        end = _month_start(first_month + months * index) - timedelta(days=1)
    except ValueError:  # Python's dates hold the years 1 to 9999
        raise ValueError(
            f"period `{label}` is outside the dates okrctl can count: the years 1 to 9999, "
            "up to the day after the period ends"
        ) from None
    return Period(label, start, end)


def _month_start(months: int) -> date:
    """The first day of a month counted from year 0 (12 * year + month - 1)."""
    return date(months // 12, months % 12 + 1, 1)


def range_label(start: date, end: date) -> str:
    """The label of an explicit range, as it appears in refs: `2026-10-01..2026-12-31`."""
    return f"{start.isoformat()}..{end.isoformat()}"


def named_range(start: date, end: date, fiscal_year_start: int = 1) -> Period:
    """The period from `start` to `end`: the quarter, half or year with exactly those days
    (under `fiscal_year_start`), else a range labelled `START..END`."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    parts = {3: "Q", 6: "H", 12: "Y"}
    if start.day == 1 and months in parts:
        # The named period of that length starting on `start`, if `start` begins one.
        offset = (start.month - fiscal_year_start) % 12
        length = months
        if offset % length == 0:
            year = start.year + (
                1 if fiscal_year_start != 1 and start.month >= fiscal_year_start else 0
            )
            index = offset // length + 1
            part = parts[months]
            label = str(year) if part == "Y" else f"{year}-{part}{index}"
            named = resolve_label(label, fiscal_year_start)
            if (named.start, named.end) == (start, end):
                return named
    return Period(range_label(start, end), start, end)


def typed_period(text: str, fiscal_year_start: int = 1) -> Period | None:
    """The period a user typed (`2026-Q4`, `2026q4`, `2026`, `2026-10-01..2026-12-31`), under
    its canonical label; None when the text names no period."""
    text = text.strip()
    match = TYPED_LABEL.fullmatch(text)
    if match is not None:
        label = match.group("only") or (
            f"{match.group('year')}-{match.group('part').upper()}{match.group('index')}"
        )
        if parse_label(label) is None:
            return None
        return resolve_label(label, fiscal_year_start)
    match = TYPED_RANGE.fullmatch(text)
    if match is None:
        return None
    try:
        start, end = (
            date.fromisoformat(match.group("start")),
            date.fromisoformat(match.group("end")),
        )
    except ValueError:
        return None
    if end < start:
        return None
    return named_range(start, end, fiscal_year_start)


def quarter_of(day: date, fiscal_year_start: int = 1) -> Period:
    """The quarter (calendar, or fiscal under `fiscal_year_start`) that contains `day`."""
    year = day.year + (1 if fiscal_year_start != 1 and day.month >= fiscal_year_start else 0)
    quarter = ((day.month - fiscal_year_start) % 12) // 3 + 1
    return resolve_label(f"{year}-Q{quarter}", fiscal_year_start)


def next_quarter(day: date, fiscal_year_start: int = 1) -> Period:
    """The quarter after the one that contains `day`."""
    return quarter_of(quarter_of(day, fiscal_year_start).end + timedelta(days=1), fiscal_year_start)

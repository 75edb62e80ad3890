"""An independent reading of docs/review.md's monthly KPI review, over parsed YAML dicts.

Written from the documentation alone (not from okrctl/compute/monthly.py), so that
tests/test_reference_monthly.py can compare it with `okrctl review --cadence monthly` on random
trees: where the two disagree, either the doc or the code is wrong.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Settings:
    """`review: monthly:` in okrctl.yaml, with the documented defaults."""

    months: int = 3
    steady_months: int = 6
    room: float = 0.2
    margin: float = 0.1
    breach_share: float = 1 / 3


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    months: list[str]
    steady_start: date


def window(as_of: date, settings: Settings = Settings()) -> Window:
    """The last `months` whole months ended by `as_of` (its day counts when it ends a month)."""
    year, month = as_of.year, as_of.month
    if as_of != month_end(year, month):
        year, month = add_months(year, month, -1)
    first = add_months(year, month, -(settings.months - 1))
    steady = add_months(year, month, -(settings.steady_months - 1))
    labels = [
        f"{y:04d}-{m:02d}" for y, m in (add_months(*first, i) for i in range(settings.months))
    ]
    return Window(date(*first, 1), month_end(year, month), labels, date(*steady, 1))


@dataclass
class Breach:
    side: str
    start: date
    end: date | None
    days: int
    worst: float
    warned: bool | None
    reading_before: float | None


@dataclass
class Result:
    month_ends: list[tuple[date, float | None]]
    direction: str
    change: float | None
    verdict: str
    good: str | None
    counted_from: date | None
    days: int
    inside: int
    breaches: list[Breach] = field(default_factory=list)
    crossings: list[tuple[date, float, float]] = field(default_factory=list)
    suggestions: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    since: date | None = None


def dec(value: float) -> Decimal:
    return Decimal(str(value))


def _edges(mapping: dict[str, Any] | None) -> tuple[float | None, float | None]:
    if not mapping:
        return None, None
    return mapping.get("min"), mapping.get("max")


def review_kpi(kpi: dict[str, Any], win: Window, settings: Settings = Settings()) -> Result:
    low, high = _edges(kpi.get("band"))
    wlow, whigh = _edges(kpi.get("warn"))
    has_warn = bool(kpi.get("warn"))
    target = kpi.get("target")

    def side(value: float) -> str | None:
        if high is not None and value > high:
            return "above"
        if low is not None and value < low:
            return "below"
        return None

    def in_warn_band(value: float) -> bool:
        return (
            side(value) is None
            and (wlow is None or value >= wlow)
            and (whigh is None or value <= whigh)
        )

    def in_warn_zone(value: float) -> bool:
        return side(value) is None and not in_warn_band(value)

    # Steps: one value a day (the last written), nothing after the window.
    by_day: dict[date, float] = {}
    for entry in kpi.get("measurements") or []:
        day = entry["date"]
        if day <= win.end:
            by_day[day] = entry["value"]
    steps = sorted(by_day.items())

    def held(day: date) -> float | None:
        value = None
        for when, step in steps:
            if when > day:
                break
            value = step
        return value

    # Trend.
    before = win.start - timedelta(days=1)
    ends = [before] + [month_end(int(label[:4]), int(label[5:])) for label in win.months]
    month_ends = [(day, held(day)) for day in ends]
    known = [value for _, value in month_ends if value is not None]
    if low is not None and high is None:
        good: str | None = "higher"
    elif high is not None and low is None:
        good = "lower"
    elif low is not None and high is not None and target is not None:
        good = "target"
    else:
        good = None
    # Fewer than two known values make no trend (docs/review.md): flat, no change, unknown.
    direction = "flat"
    change: float | None = None
    verdict = "unknown"
    if len(known) >= 2:
        first, last = known[0], known[-1]
        change = last - first
        direction = "up" if change > 0 else "down" if change < 0 else "flat"
        if direction == "flat":  # unchanged is flat whatever the good direction
            verdict = "flat"
        elif good == "higher":
            verdict = {"up": "better", "down": "worse", "flat": "flat"}[direction]
        elif good == "lower":
            verdict = {"up": "worse", "down": "better", "flat": "flat"}[direction]
        elif good == "target" and target is not None:
            before_gap, after_gap = abs(dec(first) - dec(target)), abs(dec(last) - dec(target))
            verdict = (
                "better"
                if after_gap < before_gap
                else "worse"
                if after_gap > before_gap
                else "flat"
            )

    # Days counted and inside.
    counted_from: date | None = None
    days = inside = 0
    counted_values: list[float] = []
    if steps and steps[0][0] <= win.end:
        counted_from = max(win.start, steps[0][0])
        day = counted_from
        while day <= win.end:
            value = held(day)
            assert value is not None
            counted_values.append(value)
            days += 1
            inside += side(value) is None
            day += timedelta(days=1)

    # Breach runs over all steps up to the window's end.
    runs: list[tuple[str, int, int]] = []  # side, first step index, last step index
    for index, (_, value) in enumerate(steps):
        where = side(value)
        if where is None:
            continue
        if runs and runs[-1][0] == where and runs[-1][2] == index - 1:
            runs[-1] = (where, runs[-1][1], index)
        else:
            runs.append((where, index, index))
    breaches: list[Breach] = []
    for where, first_index, last_index in runs:
        start = steps[first_index][0]
        ongoing = last_index == len(steps) - 1
        end = None if ongoing else steps[last_index + 1][0] - timedelta(days=1)
        if end is not None and end < win.start:
            continue
        values = [value for _, value in steps[first_index : last_index + 1]]
        worst = max(values) if where == "above" else min(values)
        reading = steps[first_index - 1][1] if first_index > 0 else None
        warned: bool | None = None
        if has_warn and reading is not None and side(reading) is None:
            warned = in_warn_zone(reading)
        breaches.append(
            Breach(
                where,
                start,
                end,
                ((end or win.end) - start).days + 1,
                worst,
                warned,
                reading,
            )
        )

    crossings: list[tuple[date, float, float]] = []
    if has_warn:
        for index, (when, value) in enumerate(steps):
            if index and win.start <= when and in_warn_zone(value):
                previous = steps[index - 1][1]
                if in_warn_band(previous):
                    crossings.append((when, value, previous))

    result = Result(
        month_ends,
        direction,
        change,
        verdict,
        good,
        counted_from,
        days,
        inside,
        breaches,
        crossings,
    )
    _suggest(result, kpi, win, settings, steps, counted_values, held, side, runs)
    return result


def _suggest(
    result: Result,
    kpi: dict[str, Any],
    win: Window,
    settings: Settings,
    steps: list[tuple[date, float]],
    counted_values: list[float],
    held: Any,
    side: Any,
    runs: list[tuple[str, int, int]],
) -> None:
    low, high = _edges(kpi.get("band"))
    wlow, whigh = _edges(kpi.get("warn"))
    band = dict(kpi.get("band") or {})
    warn = dict(kpi.get("warn") or {})
    if low is not None and high is not None:
        scale = high - low
    else:
        scale = abs(low if low is not None else high or 0)

    # Tighter band.
    if steps and steps[0][0] <= win.steady_start and result.verdict != "worse":
        values = [held(win.steady_start)] + [
            value for when, value in steps if win.steady_start < when <= win.end
        ]
        if all(side(value) is None for value in values):
            lowest, highest = min(values), max(values)
            new_band = dict(band)
            # An edge at 0 of a one-sided band has no scale, so no room to spare.
            # The values are decimals as written: exact arithmetic, as a reader would do it.
            room, margin, size = dec(settings.room), dec(settings.margin), dec(scale)
            if high is not None and scale and dec(high) - dec(highest) >= room * size:
                new_band["max"] = float(dec(highest) + margin * size)
            if low is not None and scale and dec(lowest) - dec(low) >= room * size:
                new_band["min"] = float(dec(lowest) - margin * size)
            if new_band != band:
                draft: dict[str, Any] = {"band": new_band}
                new_warn = dict(warn)

                # Any warn edge outside the new band moves, whichever edge was tightened.
                def outside(value: float) -> bool:
                    return ("min" in new_band and value < new_band["min"]) or (
                        "max" in new_band and value > new_band["max"]
                    )

                if whigh is not None and outside(whigh):
                    new_warn["max"] = highest
                if wlow is not None and outside(wlow):
                    new_warn["min"] = lowest
                if "min" in new_warn and "max" in new_warn and new_warn["min"] > new_warn["max"]:
                    new_warn = {"min": lowest, "max": highest}
                if new_warn != warn:
                    draft["warn"] = new_warn
                result.suggestions["tighten"] = draft
                if runs:
                    after = runs[-1][2] + 1
                    result.since = steps[after][0] if after < len(steps) else None
                else:
                    result.since = steps[0][0]

    # Re-set the band.
    if result.days and (result.days - result.inside) / result.days > settings.breach_share:
        sides = {side(value) for value in counted_values} - {None}
        allowed = settings.breach_share * result.days / (2 if len(sides) == 2 else 1)
        new_band = dict(band)
        for where in sides:
            # An edge that already leaves at most the allowed days beyond it stays.
            if where == "above":
                assert high is not None
                if sum(v > high for v in counted_values) > allowed:
                    for candidate in sorted({v for v in counted_values if v > high}):
                        if sum(v > candidate for v in counted_values) <= allowed:
                            new_band["max"] = candidate
                            break
            else:
                assert low is not None
                if sum(v < low for v in counted_values) > allowed:
                    for candidate in sorted({v for v in counted_values if v < low}, reverse=True):
                        if sum(v < candidate for v in counted_values) <= allowed:
                            new_band["min"] = candidate
                            break
        result.suggestions["reset"] = {"band": new_band}

    # Earlier warning.
    if kpi.get("warn"):
        unwarned = [b for b in result.breaches if b.start >= win.start and b.warned is False]
        if unwarned:
            new_warn = dict(warn)
            above = [b.reading_before for b in unwarned if b.side == "above"]
            below = [b.reading_before for b in unwarned if b.side == "below"]
            if above:
                new_warn["max"] = min(v for v in above if v is not None)
            if below:
                new_warn["min"] = max(v for v in below if v is not None)
            result.suggestions["no-early-warning"] = (
                None if new_warn == warn else {"warn": new_warn}
            )

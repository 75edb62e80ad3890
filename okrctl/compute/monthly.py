"""The monthly KPI review: each KPI's trend, time in band, breaches and band recalibrations.

Seed 002's rhythm: "Monthly: review KPI trends, decide if any threshold needs adjusting". Pure
functions of the goal tree and an as-of date; docs/review.md states every rule with an example.

- The window is the last `months` (3) whole months that have ended by the as-of date (the
  as-of day counts as ended when it is a month's last day): on 2026-12-02, September to
  November.
- A measurement is a step: its value holds from its date until the next measurement (the last
  one of a day wins that day). Days before a KPI's first measurement have no value and are not
  counted: when the first measurement falls inside the window, the days counted start on its
  date.
- Trend: the value held at the end of the month before the window and at each month end in it;
  up, down or flat from the first known of them to the last, and better or worse against the
  KPI's good direction (a one-sided band: higher is better above a `min`, lower below a `max`;
  a two-sided band with a `target`: closer to the target is better).
- A breach is a run of days outside the band on one side: from the measurement that left the
  band to the day before the one that came back (or `ongoing` at the window's end), its length
  in days counted whole, listed when it overlaps the window.
- A warn crossing is a measurement in the window in the warn zone (inside the band, outside the
  warn band) that follows one inside the warn band.

Recalibration suggestions, drafts to paste, never edits (thresholds: okrctl.yaml `review:
monthly:`):

- `tighten`: the KPI was known and inside its band on every day of the last `steady_months` (6)
  whole months, its trend over the window is not `worse`, and on a side with an edge the values
  seen stayed at least `room` (0.2) of the scale inside it. The scale is the band's width, or
  for a one-sided band the edge's size. The tightened edge lies `margin` (0.1) of the scale
  beyond the values seen.
- `reset`: outside the band on more than `breach_share` (1/3) of the days counted in the window.
  The drafted edge of a side breached is the lowest value held (for a `max`; the highest for a
  `min`) beyond which the KPI spent at most `breach_share` of the days counted (half of it each
  when both sides were breached), never inside the old edge.
- `no-early-warning`: a KPI with a warn band had a breach starting in the window whose last
  measurement before it was inside the warn band. The drafted warn edge on that side moves to
  that measurement's value (the lowest such for a `max`, the highest for a `min`).
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from okrctl.compute.kpi_health import BandValue, KpiState, measured_until, state
from okrctl.model.config import MonthlySettings
from okrctl.model.goals import Band, Kpi
from okrctl.model.tree import GoalTree, PlacedKpi
from okrctl.wording import value as show

Direction = Literal["up", "down", "flat"]
Verdict = Literal["better", "worse", "flat", "unknown"]
Side = Literal["above", "below"]
SuggestionKind = Literal["tighten", "reset", "no-early-warning"]
Step = tuple[date, float]  # a value and the day it starts to hold


@dataclass(frozen=True, slots=True)
class MonthEnd:
    """The value a KPI held at the end of a month (None: not measured yet)."""

    date: date
    value: float | None


@dataclass(frozen=True, slots=True)
class BreachRun:
    """Days outside the band on one side, in a row."""

    side: Side
    start: date  # the date of the measurement that left the band
    end: date | None  # the last day out; None: still out at the window's end
    days: int  # start to end (or the window's end), both counted
    worst: float  # the farthest value from the band in the run
    # Whether the last measurement before the run was in the warn zone; None when there was
    # none, it was itself outside the band, or the KPI has no warn band.
    warned: bool | None
    lead: float | None  # that measurement's value


@dataclass(frozen=True, slots=True)
class WarnCrossing:
    """A measurement that went from inside the warn band into the warn zone."""

    date: date
    value: float
    previous: float


@dataclass(frozen=True, slots=True)
class Recalibration:
    """A suggested band (or warn band), the reason in a sentence, and the YAML to paste."""

    kind: SuggestionKind
    reason: str
    draft: dict[str, Any] | None  # {"band": {...}} or {"warn": {...}}; None: nothing to paste


@dataclass(frozen=True, slots=True)
class KpiMonth:
    """One KPI in the monthly review."""

    ref: str
    team: str
    path: str  # the file the KPI is written in, where a draft is pasted
    id: str
    title: str
    owner: str
    unit: str | None
    band: BandValue | None
    warn: BandValue | None
    target: float | None
    # Whether higher is better (None: the band is two-sided without a target, or missing).
    good: Literal["higher", "lower", "target"] | None
    month_ends: tuple[MonthEnd, ...]  # the month before the window, then each month in it
    direction: Direction
    change: float | None  # last known month-end value minus the first known
    verdict: Verdict
    counted_from: date | None  # the first day with a value in the window; None: no value
    days: int  # days counted
    inside: int  # of which inside the band (all of them without a band)
    breaches: tuple[BreachRun, ...]
    crossings: tuple[WarnCrossing, ...]
    suggestions: tuple[Recalibration, ...]

    @property
    def share(self) -> float | None:
        """The share of days counted spent inside the band; None without a value."""
        return self.inside / self.days if self.days else None


@dataclass(frozen=True, slots=True)
class MonthlyReview:
    """The monthly review of every KPI (of one team, if given) over one window."""

    as_of: date
    start: date  # the window's first day
    end: date  # its last
    steady_start: date  # the first day of the look-back of `tighten`
    settings: MonthlySettings
    kpis: tuple[KpiMonth, ...]

    @property
    def months(self) -> tuple[str, ...]:
        """The months of the window, `2026-09`, oldest first."""
        labels = []
        day = self.start
        while day <= self.end:
            labels.append(f"{day.year}-{day.month:02}")
            day = month_end(day) + timedelta(days=1)
        return tuple(labels)


# Calendar ---------------------------------------------------------------------------------


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_before(day: date, count: int) -> date:
    """The first day of the month `count` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def window(as_of: date, months: int) -> tuple[date, date]:
    """The first and last day of the last `months` whole months ended by `as_of`."""
    end = as_of if as_of == month_end(as_of) else as_of.replace(day=1) - timedelta(days=1)
    return months_before(end, months - 1), end


def in_first_week(day: date) -> bool:
    """Whether `day` is in its month's first seven days: each weekday falls there exactly once,
    so a team that meets on a fixed weekday meets there once a month."""
    return day.day <= 7


# Steps ------------------------------------------------------------------------------------


def steps(kpi: Kpi, until: date) -> list[Step]:
    """The KPI's values as steps up to `until`: one per measured day, the day's last value."""
    by_day: dict[date, float] = {}
    for m in measured_until(kpi, until):
        by_day[m.date] = m.value  # measured_until keeps file order within a day: the last wins
    return sorted(by_day.items())


def held(values: Sequence[Step], day: date) -> float | None:
    """The value held on `day`: the latest step on or before it."""
    found = None
    for start, value in values:
        if start > day:
            break
        found = value
    return found


def _spans(values: Sequence[Step], first: date, last: date) -> list[tuple[date, date, float]]:
    """Each value's days inside [first, last]: (from, to, value), both days included."""
    spans = []
    for index, (start, value) in enumerate(values):
        until = values[index + 1][0] - timedelta(days=1) if index + 1 < len(values) else last
        low, high = max(start, first), min(until, last)
        if low <= high:
            spans.append((low, high, value))
    return spans


def _days(low: date, high: date) -> int:
    return (high - low).days + 1


def _side(value: float, band: Band) -> Side | None:
    if band.max is not None and value > band.max:
        return "above"
    if band.min is not None and value < band.min:
        return "below"
    return None


def breach_runs(
    values: Sequence[Step], band: Band, warn: Band | None, first: date, last: date
) -> list[BreachRun]:
    """The runs outside the band that overlap [first, last] (`values` end by `last`)."""
    runs: list[BreachRun] = []
    index = 0
    while index < len(values):
        side = _side(values[index][1], band)
        if side is None:
            index += 1
            continue
        begin = index
        while index < len(values) and _side(values[index][1], band) == side:
            index += 1
        end = values[index][0] - timedelta(days=1) if index < len(values) else None
        start = values[begin][0]
        if (end is not None and end < first) or start > last:
            continue
        out = [v for _, v in values[begin:index]]
        lead = values[begin - 1][1] if begin > 0 else None
        lead_state: KpiState | None = None if lead is None else state(lead, band, warn)
        warned = None if warn is None or lead_state in (None, "breach") else lead_state == "warn"
        runs.append(
            BreachRun(
                side=side,
                start=start,
                end=end,
                days=_days(start, end if end is not None else last),
                worst=max(out) if side == "above" else min(out),
                warned=warned,
                lead=lead,
            )
        )
    return runs


def warn_crossings(
    values: Sequence[Step], band: Band | None, warn: Band, first: date
) -> list[WarnCrossing]:
    """Measurements from `first` on in the warn zone right after one inside the warn band."""
    return [
        WarnCrossing(day, value, previous)
        for (_, previous), (day, value) in itertools.pairwise(values)
        if day >= first
        and state(previous, band, warn) == "ok"
        and state(value, band, warn) == "warn"
    ]


# Trend ------------------------------------------------------------------------------------


def good_direction(kpi: Kpi) -> Literal["higher", "lower", "target"] | None:
    """Which way is better: a one-sided band says; a two-sided one needs a target."""
    if kpi.increasing is not None:
        return "higher" if kpi.increasing else "lower"
    if kpi.band is not None and kpi.target is not None:
        return "target"
    return None


def _trend(
    ends: Sequence[MonthEnd], good: str | None, target: float | None
) -> tuple[Direction, float | None, Verdict]:
    known = [e.value for e in ends if e.value is not None]
    if len(known) < 2:
        return "flat", None, "unknown"
    first, last = known[0], known[-1]
    change = _number(Decimal(str(last)) - Decimal(str(first)))  # 4.2 - 4.1 is 0.1, exactly
    if last == first:
        return "flat", change, "flat"
    direction: Direction = "up" if last > first else "down"
    if good == "higher" or good == "lower":
        return direction, change, "better" if (direction == "up") == (good == "higher") else "worse"
    if good == "target" and target is not None:
        aim = Decimal(str(target))  # decimals: 0.1 and 0.5 are as far from 0.3, exactly
        before, after = abs(Decimal(str(first)) - aim), abs(Decimal(str(last)) - aim)
        if before == after:
            return direction, change, "flat"
        return direction, change, "better" if after < before else "worse"
    return direction, change, "unknown"


# Suggestions ------------------------------------------------------------------------------


def _number(value: Decimal) -> float | int:
    """A drafted edge as YAML shows it: a whole number without `.0`."""
    return int(value) if value == value.to_integral_value() else float(value)


def _scale(band: Band) -> tuple[Decimal | None, Decimal | None]:
    """The scale of the max and the min edge: the band's width, or an edge's own size."""
    if band.min is not None and band.max is not None:
        width = Decimal(str(band.max)) - Decimal(str(band.min))
        return width, width
    return (
        abs(Decimal(str(band.max))) if band.max is not None else None,
        abs(Decimal(str(band.min))) if band.min is not None else None,
    )


def _edges(band: dict[str, float | int], unit: str | None = None) -> str:
    if "min" in band and "max" in band:
        return f"{_show(band['min'])} to {_show(band['max'], unit)}"
    if "min" in band:
        return f"at least {_show(band['min'], unit)}"
    return f"at most {_show(band['max'], unit)}"


def _show(value: float | Decimal, unit: str | None = None) -> str:
    return show(float(value), unit)


def band_words(band: Band | BandValue | None, unit: str | None = None) -> str:
    """`at most 45 min`, `at least 3.8/5`, `20 to 40 ms`, or `no band`."""
    if band is None:
        return "no band"
    edges = {k: v for k, v in (("min", band.min), ("max", band.max)) if v is not None}
    return _edges(edges, unit)


def tighten(
    kpi: Kpi, values: Sequence[Step], first: date, last: date, settings: MonthlySettings
) -> Recalibration | None:
    """The `tighten` suggestion (module docstring), or None."""
    band = kpi.band
    if band is None or held(values, first) is None:
        return None
    seen = [value for _, _, value in _spans(values, first, last)]
    if any(not band.contains(value) for value in seen):
        return None
    low, high = Decimal(str(min(seen))), Decimal(str(max(seen)))
    room, margin = Decimal(str(settings.room)), Decimal(str(settings.margin))
    scale_max, scale_min = _scale(band)
    drafted: dict[str, float | int] = {}
    if band.min is not None:
        drafted["min"] = band.min
    if band.max is not None:
        drafted["max"] = band.max
    tightened = []
    if band.max is not None and scale_max and Decimal(str(band.max)) - high >= room * scale_max:
        drafted["max"] = _number(high + margin * scale_max)
        tightened.append("max")
    if band.min is not None and scale_min and low - Decimal(str(band.min)) >= room * scale_min:
        drafted["min"] = _number(low - margin * scale_min)
        tightened.append("min")
    if not tightened:
        return None
    # Since when it has been inside: the first measurement after its last breach, else its first.
    outside = [start for start, value in values if not band.contains(value)]
    since = next(start for start, _ in values if not outside or start > outside[-1])
    draft: dict[str, Any] = {"band": drafted}
    new = Band(min=drafted.get("min"), max=drafted.get("max"))
    if kpi.warn is not None:
        warn: dict[str, float | int] = {}
        if kpi.warn.min is not None:
            warn["min"] = kpi.warn.min if new.contains(kpi.warn.min) else _number(low)
        if kpi.warn.max is not None:
            warn["max"] = kpi.warn.max if new.contains(kpi.warn.max) else _number(high)
        if "min" in warn and "max" in warn and warn["min"] > warn["max"]:
            warn = {"min": _number(low), "max": _number(high)}
        if warn != {
            k: v for k, v in (("min", kpi.warn.min), ("max", kpi.warn.max)) if v is not None
        }:
            draft["warn"] = warn
    unit = kpi.unit
    reason = (
        # Two spans, said apart: the values held are the last `steady_months`' (the
        # evidence for the new edges), "since" is when the KPI last came inside its band.
        f"tighten to {_edges(drafted, unit)}: held inside {_show(low)} to {_show(high, unit)} "
        f"over {settings.steady_months} whole months, room to spare in its band "
        f"({band_words(band, unit)}); inside it since {since}"
    )
    return Recalibration("tighten", reason, draft)


def _edge_for(spans: Sequence[tuple[date, date, float]], side: Side, budget: float) -> float:
    """The value nearest the band such that the days beyond it are at most `budget`."""
    candidates = sorted({v for _, _, v in spans}, reverse=side == "below")
    for candidate in candidates:
        beyond = sum(
            _days(low, high)
            for low, high, v in spans
            if (v > candidate if side == "above" else v < candidate)
        )
        if beyond <= budget:
            return candidate
    return candidates[-1]  # never reached: the farthest value has no day beyond it


def reset(
    kpi: Kpi, spans: Sequence[tuple[date, date, float]], days: int, settings: MonthlySettings
) -> Recalibration | None:
    """The `reset` suggestion (module docstring), or None."""
    band = kpi.band
    if band is None or not days:
        return None
    beyond = {"above": 0, "below": 0}
    for low, high, value in spans:
        side = _side(value, band)
        if side is not None:
            beyond[side] += _days(low, high)
    out = beyond["above"] + beyond["below"]
    if not out / days > settings.breach_share:
        return None
    sides = [side for side in ("above", "below") if beyond[side]]
    budget = settings.breach_share * days / len(sides)
    drafted: dict[str, float | int] = {}
    if band.min is not None:
        drafted["min"] = band.min
    if band.max is not None:
        drafted["max"] = band.max
    if "above" in sides and band.max is not None:
        drafted["max"] = max(band.max, _edge_for(spans, "above", budget))
    if "below" in sides and band.min is not None:
        drafted["min"] = min(band.min, _edge_for(spans, "below", budget))
    drafted = {k: _number(Decimal(str(v))) for k, v in drafted.items()}
    reason = (
        f"the band does not describe normal: outside it on {out} of {days} days "
        f"({round(out / days * 100)}%); re-set it (to {_edges(drafted, kpi.unit)}), or make "
        "restoring it an objective (okrctl suggest drafts one)"
    )
    return Recalibration("reset", reason, {"band": drafted})


def no_early_warning(kpi: Kpi, runs: Sequence[BreachRun], first: date) -> Recalibration | None:
    """The `no-early-warning` suggestion (module docstring), or None."""
    warn = kpi.warn
    silent = [r for r in runs if r.start >= first and r.warned is False and r.lead is not None]
    if warn is None or not silent:
        return None
    drafted: dict[str, float | int] = {}
    if warn.min is not None:
        drafted["min"] = warn.min
    if warn.max is not None:
        drafted["max"] = warn.max
    above = [r.lead for r in silent if r.side == "above" and r.lead is not None]
    below = [r.lead for r in silent if r.side == "below" and r.lead is not None]
    if above:
        drafted["max"] = min(above)
    if below:
        drafted["min"] = max(below)
    drafted = {k: _number(Decimal(str(v))) for k, v in drafted.items()}
    unchanged = drafted == {
        k: _number(Decimal(str(v)))
        for k, v in (("min", warn.min), ("max", warn.max))
        if v is not None
    }
    unit = kpi.unit
    told = "; ".join(
        f"{r.start}: {_show(r.lead or 0, unit)} straight to {_show(r.worst, unit)}" for r in silent
    )
    reason = (
        f"the warn band ({band_words(warn, unit)}) gave no early warning of "
        f"{'a breach' if len(silent) == 1 else f'{len(silent)} breaches'} ({told})"
    )
    if not unchanged:
        reason += (
            f"; a warn band of {_edges(drafted, unit)} flags the next move past where it stood"
        )
    return Recalibration("no-early-warning", reason, None if unchanged else {"warn": drafted})


# The review -------------------------------------------------------------------------------


def kpi_month(
    placed: PlacedKpi, first: date, last: date, steady: date, settings: MonthlySettings
) -> KpiMonth:
    """One KPI over the window [first, last]; `steady` starts the look-back of `tighten`."""
    kpi = placed.kpi
    values = steps(kpi, last)
    ends = [MonthEnd(first - timedelta(days=1), held(values, first - timedelta(days=1)))]
    day = first
    while day <= last:
        end = month_end(day)
        ends.append(MonthEnd(end, held(values, end)))
        day = end + timedelta(days=1)
    good = good_direction(kpi)
    direction, change, verdict = _trend(ends, good, kpi.target)
    spans = _spans(values, first, last)
    days = sum(_days(low, high) for low, high, _ in spans)
    band = kpi.band
    inside = sum(_days(low, high) for low, high, v in spans if band is None or band.contains(v))
    runs = breach_runs(values, band, kpi.warn, first, last) if band is not None else []
    crossings = warn_crossings(values, band, kpi.warn, first) if kpi.warn is not None else []
    made = [
        # A KPI drifting the wrong way is no candidate for a tighter band, room or not.
        tighten(kpi, values, steady, last, settings) if verdict != "worse" else None,
        reset(kpi, spans, days, settings),
        no_early_warning(kpi, runs, first),
    ]
    return KpiMonth(
        ref=placed.ref,
        team=placed.team,
        path=placed.file.path,
        id=kpi.id,
        title=kpi.title,
        owner=kpi.owner,
        unit=kpi.unit,
        band=BandValue(band.min, band.max) if band is not None else None,
        warn=BandValue(kpi.warn.min, kpi.warn.max) if kpi.warn is not None else None,
        target=kpi.target,
        good=good,
        month_ends=tuple(ends),
        direction=direction,
        change=change,
        verdict=verdict,
        counted_from=spans[0][0] if spans else None,
        days=days,
        inside=inside,
        breaches=tuple(runs),
        crossings=tuple(crossings),
        suggestions=tuple(s for s in made if s is not None),
    )


def monthly_review(tree: GoalTree, as_of: date, team: str | None = None) -> MonthlyReview:
    """The monthly review of every KPI (of one team), ordered by team and file order."""
    settings = tree.config.review.monthly
    first, last = window(as_of, settings.months)
    steady = months_before(last, settings.steady_months - 1)
    chosen = sorted(
        (p for p in tree.kpis.values() if team is None or p.team == team),
        key=lambda p: (p.team, p.file.path, int(p.kpi._at[-1])),
    )
    return MonthlyReview(
        as_of=as_of,
        start=first,
        end=last,
        steady_start=steady,
        settings=settings,
        kpis=tuple(kpi_month(p, first, last, steady, settings) for p in chosen),
    )

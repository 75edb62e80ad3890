"""KPI health: each KPI's status against its band, staleness, breach streak and trend.

Pure functions of the goal tree and an as-of date. The status comes from the latest
measurement on or before the as-of date: `breach` outside the band, `warn` inside the band
but outside the warn band, `ok` otherwise, `no-data` without a measurement. Staleness is
separate: a KPI is stale when its latest measurement is older than `stale_after` (1.5)
cadence intervals, or when a KPI with a cadence has never been measured. A KPI with a
`source` is `source-stale` by the same limit, counted from its newest value that `okrctl pull`
wrote (`source: pulled`): its source has stopped giving values, even if someone still types
them in by hand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date
from typing import Literal

from okrctl.model.config import KpiSettings
from okrctl.model.goals import Band, Kpi, Measurement
from okrctl.model.sources import PULLED
from okrctl.model.tree import GoalTree, PlacedKpi

KpiState = Literal["ok", "warn", "breach", "no-data"]
Trend = Literal["up", "down", "flat"]

# Cadence intervals in days; months and quarters as their average length in the calendar.
CADENCE_DAYS = {"daily": 1.0, "weekly": 7.0, "monthly": 365.25 / 12, "quarterly": 365.25 / 4}
# How bad each state is, for `--fail-on`: stale < warn < breach.
SEVERITY = {"never": 99, "breach": 3, "warn": 2, "stale": 1}
SPARK_POINTS = 12


@dataclass(frozen=True, slots=True)
class BandValue:
    min: float | None
    max: float | None


@dataclass(frozen=True, slots=True)
class KpiStatus:
    ref: str
    team: str
    id: str
    title: str
    owner: str
    unit: str | None
    cadence: str | None
    band: BandValue | None
    warn: BandValue | None
    target: float | None
    value: float | None
    date: date | None
    status: KpiState
    stale: bool
    age_days: int | None
    breach_streak: int
    trend: Trend
    # The latest measurements, oldest first (`datetime.date`: the field `date` hides the type).
    history: tuple[tuple[datetime.date, float], ...]
    # With a `source` only: its kind, whether the latest value came from it, the date of its
    # newest pulled value, and whether that is older than the stale limit (or there is none).
    source: str | None = None
    pulled: bool = False
    pulled_on: datetime.date | None = None
    pulled_days: int | None = None  # how many days before the as-of date `pulled_on` is
    source_stale: bool = False

    def level(self) -> int:
        """How bad this KPI is for `--fail-on` (0: fine)."""
        if self.status == "breach":
            return SEVERITY["breach"]
        if self.status == "warn":
            return SEVERITY["warn"]
        return SEVERITY["stale"] if self.stale or self.source_stale else 0


@dataclass(frozen=True, slots=True)
class KpiReport:
    as_of: date
    kpis: tuple[KpiStatus, ...]
    skipped: tuple[str, ...] = ()

    def fails(self, fail_on: str) -> bool:
        threshold = SEVERITY[fail_on]
        return any(k.level() >= threshold for k in self.kpis)


def measured_until(kpi: Kpi, as_of: date) -> list[Measurement]:
    """Measurements on or before `as_of`, oldest first (same-day ties keep file order)."""
    return sorted((m for m in kpi.measurements if m.date <= as_of), key=lambda m: m.date)


def state(value: float, band: Band | None, warn: Band | None) -> KpiState:
    if band is not None and not band.contains(value):
        return "breach"
    if warn is not None and not warn.contains(value):
        return "warn"
    return "ok"


def trend(values: list[float]) -> Trend:
    """The direction over the last three measurements: last against first of them."""
    last_three = values[-3:]
    if len(last_three) < 2 or last_three[-1] == last_three[0]:
        return "flat"
    return "up" if last_three[-1] > last_three[0] else "down"


def breach_streak(values: list[float], band: Band | None) -> int:
    """How many of the latest measurements in a row lie outside the band."""
    if band is None:
        return 0
    streak = 0
    for value in reversed(values):
        if band.contains(value):
            break
        streak += 1
    return streak


def kpi_status(placed: PlacedKpi, as_of: date, settings: KpiSettings) -> KpiStatus:
    kpi = placed.kpi
    measurements = measured_until(kpi, as_of)
    values = [m.value for m in measurements]
    latest = measurements[-1] if measurements else None
    age = (as_of - latest.date).days if latest else None
    interval = CADENCE_DAYS.get(kpi.cadence or "")
    if interval is None:
        stale = False  # no cadence, no promise to keep (kpi-without-cadence warns)
    elif age is None:
        stale = True  # a KPI with a cadence that was never measured is not being watched
    else:
        stale = age > settings.stale_after * interval
    source = kpi.source.kind if kpi.source is not None else None
    pulled_on = max((m.date for m in measurements if m.source == PULLED), default=None)
    pulled_days = (as_of - pulled_on).days if pulled_on is not None else None
    source_stale = False
    if source is not None and interval is not None:
        source_stale = pulled_days is None or pulled_days > settings.stale_after * interval
    return KpiStatus(
        ref=placed.ref,
        team=placed.team,
        id=kpi.id,
        title=kpi.title,
        owner=kpi.owner,
        unit=kpi.unit,
        cadence=kpi.cadence,
        band=BandValue(kpi.band.min, kpi.band.max) if kpi.band else None,
        warn=BandValue(kpi.warn.min, kpi.warn.max) if kpi.warn else None,
        target=kpi.target,
        value=latest.value if latest else None,
        date=latest.date if latest else None,
        status=state(latest.value, kpi.band, kpi.warn) if latest else "no-data",
        stale=stale,
        age_days=age,
        breach_streak=breach_streak(values, kpi.band),
        trend=trend(values),
        history=tuple((m.date, m.value) for m in measurements[-SPARK_POINTS:]),
        source=source,
        pulled=source is not None and latest is not None and latest.source == PULLED,
        pulled_on=pulled_on,
        pulled_days=pulled_days,
        source_stale=source_stale,
    )


def check_kpis(
    tree: GoalTree, as_of: date, *, team: str | None = None, skipped: tuple[str, ...] = ()
) -> KpiReport:
    """The health of every KPI (of one team, if given), ordered by team and file order."""
    settings = tree.config.kpi
    chosen = sorted(
        (p for p in tree.kpis.values() if team is None or p.team == team),
        key=lambda p: (p.team, p.file.path, int(p.kpi._at[-1])),
    )
    return KpiReport(as_of, tuple(kpi_status(p, as_of, settings) for p in chosen), skipped)

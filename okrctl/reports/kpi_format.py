"""How KPI values read in the board: bands, sparklines, ages. Shared by text and Markdown."""

from __future__ import annotations

import math

from okrctl.compute.kpi_health import BandValue, KpiStatus
from okrctl.reports.values import value
from okrctl.wording import plural

BLOCKS = "▁▂▃▄▅▆▇█"
# Beside the age of a KPI's latest value when its source gave it (`source: pulled`).
PULLED_MARK = "(pulled)"


def band(band: BandValue | None, unit: str | None = None) -> str:
    if band is None:
        return "-"
    if band.min is not None and band.max is not None:
        return f"{value(band.min)}..{value(band.max, unit)}"
    if band.min is not None:
        return f">= {value(band.min, unit)}"
    return f"<= {value(band.max, unit)}"


def share(value: float, low: float, high: float) -> float:
    """Where `value` lies from `low` (0) to `high` (1), for any finite numbers low < high: at
    the ends of the float range their difference overflows, so the three are halved first
    (exact at those magnitudes)."""
    span = high - low
    if not math.isfinite(span):
        value, low, high = value / 2, low / 2, high / 2
        span = high - low
    return (value - low) / span


def sparkline(kpi: KpiStatus, points: int | None = None) -> str:
    """A line of block characters, scaled between the lowest and highest value shown."""
    values = [v for _, v in kpi.history][-(points or len(kpi.history)) :]
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return BLOCKS[3] * len(values)
    steps = len(BLOCKS) - 1
    scale = steps / (high - low)
    if not math.isfinite(scale) or scale == 0:  # values at the ends of the float range
        return "".join(BLOCKS[round(share(v, low, high) * steps)] for v in values)
    return "".join(BLOCKS[round((v - low) * scale)] for v in values)


def age(kpi: KpiStatus, short: bool = False) -> str:
    """How long since the latest measurement: `6 days ago`, or `6d` when `short`; marked
    `(pulled)` when `okrctl pull` wrote it from the KPI's source."""
    return _age(kpi, short) + (f" {PULLED_MARK}" if kpi.pulled else "")


def _age(kpi: KpiStatus, short: bool) -> str:
    if kpi.age_days is None:
        return "never"
    if short:
        return f"{kpi.age_days}d"
    if kpi.age_days == 0:
        return "today"
    return "1 day ago" if kpi.age_days == 1 else f"{kpi.age_days} days ago"


def status(kpi: KpiStatus) -> str:
    """`breach x3, stale`: the status word, the streak when in breach, staleness."""
    text: str = kpi.status
    if kpi.status == "breach" and kpi.breach_streak > 1:
        text += f" x{kpi.breach_streak}"
    if kpi.stale:
        text += ", stale"
    if kpi.source_stale:
        text += ", source-stale"
    return text


def source_stopped(kpi: KpiStatus) -> str:
    """Why a KPI is source-stale: `its source (sql) last gave a value 9 days ago`."""
    if kpi.pulled_days is None:
        return f"its source ({kpi.source}) has never given a value"
    days = "today" if kpi.pulled_days == 0 else f"{plural(kpi.pulled_days, 'day')} ago"
    return f"its source ({kpi.source}) last gave a value {days}"

"""How KPI values read in the board: bands, sparklines, ages. Shared by text and Markdown."""

from __future__ import annotations

from okrctl.compute.kpi_health import BandValue, KpiStatus
from okrctl.reports.values import value

BLOCKS = "▁▂▃▄▅▆▇█"


def band(band: BandValue | None, unit: str | None = None) -> str:
    if band is None:
        return "-"
    if band.min is not None and band.max is not None:
        return f"{value(band.min)}..{value(band.max, unit)}"
    if band.min is not None:
        return f">= {value(band.min, unit)}"
    return f"<= {value(band.max, unit)}"


def sparkline(kpi: KpiStatus, points: int | None = None) -> str:
    """A line of block characters, scaled between the lowest and highest value shown."""
    values = [v for _, v in kpi.history][-(points or len(kpi.history)) :]
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return BLOCKS[3] * len(values)
    scale = (len(BLOCKS) - 1) / (high - low)
    return "".join(BLOCKS[round((v - low) * scale)] for v in values)


def age(kpi: KpiStatus, short: bool = False) -> str:
    """How long since the latest measurement: `6 days ago`, or `6d` when `short`."""
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
    return text

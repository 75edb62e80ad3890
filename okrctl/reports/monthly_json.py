"""The monthly KPI review as JSON: the `monthly` part of `okrctl review --format json`."""

from __future__ import annotations

from typing import Any

from okrctl.compute.kpi_health import BandValue
from okrctl.compute.monthly import KpiMonth, MonthlyReview


def _band(band: BandValue | None) -> dict[str, float] | None:
    if band is None:
        return None
    return {k: v for k, v in (("min", band.min), ("max", band.max)) if v is not None}


def kpi_month_document(kpi: KpiMonth) -> dict[str, Any]:
    return {
        "ref": kpi.ref,
        "team": kpi.team,
        "file": kpi.path,
        "id": kpi.id,
        "title": kpi.title,
        "owner": kpi.owner,
        "unit": kpi.unit,
        "band": _band(kpi.band),
        "warn": _band(kpi.warn),
        "target": kpi.target,
        "good": kpi.good,
        "trend": {
            "month_ends": [{"date": e.date.isoformat(), "value": e.value} for e in kpi.month_ends],
            "direction": kpi.direction,
            "change": kpi.change,
            "verdict": kpi.verdict,
        },
        "in_band": {
            "counted_from": None if kpi.counted_from is None else kpi.counted_from.isoformat(),
            "days": kpi.days,
            "inside": kpi.inside,
            "share": kpi.share,
        },
        "breaches": [
            {
                "side": b.side,
                "start": b.start.isoformat(),
                "end": None if b.end is None else b.end.isoformat(),
                "ongoing": b.end is None,
                "days": b.days,
                "worst": b.worst,
                "warned": b.warned,
                "reading_before": b.lead,
            }
            for b in kpi.breaches
        ],
        "warn_crossings": [
            {"date": c.date.isoformat(), "value": c.value, "previous": c.previous}
            for c in kpi.crossings
        ],
        "suggestions": [
            {"kind": s.kind, "reason": s.reason, "draft": s.draft} for s in kpi.suggestions
        ],
    }


def monthly_document(monthly: MonthlyReview) -> dict[str, Any]:
    settings = monthly.settings
    return {
        "start": monthly.start.isoformat(),
        "end": monthly.end.isoformat(),
        "months": list(monthly.months),
        "steady_start": monthly.steady_start.isoformat(),
        "settings": {
            "months": settings.months,
            "steady_months": settings.steady_months,
            "room": settings.room,
            "margin": settings.margin,
            "breach_share": settings.breach_share,
        },
        "kpis": [kpi_month_document(k) for k in monthly.kpis],
    }

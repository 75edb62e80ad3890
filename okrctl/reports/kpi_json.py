"""`okrctl kpi check --format json`: every KPI's health as one document.

`review --format json` embeds the same objects, so the field names are defined once, here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from okrctl.compute.kpi_health import BandValue, KpiReport, KpiStatus
from okrctl.reports import Style, escape
from okrctl.reports.jsonstream import stream


def _band(band: BandValue | None) -> dict[str, float | None] | None:
    return None if band is None else {"min": band.min, "max": band.max}


def _source(kpi: KpiStatus) -> dict[str, Any]:
    """Where the KPI's values come from: present only for a KPI with a `source`."""
    return {
        "kind": kpi.source,
        "pulled": kpi.pulled,  # the latest value came from the source
        "last_pulled": kpi.pulled_on.isoformat() if kpi.pulled_on else None,
        "stale": kpi.source_stale,
    }


def kpi_document(kpi: KpiStatus) -> dict[str, Any]:
    document = {
        "ref": kpi.ref,
        "team": kpi.team,
        "id": kpi.id,
        "title": kpi.title,
        "owner": kpi.owner,
        "unit": kpi.unit,
        "cadence": kpi.cadence,
        "band": _band(kpi.band) or {"min": None, "max": None},
        "warn": _band(kpi.warn),
        "target": kpi.target,
        "value": kpi.value,
        "date": kpi.date.isoformat() if kpi.date else None,
        "status": kpi.status,
        "stale": kpi.stale,
        "age_days": kpi.age_days,
        "breach_streak": kpi.breach_streak,
        "trend": kpi.trend,
        "history": [{"date": d.isoformat(), "value": v} for d, v in kpi.history],
    }
    if kpi.source is not None:
        document["source"] = _source(kpi)
    return document


def document(report: KpiReport) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "kpis": [kpi_document(k) for k in report.kpis],
        "skipped": list(report.skipped),
    }


def render(report: KpiReport, style: Style) -> Iterator[str]:
    """The same text as `escape.json_text(document(report))`, one KPI at a time."""
    return stream(
        (
            ("as_of", report.as_of.isoformat()),
            ("kpis", (kpi_document(k) for k in report.kpis)),
            ("skipped", list(report.skipped)),
        ),
        dumps=escape.json_text,
    )

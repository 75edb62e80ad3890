"""`okrctl calibration --format json`: the calibration, and the key results it is made of."""

from __future__ import annotations

from typing import Any

from okrctl.compute.learning import Calibration, CalibrationReport, Forecast
from okrctl.reports import Style, escape


def calibration_entry(c: Calibration) -> dict[str, Any]:
    return {
        "name": c.name,
        "finished": c.finished,
        "met": c.met,
        "forecasts": c.forecasts,
        "brier": c.brier,
        "missed_confidence": c.missed_confidence,
    }


def forecast_entry(f: Forecast) -> dict[str, Any]:
    return {
        "ref": f.ref,
        "team": f.team,
        "owner": f.owner,
        "period": f.period,
        "confidences": list(f.confidences),
        "status": f.status,
        "score": f.score,
    }


def calibration_document(report: CalibrationReport) -> dict[str, Any]:
    """The calibration as the command's JSON and the review's `calibration` give it."""
    return {
        "as_of": report.as_of.isoformat(),
        "since": report.since,
        "team": report.team,
        "minimum": report.minimum,
        "teams": [calibration_entry(c) for c in report.teams],
        "owners": [calibration_entry(c) for c in report.owners],
        "key_results": [forecast_entry(f) for f in report.key_results],
    }


def render(report: CalibrationReport, style: Style) -> str:
    document = calibration_document(report)
    document["skipped"] = list(report.skipped)
    return escape.json_text(document) + "\n"

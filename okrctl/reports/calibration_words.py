"""Words and rows of a calibration report that its formats (and the review's) share."""

from __future__ import annotations

from okrctl.compute.learning import Calibration, CalibrationReport
from okrctl.reports.values import score

HEADERS = ("Finished", "Met", "Forecasts", "Brier", "Missed at")


def heading(report: CalibrationReport) -> str:
    """`Confidence calibration as of 2026-11-29 (support, since 2026-Q2)`."""
    scope = [part for part in (report.team, report.since and f"since {report.since}") if part]
    return f"Confidence calibration as of {report.as_of.isoformat()}" + (
        f" ({', '.join(scope)})" if scope else ""
    )


EXPLAINED = (
    "Brier: the mean of (confidence - outcome)^2 over every check-in's confidence, outcome 1 "
    "for a key result met (or, aspirational, a success) and 0 for one missed; 0 is perfect, "
    "always saying 0.5 gives 0.25. Missed at: the mean confidence given on the key results "
    "that were missed."
)


def too_few(report: CalibrationReport) -> str:
    return f"-: fewer than {report.minimum} finished key results with a confidence"


def cells(calibration: Calibration) -> tuple[str, str, str, str, str]:
    """Finished, met, forecasts, Brier and missed-at of one team or owner (`-`: none)."""
    c = calibration
    return (
        str(c.finished),
        str(c.met),
        str(c.forecasts),
        score(c.brier) if c.brier is not None else "-",
        score(c.missed_confidence) if c.missed_confidence is not None else "-",
    )

"""`okrctl calibration --format markdown`: the calibration tables for a wiki or a pull request."""

from __future__ import annotations

from collections.abc import Sequence

from okrctl.compute.learning import Calibration, CalibrationReport
from okrctl.reports import Style, escape
from okrctl.reports.calibration_words import EXPLAINED, HEADERS, cells, heading, too_few


def _table(first: str, rows: Sequence[Calibration]) -> list[str]:
    return [
        f"| {first} | " + " | ".join(HEADERS) + " |",
        "|---|" + "--:|" * len(HEADERS),
        *(f"| {escape.markdown(c.name)} | " + " | ".join(cells(c)) + " |" for c in rows),
        "",
    ]


def section(report: CalibrationReport, only_shown: bool) -> list[str]:
    """The teams' and owners' tables and what the numbers mean (see calibration_text)."""
    teams = [c for c in report.teams if c.shown or not only_shown]
    owners = [c for c in report.owners if c.shown or not only_shown]
    lines = [
        *(_table("Team", teams) if teams else []),
        *(_table("Owner", owners) if owners else []),
    ]
    lines += [escape.markdown(EXPLAINED, starts_line=True), ""]
    if not only_shown and not all(c.shown for c in (*teams, *owners)):
        lines += [escape.markdown(too_few(report), starts_line=True), ""]
    return lines


def render(report: CalibrationReport, style: Style) -> str:
    lines = [f"# {escape.markdown(heading(report))}", ""]
    if not report.key_results:
        lines += [
            "No finished key result with a confidence: check-ins give one as `confidence` "
            "(0 to 1) during the period.",
            "",
        ]
    else:
        lines += section(report, only_shown=False)
    if report.skipped:
        lines += ["Skipped (errors): " + escape.markdown(", ".join(report.skipped)), ""]
    return "\n".join(lines).rstrip("\n") + "\n"

"""`okrctl calibration`: each team's and owner's calibration as text tables."""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO

from rich.console import Console
from rich.text import Text

from okrctl.compute.learning import Calibration, CalibrationReport
from okrctl.reports import Style, escape
from okrctl.reports.calibration_words import EXPLAINED, HEADERS, cells, heading, too_few
from okrctl.reports.score_text import console
from okrctl.reports.table import Cell, Column, print_table


def _table(out: Console, first: str, rows: Sequence[Calibration], color: bool) -> None:
    columns = [Column(first), *(Column(header, right=True) for header in HEADERS)]
    body: list[list[Cell]] = [[escape.text(c.name), *cells(c)] for c in rows]
    print_table(out, columns, body, color=color)


def section(out: Console, report: CalibrationReport, color: bool, only_shown: bool) -> None:
    """The teams' and owners' tables; `only_shown` leaves out those without a number (the
    quarterly review lists only what it can say something about)."""
    teams = [c for c in report.teams if c.shown or not only_shown]
    owners = [c for c in report.owners if c.shown or not only_shown]
    if teams:
        _table(out, "Team", teams, color)
    if owners:
        if teams:
            out.print()
        _table(out, "Owner", owners, color)
    out.print()
    out.print(EXPLAINED)
    if not only_shown and not all(c.shown for c in (*teams, *owners)):
        out.print(too_few(report))


def render(report: CalibrationReport, style: Style) -> str:
    buffer = StringIO()
    out = console(buffer, style.color, style.width)
    out.print(Text(escape.text(heading(report)), style="bold"))
    out.print()
    if not report.key_results:
        out.print(
            "No finished key result with a confidence: check-ins give one as `confidence` "
            "(0 to 1) during the period."
        )
    else:
        section(out, report, style.color, only_shown=False)
    if report.skipped:
        out.print()
        out.print("Skipped (errors): " + escape.text(", ".join(report.skipped)))
    return escape.lines("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))

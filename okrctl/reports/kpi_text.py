"""`okrctl kpi check`: the weekly KPI board, one row per KPI, worst first within a team."""

from __future__ import annotations

from io import StringIO

from rich.text import Text

from okrctl.compute.kpi_health import KpiReport, KpiStatus
from okrctl.reports import Style, escape, kpi_format
from okrctl.reports.score_text import console
from okrctl.reports.table import Cell, Column, print_table
from okrctl.reports.values import value
from okrctl.wording import plural

STYLE = {"ok": "green", "warn": "yellow", "breach": "bold red", "no-data": "dim"}


BOARD = (
    Column("KPI"),
    Column("Value", right=True),
    Column("Band"),
    Column("Recent"),
    Column("Status"),
    Column("Owner"),
    Column("Last", right=True),
)


def board(kpis: list[KpiStatus]) -> list[list[Cell]]:
    """The board's rows: every cell an id, a number, a status or a date, none ever cut."""
    return [
        [
            escape.text(kpi.id),
            escape.text(value(kpi.value, kpi.unit)),
            escape.text(kpi_format.band(kpi.band, kpi.unit)),
            kpi_format.sparkline(kpi, points=8),
            Text(kpi_format.status(kpi), style=STYLE[kpi.status]),
            escape.text(kpi.owner),
            kpi_format.age(kpi, short=True),
        ]
        for kpi in kpis
    ]


def render(report: KpiReport, style: Style) -> str:
    color, width = style.color, style.width
    buffer = StringIO()
    out = console(buffer, color, width)
    out.print(Text(f"KPI board as of {report.as_of}", style="bold"))
    if not report.kpis:
        out.print("No KPIs matched.")
    teams = sorted({k.team for k in report.kpis})
    for team in teams:
        kpis = sorted((k for k in report.kpis if k.team == team), key=lambda k: -k.level())
        out.print()
        out.print(Text(escape.text(team), style="bold"))
        print_table(out, BOARD, board(kpis), gap=3, color=color)
    counts = {s: sum(1 for k in report.kpis if k.status == s) for s in STYLE}
    stale = sum(1 for k in report.kpis if k.stale)
    # Said only when a source has stopped: a board without sources reads as it always did.
    source_stale = sum(1 for k in report.kpis if k.source_stale)
    stopped = f", {source_stale} source-stale" if source_stale else ""
    out.print()
    out.print(
        f"{plural(len(report.kpis), 'KPI')}: {counts['breach']} in breach, {counts['warn']} warn, "
        f"{counts['ok']} ok, {counts['no-data']} without data; {stale} stale{stopped}."
    )
    if report.skipped:
        out.print("Skipped (errors): " + escape.text(", ".join(report.skipped)))
    return escape.lines(buffer.getvalue())

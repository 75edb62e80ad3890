"""`okrctl kpi check`: the weekly KPI board, one row per KPI, worst first within a team."""

from __future__ import annotations

from io import StringIO

from rich import box
from rich.table import Table
from rich.text import Text

from okrctl.compute.kpi_health import KpiReport, KpiStatus
from okrctl.reports import Style, escape, kpi_format
from okrctl.reports.score_text import ASCII_HEAD, console
from okrctl.reports.values import value
from okrctl.wording import plural

STYLE = {"ok": "green", "warn": "yellow", "breach": "bold red", "no-data": "dim"}


def board(kpis: list[KpiStatus], color: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD if color else ASCII_HEAD, show_edge=False, pad_edge=False)
    table.add_column("KPI", overflow="fold", ratio=1)
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    table.add_column("Recent", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Owner", no_wrap=True)
    table.add_column("Last", no_wrap=True, justify="right")
    for kpi in kpis:
        table.add_row(
            escape.text(kpi.id),
            escape.text(value(kpi.value, kpi.unit)),
            escape.text(kpi_format.band(kpi.band, kpi.unit)),
            kpi_format.sparkline(kpi, points=8),
            Text(kpi_format.status(kpi), style=STYLE[kpi.status]),
            escape.text(kpi.owner),
            kpi_format.age(kpi, short=True),
        )
    return table


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
        out.print(board(kpis, color))
    counts = {s: sum(1 for k in report.kpis if k.status == s) for s in STYLE}
    stale = sum(1 for k in report.kpis if k.stale)
    out.print()
    out.print(
        f"{plural(len(report.kpis), 'KPI')}: {counts['breach']} in breach, {counts['warn']} warn, "
        f"{counts['ok']} ok, {counts['no-data']} without data; {stale} stale."
    )
    if report.skipped:
        out.print("Skipped (errors): " + escape.text(", ".join(report.skipped)))
    return escape.lines(buffer.getvalue())

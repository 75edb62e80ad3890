"""`okrctl kpi check --format markdown`: the KPI board as GitHub-flavoured tables."""

from __future__ import annotations

from okrctl.compute.kpi_health import KpiReport, KpiStatus
from okrctl.reports import Style, escape, kpi_format
from okrctl.reports.values import value


def table(kpis: list[KpiStatus]) -> list[str]:
    lines = [
        "| KPI | Value | Band | Recent | Status | Owner | Measured |",
        "|---|--:|---|---|---|---|---|",
    ]
    lines += [
        f"| {escape.markdown(k.title)} {escape.markdown_code(k.ref, cell=True)} | "
        f"{escape.markdown(value(k.value, k.unit))} | "
        f"{escape.markdown(kpi_format.band(k.band, k.unit))} | {kpi_format.sparkline(k)} | "
        f"**{kpi_format.status(k)}** | {escape.markdown(k.owner)} | {kpi_format.age(k)} |"
        for k in kpis
    ]
    return lines


def render(report: KpiReport, style: Style) -> str:
    lines = [f"# KPI board as of {report.as_of.isoformat()}", ""]
    for team in sorted({k.team for k in report.kpis}):
        kpis = sorted((k for k in report.kpis if k.team == team), key=lambda k: -k.level())
        lines += [f"## {escape.markdown(team)}", "", *table(kpis), ""]
    if not report.kpis:
        lines.append("No KPIs matched.")
    if report.skipped:
        lines += [
            "Skipped (errors): " + ", ".join(escape.markdown_code(s) for s in report.skipped),
            "",
        ]
    return escape.lines("\n".join(lines).rstrip("\n") + "\n")

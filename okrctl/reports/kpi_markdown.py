"""`okrctl kpi check --format markdown`: the KPI board as GitHub-flavoured tables."""

from __future__ import annotations

from okrctl.compute.kpi_health import KpiReport, KpiStatus
from okrctl.reports import Style, kpi_format
from okrctl.reports.score_markdown import cell
from okrctl.reports.values import value


def table(kpis: list[KpiStatus]) -> list[str]:
    lines = [
        "| KPI | Value | Band | Recent | Status | Owner | Measured |",
        "|---|--:|---|---|---|---|---|",
    ]
    lines += [
        f"| {cell(k.title)} `{k.ref}` | {cell(value(k.value, k.unit))} | "
        f"{cell(kpi_format.band(k.band, k.unit))} | {kpi_format.sparkline(k)} | "
        f"**{kpi_format.status(k)}** | {cell(k.owner)} | {kpi_format.age(k)} |"
        for k in kpis
    ]
    return lines


def render(report: KpiReport, style: Style) -> str:
    lines = [f"# KPI board as of {report.as_of.isoformat()}", ""]
    for team in sorted({k.team for k in report.kpis}):
        kpis = sorted((k for k in report.kpis if k.team == team), key=lambda k: -k.level())
        lines += [f"## {team}", "", *table(kpis), ""]
    if not report.kpis:
        lines.append("No KPIs matched.")
    if report.skipped:
        lines += ["Skipped (errors): " + ", ".join(f"`{s}`" for s in report.skipped), ""]
    return "\n".join(lines).rstrip("\n") + "\n"

"""`okrctl impact --format markdown`: one table per team, a row per judged KPI."""

from __future__ import annotations

from collections.abc import Sequence

from okrctl.compute.impact import Impact, ImpactReport
from okrctl.reports import Style, escape
from okrctl.reports.impact_text import counts
from okrctl.reports.impact_words import about, numbers


def table(impacts: Sequence[Impact]) -> list[str]:
    lines = [
        "| Objective or KPI | Judged on | Before → end → after | Verdict |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {escape.markdown(i.title)} {escape.markdown_code(i.ref, cell=True)} | "
        f"{escape.markdown(about(i))} | {escape.markdown(numbers(i))} | "
        f"**{i.verdict}**: {escape.markdown(i.reason)} |"
        for i in impacts
    ]
    return lines


def render(report: ImpactReport, style: Style) -> str:
    title = f"# Impact as of {report.as_of.isoformat()}"
    if report.period is not None:
        title += f", {escape.markdown(report.period.label)}"
    lines = [title, ""]
    if not report.impacts:
        lines += [
            "No KPI-linked objective, no objective with `from_kpi` and no KPI with `from_kr` "
            "matched.",
            "",
        ]
    else:
        lines += [counts(report.impacts) + ".", ""]
    for team in sorted({i.team for i in report.impacts}):
        lines += [f"## {escape.markdown(team)}", ""]
        lines += [*table([i for i in report.impacts if i.team == team]), ""]
    if report.skipped:
        lines += ["Skipped (errors): " + ", ".join(escape.markdown_code(s) for s in report.skipped)]
    return escape.lines("\n".join(lines).rstrip("\n") + "\n")

"""`okrctl review --cadence monthly --format markdown`: the monthly KPI review, GitHub-flavoured.

A heading per team, a table of the KPIs (trend, days in band, breaches), then per KPI its
breaches, warn crossings and suggested bands with their drafts in `yaml` code blocks.
"""

from __future__ import annotations

import textwrap

from okrctl.compute.review import ReviewReport
from okrctl.reports import Style, escape
from okrctl.reports.draft_yaml import to_yaml
from okrctl.reports.monthly_words import (
    SUGGESTION_TITLES,
    bands,
    breach,
    counts,
    crossing,
    heading,
    inside,
    monthly_of,
    trend,
)


def render(report: ReviewReport, style: Style) -> str:
    monthly = monthly_of(report)
    title, *details = heading(report)
    lines = [f"# {escape.markdown(title)}", "", *details, "", counts(monthly), ""]
    teams = sorted({k.team for k in monthly.kpis})
    if not teams:
        lines += ["No KPIs matched.", ""]
    for team in teams:
        lines += [f"## {escape.markdown(team)}", ""]
        for kpi in (k for k in monthly.kpis if k.team == team):
            lines += [
                f"### {escape.markdown_code(kpi.id)}: {escape.markdown(kpi.title)}",
                "",
                f"- owner {escape.markdown(kpi.owner)}, {escape.markdown(bands(kpi))}",
                f"- trend: {escape.markdown(trend(kpi))}",
                f"- {escape.markdown(inside(kpi, monthly.start))}",
            ]
            lines += [f"- breach: {escape.markdown(breach(b, kpi.unit))}" for b in kpi.breaches]
            lines += [
                f"- warn crossing: {escape.markdown(crossing(c, kpi.unit))}" for c in kpi.crossings
            ]
            lines.append("")
            for number, s in enumerate(kpi.suggestions, start=1):
                lines.append(
                    f"{number}. **{SUGGESTION_TITLES[s.kind]}**: {escape.markdown(s.reason)}."
                )
                if s.draft is not None:
                    draft = textwrap.indent(to_yaml(s.draft), "   ")
                    fence = escape.markdown_fence(draft)
                    lines += [
                        f"   Paste into {escape.markdown_code(kpi.path)}, KPI "
                        f"{escape.markdown_code(kpi.id)}:",
                        "",
                        f"   {fence}yaml",
                        *draft.rstrip("\n").split("\n"),
                        f"   {fence}",
                    ]
                lines.append("")
    if report.skipped:
        lines += [
            "Skipped (errors): " + ", ".join(escape.markdown_code(s) for s in report.skipped),
            "",
        ]
    return escape.lines("\n".join(lines).rstrip("\n") + "\n")

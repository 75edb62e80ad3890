"""`okrctl review --cadence monthly`: the monthly KPI review for a terminal, as plain lines.

One block per KPI (team by team, in file order): its trend, its days inside the band, its
breaches and warn crossings, then the suggested bands with the YAML to paste. Long lines wrap
under themselves at the width (ids and numbers never cut); the YAML drafts are never wrapped,
so they paste as they are.
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
from okrctl.reports.wrap import hanging


def render(report: ReviewReport, style: Style) -> str:
    width = style.width or 80
    monthly = monthly_of(report)
    lines = [
        *(escape.text(line) for line in heading(report)),
        "",
        *hanging(counts(monthly), width),
    ]
    teams = sorted({k.team for k in monthly.kpis})
    if not teams:
        lines += ["", "No KPIs matched."]
    for team in teams:
        lines += ["", escape.text(team)]
        for kpi in (k for k in monthly.kpis if k.team == team):
            prose = [
                escape.text(f"  {kpi.id}: {kpi.title}"),
                escape.text(f"    owner {kpi.owner}, {bands(kpi)}"),
                escape.text(f"    trend: {trend(kpi)}"),
                escape.text(f"    {inside(kpi, monthly.start)}"),
                *(escape.text(f"    breach: {breach(run, kpi.unit)}") for run in kpi.breaches),
                *(
                    escape.text(f"    warn crossing: {crossing(c, kpi.unit)}")
                    for c in kpi.crossings
                ),
            ]
            lines.append("")
            lines += [part for line in prose for part in hanging(line, width)]
            for s in kpi.suggestions:
                title = escape.text(f"    {SUGGESTION_TITLES[s.kind]}: {s.reason}.")
                lines += hanging(title, width)
                if s.draft is not None:
                    lines += hanging(
                        escape.text(f"      Paste into {kpi.path}, KPI {kpi.id}:"), width
                    )
                    lines += textwrap.indent(to_yaml(s.draft), "        ").rstrip("\n").split("\n")
    if report.skipped:
        lines += ["", "Skipped (errors): " + escape.text(", ".join(report.skipped))]
    return escape.lines("\n".join(line.rstrip() for line in lines) + "\n")

"""`okrctl impact`: each objective's KPIs and each graduated KPI, with the numbers and the
verdict, grouped by team. Long lines wrap under themselves, never cut."""

from __future__ import annotations

from collections.abc import Sequence

from okrctl.compute.impact import Impact, ImpactReport
from okrctl.reports import Style, escape
from okrctl.reports.impact_words import GRADUATED_HEADING, about, line, numbers
from okrctl.reports.wrap import hanging
from okrctl.wording import plural


def _wrapped(text: str, width: int, indent: str) -> list[str]:
    return hanging(indent + escape.text(text), width)


def entry(impact: Impact, width: int, indent: str = "  ") -> list[str]:
    """One judged KPI: its objective (or KPI), what it was judged against, the numbers, the
    verdict."""
    inner = indent + "  "
    lines = _wrapped(f"{impact.ref}: {impact.title}", width, indent)
    lines += _wrapped(about(impact), width, inner)
    lines += _wrapped(numbers(impact), width, inner)
    lines += _wrapped(line(impact), width, inner)
    return lines


def section(impacts: Sequence[Impact], width: int, indent: str = "  ") -> list[str]:
    """The objectives' entries, then the graduated KPIs' under their own heading."""
    objectives = [i for i in impacts if i.kind == "objective"]
    graduated = [i for i in impacts if i.kind == "graduated"]
    lines: list[str] = []
    for impact in objectives:
        lines += entry(impact, width, indent)
    if graduated:
        lines.append(f"{indent}{GRADUATED_HEADING}")
        for impact in graduated:
            lines += entry(impact, width, indent + "  ")
    return lines


def counts(impacts: Sequence[Impact]) -> str:
    """`3 judged: 1 moved-and-held, 1 not-moved, 1 too-early` (verdicts that occur, in order)."""
    from okrctl.compute.impact import VERDICTS

    found = [f"{n} {v}" for v in VERDICTS if (n := sum(1 for i in impacts if i.verdict == v))]
    return f"{plural(len(impacts), 'KPI')} judged: {', '.join(found)}"


def render(report: ImpactReport, style: Style) -> str:
    width = style.width or 80
    title = f"Impact as of {report.as_of}"
    if report.period is not None:
        title += f", {report.period.label}"
    lines = [title, ""]
    if not report.impacts:
        lines.append(
            "No KPI-linked objective, no objective with from_kpi and no KPI with from_kr matched."
        )
    else:
        lines += [counts(report.impacts), ""]
    for team in sorted({i.team for i in report.impacts}):
        lines.append(escape.text(team))
        lines += section([i for i in report.impacts if i.team == team], width)
        lines.append("")
    if report.skipped:
        lines.append("Skipped (errors): " + escape.text(", ".join(report.skipped)))
    return escape.lines("\n".join(lines).rstrip("\n") + "\n")

"""`okrctl score --format markdown`: GitHub-flavoured tables for a pull request or a wiki."""

from __future__ import annotations

from okrctl.compute.scoring import ObjectiveScore, ScoreReport
from okrctl.reports import Style, values


def cell(text: str) -> str:
    """Table-safe text: pipes escaped, newlines folded."""
    return " ".join(text.replace("|", "\\|").split())


def table(objectives: list[ObjectiveScore]) -> list[str]:
    lines = [
        "| Objective / key result | Start → current → target | Score | Grade | Status | Owner |",
        "|---|---|--:|---|---|---|",
    ]
    for o in objectives:
        lines.append(
            f"| **{cell(o.title)}** ({o.type}) `{o.id}` |  | **{values.score(o.score)}** | "
            f"{o.grade} | {o.status} | {cell(o.owner or '-')} |"
        )
        for kr in o.key_results:
            lines.append(
                f"| ↳ {cell(kr.title)} | {cell(values.journey(kr))} | {values.score(kr.score)} | "
                f"{kr.grade} | {values.status(kr.status, kr.confidence)} | "
                f"{cell(kr.owner or '-')} |"
            )
    return lines


def render(report: ScoreReport, style: Style) -> str:
    lines = [f"# OKR scores as of {report.as_of.isoformat()}", ""]
    if not report.teams:
        lines.append("No objectives matched.")
    for team in report.teams:
        objectives = [
            o for o in report.objectives if o.team == team.team and o.period == team.period
        ]
        lines += [
            f"## {team.team} · {team.period}: {values.score(team.score)} ({team.grade})",
            "",
            *table(objectives),
            "",
        ]
        notes = [f"- `{o.ref}`: {o.note}" for o in objectives if o.note]
        if notes:
            lines += [*notes, ""]
    if report.skipped:
        lines += ["Skipped (errors): " + ", ".join(f"`{s}`" for s in report.skipped), ""]
    return "\n".join(lines).rstrip("\n") + "\n"

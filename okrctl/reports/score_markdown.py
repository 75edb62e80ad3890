"""`okrctl score --format markdown`: GitHub-flavoured tables for a pull request or a wiki."""

from __future__ import annotations

from okrctl.compute.scoring import KeyResultScore, ObjectiveScore, ScoreReport
from okrctl.reports import Style, escape, values


def kr_title(kr: KeyResultScore) -> str:
    """A key result's title; a dropped one struck out, with its reason."""
    if not kr.dropped:
        return escape.markdown(kr.title)
    return f"~~{escape.markdown(kr.title)}~~ ({escape.markdown(values.dropped(kr))})"


def table(objectives: list[ObjectiveScore]) -> list[str]:
    lines = [
        "| Objective / key result | Start → current → target | Score | Grade | Status | Owner |",
        "|---|---|--:|---|---|---|",
    ]
    for o in objectives:
        lines.append(
            f"| **{escape.markdown(o.title)}** ({o.type}) "
            f"{escape.markdown_code(o.id, cell=True)} |  | "
            f"**{values.scored(o.score, o.no_data)}** | "
            f"{values.grade(o.grade, o.no_data)} | {o.status} | {escape.markdown(o.owner or '-')} |"
        )
        for kr in o.key_results:
            lines.append(
                f"| ↳ {kr_title(kr)} | {escape.markdown(values.journey(kr))} | "
                f"{values.kr_score(kr)} | "
                f"{values.kr_grade(kr)} | {values.status(kr.status, kr.confidence)} | "
                f"{escape.markdown(kr.owner or '-')} |"
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
            f"## {escape.markdown(team.team)} · {escape.markdown(team.period)}: "
            + (
                values.NO_DATA
                if team.no_data
                else values.score(team.score) + (f" ({team.grade})" if team.grade else "")
            ),
            "",
            *table(objectives),
            "",
        ]
        notes = [
            f"- {escape.markdown_code(o.ref)}: {escape.markdown(o.note)}"
            for o in objectives
            if o.note
        ]
        if notes:
            lines += [*notes, ""]
    if report.skipped:
        lines += [
            "Skipped (errors): " + ", ".join(escape.markdown_code(s) for s in report.skipped),
            "",
        ]
    return escape.lines("\n".join(lines).rstrip("\n") + "\n")

"""`okrctl review --format markdown`: GitHub-flavoured, for a pull request, an issue or a wiki.

A heading per team, tables, and every status as a word, so it reads in plain text too.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from okrctl.compute.review import ReviewReport, TeamReview
from okrctl.compute.scoring import ObjectiveScore
from okrctl.reports import Style, escape, kpi_format, kpi_markdown, values
from okrctl.reports.draft_yaml import to_yaml
from okrctl.reports.score_markdown import kr_title
from okrctl.reports.words import ATTENTION_WORDS, SUGGESTION_TITLES, review_heading


def _confidence(confidence: float | None) -> str:
    return values.number(confidence) if confidence is not None else "-"


def summary(report: ReviewReport) -> list[str]:
    s = report.summary
    lines = [
        "| Objectives | On track | At risk | Off track | KPIs | In breach | In warn | Stale |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|",
        f"| {s.objectives} | {s.on_track} | {s.at_risk} | {s.off_track} | {s.kpis} | "
        f"{s.in_breach} | {s.in_warn} | {s.stale} |",
        "",
    ]
    if not s.attention:
        return [*lines, "Nothing needs attention now.", ""]
    lines += ["**Needs attention now**", ""]
    for number, item in enumerate(s.attention, start=1):
        owner = f" (owner {escape.markdown(item.owner)})" if item.owner else ""
        lines.append(
            f"{number}. **{ATTENTION_WORDS[item.kind]}**: {escape.markdown_code(item.ref)} "
            f"{escape.markdown(item.title)}{owner}: {escape.markdown(item.reason)}"
        )
    return [*lines, ""]


def weekly(team: TeamReview) -> list[str]:
    lines = [
        "### Objectives",
        "",
        "| Objective | Type | Score | Grade | Pace | Owner |",
        "|---|---|--:|---|---|---|",
    ]
    lines += [
        f"| {escape.markdown(o.title)} {escape.markdown_code(o.ref)} | {o.type} | "
        f"{values.score(o.score)} | {values.grade(o.grade)} | "
        f"{o.status} | {escape.markdown(o.owner or '-')} |"
        for o in team.objectives
    ]
    lines += [
        "",
        "### Key results",
        "",
        "| Key result | Objective | Score | Grade | Pace | Confidence | Owner |",
        "|---|---|--:|---|---|--:|---|",
    ]
    objective_of = {kr.ref: o.id for o in team.objectives for kr in o.key_results}
    lines += [
        f"| {kr_title(kr)} | {escape.markdown_code(objective_of[kr.ref])} | "
        f"{values.kr_score(kr)} | {kr.grade} | {kr.status} | {_confidence(kr.confidence)} | "
        f"{escape.markdown(kr.owner or '-')} |"
        for kr in team.key_results
    ]
    return [*lines, ""]


def objective(o: ObjectiveScore) -> list[str]:
    lines = [
        f"### {escape.markdown(o.title)}",
        "",
        f"{escape.markdown_code(o.ref)} · {o.type} · owner {escape.markdown(o.owner or '-')} · "
        f"score "
        f"**{values.score(o.score)}**{f' ({o.grade})' if o.grade else ''} · **{o.status}**",
        "",
        "| Key result | Start → current → target | Score | Grade | Status | Confidence | "
        "Last check-in note |",
        "|---|---|--:|---|---|--:|---|",
    ]
    lines += [
        f"| {kr_title(kr)} | {escape.markdown(values.journey(kr))} | "
        f"{values.kr_score(kr)} | "
        f"{kr.grade} | {kr.status} | {_confidence(kr.confidence)} | "
        f"{escape.markdown(kr.note or '')} |"
        for kr in o.key_results
    ]
    if o.note:
        lines += ["", f"Note: {escape.markdown(o.note)}."]
    return [*lines, ""]


def suggestions(team: TeamReview) -> list[str]:
    lines = ["### Suggestions", ""]
    for number, s in enumerate(team.suggestions, start=1):
        draft = textwrap.indent(to_yaml(s.draft), "   ")
        fence = escape.markdown_fence(draft)
        lines += [
            f"{number}. **{SUGGESTION_TITLES[s.kind]}**: {escape.markdown_code(s.about)}. "
            f"{escape.markdown(s.reason)}. Paste into {escape.markdown(s.where)}:",
            "",
            f"   {fence}yaml",
            *draft.rstrip("\n").split("\n"),
            f"   {fence}",
            "",
        ]
    return lines


def warnings(team: TeamReview) -> list[str]:
    stale = [k.status for k in team.kpis if k.status.stale]
    if not team.warnings and not stale:
        return []
    lines = ["### Warnings", ""]
    lines += [
        f"- {escape.markdown_code(f'{f.path}:{f.line}')}: {escape.markdown(f.message)} "
        f"({f.code} {f.rule})"
        for f in team.warnings
    ]
    lines += [
        f"- {escape.markdown_code(k.ref)} is stale: last measured {kpi_format.age(k)}"
        for k in stale
    ]
    return [*lines, ""]


def team_section(report: ReviewReport, team: TeamReview) -> list[str]:
    lines = [f"## {escape.markdown(team.team)}", ""]
    elapsed = {(o.team, o.period): o.elapsed for o in team.objectives}
    for score in team.scores:
        when = (
            f"ended {score.as_of}"
            if score.ended
            else f"{round(elapsed[(score.team, score.period)] * 100)}% of the period gone"
        )
        lines.append(
            f"- **{escape.markdown(score.period)}**: score **{values.score(score.score)}** "
            f"{f'({score.grade}), ' if score.grade else ''}{when}"
        )
    if team.scores:
        lines.append("")
    kpis = [k.status for k in team.kpis]
    board: Sequence[str] = [*kpi_markdown.table(kpis), ""] if kpis else []
    if report.cadence == "weekly":
        if kpis:
            lines += ["### KPIs", "", *board]
        if team.objectives:
            lines += weekly(team)
    else:
        for o in team.objectives:
            lines += objective(o)
        if kpis:
            lines += [f"### KPIs at {report.as_of}", "", *board]
    if team.suggestions:
        lines += suggestions(team)
    return lines + warnings(team)


def render(report: ReviewReport, style: Style) -> str:
    title, *details = review_heading(report)
    lines = [f"# {escape.markdown(title)}", ""]
    if details:
        lines += [*(escape.markdown(line) for line in details), ""]
    lines += summary(report)
    if not report.teams:
        lines += ["No objectives or KPIs matched.", ""]
    for team in report.teams:
        lines += team_section(report, team)
    if report.skipped:
        lines += [
            "Skipped (errors): " + ", ".join(escape.markdown_code(s) for s in report.skipped),
            "",
        ]
    return escape.lines("\n".join(lines).rstrip("\n") + "\n")

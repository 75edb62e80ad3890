"""`okrctl review --format markdown`: GitHub-flavoured, for a pull request, an issue or a wiki.

A heading per team, tables, and every status as a word, so it reads in plain text too.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from okrctl.compute.initiatives import InitiativeLine, initiative_facts
from okrctl.compute.review import ReviewReport, TeamReview
from okrctl.compute.scoring import KeyResultScore, ObjectiveScore
from okrctl.model.goals import Link
from okrctl.reports import Style, escape, impact_markdown, kpi_format, kpi_markdown, values
from okrctl.reports.calibration_markdown import section as calibration_section
from okrctl.reports.calibration_words import heading as calibration_heading
from okrctl.reports.draft_yaml import to_yaml
from okrctl.reports.impact_words import HEADING as IMPACT_HEADING
from okrctl.reports.score_markdown import kr_title
from okrctl.reports.words import (
    ATTENTION_WORDS,
    SUGGESTION_TITLES,
    historical_words,
    note_heading,
    objective_counts,
    people,
    retro_lines,
    review_heading,
)


def _judged(score: float | None, grade: str | None, no_data: bool) -> str:
    """`**0.417** (yellow)`, `**no data**`, or `**no score**` (every key result dropped)."""
    if no_data:
        return f"**{values.NO_DATA}**"
    if score is None or grade is None:
        return f"**{values.NO_SCORE}**"
    return f"**{values.score(score)}** ({grade})"


def _confidence(confidence: float | None) -> str:
    return values.number(confidence) if confidence is not None else "-"


def summary(report: ReviewReport) -> list[str]:
    s = report.summary
    counts = [
        ("Objectives", s.objectives),
        *((name.capitalize(), n) for group in objective_counts(s) for name, n in group),
        ("KPIs", s.kpis),
        ("In breach", s.in_breach),
        ("In warn", s.in_warn),
        ("Stale", s.stale),
    ]
    lines = [
        "| " + " | ".join(name for name, _ in counts) + " |",
        "|" + "--:|" * len(counts),
        "| " + " | ".join(str(count) for _, count in counts) + " |",
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


def _priority(priorities: Sequence[str | None]) -> tuple[str, str, str]:
    """The "Priority" column's heading and rule cells, and whether rows have one: a table
    gets the column only when one of its rows has a priority."""
    if all(p is None for p in priorities):
        return "", "", ""
    return " Priority |", "---|", "yes"


def _cell(priority: str | None, shown: str) -> str:
    return f" {priority or '-'} |" if shown else ""


def weekly(team: TeamReview) -> list[str]:
    head, rule, shown = _priority([o.priority for o in team.objectives])
    lines = [
        "### Objectives",
        "",
        f"| Objective |{head} Type | Score | Grade | Pace | Owner |",
        f"|---|{rule}---|--:|---|---|---|",
    ]
    lines += [
        f"| {escape.markdown(o.title)} {escape.markdown_code(o.ref, cell=True)} |"
        f"{_cell(o.priority, shown)}"
        f" {o.type} | {values.scored(o.score, o.no_data)} | {values.grade(o.grade, o.no_data)} | "
        f"{o.status} | {escape.markdown(o.owner or '-')} |"
        for o in team.objectives
    ]
    head, rule, shown = _priority([kr.priority for kr in team.key_results])
    lines += [
        "",
        "### Key results",
        "",
        f"| Key result |{head} Objective | Score | Grade | Pace | Confidence | Owner |",
        f"|---|{rule}---|--:|---|---|--:|---|",
    ]
    objective_of = {kr.ref: o.id for o in team.objectives for kr in o.key_results}
    lines += [
        f"| {kr_title(kr)} |{_cell(kr.priority, shown)}"
        f" {escape.markdown_code(objective_of[kr.ref], cell=True)} | "
        f"{values.kr_score(kr)} | {values.kr_grade(kr)} | {kr.status} | "
        f"{_confidence(kr.confidence)} | "
        f"{escape.markdown(kr.owner or '-')} |"
        for kr in team.key_results
    ]
    return [*lines, ""]


def _links(links: Sequence[Link]) -> str:
    return ", ".join(escape.markdown_link(link.title, link.url) for link in links)


def _initiatives(initiatives: Sequence[InitiativeLine]) -> str:
    """Each initiative in a sentence; an issue or pull request links to itself by short name."""
    return "; ".join(
        f"{escape.markdown(i.title)} ({escape.markdown(', '.join(initiative_facts(i)))}"
        + "".join(f", {escape.markdown_link(name, url)}" for name, url in i.links)
        + ")"
        for i in initiatives
    )


def _kr_details(kr: KeyResultScore) -> list[str]:
    """A line under the table for a key result's contributors and links, if it has any."""
    parts = []
    if kr.contributors:
        parts.append(escape.markdown(people(kr.contributors)))
    if kr.links:
        parts.append("links: " + _links(kr.links))
    if kr.initiatives:
        parts.append("initiatives: " + _initiatives(kr.initiatives))
    if (history := historical_words(kr)) is not None:
        parts.append(escape.markdown(f"historical forecast: {history}"))
    return (
        [f"- {escape.markdown(kr.title, starts_line=True)}: " + "; ".join(parts)] if parts else []
    )


def objective(o: ObjectiveScore, retro_wanted: bool = False) -> list[str]:
    priority = f" · {o.priority}" if o.priority else ""
    contributors = f" · {escape.markdown(people(o.contributors))}" if o.contributors else ""
    lines = [
        f"### {escape.markdown(o.title)}",
        "",
        f"{escape.markdown_code(o.ref)} · {o.type}{priority} · owner "
        f"{escape.markdown(o.owner or '-')}{contributors} · score "
        + _judged(o.score, o.grade, o.no_data)
        + f" · **{o.status}**",
        "",
    ]
    if o.description:
        lines += [escape.markdown(o.description, starts_line=True), ""]
    if o.links:
        lines += ["Links: " + _links(o.links), ""]
    if o.initiatives:
        lines += ["Initiatives: " + _initiatives(o.initiatives), ""]
    retro = retro_lines(o, retro_wanted)
    if retro:
        lines += [*(f"- {escape.markdown(line)}" for line in retro), ""]
    head, rule, shown = _priority([kr.priority for kr in o.key_results])
    lines += [
        f"|{head} Key result | Start → current → target | Score | Grade | Status | Confidence | "
        f"{note_heading([kr.own_note for kr in o.key_results])} |",
        f"|{rule}---|---|--:|---|---|--:|---|",
    ]
    lines += [
        f"|{_cell(kr.priority, shown)} {kr_title(kr)} | "
        f"{escape.markdown(values.journey(kr))} | "
        f"{values.kr_score(kr)} | "
        f"{values.kr_grade(kr)} | {kr.status} | {_confidence(kr.confidence)} | "
        f"{escape.markdown(kr.note or '')} |"
        for kr in o.key_results
    ]
    details = [line for kr in o.key_results for line in _kr_details(kr)]
    if details:
        lines += ["", *details]
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
    stopped = [k.status for k in team.kpis if k.status.source_stale]
    if not team.warnings and not stale and not stopped:
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
    lines += [
        f"- {escape.markdown_code(k.ref)} is source-stale: {kpi_format.source_stopped(k)}"
        for k in stopped
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
            f"- **{escape.markdown(score.period)}**: score "
            + _judged(score.score, score.grade, score.no_data)
            + f", {when}"
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
            lines += objective(o, o.ref in report.retros_wanted)
        if kpis:
            lines += [f"### KPIs at {report.as_of}", "", *board]
    if team.suggestions:
        lines += suggestions(team)
    return lines + warnings(team)


def impact_section(report: ReviewReport) -> list[str]:
    """Did the OKRs move their KPIs: one table per team (reports/impact_markdown.py)."""
    lines = [f"## {IMPACT_HEADING}", ""]
    for team in sorted({i.team for i in report.impact}):
        impacts = [i for i in report.impact if i.team == team]
        lines += [f"### {escape.markdown(team)}", "", *impact_markdown.table(impacts), ""]
    return lines


def render(report: ReviewReport, style: Style) -> str:
    if report.monthly is not None:
        from okrctl.reports import review_monthly_markdown

        return review_monthly_markdown.render(report, style)
    title, *details = review_heading(report)
    lines = [f"# {escape.markdown(title)}", ""]
    if details:
        lines += [*(escape.markdown(line, starts_line=True) for line in details), ""]
    lines += summary(report)
    if not report.teams:
        lines += ["No objectives or KPIs matched.", ""]
    for team in report.teams:
        lines += team_section(report, team)
    if report.impact:
        lines += impact_section(report)
    if report.calibration is not None:
        lines += [f"## {escape.markdown(calibration_heading(report.calibration))}", ""]
        lines += calibration_section(report.calibration, only_shown=True)
    if report.skipped:
        lines += [
            "Skipped (errors): " + ", ".join(escape.markdown_code(s) for s in report.skipped),
            "",
        ]
    return escape.lines("\n".join(lines).rstrip("\n") + "\n")

"""`okrctl diff --format markdown`: a ready pull-request comment, warning signs first.

It starts with a hidden marker (`<!-- okrctl-diff -->`), so a workflow can find its earlier
comment and update it instead of adding another on every push.
"""

from __future__ import annotations

from okrctl.compute.diff import Change, DiffReport
from okrctl.reports import Style, escape
from okrctl.reports.diff_words import (
    GOALS,
    KPIS,
    PROGRESS,
    SIGN_WORDS,
    base,
    describe,
    plural,
    section,
    summary,
)

MARKER = "<!-- okrctl-diff -->"


def _where(report: DiffReport, change: Change) -> str:
    """The file and line, from the repository's root as the pull request names files."""
    if change.where is None:
        return ""
    side = " (before)" if change.in_base else ""
    where = f"{report.from_root(change.where.path)}:{change.where.line}"
    return escape.markdown_code(where, cell=True) + side


def _warnings(report: DiffReport) -> list[str]:
    lines = [
        "### ⚠️ Warning signs",
        "",
        "| Warning sign | Goal | Change | Why it matters | Where |",
        "|---|---|---|---|---|",
    ]
    for change in report.warnings:
        assert change.sign is not None and change.reason is not None
        lines.append(
            f"| **{SIGN_WORDS[change.sign]}** | {escape.markdown_code(change.ref, cell=True)} | "
            f"{escape.markdown(describe(change))} | "
            f"{escape.markdown(change.reason)} | {_where(report, change)} |"
        )
    return [*lines, ""]


def _section(report: DiffReport, title: str, changes: list[Change]) -> list[str]:
    lines = [f"### {title}", "", "| Goal | Change | Where |", "|---|---|---|"]
    previous = None
    for change in changes:
        goal = ""
        if change.ref != previous:  # the goal once, then its changes below it
            goal = f"{escape.markdown_code(change.ref, cell=True)} {escape.markdown(change.title)}"
            previous = change.ref
        mark = " ⚠️" if change.sign else ""
        lines.append(
            f"| {goal} | {escape.markdown(describe(change))}{mark} | {_where(report, change)} |"
        )
    return [*lines, ""]


def render(report: DiffReport, style: Style) -> str:
    counts = summary(report)
    if report.warnings:
        first, _, rest = counts.partition(" · ")
        counts = f"**{first}**" + (f" · {rest}" if rest else "")
    lines = [
        MARKER,
        "## Goal changes",
        "",
        counts[0].upper() + counts[1:],
        "",
        f"Compared with {escape.markdown(base(report))}, as of {report.as_of.isoformat()}.",
        "",
    ]
    if report.warnings:
        lines += _warnings(report)
    for title in (GOALS, KPIS, PROGRESS):
        changes = [c for c in report.changes if section(c) == title]
        if changes:
            lines += _section(report, title, changes)
    if report.incomplete:
        lines += [
            "> [!NOTE]",
            "> Compared in part: these files have errors, so only what validated in them was "
            "compared. Run `okrctl lint`.",
        ]
        for file in report.incomplete:
            side = "before the change" if file.side == "base" else "now"
            problems = plural(file.problems, "problem", "problems")
            lines.append(
                f"> - {escape.markdown_code(report.from_root(file.path))} ({side}): {problems}"
            )
        lines.append("")
    return escape.lines("\n".join(lines))

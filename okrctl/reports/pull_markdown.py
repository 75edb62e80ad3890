"""`okrctl pull --format markdown`: the body of the pull request a scheduled job opens with the
pulled values: the KPIs that changed status, then the new values by team, then the
disagreements with values already in the files."""

from __future__ import annotations

from collections import defaultdict

from okrctl.compute.pull import PulledSource, PullReport
from okrctl.reports import Style, escape
from okrctl.wording import value as show


def _latest(source: PulledSource) -> str:
    if source.error:
        return f"failed: {source.error}"
    if source.values:
        last = source.values[-1]
        return f"{show(last.value, source.unit)} on {last.day}"
    return "nothing new"


def _problem(source: PulledSource, cause: str) -> str:
    """A disagreement as a list item: the finding's words, its parts escaped apart."""
    where = escape.markdown(f"{source.path}:{source.line}", starts_line=True)
    ref = escape.markdown_code(source.ref)
    return f"- {where}: source of {ref} ({source.kind}): {escape.markdown(cause)}"


def render(report: PullReport, style: Style) -> str:
    out = [f"## okrctl pull, as of {report.as_of}", ""]
    moved = [
        f"- **{escape.markdown(s.ref)}** moved {s.move.words} ({s.move.before} -> {s.move.after})"
        for s in report.sources
        if s.move is not None and s.values and not s.error
    ]
    if moved:
        out += ["### KPIs that changed status", "", *moved, ""]
    teams: dict[str, list[PulledSource]] = defaultdict(list)
    for source in report.sources:
        teams[source.team].append(source)
    for team in sorted(teams):
        out += [
            f"### {escape.markdown(team)}",
            "",
            "| source | new values | latest |",
            "|---|---|---|",
        ]
        for s in teams[team]:
            ref = escape.markdown_code(s.ref, cell=True)
            out.append(f"| {ref} ({s.kind}) | {len(s.values)} | {escape.markdown(_latest(s))} |")
        out.append("")
    problems = [_problem(s, d) for s in report.sources for d in s.disagreements]
    if problems:
        out += ["### Disagreements with values in the files", "", *problems, ""]
    return escape.text_lines("\n".join(out))

"""`okrctl pull`: each failing or disagreeing source on one line, then the edits made (or, in a
dry run, their unified diff)."""

from __future__ import annotations

from okrctl.compute.pull import PullReport
from okrctl.reports import Style, escape


def render(report: PullReport, style: Style) -> str:
    # A finding is one line whatever a unit or a source's message holds.
    lines = "".join(escape.text(line) + "\n" for line in report.findings)
    text = report.edits
    if not text and not lines:
        text = "nothing new to pull\n" if report.sources else "no KPI or key result has a source\n"
    return escape.text_lines(lines + text)

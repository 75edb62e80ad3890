"""`okrctl suggest`: each suggestion's reason, then its draft, ready to paste."""

from __future__ import annotations

import textwrap

from okrctl.compute.suggestions import SuggestionReport
from okrctl.reports import Style, escape
from okrctl.reports.draft_yaml import to_yaml
from okrctl.reports.words import SUGGESTION_TITLES
from okrctl.wording import plural


def render(report: SuggestionReport, style: Style) -> str:
    width = style.width
    if not report.suggestions:
        return f"No suggestions as of {report.as_of}.\n"
    wrap = (width or 80) - 2
    parts = [f"{plural(len(report.suggestions), 'suggestion')} as of {report.as_of}:\n"]
    for number, s in enumerate(report.suggestions, start=1):
        reason = textwrap.fill(
            escape.text(s.reason) + ".", wrap, initial_indent="  ", subsequent_indent="  "
        )
        draft = textwrap.indent(to_yaml(s.draft), "    ")
        parts.append(
            f"{number}. {SUGGESTION_TITLES[s.kind]}: {escape.text(s.about)}\n{reason}\n"
            f"  Paste into {escape.text(s.where)}:\n\n{draft}"
        )
    if report.skipped:
        parts.append("Skipped (errors): " + escape.text(", ".join(report.skipped)) + "\n")
    return escape.lines("\n".join(parts))

"""`okrctl suggest --format yaml`: one YAML document per suggestion, its reason in comments."""

from __future__ import annotations

import textwrap

from okrctl.compute.suggestions import SuggestionReport
from okrctl.reports import Style, escape
from okrctl.reports.draft_yaml import to_yaml


def render(report: SuggestionReport, style: Style) -> str:
    documents = []
    for s in report.suggestions:
        reason = textwrap.wrap(escape.text(f"{s.kind} ({s.about}): {s.reason}."), 96)
        header = [f"# {line}" for line in reason] + [f"# Goes into: {escape.text(s.where)}."]
        documents.append("\n".join(header) + "\n" + to_yaml(s.draft))
    if not documents:
        return f"# No suggestions as of {report.as_of}.\n"
    return escape.lines("---\n" + "---\n".join(documents))

"""`okrctl suggest`: each suggestion's reason, then its draft, ready to paste."""

from __future__ import annotations

import textwrap

from okrctl.compute.suggestions import SuggestionReport
from okrctl.reports.draft_yaml import to_yaml

TITLES = {
    "kpi-to-okr": "KPI out of band -> next period's objective",
    "okr-to-kpi": "Key result achieved -> KPI to defend it",
    "tighten-band": "Key result achieved -> tighter KPI band",
    "hold-as-kpi": "A level to hold -> KPI, not OKR",
}


def render(report: SuggestionReport, color: bool = False, width: int | None = None) -> str:
    if not report.suggestions:
        return f"No suggestions as of {report.as_of}.\n"
    wrap = (width or 80) - 2
    parts = [f"{len(report.suggestions)} suggestions as of {report.as_of}:\n"]
    for number, s in enumerate(report.suggestions, start=1):
        reason = textwrap.fill(s.reason + ".", wrap, initial_indent="  ", subsequent_indent="  ")
        draft = textwrap.indent(to_yaml(s.draft), "    ")
        parts.append(
            f"{number}. {TITLES[s.kind]}: {s.about}\n{reason}\n  Paste into {s.where}:\n\n{draft}"
        )
    if report.skipped:
        parts.append("Skipped (errors): " + ", ".join(report.skipped) + "\n")
    return "\n".join(parts)

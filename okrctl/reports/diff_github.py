"""`okrctl diff --format github`: each warning sign as an annotation, the summary as a notice.

GitHub shows annotations on the pull request's files, named from the repository's root; a
warning about something removed has no line left to point at, so it is shown on the run.
"""

from __future__ import annotations

from okrctl.compute.diff import DiffReport
from okrctl.reports import Style, escape
from okrctl.reports.diff_words import SIGN_WORDS, base, describe, summary


def render(report: DiffReport, style: Style) -> str:
    lines = []
    for change in report.warnings:
        assert change.sign is not None
        properties = []
        if change.where is not None and not change.in_base:
            properties += [
                f"file={escape.command_property(report.from_root(change.where.path))}",
                f"line={change.where.line}",
                f"col={change.where.column}",
            ]
        properties.append(
            f"title={escape.command_property(f'okrctl diff: {SIGN_WORDS[change.sign]}')}"
        )
        message = f"{change.ref}: {describe(change)}. {change.reason}"
        lines.append(f"::warning {','.join(properties)}::{escape.command_data(message)}\n")
    notice = f"Goal changes since {base(report)}: {summary(report)}"
    lines.append(
        f"::notice title={escape.command_property('okrctl diff')}::{escape.command_data(notice)}\n"
    )
    return "".join(lines)

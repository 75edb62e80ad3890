"""The lint report as GitHub Actions workflow commands, shown as annotations on the diff.

Files are named from the repository's root, which is where GitHub looks for them whatever the
step's working directory.
"""

from __future__ import annotations

from okrctl.findings import Severity
from okrctl.linting import LintResult
from okrctl.reports import Style, escape

# The escapes under their former names here (tests and scripts import them from this module).
escape_data = escape.command_data
escape_property = escape.command_property

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(result: LintResult, style: Style) -> str:
    lines = []
    for f in result.findings:
        properties = ",".join(
            (
                f"file={escape.command_property(result.from_root(f.path))}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={escape.command_property(f'{f.code} {f.rule}')}",
            )
        )
        lines.append(f"::{_LEVEL[f.severity]} {properties}::{escape.command_data(f.message)}\n")
    return "".join(lines)

"""The lint report as GitHub Actions workflow commands, shown as annotations on the diff.

Files are named from the repository's root, which is where GitHub looks for them whatever the
step's working directory.
"""

from __future__ import annotations

from okrctl.findings import Severity
from okrctl.linting import LintResult
from okrctl.reports import Style

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow-command message (`%`, CR and LF would end or corrupt it)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value, where `:` and `,` are separators too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: LintResult, style: Style) -> str:
    lines = []
    for f in result.findings:
        properties = ",".join(
            (
                f"file={escape_property(result.from_root(f.path))}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={escape_property(f'{f.code} {f.rule}')}",
            )
        )
        lines.append(f"::{_LEVEL[f.severity]} {properties}::{escape_data(f.message)}\n")
    return "".join(lines)

"""The default lint report: one line per finding, `path:line:col`, grouped by file."""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.text import Text

from okrctl.findings import Severity
from okrctl.linting import LintResult
from okrctl.reports import Style, escape

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(result: LintResult, style: Style) -> str:
    color = style.color
    buffer = StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=10_000,  # never wrap: one finding, one line, whatever the terminal width
        soft_wrap=True,
        highlight=False,
        emoji=False,
        markup=False,
    )
    previous: str | None = None
    for finding in result.findings:
        if previous is not None and finding.path != previous:
            console.print()
        previous = finding.path
        console.print(
            Text.assemble(
                (f"{escape.text(finding.path)}:{finding.line}:{finding.column}", "bold"),
                ": ",
                (finding.severity.value, _STYLE[finding.severity]),
                ": ",
                escape.text(finding.message),
                " ",
                (f"[{finding.code} {finding.rule}]", "dim"),
            )
        )
    errors, warnings, infos = (result.count(s) for s in Severity)
    files = _plural(result.files, "file")
    if result.findings:
        console.print()
        counts = ", ".join(
            _plural(n, w)
            for n, w in ((errors, "error"), (warnings, "warning"), (infos, "info"))
            if n
        )
        affected = len({f.path for f in result.findings})
        console.print(Text(f"Found {counts} in {affected} of {files}.", style="bold"))
    else:
        console.print(Text(f"All checks passed ({files}).", style="bold green"))
    return escape.lines(buffer.getvalue())

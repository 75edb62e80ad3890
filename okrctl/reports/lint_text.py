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
    if not color:
        return _plain(result)
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


def _plain(result: LintResult) -> str:
    """The report without colour, as `render` draws it, written directly: rich takes half a
    second to lay out a few thousand one-line findings that need no layout."""
    lines: list[str] = []
    previous: str | None = None
    for finding in result.findings:
        if previous is not None and finding.path != previous:
            lines.append("")
        previous = finding.path
        lines.append(
            f"{escape.text(finding.path)}:{finding.line}:{finding.column}: "
            f"{finding.severity.value}: {escape.text(finding.message)} "
            f"[{finding.code} {finding.rule}]"
        )
    files = _plural(result.files, "file")
    if result.findings:
        errors, warnings, infos = (result.count(s) for s in Severity)
        counts = ", ".join(
            _plural(n, w)
            for n, w in ((errors, "error"), (warnings, "warning"), (infos, "info"))
            if n
        )
        affected = len({f.path for f in result.findings})
        lines += ["", f"Found {counts} in {affected} of {files}."]
    else:
        lines.append(f"All checks passed ({files}).")
    return escape.lines("\n".join(lines) + "\n")

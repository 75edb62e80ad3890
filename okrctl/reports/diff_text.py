"""`okrctl diff` in the terminal: the warning signs first, then every change by goal."""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.text import Text

from okrctl.compute.diff import Change, DiffReport
from okrctl.reports import Style, escape
from okrctl.reports.diff_words import SIGN_WORDS, base, describe, plural, summary


def where(change: Change) -> str:
    if change.where is None:
        return ""
    side = " (before the change)" if change.in_base else ""
    return f"{change.where.path}:{change.where.line}{side}"


def render(report: DiffReport, style: Style) -> str:
    color = style.color
    buffer = StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=10_000,  # a change is one line, whatever the terminal's width
        soft_wrap=True,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(
        Text(
            escape.text(f"Goal changes since {base(report)}, as of {report.as_of.isoformat()}"),
            "bold",
        )
    )
    console.print(summary(report))
    if report.warnings:
        console.print()
        console.print(Text("Warning signs", "bold yellow"))
        for change in report.warnings:
            assert change.sign is not None
            console.print(
                Text.assemble(
                    "  ", (SIGN_WORDS[change.sign], "yellow"), escape.text(f": {change.ref}")
                )
            )
            console.print(escape.text(f"    {describe(change)}"))
            console.print(Text(escape.text(f"    {change.reason}"), "dim"))
            if change.where is not None:
                console.print(Text(escape.text(f"    at {where(change)}"), "dim"))
    if report.changes:
        console.print()
        console.print(Text("Changes", "bold"))
        previous = None
        for change in report.changes:
            if change.ref != previous:
                console.print(
                    Text.assemble(
                        "  ", (escape.text(change.ref), "bold"), escape.text(f"  {change.title}")
                    )
                )
                previous = change.ref
            mark = ("  !", "yellow") if change.sign else ("", "")
            console.print(Text.assemble(escape.text(f"    {describe(change)}"), mark))
    if report.incomplete:
        console.print()
        console.print(Text("Compared in part: these files have errors (run `okrctl lint`)", "bold"))
        for file in report.incomplete:
            side = "before the change" if file.side == "base" else "now"
            problems = plural(file.problems, "problem", "problems")
            console.print(escape.text(f"  {file.path} ({side}): {problems}"))
    return escape.lines(buffer.getvalue())

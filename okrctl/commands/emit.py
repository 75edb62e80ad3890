"""The one way a command puts a report out: on the terminal, or into the `--output` file with
the text report on the terminal beside it, streamed when the reporter streams, plus the GitHub
job summary when the format writes one."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO, TypeVar

from okrctl.reports import PLAIN, Need, Registry, Style
from okrctl.terminal import Terminal

Result = TypeVar("Result")

STEP_SUMMARY = "GITHUB_STEP_SUMMARY"
TEXT = "text"


def shown(reporters: Registry[Result], name: str, output: Path | None) -> tuple[str, ...]:
    """The formats `emit` renders: `name`, and with `--output` the text report too (for the
    terminal), unless `name` is the text report itself."""
    if output is not None and name != TEXT and TEXT in reporters.formats:
        return (name, TEXT)
    return (name,)


def needs(reporters: Registry[Result], name: str, output: Path | None) -> frozenset[Need]:
    """What the formats `emit` will render need computed beforehand."""
    return frozenset().union(*(reporters.needs(each) for each in shown(reporters, name, output)))


def write(out: TextIO, rendered: str | Iterable[str]) -> None:
    """Write a report whole, or piece by piece as a streaming reporter yields it."""
    if isinstance(rendered, str):
        out.write(rendered)
    else:
        for piece in rendered:
            out.write(piece)


def emit(
    result: Result,
    reporters: Registry[Result],
    name: str,
    terminal: Terminal,
    output: Path | None = None,
    *,
    width: int | None = None,
) -> None:
    """Put the `name` report of `result` out.

    Without `output` it goes to the terminal, in colour when the terminal wants it. With
    `output` it is written to that file (atomically, okrctl/output.py; never in colour, at the
    fixed width) and, unless it is the text report, the text report goes to the terminal, so
    one run gives both the file a CI system reads and a log people read (docs/ci.md).
    In GitHub Actions, a format with a job summary appends it to $GITHUB_STEP_SUMMARY.
    `width` (`--width`) is the width of text tables on the terminal and in the file alike.
    """
    terminal = terminal.at_width(width)
    plain = PLAIN if width is None else Style(width=width)
    if output is None:
        write(terminal.out, reporters.reporter(name)(result, terminal.style))
    else:
        from okrctl.output import write_atomically

        rendered = reporters.reporter(name)(result, plain)
        write_atomically(output, rendered if isinstance(rendered, str) else "".join(rendered))
        for other in shown(reporters, name, output)[1:]:
            write(terminal.out, reporters.reporter(other)(result, terminal.style))
    summary = reporters.job_summary(name)
    where = terminal.environ.get(STEP_SUMMARY)
    if summary is not None and where:
        rendered = summary(result, PLAIN)
        _append(Path(where), rendered if isinstance(rendered, str) else "".join(rendered), terminal)


# Where a rendered text goes (`Rendered`): the terminal's stdout, the `--output` file, the
# GitHub job summary.
OUT = "out"
FILE = "file"
SUMMARY = "summary"

# The texts a run of emit() writes, in the order it writes them: (where, text).
Rendered = tuple[tuple[str, str], ...]


def styles(
    reporters: Registry[Result],
    name: str,
    terminal: Terminal,
    output: Path | None,
    width: int | None,
) -> tuple[tuple[str, str, Style], ...]:
    """Each text emit() writes: where it goes, the format rendered, and the Style it is drawn
    with (the terminal's at `width`; the fixed plain style for a file and the job summary)."""
    on_terminal = terminal.at_width(width).style
    plain = PLAIN if width is None else Style(width=width)
    drawn: list[tuple[str, str, Style]] = []
    if output is None:
        drawn.append((OUT, name, on_terminal))
    else:
        drawn.append((FILE, name, plain))
        drawn.extend((OUT, other, on_terminal) for other in shown(reporters, name, output)[1:])
    if reporters.formats[name].job_summary is not None and terminal.environ.get(STEP_SUMMARY):
        drawn.append((SUMMARY, name, PLAIN))
    return tuple(drawn)


def render(
    result: Result,
    reporters: Registry[Result],
    name: str,
    terminal: Terminal,
    output: Path | None = None,
    *,
    width: int | None = None,
) -> Rendered:
    """The texts emit() would write, whole (a streamed reporter's pieces joined), to be
    written by put_out(): the same bytes, to the same places."""
    texts: list[tuple[str, str]] = []
    for where, format_name, style in styles(reporters, name, terminal, output, width):
        if where == SUMMARY:
            summary = reporters.job_summary(format_name)
            assert summary is not None  # styles() names the summary only of a format with one
            rendered = summary(result, style)
        else:
            rendered = reporters.reporter(format_name)(result, style)
        texts.append((where, rendered if isinstance(rendered, str) else "".join(rendered)))
    return tuple(texts)


def put_out(texts: Rendered, terminal: Terminal, output: Path | None) -> None:
    """Write texts render() made, as emit() writes them: the `--output` file atomically, the
    terminal's stdout, the job summary appended to $GITHUB_STEP_SUMMARY."""
    for where, text in texts:
        if where == FILE:
            from okrctl.output import write_atomically

            assert output is not None
            write_atomically(output, text)
        elif where == OUT:
            terminal.out.write(text)
        else:
            _append(Path(terminal.environ[STEP_SUMMARY]), text, terminal)


def _append(path: Path, text: str, terminal: Terminal) -> None:
    """Append (never truncate: earlier steps wrote there too); a failure is only a warning."""
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(text)
    except OSError as error:
        terminal.err.write(
            f"okrctl: warning: cannot append the summary to ${STEP_SUMMARY} ({path}): "
            f"{error.strerror or error}\n"
        )

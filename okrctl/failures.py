"""How a failed command is shown on stderr: the findings its error carries, then one line.

The CLI's error handler calls `render_error` for every OkrctlError, so a command never prints
its own failure: it raises, and this module decides the words. Computations raise domain
errors that name the value they could not use, never a command-line option (they are called
from places that have no options); the option they came from is added here.
"""

from __future__ import annotations

from typing import TextIO

from okrctl.compute.errors import (
    AnswerCount,
    NotADate,
    UnknownAnswer,
    UnknownPeriod,
    UnknownTeam,
    WeeklyEndOfPeriod,
)
from okrctl.errors import FindingsError, OkrctlError

# The command-line option each domain error comes from, as the message starts with it.
OPTION_OF: dict[type[OkrctlError], str] = {
    UnknownPeriod: "--period: ",
    UnknownTeam: "--team: ",
    NotADate: "--as-of: ",
    WeeklyEndOfPeriod: "--as-of ",  # "--as-of end-of-period is for a quarterly review; ..."
    UnknownAnswer: "--answers: ",  # asked on a terminal instead, the answer is just rejected
    AnswerCount: "--answers: ",
}


def message(error: OkrctlError) -> str:
    """The error's one line, naming the command-line option a domain error came from."""
    return OPTION_OF.get(type(error), "") + str(error)


def render_error(error: OkrctlError, err: TextIO, color: bool) -> None:
    """Write `error` to `err`: its findings (as `okrctl lint` lists them), then its line."""
    if isinstance(error, FindingsError):
        # Imported here: only a failure pays for the reporter (start-up stays fast).
        from okrctl.linting import LintResult
        from okrctl.reports.lint_text import render

        err.write(render(LintResult(error.findings, error.files), color))
    err.write(f"okrctl: error: {message(error)}\n")

"""The one place that maps what stops a command to its exit status and the words on stderr.

`error_handler` wraps every command (and the console script): an OkrctlError is shown by
`render_error` (the findings it carries, then one line), so a command never prints its own
failure: it raises, and this module decides the words and the status. Computations raise domain
errors that name the value they could not use, never a command-line option (they are called
from places that have no options); the option they came from is added here.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from okrctl.compute.errors import (
    AnswerCount,
    DateOutOfRange,
    NotADate,
    UnknownAnswer,
    UnknownPeriod,
    UnknownTeam,
    WeeklyEndOfPeriod,
)
from okrctl.errors import (
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    FindingsError,
    OkrctlError,
)
from okrctl.wording import excerpt

# The command-line option each domain error comes from, as the message starts with it.
OPTION_OF: dict[type[OkrctlError], str] = {
    UnknownPeriod: "--period: ",
    UnknownTeam: "--team: ",
    NotADate: "--as-of: ",
    DateOutOfRange: "--as-of: ",
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
        from okrctl.reports import Style
        from okrctl.reports.lint_text import render

        err.write(render(LintResult(error.findings, error.files), Style(color)))
    from okrctl.reports import escape  # the message may quote a goal file: one line, escaped

    err.write(f"okrctl: error: {escape.text(message(error))}\n")


# Errors of a path itself, wherever it is first touched (a path argument, a revision that
# may be a path, a folder on the way to okrctl.yaml): what the user typed or linked is wrong,
# not okrctl, so they are one line naming the path, never "internal error".
_PATH_ERRNOS = frozenset({errno.ENAMETOOLONG, errno.ELOOP})


def path_error(error: BaseException) -> str | None:
    """The one line for an error of a path (a name too long, a symlink loop), else None."""
    if isinstance(error, OSError) and error.errno in _PATH_ERRNOS:
        name = excerpt(str(error.filename), 200) if error.filename is not None else "a path"
        return f"{name}: {error.strerror}"
    if isinstance(error, RuntimeError) and str(error).startswith("Symlink loop from "):
        # Path.resolve() before Python 3.13 says so with a RuntimeError, naming the link.
        name = excerpt(str(error).removeprefix("Symlink loop from ").strip("'"), 200)
        return f"{name}: symlink loop"
    return None


@contextmanager
def error_handler(
    passthrough: tuple[type[BaseException], ...] = (), color: bool = False
) -> Iterator[None]:
    """Turn whatever stops a command into words on stderr and an exit status (SystemExit).

    An OkrctlError is shown by `render_error` and exits with its code (2); Ctrl-C is 130; a
    reader that went away (`okrctl lint | head`) ends the command quietly with 1, as typer
    did; anything else is a bug in okrctl: one line and 2, never a traceback, unless
    OKRCTL_DEBUG is set (then it is raised as it is). `passthrough` are the command-line
    library's own exceptions (its usage errors and exits), which it reports itself.
    """
    try:
        yield
    except passthrough:
        raise
    except OkrctlError as error:
        render_error(error, sys.stderr, color)
        raise SystemExit(error.exit_code) from None
    except KeyboardInterrupt:
        sys.stderr.write("okrctl: interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # Python would complain again when it flushes stdout at exit: point it at nothing.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # not a real file (tests capture stdout)
            pass
        raise SystemExit(EXIT_FINDINGS) from None
    except Exception as error:
        line = path_error(error)
        if line is not None:
            sys.stderr.write(f"okrctl: error: {line}\n")
            raise SystemExit(EXIT_USAGE) from None
        if os.environ.get("OKRCTL_DEBUG"):
            raise
        from okrctl.reports import escape

        sys.stderr.write(
            f"okrctl: error: internal error: {type(error).__name__}: {escape.text(str(error))} "
            "(this is a bug in okrctl; set OKRCTL_DEBUG=1 for details)\n"
        )
        raise SystemExit(EXIT_USAGE) from None

"""The small error hierarchy of okrctl and the one place that maps it to exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


class OkrctlError(Exception):
    """An error that stops a command; its message is shown to the user on one line."""

    exit_code: int = EXIT_USAGE


class UsageError(OkrctlError):
    """The command line asks for something impossible: a missing path, an unknown rule."""


class InvalidTreeError(OkrctlError):
    """The goal tree has errors, so a computation on it would be built on sand."""


@contextmanager
def error_handler(passthrough: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Turn whatever stops a command into one line on stderr and an exit status (SystemExit).

    An OkrctlError is its message and its exit code (2); Ctrl-C is 130; a reader that went
    away (`okrctl lint | head`) ends the command quietly with 1, as typer did; anything else
    is a bug in okrctl: one line and 2, never a traceback, unless OKRCTL_DEBUG is set (then it
    is raised as it is). `passthrough` are the command-line library's own exceptions (its
    usage errors and exits), which it reports itself.
    """
    try:
        yield
    except passthrough:
        raise
    except OkrctlError as error:
        _say(f"okrctl: error: {error}")
        raise SystemExit(error.exit_code) from None
    except KeyboardInterrupt:
        _say("okrctl: interrupted")
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
        if os.environ.get("OKRCTL_DEBUG"):
            raise
        _say(
            f"okrctl: error: internal error: {type(error).__name__}: {error} "
            "(this is a bug in okrctl; set OKRCTL_DEBUG=1 for details)"
        )
        raise SystemExit(EXIT_USAGE) from None


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")

"""The small error hierarchy of okrctl and the one place that maps it to exit codes."""

from __future__ import annotations

from collections.abc import Sequence

from okrctl.findings import Finding

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


class OkrctlError(Exception):
    """An error that stops a command; its message is shown to the user on one line."""

    exit_code: int = EXIT_USAGE


class UsageError(OkrctlError):
    """The command line asks for something impossible: a missing path, an unknown rule."""


class FindingsError(OkrctlError):
    """An error about lint findings: the error handler lists them, as `okrctl lint` does, and
    then the one-line message, which refers to them ("listed above").

    The error carries data, not text: what raises it never prints, and never imports a
    reporter (edit must not import reports)."""

    def __init__(self, message: str, findings: Sequence[Finding], files: int) -> None:
        super().__init__(message)
        self.findings = tuple(findings)
        self.files = files  # the file count the listing's summary line states

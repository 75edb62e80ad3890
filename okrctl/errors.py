"""The small error hierarchy of okrctl and the one place that maps it to exit codes."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class OkrctlError(Exception):
    """An error that stops a command; its message is shown to the user on one line."""

    exit_code: int = EXIT_USAGE


class UsageError(OkrctlError):
    """The command line asks for something impossible: a missing path, an unknown rule."""


class InvalidTreeError(OkrctlError):
    """The goal tree has errors, so a computation on it would be built on sand."""

"""Every command's `--help` and its usage errors, pinned byte for byte.

The snapshots under tests/golden/help/ were taken from the command line before the options
moved into the command modules (issue 13): the help, option names, defaults and error
messages users see must not change when the code behind them does. Regenerate them (only
for a change made on purpose) with `OKRCTL_REGENERATE=1 pytest tests/test_command_help.py`.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from okrctl.cli import main

GOLDEN = Path(__file__).parent / "golden" / "help"

COMMAND_LINES = [
    [],
    ["lint"],
    ["score"],
    ["tree"],
    ["suggest"],
    ["review"],
    ["impact"],
    ["calibration"],
    ["checkin"],
    ["initiative"],
    ["init"],
    ["schema"],
    ["classify"],
    ["diff"],
    ["rules"],
    ["clean"],
    ["kpi"],
    ["kpi", "check"],
    ["kpi", "record"],
    ["new"],
    ["new", "objective"],
    ["new", "kpi"],
]

# Usage errors typer reports: an unknown option, a bad choice, a missing argument, a value of
# the wrong type, an unknown command.
ERRORS = [
    *([*words, "--no-such-option"] for words in COMMAND_LINES if words),
    ["lint", "--format", "nope"],
    ["score", "-f", "yaml"],
    ["kpi", "check", "--fail-on", "sometimes"],
    ["review", "--cadence", "daily"],
    ["schema", "--kind", "nope"],
    ["classify", "--format", "json"],
    ["rules", "--format", "html"],
    ["diff", "--format", "sarif"],
    ["init", "--fiscal-year-start", "march"],
    ["checkin"],
    ["checkin", "support/2026-Q4/x/y"],
    ["kpi", "record", "support/csat"],
    ["new", "objective"],
    ["lnt"],
    ["kpi", "chek"],
    [],
]


def run(argv: list[str]) -> str:
    """Exit status, stdout and stderr of one command line, run in-process as the console
    script runs it."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
            code: object = 0
        except SystemExit as exit:
            code = exit.code
    return f"exit {code}\n--- stdout\n{out.getvalue()}--- stderr\n{err.getvalue()}"


def case_name(argv: list[str], columns: int) -> str:
    words = "-".join(word.strip("-").replace("/", "_") for word in argv) or "okrctl"
    return f"{words}.{columns}.txt"


CASES = [
    *(([*words, "--help"], columns) for words in COMMAND_LINES for columns in (80, 120)),
    *((argv, 80) for argv in ERRORS),
]


@pytest.mark.parametrize(
    ("argv", "columns"), CASES, ids=[case_name(argv, columns) for argv, columns in CASES]
)
def test_help_and_usage_errors_are_unchanged(
    argv: list[str], columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TERMINAL_WIDTH", raising=False)
    got = run(argv)
    path = GOLDEN / case_name(argv, columns)
    if os.environ.get("OKRCTL_REGENERATE"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")

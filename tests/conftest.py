"""Shared test helpers: write a goal tree into a temporary folder, run the real CLI on it.

No test reads the real clock: `fixed_today` (autouse) sets okrctl's today to `TODAY`, and a
test that needs another day sets `okrctl.clock.TODAY` itself (`on_day`). The CLI runs
in-process (`okrctl`); `okrctl_process` starts the real console script, for the tests where
the process is what is tested (start-up, signals, exit without a traceback, hooks).
"""

from __future__ import annotations

import contextvars
import io
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from okrctl import clock
from okrctl.cli import main as cli_main

# In CI the property tests draw the same examples on every run (a red build is then a
# regression, reproducible by anyone, never a new random draw) and have no time limit per
# example (CI machines are slower and shared); on a developer's machine they explore afresh.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# No test reads or writes okrctl's cache of read files unless it asks to (`caching`): set for
# the whole session, so that module- and session-scoped fixtures (which run before `no_cache`)
# never litter .okrctl_cache folders into examples/ or tests/data either.
os.environ["OKRCTL_NO_CACHE"] = "1"
os.environ.pop("OKRCTL_CACHE_DIR", None)

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
# For `okrctl(..., env=DEBUG)`: an exception okrctl does not expect escapes the call with its
# traceback (the console script would print one line saying it is a bug) and fails the test.
DEBUG = {"OKRCTL_DEBUG": "1"}


@dataclass
class Lint:
    """The outcome of one `okrctl lint --format json` run."""

    exit_code: int
    document: dict[str, Any]
    output: str

    @property
    def findings(self) -> list[tuple[str, int, int, str]]:
        """(path, line, column, rule) of every finding, in report order."""
        return [(f["path"], f["line"], f["column"], f["rule"]) for f in self.document["findings"]]

    def messages(self, rule: str) -> list[str]:
        return [f["message"] for f in self.document["findings"] if f["rule"] == rule]

    def of(self, rule: str) -> list[tuple[str, int, int, str]]:
        """Only the findings of one rule."""
        return [f for f in self.findings if f[3] == rule]


class GoalTree:
    """A goal tree in a temporary folder; `write` dedents, `lint` runs the CLI inside it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def lint(self, *args: str) -> Lint:
        result = okrctl("lint", "--format", "json", *args, cwd=self.root, env=DEBUG)
        return Lint(result.returncode, json.loads(result.stdout), result.stdout)


@pytest.fixture
def goals(tmp_path: Path) -> Iterator[GoalTree]:
    yield GoalTree(tmp_path)


# The day every test runs on unless it says otherwise: 2026-Q4 is under way (59 of 92 days
# gone), Q3 ended 60 days before.
TODAY = date(2026, 11, 29)


# The moment every test runs at (the time a JUnit report says it was made).
NOW = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_today() -> Iterator[date]:
    """okrctl's today is `TODAY`, and its now `NOW`, in every test; the real clock is never
    read."""
    token = clock.TODAY.set(lambda: TODAY)
    now_token = clock.NOW.set(lambda: NOW)
    try:
        yield TODAY
    finally:
        clock.NOW.reset(now_token)
        clock.TODAY.reset(token)


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes okrctl's cache of read files unless it asks to (`caching`):
    none litters .okrctl_cache folders into examples/ or tests/data, and none sees another's
    entries. OKRCTL_NO_CACHE reaches the processes a test starts, too."""
    monkeypatch.setenv("OKRCTL_NO_CACHE", "1")
    monkeypatch.delenv("OKRCTL_CACHE_DIR", raising=False)


@pytest.fixture
def caching(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache on, as users have it (the folder: `.okrctl_cache` beside okrctl.yaml)."""
    monkeypatch.delenv("OKRCTL_NO_CACHE")


SetDay = Callable[[date], None]


@pytest.fixture
def on_day() -> Iterator[SetDay]:
    """`on_day(date)` makes okrctl's today that day for the rest of the test."""
    tokens: list[contextvars.Token[Callable[[], date]]] = []

    def set_day(day: date) -> None:
        tokens.append(clock.TODAY.set(lambda: day))

    yield set_day
    for token in reversed(tokens):
        clock.TODAY.reset(token)


def okrctl(
    *args: str, cwd: Path | None = None, env: Mapping[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a whole command line in-process, as the console script would run it in `cwd`.

    `okrctl.cli.main(argv)` ends by raising SystemExit with the exit status, like the console
    script; its stdin, stdout and stderr are pipes that are not terminals, NO_COLOR=1 is set
    and COLUMNS unset (plus `env`; None unsets a variable), and every ContextVar the command
    sets (the load observer) is set in a copy of the context, so nothing outlives the call.
    The result has the subprocess' fields.
    """
    argv = [str(arg) for arg in args]
    out, err = io.StringIO(), io.StringIO()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    # COLUMNS unset: text tables are 80 wide unless a test sets COLUMNS or --width.
    overrides: dict[str, str | None] = {"NO_COLOR": "1", "COLUMNS": None, **(env or {})}
    saved_env = {name: os.environ.get(name) for name in overrides}
    previous = Path.cwd()
    code: int
    try:
        _set_environment(overrides)
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), out, err
        try:
            contextvars.copy_context().run(cli_main, argv)
            code = 0
        except SystemExit as done:
            code = _exit_status(done.code, err)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(previous)
        _set_environment(saved_env)
    return subprocess.CompletedProcess(["okrctl", *argv], code, out.getvalue(), err.getvalue())


def _set_environment(values: Mapping[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _exit_status(code: object, err: io.StringIO) -> int:
    """The status a process exiting with SystemExit(code) has (a text is printed, status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    err.write(f"{code}\n")
    return 1


def okrctl_process(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess: for what only a process shows
    (start-up imports, signals, exit codes of the interpreter, no traceback on stderr)."""
    return subprocess.run(
        [sys.executable, "-m", "okrctl", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )

"""Shared test helpers: write a goal tree into a temporary folder, run the real CLI on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from okrctl.cli import app

# In CI the property tests draw the same examples on every run (a red build is then a
# regression, reproducible by anyone, never a new random draw) and have no time limit per
# example (CI machines are slower and shared); on a developer's machine they explore afresh.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


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
        runner = CliRunner()
        previous = Path.cwd()
        os.chdir(self.root)
        try:
            result = runner.invoke(app, ["lint", "--format", "json", *args])
        finally:
            os.chdir(previous)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Lint(result.exit_code, json.loads(result.stdout), result.stdout)


@pytest.fixture
def goals(tmp_path: Path) -> Iterator[GoalTree]:
    yield GoalTree(tmp_path)


def okrctl(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess (exit codes, stderr, no traceback)."""
    return subprocess.run(
        [sys.executable, "-m", "okrctl", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )

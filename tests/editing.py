"""Helpers for the tests of commands that write goal files (checkin, kpi record, new, init)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from okrctl import clock
from okrctl.load.discover import goal_files
from okrctl.terminal import Terminal
from tests.conftest import DEBUG, EXAMPLES, okrctl

TODAY = date(2026, 11, 22)
OptionsT = TypeVar("OptionsT")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def cli(root: Path, *args: str) -> Run:
    """The command line in-process, run from `root` (stdin is not a terminal)."""
    result = okrctl(*args, cwd=root, env=DEBUG)
    return Run(result.returncode, result.stdout, result.stderr)


def copy_examples(tmp_path: Path) -> Path:
    root = tmp_path / "goals"
    shutil.copytree(EXAMPLES, root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below `root` (hidden ones too), by relative path, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def visible_goal_files(root: Path) -> list[str]:
    """The goal files okrctl would read below `root`."""
    return sorted(p.relative_to(root).as_posix() for p in goal_files([root]).files)


def insert_after(text: str, anchor: str, new: str) -> str:
    """`text` with `new` right after the one occurrence of `anchor` (for expected outputs)."""
    assert text.count(anchor) == 1, anchor
    return text.replace(anchor, anchor + new)


def run_on(
    day: date, run: Callable[[OptionsT, Terminal], int], options: OptionsT, terminal: Terminal
) -> int:
    """Run a command's `run(options, terminal)` as on `day` (commands read okrctl.clock)."""
    token = clock.TODAY.set(lambda: day)
    try:
        return run(options, terminal)
    finally:
        clock.TODAY.reset(token)

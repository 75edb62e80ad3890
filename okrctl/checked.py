"""Load a goal tree for a computation, refusing to compute on one with errors.

Every command that computes on the tree (score, tree, kpi check, suggest, review) goes through
here, so CI never publishes numbers built on a broken tree: the lint errors are printed, in
the same words and places as `okrctl lint`, and the command stops. Warnings do not block.
With `skip_invalid`, files with errors are left out and named in the report instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from okrctl import clock
from okrctl.errors import InvalidTreeError
from okrctl.findings import Severity
from okrctl.linting import LintResult, build_selection, lint
from okrctl.load.goal_tree import load_tree
from okrctl.model.tree import GoalTree


@dataclass(frozen=True, slots=True)
class CheckedTree:
    tree: GoalTree
    skipped: tuple[str, ...]  # files left out with --skip-invalid, with their error count


def checked_tree(
    paths: Sequence[Path],
    err: TextIO,
    *,
    config: Path | None = None,
    skip_invalid: bool = False,
    today: date | None = None,
    color: bool = False,
) -> CheckedTree:
    """The goal tree with no errors, or InvalidTreeError after printing the errors to `err`."""
    from okrctl.reports import Style
    from okrctl.reports.lint_text import render

    tree = load_tree(paths or [Path(".")], config)
    selection, config_problems = build_selection(tree, (), ())
    result = lint(tree, selection, today or clock.today(), config_problems)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if not errors:
        return CheckedTree(tree, ())
    config_path = tree.loaded_config.path
    blocking = errors if not skip_invalid else [f for f in errors if f.path == config_path]
    if blocking:
        err.write(render(LintResult(tuple(blocking), result.files), Style(color)))
        hint = "" if skip_invalid else "; fix them, or pass --skip-invalid to report on the rest"
        noun = "error" if len(blocking) == 1 else "errors"
        raise InvalidTreeError(f"the goal tree has {len(blocking)} {noun} (listed above){hint}")
    bad: dict[str, int] = {}
    for finding in errors:
        bad[finding.path] = bad.get(finding.path, 0) + 1
    kept = [file for file in tree.files if file.path not in bad]
    skipped = tuple(f"{path} ({_count(n)})" for path, n in sorted(bad.items()))
    return CheckedTree(GoalTree(kept, tree.loaded_config), skipped)


def _count(errors: int) -> str:
    return f"{errors} error" if errors == 1 else f"{errors} errors"

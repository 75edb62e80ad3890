"""Load and lint a goal tree once for a computation, refusing to compute on one with errors.

Every command that computes on the tree (score, tree, kpi check, suggest, review) starts
here, and works from what this returns: the tree and its lint result, so nothing is linted
twice (review lists its review-time warnings from this result). CI never publishes numbers
built on a broken tree: the errors stop the command with `InvalidTreeError`, which carries
them; the CLI's error handler lists them as `okrctl lint` does. Warnings do not block.
With `skip_invalid`, files with errors are left out and named in the report instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from okrctl import clock
from okrctl.errors import FindingsError
from okrctl.findings import Finding, Severity
from okrctl.linting import LintResult, build_selection, lint, lint_scanned
from okrctl.load.goal_tree import scan_tree
from okrctl.model.tree import GoalTree


class InvalidTreeError(FindingsError):
    """The goal tree has errors, so a computation on it would be built on sand."""

    def __init__(self, message: str, blocking: Sequence[Finding], result: LintResult) -> None:
        super().__init__(message, blocking, result.files)
        self.result = result  # the whole lint: every error and warning, not only the blocking


@dataclass(frozen=True, slots=True)
class CheckedTree:
    """A goal tree fit to compute on, with what its lint found."""

    tree: GoalTree
    # The lint of `tree` under okrctl.yaml's settings (select, ignore, severities, disable
    # comments): its warnings and infos; errors only in what --skip-invalid could not leave out.
    lint: LintResult
    skipped: tuple[str, ...] = ()  # files left out with --skip-invalid, with their error count


def checked_tree(
    paths: Sequence[Path],
    *,
    config: Path | None = None,
    skip_invalid: bool = False,
    today: date | None = None,
) -> CheckedTree:
    """The goal tree with no errors, linted once; InvalidTreeError with the errors otherwise."""
    day = today or clock.today()
    scanned = scan_tree(paths or [Path(".")], config)
    try:
        tree = scanned.load()
        selection, config_problems = build_selection(tree, (), ())
        # The tree's lint as `okrctl lint` of it keeps it: a warm cache replays it.
        result = lint_scanned(scanned, lambda: tree, selection, day, config_problems, told=True)
    finally:
        scanned.close()
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if not errors:
        return CheckedTree(tree, result)
    config_path = tree.loaded_config.path
    blocking = errors if not skip_invalid else [f for f in errors if f.path == config_path]
    if blocking:
        hint = "" if skip_invalid else "; fix them, or pass --skip-invalid to report on the rest"
        noun = "error" if len(blocking) == 1 else "errors"
        raise InvalidTreeError(
            f"the goal tree has {len(blocking)} {noun} (listed above){hint}", blocking, result
        )
    bad: dict[str, int] = {}
    for finding in errors:
        bad[finding.path] = bad.get(finding.path, 0) + 1
    kept = GoalTree([file for file in tree.files if file.path not in bad], tree.loaded_config)
    skipped = tuple(f"{path} ({_count(n)})" for path, n in sorted(bad.items()))
    # The tree computed on is not the tree linted: rules that count across files (too many
    # objectives for a team) see fewer, and a reference into a skipped file dangles. Its own
    # lint is what is true of it, so it is linted again; only --skip-invalid with errors pays.
    return CheckedTree(kept, lint(kept, selection, day, config_problems), skipped)


def _count(errors: int) -> str:
    return f"{errors} error" if errors == 1 else f"{errors} errors"

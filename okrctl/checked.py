"""Load and lint a goal tree once for a computation, refusing to compute on one with errors.

Every command that computes on the tree (score, tree, kpi check, suggest, review) starts
here, and works from what this returns: the tree and its lint result, so nothing is linted
twice (review lists its review-time warnings from this result). CI never publishes numbers
built on a broken tree: the errors stop the command with `InvalidTreeError`, which carries
them; the CLI's error handler lists them as `okrctl lint` does. Warnings do not block.
With `skip_invalid`, files with errors are left out and named in the report instead.
`lint_checked` is the same in two steps, the lint first (replayed from the cache when kept)
and the models only when asked for: the report pipeline (commands/pipeline.py) refuses a
tree with errors before loading it, and never loads one whose report it replays.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from okrctl import clock
from okrctl.errors import FindingsError
from okrctl.findings import Finding, Problem, Severity
from okrctl.linting import LintResult, Selection, build_selection, lint, lint_scanned
from okrctl.load.goal_tree import ScannedTree, scan_tree, tell_replayed
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
    scanned = scan_tree(paths or [Path(".")], config)
    try:
        return lint_checked(scanned, skip_invalid=skip_invalid, today=today).checked()
    finally:
        scanned.close()


@dataclass
class LintedTree:
    """A scanned goal tree whose lint lets a computation run on it. The lint may have been
    replayed from the cache: the files are parsed only when `checked()` asks for the tree,
    so a caller with a result of its own kept for these files (a report) need not parse."""

    scanned: ScannedTree
    lint: LintResult
    selection: Selection
    config_problems: list[Problem]
    today: date
    _tree: Callable[[], GoalTree]  # the scanned tree's models, loaded on the first call

    def checked(self) -> CheckedTree:
        """The tree to compute on (loaded now, once), with the files --skip-invalid leaves
        out left out."""
        tree = self._tree()
        errors = [f for f in self.lint.findings if f.severity is Severity.ERROR]
        if not errors:
            return CheckedTree(tree, self.lint)
        bad: dict[str, int] = {}
        for finding in errors:
            bad[finding.path] = bad.get(finding.path, 0) + 1
        kept = GoalTree([file for file in tree.files if file.path not in bad], tree.loaded_config)
        skipped = tuple(f"{path} ({_count(n)})" for path, n in sorted(bad.items()))
        # The tree computed on is not the tree linted: rules that count across files (too many
        # objectives for a team) see fewer, and a reference into a skipped file dangles. Its own
        # lint is what is true of it, so it is linted again; only --skip-invalid with errors pays.
        kept_lint = lint(kept, self.selection, self.today, self.config_problems)
        return CheckedTree(kept, kept_lint, skipped)


def lint_selection(scanned: ScannedTree) -> tuple[Selection, list[Problem]]:
    """The rules a computing command lints with: okrctl.yaml's settings alone (no --select or
    --ignore: pipeline.LINT_SELECTION says so in the report cache's key), and the mistakes
    in them."""
    return build_selection(GoalTree([], scanned.loaded_config), (), ())


def lint_checked(
    scanned: ScannedTree, *, skip_invalid: bool = False, today: date | None = None
) -> LintedTree:
    """The lint of a scanned tree (replayed from the cache when kept), refusing a tree with
    errors as checked_tree does: InvalidTreeError, unless --skip-invalid can leave the files
    with errors out."""
    day = today or clock.today()
    start = time.perf_counter()
    loaded: list[GoalTree] = []

    def tree() -> GoalTree:
        if not loaded:
            loaded.append(scanned.load())
        return loaded[0]

    selection, config_problems = lint_selection(scanned)
    # The tree's lint as `okrctl lint` of it keeps it: a warm cache replays it. `told`: the
    # load observer hears of a replay below, only if the tree is never loaded.
    result = lint_scanned(scanned, tree, selection, day, config_problems, told=True)
    linted = LintedTree(scanned, result, selection, config_problems, day, tree)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if not errors:
        return linted
    config_path = scanned.loaded_config.path
    blocking = errors if not skip_invalid else [f for f in errors if f.path == config_path]
    if blocking:
        if not loaded:
            tell_replayed(scanned, time.perf_counter() - start)
        hint = "" if skip_invalid else "; fix them, or pass --skip-invalid to report on the rest"
        noun = "error" if len(blocking) == 1 else "errors"
        raise InvalidTreeError(
            f"the goal tree has {len(blocking)} {noun} (listed above){hint}", blocking, result
        )
    return linted


def _count(errors: int) -> str:
    return f"{errors} error" if errors == 1 else f"{errors} errors"

"""`okrctl diff`: what the changes since a git revision do to the goals, warning signs first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from okrctl import clock
from okrctl.compute.asof import parse_as_of
from okrctl.compute.diff import diff_report
from okrctl.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from okrctl.load.discover import find_config
from okrctl.load.git import Repository, load_tree_at
from okrctl.load.goal_tree import load_tree
from okrctl.load.loader import load_config
from okrctl.model.tree import GoalTree
from okrctl.reports import DIFF_FORMATS, reporter
from okrctl.reports.jsonstream import write


def _as_of(text: str | None, today: date) -> date:
    when, _ = parse_as_of(text, today)
    if when.end_of_period:
        raise UsageError(
            "--as-of: a diff has no period of its own; write a date, today or yesterday"
        )
    return when.day


def run(
    base: str | None,
    paths: Sequence[Path],
    out: TextIO,
    *,
    output_format: str = "text",
    as_of: str | None = None,
    config: Path | None = None,
    fail_on_warning: bool = False,
    color: bool = False,
    width: int | None = None,
    today: date | None = None,
) -> int:
    """Exit 0 (a report of changes is not a failure), or 1 with `fail_on_warning` when a
    change is a warning sign."""
    when = _as_of(as_of, today or clock.today())
    repository = Repository.around(Path.cwd())
    paths = list(paths)
    # Like `git diff`, BASE may be left out before paths: a word that names no revision but
    # an existing path is a path.
    if base is not None and repository.commit(base) is None and Path(base).exists():
        paths.insert(0, Path(base))
        base = None
    revision = repository.revision(base)
    paths = paths or [Path(".")]
    if config is not None and not config.exists():
        raise UsageError(f"--config {config}: no such file or directory")
    config_path = config if config is not None else find_config(paths)
    now = [p for p in paths if p.exists() or p.is_symlink()]  # a folder deleted since is empty
    working = load_tree(now, config_path) if now else GoalTree([], load_config(config_path))
    before = load_tree_at(repository, revision.commit, paths, config_path)
    report = diff_report(
        before,
        working,
        when,
        base_name=revision.name,
        base_commit=revision.commit,
        merge_base=revision.merge_base,
        folder=repository.folder(Path.cwd()),
    )
    write(out, reporter(DIFF_FORMATS, output_format)(report, color, width))
    return EXIT_FINDINGS if fail_on_warning and report.warnings else EXIT_OK

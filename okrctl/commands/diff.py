"""`okrctl diff`: what the changes since a git revision do to the goals, warning signs first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from okrctl.commands.emit import emit
from okrctl.commands.options import ConfigOption, format_option
from okrctl.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from okrctl.reports import DIFF
from okrctl.terminal import Terminal


@dataclass(frozen=True, slots=True)
class Options:
    """What changed in the goals since a git revision, with the warning signs first.

    Objectives, key results and KPIs added or removed; targets, starts, types, owners and
    bands changed; check-ins and measurements added, rewritten or deleted. Flags moving the
    goalposts, a type changed late and rewritten history (docs/diff.md). The markdown
    format is a ready pull-request comment. Old files are read from git, never checked out.

    Exit status: 0; 1 with --fail-on-warning when there is a warning sign; 2 outside a git
    repository, for an unknown revision, or without git.

    Example: okrctl diff main --format markdown > goal-changes.md
    """

    base: Annotated[
        str | None,
        typer.Argument(
            help="The git revision to compare with (main, HEAD~1, a commit; `main...` for the "
            "merge base of main and HEAD). Default: the merge base of the default branch "
            "(origin/HEAD, else main, else master) and HEAD.",
            show_default=False,
        ),
    ] = None
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Goal files or goal trees (directories). Default: `.`."),
    ] = None
    output_format: Annotated[str, format_option(), DIFF] = DIFF.default
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="YYYY-MM-DD, today or yesterday: when the change is made, for the warning "
            "signs. Default: today.",
        ),
    ] = None
    fail_on_warning: Annotated[
        bool, typer.Option("--fail-on-warning", help="Exit 1 when a change is a warning sign.")
    ] = False
    config: ConfigOption = None


def _as_of(text: str | None, today: date) -> date:
    from okrctl.compute.asof import parse_as_of

    when, _ = parse_as_of(text, today)
    if when.end_of_period:
        raise UsageError(
            "--as-of: a diff has no period of its own; write a date, today or yesterday"
        )
    return when.day


def run(options: Options, terminal: Terminal) -> int:
    """Exit 0 (a report of changes is not a failure), or 1 with `--fail-on-warning` when a
    change is a warning sign."""
    from okrctl import clock
    from okrctl.compute.diff import diff_report
    from okrctl.load.discover import find_config
    from okrctl.load.git import Repository, load_tree_at
    from okrctl.load.goal_tree import load_tree
    from okrctl.load.loader import load_config
    from okrctl.model.tree import GoalTree

    when = _as_of(options.as_of, clock.today())
    repository = Repository.around(Path.cwd())
    base, paths, config = options.base, list(options.paths or []), options.config
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
    emit(report, DIFF, options.output_format, terminal)
    return EXIT_FINDINGS if options.fail_on_warning and report.warnings else EXIT_OK

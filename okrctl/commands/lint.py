"""`okrctl lint`: validate goal files and run the lint rules."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from okrctl import clock
from okrctl.errors import EXIT_FINDINGS, EXIT_OK
from okrctl.findings import Severity
from okrctl.linting import LintResult, build_selection, lint
from okrctl.load.discover import find_config, goal_files, repository_root, tree_around
from okrctl.load.goal_tree import load_tree
from okrctl.load.loader import display_path
from okrctl.model.tree import GoalTree
from okrctl.output import write_atomically
from okrctl.reports import lint_reporter, needs_regions

STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


def load(paths: Sequence[Path], config: Path | None) -> tuple[GoalTree, frozenset[str] | None]:
    """The goal tree to lint, and the files to report on (None: all of them).

    Directories are linted whole. When files are named (pre-commit passes the staged ones),
    the tree around them is read too, because duplicate ids, references and alignment are
    only known from the whole tree, but only findings in the named files are reported.
    """
    if all(path.is_dir() for path in paths):
        return load_tree(paths, config), None
    config_path = config or find_config(paths)
    named = goal_files(paths)
    # A config named with --config is named too: its mistakes are reported.
    named_paths = [*named.files, *named.outside, *([config] if config else [])]
    scope = {display_path(path) for path in named_paths}
    tree = load_tree([tree_around(paths, config_path), *paths], config_path)
    # The named files count as read last, so a clash between one of them and the rest of the
    # tree (a duplicate id, one objective too many) is reported in the named file: that is
    # the file being committed, and the one the finding can be shown in.
    context = [file for file in tree.files if file.path not in scope]
    named_files = [file for file in tree.files if file.path in scope]
    return GoalTree(context + named_files, tree.loaded_config), frozenset(scope)


def run(
    paths: Sequence[Path],
    out: TextIO,
    *,
    output_format: str = "text",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    strict: bool = False,
    config: Path | None = None,
    color: bool = False,
    today: date | None = None,
    output: Path | None = None,
    err: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Lint, print the report (the text one when `output` names a file for the format), and,
    with `--format github` in GitHub Actions, append a Markdown summary to the job's page."""
    environ = os.environ if environ is None else environ
    tree, scope = load(paths or [Path(".")], config)
    selection, config_problems = build_selection(tree, select, ignore)
    result = lint(tree, selection, today or clock.today(), config_problems, only=scope)
    root = repository_root(Path.cwd())
    if root is not None:
        base = Path(os.path.relpath(Path.cwd().resolve(), root)).as_posix()
        result = dataclasses.replace(result, base="" if base == "." else base)
    if needs_regions(output_format):
        from okrctl.load.regions import finding_ends

        result = dataclasses.replace(result, ends=finding_ends(result.findings, tree))
    if output is None:
        out.write(lint_reporter(output_format)(result, color))
    else:
        write_atomically(output, lint_reporter(output_format)(result, False))
        out.write(lint_reporter("text")(result, color))
    if output_format == "github" and environ.get(STEP_SUMMARY):
        _append_summary(Path(environ[STEP_SUMMARY]), result, err)
    failing = Severity.WARNING if strict else Severity.ERROR
    return EXIT_FINDINGS if result.fails(failing) else EXIT_OK


def _append_summary(path: Path, result: LintResult, err: TextIO | None) -> None:
    """Append (never truncate: earlier steps wrote there too); a failure is only a warning."""
    from okrctl.reports.lint_step_summary import render

    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(render(result))
    except OSError as error:
        if err is not None:
            err.write(
                f"okrctl: warning: cannot append the summary to ${STEP_SUMMARY} ({path}): "
                f"{error.strerror or error}\n"
            )

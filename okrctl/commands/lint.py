"""`okrctl lint`: validate goal files and run the lint rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from okrctl.commands.emit import emit, needs
from okrctl.commands.options import ConfigOption, PathsArgument, format_option, split
from okrctl.errors import EXIT_FINDINGS, EXIT_OK
from okrctl.reports import LINT, Need
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date, datetime

    from okrctl.findings import Problem
    from okrctl.linting import LintResult, Selection
    from okrctl.load.goal_tree import ScannedTree
    from okrctl.model.tree import GoalTree

# Where SARIF's `helpUri` points, for a team that hosts okrctl's rules page itself.
RULES_URL = "OKRCTL_RULES_URL"
# The branch a pull request goes into, which GitHub Actions sets on pull-request events.
BASE_REF = "GITHUB_BASE_REF"


@dataclass(frozen=True, slots=True)
class Options:
    """Validate goal files and check them against the lint rules.

    Given files (as pre-commit passes them), the goal tree around them is read too, for the
    rules that need all of it, and only findings in the files named are reported.

    Exit status: 0 clean, 1 findings at the failing level (errors; with --strict,
    warnings too), 2 usage error or missing path.

    Example: okrctl lint examples/ --format sarif --output okrctl.sarif
    """

    paths: PathsArgument = None
    output_format: Annotated[str, format_option(), LINT] = LINT.default
    select: Annotated[
        list[str] | None,
        typer.Option(help="Run only these rules (names or codes, comma-separated)."),
    ] = None
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these rules (names or codes, comma-separated).")
    ] = None
    strict: Annotated[bool, typer.Option(help="Fail on warnings too, not only errors.")] = False
    config: ConfigOption = None
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the --format report to this file (atomically); the text report still "
            "goes to the terminal.",
        ),
    ] = None


def load(paths: Sequence[Path], config: Path | None) -> tuple[GoalTree, frozenset[str] | None]:
    """The goal tree to lint, and the files to report on (None: all of them).

    Directories are linted whole. When files are named (pre-commit passes the staged ones),
    the tree around them is read too, because duplicate ids, references and alignment are
    only known from the whole tree, but only findings in the named files are reported.
    """
    scanned, scope = scan(paths, config)
    try:
        return arranged(scanned.load(), scope), scope
    finally:
        scanned.close()


def scan(paths: Sequence[Path], config: Path | None) -> tuple[ScannedTree, frozenset[str] | None]:
    """The goal tree to lint, found (and read and hashed, with a cache) but not parsed, and
    the files to report on (None: all of them); see `load`."""
    from okrctl.load.discover import find_config, goal_files, tree_around
    from okrctl.load.goal_tree import scan_tree
    from okrctl.load.loader import display_path

    if all(path.is_dir() for path in paths):
        return scan_tree(paths, config), None
    config_path = config or find_config(paths)
    named = goal_files(paths)
    # A config named with --config is named too: its mistakes are reported.
    named_paths = [*named.files, *named.outside, *([config] if config else [])]
    scope = {display_path(path) for path in named_paths}
    return scan_tree([tree_around(paths, config_path), *paths], config_path), frozenset(scope)


def arranged(tree: GoalTree, scope: frozenset[str] | None) -> GoalTree:
    """The tree as linted for files named in `scope`: those files count as read last, so a
    clash between one of them and the rest of the tree (a duplicate id, one objective too
    many) is reported in the named file: that is the file being committed, and the one the
    finding can be shown in."""
    from okrctl.model.tree import GoalTree

    if scope is None:
        return tree
    context = [file for file in tree.files if file.path not in scope]
    named_files = [file for file in tree.files if file.path in scope]
    return GoalTree(context + named_files, tree.loaded_config)


def linted(
    scanned: ScannedTree,
    scope: frozenset[str] | None,
    selection: Selection,
    config_problems: list[Problem],
    today: date,
) -> tuple[LintResult, Callable[[], GoalTree]]:
    """The lint result of a scanned tree (from the cache when it kept one for the very same
    files: linting.lint_scanned), and how to get its tree (for the formats that look into the
    files): loaded only when asked for."""
    from okrctl.linting import lint_scanned

    trees: list[GoalTree] = []

    def tree() -> GoalTree:
        if not trees:
            trees.append(arranged(scanned.load(), scope))
        return trees[0]

    return lint_scanned(scanned, tree, selection, today, config_problems, scope), tree


def run(options: Options, terminal: Terminal) -> int:
    """Lint and emit the report; the exit status says whether a finding is at the failing
    level."""
    import time

    from okrctl import clock
    from okrctl.linting import build_selection
    from okrctl.model.tree import GoalTree

    started, clock_start = clock.now(), time.perf_counter()
    scanned, scope = scan(options.paths or [Path(".")], options.config)
    try:
        # The selection needs only the config (its mistakes are found before any file).
        selection, config_problems = build_selection(
            GoalTree([], scanned.loaded_config), split(options.select), split(options.ignore)
        )
        result, tree = linted(scanned, scope, selection, config_problems, clock.today())
        return _report(options, terminal, result, tree, started, clock_start)
    finally:
        scanned.close()


def _report(
    options: Options,
    terminal: Terminal,
    result: LintResult,
    tree: Callable[[], GoalTree],
    started: datetime,
    clock_start: float,
) -> int:
    import dataclasses
    import os
    import time

    from okrctl.findings import Severity

    failing = Severity.WARNING if options.strict else Severity.ERROR
    result = dataclasses.replace(result, failing=failing)
    wanted = needs(LINT, options.output_format, options.output)
    if Need.RUN in wanted:
        import socket

        seconds = time.perf_counter() - clock_start
        result = dataclasses.replace(
            result, started=started, seconds=seconds, hostname=socket.gethostname()
        )
    if Need.REPOSITORY_ROOT in wanted:
        from okrctl.load.discover import repository_root

        root = repository_root(Path.cwd())
        if root is not None:
            base = Path(os.path.relpath(Path.cwd().resolve(), root)).as_posix()
            result = dataclasses.replace(result, base="" if base == "." else base)
        named_from = root if root is not None else Path.cwd().resolve()
        result = dataclasses.replace(
            result,
            root=named_from.as_posix(),
            rules_url=terminal.environ.get(RULES_URL, ""),
        )
    if Need.REGIONS in wanted:
        from okrctl.load.regions import finding_ends

        result = dataclasses.replace(result, ends=finding_ends(result.findings, tree()))
    base_ref = terminal.environ.get(BASE_REF, "")
    if Need.CHANGED_FILES in wanted and base_ref:
        from okrctl.load.git import changed_files

        result = dataclasses.replace(result, changed=changed_files(Path.cwd(), base_ref))
    if Need.ANCHORS in wanted:
        from okrctl.load.regions import finding_anchors

        result = dataclasses.replace(result, anchors=finding_anchors(result.findings, tree()))
    emit(result, LINT, options.output_format, terminal, options.output)
    return EXIT_FINDINGS if result.fails(failing) else EXIT_OK

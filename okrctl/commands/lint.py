"""`okrctl lint`: validate goal files and run the lint rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from okrctl.errors import EXIT_FINDINGS, EXIT_OK
from okrctl.findings import Severity
from okrctl.linting import build_selection, lint
from okrctl.load.goal_tree import load_tree
from okrctl.reports import lint_reporter


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
) -> int:
    tree = load_tree(paths or [Path(".")], config)
    selection, config_problems = build_selection(tree, select, ignore)
    result = lint(tree, selection, today or date.today(), config_problems)
    out.write(lint_reporter(output_format)(result, color))
    failing = Severity.WARNING if strict else Severity.ERROR
    return EXIT_FINDINGS if result.fails(failing) else EXIT_OK

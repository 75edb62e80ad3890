"""`okrctl tree`: show how team objectives align to company objectives, with scores."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from okrctl import clock
from okrctl.checked import checked_tree
from okrctl.compute.alignment import alignment
from okrctl.compute.asof import parse_as_of
from okrctl.compute.scoring import score_tree
from okrctl.errors import EXIT_OK
from okrctl.reports import TREE_FORMATS, reporter


def run(
    paths: Sequence[Path],
    out: TextIO,
    err: TextIO,
    *,
    output_format: str = "text",
    period: str | None = None,
    as_of: str | None = None,
    config: Path | None = None,
    skip_invalid: bool = False,
    color: bool = False,
    width: int | None = None,
    today: date | None = None,
) -> int:
    today = today or clock.today()
    when, explicit = parse_as_of(as_of, today)
    checked = checked_tree(paths, config=config, skip_invalid=skip_invalid, today=today)
    report = score_tree(
        checked.tree,
        when,
        explicit_date=explicit,
        period=period,
        containing=True,
        skipped=checked.skipped,
    )
    roots = alignment(checked.tree, report)
    out.write(reporter(TREE_FORMATS, output_format)(roots, color, width))
    return EXIT_OK

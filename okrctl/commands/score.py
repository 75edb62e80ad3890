"""`okrctl score`: grade key results and objectives, with pace during the period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from okrctl import clock
from okrctl.checked import checked_tree
from okrctl.compute.asof import parse_as_of
from okrctl.compute.scoring import score_tree
from okrctl.errors import EXIT_OK
from okrctl.reports import SCORE_FORMATS, reporter
from okrctl.reports.jsonstream import write


def run(
    paths: Sequence[Path],
    out: TextIO,
    err: TextIO,
    *,
    output_format: str = "text",
    period: str | None = None,
    team: str | None = None,
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
        team=team,
        skipped=checked.skipped,
    )
    write(out, reporter(SCORE_FORMATS, output_format)(report, color, width))
    return EXIT_OK

"""`okrctl suggest`: close the loop between KPIs and OKRs, with ready-to-paste drafts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from okrctl import clock
from okrctl.checked import checked_tree
from okrctl.compute.asof import parse_as_of
from okrctl.compute.kpi_health import check_kpis
from okrctl.compute.scoring import AsOf, score_tree
from okrctl.compute.suggestions import suggest
from okrctl.errors import EXIT_OK, UsageError
from okrctl.reports import SUGGEST_FORMATS, reporter


def run(
    paths: Sequence[Path],
    out: TextIO,
    err: TextIO,
    *,
    output_format: str = "text",
    as_of: str | None = None,
    config: Path | None = None,
    skip_invalid: bool = False,
    color: bool = False,
    width: int | None = None,
    today: date | None = None,
) -> int:
    """Suggestions advise: the exit status is 0 with or without them (kpi check alerts)."""
    today = today or clock.today()
    when, _ = parse_as_of(as_of, today)
    if when.end_of_period:
        raise UsageError("--as-of: give a date, today or yesterday")
    checked = checked_tree(paths, config=config, skip_invalid=skip_invalid, today=today)
    tree, day = checked.tree, when.day
    # Scored and checked once, at each period's last day or `day`, as suggest needs them.
    scores, kpis = score_tree(tree, AsOf(day)), check_kpis(tree, day)
    report = suggest(tree, day, scores, kpis, checked.skipped)
    out.write(reporter(SUGGEST_FORMATS, output_format)(report, color, width))
    return EXIT_OK

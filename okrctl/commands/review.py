"""`okrctl review`: the report for the weekly or quarterly meeting, printed or written to a file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from okrctl import clock
from okrctl.checked import checked_tree
from okrctl.compute.asof import parse_as_of
from okrctl.compute.review import CADENCES, build_review
from okrctl.errors import EXIT_OK, UsageError
from okrctl.output import write_atomically
from okrctl.reports import REVIEW_FORMATS, reporter


def run(
    paths: Sequence[Path],
    out: TextIO,
    err: TextIO,
    *,
    output_format: str = "text",
    cadence: str | None = None,
    period: str | None = None,
    team: str | None = None,
    as_of: str | None = None,
    output: Path | None = None,
    config: Path | None = None,
    skip_invalid: bool = False,
    color: bool = False,
    width: int | None = None,
    today: date | None = None,
) -> int:
    """A report full of breaches is still a report: exit 0 (`kpi check` is what alerts)."""
    if cadence is not None and cadence not in CADENCES:
        raise UsageError(f"--cadence: one of {', '.join(CADENCES)}, got `{cadence}`")
    today = today or clock.today()
    when, _ = parse_as_of(as_of, today)
    checked = checked_tree(paths, config=config, skip_invalid=skip_invalid, today=today)
    report = build_review(
        checked.tree,
        when,
        checked.lint.findings,
        cadence=cadence,
        period=period,
        team=team,
        skipped=checked.skipped,
    )
    render = reporter(REVIEW_FORMATS, output_format)
    if output is None:
        out.write(render(report, color, width))
    else:
        write_atomically(output, render(report, False, None))
    return EXIT_OK

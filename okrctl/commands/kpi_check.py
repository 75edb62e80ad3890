"""`okrctl kpi check`: the KPI board, and an exit status that alerts on breaches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from okrctl import clock
from okrctl.checked import checked_tree
from okrctl.compute.asof import parse_as_of
from okrctl.compute.kpi_health import check_kpis
from okrctl.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from okrctl.reports import KPI_FORMATS, reporter
from okrctl.reports.jsonstream import write


def run(
    paths: Sequence[Path],
    out: TextIO,
    err: TextIO,
    *,
    output_format: str = "text",
    team: str | None = None,
    as_of: str | None = None,
    fail_on: str = "breach",
    config: Path | None = None,
    skip_invalid: bool = False,
    color: bool = False,
    width: int | None = None,
    today: date | None = None,
) -> int:
    today = today or clock.today()
    when, _ = parse_as_of(as_of, today)
    if when.end_of_period:
        raise UsageError("--as-of: KPIs have no period; give a date, today or yesterday")
    checked = checked_tree(paths, config=config, skip_invalid=skip_invalid, today=today)
    report = check_kpis(checked.tree, when.day, team=team, skipped=checked.skipped)
    write(out, reporter(KPI_FORMATS, output_format)(report, color, width))
    return EXIT_FINDINGS if report.fails(fail_on) else EXIT_OK

"""`okrctl kpi check`: the KPI board, and an exit status that alerts on breaches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from okrctl.commands.options import (
    ConfigOption,
    DayAsOfOption,
    PathsArgument,
    SkipInvalidOption,
    WidthOption,
    format_option,
)
from okrctl.commands.pipeline import When, report_on_tree
from okrctl.completion import complete_team
from okrctl.errors import EXIT_FINDINGS, EXIT_OK
from okrctl.reports import KPI
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from okrctl.checked import CheckedTree
    from okrctl.compute.kpi_health import KpiReport


@dataclass(frozen=True, slots=True)
class Options:
    """Check every KPI against its band: ok, warn, breach or no-data; stale; breach streak.

    Exit status 1 when a KPI is at or beyond --fail-on (default: breach), so a scheduled CI
    job alerts the owner; 0 otherwise; 2 when the goal tree has errors.

    Example: okrctl kpi check examples/ --fail-on warn
    """

    paths: PathsArgument = None
    team: Annotated[
        str | None, typer.Option(help="Only this team's KPIs.", autocompletion=complete_team)
    ] = None
    as_of: DayAsOfOption = None
    output_format: Annotated[str, format_option(), KPI] = KPI.default
    fail_on: Annotated[
        Literal["breach", "warn", "stale", "never"],
        typer.Option(help="Exit 1 when a KPI is at or beyond this: breach > warn > stale."),
    ] = "breach"
    config: ConfigOption = None
    skip_invalid: SkipInvalidOption = False
    width: WidthOption = None


def run(options: Options, terminal: Terminal) -> int:
    def compute(checked: CheckedTree, when: When) -> KpiReport:
        from okrctl.compute.kpi_health import check_kpis

        return check_kpis(checked.tree, when.as_of.day, team=options.team, skipped=checked.skipped)

    return report_on_tree(
        options.paths,
        terminal,
        compute,
        KPI,
        options.output_format,
        options=options,
        as_of=options.as_of,
        config=options.config,
        skip_invalid=options.skip_invalid,
        width=options.width,
        dates_only="--as-of: KPIs have no period; give a date, today or yesterday",
        status=lambda report: EXIT_FINDINGS if report.fails(options.fail_on) else EXIT_OK,
    )

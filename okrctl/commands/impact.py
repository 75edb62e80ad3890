"""`okrctl impact`: did the OKR move the needle? KPIs before, at the end of and after a period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

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
from okrctl.reports import IMPACT
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from okrctl.checked import CheckedTree
    from okrctl.compute.impact import ImpactReport


@dataclass(frozen=True, slots=True)
class Options:
    """Did the OKR move the needle? Each KPI an objective set out to move, and held since.

    For every objective with a KPI-linked key result or a `from_kpi`: the KPI on the period's
    first day, at its end and over the following period, with a verdict: moved-and-held,
    moved-then-slipped, not-moved, too-early or no-data. For every KPI with a `from_kr`: whether
    its band has been defended since the key result's period ended (docs/scoring.md, Impact).
    Exit status 0 whatever the verdicts.

    Example: okrctl impact examples/ --period 2026-Q2
    """

    paths: PathsArgument = None
    period: Annotated[
        str | None, typer.Option(help="Only objectives (and key results) of this period.")
    ] = None
    team: Annotated[
        str | None, typer.Option(help="Only this team.", autocompletion=complete_team)
    ] = None
    as_of: DayAsOfOption = None
    output_format: Annotated[str, format_option(), IMPACT] = IMPACT.default
    config: ConfigOption = None
    skip_invalid: SkipInvalidOption = False
    width: WidthOption = None


def run(options: Options, terminal: Terminal) -> int:
    """Impact informs: the exit status is 0 whatever the verdicts."""

    def compute(checked: CheckedTree, when: When) -> ImpactReport:
        from okrctl.compute.impact import impact
        from okrctl.compute.review import _check_team

        _check_team(checked.tree, options.team)
        return impact(
            checked.tree,
            when.as_of.day,
            period=options.period,
            team=options.team,
            skipped=checked.skipped,
        )

    return report_on_tree(
        options.paths,
        terminal,
        compute,
        IMPACT,
        options.output_format,
        options=options,
        as_of=options.as_of,
        config=options.config,
        skip_invalid=options.skip_invalid,
        width=options.width,
        dates_only="--as-of: give a date, today or yesterday",
    )

"""`okrctl calibration`: how well the confidence in check-ins foretold the verdicts."""

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
from okrctl.reports import CALIBRATION
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from okrctl.checked import CheckedTree
    from okrctl.compute.learning import CalibrationReport


@dataclass(frozen=True, slots=True)
class Options:
    """How well the confidence in check-ins foretold the verdicts, per team and per owner.

    Every check-in with a `confidence` given during a period that has ended is held against
    its key result's verdict (met or success: 1, missed: 0): the Brier score is the mean of
    (confidence - outcome)^2, and "missed at" the mean confidence given on the key results that
    were missed. A team or owner needs 5 finished key results before a number is shown
    (docs/scoring.md).

    Example: okrctl calibration examples/ --team support --format markdown
    """

    paths: PathsArgument = None
    team: Annotated[
        str | None, typer.Option(help="Only this team.", autocompletion=complete_team)
    ] = None
    since: Annotated[
        str | None,
        typer.Option(help="Only periods from this one on, as written (2026-Q2)."),
    ] = None
    as_of: DayAsOfOption = None
    output_format: Annotated[str, format_option(), CALIBRATION] = CALIBRATION.default
    config: ConfigOption = None
    skip_invalid: SkipInvalidOption = False
    width: WidthOption = None


def run(options: Options, terminal: Terminal) -> int:
    def compute(checked: CheckedTree, when: When) -> CalibrationReport:
        from okrctl.compute.errors import UnknownPeriod, UnknownTeam
        from okrctl.compute.learning import calibrate
        from okrctl.compute.periods import find_period
        from okrctl.errors import UsageError

        tree = checked.tree
        if options.team is not None:
            known = sorted({p.team for p in tree.objectives} | {k.team for k in tree.kpis.values()})
            if options.team not in known:
                raise UnknownTeam(options.team, known)
        if options.since is not None:
            try:  # the error names --since, not the --period a domain error is shown with
                find_period(tree, options.since, containing=True)
            except UnknownPeriod as error:
                raise UsageError(f"--since: {error}") from error
        return calibrate(
            tree,
            when.as_of.day,
            team=options.team,
            since=options.since,
            skipped=checked.skipped,
        )

    return report_on_tree(
        options.paths,
        terminal,
        compute,
        CALIBRATION,
        options.output_format,
        options=options,
        as_of=options.as_of,
        config=options.config,
        skip_invalid=options.skip_invalid,
        width=options.width,
        dates_only="--as-of: calibration counts the periods ended by a date; give a date, "
        "today or yesterday",
    )

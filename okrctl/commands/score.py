"""`okrctl score`: grade key results and objectives, with pace during the period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from okrctl.commands.options import (
    AsOfOption,
    ConfigOption,
    PathsArgument,
    SkipInvalidOption,
    WidthOption,
    format_option,
)
from okrctl.commands.pipeline import When, report_on_tree
from okrctl.completion import complete_team
from okrctl.reports import SCORE
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from okrctl.checked import CheckedTree
    from okrctl.compute.scoring import ScoreReport


@dataclass(frozen=True, slots=True)
class Options:
    """Score key results and objectives: grade, verdict after the period, pace during it.

    A tree with lint errors is not scored: the errors are printed and the exit status is 2
    (warnings do not block). --skip-invalid scores the rest and lists what it skipped.

    Example: okrctl score examples/ --period 2026-Q3 --format markdown
    """

    paths: PathsArgument = None
    period: Annotated[str | None, typer.Option(help="Only this period, as written (2026-Q4).")] = (
        None
    )
    team: Annotated[
        str | None, typer.Option(help="Only this team.", autocompletion=complete_team)
    ] = None
    as_of: AsOfOption = None
    output_format: Annotated[str, format_option(), SCORE] = SCORE.default
    config: ConfigOption = None
    skip_invalid: SkipInvalidOption = False
    width: WidthOption = None


def run(options: Options, terminal: Terminal) -> int:
    def compute(checked: CheckedTree, when: When) -> ScoreReport:
        from okrctl.compute.scoring import score_tree

        return score_tree(
            checked.tree,
            when.as_of,
            explicit_date=when.explicit,
            period=options.period,
            team=options.team,
            skipped=checked.skipped,
        )

    return report_on_tree(
        options.paths,
        terminal,
        compute,
        SCORE,
        options.output_format,
        options=options,
        as_of=options.as_of,
        config=options.config,
        skip_invalid=options.skip_invalid,
        width=options.width,
    )

"""`okrctl review`: the report for the review meeting, printed or written to a file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

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
from okrctl.errors import UsageError
from okrctl.reports import REVIEW
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from okrctl.checked import CheckedTree
    from okrctl.compute.review import ReviewReport


@dataclass(frozen=True, slots=True)
class Options:
    """The report for the review meeting: a summary, then each team's KPIs and OKRs.

    Exit status 0 when the report was produced, breaches or not (`okrctl kpi check` is the
    command that alerts); 2 when the goal tree has errors.

    Example: okrctl review examples/ --format html --output review.html
    """

    paths: PathsArgument = None
    team: Annotated[
        str | None, typer.Option(help="Only this team.", autocompletion=complete_team)
    ] = None
    period: Annotated[
        str | None,
        typer.Option(help="Review this period (2026-Q3) and the periods containing it."),
    ] = None
    as_of: AsOfOption = None
    cadence: Annotated[
        Literal["weekly", "monthly", "quarterly"] | None,
        typer.Option(
            help="Default: quarterly when --period or --as-of end-of-period is given, or a "
            "quarter ended in the last 14 days; monthly in a month's first 7 days if "
            "okrctl.yaml sets review.monthly.first_week; else weekly.",
        ),
    ] = None
    output_format: Annotated[str, format_option(), REVIEW] = REVIEW.default
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file (atomically)."),
    ] = None
    link: Annotated[
        str | None,
        typer.Option(
            help="The full report's http(s) address, which the slack and teams digests end "
            'with (they are cut when long). Default: the words "full report: okrctl review".',
        ),
    ] = None
    config: ConfigOption = None
    skip_invalid: SkipInvalidOption = False
    width: WidthOption = None


def run(options: Options, terminal: Terminal) -> int:
    """A report full of breaches is still a report: exit 0 (`kpi check` is what alerts)."""
    if options.link is not None and not options.link.startswith(("https://", "http://")):
        raise UsageError(f"--link: `{options.link}` is no http(s) address")

    def compute(checked: CheckedTree, when: When) -> ReviewReport:
        from okrctl.compute.review import build_review

        report = build_review(
            checked.tree,
            when.as_of,
            checked.lint.findings,
            cadence=options.cadence,
            period=options.period,
            team=options.team,
            skipped=checked.skipped,
        )
        return report if options.link is None else replace(report, full_report=options.link)

    return report_on_tree(
        options.paths,
        terminal,
        compute,
        REVIEW,
        options.output_format,
        options=options,
        as_of=options.as_of,
        config=options.config,
        skip_invalid=options.skip_invalid,
        width=options.width,
        output=options.output,
    )

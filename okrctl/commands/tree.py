"""`okrctl tree`: show how team objectives align to company objectives, with scores."""

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
from okrctl.reports import TREE
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from okrctl.checked import CheckedTree
    from okrctl.compute.alignment import TreeReport


@dataclass(frozen=True, slots=True)
class Options:
    """Show the alignment tree: each objective under the one it aligns to, with its score.

    Example: okrctl tree examples/ --period 2026-Q4
    """

    paths: PathsArgument = None
    period: Annotated[
        str | None,
        typer.Option(help="Only this period and the periods containing it (the company's year)."),
    ] = None
    as_of: AsOfOption = None
    output_format: Annotated[str, format_option(), TREE] = TREE.default
    config: ConfigOption = None
    skip_invalid: SkipInvalidOption = False
    width: WidthOption = None
    rollup: Annotated[
        bool,
        typer.Option(
            "--rollup",
            help="Also show each key result that others align to, with the key results and "
            "objectives that feed it and their scores.",
        ),
    ] = False


def run(options: Options, terminal: Terminal) -> int:
    def compute(checked: CheckedTree, when: When) -> TreeReport:
        from okrctl.compute.alignment import tree_report
        from okrctl.compute.scoring import score_tree

        report = score_tree(
            checked.tree,
            when.as_of,
            explicit_date=when.explicit,
            period=options.period,
            containing=True,
            skipped=checked.skipped,
        )
        return tree_report(checked.tree, report, rollup=options.rollup)

    return report_on_tree(
        options.paths,
        terminal,
        compute,
        TREE,
        options.output_format,
        options=options,
        as_of=options.as_of,
        config=options.config,
        skip_invalid=options.skip_invalid,
        width=options.width,
    )

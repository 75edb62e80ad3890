"""`okrctl suggest`: close the loop between KPIs and OKRs, with ready-to-paste drafts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from okrctl.commands.options import (
    ConfigOption,
    DayAsOfOption,
    PathsArgument,
    SkipInvalidOption,
    WidthOption,
    format_option,
)
from okrctl.commands.pipeline import When, report_on_tree
from okrctl.reports import SUGGEST
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from okrctl.checked import CheckedTree
    from okrctl.compute.suggestions import SuggestionReport


@dataclass(frozen=True, slots=True)
class Options:
    """Suggest objectives from KPIs out of band, and KPIs from key results achieved.

    Each suggestion gives its reason and a ready-to-paste YAML draft. Exit status 0 with or
    without suggestions (`okrctl kpi check` is the command that alerts).

    Example: okrctl suggest examples/ --format yaml
    """

    paths: PathsArgument = None
    as_of: DayAsOfOption = None
    output_format: Annotated[str, format_option(), SUGGEST] = SUGGEST.default
    config: ConfigOption = None
    skip_invalid: SkipInvalidOption = False
    width: WidthOption = None


def run(options: Options, terminal: Terminal) -> int:
    """Suggestions advise: the exit status is 0 with or without them (kpi check alerts)."""

    def compute(checked: CheckedTree, when: When) -> SuggestionReport:
        from okrctl.compute.kpi_health import check_kpis
        from okrctl.compute.scoring import AsOf, score_tree
        from okrctl.compute.suggestions import suggest

        tree, day = checked.tree, when.as_of.day
        # Scored and checked once, at each period's last day or `day`, as suggest needs them.
        scores, kpis = score_tree(tree, AsOf(day)), check_kpis(tree, day)
        return suggest(tree, day, scores, kpis, checked.skipped)

    return report_on_tree(
        options.paths,
        terminal,
        compute,
        SUGGEST,
        options.output_format,
        options=options,
        as_of=options.as_of,
        config=options.config,
        skip_invalid=options.skip_invalid,
        width=options.width,
        dates_only="--as-of: give a date, today or yesterday",
    )

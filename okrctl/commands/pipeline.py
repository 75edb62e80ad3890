"""The pipeline of every command that reports on a checked goal tree (score, tree, kpi check,
suggest, review): parse --as-of, load the tree and refuse one with errors, compute, emit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from okrctl.commands.emit import emit
from okrctl.reports import Registry
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from okrctl.checked import CheckedTree
    from okrctl.compute.scoring import AsOf

Result = TypeVar("Result")


@dataclass(frozen=True, slots=True)
class When:
    """The date a report is as of, and whether --as-of named it (not a default)."""

    as_of: AsOf
    explicit: bool


def report_on_tree(
    paths: Sequence[Path] | None,
    terminal: Terminal,
    compute: Callable[[CheckedTree, When], Result],
    reporters: Registry[Result],
    output_format: str,
    *,
    as_of: str | None = None,
    config: Path | None = None,
    skip_invalid: bool = False,
    output: Path | None = None,
    dates_only: str | None = None,
    width: int | None = None,
) -> Result:
    """Compute a report on the goal tree at `paths` and emit it; the result, for the exit status.

    `dates_only` is the error for an `--as-of end-of-period` the report has no use for (KPIs
    and suggestions have no period). `width` (`--width`) lays text tables out at that many
    columns, on the terminal and in the `--output` file. A tree with errors is refused by
    checked_tree (an error that carries its findings, for the error handler to list) before
    anything is computed.
    """
    from okrctl import clock
    from okrctl.checked import checked_tree
    from okrctl.compute.asof import parse_as_of
    from okrctl.errors import UsageError

    today = clock.today()
    day, explicit = parse_as_of(as_of, today)
    if dates_only is not None and day.end_of_period:
        raise UsageError(dates_only)
    checked = checked_tree(
        paths or [Path(".")], config=config, skip_invalid=skip_invalid, today=today
    )
    result = compute(checked, When(day, explicit))
    emit(result, reporters, output_format, terminal, output, width=width)
    return result

"""Which period a report is about: the one `--period` names (checked against the tree), or the
latest period that has objectives when every period a default would pick is empty.

`--period` takes what a goal file takes (`2026-Q4`, `2026-H1`, `2026`), in any case and with or
without the hyphen (`2026q4` is `2026-Q4`), or a range `2026-10-01..2026-12-31` (a range equal to
a quarter, half or year is that period). A text that names no period, or a period the tree has
no objectives for, is an error that lists the periods the tree has.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from okrctl.compute.errors import UnknownPeriod
from okrctl.model.period import Period, typed_period
from okrctl.model.tree import GoalTree, PlacedObjective
from okrctl.spelling import did_you_mean

WRITE = "write 2026-Q4, 2026-H1 or 2026"


def tree_periods(objectives: Iterable[PlacedObjective]) -> list[Period]:
    """The periods of these objectives, in order: by first day, then the longest first."""
    unique = {(p.period.start, p.period.end): p.period for p in objectives}
    return sorted(unique.values(), key=lambda p: (p.start, -p.days, p.label))


def _listing(periods: Sequence[Period]) -> str:
    if not periods:
        return " (the goal tree has no objectives)"
    return f" (periods with objectives: {', '.join(p.label for p in periods)})"


def find_period(tree: GoalTree, text: str, *, containing: bool = False) -> Period:
    """The period `text` names, as the tree knows it.

    UnknownPeriod when `text` is not a period, or when no objective of the tree is of that
    period (with `containing`, nor of a period that contains it: a review of 2026-Q3 shows the
    company's 2026 objectives).
    """
    periods = tree_periods(tree.objectives)
    labels = [p.label for p in periods]
    asked = typed_period(text, tree.config.fiscal_year_start)
    if asked is None:
        raise UnknownPeriod(
            text,
            f"`{text}` is not a period: {WRITE}{_listing(periods)}{did_you_mean(text, labels)}",
        )
    for period in periods:
        if (period.start, period.end) == (asked.start, asked.end):
            return period
    if containing and any(period.covers(asked) for period in periods):
        return asked
    raise UnknownPeriod(
        text, f"no objectives in {asked.label}{_listing(periods)}{did_you_mean(text, labels)}"
    )


def latest_period(objectives: Iterable[PlacedObjective], day: date) -> Period | None:
    """The period of these objectives that ended last on or before `day`, else the one that began
    last before it (the shorter of two that end together: the quarter, not its year); None
    when every period with objectives is still to come."""
    begun = [p for p in tree_periods(objectives) if p.start <= day]
    if not begun:
        return None
    return max(begun, key=lambda p: (min(p.end, day), -p.days, p.start))

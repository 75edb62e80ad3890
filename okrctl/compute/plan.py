"""Planned paths: the value a key result's `plan` expects by a date, exactly.

A numeric or KPI-linked key result may write `plan`, `{date, value}` points inside its period
("10% of pipeline by the end of October, 20% by the end of November"). The path runs from
`start` on the period's first day through the points, in straight lines by days, and then,
when the last point is before the period's last day, on to `target` on that day; from the
last day on it stays at its end (a point on the first day takes the place of `start`).
During the period, the score that the planned value would earn is the key result's expected
score, in place of the share of time gone (compute/scoring.py, docs/scoring.md).

Everything is exact (fractions of the numbers as written), so scoring.py rounds once.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from okrctl.model.period import Period

Path = tuple[tuple[date, Fraction], ...]  # (day, value), days in increasing order


def planned_path(
    period: Period, start: Fraction, target: Fraction, plan: Sequence[tuple[date, Fraction]]
) -> Path:
    """The path a plan draws: start on the first day, the points, the target on the last day
    (unless the last point is on or after it).

    Total on plans lint rejects (`plan-order`): a point not after the one before it is left
    out, so no segment ever has zero or negative length.
    """
    points = [(period.start, start)]
    for day, value in plan:
        if day == period.start and len(points) == 1:
            points[0] = (day, value)  # planned from the first day: it replaces the start
        elif day > points[-1][0]:
            points.append((day, value))
    if points[-1][0] < period.end:
        points.append((period.end, target))
    return tuple(points)


def planned_value(path: Path, day: date) -> Fraction:
    """The value the path expects on a day: linear by days between its points, its first
    value before it starts and its last value after it ends."""
    if day <= path[0][0]:
        return path[0][1]
    for (low_day, low), (high_day, high) in itertools.pairwise(path):
        if day <= high_day:
            return low + (high - low) * Fraction((day - low_day).days, (high_day - low_day).days)
    return path[-1][1]

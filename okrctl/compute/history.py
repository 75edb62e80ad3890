"""Historical forecasts (issue 20, `scoring.forecast: historical`): where a running key result
is headed, by how its team's key results of past periods moved from the same point to the end.

The method (docs/scoring.md has a worked example):

1. The point: the share of its period gone by on the as-of date, e = days since the first day
   / days in the period (compute/scoring.py's `exact_elapsed`).
2. The past: every period of the same team and of the same kind (quarter, half, year, range)
   that ended before this one began. In each, every key result not dropped by its end whose
   verdict could be judged (a value or a self-graded score on the last day, not out of range)
   gives one gap: its final score (on the last day) minus its score on the same point of that
   period, the day `first day + floor(e x its days)`.
3. The forecast: the key result's score now plus the median of those gaps (the mean of the two
   middle ones when there is an even number), clipped to 0..1 and rounded once to three
   decimals, half up; exact on the scores before rounding.

It is given only when the gaps come from at least two past periods (`MIN_PERIODS`: one
quarter is an anecdote), to a key result of a period under way that is not dropped and has a
value or a self-graded score now. The straight-line `forecast` of its value stays as it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from okrctl.compute.scoring import (
    OUT_OF_RANGE,
    HistoricalForecast,
    KeyResultScore,
    ObjectiveScore,
    exact_elapsed,
    round_half_up,
    score_key_result,
)
from okrctl.model.period import Period
from okrctl.model.tree import GoalTree, PlacedObjective

MIN_PERIODS = 2


def median(values: Sequence[Fraction]) -> Fraction:
    """The middle value; the mean of the two middle ones for an even count."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def same_point(period: Period, elapsed: Fraction) -> date:
    """The day of `period` at the share `elapsed` of it: its first day plus floor(e x days)."""
    return period.start + timedelta(days=math.floor(elapsed * period.days))


def past_gaps(
    tree: GoalTree, team: str, current: Period, elapsed: Fraction
) -> tuple[list[Fraction], int]:
    """The gaps (final score - score at the same point) of the team's key results of past
    periods of the same kind, and how many periods they come from."""
    settings = tree.config.scoring
    gaps: list[Fraction] = []
    periods: set[tuple[date, date]] = set()
    for placed in tree.objectives:
        period = placed.period
        if placed.team != team or period.kind != current.kind or period.end >= current.start:
            continue
        day = same_point(period, elapsed)
        for kr in placed.key_results():
            if kr.kr.dropped_on(period.end):
                continue
            final = score_key_result(kr, tree, period.end, settings)
            if final.status == OUT_OF_RANGE or not final.judged:
                continue
            then = score_key_result(kr, tree, day, settings)
            gaps.append(final.exact - then.exact)
            periods.add((period.start, period.end))
    return gaps, len(periods)


def historical(
    kr: KeyResultScore, gaps: Sequence[Fraction], periods: int
) -> HistoricalForecast | None:
    """A key result's historical forecast from its team's gaps; None when it gets none."""
    if periods < MIN_PERIODS or not gaps:
        return None
    if kr.dropped or kr.status == OUT_OF_RANGE or not kr.judged:
        return None
    gap = median(gaps)
    forecast = min(Fraction(1), max(Fraction(0), kr.exact + gap))
    return HistoricalForecast(round_half_up(forecast), round_half_up(gap), len(gaps), periods)


def with_history(
    tree: GoalTree, objectives: Sequence[ObjectiveScore]
) -> tuple[ObjectiveScore, ...]:
    """The objectives, their running key results given a historical forecast where the method
    (module docstring) gives one."""
    placed_by_ref: dict[str, PlacedObjective] = {p.ref: p for p in tree.objectives}
    cache: dict[tuple[str, date, date, Fraction], tuple[list[Fraction], int]] = {}
    result = []
    for objective in objectives:
        placed = placed_by_ref.get(objective.ref)
        # Only a period under way: one that has ended has its verdict, and one not begun yet
        # (next quarter's objectives, drafted early) has no point of its own to start from.
        if objective.ended or placed is None or objective.as_of < placed.period.start:
            result.append(objective)
            continue
        period = placed.period
        elapsed = exact_elapsed(period, objective.as_of)
        key = (placed.team, period.start, period.end, elapsed)
        if key not in cache:
            cache[key] = past_gaps(tree, placed.team, period, elapsed)
        gaps, periods = cache[key]
        key_results = tuple(
            replace(kr, historical=found)
            if (found := historical(kr, gaps, periods)) is not None
            else kr
            for kr in objective.key_results
        )
        result.append(
            replace(objective, key_results=key_results)
            if key_results != objective.key_results
            else objective
        )
    return tuple(result)

"""Commit, target and stretch levels: the piecewise-linear score and the zone a value is in.

A key result that writes `commit` or `stretch` around its `target` is scored along the line
through start -> 0, commit -> 0.3, target -> 0.7, stretch -> 1.0; a level it does not write is
left out (only `stretch`: start 0, target 0.7, stretch 1.0; only `commit`: start 0, commit
0.3, target 1.0). Below start it scores 0, past its last level 1. Decreasing metrics alike:
the levels then go down from start (docs/scoring.md).

Everything is exact (fractions of the numbers as written), so scoring.py rounds it once.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Zone = Literal["fail", "commit", "target", "stretch"]

COMMIT_SCORE = Fraction(3, 10)
TARGET_SCORE = Fraction(7, 10)  # with a stretch; without one the target scores 1.0


@dataclass(frozen=True, slots=True)
class Levels:
    """The levels of one key result, as exact numbers; `commit` and `stretch` may be absent."""

    start: Fraction
    target: Fraction
    commit: Fraction | None = None
    stretch: Fraction | None = None

    @property
    def increasing(self) -> bool:
        """Whether higher is better, read as progress reads it: target above start."""
        return self.target >= self.start

    def points(self) -> list[tuple[Fraction, Fraction]]:
        """(value, score) through which the score is drawn, from start to the last level."""
        points = [(self.start, Fraction(0))]
        if self.commit is not None:
            points.append((self.commit, COMMIT_SCORE))
        points.append((self.target, TARGET_SCORE if self.stretch is not None else Fraction(1)))
        if self.stretch is not None:
            points.append((self.stretch, Fraction(1)))
        return points

    def score(self, current: Fraction) -> Fraction:
        """The score of a value, 0..1, linear between the levels.

        Total on misordered levels (lint's `level-order` error keeps them from a report): a
        segment that does not go the target's way is skipped, never divided by.
        """
        sign = 1 if self.increasing else -1
        at = sign * current
        points = self.points()
        if at <= sign * points[0][0]:
            return Fraction(0)
        reached = Fraction(0)
        for (low, low_score), (high, high_score) in itertools.pairwise(points):
            width = sign * (high - low)
            if width <= 0:
                continue
            if at <= sign * high:
                share = (at - sign * low) / width
                return max(reached, low_score + (high_score - low_score) * share)
            reached = high_score
        return Fraction(1)

    def zone(self, current: Fraction) -> Zone:
        """The highest level the value has reached (at or past it): stretch, target, commit;
        `fail` below the commit level (or below the target when no commit is written)."""
        sign = 1 if self.increasing else -1
        at = sign * current
        if self.stretch is not None and at >= sign * self.stretch:
            return "stretch"
        if at >= sign * self.target:
            return "target"
        if self.commit is not None and at >= sign * self.commit:
            return "commit"
        return "fail"

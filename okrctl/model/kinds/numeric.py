"""Numeric key results: a number moved from `start` to `target` (`current:` or check-ins).

Scored by progress, (current - start) / (target - start); checked in with a number; written
`TITLE: START -> TARGET [UNIT]` in `okrctl new objective --kr`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from okrctl.errors import UsageError
from okrctl.model.goals import NumericKeyResult
from okrctl.model.kinds.base import (
    Bounds,
    Level,
    Reading,
    Scale,
    Scored,
    as_float,
    latest_checkin,
    latest_confidence,
    latest_self_score,
    latest_value,
    own,
    scale_journey,
)
from okrctl.typed import parse_number
from okrctl.wording import number, value

if TYPE_CHECKING:
    from okrctl.model.goals import AnyKeyResult
    from okrctl.model.tree import GoalTree, PlacedKeyResult

NUMBER = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"  # what a spec's numbers look like
_SPEC = re.compile(
    rf"(?P<title>.+):\s*(?P<start>{NUMBER})\s*(?:->|→)\s*(?P<target>{NUMBER})\s*(?P<unit>.*)"
)
# What a milestone is checked in with: typed for a numeric key result, it gets a pointed hint.
_MILESTONE_WORDS = ("done", "not-done", "true", "false")


class Numeric:
    """A key result that moves a number from `start` to `target`."""

    name = "numeric"
    model = NumericKeyResult
    compared_fields = ("direction", "unit", "current")

    def bounds(self, placed: PlacedKeyResult, tree: GoalTree) -> Bounds:
        kr = own(placed.kr, NumericKeyResult)
        return Bounds(kr.start, kr.target)

    def reading(self, placed: PlacedKeyResult, tree: GoalTree, as_of: date) -> Reading:
        """The latest check-in on or before `as_of`, else `current`."""
        kr = own(placed.kr, NumericKeyResult)
        if kr.checkins is None:
            return Reading(kr.start, kr.target, kr.current, kr.unit)
        checkin = latest_value(kr.checkins, as_of)
        latest = latest_checkin(kr.checkins, as_of)  # its note is the latest word
        return Reading(
            kr.start,
            kr.target,
            checkin.value if checkin else None,
            kr.unit,
            last_day=checkin.date if checkin else None,
            note=latest.note if latest else None,
            confidence=latest_confidence(kr.checkins, as_of),
            history=tuple(
                (c.date, as_float(c.value))
                for c in kr.checkins
                if c.date <= as_of and c.value is not None
            ),
            self_score=latest_self_score(kr.checkins, as_of),
        )

    def scale(self, kr: AnyKeyResult) -> Scale:
        mine = own(kr, NumericKeyResult)
        return Scale(mine.start, mine.target, mine.direction)

    def increasing(self, placed: PlacedKeyResult, tree: GoalTree) -> bool:
        return own(placed.kr, NumericKeyResult).increasing

    def unit(self, kr: AnyKeyResult) -> str | None:
        return own(kr, NumericKeyResult).unit

    def linked_kpi(self, kr: AnyKeyResult) -> str | None:
        return None

    def defended_level(self, kr: AnyKeyResult) -> Level:
        mine = own(kr, NumericKeyResult)
        return Level(mine.target, mine.increasing, mine.unit)

    def written_value(self, kr: AnyKeyResult) -> tuple[str, int | float | bool] | None:
        mine = own(kr, NumericKeyResult)
        return None if mine.current is None else ("current", mine.current)

    def parse_checkin(self, kr: AnyKeyResult, text: str, ref: str, what: str) -> int | float:
        """A number; `done` and its like get a hint naming the key result's start and target."""
        mine = own(kr, NumericKeyResult)
        try:
            return parse_number(text, what)
        except UsageError as error:
            if text.strip().lower() in _MILESTONE_WORDS:
                span = f"{number(mine.start)} to {value(mine.target, mine.unit)}"
                raise UsageError(
                    f"{ref} is numeric (from {span}): {what} is a number, got `{text}`"
                ) from None
            raise error

    def parse_spec(self, text: str, what: str) -> dict[str, Any] | None:
        """`TITLE: START -> TARGET [UNIT]`."""
        found = _SPEC.fullmatch(text)
        if found is None:
            return None
        start = parse_number(found["start"], what)
        target = parse_number(found["target"], what)
        if start == target:
            raise UsageError(
                f"{what} `{text}`: start and target are equal; a key result is a change"
            )
        spec: dict[str, Any] = {"title": found["title"].strip(), "start": start, "target": target}
        if found["unit"].strip():
            spec["unit"] = found["unit"].strip()
        return spec

    def journey(self, scored: Scored) -> str:
        return scale_journey(scored)


NUMERIC = Numeric()

"""Milestone key results (`binary` in reports and JSON): done or not done.

Scored 1.0 when done, else 0.0; checked in with done or not-done; written as a bare `TITLE`
in `okrctl new objective --kr` (it starts not done).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from okrctl.errors import UsageError
from okrctl.model.goals import BinaryKeyResult
from okrctl.model.kinds.base import (
    Bounds,
    Level,
    Reading,
    Scale,
    Scored,
    latest_checkin,
    latest_confidence,
    latest_self_score,
    latest_value,
    own,
)
from okrctl.wording import value

if TYPE_CHECKING:
    from okrctl.model.goals import AnyKeyResult
    from okrctl.model.tree import GoalTree, PlacedKeyResult

# What a milestone's state is typed as (true and false, as a goal file writes it, work too).
DONE = {"done": True, "true": True, "not-done": False, "false": False}


class Milestone:
    """A key result that is done or not done."""

    name = "binary"
    model = BinaryKeyResult
    compared_fields = ("done",)

    def bounds(self, placed: PlacedKeyResult, tree: GoalTree) -> Bounds:
        return Bounds(False, True)

    def reading(self, placed: PlacedKeyResult, tree: GoalTree, as_of: date) -> Reading:
        """The latest check-in on or before `as_of`, else `done`."""
        kr = own(placed.kr, BinaryKeyResult)
        if kr.checkins is None:
            return Reading(False, True, kr.done)
        checkin = latest_value(kr.checkins, as_of)
        latest = latest_checkin(kr.checkins, as_of)  # its note is the latest word
        return Reading(
            False,
            True,
            checkin.value if checkin else None,
            last_day=checkin.date if checkin else None,
            note=latest.note if latest else None,
            confidence=latest_confidence(kr.checkins, as_of),
            self_score=latest_self_score(kr.checkins, as_of),
        )

    def scale(self, kr: AnyKeyResult) -> Scale | None:
        return None

    def increasing(self, placed: PlacedKeyResult, tree: GoalTree) -> bool | None:
        return None

    def unit(self, kr: AnyKeyResult) -> str | None:
        return None

    def linked_kpi(self, kr: AnyKeyResult) -> str | None:
        return None

    def defended_level(self, kr: AnyKeyResult) -> Level | None:
        return None

    def written_value(self, kr: AnyKeyResult) -> tuple[str, int | float | bool] | None:
        mine = own(kr, BinaryKeyResult)
        return None if mine.done is None else ("done", mine.done)

    def parse_checkin(self, kr: AnyKeyResult, text: str, ref: str, what: str) -> bool:
        """done or not-done (true or false also work)."""
        word = text.strip().lower()
        if word in DONE:
            return DONE[word]
        raise UsageError(f"{ref} is a milestone: {what} is done or not-done, got `{text}`")

    def parse_spec(self, text: str, what: str) -> dict[str, Any]:
        """Any title: a milestone is the form left when no other kind's matches."""
        return {"title": text, "done": False}

    def journey(self, scored: Scored) -> str:
        """`not done (target: done)`."""
        return f"{value(scored.current) if not scored.no_data else 'no data'} (target: done)"


MILESTONE = Milestone()

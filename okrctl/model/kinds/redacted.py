"""Redacted key results: a number whose target is confidential (`target: redacted`).

Published OKRs write "Reach N0 MAU": the team knows the number, the repository must not. The
file then holds no value at all: check-ins give `progress`, the share of the way from start to
target (0 to 1), which is what the key result scores (as progress scores a numeric one), and
every report writes `redacted` where a numeric key result shows its start, value and target.
Not written by `okrctl new` or `okrctl checkin` with a value (docs/format.md).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

from okrctl.errors import UsageError
from okrctl.model.goals import RedactedKeyResult
from okrctl.model.kinds.base import (
    Bounds,
    Level,
    Reading,
    Scale,
    Scored,
    latest_checkin,
    latest_confidence,
    latest_self_score,
    own,
)
from okrctl.wording import number

if TYPE_CHECKING:
    from okrctl.model.goals import AnyKeyResult
    from okrctl.model.tree import GoalTree, PlacedKeyResult

WORD = "redacted"


class Redacted:
    """A key result that moves a confidential number: only its progress is written."""

    name = "redacted"
    model = RedactedKeyResult
    compared_fields = ("unit",)

    def bounds(self, placed: PlacedKeyResult, tree: GoalTree) -> Bounds:
        """Progress runs from 0 (the start) to 1 (the target)."""
        return Bounds(0, 1)

    def reading(self, placed: PlacedKeyResult, tree: GoalTree, as_of: date) -> Reading:
        """The latest progress on or before `as_of`, scored from 0 to 1 like a number. No
        history: a forecast would be a share, not a value, and read as one; the pace (score
        against the share of the period gone) says what a forecast would."""
        kr = own(placed.kr, RedactedKeyResult)
        checkins = kr.checkins or []
        valued = latest_checkin([c for c in checkins if c.progress is not None], as_of)
        latest = latest_checkin(checkins, as_of)
        return Reading(
            0,
            1,
            valued.progress if valued else None,
            kr.unit,
            last_day=valued.date if valued else None,
            note=latest.note if latest else None,
            confidence=latest_confidence(checkins, as_of),
            self_score=latest_self_score(checkins, as_of),
            redacted=True,
        )

    def scale(self, kr: AnyKeyResult) -> Scale | None:
        return None  # no numbers written: no levels, no plan, nothing for lint to order

    def increasing(self, placed: PlacedKeyResult, tree: GoalTree) -> bool:
        return True  # progress only goes up toward 1

    def unit(self, kr: AnyKeyResult) -> str | None:
        return own(kr, RedactedKeyResult).unit

    def linked_kpi(self, kr: AnyKeyResult) -> str | None:
        return None

    def defended_level(self, kr: AnyKeyResult) -> Level | None:
        return None  # a KPI defending it would publish the target

    def written_value(self, kr: AnyKeyResult) -> tuple[str, int | float | bool] | None:
        return None

    def parse_checkin(self, kr: AnyKeyResult, text: str, ref: str, what: str) -> NoReturn:
        """Never: a value would tell the target; progress is written by hand."""
        raise UsageError(
            f"{ref} has a redacted target: it is checked in with `progress` (0 to 1), written "
            "in its file by hand, or graded with --score; a value would tell the target"
        )

    def parse_spec(self, text: str, what: str) -> dict[str, Any] | None:
        return None  # no `--kr` form: a confidential target is written by hand

    def journey(self, scored: Scored) -> str:
        """`redacted (progress 0.4 of the way)`: never a start, value or target."""
        if scored.no_data:
            return f"{WORD} (no data)"
        progress = getattr(scored, "progress", None)
        if progress is None:
            return WORD
        return f"{WORD} ({number(progress * 100)}% of the way)"


REDACTED = Redacted()

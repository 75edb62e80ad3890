"""KPI-linked key results: a KPI moved to `target`, its value the KPI's latest measurement.

Scored like a numeric key result, from `start` (as written, else the KPI's measurement on the
period's first day) to `target`; never checked in (the KPI is measured instead); written
`TITLE: TEAM/KPI -> TARGET` in `okrctl new objective --kr`, levels after it as for a numeric
one: `CSAT: support/csat -> 4.6 (commit 4.4, stretch 4.8)`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

from okrctl.errors import UsageError
from okrctl.model.goals import KpiKeyResult
from okrctl.model.kinds.base import (
    Bounds,
    Level,
    Reading,
    Scale,
    Scored,
    as_float,
    latest_confidence,
    latest_self_score,
    own,
    scale_journey,
)
from okrctl.model.kinds.numeric import parse_levels, split_levels
from okrctl.typed import parse_number
from okrctl.wording import excerpt

if TYPE_CHECKING:
    from okrctl.model.goals import AnyKeyResult
    from okrctl.model.period import Period
    from okrctl.model.tree import GoalTree, PlacedKeyResult

# The target is read strictly once the form is recognised, so that `-> 4,6` or `-> 4.6/5`
# is refused with what to write instead of becoming a milestone's title.
_SPEC = re.compile(
    r"(?P<title>.+):\s*(?P<kpi>[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*)\s*(?:->|→)"
    r"(?P<target>.*)"
)


def _start(kr: KpiKeyResult, tree: GoalTree, period: Period) -> float | None:
    """The start as written, else the KPI's last measurement on or before the period's first
    day (None when the KPI is unknown or was not measured yet)."""
    if kr.start is not None:
        return kr.start
    kpi = tree.find_kpi(kr.kpi)
    if kpi is None:
        return None
    measurement = kpi.value_on(period.start)
    return measurement.value if measurement else None


class KpiLinked:
    """A key result whose value is a KPI's."""

    name = "kpi"
    model = KpiKeyResult
    compared_fields = ("direction", "kpi")

    def bounds(self, placed: PlacedKeyResult, tree: GoalTree) -> Bounds:
        kr = own(placed.kr, KpiKeyResult)
        return Bounds(_start(kr, tree, placed.parent.period), kr.target)

    def reading(self, placed: PlacedKeyResult, tree: GoalTree, as_of: date) -> Reading:
        """The KPI's latest measurement on or before `as_of`; the forecast is drawn through
        the period's measurements up to then."""
        kr = own(placed.kr, KpiKeyResult)
        start, target = self.bounds(placed, tree)
        kpi = tree.find_kpi(kr.kpi)
        graded = latest_self_score(kr.checkins, as_of)
        confidence = latest_confidence(kr.checkins, as_of)
        if kpi is None:
            return Reading(start, target, None, self_score=graded, confidence=confidence)
        period = placed.parent.period
        measurement = kpi.value_on(as_of)
        return Reading(
            start,
            target,
            measurement.value if measurement else None,
            kpi.kpi.unit,
            last_day=measurement.date if measurement else None,
            note=measurement.note if measurement else None,
            history=tuple(
                (m.date, as_float(m.value))
                for m in kpi.kpi.measurements
                if period.start <= m.date <= as_of
            ),
            confidence=confidence,
            self_score=graded,
        )

    def scale(self, kr: AnyKeyResult) -> Scale:
        mine = own(kr, KpiKeyResult)
        return Scale(
            mine.start,
            mine.target,
            mine.direction,
            mine.commit,
            mine.stretch,
            tuple(mine.plan or ()),
        )

    def increasing(self, placed: PlacedKeyResult, tree: GoalTree) -> bool | None:
        """`direction`, else target above start, else read from a one-sided KPI band."""
        kr = own(placed.kr, KpiKeyResult)
        if kr.direction is not None:
            return kr.direction == "increase"
        start = _start(kr, tree, placed.parent.period)
        if start is not None and start != kr.target:
            return kr.target > start
        kpi = tree.find_kpi(kr.kpi)
        return kpi.kpi.increasing if kpi else None

    def unit(self, kr: AnyKeyResult) -> str | None:
        return None  # the KPI's, not written on the key result

    def linked_kpi(self, kr: AnyKeyResult) -> str:
        return own(kr, KpiKeyResult).kpi

    def defended_level(self, kr: AnyKeyResult) -> Level | None:
        return None  # its KPI defends it: `okrctl suggest` tightens the KPI's band instead

    def written_value(self, kr: AnyKeyResult) -> tuple[str, int | float | bool] | None:
        return None

    def parse_checkin(self, kr: AnyKeyResult, text: str, ref: str, what: str) -> NoReturn:
        """Never: its value is its KPI's, recorded with `okrctl kpi record`."""
        kpi = own(kr, KpiKeyResult).kpi
        raise UsageError(
            f"{ref} is KPI-linked: its value is {kpi}'s latest measurement; record one "
            f"with `okrctl kpi record {kpi} VALUE`"
        )

    def parse_spec(self, text: str, what: str) -> dict[str, Any] | None:
        """`TITLE: TEAM/KPI -> TARGET`, optionally `(commit N, stretch N)` after it. Their
        order is left to `level-order` (the direction may come from the KPI)."""
        body, levels = split_levels(text)
        found = _SPEC.fullmatch(body)
        if found is None:
            return None
        if not found["target"].strip():
            raise UsageError(
                f"{what} `{text}`: the target is missing; write `TITLE: TEAM/KPI -> TARGET`"
            )
        target = parse_number(found["target"].strip(), what)
        read = (
            {}
            if levels is None
            else parse_levels(
                levels, what, excerpt(text), lambda written: parse_number(written, what)
            )
        )
        spec: dict[str, Any] = {"title": found["title"].strip(), "kpi": found["kpi"]}
        if "commit" in read:
            spec["commit"] = read["commit"]
        spec["target"] = target
        if "stretch" in read:
            spec["stretch"] = read["stretch"]
        return spec

    def journey(self, scored: Scored) -> str:
        return scale_journey(scored)


KPI_LINKED = KpiLinked()

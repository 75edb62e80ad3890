"""plan-order: a planned path leaves its period, goes back in time or away from its target.

A numeric or KPI-linked key result may write `plan`, `{date, value}` points of the path it is
planned to take ("10% of pipeline by the end of October, 20% by the end of November"); its pace
is then judged against the plan (docs/scoring.md). The path only means something when its
points are inside the period of the key result's file, each dated after the one before, and
their values move from `start` toward the target: none goes back (a flat stretch is fine, a
back-loaded plan is one), and none is beyond the target (beyond the stretch level, when one is
written). The point out of place is reported, at its date or its value. The direction is
`direction`, else target above start, else, for a KPI-linked key result with no start known,
its KPI's one-sided band.

Failing (in a `period: 2026-Q4` file):

    - title: Partner-sourced share of pipeline reaches 40%
      start: 0
      target: 40
      plan:
        - {date: 2026-11-30, value: 20}
        - {date: 2026-10-31, value: 10}

Passing:

    - title: Partner-sourced share of pipeline reaches 40%
      start: 0
      target: 40
      plan:
        - {date: 2026-10-31, value: 10}
        - {date: 2026-11-30, value: 20}
        - {date: 2026-12-15, value: 30}

Fix: date the points inside the period in increasing order, with values on the way from the
start to the target; a plan that was changed on purpose shows in `okrctl diff`.
"""

from collections.abc import Iterator
from datetime import date

from okrctl.findings import Problem, Severity
from okrctl.model.common import SCALE_FIELDS, heading
from okrctl.model.kinds import kind_of
from okrctl.rules.base import RuleContext, problem
from okrctl.wording import number

CODE = "OK011"
NAME = "plan-order"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.key_results():
        kr = placed.kr
        if not kr.valid(*SCALE_FIELDS, "stretch", "plan"):  # salvaged without them
            continue
        kind = kind_of(kr)
        scale = kind.scale(kr)
        if scale is None or not scale.plan:
            continue
        period = placed.parent.period
        previous: date | None = None
        for index, point in enumerate(scale.plan):
            if not period.contains(point.date):
                yield problem(
                    NAME,
                    kr.where_path("plan", index, "date"),
                    f"plan point dated {point.date} is outside the period {period.label} "
                    f"({period.start} to {period.end})",
                )
                continue  # the points after it are put in order against the others
            if previous is not None and point.date <= previous:
                yield problem(
                    NAME,
                    kr.where_path("plan", index, "date"),
                    f"plan point dated {point.date} is not after the point before it "
                    f"({previous}): plan points go in date order",
                )
            previous = point.date if previous is None else max(previous, point.date)
        moving = heading(placed, ctx.tree, scale.target)
        if moving is None:
            continue  # start equals target (no-change-target says so), or no direction
        start, sign, way = moving.start, moving.sign, moving.way
        end, end_name = (
            (scale.target, "target") if scale.stretch is None else (scale.stretch, "stretch level")
        )
        reached, reached_name = start, "the start"  # the furthest value so far, and what it is
        for index, point in enumerate(scale.plan):
            at = kr.where_path("plan", index, "value")
            if reached is not None and sign * point.value < sign * reached:
                yield problem(
                    NAME,
                    at,
                    f"plan value {number(point.value)} goes back from {number(reached)} "
                    f"({reached_name}; the metric goes {way}): a plan moves from the start "
                    "toward the target",
                )
                continue
            if sign * point.value > sign * end:
                yield problem(
                    NAME,
                    at,
                    f"plan value {number(point.value)} is beyond the {end_name} {number(end)} "
                    f"(the metric goes {way}): a plan ends at the {end_name} at most",
                )
            reached, reached_name = point.value, "the point before it"

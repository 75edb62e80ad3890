"""target-already-met: a key result holds a level instead of changing it.

OKRs drive change; KPIs hold standards. Treating a KPI like an OKR is one of the two mistakes
that cause most of the trouble (seed 002): if the standard is already met, the team is
performing theatre. A key result is reported when

- its `start` already meets its `target` in its stated `direction` (an increasing KR whose
  start is above its target, or a decreasing one whose start is below it);
- its title says it holds a level: it begins with maintain, keep, stay, sustain, remain or
  preserve;
- it is KPI-linked and its KPI already sat at or beyond the target on the period's first
  day (the direction is the KR's, else read from a one-sided KPI band).

Failing:

    - title: Maintain uptime above 99.9%
      kpi: platform/uptime
      target: 99.9

Passing:

    - title: Uptime reaches 99.99%
      kpi: platform/uptime
      target: 99.99

Fix: move the standard to a KPI with a band (and an alert), and free the OKR slot for a
change. `okrctl suggest` drafts the KPI.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from okrctl.findings import Location, Problem, Severity
from okrctl.model.kinds import kind_of
from okrctl.model.tree import GoalTree, PlacedKeyResult
from okrctl.rules.base import RuleContext, problem

CODE = "OK108"
NAME = "target-already-met"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}

HOLDING = re.compile(r"\s*(maintain|keep|stay|sustain|remain|preserve)s?\b", re.IGNORECASE)


def _met(start: float, target: float, increasing: bool) -> bool:
    return start >= target if increasing else start <= target


@dataclass(frozen=True, slots=True)
class Holding:
    """A key result that holds a level: where it says so, and why."""

    placed: PlacedKeyResult
    location: Location
    reason: str


def holdings(tree: GoalTree) -> Iterator[Holding]:
    """Every key result that holds a level instead of changing it (`okrctl suggest` uses it)."""
    for placed in tree.key_results():
        kr = placed.kr
        word = HOLDING.match(kr.title)
        if word:
            yield Holding(
                placed,
                kr.where("title"),
                f"key result `{kr.title}` says `{word.group(1).lower()}`: a level to hold is a "
                "KPI with a band, not an OKR",
            )
            continue
        kind = kind_of(kr)
        scale = kind.scale(kr)
        if scale is None:
            continue
        if scale.start is not None and scale.direction is not None:
            up = scale.direction == "increase"
            if scale.start != scale.target and _met(scale.start, scale.target, up):
                yield Holding(
                    placed,
                    kr.where("start"),
                    f"start {scale.start} already meets target {scale.target} "
                    f"({scale.direction}): a standard to hold is a KPI, not an OKR",
                )
        elif scale.start is None and (ref := kind.linked_kpi(kr)) is not None:
            kpi = tree.find_kpi(ref)
            start = kind.bounds(placed, tree).start
            if kpi is None or start is None:
                continue
            increasing = scale.direction == "increase" if scale.direction else kpi.kpi.increasing
            if increasing is None:
                continue
            if _met(start, scale.target, increasing):
                yield Holding(
                    placed,
                    kr.where("target"),
                    f"KPI `{ref}` already sat at {start} on {placed.parent.period.start}, "
                    f"meeting the target {scale.target}: a standard to hold is a KPI, not an OKR",
                )


def check(ctx: RuleContext) -> Iterator[Problem]:
    for found in holdings(ctx.tree):
        yield problem(NAME, found.location, found.reason)

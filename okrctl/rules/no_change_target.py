"""no-change-target: a key result's start equals its target, so it asks for no change.

Progress is (current - start) / (target - start): with start equal to target there is no
progress to measure, so the key result scores all or nothing: 1.0 when its current value meets
the target in its direction, else 0.0 (docs/scoring.md). A goal that changes nothing is not an
OKR. If the level is already where it should be, it is a standard to hold: a KPI with a band.

Failing:

    - title: CSAT
      start: 4.5
      target: 4.5

Passing:

    - title: CSAT
      start: 4.1
      target: 4.6

Fix: set the target the team wants to reach, or move the metric to a KPI.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.common import SCALE_FIELDS
from okrctl.model.kinds import kind_of
from okrctl.rules.base import RuleContext, problem

CODE = "OK008"
NAME = "no-change-target"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.key_results():
        kr = placed.kr
        if not kr.valid(*SCALE_FIELDS):  # salvaged without its start or target
            continue
        scale = kind_of(kr).scale(kr)
        if scale is None or scale.start is None:
            continue
        if scale.start == scale.target:
            yield problem(
                NAME,
                kr.where("target"),
                f"start and target are both {scale.target}: a key result that asks for no "
                "change scores only 1.0 (its value meets the target) or 0.0; hold a level with "
                "a KPI instead",
            )

"""level-order: a key result's commit and stretch levels are not in order around its target.

A numeric or KPI-linked key result may write `commit` (the level the team commits to) and
`stretch` (the level that would be exceptional) around its `target`; it is then scored
through start -> 0, commit -> 0.3, target -> 0.7, stretch -> 1.0 (docs/scoring.md). That
line only means something when the levels follow the key result's direction: for a metric
that goes up, start < commit < target < stretch; for one that goes down, start > commit >
target > stretch. A level out of that order (a commit past the target, a stretch short of
it, a commit at the start) is reported where it is written. The direction is `direction`,
else target above start, else, for a KPI-linked key result with no start known, its KPI's
one-sided band.

Failing:

    - title: Weekly active teams from 120 to 200
      start: 120
      commit: 210
      target: 200
      stretch: 260

Passing:

    - title: Weekly active teams from 120 to 200
      start: 120
      commit: 160
      target: 200
      stretch: 260

Fix: put the commit level between start and target and the stretch level beyond the target,
or swap them if they were written the wrong way round.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.common import SCALE_FIELDS, heading
from okrctl.model.kinds import kind_of
from okrctl.rules.base import RuleContext, problem
from okrctl.wording import number

CODE = "OK009"
NAME = "level-order"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.key_results():
        kr = placed.kr
        if not kr.valid(*SCALE_FIELDS, "commit", "stretch"):  # salvaged without them
            continue
        kind = kind_of(kr)
        scale = kind.scale(kr)
        if scale is None or not scale.levels:
            continue
        moving = heading(placed, ctx.tree, scale.target)
        if moving is None:
            continue  # start equals target (no-change-target says so), or no direction
        start, sign, way = moving.start, moving.sign, moving.way
        target = scale.target
        if scale.commit is not None:
            after_start = start is None or sign * scale.commit > sign * start
            if not (after_start and sign * scale.commit < sign * target):
                span = (
                    f"between start {number(start)} and target {number(target)}"
                    if start is not None
                    else f"short of the target {number(target)}"
                )
                yield problem(
                    NAME,
                    kr.where("commit"),
                    f"commit {number(scale.commit)} is not {span} (the metric goes {way}): "
                    "the commit level lies on the way to the target",
                )
        if scale.stretch is not None and not sign * scale.stretch > sign * target:
            yield problem(
                NAME,
                kr.where("stretch"),
                f"stretch {number(scale.stretch)} is not beyond the target {number(target)} "
                f"(the metric goes {way}): the stretch level lies past the target",
            )

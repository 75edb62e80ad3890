"""missing-retro: an objective whose period ended weeks ago has no retro.

Seed 005: "missing a target ... helps you learn what worked, what didn't". Once a team writes a
`retro` on any objective, each of its objectives whose period ended more than `days` days ago
(14 by default: the two weeks of a quarterly review) should carry one. Teams that write none
hear nothing from this rule; running periods, and periods that ended `days` days ago or less,
are left alone. The rule cannot see scores (rules sit below scoring), so it asks of every
objective, met or missed; the quarterly review asks loudest on the missed ones, where it knows
the verdict.

Failing (today 2026-11-29, 2026-Q3 ended on 2026-09-30, another objective of the team has a
retro):

    team: support
    period: 2026-Q3
    objectives:
      - id: faster-replies
        title: Customers get answers fast
        type: committed
        key_results:
          - title: Median first-response time down to 25 minutes
            start: 52
            target: 25

Passing: add to the objective

        retro:
          worked: The triage rota halved the queue
          didnt: Macros went stale after the pricing change
          next: Review macros monthly

Fix: write what worked, what didn't and what comes next (any of the three), or disable the rule
for that line if there is nothing to learn.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.common import retro_teams
from okrctl.rules.base import RuleContext, problem

CODE = "OK120"
NAME = "missing-retro"
SEVERITY = Severity.INFO
OPTIONS = {"days": 14}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    teams = retro_teams(ctx.tree)
    days = ctx.options["days"]
    for placed in ctx.tree.objectives:
        if placed.team not in teams or not placed.objective.valid("retro"):
            continue  # a retro written, but wrong: that is the finding
        if placed.objective.retro is not None:
            continue
        ended = (ctx.today - placed.period.end).days
        if ended > days:
            yield problem(
                NAME,
                placed.objective.where(),
                f"objective `{placed.ref}` ended {ended} days ago without a retro: write what "
                "worked, what didn't and what comes next (`retro: {worked, didnt, next}`)",
            )

"""kr-without-initiative: a key result of the running period has no initiative to move it.

Seed 004 names the mistake "no link between KPI and action": a key result says what must
change, an initiative says what the team does to change it. Once a team lists `initiatives`
on any objective or key result, each of its key results of a period running today (not
dropped) should have one that is not dropped, on itself or on its objective (an objective's
initiatives serve all its key results). Teams that list none hear nothing from this rule;
periods that have ended or not yet begun are left alone: it is a question for the review of
the period being worked on.

Failing (today inside 2026-Q4, another key result of the team lists initiatives):

    team: support
    period: 2026-Q4
    objectives:
      - id: faster-replies
        title: Customers get answers fast
        type: committed
        key_results:
          - id: first-response
            title: Median first-response time down to 25 minutes
            start: 52
            target: 25

Passing: add to the key result (or to its objective)

            initiatives:
              - {title: Triage rota, owner: sam, status: active}

Fix: name the work that will move the key result, or drop the key result.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.common import initiative_teams, serving
from okrctl.rules.base import RuleContext, problem

CODE = "OK118"
NAME = "kr-without-initiative"
SEVERITY = Severity.INFO
OPTIONS: dict[str, int] = {}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    teams = initiative_teams(ctx.tree)
    for placed in ctx.tree.key_results():
        if placed.parent.team not in teams:
            continue
        period = placed.parent.period
        if not period.start <= ctx.today <= period.end:
            continue
        if not placed.kr.valid(
            "initiatives", "status", "date"
        ) or not placed.parent.objective.valid("initiatives"):
            continue  # written, but wrong: that is the finding
        if placed.kr.dropped_on(ctx.today):
            continue
        if not serving(placed):
            yield problem(
                NAME,
                placed.kr.where(),
                f"key result `{placed.ref}` has no initiative: name the work that will move "
                "it (`initiatives` on it or on its objective)",
            )

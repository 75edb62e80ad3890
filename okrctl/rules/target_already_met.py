"""target-already-met: a key result or an objective holds a level instead of changing it.

OKRs drive change; KPIs hold standards. Treating a KPI like an OKR is one of the two mistakes
that cause most of the trouble: if the standard is already met, the team is performing
theatre. A key result is reported when

- its `start` already meets its `target` in its stated `direction` (an increasing KR whose
  start is above its target, or a decreasing one whose start is below it);
- its title says it holds a level: it begins (after any team prefix such as `Support:`) with
  maintain, keep, stay, sustain, remain or preserve, or their -s or -ing forms;
- it is KPI-linked and its KPI already sat at or beyond the target on the period's first
  day (the direction is the KR's, else read from a one-sided KPI band).

An objective is reported when its title says it holds a level, the same way ("Maintain
realistic hiring plans"): an objective names the change the team wants.

Failing:

    - id: hiring
      title: Maintain realistic hiring plans
      key_results:
        - title: Maintain uptime above 99.9%
          kpi: platform/uptime
          target: 99.9

Passing:

    - id: hiring
      title: Every hiring plan is backed by a funded budget
      key_results:
        - title: Uptime reaches 99.99%
          kpi: platform/uptime
          target: 99.99

Fix: move the standard to a KPI with a band (and an alert), and free the OKR slot for a
change. `okrctl suggest` drafts the KPI.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.common import holding_objectives, holdings
from okrctl.rules.base import RuleContext, problem

CODE = "OK108"
NAME = "target-already-met"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    for objective in holding_objectives(ctx.tree):
        yield problem(NAME, objective.location, objective.reason)
    for found in holdings(ctx.tree):
        yield problem(NAME, found.location, found.reason)

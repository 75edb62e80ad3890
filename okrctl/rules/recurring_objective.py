"""recurring-objective: the same objective comes back in the next period.

The whole point of an OKR is the reset at the end of the period; an objective kept quarter
after quarter is a KPI (the mistake of treating an OKR like a KPI). An objective is reported when
an objective of the same team in the period just before (the one that ends the day before
this one starts) has the same id or the same title (case and punctuation ignored).

Failing:

    # support/2026-Q3.yaml and support/2026-Q4.yaml both hold
    - id: faster-replies
      title: Customers get answers fast

Fix: if the level is reached, hold it with a KPI (`okrctl suggest` drafts one); if the goal
is unfinished, write the next step as a new objective with its own id and title.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.common import recurrences
from okrctl.rules.base import RuleContext, problem

CODE = "OK109"
NAME = "recurring-objective"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    for found in recurrences(ctx.tree):
        later = found.later
        yield problem(
            NAME,
            later.objective.where(found.same),
            f"objective `{later.objective.id}` repeats `{found.earlier.ref}` from the previous "
            f"period (same {found.same}): an OKR kept period after period is a KPI",
        )

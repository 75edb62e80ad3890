"""missing-owner: an objective has no owner, neither its own nor the file's.

Goals without a single named owner drift (seed 002): every objective needs a person whose
quarter is tied to it. A key result without an owner takes its objective's. (A KPI without
an owner is a `missing-field` error: the owner is part of what a KPI is.)

Failing:

    team: support
    period: 2026-Q4
    objectives:
      - id: faster-replies
        title: Customers get answers fast
        type: committed

Passing: add `owner: maria` to the objective, or to the file for all its objectives.

Fix: name the one person accountable.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.rules.base import RuleContext, problem

CODE = "OK101"
NAME = "missing-owner"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.objectives:
        if placed.owner is None:
            yield problem(
                NAME,
                placed.objective.where(),
                f"objective `{placed.objective.id}` has no owner: name the one person "
                "accountable (or set `owner` at the top of the file)",
            )

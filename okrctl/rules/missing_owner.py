"""missing-owner: an objective has no owner: not its own, not the file's, not its key results'.

Goals without a named owner drift: every objective needs a person whose quarter is tied to
it. An objective is reported when it has no `owner`, its file sets none, and at least one of
its key results has no `owner` of its own either; when every key result names its owner, the
accountable people are named and nothing is reported. A key result without an owner takes
its objective's. (A KPI without an owner is a `missing-field` error: the owner is part of
what a KPI is.)

Failing:

    team: support
    period: 2026-Q4
    objectives:
      - id: faster-replies
        title: Customers get answers fast
        type: committed

Passing: add `owner: maria` to the objective, or to the file for all its objectives, or
give each of its key results an `owner`.

Fix: name the one person accountable.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.tree import PlacedObjective
from okrctl.rules.base import RuleContext, problem

CODE = "OK101"
NAME = "missing-owner"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.objectives:
        goal = ctx.tree.goal_of(placed.file)
        if not placed.objective.valid("owner") or (goal is not None and not goal.valid("owner")):
            continue  # an owner is written, but wrong: that is the finding
        if placed.owner is None and not _every_key_result_owned(placed):
            yield problem(
                NAME,
                placed.objective.where(),
                f"objective `{placed.objective.id}` has no owner: name the one person "
                "accountable (or set `owner` at the top of the file)",
            )


def _every_key_result_owned(placed: PlacedObjective) -> bool:
    """Whether each key result names its own owner. An objective with a key result that failed
    validation is not known to be owned: that key result is missing from the model."""
    key_results = placed.objective.key_results
    # A key result whose owner is written but invalid names someone: that is its finding.
    return (
        placed.complete
        and bool(key_results)
        and all(kr.owner or not kr.valid("owner") for kr in key_results)
    )

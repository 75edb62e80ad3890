"""unknown-owner: an owner is not in the roster (`people` in okrctl.yaml).

When the config lists `people`, every owner of a file, objective, key result or KPI must be
one of them, so a typo does not leave a goal with an owner nobody answers to. Without a
roster this rule does nothing. The message suggests the closest name.

Failing (with `people: [maria, lin]`):

    owner: mraia

Passing:

    owner: maria

Fix: correct the name, or add the person to `people` in okrctl.yaml.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.goals import Model
from okrctl.rules.base import RuleContext, problem
from okrctl.spelling import did_you_mean
from okrctl.wording import excerpt

CODE = "OK102"
NAME = "unknown-owner"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}


def _owners(ctx: RuleContext) -> Iterator[tuple[str, Model]]:
    """Every owner written, with the object it is written on."""
    for file in ctx.tree.files:
        goal = ctx.tree.goal_of(file)
        if goal is None:
            continue
        if goal.owner:
            yield goal.owner, goal
        for objective in goal.objectives:
            if objective.owner:
                yield objective.owner, objective
            for kr in objective.key_results:
                if kr.owner:
                    yield kr.owner, kr
        for kpi in goal.kpis:
            if kpi.valid("owner"):  # salvaged without its owner
                yield kpi.owner, kpi


def check(ctx: RuleContext) -> Iterator[Problem]:
    people = ctx.tree.config.people
    if people is None:
        return
    roster = set(people)
    for owner, holder in _owners(ctx):
        if owner not in roster:
            yield problem(
                NAME,
                holder.where("owner"),  # looked up only for a finding: positions cost a parse
                f"owner `{excerpt(owner)}` is not in `people` in okrctl.yaml"
                f"{did_you_mean(owner, roster)}",
            )

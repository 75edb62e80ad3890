"""unknown-owner: an owner or contributor is not in the roster (`people` in okrctl.yaml).

When the config lists `people`, every owner of a file, objective, key result, initiative or
KPI, and every one of an objective's or key result's `contributors`, must be one of them, so
a typo does not leave a goal with an owner nobody answers to. Without a roster this rule does
nothing. The message suggests the closest name.

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
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True


# (name, the object it is written on, the YAML path below that object, "owner"/"contributor")
Written = tuple[str, Model, tuple[str | int, ...], str]


def _people(ctx: RuleContext) -> Iterator[Written]:
    """Every owner and contributor written, with where it is written."""
    for file in ctx.tree.files:
        goal = ctx.tree.goal_of(file)
        if goal is None:
            continue
        if goal.owner:
            yield goal.owner, goal, ("owner",), "owner"
        for objective in goal.objectives:
            holders: list[Model] = [objective, *objective.key_results]
            for holder in holders:
                owner = getattr(holder, "owner", None)
                if owner:
                    yield owner, holder, ("owner",), "owner"
                for index, name in enumerate(getattr(holder, "contributors", None) or ()):
                    yield name, holder, ("contributors", index), "contributor"
                for index, initiative in enumerate(getattr(holder, "initiatives", None) or ()):
                    if initiative.owner:
                        yield initiative.owner, holder, ("initiatives", index, "owner"), "owner"
        for kpi in goal.kpis:
            if kpi.valid("owner"):  # salvaged without its owner
                yield kpi.owner, kpi, ("owner",), "owner"


def check(ctx: RuleContext) -> Iterator[Problem]:
    people = ctx.tree.config.people
    if people is None:
        return
    roster = set(people)
    for name, holder, at, role in _people(ctx):
        if name not in roster:
            yield problem(
                NAME,
                holder.where_path(*at),  # looked up only for a finding: positions cost a parse
                f"{role} `{excerpt(name)}` is not in `people` in okrctl.yaml"
                f"{did_you_mean(name, roster)}",
            )

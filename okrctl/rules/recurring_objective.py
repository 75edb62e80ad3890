"""recurring-objective: the same objective comes back in the next period.

The whole point of an OKR is the reset at the end of the period; an objective kept quarter
after quarter is a KPI (seed 002: treating an OKR like a KPI). An objective is reported when
an objective of the same team in the period just before (the one that ends the day before
this one starts) has the same id or the same title (case and punctuation ignored).

Failing:

    # support/2026-Q3.yaml and support/2026-Q4.yaml both hold
    - id: faster-replies
      title: Customers get answers fast

Fix: if the level is reached, hold it with a KPI (`okrctl suggest` drafts one); if the goal
is unfinished, write the next step as a new objective with its own id and title.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from okrctl.findings import Problem, Severity
from okrctl.model.goals import normalize_title
from okrctl.model.tree import GoalTree, PlacedObjective
from okrctl.rules.base import RuleContext, problem

CODE = "OK109"
NAME = "recurring-objective"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}


@dataclass(frozen=True, slots=True)
class Recurrence:
    """An objective that repeats one of the period just before, by id or by title."""

    later: PlacedObjective
    earlier: PlacedObjective
    same: str  # "id" or "title"


def recurrences(tree: GoalTree) -> Iterator[Recurrence]:
    """Every objective repeated from the previous period (`okrctl suggest` uses it)."""
    by_team: dict[str, list[PlacedObjective]] = defaultdict(list)
    for placed in tree.objectives:
        by_team[placed.team].append(placed)
    for objectives in by_team.values():
        for later in objectives:
            title = normalize_title(later.objective.title)
            for earlier in objectives:
                if not later.period.follows(earlier.period):
                    continue
                same_id = earlier.objective.id == later.objective.id
                if same_id or normalize_title(earlier.objective.title) == title:
                    yield Recurrence(later, earlier, "id" if same_id else "title")
                    break


def check(ctx: RuleContext) -> Iterator[Problem]:
    for found in recurrences(ctx.tree):
        later = found.later
        yield problem(
            NAME,
            later.objective.where(found.same),
            f"objective `{later.objective.id}` repeats `{found.earlier.ref}` from the previous "
            f"period (same {found.same}): an OKR kept period after period is a KPI",
        )

"""too-many-objectives: a team has more objectives in one period than it can focus on.

Teams that set 8 OKRs end up sprinting nowhere (seed 002); the seeds recommend 3 to 5
objectives a quarter. Objectives are counted per team and period across all of the team's
files, and the finding points at the first one over the limit.

Options: `max` (default 5).

    # okrctl.yaml
    lint:
      rules:
        too-many-objectives: {max: 4}

Fix: keep the few objectives that matter most this period; move standards you only hold to
KPIs.
"""

from collections import defaultdict
from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.load.loader import Declared
from okrctl.rules.base import RuleContext, problem

CODE = "OK103"
NAME = "too-many-objectives"
SEVERITY = Severity.WARNING
OPTIONS = {"max": 5}


def check(ctx: RuleContext) -> Iterator[Problem]:
    limit = ctx.options["max"]
    groups: dict[tuple[str, str], list[Declared]] = defaultdict(list)
    for declared in ctx.tree.declared_objectives:
        if declared.period is not None:
            groups[(declared.team, declared.period)].append(declared)
    for (team, period), locations in groups.items():
        if len(locations) > limit:
            yield problem(
                NAME,
                locations[limit].location,
                f"team `{team}` has {len(locations)} objectives in {period}, more than {limit}: "
                "too many priorities dilute focus",
            )

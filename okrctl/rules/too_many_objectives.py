"""too-many-objectives: a team has more objectives in one period than it can focus on.

Teams that set 8 OKRs end up sprinting nowhere: keep 3 to 5 objectives a quarter.
Objectives are counted per team and period across all of the team's files, and the finding
points at the first one over the limit.

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
from datetime import date

from okrctl.findings import Problem, Severity
from okrctl.model.files import Declared
from okrctl.rules.base import RuleContext, problem
from okrctl.wording import plural

CODE = "OK103"
NAME = "too-many-objectives"
SEVERITY = Severity.WARNING
OPTIONS = {"max": 5}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    limit = ctx.options["max"]
    groups: dict[tuple[str, date, date], list[Declared]] = defaultdict(list)
    for declared in ctx.tree.declared_objectives:
        if declared.period is not None:  # by dates: however each file writes the period
            key = (declared.team, declared.period.start, declared.period.end)
            groups[key].append(declared)
    for (team, _, _), declared_ones in groups.items():
        if len(declared_ones) > limit:
            over = declared_ones[limit]
            label = over.period.label if over.period else ""
            yield problem(
                NAME,
                over.location,
                f"team `{team}` has {plural(len(declared_ones), 'objective')} in {label}, "
                f"more than {limit}: too many priorities dilute focus",
            )

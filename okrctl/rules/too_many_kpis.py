"""too-many-kpis: a team watches more KPIs than anyone can watch.

Teams that watch 30 KPIs end up watching none: keep 5 to 7 per team. KPIs are
counted per team across all of its files; the finding points at the first one over the limit.

Options: `max` (default 7).

Fix: keep the health signals someone acts on; drop or demote the rest to plain metrics.
"""

from collections import defaultdict
from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.files import Declared
from okrctl.rules.base import RuleContext, problem
from okrctl.wording import plural

CODE = "OK105"
NAME = "too-many-kpis"
SEVERITY = Severity.WARNING
OPTIONS = {"max": 7}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    limit = ctx.options["max"]
    groups: dict[str, list[Declared]] = defaultdict(list)
    for declared in ctx.tree.declared_kpis:
        groups[declared.team].append(declared)
    for team, locations in groups.items():
        if len(locations) > limit:
            yield problem(
                NAME,
                locations[limit].location,
                f"team `{team}` has {plural(len(locations), 'KPI')}, more than {limit}: "
                "a team that watches everything watches nothing",
            )

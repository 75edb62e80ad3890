"""kpi-without-band: a KPI has no `band`, so nobody can tell when it needs action.

A genuine KPI has a defined band where the metric is normal; when it leaves the band,
someone acts. Without one, `okrctl kpi check` cannot alert and the KPI becomes
wallpaper.

Failing:

    - id: first-response-time
      title: Median first-response time
      owner: lin

Passing:

    - id: first-response-time
      title: Median first-response time
      owner: lin
      band: {max: 30}

Fix: add `band` with `min`, `max` or both.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.rules.base import RuleContext, problem

CODE = "OK106"
NAME = "kpi-without-band"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.kpis.values():
        if placed.kpi.band is None and placed.kpi.valid("band"):  # a bad band is its own finding
            yield problem(
                NAME,
                placed.kpi.where(),
                f"KPI `{placed.ref}` has no `band`: without a normal range nobody knows when "
                "to act",
            )

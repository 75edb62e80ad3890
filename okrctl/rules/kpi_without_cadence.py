"""kpi-without-cadence: a KPI has no `cadence`, so nobody knows how often to measure it.

KPIs run on a rhythm (daily, weekly, monthly or quarterly review); the cadence is what makes
a KPI measured late show up as stale in `okrctl kpi check`.

Failing:

    - id: mrr
      title: Monthly recurring revenue
      owner: omar
      band: {min: 480000}

Passing: add `cadence: monthly`.

Fix: add `cadence` with one of daily, weekly, monthly, quarterly.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.rules.base import RuleContext, problem

CODE = "OK107"
NAME = "kpi-without-cadence"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.kpis.values():
        if placed.kpi.cadence is None and placed.kpi.valid("cadence"):  # a bad one: its finding
            yield problem(
                NAME,
                placed.kpi.where(),
                f"KPI `{placed.ref}` has no `cadence`: say how often it is measured "
                "(daily, weekly, monthly or quarterly)",
            )

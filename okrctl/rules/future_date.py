"""future-date: a check-in or measurement is dated after today.

Nobody can have measured tomorrow's value; a future date is almost always a typo (2026-12-01
for 2026-11-01), and it would hide the real latest value from scores and KPI checks once
that day comes.

Failing (on 2026-11-22):

    measurements:
      - {date: 2026-12-01, value: 31}

Fix: correct the date.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.rules.base import RuleContext, problem

CODE = "OK112"
NAME = "future-date"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    today = ctx.today
    for placed in ctx.tree.key_results():
        for index, checkin in enumerate(getattr(placed.kr, "checkins", None) or ()):
            if hasattr(checkin, "date") and checkin.date > today:  # unset: failed validation
                yield problem(
                    NAME,
                    placed.kr.where_path("checkins", index, "date"),
                    f"check-in dated {checkin.date}, after today ({today})",
                )
    for kpi in ctx.tree.kpis.values():
        for index, measurement in enumerate(kpi.kpi.measurements):
            if hasattr(measurement, "date") and measurement.date > today:
                yield problem(
                    NAME,
                    kpi.kpi.where_path("measurements", index, "date"),
                    f"measurement of `{kpi.ref}` dated {measurement.date}, after today ({today})",
                )

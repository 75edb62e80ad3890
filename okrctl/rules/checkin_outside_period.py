"""checkin-outside-period: a check-in is dated outside the period of its objective's file.

A check-in records progress in this period; one dated before the period starts or after it
ends is usually a typo in the date or a check-in pasted into the wrong quarter's file, and it
would distort the score.

Failing (in a `period: 2026-Q4` file):

    checkins:
      - {date: 2026-09-28, value: 48}

Passing:

    checkins:
      - {date: 2026-10-05, value: 48}

Fix: correct the date, or move the check-in to the file of its period.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.rules.base import RuleContext, problem

CODE = "OK111"
NAME = "checkin-outside-period"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.key_results():
        period = placed.parent.period
        for index, checkin in enumerate(getattr(placed.kr, "checkins", None) or ()):
            # A check-in that failed validation in part has its bad fields unset.
            if hasattr(checkin, "date") and not period.contains(checkin.date):
                yield problem(
                    NAME,
                    placed.kr.where_path("checkins", index, "date"),
                    f"check-in dated {checkin.date} is outside the period {period.label} "
                    f"({period.start} to {period.end})",
                )

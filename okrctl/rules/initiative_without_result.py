"""initiative-without-result: an initiative finished weeks ago and its key result has not moved.

Seed 004's mistake "output instead of outcome: activity without results". An initiative with
`status: done` and a `done` day at least `days` days before today (default 21), whose key
result's value has not moved toward its target since the initiative started (its `start`,
else the first day of the key result's period), did not do what it was for. An objective's
initiative serves all its key results: it is reported when none of them moved. Key results
without a value yet, and dropped ones, are left out.

Options: `days` (default 21).

Failing (today 2026-11-29; start 52, target 25 min):

    key_results:
      - id: first-response
        title: Median first-response time down to 25 minutes
        start: 52
        target: 25
        checkins:
          - {date: 2026-10-01, value: 50}
          - {date: 2026-11-20, value: 51}
        initiatives:
          - {title: Triage rota, status: done, start: 2026-10-01, done: 2026-10-31}

Passing: a check-in of 44 on 2026-11-20 (the value moved from 50 toward 25).

Fix: say in a check-in's note why the work did not move the number, and plan the next
initiative; or mark the key result as missed and learn from it.
"""

from collections.abc import Iterator
from datetime import date, timedelta

from okrctl.findings import Problem, Severity
from okrctl.model.common import SCALE_FIELDS, moved_since
from okrctl.model.goals import Initiative, Model
from okrctl.model.tree import PlacedKeyResult
from okrctl.rules.base import RuleContext, problem

CODE = "OK119"
NAME = "initiative-without-result"
SEVERITY = Severity.WARNING
OPTIONS = {"days": 21}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True
VALUE_FIELDS = (*SCALE_FIELDS, "current", "done", "checkins")


def check(ctx: RuleContext) -> Iterator[Problem]:
    ready = ctx.today - timedelta(days=ctx.options["days"])
    for objective in ctx.tree.objectives:
        served = [
            placed
            for placed in objective.key_results()
            # A part that failed validation in part: its values cannot be read (its start,
            # target or a check-in may be unset); its errors come first.
            if placed.kr.valid("initiatives", "status", "date", *VALUE_FIELDS)
            and not placed.kr.dropped_on(ctx.today)
        ]
        if objective.objective.valid("initiatives"):
            yield from _check(ctx, objective.objective, served, ready)
        for placed in served:
            yield from _check(ctx, placed.kr, [placed], ready)


def _check(
    ctx: RuleContext, holder: Model, served: list[PlacedKeyResult], ready: date
) -> Iterator[Problem]:
    initiatives: list[Initiative] = getattr(holder, "initiatives", None) or []
    for index, initiative in enumerate(initiatives):
        if initiative.status != "done" or initiative.done is None or initiative.done > ready:
            continue
        if not served:
            continue
        since = initiative.start or served[0].parent.period.start
        moved = [moved_since(placed, ctx.tree, since, ctx.today) for placed in served]
        if any(moved) or all(m is None for m in moved):
            continue
        what = served[0].ref if len(served) == 1 else "its objective's key results"
        yield problem(
            NAME,
            holder.where_path("initiatives", index),
            f"initiative `{initiative.name}` was done on {initiative.done} and {what} "
            f"{'has' if len(served) == 1 else 'have'} not moved since {since}: say why, "
            "and plan what comes next",
        )

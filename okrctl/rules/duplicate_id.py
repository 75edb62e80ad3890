"""duplicate-id: two objectives, KPIs or key results share an id where it must be unique.

Refs such as `support/2026-Q4/faster-replies` and `support/first-response-time` identify goals
on the command line and in every report, so ids are unique: objectives per team and period
(across all of the team's files), KPIs per team, key results per objective. Each repeat is
reported, pointing at the first.

Failing:

    # support/2026-Q4.yaml and support/2026-Q4-extra.yaml both hold
    - id: faster-replies

Passing: give the second objective its own id, or merge the two.

Fix: rename one of them (and update any `aligns_to` or `kpi` reference to it).
"""

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from okrctl.findings import Location, Problem, Related, Severity
from okrctl.rules.base import RuleContext
from okrctl.wording import excerpt

CODE = "OK006"
NAME = "duplicate-id"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True


T = TypeVar("T")


def _repeats(items: Iterable[tuple[Any, T]]) -> Iterator[tuple[Any, T, T]]:
    first: dict[Any, T] = {}
    for key, item in items:
        if key in first:
            yield key, item, first[key]
        else:
            first[key] = item


def _first(location: Location) -> tuple[str, tuple[Related, ...]]:
    """How a message names the first use, and that place for formats that link to it."""
    mention = f"at {location.path}:{location.line}"
    return f"({mention})", (Related(location, mention, "first use"),)


def check(ctx: RuleContext) -> Iterator[Problem]:
    tree = ctx.tree
    # Periods compare by their dates: `2026-Q4` and `{start: 2026-10-01, end: 2026-12-31}`
    # are the same quarter, whichever way each file writes it.
    objectives = (
        ((d.team, (d.period.start, d.period.end) if d.period else None, d.id), d)
        for d in tree.declared_objectives
    )
    for (team, _, ident), repeat, first in _repeats(objectives):
        label = repeat.period.label if repeat.period else "no period"
        at, related = _first(first.location)
        yield Problem(
            NAME,
            repeat.location,
            f"objective id `{excerpt(ident)}` is already used by team `{team}` in {label} {at}",
            related,
        )
    kpis = (((d.team, d.id), d) for d in tree.declared_kpis)
    for (team, ident), repeat, first in _repeats(kpis):
        at, related = _first(first.location)
        yield Problem(
            NAME,
            repeat.location,
            f"KPI id `{excerpt(ident)}` is already used by team `{team}` {at}",
            related,
        )
    for objective in tree.objectives:
        krs = ((kr.id, kr) for kr in objective.objective.key_results if kr.id)
        for ident, again, earlier in _repeats(krs):
            at, related = _first(earlier.where("id"))
            yield Problem(
                NAME,
                again.where("id"),
                f"key result id `{excerpt(ident)}` is already used in objective "
                f"`{excerpt(objective.objective.id)}` {at}",
                related,
            )

"""Impact: did the OKR move the needle? Each KPI an objective set out to move, before, at the
end of its period and over the period after; and each KPI graduated from a key result, whether
its band has been defended since (issue 20, seed 004: "KPI shows a problem -> OKR defines what
to improve -> initiatives drive change -> KPI improves").

Pure functions of the goal tree and an as-of date (docs/scoring.md, "Impact", is the reference
for every rule below; the tests compute each number by hand).

- The value of a KPI on a day is its last measurement on or before that day (`PlacedKpi.value_on`,
  the same reading as a KPI-linked key result's start and value); None before its first one.
- What an objective is judged on, per KPI: a KPI-linked key result's target (reached when the
  value is at or past it, in the key result's direction); for a `from_kpi` objective with no key
  result on that KPI, the KPI's band (reached when the value lies inside it).
- The following period is the one of the same length that starts the day after (2026-Q3 after
  2026-Q2, 2027 after 2026, a range of as many days).
- Verdicts: `too-early` while the objective's period runs; `not-moved` when the value at the
  period's end does not reach the goal; `no-data` when there is no value at the period's end or
  nothing to judge against (a `from_kpi` KPI without a band). When it does reach the goal, the
  measurements of the following period are judged: `moved-then-slipped` as soon as one of them
  misses the goal (a slip measured is final, even before the following period ends); else
  `too-early` until the following period has ended; then `moved-and-held` when every one of
  them reached it, or `no-data` when the KPI was not measured in it.
- A KPI with `from_kr` (it graduated from that key result): judged on its band as written now,
  from the end of the key result's period: `too-early` while that period runs; `not-moved`
  when the value at its end lies outside the band; then every measurement since, up to the
  as-of date: `moved-then-slipped` as soon as one lies outside the band; else `too-early`
  until the first following period has ended; then `moved-and-held`, or `no-data` when none
  was taken.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta

from okrctl.compute.kpi_health import BandValue
from okrctl.compute.periods import find_period
from okrctl.model.goals import Measurement
from okrctl.model.kinds import kind_of
from okrctl.model.kinds.base import meets
from okrctl.model.period import Period, named_range, parse_label
from okrctl.model.tree import GoalTree, PlacedKeyResult, PlacedKpi, PlacedObjective
from okrctl.wording import plural
from okrctl.wording import value as show

Verdict = Literal["moved-and-held", "moved-then-slipped", "not-moved", "too-early", "no-data"]
VERDICTS: tuple[Verdict, ...] = (
    "moved-and-held",
    "moved-then-slipped",
    "not-moved",
    "too-early",
    "no-data",
)
_MONTHS = {"Y": 12, "H": 6, "Q": 3}


@dataclass(frozen=True, slots=True)
class Goal:
    """What the KPI had to reach: a key result's target in its direction, or the KPI's band."""

    target: float | None  # None: the band
    increasing: bool | None
    band: BandValue | None

    def reached(self, value: float) -> bool:
        if self.target is not None:
            return meets(value, self.target, self.increasing)
        assert self.band is not None
        return (self.band.min is None or value >= self.band.min) and (
            self.band.max is None or value <= self.band.max
        )


@dataclass(frozen=True, slots=True)
class Impact:
    """One KPI judged against one objective (or the key result it graduated from)."""

    kind: Literal["objective", "graduated"]
    ref: str  # the objective's ref; for a graduated KPI, the KPI's
    team: str
    title: str
    owner: str | None
    kpi: str  # the KPI's ref
    kpi_title: str
    unit: str | None
    key_result: str | None  # the key result that links the KPI, or that it graduated from
    period: Period  # the objective's, or the key result's
    ended: bool  # whether `period` had ended at the as-of date
    as_of: date
    following: Period  # the period after it (the first of those since, for a graduated KPI)
    through: Period | None  # the last following period that has ended (graduated KPIs)
    goal: Goal | None
    before: float | None  # on the period's first day
    end: float | None  # on the period's last day (or the as-of date, while it runs)
    after: float | None  # on the following period's last day (or the as-of date)
    slipped: Measurement | None  # the first measurement after the period that missed the goal
    measured_after: int  # measurements judged after the period
    verdict: Verdict
    reason: str


@dataclass(frozen=True, slots=True)
class ImpactReport:
    as_of: date
    period: Period | None  # the period asked for (`--period`), or None: every period
    impacts: tuple[Impact, ...]
    skipped: tuple[str, ...] = ()


def following(period: Period, fiscal_year_start: int = 1) -> Period:
    """The period of the same length that starts the day after `period` ends; cut at the
    calendar's last day (a range may end on 9999-12-31: its following period is that day)."""
    start = min(period.end, date.max - timedelta(days=1)) + timedelta(days=1)
    parsed = parse_label(period.label)
    try:
        if parsed is not None:
            end = start + relativedelta(months=_MONTHS[parsed[1]]) - timedelta(days=1)
        else:
            end = start + timedelta(days=period.days - 1)
    except (OverflowError, ValueError):  # past year 9999 (relativedelta says ValueError)
        end = date.max
    return named_range(start, end, fiscal_year_start)


def _value(kpi: PlacedKpi, day: date) -> float | None:
    measurement = kpi.value_on(day)
    return measurement.value if measurement else None


def _between(kpi: PlacedKpi, first: date, last: date) -> list[Measurement]:
    """The KPI's measurements from `first` to `last`, both included, oldest first."""
    return sorted(
        (m for m in kpi.kpi.measurements if first <= m.date <= last), key=lambda m: m.date
    )


def _band(kpi: PlacedKpi) -> BandValue | None:
    band = kpi.kpi.band
    return BandValue(band.min, band.max) if band else None


def goal_words(goal: Goal, unit: str | None) -> str:
    if goal.target is not None:
        return f"its target {show(goal.target, unit)}"
    band = goal.band
    assert band is not None
    if band.min is not None and band.max is not None:
        return f"its band ({show(band.min)} to {show(band.max, unit)})"
    if band.min is not None:
        return f"its band (at least {show(band.min, unit)})"
    return f"its band (at most {show(band.max, unit)})"


def _judge_after(
    kpi: PlacedKpi, goal: Goal, period_end: date, last: date, settled: bool
) -> tuple[Verdict, Measurement | None, int]:
    """Every measurement from the day after `period_end` to `last` against the goal: a slip is
    final as soon as it is measured; otherwise `too-early` until `settled` (the following
    period has ended), then held, or `no-data` when nothing was measured."""
    taken = _between(kpi, period_end + timedelta(days=1), last)
    slipped = next((m for m in taken if not goal.reached(m.value)), None)
    if slipped is not None:
        return "moved-then-slipped", slipped, len(taken)
    if not settled:
        return "too-early", None, len(taken)
    return ("moved-and-held" if taken else "no-data"), None, len(taken)


def objective_impact(
    tree: GoalTree, as_of: date, placed: PlacedObjective, kpi: PlacedKpi, kr: PlacedKeyResult | None
) -> Impact:
    """One KPI an objective set out to move (through `kr`, a key result linked to it, or the
    objective's `from_kpi` when `kr` is None), judged at `as_of` (module docstring)."""
    period = placed.period
    after = following(period, tree.config.fiscal_year_start)
    unit = kpi.kpi.unit
    goal: Goal | None
    if kr is not None:
        scale = kind_of(kr.kr).scale(kr.kr)
        assert scale is not None  # a KPI-linked key result has a target
        goal = Goal(scale.target, kind_of(kr.kr).increasing(kr, tree), None)
    else:
        band = _band(kpi)
        goal = Goal(None, kpi.kpi.increasing, band) if band else None
    # A period not begun at `as_of` has no values yet: a measurement after `as_of` is unknown.
    begun = period.start <= as_of
    before = _value(kpi, period.start) if begun else None
    end = _value(kpi, min(period.end, as_of)) if begun else None
    later = _value(kpi, min(after.end, as_of)) if as_of > period.end else None
    slipped: Measurement | None = None
    counted = 0
    aim = goal_words(goal, unit) if goal else ""
    if not begun:
        verdict: Verdict = "too-early"
        reason = f"{period.label} starts on {period.start}"
    elif period.end > as_of:
        verdict = "too-early"
        reason = f"{period.label} runs until {period.end}"
    elif end is None:
        verdict, reason = "no-data", f"{kpi.ref} has no measurement by {period.end}"
    elif goal is None:
        verdict, reason = "no-data", f"{kpi.ref} has no band to go back into"
    elif not goal.reached(end):
        verdict = "not-moved"
        reason = f"{show(end, unit)} on {period.end} did not reach {aim}"
    else:
        settled = after.end <= as_of
        last = after.end if settled else as_of
        verdict, slipped, counted = _judge_after(kpi, goal, period.end, last, settled)
        if slipped is not None:
            reason = (
                f"reached {aim} by {period.end}, then {show(slipped.value, unit)} on {slipped.date}"
            )
        elif verdict == "too-early":
            reason = f"reached {aim} by {period.end}; {after.label} runs until {after.end}"
        elif verdict == "no-data":
            reason = (
                f"reached {aim} by {period.end}, but {kpi.ref} was not measured in {after.label}"
            )
        else:
            reason = (
                f"reached {aim} by {period.end} and held it at every measurement of "
                f"{after.label} ({counted})"
            )
    objective = placed.objective
    return Impact(
        kind="objective",
        ref=placed.ref,
        team=placed.team,
        title=objective.title,
        owner=placed.owner,
        kpi=kpi.ref,
        kpi_title=kpi.kpi.title,
        unit=unit,
        key_result=kr.ref if kr else None,
        period=period,
        ended=period.end <= as_of,
        as_of=as_of,
        following=after,
        through=None,
        goal=goal,
        before=before,
        end=end,
        after=later,
        slipped=slipped,
        measured_after=counted,
        verdict=verdict,
        reason=reason,
    )


def graduated_impact(tree: GoalTree, as_of: date, kpi: PlacedKpi, kr: PlacedKeyResult) -> Impact:
    """Whether a KPI that graduated from `kr` has defended its band since `kr`'s period ended."""
    fiscal = tree.config.fiscal_year_start
    period = kr.parent.period
    first = following(period, fiscal)
    through: Period | None = None
    step = first
    while step.end <= as_of:
        through, step = step, following(step, fiscal)
    band = _band(kpi)
    goal = Goal(None, kpi.kpi.increasing, band) if band else None
    unit = kpi.kpi.unit
    # As for an objective: a key result's period not begun at `as_of` has no values yet.
    begun = period.start <= as_of
    before = _value(kpi, period.start) if begun else None
    end = _value(kpi, min(period.end, as_of)) if begun else None
    later = _value(kpi, as_of) if as_of > period.end else None
    slipped: Measurement | None = None
    counted = 0
    if not begun:
        verdict: Verdict = "too-early"
        reason = f"{kr.ref} starts on {period.start}"
    elif period.end > as_of:
        verdict = "too-early"
        reason = f"{kr.ref} runs until {period.end}"
    elif goal is None:
        verdict, reason = "no-data", f"{kpi.ref} has no band to defend"
    elif end is None:
        verdict, reason = "no-data", f"{kpi.ref} has no measurement by {period.end}"
    elif not goal.reached(end):
        aim = goal_words(goal, unit)
        verdict = "not-moved"
        reason = f"{show(end, unit)} on {period.end}, when {kr.ref} ended, lay outside {aim}"
    else:
        verdict, slipped, counted = _judge_after(
            kpi, goal, period.end, as_of, settled=through is not None
        )
        if slipped is not None:
            reason = f"left its band: {show(slipped.value, unit)} on {slipped.date}"
        elif through is None:
            reason = f"inside its band when {kr.ref} ended; {first.label} runs until {first.end}"
        else:
            span = first.label if through == first else f"{first.label} to {through.label}"
            if verdict == "no-data":
                reason = f"not measured since {period.end} ({span})"
            else:
                reason = (
                    f"inside its band at every measurement since {kr.ref} ended "
                    f"({plural(counted, 'measurement')}, {span} and since)"
                )
    return Impact(
        kind="graduated",
        ref=kpi.ref,
        team=kpi.team,
        title=kpi.kpi.title,
        owner=kpi.kpi.owner,
        kpi=kpi.ref,
        kpi_title=kpi.kpi.title,
        unit=unit,
        key_result=kr.ref,
        period=period,
        ended=period.end <= as_of,
        as_of=as_of,
        following=first,
        through=through,
        goal=goal,
        before=before,
        end=end,
        after=later,
        slipped=slipped,
        measured_after=counted,
        verdict=verdict,
        reason=reason,
    )


def linked(
    tree: GoalTree, placed: PlacedObjective
) -> list[tuple[PlacedKpi, PlacedKeyResult | None]]:
    """The KPIs an objective set out to move, in file order: each KPI-linked key result's
    (a dropped one is left out: it was no longer pursued), then its `from_kpi` when no key result
    links that KPI. Unknown KPIs are left out (lint reports them)."""
    found: list[tuple[PlacedKpi, PlacedKeyResult | None]] = []
    seen: set[str] = set()
    for kr in placed.key_results():
        ref = kind_of(kr.kr).linked_kpi(kr.kr)
        kpi = tree.find_kpi(ref) if ref is not None else None
        if kpi is None or kr.kr.status == "dropped" or kpi.ref in seen:
            continue
        seen.add(kpi.ref)
        found.append((kpi, kr))
    origin = placed.objective.from_kpi
    kpi = tree.find_kpi(origin) if origin is not None else None
    if kpi is not None and kpi.ref not in seen:
        found.append((kpi, None))
    return found


def objective_impacts(
    tree: GoalTree, as_of: date, objectives: Iterable[PlacedObjective]
) -> list[Impact]:
    return [
        objective_impact(tree, as_of, placed, kpi, kr)
        for placed in objectives
        for kpi, kr in linked(tree, placed)
    ]


def graduated_impacts(tree: GoalTree, as_of: date, kpis: Iterable[PlacedKpi]) -> list[Impact]:
    found = []
    for kpi in kpis:
        origin = kpi.kpi.from_kr
        kr = tree.find_key_result(origin) if origin is not None else None
        if kr is not None:
            found.append(graduated_impact(tree, as_of, kpi, kr))
    return found


def _ordered(impacts: Sequence[Impact]) -> tuple[Impact, ...]:
    """By team, then period (oldest first), then ref: the story of each KPI in order."""
    return tuple(
        sorted(impacts, key=lambda i: (i.team, i.kind != "objective", i.period.start, i.ref))
    )


def impact(
    tree: GoalTree,
    as_of: date,
    *,
    period: str | Period | None = None,
    team: str | None = None,
    skipped: tuple[str, ...] = (),
) -> ImpactReport:
    """Every KPI-linked or `from_kpi` objective (of `period`, when given) and every KPI with
    `from_kr` (whose key result is of `period`), judged at `as_of`."""
    chosen = find_period(tree, period) if isinstance(period, str) else period

    def wanted(of: Period, of_team: str) -> bool:
        in_period = chosen is None or (of.start, of.end) == (chosen.start, chosen.end)
        return in_period and (team is None or of_team == team)

    objectives = [p for p in tree.objectives if wanted(p.period, p.team)]
    kpis = sorted(tree.kpis.values(), key=lambda k: k.ref)
    graduated = [i for i in graduated_impacts(tree, as_of, kpis) if wanted(i.period, i.team)]
    return ImpactReport(
        as_of, chosen, _ordered([*objective_impacts(tree, as_of, objectives), *graduated]), skipped
    )


def review_impact(
    tree: GoalTree, as_of: date, reviewed: Period, team: str | None = None
) -> tuple[Impact, ...]:
    """The impact a quarterly review of `reviewed` shows: the objectives of that period, those
    of the period before it (whose following period it is: their verdict is settled now), and
    the KPIs graduated from a key result of a period that ended by then."""
    fiscal = tree.config.fiscal_year_start

    def wanted(placed: PlacedObjective) -> bool:
        if team is not None and placed.team != team:
            return False
        if (placed.period.start, placed.period.end) == (reviewed.start, reviewed.end):
            return True
        after = following(placed.period, fiscal)
        return (after.start, after.end) == (reviewed.start, reviewed.end)

    objectives = [p for p in tree.objectives if wanted(p)]
    kpis = sorted(
        (k for k in tree.kpis.values() if team is None or k.team == team), key=lambda k: k.ref
    )
    graduated = [i for i in graduated_impacts(tree, as_of, kpis) if i.period.end <= reviewed.end]
    return _ordered([*objective_impacts(tree, as_of, objectives), *graduated])


def failed_before(tree: GoalTree, as_of: date) -> dict[str, Impact]:
    """For each KPI, the latest objective of a period ended by `as_of` that set out to move it
    and did not move it, or moved it and let it slip (for `suggest`: a breach an earlier OKR
    failed to fix says so); a KPI without one is not in it. Every objective is walked once."""
    failed: dict[str, Impact] = {}
    for placed in tree.objectives:
        if placed.period.end > as_of:
            continue
        for kpi, kr in linked(tree, placed):
            judged = objective_impact(tree, as_of, placed, kpi, kr)
            if judged.verdict not in ("not-moved", "moved-then-slipped"):
                continue
            known = failed.get(kpi.ref)
            if known is None or (judged.period.end, judged.ref) > (known.period.end, known.ref):
                failed[kpi.ref] = judged
    return failed

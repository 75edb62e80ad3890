"""Tests on the goal tree that lint rules and computations share (yamllint's rules/common.py idea).

`target-already-met` warns about a key result or an objective that holds a level and
`okrctl suggest` drafts the KPI that should hold it instead; `recurring-objective` warns
about an objective repeated from the period before and `suggest` drafts KPIs for it;
`self-score-disagrees` compares a self-graded score with the score a key result's values
give, as `okrctl score` computes it. Each pair must agree on what it finds, so the test lives
here, below both: rules and compute import it from the model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from okrctl.findings import Location
from okrctl.model.goals import Initiative, normalize_title
from okrctl.model.kinds import kind_of, meets
from okrctl.model.titles import holds_level
from okrctl.model.tree import GoalTree, PlacedKeyResult, PlacedObjective

# The fields a key result's scale is read from: a salvaged key result (one that failed
# validation in part, kept for the rules) without one of them has no scale to check.
SCALE_FIELDS = ("start", "target", "direction", "kpi")


def _met(start: float, target: float, increasing: bool) -> bool:
    return start >= target if increasing else start <= target


@dataclass(frozen=True, slots=True)
class Holding:
    """A key result that holds a level: where it says so, and why."""

    placed: PlacedKeyResult
    location: Location
    reason: str


def holdings(tree: GoalTree) -> Iterator[Holding]:
    """Every key result that holds a level instead of changing it, in tree order."""
    for placed in tree.key_results():
        kr = placed.kr
        if not kr.valid("title", *SCALE_FIELDS):
            continue  # salvaged without what this test reads
        word = holds_level(kr.title)
        if word:
            yield Holding(
                placed,
                kr.where("title"),
                f"key result `{kr.title}` says `{word}`: a level to hold is a "
                "KPI with a band, not an OKR",
            )
            continue
        kind = kind_of(kr)
        scale = kind.scale(kr)
        if scale is None:
            continue
        if scale.start is not None and scale.direction is not None:
            up = scale.direction == "increase"
            if scale.start != scale.target and _met(scale.start, scale.target, up):
                yield Holding(
                    placed,
                    kr.where("start"),
                    f"start {scale.start} already meets target {scale.target} "
                    f"({scale.direction}): a standard to hold is a KPI, not an OKR",
                )
        elif scale.start is None and (ref := kind.linked_kpi(kr)) is not None:
            kpi = tree.find_kpi(ref)
            start = kind.bounds(placed, tree).start
            if kpi is None or start is None:
                continue
            increasing = scale.direction == "increase" if scale.direction else kpi.kpi.increasing
            if increasing is None:
                continue
            if _met(start, scale.target, increasing):
                yield Holding(
                    placed,
                    kr.where("target"),
                    f"KPI `{ref}` already sat at {start} on {placed.parent.period.start}, "
                    f"meeting the target {scale.target}: a standard to hold is a KPI, not an OKR",
                )


@dataclass(frozen=True, slots=True)
class HoldingObjective:
    """An objective whose title says it holds a level ("Maintain realistic hiring plans")."""

    placed: PlacedObjective
    word: str  # the verb that says so: maintain, keep, ...
    location: Location
    reason: str


def holding_objectives(tree: GoalTree) -> Iterator[HoldingObjective]:
    """Every objective whose title holds a level instead of naming a change, in tree order."""
    for placed in tree.objectives:
        objective = placed.objective
        if not objective.valid("title"):
            continue
        word = holds_level(objective.title)
        if word:
            yield HoldingObjective(
                placed,
                word,
                objective.where("title"),
                f"objective `{objective.title}` says `{word}`: an objective names a change; a "
                "level to hold is a KPI with a band",
            )


@dataclass(frozen=True, slots=True)
class Recurrence:
    """An objective that repeats one of the period just before, by id or by title."""

    later: PlacedObjective
    earlier: PlacedObjective
    same: str  # "id" or "title"


def recurrences(tree: GoalTree) -> Iterator[Recurrence]:
    """Every objective repeated from the previous period of its team (the first match)."""
    by_team: dict[str, list[PlacedObjective]] = defaultdict(list)
    for placed in tree.objectives:
        by_team[placed.team].append(placed)
    for objectives in by_team.values():
        for later in objectives:
            if not later.objective.valid("title"):
                continue
            title = normalize_title(later.objective.title)
            for earlier in objectives:
                if not later.period.follows(earlier.period) or not earlier.objective.valid("title"):
                    continue
                same_id = earlier.objective.id == later.objective.id
                if same_id or normalize_title(earlier.objective.title) == title:
                    yield Recurrence(later, earlier, "id" if same_id else "title")
                    break


def _written(value: float) -> Fraction:
    """A number as the goal file wrote it (1.399 is 1399/1000), as `okrctl score` reads it."""
    return Fraction(value) if isinstance(value, int) else Fraction(Decimal(repr(value)))


def values_score(placed: PlacedKeyResult, tree: GoalTree, day: date) -> Fraction | None:
    """The score a key result's values give on `day`, whatever any self-graded score says:
    done 1 / not done 0; progress from start to target clamped to 0..1 (a start equal to the
    target: 1 when the value meets it); None without a value (docs/scoring.md)."""
    kind = kind_of(placed.kr)
    reading = kind.reading(placed, tree, day)
    start, target, current = reading.start, reading.target, reading.current
    if current is None:
        return None
    if isinstance(current, bool):
        return Fraction(1 if current else 0)
    if not isinstance(start, int | float) or not isinstance(target, int | float):
        return None
    if start == target:
        return Fraction(1 if meets(current, target, kind.increasing(placed, tree)) else 0)
    moved = (_written(current) - _written(start)) / (_written(target) - _written(start))
    return min(Fraction(1), max(Fraction(0), moved))


# Initiatives (issue 20): `kr-without-initiative`, `initiative-without-result`, the review and
# `diff` must agree on which initiatives count and on what "moved" means.


def initiative_teams(tree: GoalTree) -> set[str]:
    """The teams that list initiatives on an objective or key result of any period: they have
    taken them up, so a key result of theirs without one is worth a word (other teams hear
    nothing)."""
    return {
        placed.team
        for placed in tree.objectives
        if placed.objective.initiatives
        or any(kr.initiatives for kr in placed.objective.key_results)
    }


def serving(placed: PlacedKeyResult) -> list[Initiative]:
    """The initiatives that serve a key result and are not dropped: its own, then its
    objective's (an objective's initiatives serve each of its key results)."""
    written = [*(placed.kr.initiatives or ()), *(placed.parent.objective.initiatives or ())]
    return [initiative for initiative in written if initiative.status != "dropped"]


def moved_since(placed: PlacedKeyResult, tree: GoalTree, since: date, day: date) -> bool | None:
    """Whether a key result's value moved toward its target between `since` and `day`: its
    value on `since` (its start when it had none yet) against its value on `day`. None when it
    has no value on `day`, or no scale to say which way is forward."""
    kind = kind_of(placed.kr)
    now = kind.reading(placed, tree, day)
    then = kind.reading(placed, tree, since)
    if now.current is None:
        return None
    if isinstance(now.current, bool):
        return now.current and then.current is not True
    before = then.current if then.current is not None else now.start
    if not isinstance(before, int | float) or isinstance(before, bool):
        return None
    increasing = kind.increasing(placed, tree)
    if increasing is None:
        return None
    change = _written(now.current) - _written(before)
    return change > 0 if increasing else change < 0


def retro_teams(tree: GoalTree) -> set[str]:
    """The teams that have written a retro on any objective (issue 20): they have taken retros
    up, so `missing-retro` and the quarterly review ask them for the ones not written (other
    teams, which may keep retros elsewhere, hear nothing)."""
    return {placed.team for placed in tree.objectives if placed.objective.retro is not None}


@dataclass(frozen=True, slots=True)
class Heading:
    """Where a key result's metric starts and which way it moves: what its levels and plan
    points are put in order along (`level-order`, `plan-order`)."""

    start: float | None  # None: a KPI-linked key result whose KPI had no value yet
    increasing: bool

    @property
    def sign(self) -> int:
        return 1 if self.increasing else -1

    @property
    def way(self) -> str:
        return "up" if self.increasing else "down"


def heading(placed: PlacedKeyResult, tree: GoalTree, target: float) -> Heading | None:
    """The start (a KPI-linked key result starts where its KPI stood) and direction of a key
    result; None when start equals target (no-change-target says what is wrong) or there is
    no direction to move in."""
    kind = kind_of(placed.kr)
    scale = kind.scale(placed.kr)
    start = scale.start if scale is not None else None
    if start is None:
        known = kind.bounds(placed, tree).start
        start = known if isinstance(known, int | float) and not isinstance(known, bool) else None
    if start is not None and start == target:
        return None
    increasing = kind.increasing(placed, tree)
    return None if increasing is None else Heading(start, increasing)

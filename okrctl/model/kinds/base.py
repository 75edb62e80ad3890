"""What okrctl asks of every kind of key result (the KeyResultKind protocol), and its answers.

The kinds themselves are the other modules of this package, one each; the registry is in
`__init__`. Everything here is a pure function of the model, the goal tree and a date.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from okrctl.model.types import Direction
from okrctl.wording import value

if TYPE_CHECKING:
    from okrctl.model.goals import AnyKeyResult, PlanPoint
    from okrctl.model.tree import GoalTree, PlacedKeyResult

Value = float | bool | None  # a start, target or current value: a number, done/not done, unknown


class Bounds(NamedTuple):
    """What a key result is scored between: from `start` (0) to `target` (1)."""

    start: Value  # None when it is not known (a KPI-linked key result's KPI never measured)
    target: Value


@dataclass(frozen=True, slots=True)
class Scale:
    """The numbers written on a key result that moves a metric (a milestone has none)."""

    start: float | None  # None: not written, read elsewhere (a KPI-linked key result's KPI)
    target: float
    direction: Direction | None  # as written; None: read from start and target
    # The levels around the target (docs/scoring.md), as written; None when not written.
    commit: float | None = None
    stretch: float | None = None
    # The planned path (docs/scoring.md), as written; empty when there is none.
    plan: tuple[PlanPoint, ...] = ()

    @property
    def levels(self) -> bool:
        """Whether it writes a commit or a stretch level: it is then scored through them."""
        return self.commit is not None or self.stretch is not None


@dataclass(frozen=True, slots=True)
class Level:
    """The level a KPI would defend once a key result that moves its own metric is met."""

    target: float
    increasing: bool
    unit: str | None


@dataclass(frozen=True, slots=True)
class Reading:
    """A key result as of a date: what it is scored on, and where its value came from."""

    start: Value
    target: Value
    current: Value
    unit: str | None = None
    last_day: date | None = None  # the date of the check-in or measurement `current` is from
    note: str | None = None
    confidence: float | None = None
    # The dated values up to the date, for a straight-line forecast (empty: no forecast).
    history: tuple[tuple[date, float], ...] = ()
    # The latest self-graded score on or before the date, and its day (docs/scoring.md).
    self_score: SelfGraded | None = None
    # Its start, target and value are progress standing in for confidential numbers (a
    # redacted key result): scored on, never shown.
    redacted: bool = False


@dataclass(frozen=True, slots=True)
class SelfGraded:
    """A score given by hand in a check-in: from its day on, it is the key result's score."""

    score: float
    day: date


class Scored(Protocol):
    """The values of a scored key result that its words are made of (a KeyResultScore)."""

    @property
    def start(self) -> Value: ...
    @property
    def target(self) -> Value: ...
    @property
    def current(self) -> Value: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def no_data(self) -> bool: ...


class KeyResultKind(Protocol):
    """What okrctl asks of one kind of key result; each kind's module has one class for it.

    Methods receive any key result but are only ever asked about their own kind's (`kind_of`
    picks the kind by the model's `kind`); `own` narrows it.
    """

    @property
    def name(self) -> str:
        """The kind as reports and JSON name it, and as the model's `kind` says it."""
        ...

    @property
    def model(self) -> type[AnyKeyResult]:
        """The goal-file model of this kind (in model/goals.py, with the file format)."""
        ...

    @property
    def compared_fields(self) -> tuple[str, ...]:
        """Its own fields `okrctl diff` compares between two key results of this kind, in the
        order it reports them (start, target and check-ins are compared for every kind)."""
        ...

    def bounds(self, placed: PlacedKeyResult, tree: GoalTree) -> Bounds:
        """The start and target it is scored between."""
        ...

    def reading(self, placed: PlacedKeyResult, tree: GoalTree, as_of: date) -> Reading:
        """Its values as of a date: check-ins or measurements after it do not count."""
        ...

    def scale(self, kr: AnyKeyResult) -> Scale | None:
        """The start, target and direction written on it; None for a kind without them."""
        ...

    def increasing(self, placed: PlacedKeyResult, tree: GoalTree) -> bool | None:
        """Whether a higher value is better; None when it cannot be told."""
        ...

    def unit(self, kr: AnyKeyResult) -> str | None:
        """The unit written on the key result itself."""
        ...

    def linked_kpi(self, kr: AnyKeyResult) -> str | None:
        """The KPI (TEAM/KPI_ID) its value is read from, if it is read from one."""
        ...

    def defended_level(self, kr: AnyKeyResult) -> Level | None:
        """The level a new KPI would defend once it is met; None when it has no metric of its
        own (a milestone) or its metric is a KPI already."""
        ...

    def written_value(self, kr: AnyKeyResult) -> tuple[str, int | float | bool] | None:
        """The field holding its value instead of check-ins (`current:`, `done:`), if any."""
        ...

    def parse_checkin(self, kr: AnyKeyResult, text: str, ref: str, what: str) -> int | float | bool:
        """A check-in value typed for it (`what` names the argument), or a UsageError."""
        ...

    def parse_spec(self, text: str, what: str) -> dict[str, Any] | None:
        """A new key result of this kind from a one-line spec (`okrctl new objective --kr`),
        None when the text is not this kind's form, a UsageError when it is but is wrong."""
        ...

    def journey(self, scored: Scored) -> str:
        """Its values in words, as every score and review report shows them."""
        ...


M = TypeVar("M")


def own(kr: object, model: type[M]) -> M:
    """`kr` as the model of the kind it was given to (a kind is asked only about its own)."""
    if not isinstance(kr, model):
        raise TypeError(f"a {type(kr).__name__} is not a {model.__name__}")
    return kr


def as_float(value: float) -> float:
    """`float(value)`, or an infinity for a whole number beyond the largest float: a forecast
    through it is then out of range (compute/scoring.py), never an OverflowError."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def meets(value: float, target: float, increasing: bool | None) -> bool:
    """Whether a value meets a target in its direction (at or past it); with no direction
    known, only the target itself does. Lint's `target-already-met` and a key result whose
    start equals its target are scored by it (docs/scoring.md)."""
    if increasing is None:
        return value == target
    return value >= target if increasing else value <= target


def scale_journey(scored: Scored) -> str:
    """`52 -> 31 -> 25 min`: start -> current -> target, for a key result that moves a metric,
    with its levels and the zone its value is in when it writes any (docs/scoring.md)."""
    current = "no data" if scored.no_data and scored.current is None else value(scored.current)
    journey = f"{value(scored.start)} -> {current} -> {value(scored.target, scored.unit)}"
    return journey + levels_words(scored) + plan_words(scored)


def levels_words(scored: Scored) -> str:
    """` (commit 4, stretch 2; zone: fail)` for a key result with levels, else nothing."""
    # Read with defaults: levels are optional on what is scored (a KeyResultScore has them).
    commit, stretch = getattr(scored, "commit", None), getattr(scored, "stretch", None)
    levels = [
        f"{name} {value(level)}"
        for name, level in (("commit", commit), ("stretch", stretch))
        if level is not None
    ]
    if not levels:
        return ""
    zone = getattr(scored, "zone", None)
    zone = f"; zone: {zone}" if zone is not None else ""
    return f" ({', '.join(levels)}{zone})"


def plan_words(scored: Scored) -> str:
    """` (plan 15% by now)` for a key result whose plan gives a value at the as-of date (its
    pace is judged against the score that value earns), else nothing."""
    # Read with a default, like the levels: a KeyResultScore has it.
    planned = getattr(scored, "planned", None)
    if planned is None:
        return ""
    return f" (plan {value(planned, scored.unit)} by now)"


class Dated(Protocol):
    @property
    def date(self) -> date: ...


class Confident(Dated, Protocol):
    @property
    def confidence(self) -> float | None: ...


D = TypeVar("D", bound=Dated)


def latest_checkin(checkins: Sequence[D] | None, as_of: date) -> D | None:
    """The latest check-in dated on or before `as_of`; on a tie, the later one in the file."""
    latest: D | None = None
    for checkin in checkins or ():
        if checkin.date <= as_of and (latest is None or checkin.date >= latest.date):
            latest = checkin
    return latest


def latest_confidence(checkins: Sequence[Confident] | None, as_of: date) -> float | None:
    """The confidence of the latest check-in (on or before `as_of`) that states one."""
    dated = [c for c in checkins or () if c.date <= as_of and c.confidence is not None]
    latest = latest_checkin(dated, as_of)
    return latest.confidence if latest else None


class Valued(Dated, Protocol):
    @property
    def value(self) -> float | bool | None: ...


class Graded(Dated, Protocol):
    @property
    def score(self) -> float | None: ...


V = TypeVar("V", bound=Valued)


def latest_value(checkins: Sequence[V] | None, as_of: date) -> V | None:
    """The latest check-in on or before `as_of` that gives a value (not only a self score)."""
    return latest_checkin([c for c in checkins or () if c.value is not None], as_of)


def latest_self_score(checkins: Sequence[Graded] | None, as_of: date) -> SelfGraded | None:
    """The latest self-graded score on or before `as_of`; on a tie, the later one in the file."""
    graded = [c for c in checkins or () if c.score is not None]
    latest = latest_checkin(graded, as_of)
    if latest is None or latest.score is None:
        return None
    return SelfGraded(latest.score, latest.date)

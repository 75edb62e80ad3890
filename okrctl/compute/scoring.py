"""Scores, grades, verdicts and pace: pure functions of the goal tree and an as-of date.

The conventions are Google's and the seeds': a numeric key result scores its progress from
start to target clamped to [0, 1]; an objective scores the weighted mean of its key results;
grades are red / yellow / green at 0.4 and 0.7. Committed objectives are met only at 1.0,
aspirational ones succeed from 0.7. During the period, pace compares the score with the
share of time elapsed (times 0.7 for aspirational objectives), or, for a key result that
writes a `plan`, with the score its planned value at the date would earn (compute/plan.py; no
0.7 factor: the plan says what is expected); an objective with planned key results expects
the weighted mean of its key results' expectations.

Scores are compared and reported with three decimals, so what a report shows is what its
grade and status were decided on. They are computed exactly on the numbers as written (0.1 is
one tenth, not the binary float nearest it), means on the unrounded scores, and rounded once,
half up: 0.6995 is 0.700, never 0.699 (docs/scoring.md). Pace thresholds (the share of the
period as a fraction of days, the settings as written) and forecasts (a least-squares line
through the values as written) are computed and rounded the same way.

Every function here is total on finite numbers: a key result whose progress or forecast is
beyond what a float holds (a check-in of 1e308; start 0, target 1e-320) is `out-of-range`,
never Infinity or NaN, and never an OverflowError (docs/scoring.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from okrctl.compute.initiatives import InitiativeLine, initiative_lines
from okrctl.compute.levels import Levels, Zone
from okrctl.compute.periods import find_period
from okrctl.compute.plan import planned_path, planned_value
from okrctl.model.config import ScoringSettings
from okrctl.model.goals import AnyKeyResult, Link, PlanPoint, Retro
from okrctl.model.kinds import Scale, Value, kind_of, meets
from okrctl.model.period import Period
from okrctl.model.tree import GoalTree, PlacedKeyResult, PlacedObjective
from okrctl.typed import MAX_NUMBER

Grade = Literal["red", "yellow", "green"]
Status = Literal[
    "on-track",
    "at-risk",
    "off-track",
    "met",
    "missed",
    "success",
    "out-of-range",
    "no-data",
    "dropped",
]
OUT_OF_RANGE: Status = "out-of-range"
# An objective none of whose counted key results has a value yet: nothing to judge, which is
# not a score of 0 (reports say "no data"; its team's score leaves it out).
NO_DATA: Status = "no-data"
DROPPED: Status = "dropped"  # a key result dropped, or an objective whose key results all are
ScoreSource = Literal["computed", "self"]
DECIMALS = 3


def written(value: float) -> Fraction:
    """A number as the goal file wrote it: a float's shortest decimal form (what YAML read), so
    1.399 is 1399/1000 and not the binary float nearest it; whole numbers as they are."""
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(Decimal(repr(value)))


def half_up(value: Fraction) -> Fraction:
    """An exact value rounded to three decimals, ties away from zero (0.6995 -> 0.700,
    -0.0005 -> -0.001), exactly."""
    scaled = abs(value) * 10**DECIMALS
    whole = math.floor(scaled + Fraction(1, 2))
    return Fraction(-whole if value < 0 else whole, 10**DECIMALS)


def round_half_up(value: Fraction) -> float:
    """`half_up(value)` as the float nearest that decimal."""
    return float(half_up(value)) + 0.0  # + 0.0 turns -0.0 into 0.0


def exact_elapsed(period: Period, as_of: date) -> Fraction:
    """`period.elapsed(as_of)` exactly: days since the first day / days in the period, 0 on
    the first day (and before), 1 from the last day on."""
    if as_of <= period.start:
        return Fraction(0)
    if as_of >= period.end:
        return Fraction(1)
    return Fraction((as_of - period.start).days, period.days)


@dataclass(frozen=True, slots=True)
class AsOf:
    """The as-of date asked for: a day, or each period's own last day."""

    day: date
    end_of_period: bool = False

    def for_period(self, period: Period, explicit: bool) -> date:
        """The date a period is scored at.

        `end-of-period` gives the period's last day; an explicit date is used as given; the
        default (today) stops at the last day of a period that has ended.
        """
        if self.end_of_period:
            return period.end
        if explicit:
            return self.day
        return min(self.day, period.end)


@dataclass(frozen=True, slots=True)
class HistoricalForecast:
    """The score a running key result is headed for by its team's history (issue 20,
    `scoring.forecast: historical`; compute/history.py, docs/scoring.md)."""

    score: float  # its score now plus the median gap, clipped to 0..1, rounded half up
    gap: float  # the median of (final score - score at the same point) of the past ones
    key_results: int  # the past key results the median is taken over
    periods: int  # the past periods they are of (at least two)


@dataclass(frozen=True, slots=True)
class KeyResultScore:
    ref: str
    id: str | None
    title: str
    kind: str
    owner: str | None
    unit: str | None
    start: Value
    target: Value
    current: Value
    progress: float | None
    score: float
    weight: float
    grade: Grade
    status: Status
    confidence: float | None
    no_data: bool
    last_checkin: date | None
    note: str | None
    forecast: float | None
    # Why its progress or forecast cannot be computed (status `out-of-range`), else None.
    out_of_range: str | None = None
    # The score before rounding: its objective's mean is taken on it, then rounded once.
    exact: Fraction = field(default=Fraction(0), repr=False, compare=False)
    # "self" when a check-in's self-graded score is the score, else "computed".
    score_source: ScoreSource = "computed"
    # Why it was dropped (status `dropped`: left out of its objective's score), else None.
    reason: str | None = None
    dropped_on: date | None = None

    @property
    def dropped(self) -> bool:
        return self.status == DROPPED

    @property
    def judged(self) -> bool:
        """Whether it has something to judge: a value, or a self-graded score."""
        return not self.no_data or self.score_source == "self"

    # As written; none of them changes a score. `note` above is the latest check-in's note,
    # else the key result's own `note` (docs/format.md).
    priority: str | None = None
    contributors: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    own_note: str | None = None  # the key result's `note` as written, shown or not
    # Its commit and stretch levels as written (docs/scoring.md), and the zone its value is
    # in: None without levels (or without a value to place).
    commit: float | None = None
    stretch: float | None = None
    zone: Zone | None = None
    # Its plan as written (docs/scoring.md), the value it plans by the as-of date and the score
    # that value earns, which its pace is judged against: empty and None without a plan (or
    # without a start to plan from).
    plan: tuple[PlanPoint, ...] = ()
    planned: float | None = None
    expected: float | None = None
    expected_exact: Fraction | None = field(default=None, repr=False, compare=False)
    # Its initiatives as written (issue 20): shown, never scored.
    initiatives: tuple[InitiativeLine, ...] = ()
    # `scoring.forecast: historical` only, during its period (compute/history.py); else None.
    historical: HistoricalForecast | None = None

    @property
    def levels(self) -> bool:
        """Whether it writes a commit or a stretch level (and is scored through them)."""
        return self.commit is not None or self.stretch is not None


@dataclass(frozen=True, slots=True)
class ObjectiveScore:
    ref: str
    team: str
    period: str
    id: str
    title: str
    type: str
    owner: str | None
    score: float | None  # None: every key result is dropped (status `dropped`)
    grade: Grade | None
    status: Status
    ended: bool
    as_of: date
    elapsed: float
    note: str | None
    key_results: tuple[KeyResultScore, ...]
    # The score before rounding: its team's mean is taken on it, then rounded once.
    exact: Fraction | None = field(default=Fraction(0), repr=False, compare=False)
    # As written; none of them changes a score.
    description: str | None = None
    priority: str | None = None
    contributors: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    # What its pace was judged against when a key result of it writes a plan: the weighted
    # mean of its key results' expected scores (docs/scoring.md); None otherwise.
    expected: float | None = None
    # Its own initiatives as written (issue 20; they serve each of its key results).
    initiatives: tuple[InitiativeLine, ...] = ()
    # What the team learned, written after the period (issue 20); never scored.
    retro: Retro | None = None

    @property
    def no_data(self) -> bool:
        """No counted key result has a value yet: the score (0) means nothing; reports say so."""
        return self.status == NO_DATA


@dataclass(frozen=True, slots=True)
class TeamScore:
    """A team's score in a period: the mean of its objectives that have data; `no_data` when
    none has (the score, 0, means nothing then)."""

    team: str
    period: str
    score: float | None  # None: no objective of the team has a score (all dropped)
    grade: Grade | None
    as_of: date
    ended: bool
    no_data: bool = False


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """Everything `okrctl score` reports: one object, rendered by every format."""

    as_of: date
    teams: tuple[TeamScore, ...]
    objectives: tuple[ObjectiveScore, ...]
    skipped: tuple[str, ...] = ()


def grade(score: float, settings: ScoringSettings) -> Grade:
    if score >= settings.green:
        return "green"
    if score >= settings.yellow:
        return "yellow"
    return "red"


def verdict(score: float, committed: bool, settings: ScoringSettings) -> Status:
    """After the period: committed objectives are met only at 1.0; aspirational succeed at 0.7."""
    if committed:
        return "met" if score >= 1.0 else "missed"
    return "success" if score >= settings.aspirational_success else "missed"


def pace(
    score: float,
    elapsed: Fraction | float,
    committed: bool,
    settings: ScoringSettings,
    expected: Fraction | None = None,
) -> Status:
    """During the period: the (rounded) score against the share of time gone by, or against
    the `expected` score a plan gives (exact; it replaces the share and its 0.7 factor).

    Each threshold, expected - margin, is computed exactly (`elapsed` as a fraction of days,
    `exact_elapsed`; a float is read as written, like the settings) and rounded once to three
    decimals, half up, like the score it is compared with: aspirational at e = 1/2 with
    `aspirational_success: 0.701` expects 0.3505, so on-track starts at 0.2505 -> 0.251 (a
    float computation gives 0.25049999... and 0.250).
    """
    if expected is None:
        expected = elapsed_expectation(elapsed, committed, settings)
    mark = written(score)
    if mark >= half_up(expected - written(settings.on_track_margin)):
        return "on-track"
    if mark >= half_up(expected - written(settings.at_risk_margin)):
        return "at-risk"
    return "off-track"


def elapsed_expectation(
    elapsed: Fraction | float, committed: bool, settings: ScoringSettings
) -> Fraction:
    """The score expected without a plan: the share of time gone, times 0.7 (the setting as
    written) for an aspirational objective."""
    share = elapsed if isinstance(elapsed, Fraction) else written(elapsed)
    return share * (Fraction(1) if committed else written(settings.aspirational_success))


def linear_forecast(points: Iterable[tuple[date, float]], at: date) -> float | None:
    """A least-squares straight line through dated values, read off at `at` (two points min),
    as the float nearest the exact value (`exact_forecast`).

    None with fewer than two days; an infinity when the line's value at `at` is beyond what a
    float holds (the key result is then out of range).
    """
    forecast = exact_forecast(points, at)
    return forecast if forecast is None or isinstance(forecast, float) else float(forecast)


def exact_forecast(points: Iterable[tuple[date, float]], at: date) -> Fraction | float | None:
    """The least-squares line through dated values read off at `at`, exactly, on the values as
    written (1.00025 is 100025/100000): None with fewer than two days, an infinity when it
    (or a value) is beyond what a float holds.

    The values are scaled to whole numbers by one power of ten, so every sum is an exact
    integer sum however large or small the values (1e308 beside 1e-320), and never overflows.
    """
    data = [((day - at).days, value) for day, value in points]
    if len({x for x, _ in data}) < 2:
        return None
    if not all(math.isfinite(y) for _, y in data):
        return math.inf  # a whole number beyond the largest float (`as_float`)
    digits: list[tuple[int, int]] = []  # each value as (integer, power of ten)
    for _, y in data:
        sign, figures, exponent = Decimal(repr(y) if isinstance(y, float) else y).as_tuple()
        assert isinstance(exponent, int)  # finite: checked above
        whole = int("".join(map(str, figures)) or "0")
        digits.append((-whole if sign else whole, exponent))
    lowest = min(exponent for _, exponent in digits)
    ys = [whole * 10 ** (exponent - lowest) for whole, exponent in digits]
    xs = [x for x, _ in data]
    n = len(xs)
    sx, sy = sum(xs), sum(ys)
    sxx = sum(x * x for x in xs)
    sxy = sum(x * y for x, y in zip(xs, ys, strict=True))
    # The intercept at x = 0 (`at`): (Sy Sxx - Sx Sxy) / (n Sxx - Sx^2), in units of 10^lowest.
    forecast = Fraction(sy * sxx - sx * sxy, n * sxx - sx * sx) * Fraction(10) ** lowest
    return math.inf if abs(forecast) > Fraction(MAX_NUMBER) else forecast


def _progress(start: float, target: float, current: float) -> float | None:
    """(current - start) / (target - start); None when it is beyond what a float holds."""
    if target == start:  # lint rejects this (no-change-target); never divide by zero
        return 1.0 if current == target else 0.0
    try:
        moved, span = current - start, target - start
        if math.isfinite(moved) and math.isfinite(span):
            progress = moved / span
            return progress if math.isfinite(progress) else None
        # A difference overflowed (values near the largest float, on both sides of 0): halve
        # the three, exact at these magnitudes, so the differences fit.
        start, target, current = float(start) / 2, float(target) / 2, float(current) / 2
        span = target - start
        if span == 0:  # tiny beside the others: their ratio is beyond any float
            return None
        progress = (current - start) / span
    except OverflowError:  # a whole number beyond the largest float
        return None
    return progress if math.isfinite(progress) else None


def _exact_progress(start: float, target: float, current: float) -> Fraction:
    """(current - start) / (target - start) on the numbers as written (start != target)."""
    begin = written(start)
    return (written(current) - begin) / (written(target) - begin)


def _weighted_mean(scores: Sequence[tuple[Fraction | float, float]]) -> Fraction:
    """The exact mean of scores (0..1) weighted by positive weights as written, whatever their
    size (1e-300 and 1e300 count by their ratio; no sum overflows, no product underflows)."""
    total = sum((written(weight) for _, weight in scores), Fraction(0))
    return sum((Fraction(score) * written(weight) for score, weight in scores), Fraction(0)) / total


def _levels(start: float, target: float, commit: float | None, stretch: float | None) -> Levels:
    """A key result's levels as the exact numbers written."""
    return Levels(
        written(start),
        written(target),
        None if commit is None else written(commit),
        None if stretch is None else written(stretch),
    )


def _value_score(start: float, target: float, scale: Scale | None, value: Fraction) -> Fraction:
    """The exact score a value earns (start != target): its progress clamped to 0..1, or along
    the levels when it writes any."""
    if scale is not None and scale.levels:
        return _levels(start, target, scale.commit, scale.stretch).score(value)
    begin = written(start)
    return min(Fraction(1), max(Fraction(0), (value - begin) / (written(target) - begin)))


def _plan(
    placed: PlacedKeyResult, scale: Scale | None, start: Value, target: Value, as_of: date
) -> tuple[Fraction, Fraction] | None:
    """The value its plan expects by the date and the exact score that value earns; None
    without a plan, or without a start to plan from (a KPI never measured)."""
    if scale is None or not scale.plan:
        return None
    if not isinstance(start, int | float) or isinstance(start, bool):
        return None
    if not isinstance(target, int | float) or isinstance(target, bool) or start == target:
        return None  # no-change-target says what is wrong; nothing to plan a path along
    points = [(point.date, written(point.value)) for point in scale.plan]
    path = planned_path(placed.parent.period, written(start), written(target), points)
    value = planned_value(path, as_of)
    return value, _value_score(start, target, scale, value)


def _direction(placed: PlacedKeyResult, tree: GoalTree) -> bool | None:
    """Whether higher is better for a key result whose start equals its target: its written
    `direction`, else its KPI's one-sided band; None when neither tells (as lint reads it)."""
    kind = kind_of(placed.kr)
    scale = kind.scale(placed.kr)
    if scale is not None and scale.direction is not None:
        return scale.direction == "increase"
    if kind.linked_kpi(placed.kr) is not None:
        return kind.increasing(placed, tree)
    return None


def score_key_result(
    placed: PlacedKeyResult,
    tree: GoalTree,
    as_of: date,
    settings: ScoringSettings,
) -> KeyResultScore:
    """Score one key result as of a date; see the module docstring for the conventions."""
    kr: AnyKeyResult = placed.kr
    period = placed.parent.period
    committed = placed.parent.objective.type == "committed"
    reading = kind_of(kr).reading(placed, tree, as_of)
    scale = kind_of(kr).scale(kr)
    start, target, current = reading.start, reading.target, reading.current
    progress: float | None = None
    forecast: float | None = None
    out_of_range: str | None = None
    if len(reading.history) >= 2 and as_of < period.end:
        line = exact_forecast(reading.history, period.end)
        if isinstance(line, float):
            out_of_range = "its forecast is beyond what a number can hold"
        elif line is not None:
            forecast = round_half_up(line)  # rounded once, half up, like a score

    no_data = current is None or (not isinstance(current, bool) and start is None)
    exact = Fraction(0)
    zone: Zone | None = None
    planned = _plan(placed, scale, start, target, as_of)
    if no_data:
        pass
    elif isinstance(current, bool):
        exact = Fraction(1 if current else 0)
    else:
        assert current is not None  # no_data says so; mypy cannot follow it
        assert isinstance(start, int | float) and isinstance(target, int | float)
        if start == target:
            # Nothing to move: it is met when the value meets the target in its direction
            # (KPI 100 at the start, target 100, increase, KPI now 120), as lint reads it.
            increasing = _direction(placed, tree)
            exact = Fraction(1 if meets(current, target, increasing) else 0)
            progress = float(exact)
        elif _progress(start, target, current) is None:
            out_of_range = "its progress is beyond what a number can hold"
        else:
            moved = _exact_progress(start, target, current)
            progress = round_half_up(moved)
            exact = _value_score(start, target, scale, written(current))
            if scale is not None and scale.levels:
                zone = _levels(start, target, scale.commit, scale.stretch).zone(written(current))
    source: ScoreSource = "computed"
    if reading.self_score is not None:
        # A self-graded score is the score from its day on, whatever the values say.
        exact, source = written(reading.self_score.score), "self"
    score = round_half_up(exact)

    ended = as_of >= period.end
    status: Status
    if out_of_range is not None and source == "computed":
        # Nothing of it can be judged: it scores 0, like a key result without data, and says so.
        progress, forecast, score, exact, status = None, None, 0.0, Fraction(0), OUT_OF_RANGE
        zone = None
    elif out_of_range is not None:  # judged by its self score; its values cannot be
        progress, forecast = None, None
        status = pace(score, exact_elapsed(period, as_of), committed, settings)
        if ended:
            status = verdict(score, committed, settings)
    elif ended:
        status = verdict(score, committed, settings)
    else:
        expected = None if planned is None else planned[1]
        status = pace(score, exact_elapsed(period, as_of), committed, settings, expected)
    dropped = kr.dropped_on(as_of)
    if dropped:
        status = DROPPED  # its score stays, for the record; its objective leaves it out
    if reading.redacted:
        # Scored on progress from 0 to 1; what is shown stands for confidential numbers, so
        # none is shown (its `progress` says how far it is).
        start, target, current = None, None, None
    return KeyResultScore(
        ref=placed.ref,
        id=kr.id,
        title=kr.title,
        kind=kr.kind,
        owner=placed.owner,
        unit=reading.unit,
        start=start,
        target=target,
        current=current,
        progress=progress,
        score=score,
        weight=kr.weight,
        grade=grade(score, settings),
        status=status,
        confidence=reading.confidence,
        no_data=no_data,
        last_checkin=reading.last_day,
        # The latest check-in's note is the newest word, dated; the key result's own note
        # (undated) is shown when that check-in has none.
        note=reading.note if reading.note is not None else kr.note,
        forecast=forecast,
        out_of_range=out_of_range,
        exact=exact,
        score_source=source,
        reason=kr.reason if dropped else None,
        dropped_on=kr.date if dropped else None,
        priority=kr.priority,
        contributors=tuple(kr.contributors or ()),
        links=tuple(kr.links or ()),
        own_note=kr.note,
        commit=scale.commit if scale is not None else None,
        stretch=scale.stretch if scale is not None else None,
        zone=zone,
        plan=scale.plan if scale is not None else (),
        planned=None if planned is None else round_half_up(planned[0]),  # like a forecast
        expected=None if planned is None else round_half_up(planned[1]),
        expected_exact=None if planned is None else planned[1],
        initiatives=initiative_lines(kr.initiatives),
    )


def score_objective(
    placed: PlacedObjective, tree: GoalTree, as_of: date, settings: ScoringSettings
) -> ObjectiveScore:
    objective = placed.objective
    key_results = tuple(score_key_result(kr, tree, as_of, settings) for kr in placed.key_results())
    # A dropped key result's weight is removed: the mean is of the others, and an objective
    # whose key results are all dropped has no score.
    counted = [(kr.exact, kr.weight) for kr in key_results if not kr.dropped]
    exact = _weighted_mean(counted) if counted else None
    score = round_half_up(exact) if exact is not None else None
    committed = objective.type == "committed"
    period = placed.period
    ended = as_of >= period.end
    elapsed = exact_elapsed(period, as_of)
    expected = _objective_expectation(key_results, elapsed, committed, settings)
    status: Status
    if score is None:
        status = DROPPED
    elif not any(kr.judged for kr in key_results if not kr.dropped):
        status = NO_DATA
    elif ended:
        status = verdict(score, committed, settings)
    else:
        status = pace(score, elapsed, committed, settings, expected)
    notes = [
        f"key result {kr.ref.rsplit('/', 1)[-1]} is out of range: {kr.out_of_range}"
        for kr in key_results
        if kr.out_of_range is not None
    ]
    if not committed and score is not None and score >= 1.0:
        notes.append("scored 1.0: the target may not have been ambitious enough")
    note = "; ".join(notes) or None
    return ObjectiveScore(
        ref=placed.ref,
        team=placed.team,
        period=period.label,
        id=objective.id,
        title=objective.title,
        type=objective.type,
        owner=placed.owner,
        score=score,
        grade=grade(score, settings) if score is not None else None,
        status=status,
        ended=ended,
        as_of=as_of,
        elapsed=round_half_up(elapsed),
        note=note,
        key_results=key_results,
        exact=exact,
        description=objective.description,
        priority=objective.priority,
        contributors=tuple(objective.contributors or ()),
        links=tuple(objective.links or ()),
        expected=None if expected is None else round_half_up(expected),
        initiatives=initiative_lines(objective.initiatives),
        retro=objective.retro,
    )


def _objective_expectation(
    key_results: Sequence[KeyResultScore],
    elapsed: Fraction,
    committed: bool,
    settings: ScoringSettings,
) -> Fraction | None:
    """What an objective's pace is judged against when a key result of it has a plan: the
    weighted mean of each key result's expected score (its plan's, else the share of time
    gone, times 0.7 when aspirational); None when none has a plan (the share alone then).
    Dropped key results are left out, as they are of the score."""
    counted = [kr for kr in key_results if not kr.dropped]
    if not counted or all(kr.expected_exact is None for kr in counted):
        return None
    share = elapsed_expectation(elapsed, committed, settings)
    return _weighted_mean(
        [(kr.expected_exact if kr.expected_exact is not None else share, kr.weight)
         for kr in counted]
    )  # fmt: skip


def _team_score(
    team: str, label: str, items: Sequence[ObjectiveScore], settings: ScoringSettings
) -> TeamScore:
    """The mean of the objectives that have data (one whose key results are all dropped has
    no score and is left out too); with none, no score: `no_data` when one has no data yet,
    else (every objective dropped) score None."""
    judged = [o.exact for o in items if o.exact is not None and not o.no_data]
    no_data = not judged and any(o.no_data for o in items)
    mean: float | None = None
    if judged or no_data:
        mean = round_half_up(sum(judged, Fraction(0)) / len(judged) if judged else Fraction(0))
    return TeamScore(
        team=team,
        period=label,
        score=mean,
        grade=grade(mean, settings) if mean is not None else None,
        as_of=items[0].as_of,
        ended=items[0].ended,
        no_data=no_data,
    )


def score_tree(
    tree: GoalTree,
    as_of: AsOf,
    *,
    explicit_date: bool = False,
    period: str | None = None,
    team: str | None = None,
    containing: bool = False,
    skipped: Sequence[str] = (),
) -> ScoreReport:
    """Score every objective of the tree, or those of one period and/or team.

    With `containing`, a period filter also keeps the periods that contain it (the company's
    2026 objectives for 2026-Q4), as the alignment tree needs. A `period` the tree has no
    objectives for (nor, with `containing`, any containing it) is an UnknownPeriod error.
    """
    settings = tree.config.scoring
    # UnknownPeriod when `period` names no period of the tree (never an empty report).
    asked = None if period is None else find_period(tree, period, containing=containing)

    def wanted(placed: PlacedObjective) -> bool:
        if team is not None and placed.team != team:
            return False
        if asked is None or (placed.period.start, placed.period.end) == (asked.start, asked.end):
            return True
        return containing and placed.period.covers(asked)

    chosen = sorted(
        (placed for placed in tree.objectives if wanted(placed)),
        key=lambda p: (p.team, p.period.start, p.period.end, p.file.path, p.index),
    )
    objectives = tuple(
        score_objective(p, tree, as_of.for_period(p.period, explicit_date), settings)
        for p in chosen
    )
    groups: dict[tuple[str, str], list[ObjectiveScore]] = {}
    for scored in objectives:
        groups.setdefault((scored.team, scored.period), []).append(scored)
    teams = tuple(
        _team_score(team_name, label, items, settings)
        for (team_name, label), items in groups.items()
    )
    if settings.forecast == "historical":
        from okrctl.compute.history import with_history  # it scores past periods: only then

        objectives = with_history(tree, objectives)
    # The report's own date: the one asked for, else the latest date any period was scored at
    # (today, or the last day of the periods that have all ended).
    latest = max((t.as_of for t in teams), default=as_of.day)
    report_day = as_of.day if explicit_date else latest
    return ScoreReport(report_day, teams, objectives, tuple(skipped))

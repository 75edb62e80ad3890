"""Learning from past quarters (issue 20, item 4): the retros a quarterly review asks for, and
how well the confidence given in check-ins foretold the verdicts (calibration).

Calibration (docs/scoring.md has a worked example). A key result is *finished* when its period
ended on or before the as-of date, it was not dropped by then, and at least one of its
check-ins during its period (first to last day, both counted) gives a `confidence`. Its outcome
is 1 when its verdict at the period's last day is `met` or `success` (committed key results are
met only at 1.0, aspirational ones succeed from 0.7: compute/scoring.py) and 0 when `missed`;
one whose values are out of range has no verdict and is left out.

Confidence is written as a probability already (0 to 1, "how likely the key result will be
met"), so it is used as written. Every check-in with a confidence counts, once: a team that
checks in every other week makes six forecasts of a quarter's key result, and the Brier score
is the mean, over all those forecasts, of (confidence - outcome)^2 (0 is perfect; always saying
0.5 earns 0.25). Early forecasts count as much as late ones: being sure too early is what
calibration is meant to show. The mean confidence of missed key results is the mean of the
confidences given on key results that were then missed (each check-in once): how sure the team
was of what it did not make.

Both are computed per team and per owner (a key result's owner, else its objective's, else the
file's), exactly on the numbers as written, rounded once to three decimals (half up), and only
for a team or owner with at least `MIN_FINISHED` finished key results: fewer say more about
luck than about judgement.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache

from okrctl.compute.periods import find_period
from okrctl.compute.scoring import ObjectiveScore, round_half_up, score_key_result, written
from okrctl.model.common import retro_teams
from okrctl.model.tree import GoalTree

MIN_FINISHED = 5  # finished key results before a team's or owner's calibration is shown
MET = ("met", "success")


def wanted_retros(tree: GoalTree, objectives: Iterable[ObjectiveScore]) -> tuple[str, ...]:
    """The refs of the missed objectives a quarterly review asks a retro for: those without one,
    of teams that write retros (`retro_teams`, as `missing-retro` reads it)."""
    teams = retro_teams(tree)
    return tuple(
        o.ref for o in objectives if o.status == "missed" and o.retro is None and o.team in teams
    )


@dataclass(frozen=True, slots=True)
class Forecast:
    """A finished key result: the confidences given on it during its period, and its verdict."""

    ref: str
    team: str
    owner: str | None
    period: str
    confidences: tuple[float, ...]  # as written, in the order of the check-ins
    status: str  # met, success or missed
    score: float

    @property
    def met(self) -> bool:
        return self.status in MET


@dataclass(frozen=True, slots=True)
class Calibration:
    """One team's or one owner's calibration; the numbers are None below `MIN_FINISHED`."""

    name: str
    finished: int  # finished key results with a confidence
    met: int  # of them, met or success
    forecasts: int  # check-ins with a confidence on them
    brier: float | None
    # The mean confidence given on the finished key results that were missed; None when none
    # was missed (or below the minimum).
    missed_confidence: float | None

    @property
    def shown(self) -> bool:
        return self.brier is not None


@dataclass(frozen=True, slots=True)
class CalibrationReport:
    """Everything `okrctl calibration` reports (and the quarterly review's Calibration section)."""

    as_of: date
    since: str | None  # the first period counted, as the tree names it; None: every period
    team: str | None
    teams: tuple[Calibration, ...]
    owners: tuple[Calibration, ...]
    key_results: tuple[Forecast, ...]  # the finished key results, by team, period, ref
    skipped: tuple[str, ...] = ()
    minimum: int = MIN_FINISHED

    @property
    def shown(self) -> bool:
        """Whether any team or owner has enough finished key results for a number."""
        return any(c.shown for c in (*self.teams, *self.owners))


def brier_score(pairs: Sequence[tuple[float, bool]]) -> Fraction:
    """The mean of (confidence - outcome)^2 over (confidence, met) pairs, exactly on the
    confidences as written (0.7 is 7/10)."""
    # Each distinct pair's error once, times how often it occurs: a company's history has
    # tens of thousands of check-ins but a few hundred distinct confidences, and exact
    # fractions add up alike in any order.
    total = sum(
        (count * _squared_error(c, met) for (c, met), count in Counter(pairs).items()),
        Fraction(0),
    )
    return total / len(pairs)


@cache
def _squared_error(confidence: float, met: bool) -> Fraction:
    return (written(confidence) - (1 if met else 0)) ** 2


def _calibration(name: str, forecasts: Sequence[Forecast], minimum: int) -> Calibration:
    pairs = [(c, f.met) for f in forecasts for c in f.confidences]
    missed_counts = Counter(c for f in forecasts if not f.met for c in f.confidences)
    missed = [count * written(c) for c, count in missed_counts.items()]
    missed_total = sum(missed_counts.values())
    enough = len(forecasts) >= minimum
    return Calibration(
        name=name,
        finished=len(forecasts),
        met=sum(1 for f in forecasts if f.met),
        forecasts=len(pairs),
        brier=round_half_up(brier_score(pairs)) if enough else None,
        missed_confidence=(
            round_half_up(sum(missed, Fraction(0)) / missed_total) if enough and missed else None
        ),
    )


def finished_key_results(
    tree: GoalTree, as_of: date, *, team: str | None = None, since: date | None = None
) -> list[Forecast]:
    """Every finished key result (module docstring), by team, period and file order."""
    settings = tree.config.scoring
    found: list[tuple[str, date, Forecast]] = []
    for placed in tree.key_results():
        objective = placed.parent
        period = objective.period
        if period.end > as_of or (team is not None and objective.team != team):
            continue
        if since is not None and period.start < since:
            continue
        if placed.kr.dropped_on(period.end):
            continue
        checkins = getattr(placed.kr, "checkins", None) or ()
        confidences = tuple(
            c.confidence
            for c in checkins
            if c.confidence is not None and period.start <= c.date <= period.end
        )
        if not confidences:
            continue
        scored = score_key_result(placed, tree, period.end, settings)
        if scored.status not in (*MET, "missed"):
            continue  # out of range: no verdict to hold the confidence against
        found.append((objective.team, period.start, Forecast(
                ref=placed.ref,
                team=objective.team,
                owner=placed.owner,
                period=period.label,
                confidences=confidences,
                status=scored.status,
                score=scored.score,
        )))  # fmt: skip
    found.sort(key=lambda item: item[:2])  # stable: file order within a team's period
    return [forecast for _, _, forecast in found]


def calibrate(
    tree: GoalTree,
    as_of: date,
    *,
    team: str | None = None,
    since: str | None = None,
    skipped: tuple[str, ...] = (),
    minimum: int = MIN_FINISHED,
) -> CalibrationReport:
    """Calibration per team and per owner as of a date (module docstring). `since` names the
    first period counted (UnknownPeriod when the tree has no such period)."""
    first = find_period(tree, since, containing=True) if since is not None else None
    forecasts = finished_key_results(
        tree, as_of, team=team, since=first.start if first is not None else None
    )
    # Grouped in one pass each, in the order of `forecasts` (a filter per team was quadratic:
    # minutes for a thousand teams).
    by_team: dict[str, list[Forecast]] = defaultdict(list)
    by_owner: dict[str, list[Forecast]] = defaultdict(list)
    for forecast in forecasts:
        by_team[forecast.team].append(forecast)
        if forecast.owner is not None:
            by_owner[forecast.owner].append(forecast)
    return CalibrationReport(
        as_of=as_of,
        since=first.label if first is not None else None,
        team=team,
        teams=tuple(_calibration(name, by_team[name], minimum) for name in sorted(by_team)),
        owners=tuple(_calibration(name, by_owner[name], minimum) for name in sorted(by_owner)),
        key_results=tuple(forecasts),
        skipped=skipped,
        minimum=minimum,
    )

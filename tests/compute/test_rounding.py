"""Scores rounded half up on the numbers as written, means taken before rounding, by hand.

Every tie below is exact in decimal and lands on a threshold: 1.0 (a committed objective is
`met`), 0.7 (green; an aspirational objective is a `success`) and 0.4 (yellow). In binary
floating point each of these ties lies a hair below the decimal, so rounding the float would
go the wrong way.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from okrctl.compute.scoring import (
    AsOf,
    ScoreReport,
    exact_elapsed,
    pace,
    round_half_up,
    score_tree,
)
from okrctl.model.config import ScoringSettings
from okrctl.model.period import resolve_label
from okrctl.model.tree import GoalTree
from tests.compute.trees import goal_file, lint_findings, load

AFTER = date(2027, 1, 1)  # 2026-Q4 has ended: verdicts
DURING = date(2026, 11, 16)  # e = 0.5: pace


def scored(tree: GoalTree, day: date = AFTER) -> ScoreReport:
    return score_tree(tree, AsOf(day), explicit_date=True)


def one_key_result(kind: str, start: float, target: float, current: float) -> str:
    return f"""
        - id: o
          title: Customers get answers while they still care
          type: {kind}
          key_results:
            - {{id: k, title: Reach it, start: {start}, target: {target}, current: {current}}}
        """


@pytest.mark.parametrize(
    ("kind", "start", "target", "current", "score", "grade", "status"),
    [
        # 19.99 of 0 -> 20: 19.99 / 20 = 0.9995 -> 1.000, met (not 0.999, missed)
        ("committed", 0, 20, 19.99, 1.0, "green", "met"),
        # just below the tie: 19.989 / 20 = 0.99945 -> 0.999, missed
        ("committed", 0, 20, 19.989, 0.999, "green", "missed"),
        # 11.399 of 10 -> 12: 1.399 / 2 = 0.6995 -> 0.700, green, success
        ("aspirational", 10, 12, 11.399, 0.7, "green", "success"),
        ("aspirational", 10, 12, 11.3989, 0.699, "yellow", "missed"),  # 0.69945
        # 0.799 of 0 -> 2: 0.3995 -> 0.400, yellow (not 0.399, red)
        ("aspirational", 0, 2, 0.799, 0.4, "yellow", "missed"),
        ("aspirational", 0, 2, 0.7989, 0.399, "red", "missed"),  # 0.39945
        # decreasing: 52 -> 25, current 33.1135: 18.8865 / 27 = 0.6995 -> 0.700
        ("aspirational", 52, 25, 33.1135, 0.7, "green", "success"),
    ],
)
def test_ties_round_half_up_at_every_threshold(
    tmp_path: Path,
    kind: str,
    start: float,
    target: float,
    current: float,
    score: float,
    grade: str,
    status: str,
) -> None:
    goals = goal_file("support", "2026-Q4", one_key_result(kind, start, target, current))
    report = scored(load(tmp_path, {"support.yaml": goals}))
    (objective,) = report.objectives
    (kr,) = objective.key_results
    assert (kr.score, kr.progress, kr.grade, kr.status) == (score, score, grade, status)
    assert (objective.score, objective.grade, objective.status) == (score, grade, status)
    (team,) = report.teams
    assert (team.score, team.grade) == (score, grade)


def test_round_half_up_goes_away_from_zero() -> None:
    assert round_half_up(Fraction(6995, 10000)) == 0.7
    assert round_half_up(Fraction(69949, 100000)) == 0.699
    assert round_half_up(Fraction(-5, 10000)) == -0.001
    assert round_half_up(Fraction(-4, 10000)) == 0.0
    assert str(round_half_up(Fraction(-4, 10000))) == "0.0"  # never -0.0


def test_progress_beyond_one_rounds_half_up_too(tmp_path: Path) -> None:
    # 0 -> 2, current 2.799: 1.3995 -> progress 1.400, score clamped to 1.0
    goals = goal_file("support", "2026-Q4", one_key_result("committed", 0, 2, 2.799))
    (objective,) = scored(load(tmp_path, {"support.yaml": goals})).objectives
    (kr,) = objective.key_results
    assert (kr.progress, kr.score) == (1.4, 1.0)


def three_objectives() -> str:
    return """
        - id: a
          title: Customers get answers while they still care
          type: committed
          key_results:
            - {id: a1, title: Reach 10000, start: 0, target: 10000, current: 2824}
        - id: b
          title: Fewer tickets reach a second line
          type: committed
          key_results:
            - {id: b1, title: Reach 10000 too, start: 0, target: 10000, current: 2824}
        - id: c
          title: Answers customers can act on
          type: committed
          key_results:
            - {id: c1, title: Reach 100000, start: 0, target: 100000, current: 28282}
            - {id: c2, title: Reach 10 here, start: 0, target: 10, current: 2.8282}
        """


def test_means_are_taken_before_rounding(tmp_path: Path) -> None:
    report = scored(
        load(tmp_path, {"support.yaml": goal_file("support", "2026-Q4", three_objectives())}),
        DURING,
    )
    scores = {o.id: o.score for o in report.objectives}
    # a and b: 2824 / 10000 = 0.2824 -> 0.282; c: (0.28282 + 0.28282) / 2 = 0.28282 -> 0.283
    assert scores == {"a": 0.282, "b": 0.282, "c": 0.283}
    # team: (0.2824 + 0.2824 + 0.28282) / 3 = 0.84762 / 3 = 0.28254 -> 0.283; the mean of the
    # rounded scores, (0.282 + 0.282 + 0.283) / 3 = 0.28233, would say 0.282
    (team,) = report.teams
    assert team.score == 0.283


def test_objective_mean_of_unrounded_key_results(tmp_path: Path) -> None:
    goals = goal_file(
        "support",
        "2026-Q4",
        """
        - id: o
          title: Customers get answers while they still care
          type: committed
          key_results:
            - {id: a, title: Reach 10000, start: 0, target: 10000, current: 2824}
            - {id: b, title: Reach 10000 too, start: 0, target: 10000, current: 2824}
            - {id: c, title: Reach 100000, start: 0, target: 100000, current: 28282}
        """,
    )
    (objective,) = scored(load(tmp_path, {"support.yaml": goals}), DURING).objectives
    # key results 0.282, 0.282, 0.283 as shown; the objective is 0.84762 / 3 = 0.28254 -> 0.283
    assert [kr.score for kr in objective.key_results] == [0.282, 0.282, 0.283]
    assert objective.score == 0.283


def test_weights_as_written_in_the_mean(tmp_path: Path) -> None:
    goals = goal_file(
        "support",
        "2026-Q4",
        """
        - id: o
          title: Customers get answers while they still care
          type: committed
          key_results:
            - {id: a, title: Reach 10, start: 0, target: 10, current: 10, weight: 0.1}
            - {id: b, title: Reach 10 too, start: 0, target: 10, current: 0, weight: 0.2}
        """,
    )
    (objective,) = scored(load(tmp_path, {"support.yaml": goals}), DURING).objectives
    # (1.0 * 0.1 + 0.0 * 0.2) / 0.3 = 1 / 3 -> 0.333
    assert objective.score == 0.333


def kpi_tree(root: Path, now: int, direction: str = "increase") -> GoalTree:
    """KPI 100 on the period's first day, a key result with target 100, the KPI `now` later."""
    kpis = (
        "team: support\nkpis:\n"
        "  - {id: signups, title: Weekly signups, owner: lin, cadence: weekly,\n"
        "     measurements: [{date: 2026-10-01, value: 100}, "
        f"{{date: 2026-11-10, value: {now}}}]}}\n"
    )
    goals = goal_file(
        "support",
        "2026-Q4",
        f"""
        - id: o
          title: More people try the product
          type: committed
          key_results:
            - {{id: k, title: Signups, kpi: support/signups, target: 100, direction: {direction}}}
        """,
    )
    return load(root, {"kpis.yaml": kpis, "support.yaml": goals})


@pytest.mark.parametrize(
    ("direction", "now", "score", "pace", "verdict"),
    [
        ("increase", 120, 1.0, "on-track", "met"),  # past the target upwards: met
        ("increase", 100, 1.0, "on-track", "met"),  # at the target: met
        ("increase", 90, 0.0, "off-track", "missed"),  # fell below it
        ("decrease", 90, 1.0, "on-track", "met"),  # past it downwards: met
        ("decrease", 120, 0.0, "off-track", "missed"),
    ],
)
def test_start_equal_to_target_scores_whether_the_target_is_met(
    tmp_path: Path, direction: str, now: int, score: float, pace: str, verdict: str
) -> None:
    tree = kpi_tree(tmp_path, now, direction)
    (during,) = scored(tree, DURING).objectives
    (kr,) = during.key_results
    assert (kr.start, kr.target, kr.current) == (100, 100, now)
    assert (kr.score, kr.progress, kr.status) == (score, score, pace)
    (after,) = scored(tree).objectives
    assert (after.key_results[0].status, after.status) == (verdict, verdict)
    # lint says the same: the KPI already met the target when the period began
    (finding,) = [f for f in lint_findings(tree) if f.rule == "target-already-met"]
    assert "meeting the target 100" in finding.message


@pytest.mark.parametrize(
    ("direction", "current", "score"),
    [
        (", direction: increase", 6, 1.0),
        (", direction: increase", 4, 0.0),
        (", direction: decrease", 4, 1.0),
        ("", 5, 1.0),  # no direction: only the target itself meets it
        ("", 6, 0.0),
    ],
)
def test_numeric_start_equal_to_target(
    tmp_path: Path, direction: str, current: int, score: float
) -> None:
    # lint rejects it (no-change-target), but a tree scored anyway scores it the same way
    goals = goal_file(
        "support",
        "2026-Q4",
        f"""
        - id: o
          title: Customers get answers while they still care
          type: committed
          key_results:
            - {{id: k, title: Reach it, start: 5, target: 5, current: {current}{direction}}}
        """,
    )
    (objective,) = scored(load(tmp_path, {"support.yaml": goals})).objectives
    assert objective.key_results[0].score == score


# Pace and forecast -------------------------------------------------------------------------
# In 2026-Q4 (92 days) on DURING, 46 days have gone by: e = 46 / 92 = 1/2 exactly. No default
# threshold lands on a tie in a quarter, so the settings below are chosen so that each one
# does; the binary float of each tie lies a hair below it, and rounding the float went down.


@pytest.mark.parametrize(
    ("kind", "settings", "current", "status"),
    [
        # committed: expected = e = 0.5; on-track from 0.5 - 0.1005 = 0.3995 -> 0.400
        ("committed", "{on_track_margin: 0.1005}", 400, "on-track"),
        ("committed", "{on_track_margin: 0.1005}", 399, "at-risk"),  # not on-track (0.399)
        # at-risk from 0.5 - 0.2505 = 0.2495 -> 0.250
        ("committed", "{at_risk_margin: 0.2505}", 250, "at-risk"),
        ("committed", "{at_risk_margin: 0.2505}", 249, "off-track"),  # not at-risk (0.249)
        # aspirational: expected = 0.701 x 0.5 = 0.3505; on-track from 0.2505 -> 0.251
        ("aspirational", "{aspirational_success: 0.701}", 251, "on-track"),
        ("aspirational", "{aspirational_success: 0.701}", 250, "at-risk"),  # not 0.250
        # at-risk from 0.3505 - 0.25 = 0.1005 -> 0.101
        ("aspirational", "{aspirational_success: 0.701}", 101, "at-risk"),
        ("aspirational", "{aspirational_success: 0.701}", 100, "off-track"),  # not 0.100
    ],
)
def test_pace_thresholds_round_half_up_on_the_settings_as_written(
    tmp_path: Path, kind: str, settings: str, current: int, status: str
) -> None:
    goals = goal_file("support", "2026-Q4", one_key_result(kind, 0, 1000, current))
    tree = load(tmp_path, {"okrctl.yaml": f"scoring: {settings}\n", "support.yaml": goals})
    (objective,) = scored(tree, DURING).objectives
    (kr,) = objective.key_results
    assert (objective.elapsed, objective.score) == (0.5, current / 1000)
    assert (objective.status, kr.status) == (status, status)


def test_pace_takes_the_share_of_the_period_exactly() -> None:
    # 31 of 92 days: e = 31/92 = 0.33695..., on-track from e - 0.1 = 0.23695... -> 0.237
    settings = ScoringSettings()
    assert pace(0.237, Fraction(31, 92), True, settings) == "on-track"
    assert pace(0.236, Fraction(31, 92), True, settings) == "at-risk"
    # A float share is read as written, like the settings: 0.5 is 1/2.
    assert pace(0.399, 0.5, True, ScoringSettings(on_track_margin=0.1005)) == "at-risk"


def test_the_exact_share_is_the_periods_own() -> None:
    period = resolve_label("2026-Q4")
    for offset in range(-1, period.days + 2):
        day = period.start + timedelta(days=offset)
        assert float(exact_elapsed(period, day)) == period.elapsed(day)


@pytest.mark.parametrize(
    ("first", "second", "forecast"),
    [
        # 0.5 on 12-29, 0.50025 on 12-30: the line climbs 0.00025 a day, so on 12-31 it is
        # 0.5005 exactly -> 0.501 (fitted in binary floating point it came out a hair below
        # the tie and was rounded to 0.5)
        (0.5, 0.50025, 0.501),
        (-0.5, -0.50025, -0.501),  # ties away from zero
        # 2 + 2 x 0.01225 = 2.0245 -> 2.025 (in floats: 2.024)
        (2, 2.01225, 2.025),
        (0.5, 0.50024, 0.5),  # 0.50048 -> 0.500
    ],
)
def test_the_forecast_is_rounded_half_up_on_the_values_as_written(
    tmp_path: Path, first: float, second: float, forecast: float
) -> None:
    goals = goal_file(
        "support",
        "2026-Q4",
        f"""
        - id: o
          title: Customers get answers while they still care
          type: committed
          key_results:
            - id: k
              title: Reach 2
              start: 0
              target: 2
              checkins:
                - {{date: 2026-12-29, value: {first}}}
                - {{date: 2026-12-30, value: {second}}}
        """,
    )
    (objective,) = scored(load(tmp_path, {"support.yaml": goals}), date(2026, 12, 30)).objectives
    (kr,) = objective.key_results
    assert kr.forecast == forecast

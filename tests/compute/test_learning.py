"""okrctl.compute.learning: retros asked for, and confidence calibration, numbers by hand.

2026-Q3 runs from 2026-07-01 to 2026-09-30. Five key results of support carry confidences
(k6 carries none and is not counted); their verdicts at 2026-09-30:

    k1 committed, 0 -> 10, 10: met        confidences 0.8, 0.9   outcome 1   owner sam
    k2 committed, milestone not done: missed  0.5, 0.4           outcome 0   owner sam
    k3 committed, 0 -> 10, 6 (0.6): missed    0.7                outcome 0   owner lin
    k4 aspirational, 0 -> 10, 7 (0.7): success 0.6               outcome 1   owner lin
    k5 aspirational, 0 -> 10, 5 (0.5): missed  1.0               outcome 0   owner sam

Brier = ((0.8-1)^2 + (0.9-1)^2 + 0.5^2 + 0.4^2 + 0.7^2 + (0.6-1)^2 + 1.0^2) / 7
      = (0.04 + 0.01 + 0.25 + 0.16 + 0.49 + 0.16 + 1.00) / 7 = 2.11 / 7 = 0.30142... -> 0.301
Missed at = (0.5 + 0.4 + 0.7 + 1.0) / 4 = 2.6 / 4 = 0.65
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from okrctl.compute.errors import UnknownPeriod
from okrctl.compute.learning import brier_score, calibrate, wanted_retros
from okrctl.compute.scoring import AsOf
from okrctl.model.tree import GoalTree
from tests.compute.trees import goal_file, load, review_of

Q3 = """
- id: committed-one
  title: Customers get answers while they still care
  type: committed
  key_results:
    - id: k1
      title: Answered tickets up from 0 to 10
      owner: sam
      start: 0
      target: 10
      checkins:
        - {date: 2026-07-15, value: 5, confidence: 0.8}
        - {date: 2026-09-20, value: 10, confidence: 0.9}
    - id: k2
      title: Weekend rota staffed
      owner: sam
      checkins:
        - {date: 2026-07-20, value: false, confidence: 0.5}
        - {date: 2026-09-25, value: false, confidence: 0.4}
    - id: k3
      title: Runbooks up from 0 to 10
      start: 0
      target: 10
      checkins:
        - {date: 2026-08-01, value: 6, confidence: 0.7}
- id: aspirational-one
  title: Customers answer their own questions
  type: aspirational
  key_results:
    - id: k4
      title: Articles up from 0 to 10
      start: 0
      target: 10
      checkins:
        - {date: 2026-08-10, value: 7, confidence: 0.6}
    - id: k5
      title: Videos up from 0 to 10
      owner: sam
      start: 0
      target: 10
      checkins:
        - {date: 2026-08-10, value: 5, confidence: 1.0}
    - id: k6
      title: Guides up from 0 to 10
      start: 0
      target: 10
      checkins:
        - {date: 2026-08-10, value: 8}
"""

# The running quarter: its confidences are not counted before it ends.
Q4 = """
- id: running
  title: Customers renew because of support
  type: committed
  key_results:
    - {id: r1, title: Renewals up from 0 to 10, start: 0, target: 10,
       checkins: [{date: 2026-10-15, value: 2, confidence: 0.9}]}
    - {id: r2, title: Calls up from 0 to 10, start: 0, target: 10,
       checkins: [{date: 2026-10-15, value: 2, confidence: 0.9}]}
"""


def tree_of(tmp_path: Path, q3: str = Q3, **more: str) -> GoalTree:
    files = {"support/2026-Q3.yaml": goal_file("support", "2026-Q3", q3)}
    files["support/2026-Q4.yaml"] = goal_file("support", "2026-Q4", Q4)
    files.update(more)
    return load(tmp_path, files)


def test_brier_score_is_the_mean_squared_error_of_the_confidences() -> None:
    pairs = [(0.8, True), (0.9, True), (0.5, False), (0.4, False), (0.7, False), (0.6, True)]
    pairs.append((1.0, False))
    assert brier_score(pairs) == Fraction(211, 700)  # 2.11 / 7, exactly
    assert brier_score([(0.5, True), (0.5, False)]) == Fraction(1, 4)  # always 0.5: 0.25


def test_a_teams_calibration_by_hand(tmp_path: Path) -> None:
    report = calibrate(tree_of(tmp_path), date(2026, 11, 29))
    (team,) = report.teams
    assert (team.name, team.finished, team.met, team.forecasts) == ("support", 5, 2, 7)
    assert team.brier == 0.301
    assert team.missed_confidence == 0.65
    assert report.shown
    assert [(f.ref.rsplit("/", 1)[1], f.status, f.confidences) for f in report.key_results] == [
        ("k1", "met", (0.8, 0.9)),
        ("k2", "missed", (0.5, 0.4)),
        ("k3", "missed", (0.7,)),
        ("k4", "success", (0.6,)),
        ("k5", "missed", (1.0,)),
    ]


def test_owners_below_five_finished_key_results_get_no_number(tmp_path: Path) -> None:
    report = calibrate(tree_of(tmp_path), date(2026, 11, 29))
    assert [(c.name, c.finished, c.met, c.forecasts, c.brier) for c in report.owners] == [
        ("lin", 2, 1, 2, None),  # k3, k4
        ("sam", 3, 1, 5, None),  # k1, k2, k5
    ]


def test_four_finished_key_results_give_no_number_five_do(tmp_path: Path) -> None:
    four = Q3.replace("value: 5, confidence: 1.0}", "value: 5}")  # k5 without a confidence
    report = calibrate(tree_of(tmp_path, four), date(2026, 11, 29))
    (team,) = report.teams
    assert (team.finished, team.brier, team.missed_confidence) == (4, None, None)
    assert not report.shown
    # Five, the same tree with k5's confidence back: a number (the test above).
    assert calibrate(tree_of(tmp_path / "five"), date(2026, 11, 29)).teams[0].brier == 0.301


def test_a_period_counts_only_once_it_has_ended(tmp_path: Path) -> None:
    tree = tree_of(tmp_path)
    assert calibrate(tree, date(2026, 9, 29)).key_results == ()  # Q3's last day is the 30th
    assert len(calibrate(tree, date(2026, 9, 30)).key_results) == 5
    # Q4 is running on 2026-11-29: r1 and r2 wait for its end.
    ended = calibrate(tree, date(2026, 12, 31)).key_results
    assert [f.ref.rsplit("/", 1)[1] for f in ended] == ["k1", "k2", "k3", "k4", "k5", "r1", "r2"]


def test_since_and_team_narrow_it(tmp_path: Path) -> None:
    tree = tree_of(tmp_path)
    assert calibrate(tree, date(2026, 12, 31), since="2026-Q4").teams[0].finished == 2
    assert calibrate(tree, date(2026, 12, 31), since="2026-Q4").since == "2026-Q4"
    assert calibrate(tree, date(2026, 12, 31), team="growth").teams == ()
    with pytest.raises(UnknownPeriod):
        calibrate(tree, date(2026, 12, 31), since="2025-Q1")


def test_a_dropped_key_result_is_left_out(tmp_path: Path) -> None:
    dropped = Q3.replace(
        "      title: Videos up from 0 to 10\n",
        "      title: Videos up from 0 to 10\n      status: dropped\n      reason: no budget\n",
    )
    report = calibrate(tree_of(tmp_path, dropped), date(2026, 11, 29))
    assert report.teams[0].finished == 4
    assert report.teams[0].brier is None


# Retros asked for ------------------------------------------------------------------------


RETRO = "  retro: {worked: The rota, next: Staff release mornings}\n"


def test_the_quarterly_review_asks_a_retro_of_missed_objectives_only(tmp_path: Path) -> None:
    # committed-one scores (1 + 0 + 0.6) / 3 = 0.533: missed; aspirational-one (0.7 + 0.5 +
    # 0.8) / 3 = 0.667: missed. A retro on the first takes the team in; the second is asked.
    with_retro = Q3.replace("  type: committed\n", "  type: committed\n" + RETRO, 1)
    tree = tree_of(tmp_path, with_retro)
    review = review_of(tree, AsOf(date(2026, 10, 5)))
    assert review.cadence == "quarterly"
    assert review.retros_wanted == ("support/2026-Q3/aspirational-one",)
    objectives = {o.id: o for team in review.teams for o in team.objectives}
    retro = objectives["committed-one"].retro
    assert retro is not None and (retro.worked, retro.didnt, retro.next) == (
        "The rota",
        None,
        "Staff release mornings",
    )
    assert wanted_retros(tree, objectives.values()) == ("support/2026-Q3/aspirational-one",)


def test_a_team_without_retros_is_not_asked(tmp_path: Path) -> None:
    review = review_of(tree_of(tmp_path), AsOf(date(2026, 10, 5)))
    assert review.retros_wanted == ()


def test_the_review_carries_calibration_only_with_a_number(tmp_path: Path) -> None:
    review = review_of(tree_of(tmp_path), AsOf(date(2026, 10, 5)))
    assert review.calibration is not None and review.calibration.teams[0].brier == 0.301
    four = Q3.replace("value: 5, confidence: 1.0}", "value: 5}")
    assert review_of(tree_of(tmp_path / "four", four), AsOf(date(2026, 10, 5))).calibration is None
    weekly = review_of(tree_of(tmp_path / "weekly"), AsOf(date(2026, 11, 29)))
    assert weekly.cadence == "weekly" and weekly.calibration is None

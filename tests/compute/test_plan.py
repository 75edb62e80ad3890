"""Planned paths (issue 16 item 6): a plan of three points, as-of dates between them, the
expected score and the pace status, worked out by hand.

The plan: pipeline share from 0 to 40 in 2026-Q4 (2026-10-01 to 2026-12-31, 92 days), with 10
by 2026-10-31, 20 by 2026-11-30 and 30 by 2026-12-15; after the last point the path runs on to
the target, 40, on 2026-12-31. Pace thresholds stay: on-track from expected - 0.1, at-risk from
expected - 0.25, each rounded half up to three decimals.
"""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from okrctl.compute.plan import planned_path, planned_value
from okrctl.compute.scoring import AsOf, ObjectiveScore, score_tree
from okrctl.model.period import Period
from okrctl.reports.score_json import key_result_document, objective_document
from okrctl.reports.values import journey
from tests.compute.trees import goal_file, load

PLAN = (
    "      plan:\n"
    "        - {date: 2026-10-31, value: 10}\n"
    "        - {date: 2026-11-30, value: 20}\n"
    "        - {date: 2026-12-15, value: 30}\n"
)


def objective(
    tmp_path: Path, current: float, as_of: date, kind: str = "committed", plan: str = PLAN
) -> ObjectiveScore:
    text = (
        "- id: o\n"
        "  title: Pipeline comes from partners\n"
        f"  type: {kind}\n"
        "  key_results:\n"
        "    - id: kr\n"
        "      title: Partner-sourced share of pipeline reaches 40%\n"
        "      start: 0\n"
        "      target: 40\n"
        '      unit: "%"\n'
        f"{plan}"
        f"      current: {current}\n"
    )
    tree = load(tmp_path, {"q4.yaml": goal_file("sales", "2026-Q4", text)})
    (scored,) = score_tree(tree, AsOf(as_of), explicit_date=True).objectives
    return scored


@pytest.mark.parametrize(
    ("as_of", "planned", "expected"),
    [
        (date(2026, 10, 1), 0.0, 0.0),  # the first day: the start
        (date(2026, 10, 16), 5.0, 0.125),  # 15 of 30 days to the first point: 10 x 15/30 = 5
        (date(2026, 10, 31), 10.0, 0.25),  # the first point itself: 10/40
        (date(2026, 11, 15), 15.0, 0.375),  # 10 + 10 x 15/30 = 15; 15/40
        (date(2026, 12, 8), 25.333, 0.633),  # 20 + 10 x 8/15 = 25.333 (rounded); 19/30 -> 0.633
        (date(2026, 12, 23), 35.0, 0.875),  # 30 + 10 x 8/16 (on to the target on 12-31)
        (date(2026, 12, 31), 40.0, 1.0),  # the last day: the target
    ],
)
def test_the_planned_value_and_expected_score_between_the_points(
    tmp_path: Path, as_of: date, planned: float, expected: float
) -> None:
    (kr,) = objective(tmp_path, 12, as_of).key_results
    assert kr.planned == pytest.approx(planned)
    assert kr.expected == expected


@pytest.mark.parametrize(
    ("as_of", "current", "status"),
    [
        # 11-15: expected 0.375; on-track from 0.275, at-risk from 0.125.
        (date(2026, 11, 15), 12, "on-track"),  # 0.300 (without the plan: at-risk, below)
        (date(2026, 11, 15), 11, "on-track"),  # 0.275, the edge itself
        (date(2026, 11, 15), 10.9, "at-risk"),  # 0.2725 -> 0.273
        (date(2026, 11, 15), 5, "at-risk"),  # 0.125, the edge
        (date(2026, 11, 15), 4.9, "off-track"),  # 0.1225 -> 0.123
        # 12-08: expected 19/30; on-track from 16/30 = 0.5333 -> 0.533, at-risk from
        # 23/60 = 0.38333 -> 0.383.
        (date(2026, 12, 8), 21.32, "on-track"),  # 0.533
        (date(2026, 12, 8), 21.3, "on-track"),  # 0.5325 -> 0.533 (half up)
        (date(2026, 12, 8), 21.2, "at-risk"),  # 0.530
        (date(2026, 12, 8), 15.3, "at-risk"),  # 0.3825 -> 0.383
        (date(2026, 12, 8), 15.2, "off-track"),  # 0.380
        # 10-16: expected 0.125; a slow start is what the plan says.
        (date(2026, 10, 16), 1, "on-track"),  # 0.025
    ],
)
def test_pace_is_judged_against_the_plan(
    tmp_path: Path, as_of: date, current: float, status: str
) -> None:
    scored = objective(tmp_path, current, as_of)
    (kr,) = scored.key_results
    assert (kr.status, scored.status) == (status, status)


def test_without_the_plan_the_share_of_time_gone_is_expected(tmp_path: Path) -> None:
    # 11-15 is 45 of 92 days: expected 0.489; 0.300 is below 0.389, so at-risk. No plan keys.
    scored = objective(tmp_path, 12, date(2026, 11, 15), plan="")
    (kr,) = scored.key_results
    assert (kr.status, kr.plan, kr.planned, kr.expected, scored.expected) == (
        "at-risk", (), None, None, None
    )  # fmt: skip
    document = key_result_document(kr)
    assert not {"plan", "planned", "expected", "expected_from"} & set(document)
    assert "expected" not in objective_document(scored)
    assert journey(kr) == "0 -> 12 -> 40%"


def test_the_aspirational_factor_applies_only_without_a_plan(tmp_path: Path) -> None:
    # Aspirational on 11-15: the plan expects 0.375 (not 0.7 x 0.375); 0.200 is below the
    # on-track edge 0.275 -> at-risk. Without the plan, 0.7 x 45/92 = 0.3424 expects less:
    # on-track from 0.2424 -> 0.242, at-risk from 0.0924 -> 0.092: at-risk too, and 0.250
    # would be on-track there but at-risk against the plan.
    assert objective(tmp_path / "a", 8, date(2026, 11, 15), "aspirational").status == "at-risk"
    planned = objective(tmp_path / "b", 10, date(2026, 11, 15), "aspirational")
    unplanned = objective(tmp_path / "c", 10, date(2026, 11, 15), "aspirational", plan="")
    assert (planned.status, unplanned.status) == ("at-risk", "on-track")
    assert planned.expected == 0.375


def test_json_and_words_carry_the_plan(tmp_path: Path) -> None:
    scored = objective(tmp_path, 12, date(2026, 11, 15))
    (kr,) = scored.key_results
    document = key_result_document(kr)
    assert document["plan"] == [
        {"date": "2026-10-31", "value": 10},
        {"date": "2026-11-30", "value": 20},
        {"date": "2026-12-15", "value": 30},
    ]
    assert (document["planned"], document["expected"], document["expected_from"]) == (
        15.0, 0.375, "plan"
    )  # fmt: skip
    assert objective_document(scored)["expected"] == 0.375
    assert objective_document(scored)["expected_from"] == "plan"
    assert journey(kr) == "0 -> 12 -> 40% (plan 15% by now)"
    json.dumps(document)  # plain JSON values only


def test_an_objective_expects_the_weighted_mean_of_its_key_results(tmp_path: Path) -> None:
    # On 11-15 (45 of 92 days), committed: the planned key result (weight 1) expects 3/8, the
    # other (weight 3) the share of time, 45/92: (3/8 + 3 x 45/92) / 4 = (69 + 270)/736 =
    # 339/736 = 0.46060 -> 0.461. Scores 0.3 and 0.3: mean 0.300; on-track from 0.361, at-risk
    # from 0.211 -> at-risk.
    text = (
        "- id: o\n"
        "  title: Pipeline comes from partners\n"
        "  type: committed\n"
        "  key_results:\n"
        "    - id: planned\n"
        "      title: Partner-sourced share of pipeline reaches 40%\n"
        "      start: 0\n"
        "      target: 40\n"
        f"{PLAN}"
        "      current: 12\n"
        "    - id: plain\n"
        "      title: Partner deals closed reach 10\n"
        "      start: 0\n"
        "      target: 10\n"
        "      weight: 3\n"
        "      current: 3\n"
    )
    tree = load(tmp_path, {"q4.yaml": goal_file("sales", "2026-Q4", text)})
    (scored,) = score_tree(tree, AsOf(date(2026, 11, 15)), explicit_date=True).objectives
    assert (scored.score, scored.expected, scored.status) == (0.3, 0.461, "at-risk")
    assert [kr.status for kr in scored.key_results] == ["on-track", "at-risk"]


def test_a_plan_with_levels_expects_the_score_along_the_levels(tmp_path: Path) -> None:
    # With commit 20 and stretch 50 (0 -> 0, 20 -> 0.3, 40 -> 0.7, 50 -> 1.0), the planned 15
    # on 11-15 scores 0.3 x 15/20 = 0.225.
    levels = "      commit: 20\n      stretch: 50\n" + PLAN
    (kr,) = objective(tmp_path, 12, date(2026, 11, 15), plan=levels).key_results
    assert (kr.planned, kr.expected) == (15.0, 0.225)


def test_the_path_is_exact_and_total() -> None:
    q4 = Period("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
    points = [(date(2026, 10, 31), Fraction(10)), (date(2026, 12, 31), Fraction(35))]
    path = planned_path(q4, Fraction(0), Fraction(40), points)
    assert path[-1] == (date(2026, 12, 31), Fraction(35))  # the last point ends it
    assert planned_value(path, date(2026, 11, 30)) == 10 + Fraction(25 * 30, 61)
    # A point on the first day replaces the start; a point out of order is left out.
    first = [(date(2026, 10, 1), Fraction(5)), (date(2026, 11, 30), Fraction(20))]
    backwards = [*first, (date(2026, 11, 1), Fraction(30))]
    assert planned_path(q4, Fraction(0), Fraction(40), backwards) == (
        (date(2026, 10, 1), Fraction(5)),
        (date(2026, 11, 30), Fraction(20)),
        (date(2026, 12, 31), Fraction(40)),
    )

"""Commit, target and stretch levels (issue 16 item 5): scores at each zone's edges and between
them, going up and going down, worked out by hand.

With both levels the score runs through start -> 0, commit -> 0.3, target -> 0.7, stretch ->
1.0; with only a stretch, start -> 0, target -> 0.7, stretch -> 1.0; with only a commit, start
-> 0, commit -> 0.3, target -> 1.0. Progress stays (current - start) / (target - start).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrctl.compute.scoring import AsOf, KeyResultScore, score_tree
from okrctl.reports.score_json import key_result_document
from tests.compute.trees import goal_file, load

AS_OF = date(2026, 11, 16)


def scored(tmp_path: Path, levels: str, current: float) -> KeyResultScore:
    """The one key result of a file whose scale is `levels` (YAML lines), at `current`."""
    text = (
        "- id: o\n"
        "  title: Objective with levels\n"
        "  type: aspirational\n"
        "  key_results:\n"
        "    - id: kr\n"
        "      title: The metric moves\n"
        f"{levels}\n"
        f"      current: {current}\n"
    )
    tree = load(tmp_path, {"q4.yaml": goal_file("growth", "2026-Q4", text)})
    (objective,) = score_tree(tree, AsOf(AS_OF), explicit_date=True).objectives
    (kr,) = objective.key_results
    return kr


def scale(**fields: float) -> str:
    return "\n".join(f"      {name}: {number}" for name, number in fields.items())


UP = scale(start=0, commit=10, target=20, stretch=30)
DOWN = scale(start=52, commit=40, target=25, stretch=20)
ONLY_STRETCH = scale(start=0, target=20, stretch=30)
ONLY_COMMIT = scale(start=0, commit=10, target=20)


@pytest.mark.parametrize(
    ("levels", "current", "score", "zone", "progress"),
    [
        # Going up: 0 -> 10 -> 20 -> 30.
        (UP, -5, 0.0, "fail", -0.25),  # below start: 0
        (UP, 0, 0.0, "fail", 0.0),
        (UP, 5, 0.15, "fail", 0.25),  # half way to commit: 0.3 x 5/10
        (UP, 10, 0.3, "commit", 0.5),  # the commit level itself
        (UP, 15, 0.5, "commit", 0.75),  # 0.3 + 0.4 x 5/10
        (UP, 20, 0.7, "target", 1.0),  # the target itself
        (UP, 25, 0.85, "target", 1.25),  # 0.7 + 0.3 x 5/10
        (UP, 30, 1.0, "stretch", 1.5),  # the stretch level itself
        (UP, 40, 1.0, "stretch", 2.0),  # past it: 1.0
        # Going down (minutes): 52 -> 40 -> 25 -> 20.
        (DOWN, 52, 0.0, "fail", 0.0),
        (DOWN, 46, 0.15, "fail", 0.222),  # 0.3 x 6/12; progress 6/27
        (DOWN, 40, 0.3, "commit", 0.444),  # progress 12/27
        (DOWN, 31, 0.54, "commit", 0.778),  # 0.3 + 0.4 x 9/15; progress 21/27
        (DOWN, 25, 0.7, "target", 1.0),
        (DOWN, 22, 0.88, "target", 1.111),  # 0.7 + 0.3 x 3/5; progress 30/27
        (DOWN, 20, 1.0, "stretch", 1.185),  # progress 32/27
        (DOWN, 60, 0.0, "fail", -0.296),  # worse than start: 0; progress -8/27
        # Only a stretch: 0 -> 20 (0.7) -> 30 (1.0).
        (ONLY_STRETCH, 10, 0.35, "fail", 0.5),  # 0.7 x 10/20
        (ONLY_STRETCH, 20, 0.7, "target", 1.0),
        (ONLY_STRETCH, 26, 0.88, "target", 1.3),  # 0.7 + 0.3 x 6/10
        (ONLY_STRETCH, 30, 1.0, "stretch", 1.5),
        # Only a commit: 0 -> 10 (0.3) -> 20 (1.0).
        (ONLY_COMMIT, 5, 0.15, "fail", 0.25),
        (ONLY_COMMIT, 10, 0.3, "commit", 0.5),
        (ONLY_COMMIT, 15, 0.65, "commit", 0.75),  # 0.3 + 0.7 x 5/10
        (ONLY_COMMIT, 20, 1.0, "target", 1.0),
        (ONLY_COMMIT, 24, 1.0, "target", 1.2),
    ],
)
def test_score_and_zone_by_hand(
    tmp_path: Path, levels: str, current: float, score: float, zone: str, progress: float
) -> None:
    kr = scored(tmp_path, levels, current)
    assert (kr.score, kr.zone, kr.progress) == (score, zone, progress)


def test_rounded_half_up_on_the_exact_value(tmp_path: Path) -> None:
    # 0.7 x 0.1 / 20 = 0.0035 exactly: half up is 0.004 (the binary floats would say 0.003).
    assert scored(tmp_path, ONLY_STRETCH, 0.1).score == 0.004


def test_json_has_levels_and_zone_only_with_levels(tmp_path: Path) -> None:
    with_levels = key_result_document(scored(tmp_path / "a", UP, 15))
    assert {k: with_levels[k] for k in ("commit", "stretch", "zone", "score", "progress")} == {
        "commit": 10,
        "stretch": 30,
        "zone": "commit",
        "score": 0.5,
        "progress": 0.75,
    }
    plain = key_result_document(scored(tmp_path / "b", scale(start=0, target=20), 15))
    assert not {"commit", "stretch", "zone"} & plain.keys()
    assert plain["score"] == 0.75


def test_kpi_linked_levels_start_at_the_kpis_first_value(tmp_path: Path) -> None:
    objectives = """
    - id: happier
      title: Customers are happier with support
      type: committed
      key_results:
        - id: csat
          title: CSAT reaches 4.6
          kpi: support/csat
          commit: 4.3
          target: 4.6
          stretch: 4.8
    """
    kpis = """
    team: support
    kpis:
      - id: csat
        title: CSAT
        owner: lin
        cadence: weekly
        band: {min: 4}
        measurements:
          - {date: 2026-09-28, value: 4.1}
          - {date: 2026-11-10, value: 4.7}
    """
    tree = load(
        tmp_path, {"q4.yaml": goal_file("support", "2026-Q4", objectives), "kpis.yaml": kpis}
    )
    (objective,) = score_tree(tree, AsOf(AS_OF), explicit_date=True).objectives
    (kr,) = objective.key_results
    # start 4.1 (the KPI on the period's first day); 4.7 is 0.7 + 0.3 x 0.1/0.2 = 0.85.
    assert (kr.start, kr.score, kr.zone, kr.progress) == (4.1, 0.85, "target", 1.2)
    assert objective.score == 0.85


def test_no_value_yet_has_no_zone(tmp_path: Path) -> None:
    body = """
    - id: o
      title: Objective with levels
      type: committed
      key_results:
        - id: kr
          title: The metric moves
          start: 0
          commit: 10
          target: 20
    """
    tree = load(tmp_path, {"q4.yaml": goal_file("growth", "2026-Q4", body)})
    (objective,) = score_tree(tree, AsOf(AS_OF), explicit_date=True).objectives
    (kr,) = objective.key_results
    assert (kr.no_data, kr.zone, kr.score) == (True, None, 0.0)
    assert key_result_document(kr)["zone"] is None

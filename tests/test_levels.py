"""Commit and stretch levels from a user's view (issue 16 item 5): the JSON Schema editors
use describes and checks them, and `okrctl score` shows them with the zone."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from okrctl.model.schema import json_schema
from tests.conftest import GoalTree, okrctl

GOAL = Draft202012Validator(json_schema("goal"))


def goal(key_result: dict[str, Any]) -> dict[str, Any]:
    return {
        "team": "growth",
        "period": "2026-Q4",
        "owner": "lin",
        "objectives": [
            {"id": "o", "title": "Objective", "type": "committed", "key_results": [key_result]}
        ],
    }


def test_the_schema_describes_and_checks_the_levels() -> None:
    defs = json_schema("goal")["$defs"]
    for kind in ("NumericKeyResult", "KpiKeyResult"):
        assert {"commit", "stretch"} <= defs[kind]["properties"].keys()
        assert "0.3" in defs[kind]["properties"]["commit"]["description"]
    numeric = {"title": "Upgrades reach 60", "start": 0, "commit": 40, "target": 60, "stretch": 75}
    assert list(GOAL.iter_errors(goal(numeric))) == []
    kpi = {"title": "CSAT reaches 4.6", "kpi": "support/csat", "target": 4.6, "stretch": 4.8}
    assert list(GOAL.iter_errors(goal(kpi))) == []
    assert list(GOAL.iter_errors(goal({**numeric, "stretch": "lots"}))) != []
    # A milestone has no levels.
    assert list(GOAL.iter_errors(goal({"title": "Shipped", "done": False, "commit": 1}))) != []


FILE = """\
team: growth
period: 2026-Q4
owner: lin
objectives:
  - id: upgrades
    title: More teams move to the Business plan
    type: aspirational
    key_results:
      - id: business-upgrades
        title: Team-plan accounts upgraded to Business reach 60
        start: 0
        commit: 40
        target: 60
        stretch: 75
        unit: accounts
        current: 50
"""


def test_score_shows_levels_and_zone(goals: GoalTree) -> None:
    goals.write("growth.yaml", FILE)
    result = okrctl("score", "--format", "json", cwd=goals.root)
    assert result.returncode == 0, result.stderr
    # 50 is half way from commit 40 (0.3) to target 60 (0.7): 0.5; progress 50/60.
    assert '"score": 0.5,' in result.stdout
    assert '"progress": 0.833,' in result.stdout
    assert '"commit": 40,\n' in result.stdout and '"zone": "commit"' in result.stdout
    text = okrctl("score", cwd=goals.root).stdout
    # The journey cell is never cut; the words on levels go with the title, which gives way.
    (row,) = [line for line in text.splitlines() if "0 -> 50 -> 60 accounts" in line]
    assert "(commit" not in row
    assert "Business reach 60 (commit 40, stretch 75; zone: commit)" in " ".join(text.split())

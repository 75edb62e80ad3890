"""plan-order: a planned path's points lie inside the period, in date order, with values moving
from start toward the target (issue 16 item 6)."""

from tests.conftest import GoalTree

# Lines: plan 13; first point 14, second 15, third 16; the second plan 21, 22, 23. Lints clean.
FILE = """
team: sales
period: 2026-Q4
owner: lin
objectives:
  - id: partners
    title: Pipeline comes from partners
    type: committed
    key_results:
      - title: Partner-sourced share of pipeline reaches 40%
        start: 0
        target: 40
        unit: "%"
        plan:
          - {date: 2026-10-31, value: 10}
          - {date: 2026-11-30, value: 20}
          - {date: 2026-12-15, value: 30}
      - title: Median deal cycle down to 30 days
        start: 60
        target: 30
        unit: days
        plan:
          - {date: 2026-11-15, value: 50}
          - {date: 2026-12-15, value: 40}
"""

# Columns: a point's date starts at 20, its value at 39.


def test_a_plan_in_order_passes(goals: GoalTree) -> None:
    goals.write("sales.yaml", FILE)
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_a_point_outside_the_period(goals: GoalTree) -> None:
    goals.write("sales.yaml", FILE.replace("2026-10-31, value: 10", "2027-01-15, value: 10"))
    result = goals.lint()
    # Only that point: the others are in order among themselves.
    assert result.findings == [("sales.yaml", 14, 20, "plan-order")]
    assert result.messages("plan-order") == [
        "plan point dated 2027-01-15 is outside the period 2026-Q4 (2026-10-01 to 2026-12-31)"
    ]
    assert result.exit_code == 1


def test_points_out_of_date_order(goals: GoalTree) -> None:
    goals.write("sales.yaml", FILE.replace("2026-12-15, value: 30", "2026-11-30, value: 30"))
    result = goals.lint()
    assert result.findings == [("sales.yaml", 16, 20, "plan-order")]
    assert result.messages("plan-order") == [
        "plan point dated 2026-11-30 is not after the point before it (2026-11-30): plan "
        "points go in date order"
    ]


def test_a_value_going_back(goals: GoalTree) -> None:
    goals.write("sales.yaml", FILE.replace("value: 20}", "value: 5}"))
    result = goals.lint()
    assert result.findings == [("sales.yaml", 15, 39, "plan-order")]
    assert result.messages("plan-order") == [
        "plan value 5 goes back from 10 (the point before it; the metric goes up): a plan "
        "moves from the start toward the target"
    ]


def test_a_first_value_behind_the_start_going_down(goals: GoalTree) -> None:
    goals.write("sales.yaml", FILE.replace("value: 50}", "value: 65}"))
    result = goals.lint()
    assert result.findings == [("sales.yaml", 22, 39, "plan-order")]
    assert result.messages("plan-order") == [
        "plan value 65 goes back from 60 (the start; the metric goes down): a plan moves from "
        "the start toward the target"
    ]


def test_a_value_beyond_the_target_or_the_stretch(goals: GoalTree) -> None:
    goals.write("sales.yaml", FILE.replace("value: 30}", "value: 45}"))
    result = goals.lint()
    assert result.findings == [("sales.yaml", 16, 39, "plan-order")]
    assert result.messages("plan-order") == [
        "plan value 45 is beyond the target 40 (the metric goes up): a plan ends at the target "
        "at most"
    ]
    # With a stretch level of 50, a plan may aim past the target, up to it.
    stretched = FILE.replace("value: 30}", "value: 45}").replace(
        "        target: 40\n", "        target: 40\n        stretch: 50\n"
    )
    goals.write("sales.yaml", stretched)
    assert goals.lint().findings == []


def test_a_flat_stretch_is_a_plan_too(goals: GoalTree) -> None:
    # Back-loaded: nothing planned in October and November.
    goals.write(
        "sales.yaml", FILE.replace("value: 10}", "value: 0}").replace("value: 20}", "value: 0}")
    )
    assert goals.lint("--strict").findings == []


def test_the_schema_and_lint_reject_an_empty_plan(goals: GoalTree) -> None:
    goals.write(
        "sales.yaml",
        FILE.replace(
            "        plan:\n          - {date: 2026-11-15, value: 50}\n"
            "          - {date: 2026-12-15, value: 40}\n",
            "        plan: []\n",
        ),
    )
    result = goals.lint()
    assert result.exit_code == 1
    assert [rule for *_, rule in result.findings] == ["invalid-value"]

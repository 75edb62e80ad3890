"""level-order: commit and stretch levels must follow the key result's direction around its
target (issue 16 item 5), and titles may state any level (title-target-mismatch)."""

from tests.conftest import GoalTree

# Lines: title 9, start 10, commit 11, target 12, stretch 13, unit 14; lints clean.
FILE = """
team: growth
period: 2026-Q4
owner: lin
objectives:
  - id: trials
    title: More trials become paying customers
    type: aspirational
    key_results:
      - title: Weekly active teams from 120 to 200
        start: 120
        commit: 160
        target: 200
        stretch: 260
        unit: teams
      - title: Median onboarding time down to 3 days
        start: 9
        commit: 6
        target: 3
        stretch: 2
        unit: days
"""

# The decreasing key result's levels: commit line 17, stretch line 19.


def test_levels_in_order_pass(goals: GoalTree) -> None:
    goals.write("growth.yaml", FILE)
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_a_commit_past_the_target_going_up(goals: GoalTree) -> None:
    goals.write("growth.yaml", FILE.replace("commit: 160", "commit: 210"))
    result = goals.lint()
    # At the commit's value: line 11, after `        commit: ` (16 characters).
    assert result.findings == [("growth.yaml", 11, 17, "level-order")]
    assert result.messages("level-order") == [
        "commit 210 is not between start 120 and target 200 (the metric goes up): the commit "
        "level lies on the way to the target"
    ]
    assert result.exit_code == 1


def test_a_commit_at_the_start_is_out_of_order(goals: GoalTree) -> None:
    goals.write("growth.yaml", FILE.replace("commit: 160", "commit: 120"))
    assert goals.lint().findings == [("growth.yaml", 11, 17, "level-order")]


def test_a_stretch_short_of_the_target_going_up(goals: GoalTree) -> None:
    goals.write("growth.yaml", FILE.replace("stretch: 260", "stretch: 200"))
    result = goals.lint()
    assert result.findings == [("growth.yaml", 13, 18, "level-order")]
    assert result.messages("level-order") == [
        "stretch 200 is not beyond the target 200 (the metric goes up): the stretch level lies "
        "past the target"
    ]


def test_levels_swapped_going_down(goals: GoalTree) -> None:
    text = FILE.replace("commit: 6", "commit: 2").replace("stretch: 2", "stretch: 6")
    goals.write("growth.yaml", text)
    result = goals.lint()
    assert result.findings == [
        ("growth.yaml", 17, 17, "level-order"),
        ("growth.yaml", 19, 18, "level-order"),
    ]
    assert result.messages("level-order") == [
        "commit 2 is not between start 9 and target 3 (the metric goes down): the commit level "
        "lies on the way to the target",
        "stretch 6 is not beyond the target 3 (the metric goes down): the stretch level lies "
        "past the target",
    ]


def test_only_one_level_is_checked_alone(goals: GoalTree) -> None:
    text = FILE.replace("        commit: 160\n", "").replace("        stretch: 2\n", "")
    goals.write("growth.yaml", text)
    assert goals.lint("--strict").findings == []


def test_a_kpi_linked_commit_is_ordered_from_the_kpis_first_value(goals: GoalTree) -> None:
    goals.write(
        "support/kpis.yaml",
        """
team: support
kpis:
  - id: csat
    title: CSAT
    owner: lin
    cadence: weekly
    band: {min: 4}
    measurements:
      - {date: 2026-09-28, value: 4.1}
""",
    )
    kr = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: happier
    title: Customers are happier with support
    type: committed
    key_results:
      - title: CSAT reaches 4.6
        kpi: support/csat
        commit: 4.0
        target: 4.6
"""
    goals.write("support/2026-Q4.yaml", kr)
    result = goals.lint()
    assert result.of("level-order") == [("support/2026-Q4.yaml", 11, 17, "level-order")]
    assert result.messages("level-order") == [
        "commit 4 is not between start 4.1 and target 4.6 (the metric goes up): the commit "
        "level lies on the way to the target"
    ]


# --- title-target-mismatch reads the levels ---------------------------------------------


def titled(title: str, levels: str = "        stretch: 260\n") -> str:
    """FILE's first key result with another title, and `levels` in place of its own."""
    text = FILE.replace("Weekly active teams from 120 to 200", title)
    return text.replace("        commit: 160\n", "").replace("        stretch: 260\n", levels)


def test_a_title_may_state_the_stretch_level(goals: GoalTree) -> None:
    goals.write("growth.yaml", titled("Weekly active teams reach 260"))
    assert goals.lint("--strict").findings == []
    goals.write("growth.yaml", titled("Weekly active teams reach 260", ""))
    assert goals.lint().of("title-target-mismatch") == [
        ("growth.yaml", 9, 16, "title-target-mismatch")
    ]


def test_a_title_range_is_target_and_stretch(goals: GoalTree) -> None:
    goals.write("growth.yaml", titled("Weekly active teams grow to 200-260"))
    assert goals.lint("--strict").findings == []
    commit = "        commit: 200\n"
    goals.write(
        "growth.yaml",
        titled("Weekly active teams grow to 200-260", commit).replace("target: 200", "target: 260"),
    )
    assert goals.lint("--strict").findings == []


def test_a_title_range_that_is_not_the_levels(goals: GoalTree) -> None:
    goals.write("growth.yaml", titled("A 20-30% lift in weekly active teams"))
    result = goals.lint()
    assert result.of("title-target-mismatch") == [("growth.yaml", 9, 16, "title-target-mismatch")]
    assert result.messages("title-target-mismatch") == [
        "the title says 20-30%, but the levels are target 200, stretch 260: correct the title "
        "or the levels"
    ]


def test_a_title_range_without_levels_is_not_judged(goals: GoalTree) -> None:
    goals.write("growth.yaml", titled("A 20-30% lift in weekly active teams", ""))
    assert goals.lint().of("title-target-mismatch") == []

"""no-change-target: a key result whose start equals its target asks for no change."""

from tests.conftest import GoalTree

# 14 lines; lints clean.
FILE = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
      - title: First-response time down to 25 minutes
        start: 52
        target: 25
      - title: CSAT reaches 4.6
        start: 4.1
        target: 4.6
"""

# 9 lines; lints clean.
KPIS = """
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: lin
    cadence: weekly
    band: {max: 45}
    measurements:
      - {date: 2026-09-28, value: 30}
"""

# The second key result is KPI-linked: title on line 12, kpi 13, start 14, target 15.
KPI_LINKED = FILE.replace(
    "      - title: CSAT reaches 4.6\n        start: 4.1\n        target: 4.6\n",
    "      - title: Median first-response time under 30 minutes\n"
    "        kpi: support/first-response-time\n"
    "        start: 38\n"
    "        target: 30\n",
)

MESSAGE = (
    "start and target are both {}: a key result that asks for no change scores only 1.0 (its "
    "value meets the target) or 0.0; hold a level with a KPI instead"
)


def test_start_different_from_target_passes(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_start_equals_target(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("start: 52", "start: 25"))
    result = goals.lint()
    # Reported at the target's value: line 11, after `        target: ` (16 characters).
    assert result.findings == [("support.yaml", 11, 17, "no-change-target")]
    assert result.messages("no-change-target") == [MESSAGE.format(25)]
    assert result.exit_code == 1


def test_decimal_start_equals_target(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("start: 4.1", "start: 4.6"))
    result = goals.lint()
    assert result.findings == [("support.yaml", 14, 17, "no-change-target")]
    assert result.messages("no-change-target") == [MESSAGE.format(4.6)]


def test_integer_and_float_of_the_same_value_are_equal(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("start: 52", "start: 25.0"))
    result = goals.lint()
    assert result.findings == [("support.yaml", 11, 17, "no-change-target")]


def test_with_a_direction_it_is_still_no_change_not_already_met(goals: GoalTree) -> None:
    text = FILE.replace("start: 52", "start: 25").replace(
        "        target: 25\n", "        target: 25\n        direction: decrease\n"
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.findings == [("support.yaml", 11, 17, "no-change-target")]


def test_nearly_equal_is_a_change(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("start: 52", "start: 25.5"))
    assert goals.lint().of("no-change-target") == []


def test_kpi_linked_key_result_with_its_own_start(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", KPIS)
    goals.write("support/2026-Q4.yaml", KPI_LINKED)
    assert goals.lint().findings == []
    goals.write("support/2026-Q4.yaml", KPI_LINKED.replace("start: 38", "start: 30"))
    result = goals.lint()
    assert result.findings == [("support/2026-Q4.yaml", 15, 17, "no-change-target")]
    assert result.messages("no-change-target") == [MESSAGE.format(30)]
    assert result.exit_code == 1


def test_kpi_linked_key_result_without_start_is_left_to_target_already_met(
    goals: GoalTree,
) -> None:
    # Without `start`, the KPI's 30 on 2026-09-28 is the start; with the target at 30 that is
    # a level already held (target-already-met), not a start written equal to the target.
    goals.write("support/kpis.yaml", KPIS)
    goals.write("support/2026-Q4.yaml", KPI_LINKED.replace("        start: 38\n", ""))
    result = goals.lint()
    assert result.of("no-change-target") == []
    # The KPI-linked key result's target is now on line 14.
    assert result.findings == [("support/2026-Q4.yaml", 14, 17, "target-already-met")]


def test_an_invalid_sibling_does_not_hide_it(goals: GoalTree) -> None:
    text = FILE.replace("        target: 25\n", "").replace("start: 4.1", "start: 4.6")
    goals.write("support.yaml", text)
    result = goals.lint()
    # Without `target: 25` the first key result (line 9) is invalid; the second one's target
    # moves up to line 13.
    assert result.findings == [
        ("support.yaml", 9, 9, "missing-field"),
        ("support.yaml", 13, 17, "no-change-target"),
    ]


def test_silenced_on_its_line(goals: GoalTree) -> None:
    text = FILE.replace("start: 52", "start: 25").replace(
        "        target: 25\n", "        target: 25  # okrctl: disable=no-change-target\n"
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_ignored_from_the_command_line(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("start: 52", "start: 25"))
    result = goals.lint("--ignore", "no-change-target")
    assert result.findings == []
    assert result.exit_code == 0

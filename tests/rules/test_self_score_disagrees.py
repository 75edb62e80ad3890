"""self-score-disagrees: a self-graded score more than 0.3 from the score the values give."""

from tests.conftest import GoalTree

# start 52, target 25; on 2026-11-14 the latest value is 40: (40 - 52) / (25 - 52) = 0.444.
# The check-ins are on lines 13 and 14; `          - {date: 2026-11-14, value: 40, score: `
# is 49 characters, so the score is at column 50.
OKRS = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed
    key_results:
      - title: Median first-response time down from 52 to 25 minutes
        start: 52
        target: 25
        checkins:
          - {date: 2026-10-15, value: 46}
          - {date: 2026-11-14, value: 40, score: SCORE}
"""


def test_a_self_score_far_from_the_values_is_reported(goals: GoalTree) -> None:
    goals.write("support.yaml", OKRS.replace("SCORE", "0.8"))
    result = goals.lint()
    assert result.of("self-score-disagrees") == [("support.yaml", 14, 50, "self-score-disagrees")]
    assert result.messages("self-score-disagrees") == [
        "self score 0.8 on 2026-11-14 is more than 0.3 from the 0.444 its values give: say "
        "why in the check-in's note, or check the values"
    ]
    assert result.exit_code == 0  # info


def test_a_self_score_near_the_values_is_not(goals: GoalTree) -> None:
    # 0.744 is 0.3 from 4/9 = 0.4444..., rounded; exactly: 0.744 - 4/9 = 0.2996 (not over)
    for score in ("0.6", "0.2", "0.744"):
        goals.write("support.yaml", OKRS.replace("SCORE", score))
        assert goals.lint().of("self-score-disagrees") == [], score


def test_a_self_score_with_no_value_to_compare_is_not(goals: GoalTree) -> None:
    text = OKRS.replace("          - {date: 2026-10-15, value: 46}\n", "").replace(
        "value: 40, score: SCORE", "score: 0.9"
    )
    goals.write("support.yaml", text.replace("2026-11-14, score", "2026-10-01, score"))
    assert goals.lint().of("self-score-disagrees") == []


def test_a_milestone_is_compared_with_done_or_not_done(goals: GoalTree) -> None:
    text = (
        OKRS.replace("        start: 52\n        target: 25\n", "")
        .replace("value: 46", "value: false")
        .replace("value: 40, score: SCORE", "score: 0.5")
    )
    goals.write("support.yaml", text)
    assert goals.lint().of("self-score-disagrees") == [
        ("support.yaml", 12, 39, "self-score-disagrees")
    ]


def test_a_key_result_that_failed_validation_in_part_is_not_compared(goals: GoalTree) -> None:
    # A KPI-linked key result's check-in gives a score, never a value: that check-in fails and
    # is kept without its fields; its error is reported, this rule reads nothing unset.
    text = OKRS.replace(
        "        start: 52\n        target: 25\n", "        kpi: support/frt\n        target: 25\n"
    )
    text = text.replace("          - {date: 2026-10-15, value: 46}\n", "").replace(
        "value: 40, score: SCORE", "value: 40"
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.of("self-score-disagrees") == []
    assert result.exit_code != 0

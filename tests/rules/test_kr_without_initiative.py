"""kr-without-initiative: once a tree uses initiatives, a running key result without one."""

from tests.conftest import GoalTree

# Today is 2026-11-29 (the suite's day): inside 2026-Q4, after 2026-Q3.
OKRS = """
team: support
period: PERIOD
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
      - id: first-response
        title: Median first-response time down to 25 minutes
        start: 52
        target: 25
        initiatives:
          - {title: Triage rota, owner: sam, status: active}
      - id: csat
        title: CSAT up to 4.6
        start: 4.1
        target: 4.6
"""


def test_a_running_key_result_without_an_initiative_is_reported(goals: GoalTree) -> None:
    goals.write("support.yaml", OKRS.replace("PERIOD", "2026-Q4"))
    result = goals.lint()
    assert result.of("kr-without-initiative") == [("support.yaml", 15, 9, "kr-without-initiative")]
    assert result.messages("kr-without-initiative") == [
        "key result `support/2026-Q4/faster-replies/csat` has no initiative: name the work "
        "that will move it (`initiatives` on it or on its objective)"
    ]
    assert result.exit_code == 0  # info


def test_an_objectives_initiative_serves_its_key_results(goals: GoalTree) -> None:
    text = OKRS.replace("PERIOD", "2026-Q4").replace(
        "    key_results:\n",
        "    initiatives:\n      - {title: Macros for the top ten questions}\n    key_results:\n",
    )
    goals.write("support.yaml", text)
    assert goals.lint().of("kr-without-initiative") == []


def test_only_dropped_initiatives_are_none(goals: GoalTree) -> None:
    text = OKRS.replace("PERIOD", "2026-Q4").replace("status: active", "status: dropped")
    goals.write("support.yaml", text)
    assert [ref[1] for ref in goals.lint().of("kr-without-initiative")] == [9, 15]


def test_a_tree_without_initiatives_and_past_periods_hear_nothing(goals: GoalTree) -> None:
    goals.write("support.yaml", OKRS.replace("PERIOD", "2026-Q3"))
    assert goals.lint().of("kr-without-initiative") == []
    plain = OKRS.replace("PERIOD", "2026-Q4").replace(
        "        initiatives:\n          - {title: Triage rota, owner: sam, status: active}\n", ""
    )
    goals.write("support.yaml", plain)
    assert goals.lint().of("kr-without-initiative") == []

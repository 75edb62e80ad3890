"""initiative-without-result: done at least 21 days ago, and the key result has not moved."""

from tests.conftest import GoalTree

# Today is 2026-11-29; 21 days before is 2026-11-08. start 52, target 25 (down is forward).
OKRS = """
team: support
period: 2026-Q4
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
        checkins:
          - {date: 2026-10-01, value: 50}
          - {date: 2026-11-20, value: LATEST}
        initiatives:
          - {title: Triage rota, status: done, start: 2026-10-01, done: DONE}
"""


def okrs(latest: str = "51", done: str = "2026-10-31") -> str:
    return OKRS.replace("LATEST", latest).replace("DONE", done)


def test_an_initiative_done_weeks_ago_without_a_move_is_reported(goals: GoalTree) -> None:
    goals.write("support.yaml", okrs())
    result = goals.lint()
    # 50 on the initiative's start day, 51 now: moved away from 25, not toward it.
    assert result.of("initiative-without-result") == [
        ("support.yaml", 17, 13, "initiative-without-result")
    ]
    assert result.messages("initiative-without-result") == [
        "initiative `Triage rota` was done on 2026-10-31 and "
        "support/2026-Q4/faster-replies/first-response has not moved since 2026-10-01: say "
        "why, and plan what comes next"
    ]
    assert result.exit_code == 0  # a warning


def test_a_key_result_that_moved_is_not(goals: GoalTree) -> None:
    goals.write("support.yaml", okrs(latest="44"))  # 50 -> 44, toward 25
    assert goals.lint().of("initiative-without-result") == []


def test_an_initiative_done_less_than_21_days_ago_is_not_yet(goals: GoalTree) -> None:
    goals.write("support.yaml", okrs(done="2026-11-09"))  # 20 days before today
    assert goals.lint().of("initiative-without-result") == []
    goals.write("support.yaml", okrs(done="2026-11-08"))  # 21 days: reported
    assert len(goals.lint().of("initiative-without-result")) == 1


def test_the_number_of_days_is_an_option(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  rules:\n    initiative-without-result: {days: 60}\n")
    goals.write("support.yaml", okrs())  # done 29 days ago
    assert goals.lint().of("initiative-without-result") == []


def test_an_objectives_initiative_is_reported_when_none_of_its_key_results_moved(
    goals: GoalTree,
) -> None:
    text = okrs().replace(
        "        initiatives:\n          - {title: Triage rota, status: done, start: 2026-10-01, "
        "done: 2026-10-31}\n",
        "",
    )
    text = text.replace(
        "    key_results:\n",
        "    initiatives:\n      - {id: rota, title: Triage rota, status: done, done: 2026-10-31}\n"
        "    key_results:\n",
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.of("initiative-without-result") == [
        ("support.yaml", 9, 9, "initiative-without-result")
    ]
    # No start: since the period's first day, 2026-10-01, when the value was 50; now 51.
    assert result.messages("initiative-without-result") == [
        "initiative `rota` was done on 2026-10-31 and "
        "support/2026-Q4/faster-replies/first-response has not moved since 2026-10-01: say "
        "why, and plan what comes next"
    ]

"""missing-retro: once a team writes retros, an objective ended over 14 days ago without one."""

from tests.conftest import GoalTree

# Today is 2026-11-29 (the suite's day). The first objective has a retro, so the team has taken
# retros up; the second has none.
OKRS = """
team: support
period: PERIOD
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    retro:
      worked: The triage rota
      didnt: Macros went stale
    key_results:
      - {title: Median first-response time down to 25 minutes, start: 52, target: 25}
      - {title: CSAT up to 4.6, start: 4.1, target: 4.6}
  - id: self-serve
    title: Customers answer their own questions
    type: aspirational
    key_results:
      - {title: Deflection up to 30%, start: 12, target: 30}
      - {title: Helpful articles up to 80%, start: 60, target: 80}
"""


def okrs(period: str) -> str:
    return OKRS.replace("PERIOD", period)


def test_an_objective_ended_weeks_ago_without_a_retro_is_reported(goals: GoalTree) -> None:
    goals.write("support.yaml", okrs("2026-Q3"))  # ended 2026-09-30: 60 days ago
    result = goals.lint()
    assert result.of("missing-retro") == [("support.yaml", 14, 5, "missing-retro")]
    assert result.messages("missing-retro") == [
        "objective `support/2026-Q3/self-serve` ended 60 days ago without a retro: write what "
        "worked, what didn't and what comes next (`retro: {worked, didnt, next}`)"
    ]
    assert result.exit_code == 0  # info


def test_14_days_after_the_end_is_not_yet_15_is(goals: GoalTree) -> None:
    goals.write("support.yaml", okrs("{start: 2026-10-01, end: 2026-11-15}"))  # 14 days ago
    assert goals.lint().of("missing-retro") == []
    goals.write("support.yaml", okrs("{start: 2026-10-01, end: 2026-11-14}"))  # 15 days ago
    result = goals.lint()
    assert result.of("missing-retro") == [("support.yaml", 14, 5, "missing-retro")]
    assert "ended 15 days ago" in result.messages("missing-retro")[0]


def test_the_running_period_is_left_alone(goals: GoalTree) -> None:
    goals.write("support.yaml", okrs("2026-Q4"))
    assert goals.lint().of("missing-retro") == []


def test_a_team_that_writes_no_retro_hears_nothing(goals: GoalTree) -> None:
    text = okrs("2026-Q3").replace(
        "    retro:\n      worked: The triage rota\n      didnt: Macros went stale\n", ""
    )
    goals.write("support.yaml", text)
    assert goals.lint().of("missing-retro") == []


def test_another_teams_retro_does_not_take_this_team_in(goals: GoalTree) -> None:
    goals.write("support.yaml", okrs("2026-Q3"))
    goals.write("growth.yaml", okrs("2026-Q3").replace("team: support", "team: growth"))
    found = goals.lint().of("missing-retro")
    assert found == [
        ("growth.yaml", 14, 5, "missing-retro"),
        ("support.yaml", 14, 5, "missing-retro"),
    ]
    no_retro = (
        okrs("2026-Q3")
        .replace("team: support", "team: growth")
        .replace("    retro:\n      worked: The triage rota\n      didnt: Macros went stale\n", "")
    )
    goals.write("growth.yaml", no_retro)
    assert goals.lint().of("missing-retro") == [("support.yaml", 14, 5, "missing-retro")]


def test_days_is_configurable(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  rules:\n    missing-retro: {days: 60}\n")
    goals.write("support.yaml", okrs("2026-Q3"))  # ended 60 days ago: not more than 60
    assert goals.lint().of("missing-retro") == []
    goals.write("okrctl.yaml", "lint:\n  rules:\n    missing-retro: {days: 59}\n")
    assert goals.lint().of("missing-retro") == [("support.yaml", 14, 5, "missing-retro")]


def test_an_empty_retro_is_an_error_not_a_retro(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        okrs("2026-Q3").replace(
            "    type: aspirational\n", "    type: aspirational\n    retro: {}\n"
        ),
    )
    result = goals.lint()
    assert result.messages("invalid-value") == [
        "`retro`: a retro needs `worked`, `didnt` or `next` (or leave it out)"
    ]
    assert result.of("missing-retro") == []  # written, but wrong: the error says so

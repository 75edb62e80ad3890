"""too-many-objectives: more than 5 objectives for one team in one period (across its files)."""

from tests.conftest import GoalTree

KRS = "[{title: Churn down, start: 5, target: 3}, {title: NPS up, start: 30, target: 40}]"


def goal_file(team: str, period: str, ids: list[str]) -> str:
    """Four header lines, then objective number k (1-based) on line 4 + k.

    Each objective is one line `  - {id: ID, ...}`: `  - {id: ` is 9 characters, so the id
    value is at column 10.
    """
    lines = [f"team: {team}", f"period: {period}", "owner: lin", "objectives:"]
    for ident in ids:
        lines.append(
            f"  - {{id: {ident}, title: Goal {ident}, type: committed, key_results: {KRS}}}"
        )
    return "\n".join(lines) + "\n"


def test_five_objectives_pass(goals: GoalTree) -> None:
    goals.write("support.yaml", goal_file("support", "2026-Q4", ["a", "b", "c", "d", "e"]))
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_sixth_objective_is_reported(goals: GoalTree) -> None:
    goals.write("support.yaml", goal_file("support", "2026-Q4", ["a", "b", "c", "d", "e", "f"]))
    result = goals.lint()
    assert result.findings == [("support.yaml", 10, 10, "too-many-objectives")]
    assert result.messages("too-many-objectives") == [
        "team `support` has 6 objectives in 2026-Q4, more than 5: too many priorities dilute focus"
    ]
    assert result.document["findings"][0]["severity"] == "warning"
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_only_the_first_objective_over_the_limit_is_reported(goals: GoalTree) -> None:
    ids = ["a", "b", "c", "d", "e", "f", "g", "h"]
    goals.write("support.yaml", goal_file("support", "2026-Q4", ids))
    result = goals.lint()
    assert result.findings == [("support.yaml", 10, 10, "too-many-objectives")]
    assert result.messages("too-many-objectives")[0].startswith(
        "team `support` has 8 objectives in 2026-Q4, more than 5"
    )


def test_objectives_are_counted_across_the_files_of_a_team(goals: GoalTree) -> None:
    goals.write("support/a.yaml", goal_file("support", "2026-Q4", ["a", "b", "c"]))
    goals.write("support/b.yaml", goal_file("support", "2026-Q4", ["d", "e", "f"]))
    result = goals.lint()
    # The sixth objective is the third one of b.yaml (files in path order): line 7.
    assert result.findings == [("support/b.yaml", 7, 10, "too-many-objectives")]
    assert result.messages("too-many-objectives")[0].startswith(
        "team `support` has 6 objectives in 2026-Q4"
    )


def test_other_periods_and_other_teams_are_counted_apart(goals: GoalTree) -> None:
    goals.write("support/q3.yaml", goal_file("support", "2026-Q3", ["a", "b", "c"]))
    goals.write("support/q4.yaml", goal_file("support", "2026-Q4", ["d", "e", "f", "g"]))
    goals.write("growth/q4.yaml", goal_file("growth", "2026-Q4", ["h", "i", "j", "k", "m"]))
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0

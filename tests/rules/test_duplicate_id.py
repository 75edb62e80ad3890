"""duplicate-id: objective ids per team and period, KPI ids per team, KR ids per objective."""

from tests.conftest import GoalTree

# 14 lines; lints clean. The objective's id is on line 5, column 9.
CHAT = """
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

# 15 lines; lints clean alone and next to CHAT.
EMAIL = """
team: support
period: 2026-Q4
owner: maria
objectives:
  - id: email-backlog
    title: No customer email waits overnight
    type: aspirational
    key_results:
      - title: Emails answered the same day reach 90%
        start: 60
        target: 90
        unit: "%"
      - title: Oldest open email under 12 hours
        start: 40
        target: 12
"""

# 12 lines; lints clean.
KPIS = """
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: lin
    cadence: weekly
    band: {max: 45}
  - id: csat
    title: Customer satisfaction
    owner: maria
    cadence: monthly
    band: {min: 4.2}
"""


def test_distinct_ids_pass(goals: GoalTree) -> None:
    goals.write("support/2026-Q4-chat.yaml", CHAT)
    goals.write("support/2026-Q4-email.yaml", EMAIL)
    goals.write("support/kpis.yaml", KPIS)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_objective_id_repeated_in_another_file_of_the_same_team_and_period(
    goals: GoalTree,
) -> None:
    goals.write("support/2026-Q4-chat.yaml", CHAT)
    goals.write("support/2026-Q4-email.yaml", EMAIL.replace("email-backlog", "faster-replies"))
    result = goals.lint()
    # Files are read in name order: chat first, so the repeat is the one in the email file.
    assert result.findings == [("support/2026-Q4-email.yaml", 5, 9, "duplicate-id")]
    assert result.messages("duplicate-id") == [
        "objective id `faster-replies` is already used by team `support` in 2026-Q4 "
        "(at support/2026-Q4-chat.yaml:5)"
    ]
    assert result.exit_code == 1


def test_objective_id_repeated_in_the_same_file(goals: GoalTree) -> None:
    second = EMAIL[EMAIL.index("  - id:") :].replace("email-backlog", "faster-replies")
    goals.write("support.yaml", CHAT + second)
    result = goals.lint()
    # CHAT is 14 lines: the second objective's `  - id:` is line 15.
    assert result.findings == [("support.yaml", 15, 9, "duplicate-id")]
    assert result.messages("duplicate-id") == [
        "objective id `faster-replies` is already used by team `support` in 2026-Q4 "
        "(at support.yaml:5)"
    ]


def test_repeat_is_reported_even_when_the_first_is_invalid(goals: GoalTree) -> None:
    goals.write("support/2026-Q4-chat.yaml", CHAT.replace("    type: committed\n", ""))
    goals.write("support/2026-Q4-email.yaml", EMAIL.replace("email-backlog", "faster-replies"))
    result = goals.lint()
    assert result.findings == [
        ("support/2026-Q4-chat.yaml", 5, 5, "missing-field"),
        ("support/2026-Q4-email.yaml", 5, 9, "duplicate-id"),
    ]


def test_same_objective_id_in_another_period_is_fine(goals: GoalTree) -> None:
    # Q2 and Q4 are not consecutive, so recurring-objective stays quiet as well.
    goals.write("support/2026-Q2.yaml", CHAT.replace("2026-Q4", "2026-Q2"))
    goals.write("support/2026-Q4.yaml", CHAT)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_same_objective_id_in_another_team_is_fine(goals: GoalTree) -> None:
    goals.write("growth/2026-Q4.yaml", CHAT.replace("team: support", "team: growth"))
    goals.write("support/2026-Q4.yaml", CHAT)
    assert goals.lint().findings == []


def test_kpi_id_repeated_in_one_file(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", KPIS.replace("id: csat", "id: first-response-time"))
    result = goals.lint()
    assert result.findings == [("support/kpis.yaml", 8, 9, "duplicate-id")]
    assert result.messages("duplicate-id") == [
        "KPI id `first-response-time` is already used by team `support` (at support/kpis.yaml:3)"
    ]
    assert result.exit_code == 1


def test_kpi_id_repeated_across_files_of_a_team(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", KPIS)
    goals.write(
        "support/more-kpis.yaml",
        """
        team: support
        kpis:
          - id: csat
            title: Customer satisfaction, chat only
            owner: maria
            cadence: monthly
            band: {min: 4.0}
        """,
    )
    result = goals.lint()
    assert result.findings == [("support/more-kpis.yaml", 3, 9, "duplicate-id")]
    assert result.messages("duplicate-id") == [
        "KPI id `csat` is already used by team `support` (at support/kpis.yaml:8)"
    ]


def test_same_kpi_id_in_another_team_is_fine(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", KPIS)
    goals.write("growth/kpis.yaml", KPIS.replace("team: support", "team: growth"))
    assert goals.lint().findings == []


def with_kr_ids(text: str, first: str, second: str) -> str:
    return text.replace(
        "      - title: First-response", f"      - id: {first}\n        title: First-response"
    ).replace("      - title: CSAT", f"      - id: {second}\n        title: CSAT")


def test_key_result_id_repeated_in_an_objective(goals: GoalTree) -> None:
    goals.write("support.yaml", with_kr_ids(CHAT, "frt", "frt"))
    result = goals.lint()
    # The ids are on lines 9 and 13; `      - id: ` is 12 characters.
    assert result.findings == [("support.yaml", 13, 13, "duplicate-id")]
    assert result.messages("duplicate-id") == [
        "key result id `frt` is already used in objective `faster-replies` (at support.yaml:9)"
    ]
    assert result.exit_code == 1


def test_distinct_key_result_ids_pass(goals: GoalTree) -> None:
    goals.write("support.yaml", with_kr_ids(CHAT, "frt", "csat"))
    assert goals.lint().findings == []


def test_same_key_result_id_in_two_objectives_is_fine(goals: GoalTree) -> None:
    goals.write("support/2026-Q4-chat.yaml", with_kr_ids(CHAT, "frt", "csat"))
    goals.write(
        "support/2026-Q4-email.yaml",
        EMAIL.replace("      - title: Emails", "      - id: frt\n        title: Emails"),
    )
    assert goals.lint().findings == []


def test_the_same_period_written_two_ways_is_one_period(goals: GoalTree) -> None:
    objective = """
    team: support
    period: {period}
    owner: lin
    objectives:
      - id: faster-replies
        title: Customers get answers fast
        type: committed
        key_results:
          - {{title: First-response time down to 25 minutes, start: 52, target: 25}}
          - {{title: CSAT reaches 4.6, start: 4.1, target: 4.6}}
    """
    goals.write("a.yaml", objective.format(period="2026-Q4"))
    goals.write("b.yaml", objective.format(period="{start: 2026-10-01, end: 2026-12-31}"))
    result = goals.lint()
    # b.yaml line 5 `  - id: faster-replies`: the id's value at column 9.
    assert result.findings == [("b.yaml", 5, 9, "duplicate-id")]
    assert result.messages("duplicate-id") == [
        # The range is the quarter: named 2026-Q4 (issue 15).
        "objective id `faster-replies` is already used by team `support` in 2026-Q4 (at a.yaml:5)"
    ]


def test_an_id_written_with_leading_zeros_keeps_them(goals: GoalTree) -> None:
    # YAML reads `007` as the number 7; as an id it stays `007`, so `007` and `7` are two
    # different objectives, and neither is reported as a duplicate of the other.
    goals.write(
        "support/2026-Q4.yaml",
        CHAT.replace("id: faster-replies", "id: 007")
        + EMAIL.split("objectives:\n", 1)[1].replace("id: email-backlog", "id: 7"),
    )
    lint = goals.lint()
    assert lint.findings == []
    assert lint.exit_code == 0


def test_a_number_that_is_no_id_is_named_as_written(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", CHAT.replace("id: faster-replies", "id: 0x1F"))
    lint = goals.lint()
    assert lint.findings == [("support/2026-Q4.yaml", 5, 9, "invalid-value")]
    assert lint.messages("invalid-value") == [
        "`id`: `0x1F` is not a valid id: use lowercase letters, digits, `-` and `_`, "
        "starting with a letter or digit (e.g. `0x1f`)"
    ]


def test_repeat_is_reported_when_another_field_of_the_header_failed(goals: GoalTree) -> None:
    """`team: 5` is the team `5` (the header validates it so), also in a file whose `owner`
    failed: its objectives are declared under it, and a repeat is found."""
    second = EMAIL[EMAIL.index("  - id:") :].replace("email-backlog", "faster-replies")
    text = (CHAT + second).replace("team: support", "team: 5").replace("owner: lin", "owner: 7")
    goals.write("five.yaml", text)
    result = goals.lint()
    assert ("five.yaml", 15, 9, "duplicate-id") in result.findings
    assert result.messages("duplicate-id") == [
        "objective id `faster-replies` is already used by team `5` in 2026-Q4 (at five.yaml:5)"
    ]

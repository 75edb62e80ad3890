"""recurring-objective: the same objective (id, or title ignoring case and punctuation) in
consecutive periods of one team."""

from tests.conftest import GoalTree


def okr_file(team: str, period: str, ident: str, title: str) -> str:
    """One objective: its id value on line 5, column 9 (`  - id: ` is 8 characters), its
    title value on line 6, column 12 (`    title: ` is 11 characters)."""
    return (
        f"team: {team}\n"
        f"period: {period}\n"
        "owner: lin\n"
        "objectives:\n"
        f"  - id: {ident}\n"
        f"    title: {title}\n"
        "    type: committed\n"
        "    key_results:\n"
        "      - {title: Churn down to 3%, start: 5, target: 3}\n"
        "      - {title: NPS up to 40, start: 30, target: 40}\n"
    )


def test_same_id_in_the_next_quarter_is_reported(goals: GoalTree) -> None:
    goals.write("support/2026-Q3.yaml", okr_file("support", "2026-Q3", "faster-replies", "Fast"))
    goals.write(
        "support/2026-Q4.yaml", okr_file("support", "2026-Q4", "faster-replies", "Faster still")
    )
    result = goals.lint()
    assert result.findings == [("support/2026-Q4.yaml", 5, 9, "recurring-objective")]
    assert result.messages("recurring-objective") == [
        "objective `faster-replies` repeats `support/2026-Q3/faster-replies` from the previous "
        "period (same id): an OKR kept period after period is a KPI"
    ]
    assert result.document["findings"][0]["severity"] == "warning"
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_same_title_up_to_case_and_punctuation_is_reported_at_the_title(
    goals: GoalTree,
) -> None:
    goals.write(
        "support/2026-Q3.yaml",
        okr_file("support", "2026-Q3", "faster-replies", "Customers get answers fast"),
    )
    goals.write(
        "support/2026-Q4.yaml",
        okr_file("support", "2026-Q4", "quick-answers", "customers get answers, FAST!"),
    )
    result = goals.lint()
    assert result.findings == [("support/2026-Q4.yaml", 6, 12, "recurring-objective")]
    assert result.messages("recurring-objective") == [
        "objective `quick-answers` repeats `support/2026-Q3/faster-replies` from the previous "
        "period (same title): an OKR kept period after period is a KPI"
    ]


def test_a_new_objective_in_the_next_quarter_passes(goals: GoalTree) -> None:
    goals.write(
        "support/2026-Q3.yaml",
        okr_file("support", "2026-Q3", "faster-replies", "Customers get answers fast"),
    )
    goals.write(
        "support/2026-Q4.yaml",
        okr_file("support", "2026-Q4", "self-service", "Customers solve problems themselves"),
    )
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_non_consecutive_quarters_pass(goals: GoalTree) -> None:
    goals.write("support/2026-Q2.yaml", okr_file("support", "2026-Q2", "faster-replies", "Fast"))
    goals.write("support/2026-Q4.yaml", okr_file("support", "2026-Q4", "faster-replies", "Fast"))
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_other_teams_do_not_count(goals: GoalTree) -> None:
    goals.write("support/2026-Q3.yaml", okr_file("support", "2026-Q3", "retention", "Keepers"))
    goals.write("growth/2026-Q4.yaml", okr_file("growth", "2026-Q4", "retention", "Keepers"))
    result = goals.lint("--strict")
    assert result.findings == []


def test_company_year_and_team_quarters_do_not_count(goals: GoalTree) -> None:
    # support's 2026-Q4 lies inside the company's 2026 and growth's 2027-Q1 starts the day after
    # it ends, but periods are only compared within one team: nothing is reported.
    goals.write(
        "company/2026.yaml", okr_file("company", "2026", "delight-customers", "Delight customers")
    )
    goals.write(
        "support/2026-Q4.yaml",
        okr_file("support", "2026-Q4", "delight-customers", "Delight customers"),
    )
    goals.write(
        "growth/2027-Q1.yaml",
        okr_file("growth", "2027-Q1", "delight-customers", "Delight customers"),
    )
    result = goals.lint("--strict")
    assert result.findings == []


def test_consecutive_years_of_the_company_are_reported(goals: GoalTree) -> None:
    goals.write("company/2025.yaml", okr_file("company", "2025", "delight", "Delight customers"))
    goals.write("company/2026.yaml", okr_file("company", "2026", "delight", "Delight customers"))
    result = goals.lint()
    # Same id and same title: reported once, for the id.
    assert result.findings == [("company/2026.yaml", 5, 9, "recurring-objective")]
    assert "`company/2025/delight`" in result.messages("recurring-objective")[0]
    assert "(same id)" in result.messages("recurring-objective")[0]


def test_across_the_turn_of_the_year_and_in_any_file_order(goals: GoalTree) -> None:
    # The later period's file sorts first; Q4 2026 is still the period before 2027-Q1.
    goals.write("support/a.yaml", okr_file("support", "2027-Q1", "faster-replies", "Fast"))
    goals.write("support/b.yaml", okr_file("support", "2026-Q4", "faster-replies", "Fast"))
    result = goals.lint()
    assert result.findings == [("support/a.yaml", 5, 9, "recurring-objective")]
    assert "`support/2026-Q4/faster-replies`" in result.messages("recurring-objective")[0]


def test_three_quarters_in_a_row_are_reported_twice(goals: GoalTree) -> None:
    for period in ("2026-Q2", "2026-Q3", "2026-Q4"):
        goals.write(f"support/{period}.yaml", okr_file("support", period, "faster", "Fast"))
    result = goals.lint()
    assert result.findings == [
        ("support/2026-Q3.yaml", 5, 9, "recurring-objective"),
        ("support/2026-Q4.yaml", 5, 9, "recurring-objective"),
    ]
    messages = result.messages("recurring-objective")
    assert "`support/2026-Q2/faster`" in messages[0]
    assert "`support/2026-Q3/faster`" in messages[1]


def test_an_explicit_range_ending_the_day_before_counts(goals: GoalTree) -> None:
    goals.write(
        "support/summer.yaml",
        # Two months, no named period (a range equal to 2026-Q3 would be named 2026-Q3).
        okr_file("support", "{start: 2026-08-01, end: 2026-09-30}", "faster", "Fast"),
    )
    goals.write("support/2026-Q4.yaml", okr_file("support", "2026-Q4", "faster", "Fast"))
    result = goals.lint()
    assert result.findings == [("support/2026-Q4.yaml", 5, 9, "recurring-objective")]
    assert "`support/2026-08-01..2026-09-30/faster`" in result.messages("recurring-objective")[0]


def test_a_quarter_right_after_a_year_of_the_same_team_is_reported(goals: GoalTree) -> None:
    # The period just before 2027-Q1 is any period of the team ending on 2026-12-31.
    goals.write("company/2026.yaml", okr_file("company", "2026", "delight", "Delight customers"))
    goals.write("company/2027-Q1.yaml", okr_file("company", "2027-Q1", "wow", "Delight customers!"))
    result = goals.lint()
    assert result.findings == [("company/2027-Q1.yaml", 6, 12, "recurring-objective")]
    assert "`company/2026/delight`" in result.messages("recurring-objective")[0]

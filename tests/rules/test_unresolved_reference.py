"""unresolved-reference: `aligns_to` and `kpi` must name something in the goal tree."""

from tests.conftest import GoalTree

# 15 lines; lints clean.
COMPANY = """
team: company
period: 2026
owner: ana
objectives:
  - id: delight-customers
    title: Customers love working with us
    type: aspirational
    key_results:
      - title: Net revenue retention reaches 115%
        start: 104
        target: 115
        unit: "%"
      - title: NPS reaches 45
        start: 31
        target: 45
"""

# 15 lines; `aligns_to` is on line 8 and its value starts in column 16 (`    aligns_to: `).
SUPPORT = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    aligns_to: company/delight-customers
    key_results:
      - title: First-response time down to 25 minutes
        start: 52
        target: 25
      - title: CSAT reaches 4.6
        start: 4.1
        target: 4.6
"""

# 8 lines; lints clean.
KPIS = """
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: lin
    cadence: weekly
    band: {max: 45}
"""


def write_tree(goals: GoalTree, company: str = COMPANY, support: str = SUPPORT) -> None:
    goals.write("company/2026.yaml", company)
    goals.write("support/2026-Q4.yaml", support)


def aligned(ref: str) -> str:
    return SUPPORT.replace("aligns_to: company/delight-customers", f"aligns_to: {ref}")


def test_quarter_aligns_to_the_year_that_contains_it(goals: GoalTree) -> None:
    write_tree(goals)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_misspelt_objective_with_did_you_mean(goals: GoalTree) -> None:
    write_tree(goals, support=aligned("company/delight-customer"))
    result = goals.lint()
    assert result.findings == [("support/2026-Q4.yaml", 8, 16, "unresolved-reference")]
    assert result.messages("unresolved-reference") == [
        "`company/delight-customer` names no objective of team `company` in 2026-Q4 or a "
        "period containing it (did you mean `company/delight-customers`?)"
    ]
    assert result.exit_code == 1


def test_objective_in_a_period_that_does_not_contain_this_one(goals: GoalTree) -> None:
    write_tree(goals, company=COMPANY.replace("period: 2026", "period: 2025"))
    result = goals.lint()
    assert result.findings == [("support/2026-Q4.yaml", 8, 16, "unresolved-reference")]
    # Not "did you mean" the very ref that was written: say where the objective is.
    assert result.messages("unresolved-reference") == [
        "`company/delight-customers` names no objective of team `company` in 2026-Q4 or a "
        "period containing it (`delight-customers` is in 2025)"
    ]


def test_a_quarter_does_not_contain_the_year(goals: GoalTree) -> None:
    # The company objective is in 2026-Q4; an annual support objective cannot align to it.
    goals.write("company/2026-Q4.yaml", COMPANY.replace("period: 2026", "period: 2026-Q4"))
    goals.write("support/2026.yaml", SUPPORT.replace("period: 2026-Q4", "period: 2026"))
    result = goals.lint()
    assert result.findings == [("support/2026.yaml", 8, 16, "unresolved-reference")]


def test_same_period_resolves(goals: GoalTree) -> None:
    goals.write("company/2026-Q4.yaml", COMPANY.replace("period: 2026", "period: 2026-Q4"))
    goals.write("support/2026-Q4.yaml", SUPPORT)
    assert goals.lint().findings == []


def test_explicit_team_period_id_form(goals: GoalTree) -> None:
    write_tree(goals, support=aligned("company/2026/delight-customers"))
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_explicit_form_with_the_wrong_period(goals: GoalTree) -> None:
    write_tree(goals, support=aligned("company/2025/delight-customers"))
    result = goals.lint()
    assert result.findings == [("support/2026-Q4.yaml", 8, 16, "unresolved-reference")]
    assert result.messages("unresolved-reference") == [
        "`company/2025/delight-customers` names no objective of team `company` in 2025 "
        "(`delight-customers` is in 2026)"
    ]


def test_unknown_team(goals: GoalTree) -> None:
    write_tree(goals, support=aligned("compnay/delight-customers"))
    result = goals.lint()
    assert result.findings == [("support/2026-Q4.yaml", 8, 16, "unresolved-reference")]
    assert result.messages("unresolved-reference")[0].startswith(
        "`compnay/delight-customers` names no objective of team `compnay` in 2026-Q4"
    )


def test_objective_cannot_align_to_itself(goals: GoalTree) -> None:
    write_tree(goals, support=aligned("support/faster-replies"))
    result = goals.lint()
    assert result.findings == [("support/2026-Q4.yaml", 8, 16, "unresolved-reference")]
    assert result.messages("unresolved-reference") == ["an objective cannot align to itself"]


def test_parent_that_failed_validation_is_not_reported_as_unresolved(goals: GoalTree) -> None:
    # The company objective exists but lacks `type`: that is the one error to fix.
    write_tree(goals, company=COMPANY.replace("    type: aspirational\n", ""))
    result = goals.lint()
    assert result.findings == [("company/2026.yaml", 5, 5, "missing-field")]


# --- kpi: TEAM/KPI_ID ---------------------------------------------------------------------

KPI_LINKED = SUPPORT.replace(
    "      - title: CSAT reaches 4.6\n        start: 4.1\n        target: 4.6\n",
    "      - title: Median first-response time under 30 minutes\n"
    "        kpi: support/first-response-time\n"
    "        target: 30\n",
)


def test_kpi_reference_resolves(goals: GoalTree) -> None:
    write_tree(goals, support=KPI_LINKED)
    goals.write("support/kpis.yaml", KPIS)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_kpi_reference_to_a_missing_kpi(goals: GoalTree) -> None:
    write_tree(
        goals,
        support=KPI_LINKED.replace(
            "kpi: support/first-response-time", "kpi: support/first-response"
        ),
    )
    goals.write("support/kpis.yaml", KPIS)
    result = goals.lint()
    # line 14 `        kpi: support/first-response`: `        kpi: ` is 13 characters.
    assert result.findings == [("support/2026-Q4.yaml", 14, 14, "unresolved-reference")]
    assert result.messages("unresolved-reference") == [
        "`support/first-response` names no KPI in the goal tree "
        "(did you mean `support/first-response-time`?)"
    ]
    assert result.exit_code == 1


def test_kpi_reference_to_another_team(goals: GoalTree) -> None:
    write_tree(goals, support=KPI_LINKED.replace("kpi: support/", "kpi: growth/"))
    goals.write("support/kpis.yaml", KPIS)
    result = goals.lint()
    assert result.findings == [("support/2026-Q4.yaml", 14, 14, "unresolved-reference")]


def test_kpi_that_failed_validation_is_not_reported_as_unresolved(goals: GoalTree) -> None:
    write_tree(goals, support=KPI_LINKED)
    goals.write("support/kpis.yaml", KPIS.replace("    owner: lin\n", ""))
    result = goals.lint()
    assert result.findings == [("support/kpis.yaml", 3, 5, "missing-field")]


# --- issue 20: an objective's `from_kpi` and a KPI's `from_kr` -----------------------------


def test_from_kpi_resolves_and_a_missing_one_is_reported(goals: GoalTree) -> None:
    from_kpi = SUPPORT.replace(
        "    aligns_to: company/delight-customers\n",
        "    aligns_to: company/delight-customers\n    from_kpi: support/first-response-time\n",
    )
    write_tree(goals, support=from_kpi)
    goals.write("support/kpis.yaml", KPIS)
    assert goals.lint().findings == []
    write_tree(
        goals,
        support=from_kpi.replace("from_kpi: support/first-response-time", "from_kpi: support/frt"),
    )
    result = goals.lint()
    # line 9 `    from_kpi: support/frt`: `    from_kpi: ` is 14 characters.
    assert result.findings == [("support/2026-Q4.yaml", 9, 15, "unresolved-reference")]
    assert result.messages("unresolved-reference") == [
        "`support/frt` names no KPI in the goal tree"
    ]


def test_from_kr_resolves_and_a_missing_one_is_reported(goals: GoalTree) -> None:
    write_tree(
        goals,
        support=SUPPORT.replace(
            "      - title: First-response", "      - id: frt\n        title: First-response"
        ),
    )
    graduated = KPIS + "    from_kr: support/2026-Q4/faster-replies/frt\n"
    goals.write("support/kpis.yaml", graduated)
    assert goals.lint().findings == []
    # A key result the objective does not have: the closest one is named.
    goals.write("support/kpis.yaml", graduated.replace("/frt\n", "/fr\n"))
    result = goals.lint()
    # line 8 `    from_kr: support/...`: `    from_kr: ` is 13 characters.
    assert result.findings == [("support/kpis.yaml", 8, 14, "unresolved-reference")]
    assert result.messages("unresolved-reference") == [
        "`support/2026-Q4/faster-replies/fr` names no key result of "
        "`support/2026-Q4/faster-replies` (did you mean `support/2026-Q4/faster-replies/frt`?)"
    ]
    # An objective not in that period.
    goals.write("support/kpis.yaml", graduated.replace("2026-Q4", "2026-Q3"))
    assert goals.lint().messages("unresolved-reference") == [
        "`support/2026-Q3/faster-replies/frt` names no key result of team `support` in 2026-Q3 "
        "(did you mean `support/2026-Q4/faster-replies/frt`?)"
    ]


def test_from_kr_must_name_the_period(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", KPIS + "    from_kr: support/faster-replies/frt\n")
    result = goals.lint()
    assert result.findings == [("support/kpis.yaml", 8, 14, "invalid-value")]

"""missing-field: a required field is absent; the other parts are still checked."""

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

KPIS = """
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: lin
    unit: minutes
    cadence: weekly
    band: {max: 45}
"""


def test_complete_files_pass(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    goals.write("support-kpis.yaml", KPIS)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_objective_without_type(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("    type: committed\n", ""))
    result = goals.lint()
    # The objective mapping starts at `id` on line 5, column 5.
    assert result.findings == [("support.yaml", 5, 5, "missing-field")]
    assert result.messages("missing-field") == [
        "objective is missing `type` (committed or aspirational: set it when the objective "
        "is written)"
    ]
    assert result.exit_code == 1


def test_objective_without_id(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("  - id: faster-replies\n    title", "  - title"))
    result = goals.lint()
    assert result.findings == [("support.yaml", 5, 5, "missing-field")]
    assert result.messages("missing-field") == ["objective is missing `id`"]


def test_key_result_without_target(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("        target: 25\n", ""))
    result = goals.lint()
    # The first key result starts at `title` on line 9, column 9. (The objective is left with
    # one valid key result, but key-result-count does not miscount an incomplete objective.)
    assert result.findings == [("support.yaml", 9, 9, "missing-field")]
    assert result.messages("missing-field") == [
        "numeric key result is missing `target` (the value that means the key result is met)"
    ]
    assert result.exit_code == 1


def test_key_result_without_title(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        FILE.replace("      - title: CSAT reaches 4.6\n        start: 4.1", "      - start: 4.1"),
    )
    result = goals.lint()
    assert result.findings == [("support.yaml", 12, 9, "missing-field")]
    assert result.messages("missing-field") == ["numeric key result is missing `title`"]


def test_kpi_without_owner(goals: GoalTree) -> None:
    goals.write("support-kpis.yaml", KPIS.replace("    owner: lin\n", ""))
    result = goals.lint()
    assert result.findings == [("support-kpis.yaml", 3, 5, "missing-field")]
    assert result.messages("missing-field") == [
        "KPI is missing `owner` (the one person who answers for it)"
    ]
    assert result.exit_code == 1


def test_objectives_without_period(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("period: 2026-Q4\n", ""))
    result = goals.lint()
    # Reported at the `objectives:` key, now on line 3.
    assert result.findings == [("support.yaml", 3, 1, "missing-field")]
    assert result.messages("missing-field") == [
        "a file with objectives needs a `period` (e.g. `period: 2026-Q4`)"
    ]
    assert result.exit_code == 1


def test_kpis_need_no_period(goals: GoalTree) -> None:
    goals.write("support-kpis.yaml", KPIS)
    assert goals.lint().findings == []


def test_neither_objectives_nor_kpis(goals: GoalTree) -> None:
    goals.write("support.yaml", "team: support\nowner: lin\n")
    result = goals.lint()
    assert result.findings == [("support.yaml", 1, 1, "missing-field")]
    assert result.messages("missing-field") == ["a goal file needs `objectives`, `kpis` or both"]
    assert result.exit_code == 1


def test_file_without_team(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("team: support\n", ""))
    result = goals.lint()
    assert result.findings == [("support.yaml", 1, 1, "missing-field")]
    assert result.messages("missing-field") == ["goal file is missing `team`"]


def test_objective_without_key_results(goals: GoalTree) -> None:
    text = FILE[: FILE.index("    key_results:")]
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.findings == [("support.yaml", 5, 5, "missing-field")]
    assert result.messages("missing-field") == ["objective is missing `key_results`"]
    assert result.exit_code == 1


# --- a schema error in one part does not hide the findings of the others -------------------

ROSTER = "people: [lin, maria, sam]\n"

# Objective 1 has no `type`; objective 3, two objectives down, has an owner not in the roster.
THREE_OBJECTIVES = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    key_results:
      - title: First-response time down to 25 minutes
        start: 52
        target: 25
      - title: CSAT reaches 4.6
        start: 4.1
        target: 4.6
  - id: fewer-escalations
    title: Fewer tickets need an engineer
    type: committed
    owner: maria
    key_results:
      - title: Escalation rate down to 5%
        start: 12
        target: 5
        unit: "%"
      - title: Median time to resolve escalations under 2 days
        start: 4
        target: 2
  - id: self-service
    title: Customers solve common problems themselves
    type: aspirational
    owner: mraia
    key_results:
      - title: Help-center deflection rate reaches 30%
        start: 18
        target: 30
        unit: "%"
      - title: Weekly password-reset tickets down to 40
        start: 120
        target: 40
"""


def test_missing_type_does_not_hide_an_unknown_owner_two_objectives_down(
    goals: GoalTree,
) -> None:
    goals.write("okrctl.yaml", ROSTER)
    goals.write("support.yaml", THREE_OBJECTIVES)
    result = goals.lint()
    # `    owner: mraia` is line 29; `    owner: ` is 11 characters.
    assert result.findings == [
        ("support.yaml", 5, 5, "missing-field"),
        ("support.yaml", 29, 12, "unknown-owner"),
    ]
    assert result.messages("unknown-owner") == [
        "owner `mraia` is not in `people` in okrctl.yaml (did you mean `maria`?)"
    ]
    assert result.exit_code == 1


def test_invalid_key_result_does_not_hide_an_unknown_owner(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", ROSTER)
    text = THREE_OBJECTIVES.replace(
        "    key_results:\n      - title: First-response",
        "    type: committed\n    key_results:\n      - title: First-response",
        1,
    ).replace("        target: 25\n", "", 1)
    goals.write("support.yaml", text)
    result = goals.lint()
    # With `type` added on line 7 and `target: 25` gone, the first key result starts on
    # line 9 and the line of `owner: mraia` is unchanged.
    assert result.findings == [
        ("support.yaml", 9, 9, "missing-field"),
        ("support.yaml", 29, 12, "unknown-owner"),
    ]


def test_all_owners_in_the_roster_and_all_fields_present_pass(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", ROSTER)
    text = THREE_OBJECTIVES.replace("owner: mraia", "owner: maria").replace(
        "    key_results:\n      - title: First-response",
        "    type: committed\n    key_results:\n      - title: First-response",
        1,
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0

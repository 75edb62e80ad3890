"""unknown-field: typos are reported at the key, with the closest known field suggested."""

from tests.conftest import GoalTree

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
        taget: 25
        target: 25
      - title: CSAT reaches 4.6
        start: 4.1
        target: 4.6
"""


def test_typo_is_reported_at_its_key_with_a_suggestion(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == [("support.yaml", 11, 9, "unknown-field")]
    assert result.messages("unknown-field") == [
        "unknown field `taget` in numeric key result (did you mean `target`?)"
    ]
    assert result.exit_code == 1


def test_known_fields_pass(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("        taget: 25\n", ""))
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_field_of_another_key_result_kind_is_explained(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("        taget: 25\n", "        done: false\n"))
    result = goals.lint()
    assert result.of("unknown-field") == [("support.yaml", 11, 9, "unknown-field")]
    assert result.messages("unknown-field") == [
        "`done` does not belong in this numeric key result: a key result is exactly one of "
        "numeric (`start`/`target`), binary (`done`), KPI-linked (`kpi`/`target`) or redacted "
        "(`target: redacted`)"
    ]


def test_unknown_top_level_field(goals: GoalTree) -> None:
    fixed = FILE.replace("        taget: 25\n", "")
    goals.write("support.yaml", fixed.replace("owner: lin\n", "owner: lin\nquater: 4\n", 1))
    result = goals.lint()
    assert result.of("unknown-field") == [("support.yaml", 4, 1, "unknown-field")]

"""duplicate-key: the second occurrence is reported at its line; the first value is kept."""

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


def test_distinct_keys_pass(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_duplicate_key_in_a_key_result(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        FILE.replace("        target: 25\n", "        target: 25\n        target: 30\n"),
    )
    result = goals.lint()
    assert result.findings == [("support.yaml", 12, 9, "duplicate-key")]
    assert result.messages("duplicate-key") == [
        "duplicate key `target` (first defined at line 11); "
        "YAML would silently keep only the last one"
    ]
    assert result.exit_code == 1


def test_the_first_value_is_kept(goals: GoalTree) -> None:
    # Were the last `start` kept, start and target would both be 25 (a no-change-target error).
    goals.write(
        "support.yaml",
        FILE.replace("        start: 52\n", "        start: 52\n        start: 25\n"),
    )
    result = goals.lint()
    assert result.findings == [("support.yaml", 11, 9, "duplicate-key")]
    assert result.messages("duplicate-key") == [
        "duplicate key `start` (first defined at line 10); "
        "YAML would silently keep only the last one"
    ]


def test_duplicate_top_level_key(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("owner: lin\n", "owner: lin\nteam: growth\n"))
    result = goals.lint()
    assert result.findings == [("support.yaml", 4, 1, "duplicate-key")]
    assert result.messages("duplicate-key") == [
        "duplicate key `team` (first defined at line 1); YAML would silently keep only the last one"
    ]


def test_duplicate_key_in_a_flow_mapping(goals: GoalTree) -> None:
    goals.write(
        "ops.yaml",
        """
        team: ops
        kpis:
          - id: uptime
            title: Uptime
            owner: lin
            cadence: daily
            band: {min: 99, max: 100, min: 98}
        """,
    )
    result = goals.lint()
    # `    band: {min: 99, max: 100, min: 98}`: `{` in column 11, the second `min` in 31.
    assert result.findings == [("ops.yaml", 7, 31, "duplicate-key")]
    assert result.messages("duplicate-key") == [
        "duplicate key `min` (first defined at line 7); YAML would silently keep only the last one"
    ]


def test_every_repeat_is_reported_against_the_first(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        FILE.replace(
            "    type: committed\n",
            "    type: committed\n    type: aspirational\n    type: committed\n",
        ),
    )
    result = goals.lint()
    assert result.findings == [
        ("support.yaml", 8, 5, "duplicate-key"),
        ("support.yaml", 9, 5, "duplicate-key"),
    ]
    assert (
        result.messages("duplicate-key")
        == [
            "duplicate key `type` (first defined at line 7); "
            "YAML would silently keep only the last one",
        ]
        * 2
    )


def test_same_key_in_different_mappings_is_fine(goals: GoalTree) -> None:
    # `start` and `target` appear in both key results: different mappings, no duplicate.
    goals.write("support.yaml", FILE)
    assert goals.lint().of("duplicate-key") == []


def test_duplicate_key_can_be_silenced_on_its_line(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        FILE.replace(
            "        target: 25\n",
            "        target: 25\n        target: 30  # okrctl: disable=duplicate-key\n",
        ),
    )
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0

"""key-result-count: an objective needs 2 to 5 key results; reported at its `key_results` key."""

from tests.conftest import GoalTree

HEADER = """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
"""


def with_krs(count: int) -> str:
    """The objective above with `count` key results, one per line from line 9."""
    krs = "".join(
        f"      - {{title: Metric {n} improves, start: {n}, target: {n + 10}}}\n"
        for n in range(1, count + 1)
    )
    return HEADER + krs


def test_a_single_key_result_is_reported(goals: GoalTree) -> None:
    goals.write("support.yaml", with_krs(1))
    result = goals.lint()
    # `    key_results:` is line 8; the key starts at column 5.
    assert result.findings == [("support.yaml", 8, 5, "key-result-count")]
    assert result.messages("key-result-count") == [
        "objective `faster-replies` has 1 key result; 2 to 5 show whether it is met"
    ]
    assert result.document["findings"][0]["severity"] == "warning"
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_six_key_results_are_reported(goals: GoalTree) -> None:
    goals.write("support.yaml", with_krs(6))
    result = goals.lint()
    assert result.findings == [("support.yaml", 8, 5, "key-result-count")]
    assert result.messages("key-result-count") == [
        "objective `faster-replies` has 6 key results; 2 to 5 show whether it is met"
    ]


def test_two_and_five_key_results_pass(goals: GoalTree) -> None:
    goals.write("two.yaml", with_krs(2))
    goals.write("five.yaml", with_krs(5).replace("team: support", "team: growth"))
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_only_the_objective_out_of_range_is_reported(goals: GoalTree) -> None:
    text = with_krs(2) + (
        "  - id: self-service\n"  # line 11
        "    title: Customers solve problems on their own\n"
        "    type: aspirational\n"
        "    key_results:\n"  # line 14
        "      - {title: Deflection reaches 30%, start: 18, target: 30}\n"
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.findings == [("support.yaml", 14, 5, "key-result-count")]
    assert result.messages("key-result-count")[0].startswith("objective `self-service` has 1 ")


def test_an_invalid_key_result_is_not_miscounted(goals: GoalTree) -> None:
    # Two key results written, the second without a title: only the schema error is reported,
    # not "1 key result", because the invalid one is still a key result the author meant.
    text = with_krs(1) + "      - {start: 5, target: 9}\n"
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.findings == [("support.yaml", 10, 9, "missing-field")]
    assert result.exit_code == 1

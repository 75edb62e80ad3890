"""missing-owner: an objective with no owner of its own and none from its file is reported."""

from tests.conftest import GoalTree

# Two objectives, neither with an owner, and no file owner.
FILE = """
team: support
period: 2026-Q4
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
  - id: self-service
    title: Customers solve problems on their own
    type: aspirational
    key_results:
      - title: Help-centre deflection reaches 30%
        start: 18
        target: 30
      - title: Tickets per 100 accounts down to 9
        start: 14
        target: 9
"""


def test_objectives_without_any_owner_are_reported_at_the_objective(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    result = goals.lint()
    # Line 4 `  - id: faster-replies` and line 14 `  - id: self-service`: the objective
    # mapping starts at its first key, column 5.
    assert result.findings == [
        ("support.yaml", 4, 5, "missing-owner"),
        ("support.yaml", 14, 5, "missing-owner"),
    ]
    assert result.messages("missing-owner") == [
        "objective `faster-replies` has no owner: name the one person accountable "
        "(or set `owner` at the top of the file)",
        "objective `self-service` has no owner: name the one person accountable "
        "(or set `owner` at the top of the file)",
    ]
    assert result.document["findings"][0]["severity"] == "warning"
    assert result.document["findings"][0]["code"] == "OK101"
    assert result.exit_code == 0  # a warning does not fail without --strict


def test_strict_makes_the_warning_fail(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    result = goals.lint("--strict")
    assert len(result.of("missing-owner")) == 2
    assert result.exit_code == 1


def test_file_owner_covers_every_objective(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("period: 2026-Q4\n", "period: 2026-Q4\nowner: lin\n"))
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_objective_owner_passes_and_the_other_is_still_reported(goals: GoalTree) -> None:
    text = FILE.replace(
        "    type: committed\n", "    type: committed\n    owner: lin\n"
    )  # only faster-replies gets an owner; self-service moves down one line to 15
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.findings == [("support.yaml", 15, 5, "missing-owner")]
    assert result.messages("missing-owner")[0].startswith("objective `self-service` has no owner")


def test_objective_whose_key_results_all_have_owners_is_not_reported(goals: GoalTree) -> None:
    # Issue 15: every key result of faster-replies names its owner, so the accountable
    # people are named; self-service (no owners at all) is still reported.
    text = FILE.replace(
        "        target: 25\n      - title: CSAT",
        "        target: 25\n        owner: sam\n      - title: CSAT",
    )
    text = text.replace("        target: 4.6\n", "        target: 4.6\n        owner: lin\n")
    goals.write("support.yaml", text)
    result = goals.lint()
    # Two `owner:` lines above it push self-service from line 14 to line 16.
    assert result.findings == [("support.yaml", 16, 5, "missing-owner")]
    assert result.messages("missing-owner")[0].startswith("objective `self-service` has no owner")


def test_one_key_result_owner_does_not_make_the_objective_owned(goals: GoalTree) -> None:
    text = FILE.replace(
        "        target: 25\n      - title: CSAT",
        "        target: 25\n        owner: sam\n      - title: CSAT",
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    # CSAT has no owner: faster-replies (line 4) is still reported; self-service moves to 15.
    assert result.findings == [
        ("support.yaml", 4, 5, "missing-owner"),
        ("support.yaml", 15, 5, "missing-owner"),
    ]


def test_an_invalid_key_result_is_still_seen_with_its_owner(goals: GoalTree) -> None:
    # Issue 15: the CSAT key result fails validation (no target), but it is checked as far as
    # it is valid: its owner is known, so faster-replies is owned through its key results.
    text = FILE.replace(
        "        target: 25\n      - title: CSAT",
        "        target: 25\n        owner: sam\n      - title: CSAT",
    )
    text = text.replace("        target: 4.6\n", "        owner: lin\n")
    goals.write("support.yaml", text)
    result = goals.lint()
    # One line added above self-service, one replaced: it is at line 15.
    assert result.of("missing-owner") == [("support.yaml", 15, 5, "missing-owner")]


def test_a_key_result_that_is_not_a_mapping_leaves_the_objective_reported(
    goals: GoalTree,
) -> None:
    # A key result written as a plain text is missing from the model: its owner is unknown,
    # so the objective's owner is still asked for.
    text = FILE.replace(
        "        target: 25\n      - title: CSAT",
        "        target: 25\n        owner: sam\n      - CSAT\n      - title: CSAT",
    )
    text = text.replace("        target: 4.6\n", "        target: 4.6\n        owner: lin\n")
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.of("missing-owner") == [
        ("support.yaml", 4, 5, "missing-owner"),
        ("support.yaml", 17, 5, "missing-owner"),
    ]


def test_owner_in_another_file_of_the_team_does_not_count(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", FILE)
    goals.write(
        "support/kpis.yaml",
        """
        team: support
        owner: lin
        kpis:
          - id: first-response-time
            title: Median first-response time
            owner: lin
            cadence: weekly
            band: {max: 30}
        """,
    )
    result = goals.lint()
    assert result.findings == [
        ("support/2026-Q4.yaml", 4, 5, "missing-owner"),
        ("support/2026-Q4.yaml", 14, 5, "missing-owner"),
    ]

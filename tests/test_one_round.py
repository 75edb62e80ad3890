"""Issue 15: one round of findings. A part that fails validation is still checked as far as
it is valid, so every finding is reported in the first run; computations never use it."""

from __future__ import annotations

from tests.conftest import GoalTree, okrctl

CONFIG = "people: [lin, sam]\n"

# One objective with a schema error (no `type`) and, inside it, every other kind of mistake.
SUPPORT = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    aligns_to: company/nowhere
    key_results:
      - title: Launch the new triage rota
        done: false
        owner: bob
      - title: Median first-response time down to 25 minutes
        start: 52
        target: 52
        checkins:
          - {date: 2026-09-15, value: 44}
          - {date: 2026-10-15, valeu: 40}
          - {date: 2026-10-01, value: 3, note: Mid-Q actual blank, projection 0.4}
      - title: CSAT up
        start: 4
        taget: 5
        owner: maria
kpis:
  - id: csat
    title: CSAT
    owner: 7
    band: {min: 4}
"""


def test_every_finding_of_a_broken_objective_is_reported_in_one_run(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", CONFIG)
    goals.write("support.yaml", SUPPORT)
    result = goals.lint()
    assert result.findings == [
        ("support.yaml", 5, 5, "missing-field"),  # no `type`: the objective is still checked
        ("support.yaml", 7, 16, "unresolved-reference"),
        ("support.yaml", 9, 16, "output-not-outcome"),
        ("support.yaml", 11, 16, "unknown-owner"),  # bob
        ("support.yaml", 12, 16, "title-target-mismatch"),
        ("support.yaml", 14, 17, "no-change-target"),
        ("support.yaml", 16, 20, "checkin-outside-period"),
        ("support.yaml", 17, 32, "unknown-field"),  # valeu, in a check-in
        ("support.yaml", 18, 68, "unknown-field"),  # the note a comma split
        ("support.yaml", 21, 9, "unknown-field"),  # taget, reported once
        ("support.yaml", 22, 16, "unknown-owner"),  # maria, in the key result without target
        ("support.yaml", 24, 5, "kpi-without-cadence"),  # of the KPI whose owner is invalid
        ("support.yaml", 26, 12, "invalid-value"),
    ]
    assert result.messages("unknown-field") == [
        "unknown field `valeu` in check-in 2026-10-15 of numeric key result `Median "
        "first-response time down to 25 minutes` (did you mean `value`?)",
        "`projection 0.4` is not a field: a comma ended the `note` before it (in a flow "
        'mapping `{...}` a comma separates fields); quote the note: note: "Mid-Q actual '
        'blank, projection 0.4"',
        "unknown field `taget` in numeric key result (did you mean `target`?)",
    ]
    assert result.exit_code == 1


def test_a_misspelt_key_is_one_finding_not_also_a_missing_field(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        """
        team: support
        period: 2026-Q4
        owner: lin
        objectives:
          - id: faster-replies
            title: Customers get answers while they still care
            type: committed
            key_results:
              - {title: CSAT reaches 4.6, start: 4.1, taget: 4.6}
              - {title: Backlog down to 40 tickets, start: 90, goal: 40}
        """,
    )
    result = goals.lint()
    # `goal` is no misspelling of `target`: the missing target is its own finding there.
    assert result.findings == [
        ("support.yaml", 9, 47, "unknown-field"),
        ("support.yaml", 10, 9, "missing-field"),
        ("support.yaml", 10, 56, "unknown-field"),
    ]
    assert result.messages("unknown-field")[0] == (
        "unknown field `taget` in numeric key result (did you mean `target`?)"
    )


def test_a_check_in_typo_without_a_date_names_the_check_in_by_position(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        """
        team: support
        period: 2026-Q4
        owner: lin
        objectives:
          - id: faster-replies
            title: Customers get answers while they still care
            type: committed
            key_results:
              - title: CSAT reaches 4.6
                start: 4.1
                target: 4.6
                checkins:
                  - {value: 4.3, confidnce: 0.5}
        """,
    )
    result = goals.lint()
    assert result.messages("unknown-field") == [
        "unknown field `confidnce` in check-in 1 (`checkins[0]`) of numeric key result "
        "`CSAT reaches 4.6` (did you mean `confidence`?)"
    ]


def test_score_never_uses_a_part_that_failed_validation(goals: GoalTree) -> None:
    # The schema errors are ignored: score then runs, and leaves out the objective without a
    # `type` and the key result without a `target` (as before), never a made-up value.
    goals.write("okrctl.yaml", "lint: {ignore: [missing-field, unknown-field]}\n")
    goals.write(
        "support.yaml",
        """
        team: support
        period: 2026-Q4
        owner: lin
        objectives:
          - id: no-type
            title: Customers get answers while they still care
            key_results:
              - {title: CSAT reaches 4.6, start: 4.1, target: 4.6, current: 4.6}
              - {title: Backlog down to 40 tickets, start: 90, target: 40, current: 40}
          - id: typed
            title: Customers solve problems on their own
            type: committed
            key_results:
              - {title: Deflection reaches 30%, start: 10, target: 30, current: 20}
              - {title: Tickets per account down to 9, start: 14, taget: 9, current: 9}
        """,
    )
    result = okrctl("score", "--format", "json", cwd=goals.root)
    assert result.returncode == 0, result.stderr
    assert '"no-type"' not in result.stdout
    assert '"score": 0.5' in result.stdout  # typed: only the valid key result, half way


COMPANY_2022 = """
team: company
period: 2022
owner: lin
objectives:
  - id: valuable-and-accessible
    title: Our product is valuable and accessible to everyone
    type: aspirational
    key_results:
      - {title: Weekly active teams reach 500, start: 300, target: 500}
      - {title: Paid seats reach 2000, start: 1200, target: 2000}
"""

COMPANY_Q1 = """
team: company
period: 2022-Q1
owner: lin
objectives:
  - id: valuable-and-accessible
    title: Our product is valuable and accessible to more teams
    type: committed
    aligns_to: company/valuable-and-accessible
    key_results:
      - {title: Weekly active teams reach 350, start: 300, target: 350}
      - {title: Paid seats reach 1400, start: 1200, target: 1400}
"""


def test_a_reference_to_its_own_id_names_the_parent_in_a_containing_period(
    goals: GoalTree,
) -> None:
    goals.write("company/2022.yaml", COMPANY_2022)
    goals.write("company/2022-Q1.yaml", COMPANY_Q1)
    assert goals.lint().findings == []
    tree = okrctl("tree", "--format", "json", cwd=goals.root)
    assert tree.returncode == 0, tree.stderr
    assert "company/2022/valuable-and-accessible" in tree.stdout


def test_a_reference_to_itself_only_shows_the_explicit_forms(goals: GoalTree) -> None:
    # In 2024-Q1 no containing period holds the id: the 2022 objective is named explicitly.
    goals.write("company/2022.yaml", COMPANY_2022)
    goals.write("company/2024-Q1.yaml", COMPANY_Q1.replace("2022-Q1", "2024-Q1"))
    result = goals.lint()
    assert result.findings == [("company/2024-Q1.yaml", 8, 16, "unresolved-reference")]
    assert result.messages("unresolved-reference") == [
        "`company/valuable-and-accessible` names this objective itself: an objective cannot "
        "align to itself; to name the one of another period, write TEAM/PERIOD/ID: "
        "`company/2022/valuable-and-accessible`"
    ]


def test_a_long_id_is_quoted_short_in_duplicate_and_reference_messages(goals: GoalTree) -> None:
    long_id = "a" + "-b" * 5000
    goals.write(
        "support.yaml",
        f"""
        team: support
        period: 2026-Q4
        owner: lin
        objectives:
          - id: {long_id}
            title: Customers get answers while they still care
            type: committed
            aligns_to: company/{long_id}
            key_results:
              - {{title: CSAT reaches 4.6, start: 4.1, target: 4.6}}
              - {{title: Backlog down to 40 tickets, start: 90, target: 40}}
          - id: {long_id}
            title: Customers solve problems on their own
            type: committed
            key_results:
              - {{title: Deflection reaches 30%, start: 10, target: 30}}
              - {{title: Tickets per account down to 9, start: 14, target: 9}}
        """,
    )
    result = goals.lint()
    assert [rule for *_, rule in result.findings] == ["unresolved-reference", "duplicate-id"]
    for finding in result.document["findings"]:
        assert len(finding["message"]) < 300
        assert "…" in finding["message"]

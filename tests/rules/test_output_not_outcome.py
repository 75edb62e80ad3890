"""output-not-outcome: a key result whose title begins with an activity verb (info only)."""

from tests.conftest import GoalTree

FILE = """
team: growth
period: 2026-Q4
owner: priya
objectives:
  - id: faster-activation
    title: New customers reach value in their first week
    type: aspirational
    key_results:
      - title: Launch the new onboarding flow
        done: false
      - title: Onboarding completion rate reaches 60%
        start: 41
        target: 60
        unit: "%"
"""


def test_activity_is_reported_as_info_and_does_not_fail(goals: GoalTree) -> None:
    goals.write("growth.yaml", FILE)
    result = goals.lint()
    # `      - title: ` is 15 characters: the title's value is at line 9, column 16.
    assert result.findings == [("growth.yaml", 9, 16, "output-not-outcome")]
    assert result.messages("output-not-outcome") == [
        "key result `Launch the new onboarding flow` describes an activity (`launch`), not an "
        "outcome: say what will be true because of it"
    ]
    finding = result.document["findings"][0]
    assert (finding["severity"], finding["code"]) == ("info", "OK110")
    assert result.document["summary"]["infos"] == 1
    assert result.document["summary"]["warnings"] == 0
    assert result.document["summary"]["errors"] == 0
    assert result.exit_code == 0


def test_info_does_not_fail_even_with_strict(goals: GoalTree) -> None:
    goals.write("growth.yaml", FILE)
    result = goals.lint("--strict")
    assert result.findings == [("growth.yaml", 9, 16, "output-not-outcome")]
    assert result.exit_code == 0


def test_outcomes_pass(goals: GoalTree) -> None:
    text = FILE.replace(
        "Launch the new onboarding flow", "Launched features drive 10% more signups"
    )
    goals.write("growth.yaml", text)
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_multi_word_verbs_any_case_and_spacing(goals: GoalTree) -> None:
    text = FILE.replace("Launch the new onboarding flow", "Roll  out SSO to all workspaces")
    text = text.replace("Onboarding completion rate reaches 60%", "SHIP dark mode")
    goals.write("growth.yaml", text)
    result = goals.lint()
    assert result.findings == [
        ("growth.yaml", 9, 16, "output-not-outcome"),
        ("growth.yaml", 11, 16, "output-not-outcome"),
    ]
    messages = result.messages("output-not-outcome")
    assert "describes an activity (`roll out`)" in messages[0]
    assert "describes an activity (`ship`)" in messages[1]
    assert result.exit_code == 0


def test_a_verb_later_in_the_title_is_not_an_activity(goals: GoalTree) -> None:
    text = FILE.replace(
        "Launch the new onboarding flow", "Trial users who finish setup reach 45% of signups"
    )
    goals.write("growth.yaml", text)
    result = goals.lint("--strict")
    assert result.findings == []


def test_a_verb_that_names_a_metric_is_not_an_activity(goals: GoalTree) -> None:
    text = FILE.replace("Launch the new onboarding flow", "Run rate reaches 1.2M").replace(
        "done: false", "start: 0.8\n        target: 1.2"
    )
    goals.write("growth.yaml", text.replace("Onboarding completion", "Release frequency"))
    assert goals.lint().findings == []


def test_hold_meetings_is_an_activity_not_a_level_to_hold(goals: GoalTree) -> None:
    goals.write("growth.yaml", FILE.replace("Launch the new", "Hold weekly reviews of the"))
    result = goals.lint()
    # Only output-not-outcome: "hold" here is an activity, not a level kept (target-already-met).
    assert result.findings == [("growth.yaml", 9, 16, "output-not-outcome")]

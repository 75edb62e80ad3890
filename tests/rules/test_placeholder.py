"""placeholder: template leftovers and reviewers' questions in titles (issue 15)."""

import pytest

from tests.conftest import GoalTree

FILE = """
team: growth
period: 2026-Q4
owner: priya
objectives:
  - id: churn
    title: Customers stay because the product keeps paying off (TBD)
    type: committed
    key_results:
      - title: Reduce monthly churn to X%
        start: 2.6
        target: 2.0
      - title: CSAT reaches 4.6 (is this realistic?)
        start: 4.1
        target: 4.6
      - title: Net revenue retention from 101% to 108%
        start: 101
        target: 108
kpis:
  - id: activation
    title: Workspaces activated within N days
    owner: priya
    cadence: weekly
    band: {min: 30}
"""


def test_placeholders_and_questions_are_reported_at_the_title(goals: GoalTree) -> None:
    goals.write("growth.yaml", FILE)
    result = goals.lint()
    # `    title: ` is 11 characters (objective, KPI): column 12; `      - title: ` 15: column 16.
    assert result.of("placeholder") == [
        ("growth.yaml", 6, 12, "placeholder"),
        ("growth.yaml", 9, 16, "placeholder"),
        ("growth.yaml", 12, 16, "placeholder"),
        ("growth.yaml", 20, 12, "placeholder"),
    ]
    assert result.messages("placeholder") == [
        "objective title `Customers stay because the product keeps paying off (TBD)` still holds "
        "a placeholder `TBD`: fill in the real value before the period starts",
        "key result title `Reduce monthly churn to X%` still holds a placeholder `X%`: fill in "
        "the real value before the period starts",
        "key result title `CSAT reaches 4.6 (is this realistic?)` still holds a reviewer's "
        "question `is this realistic?`: settle it, then write the title the team commits to",
        "KPI title `Workspaces activated within N days` still holds a placeholder `N`: fill in "
        "the real value before the period starts",
    ]
    finding = next(f for f in result.document["findings"] if f["rule"] == "placeholder")
    assert (finding["severity"], finding["code"]) == ("warning", "OK115")
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_finished_titles_pass(goals: GoalTree) -> None:
    text = (
        FILE.replace(" (TBD)", "")
        .replace("to X%", "to 2%")
        .replace(" (is this realistic?)", "")
        .replace("within N days", "within 7 days")
    )
    goals.write("growth.yaml", text)
    assert goals.lint("--strict").findings == []


PLACEHOLDERS = [
    ("Reduce monthly churn to X%", "X%"),
    ("Grow ARR to $XXK", "$XXK"),
    ("Revenue from $XM to $YM", "$XM"),
    ("NPS from X to Y", "X"),
    ("Cut p95 latency to N ms", "N"),
    ("Hire N engineers for the platform team", "N"),
    ("Uptime X.X% for enterprise accounts", "X.X%"),
    ("Win rate ??? against the main competitor", "???"),
    ("Increase <metric> from <baseline> to <target>", "<metric>"),
    ("Partner-sourced pipeline: TBD", "TBD"),
    ("TODO: key result for the docs team", "TODO"),
    ("Self-serve upgrades reach XX per month", "XX"),
    ("Support cost per ticket: N/A", "N/A"),
    ("Churn down to 2% (confirm with finance)", "(confirm with finance)"),
    ("@lin baseline? Churn down to 2%", "@lin"),
    ("Reach 1,000 weekly users - is this the right metric?", "is this the right metric?"),
    ("What if onboarding took 5 minutes?", "What if onboarding took 5 minutes?"),
]
FINISHED = [
    "Reduce monthly churn to 2%",
    "Launch the Series X campaign in EMEA",
    "SpaceX launch partnership signed",
    "Customers with 10x more usage renew at 95%",
    "Tickets per 100 accounts down to 9",
    "X-ray of the sales funnel shared with every AE",
    "Email todo list sync used by 40% of teams",
    "NPS > 50 in the enterprise segment",
    "x86 and ARM builds under 5 minutes",
    "Project Nexus reaches 12 design partners",
    "N. America revenue from $4M to $5M",
    "[Legal] Contract turnaround under 5 business days",
    "Q3 hiring plan closed at 100%",
]


def with_title(title: str) -> str:
    """FILE with the first key result's title replaced, quoted (titles hold `: ` and `@`)."""
    return FILE.replace("Reduce monthly churn to X%", f'"{title}"')


@pytest.mark.parametrize(("title", "shown"), PLACEHOLDERS)
def test_placeholder_table(goals: GoalTree, title: str, shown: str) -> None:
    goals.write("growth.yaml", with_title(title))
    result = goals.lint()
    assert ("growth.yaml", 9, 16, "placeholder") in result.of("placeholder")
    assert result.messages("placeholder")[1].startswith(
        f"key result title `{title}` still holds a "
    )
    assert f" `{shown}`: " in result.messages("placeholder")[1]


@pytest.mark.parametrize("title", FINISHED)
def test_finished_table(goals: GoalTree, title: str) -> None:
    goals.write("growth.yaml", with_title(title))
    result = goals.lint()
    assert [f for f in result.findings if f[3] in ("yaml-syntax", "invalid-value")] == []
    assert ("growth.yaml", 9, 16, "placeholder") not in result.of("placeholder")

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


# Issue 15: titles in the style of published OKRs (a developer-tools company's handbook, an
# open-core company's department OKRs, an open-source project's team OKRs). Each activity is
# reported with the verb it begins with, in whatever form it is written and behind whatever
# team or list prefix; each outcome is left alone.
ACTIVITIES = [
    ("PMM: Develop and roll out updated pitch and analyst decks", "develop"),
    ("Legal: Implement improved contract flow", "implement"),
    ("Execute the FY27 field marketing plan", "execute"),
    ("Document the on-call escalation process in the handbook", "document"),
    ("Track feature usage for every paid tier", "track"),
    ("Test the new pricing page with 5 customers", "test"),
    ("Redesign the docs navigation", "redesign"),
    ("Re-implement the search indexer in Rust", "re-implement"),
    ("Roll out the new review app to all projects", "roll out"),
    ("Begin weekly release retrospectives", "begin"),
    ("Measure time to first merge request for new users", "measure"),
    ("Provide a migration path from Jenkins", "provide"),
    ("Identify the top churn reasons from exit surveys", "identify"),
    ("Onboard three new maintainers", "onboard"),
    ("Automate the security release checklist", "automate"),
    ("Launch the partner certification program", "launch"),
    ("Ship dark mode in the web IDE", "ship"),
    ("Publish four technical blog posts", "publish"),
    ("Hold a community contributor summit", "hold"),
    ("Host two customer advisory board meetings", "host"),
    ("Run 3 user tests on the new onboarding", "run"),
    ("Write the 2.0 upgrade guide", "write"),
    ("Create a competitive battlecard for each top competitor", "create"),
    ("Build an internal dashboard for support metrics", "build"),
    ("Migrate CI runners to the new fleet", "migrate"),
    ("Set up SSO for the internal tools", "set up"),
    ("Hire a second technical writer", "hire"),
    ("Conduct 20 customer interviews", "conduct"),
    ("Sales Ops: Rebuild the lead routing rules", "rebuild"),
    ("[Security] Draft the incident response runbook", "draft"),
    ("KR3: Organize the contributor hackathon", "organize"),
    ("Launching the partner referral program", "launch"),
    ("Successfully launched the public beta of the CLI", "launch"),
    ("Kicked off the enterprise advisory board", "kick off"),
    ("Rolled out the new pricing to all regions", "roll out"),
    ("Implemented a new contract approval flow", "implement"),
    ("Evaluate three vendors for the data warehouse", "evaluate"),
    ("Upgrade all projects to the new Python runtime", "upgrade"),
    ("Integrate the billing system with Salesforce", "integrate"),
    ("Pilot usage-based pricing with 10 accounts", "pilot"),
    ("Complete the SOC 2 readiness assessment", "complete"),
    ("Deploy the new runner autoscaler to production", "deploy"),
    ("Translate the docs into Japanese", "translate"),
    ("Refactor the merge request widget", "refactor"),
    ("Co-host a webinar with the cloud partner", "co-host"),
    ("Engineering - Establish an architecture review board", "establish"),
    ("Launch the beta - phase 1", "launch"),  # not a prefix: the title's own start
    ("Design: Ship the new icon set", "ship"),  # a team named like a verb
]
OUTCOMES = [
    "Deliver 400 MQLs to sales (a 28% increase)",
    "Onboarding completion rate reaches 60%",
    "Run rate reaches $1.2M",
    "Release frequency doubles",
    "Build time under 5 minutes",
    "Launched features drive 10% more signups",
    "Automated tests cover 80% of the checkout flow",
    "Releases per week reach 10",
    "Design partners signed reach 5",
    "Latency is no longer our top complaint",
    "Median first-response time down from 52 to 25 minutes",
    "Trial-to-paid conversion from 12% to 18%",
    "Conversion: 12% -> 18%",
    "PMM: Win rate against the main competitor reaches 40%",
    "Net revenue retention rises to 115%",
    "Monthly active contributors grow 2x",
    "Support: CSAT at 4.6/5 or better",
    "Self-managed customers on a supported version reach 80%",
    "Time to first value under 10 minutes",
    "Test coverage of the API above 85%",
    "Migrate 80% of CI pipelines to the new runners",  # a measurable share, not an activity
    "Enterprise deals closed above $50K ACV reach 10",
    "New paid accounts choosing annual billing from 25% to 40%",
    "Critical vulnerabilities open longer than 7 days down to 0",
    "Every new workspace opens with sample data",
    "Customers who complete onboarding in week one reach 45%",
    "Hiring plan approved by the board",
    "Tracking plan covers every paid feature",
    "Documentation pages rated helpful above 75%",
    "Open-source contributors merging a second MR reach 30%",
    "Paid plans bought without a sales call from 40% to 60%",
    "Mean time to recover from a Sev-1 down from 48 min to 15 min",
    "Legal: Contract turnaround under 5 business days",
    "Weekly active teams on the new editor pass 2,000",
    "Design system adopted by all product teams",
    "Build pipeline duration p95 below 12 minutes",
    "Start-to-finish onboarding time down to 2 days",
    "Running costs per active account down to $3.20",
    "Testing strategy signed off by every squad lead",
    "Deliver $1M in new ARR from partners",
]


def quoted(title: str) -> str:
    return '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'


def table_file(titles: list[str]) -> str:
    lines = [
        "team: growth",
        "period: 2026-Q4",
        "owner: priya",
        "objectives:",
        "  - id: table",
        "    title: Titles as real teams write them",
        "    type: aspirational",
        "    key_results:",
    ]
    for title in titles:
        lines += [f"      - title: {quoted(title)}", "        done: false"]
    return "\n".join(lines) + "\n"


def test_a_table_of_real_titles_both_ways(goals: GoalTree) -> None:
    assert len(ACTIVITIES) + len(OUTCOMES) >= 60
    titles = [title for title, _ in ACTIVITIES] + OUTCOMES
    goals.write("growth.yaml", table_file(titles))
    result = goals.lint()
    # The key results start at line 9, two lines each; the quoted title is at column 16.
    assert result.of("output-not-outcome") == [
        ("growth.yaml", 9 + 2 * index, 16, "output-not-outcome") for index in range(len(ACTIVITIES))
    ]
    assert result.messages("output-not-outcome") == [
        f"key result `{title}` describes an activity (`{verb}`), not an outcome: "
        "say what will be true because of it"
        for title, verb in ACTIVITIES
    ]


def test_objective_titles_are_not_judged(goals: GoalTree) -> None:
    # An objective names a direction ("Make the paid plan the obvious next step"); only key
    # results are held to outcomes.
    goals.write(
        "growth.yaml",
        FILE.replace(
            "New customers reach value", "Build a self-serve motion so customers reach value"
        ),
    )
    assert goals.lint().of("output-not-outcome") == [("growth.yaml", 9, 16, "output-not-outcome")]

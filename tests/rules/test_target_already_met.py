"""target-already-met: a key result that holds a level (start, title or KPI-linked)."""

from tests.conftest import GoalTree, Lint

# Numeric key results. Lines 10 and 14 hold the starts; `        start: ` is 15 characters,
# so a start's value is at column 16.
NUMERIC = """
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
        direction: decrease
      - title: CSAT reaches 4.6
        start: 4.1
        target: 4.6
        direction: increase
"""


def test_starts_short_of_their_targets_pass(goals: GoalTree) -> None:
    goals.write("support.yaml", NUMERIC)
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_start_beyond_target_in_stated_direction_is_reported(goals: GoalTree) -> None:
    text = NUMERIC.replace("start: 52", "start: 20").replace("start: 4.1", "start: 4.8")
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.findings == [
        ("support.yaml", 10, 16, "target-already-met"),
        ("support.yaml", 14, 16, "target-already-met"),
    ]
    assert result.messages("target-already-met") == [
        "start 20 already meets target 25 (decrease): a standard to hold is a KPI, not an OKR",
        "start 4.8 already meets target 4.6 (increase): a standard to hold is a KPI, not an OKR",
    ]
    assert result.document["findings"][0]["severity"] == "warning"
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_without_a_direction_the_start_is_not_judged(goals: GoalTree) -> None:
    # Same numbers, no `direction`: the direction is read from start and target, so the start
    # cannot be "beyond" the target.
    text = NUMERIC.replace("start: 52", "start: 20").replace("start: 4.1", "start: 4.8")
    text = text.replace("        direction: decrease\n", "").replace(
        "        direction: increase\n", ""
    )
    goals.write("support.yaml", text)
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_start_equal_to_target_is_no_change_target_only(goals: GoalTree) -> None:
    goals.write("support.yaml", NUMERIC.replace("start: 52", "start: 25"))
    result = goals.lint()
    # Reported by no-change-target at the target (line 11, column 17), not here.
    assert result.findings == [("support.yaml", 11, 17, "no-change-target")]


TITLES = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: steady-service
    title: Customers trust our support
    type: committed
    key_results:
      - title: Maintain CSAT above 4.5
        start: 4.1
        target: 4.5
      - title: keeps backlog under 40 tickets
        start: 80
        target: 40
      - title: Stay SOC 2 certified
        done: false
      - title: First-response time down to 25 minutes while we keep staffing flat
        start: 52
        target: 25
      - title: Keeper of the runbook rota picked
        done: true
"""


def test_titles_that_hold_a_level_are_reported_at_the_title(goals: GoalTree) -> None:
    goals.write("support.yaml", TITLES)
    result = goals.lint()
    # `      - title: ` is 15 characters: each title's value is at column 16. Line 17 has
    # "keep" only later in the title, and line 20 "Keeper" is not the word keep.
    assert result.findings == [
        ("support.yaml", 9, 16, "target-already-met"),
        ("support.yaml", 12, 16, "target-already-met"),
        ("support.yaml", 15, 16, "target-already-met"),
    ]
    assert result.messages("target-already-met") == [
        "key result `Maintain CSAT above 4.5` says `maintain`: a level to hold is a KPI "
        "with a band, not an OKR",
        "key result `keeps backlog under 40 tickets` says `keep`: a level to hold is a KPI "
        "with a band, not an OKR",
        "key result `Stay SOC 2 certified` says `stay`: a level to hold is a KPI "
        "with a band, not an OKR",
    ]
    assert result.exit_code == 0


def test_a_holding_title_with_a_met_start_is_reported_once(goals: GoalTree) -> None:
    text = NUMERIC.replace("CSAT reaches 4.6", "Keep CSAT at 4.6").replace(
        "start: 4.1", "start: 4.8"
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    # Line 13 `      - title: Keep CSAT at 4.6`, at the title (column 16), not twice.
    assert result.findings == [("support.yaml", 13, 16, "target-already-met")]


KPIS = """
team: platform
kpis:
  - id: uptime
    title: API uptime
    owner: omar
    cadence: monthly
    band: {min: 99.5}
    measurements:
      - {date: 2026-08-31, value: 99.7}
      - {date: 2026-09-30, value: 99.95}
      - {date: 2026-10-31, value: 99.6}
  - id: p95-latency
    title: p95 API latency
    owner: omar
    cadence: monthly
    band: {max: 400}
    measurements:
      - {date: 2026-09-30, value: 300}
      - {date: 2026-10-02, value: 200}
"""

# KPI-linked key results: the targets are on lines 11 and 14; `        target: ` is 16
# characters, so a target's value is at column 17.
OKRS = """
team: platform
period: 2026-Q4
owner: omar
objectives:
  - id: rock-solid-api
    title: Customers never think about the API
    type: committed
    key_results:
      - title: Uptime reaches the enterprise SLA
        kpi: platform/uptime
        target: 99.99
      - title: p95 latency under 250 ms
        kpi: platform/p95-latency
        target: 250
"""


def lint_kpis(goals: GoalTree, kpis: str = KPIS, okrs: str = OKRS) -> Lint:
    goals.write("platform/kpis.yaml", kpis)
    goals.write("platform/2026-Q4.yaml", okrs)
    return goals.lint()


def test_kpis_short_of_the_target_on_the_first_day_pass(goals: GoalTree) -> None:
    # Uptime sat at 99.95 on 2026-10-01 (< 99.99); latency at 300 (> 250): the 200 measured on
    # 2026-10-02 is inside the period and does not count.
    result = lint_kpis(goals)
    assert result.findings == []
    assert result.exit_code == 0


def test_kpi_already_at_the_target_is_reported(goals: GoalTree) -> None:
    # Increasing (band min only): 99.95 >= 99.9.
    result = lint_kpis(goals, okrs=OKRS.replace("target: 99.99", "target: 99.9"))
    assert result.findings == [("platform/2026-Q4.yaml", 11, 17, "target-already-met")]
    assert result.messages("target-already-met") == [
        "KPI `platform/uptime` already sat at 99.95 on 2026-10-01, meeting the target 99.9: "
        "a standard to hold is a KPI, not an OKR"
    ]
    assert result.exit_code == 0


def test_measurement_on_the_first_day_counts_and_direction_comes_from_max_band(
    goals: GoalTree,
) -> None:
    kpis = KPIS.replace("{date: 2026-10-02, value: 200}", "{date: 2026-10-01, value: 240}")
    result = lint_kpis(goals, kpis=kpis)
    # Decreasing (band max only): 240 <= 250, measured on the period's first day.
    assert result.findings == [("platform/2026-Q4.yaml", 14, 17, "target-already-met")]
    assert result.messages("target-already-met") == [
        "KPI `platform/p95-latency` already sat at 240 on 2026-10-01, meeting the target 250: "
        "a standard to hold is a KPI, not an OKR"
    ]


def test_two_sided_band_gives_no_direction(goals: GoalTree) -> None:
    kpis = KPIS.replace("band: {min: 99.5}", "band: {min: 99.5, max: 100}")
    result = lint_kpis(goals, kpis=kpis, okrs=OKRS.replace("target: 99.99", "target: 99.9"))
    assert result.findings == []


def test_the_key_results_direction_wins_over_the_band(goals: GoalTree) -> None:
    # With `direction: decrease`, 99.95 already meets a target of 99.99 (it is below it),
    # although the band says higher is better.
    okrs = OKRS.replace(
        "        target: 99.99\n", "        target: 99.99\n        direction: decrease\n"
    )
    result = lint_kpis(goals, okrs=okrs)
    assert result.findings == [("platform/2026-Q4.yaml", 11, 17, "target-already-met")]


def test_kpi_without_measurement_before_the_period_is_not_judged(goals: GoalTree) -> None:
    kpis = KPIS.replace("      - {date: 2026-08-31, value: 99.7}\n", "").replace(
        "      - {date: 2026-09-30, value: 99.95}\n", ""
    )
    result = lint_kpis(goals, kpis=kpis, okrs=OKRS.replace("target: 99.99", "target: 99.5"))
    # Only the 2026-10-31 measurement (99.6 >= 99.5) exists, after the period's first day.
    assert result.findings == []


def test_kpi_linked_start_written_beyond_target_in_stated_direction(goals: GoalTree) -> None:
    # A KPI-linked key result with its own `start` and `direction` is judged like a numeric
    # one: an increasing key result starting at 99.995 has already met 99.99.
    okrs = OKRS.replace(
        "        target: 99.99\n",
        "        target: 99.99\n        start: 99.995\n        direction: increase\n",
    )
    result = lint_kpis(goals, okrs=okrs)
    # `        start: 99.995` is line 12; its value is at column 16.
    assert result.findings == [("platform/2026-Q4.yaml", 12, 16, "target-already-met")]
    assert result.messages("target-already-met") == [
        "start 99.995 already meets target 99.99 (increase): a standard to hold is a KPI, "
        "not an OKR"
    ]


def test_kpi_linked_start_written_short_of_target_passes(goals: GoalTree) -> None:
    okrs = OKRS.replace(
        "        target: 99.99\n",
        "        target: 99.99\n        start: 99.9\n        direction: increase\n",
    )
    result = lint_kpis(goals, okrs=okrs)
    assert result.findings == []


# Issue 15: objective titles that hold a level are reported too.
OBJECTIVES = """
team: people
period: 2026-Q4
owner: ana
objectives:
  - id: hiring-plans
    title: Maintain realistic hiring plans
    type: committed
    key_results:
      - title: Open roles with a signed-off budget from 60% to 100%
        start: 60
        target: 100
      - title: Hiring plans reviewed by finance every month
        done: false
  - id: onboarding
    title: "Recruiting: Keeping new hires productive in their first month"
    type: aspirational
    key_results:
      - title: New hires shipping code in week two from 40% to 70%
        start: 40
        target: 70
      - title: First-month buddy assigned to every new hire
        done: true
  - id: remaining-budget
    title: Remaining headcount budget goes to the platform team
    type: aspirational
    key_results:
      - title: Platform roles filled from 2 to 6
        start: 2
        target: 6
      - title: Platform hiring manager in place
        done: true
"""


def test_objective_titles_that_hold_a_level_are_reported_at_the_title(goals: GoalTree) -> None:
    goals.write("people.yaml", OBJECTIVES)
    result = goals.lint()
    # `    title: ` is 11 characters: an objective title's value is at column 12. The team
    # prefix `Recruiting:` is skipped; "Remaining" (line 24) describes the budget, it is not
    # the verb remain.
    assert result.findings == [
        ("people.yaml", 6, 12, "target-already-met"),
        ("people.yaml", 15, 12, "target-already-met"),
    ]
    assert result.messages("target-already-met") == [
        "objective `Maintain realistic hiring plans` says `maintain`: an objective names a "
        "change; a level to hold is a KPI with a band",
        "objective `Recruiting: Keeping new hires productive in their first month` says `keep`: "
        "an objective names a change; a level to hold is a KPI with a band",
    ]
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_objective_titles_that_ask_for_change_pass(goals: GoalTree) -> None:
    text = OBJECTIVES.replace("Maintain realistic", "Make realistic").replace(
        "Keeping new hires", "New hires are"
    )
    goals.write("people.yaml", text)
    assert goals.lint("--strict").findings == []


def test_a_holding_key_result_under_a_holding_objective_is_reported_twice(
    goals: GoalTree,
) -> None:
    text = OBJECTIVES.replace(
        "Open roles with a signed-off budget from 60% to 100%", "Keep every open role budgeted"
    )
    goals.write("people.yaml", text)
    result = goals.lint()
    assert result.of("target-already-met") == [
        ("people.yaml", 6, 12, "target-already-met"),
        ("people.yaml", 9, 16, "target-already-met"),
        ("people.yaml", 15, 12, "target-already-met"),
    ]

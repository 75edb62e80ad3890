"""`okrctl suggest`: the loop between KPIs and OKRs, and drafts that lint clean once pasted in.

Every expected value below is worked out by hand from the goal files in the test, following
issue 4 and okrctl/compute/suggestions.py: a KPI out of band for `kpi.breach_streak` (2)
measurements in a row, with no objective of a not-yet-ended period linking it, becomes an
objective for the quarter after the one holding --as-of; a numeric key result scoring 1.0 in
its team's most recently ended period becomes a KPI; a KPI-linked one that reached its target
tightens its KPI's band; a key result whose start already meets its target, or an objective
repeated from the previous period, is proposed as a KPI.

THE KEY PROPERTY (issue 4: "test that"): every full-file draft, written as a new file into
the same goal tree, lints clean: `okrctl lint` exits 0 and has no finding in the new file.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import EXAMPLES, GoalTree, okrctl

AS_OF = "2026-11-16"
ROSTER = "people: [lin, sam]\n"

# 47 and 49 both above the band's max 45: a breach streak of 2.
BREACHING = """
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: sam
    unit: min
    cadence: weekly
    band: {max: 45}
    measurements:
      - {date: 2026-11-06, value: 47}
      - {date: 2026-11-13, value: 49}
"""

RESTORE_DRAFT = {
    "team": "support",
    "period": "2027-Q1",  # 2026-11-16 is in 2026-Q4; the next quarter is 2027-Q1
    "objectives": [
        {
            "id": "restore-first-response-time",
            "title": "Restore median first-response time",
            "type": "committed",
            "owner": "sam",  # the KPI's owner
            "from_kpi": "support/first-response-time",  # the KPI it answers (issue 20)
            "key_results": [
                {
                    "id": "first-response-time",
                    "title": "Median first-response time back to 45 min",
                    "kpi": "support/first-response-time",
                    "start": 49,  # the latest value
                    "target": 45,  # the band edge it left: max
                },
                {
                    "title": "Top causes of the median first-response time breach found "
                    "and removed",
                    "done": False,
                },
            ],
        }
    ],
}

RESTORE_YAML = """\
team: support
period: 2027-Q1
objectives:
  - id: restore-first-response-time
    title: Restore median first-response time
    type: committed
    owner: sam
    from_kpi: support/first-response-time
    key_results:
      - id: first-response-time
        title: Median first-response time back to 45 min
        kpi: support/first-response-time
        start: 49
        target: 45
      - title: Top causes of the median first-response time breach found and removed
        done: false
"""


def suggest(goals: GoalTree | Path, *args: str, as_of: str = AS_OF) -> list[dict[str, Any]]:
    """The suggestions of one `suggest --format json` run; suggest always exits 0."""
    root = goals.root if isinstance(goals, GoalTree) else goals
    result = okrctl("suggest", "--format", "json", "--as-of", as_of, *args, cwd=root)
    assert (result.returncode, result.stderr) == (0, "")
    document = json.loads(result.stdout)
    assert set(document) == {"as_of", "suggestions", "skipped"}
    assert document["as_of"] == as_of
    return document["suggestions"]


def of_kind(suggestions: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [s for s in suggestions if s["kind"] == kind]


def lint_findings(root: Path) -> tuple[int, list[dict[str, Any]]]:
    result = okrctl("lint", "--format", "json", cwd=root)
    return result.returncode, json.loads(result.stdout)["findings"]


def paste_and_lint(root: Path, suggestion: dict[str, Any], name: str) -> None:
    """Write a full-file draft as a new goal file; lint must exit 0 with nothing in that file."""
    assert "team" in suggestion["draft"]  # a whole goal file, not a band to edit in
    new = root / name
    assert not new.exists()
    new.write_text(suggestion["yaml"], encoding="utf-8")
    try:
        code, findings = lint_findings(root)
        assert [f for f in findings if f["path"] == name] == []
        assert [f for f in findings if f["severity"] == "error"] == []
        assert code == 0
    finally:
        new.unlink()


# --- kpi-to-okr -------------------------------------------------------------------------


def test_kpi_out_of_band_twice_becomes_next_quarters_objective(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", ROSTER)
    goals.write("support/kpis.yaml", BREACHING)
    suggestions = suggest(goals)
    assert suggestions == [
        {
            "kind": "kpi-to-okr",
            "team": "support",
            "about": "support/first-response-time",
            "reason": "support/first-response-time has been outside its band for 2 measurements "
            "in a row (now 49 min): the KPI is the early warning, next period's objective is "
            "the focused response",
            "where": "a new objective for support in 2027-Q1",
            "draft": RESTORE_DRAFT,
            "yaml": RESTORE_YAML,
        }
    ]
    # THE KEY PROPERTY, with the roster in okrctl.yaml checking the draft's owner.
    paste_and_lint(goals.root, suggestions[0], "support/2027-Q1.yaml")


def test_pasted_draft_lints_clean_and_settles_the_suggestion(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", ROSTER)
    goals.write("support/kpis.yaml", BREACHING)
    [suggestion] = suggest(goals)
    (goals.root / "support/2027-Q1.yaml").write_text(suggestion["yaml"], encoding="utf-8")
    code, findings = lint_findings(goals.root)
    assert (code, findings) == (0, [])
    # An objective of a not-yet-ended period (2027-Q1) now links the KPI: nothing to suggest.
    assert suggest(goals) == []


def test_draft_targets_the_kpi_target_when_set(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", ROSTER)
    goals.write("support/kpis.yaml", BREACHING.replace("    band:", "    target: 25\n    band:"))
    [suggestion] = suggest(goals)
    assert suggestion["draft"]["objectives"][0]["key_results"][0] == {
        "id": "first-response-time",
        "title": "Median first-response time back to 25 min",
        "kpi": "support/first-response-time",
        "start": 49,
        "target": 25,  # the KPI's target, not the band edge 45
    }
    paste_and_lint(goals.root, suggestion, "support/2027-Q1.yaml")


def test_below_the_floor_of_a_two_sided_band_goes_back_to_the_floor(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", ROSTER)
    goals.write(
        "support/kpis.yaml",
        """
        team: support
        kpis:
          - id: csat
            title: CSAT
            owner: lin
            unit: /5
            cadence: monthly
            band: {min: 3.8, max: 5}
            measurements:
              - {date: 2026-09-30, value: 3.7}
              - {date: 2026-10-31, value: 3.5}
        """,
    )
    [suggestion] = suggest(goals)
    objective = suggestion["draft"]["objectives"][0]
    # An acronym keeps its case: "Restore CSAT", not "Restore cSAT".
    assert (objective["id"], objective["title"], objective["owner"]) == (
        "restore-csat",
        "Restore CSAT",
        "lin",
    )
    # 3.5 < 3.8: the band edge it left is the min, not the max 5
    assert objective["key_results"] == [
        {
            "id": "csat",
            "title": "CSAT back to 3.8/5",
            "kpi": "support/csat",
            "start": 3.5,
            "target": 3.8,
        },
        {"title": "Top causes of the CSAT breach found and removed", "done": False},
    ]
    assert "for 2 measurements in a row (now 3.5/5)" in suggestion["reason"]
    paste_and_lint(goals.root, suggestion, "support/2027-Q1.yaml")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([40, 49], []),  # only the latest is out of band: streak 1
        ([47, 40, 49], []),  # 40 is in band: the streak restarts at 49, streak 1
        ([47, 49], [2]),
        ([46, 47, 49], [3]),
    ],
)
def test_breach_streak_needed_for_a_suggestion(
    goals: GoalTree, values: list[int], expected: list[int]
) -> None:
    days = ["2026-10-30", "2026-11-06", "2026-11-13"][-len(values) :]
    measurements = "".join(
        f"      - {{date: {d}, value: {v}}}\n" for d, v in zip(days, values, strict=True)
    )
    goals.write("support/kpis.yaml", BREACHING.split("    measurements:\n")[0])
    with (goals.root / "support/kpis.yaml").open("a", encoding="utf-8") as file:
        file.write("    measurements:\n" + measurements)
    streaks = [
        int(s["reason"].split("for ")[1].split(" measurements")[0])
        for s in of_kind(suggest(goals), "kpi-to-okr")
    ]
    assert streaks == expected


def test_breach_streak_is_configurable(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "kpi: {breach_streak: 3}\n")
    goals.write("support/kpis.yaml", BREACHING)  # 47, 49: a streak of 2 < 3
    assert suggest(goals) == []
    # a third value out of band before them: 46, 47, 49 is a streak of 3
    goals.write(
        "support/kpis.yaml",
        BREACHING.replace(
            "    measurements:\n", "    measurements:\n      - {date: 2026-10-30, value: 46}\n"
        ),
    )
    [suggestion] = suggest(goals)
    assert suggestion["reason"].startswith(
        "support/first-response-time has been outside its band for 3 measurements in a row "
        "(now 49 min)"
    )


LINKED = """
team: support
period: {period}
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed
    key_results:
      - title: Median first-response time down to 40 min
        kpi: support/first-response-time
        target: 40
      - title: Help-centre article for every top-20 ticket reason
        done: false
"""


def test_no_suggestion_when_a_running_objective_links_the_kpi(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", BREACHING)
    # 2026-Q4 runs to 2026-12-31, after the as-of date: the breach is being addressed.
    goals.write("support/2026-Q4.yaml", LINKED.format(period="2026-Q4"))
    assert of_kind(suggest(goals), "kpi-to-okr") == []


def test_an_ended_objective_linking_the_kpi_does_not_count(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", ROSTER)
    goals.write("support/kpis.yaml", BREACHING)
    # 2026-Q3 ended on 2026-09-30: it did not fix the KPI, so a new objective is proposed.
    goals.write("support/2026-Q3.yaml", LINKED.format(period="2026-Q3"))
    [suggestion] = of_kind(suggest(goals), "kpi-to-okr")
    assert suggestion["draft"] == RESTORE_DRAFT
    paste_and_lint(goals.root, suggestion, "support/2027-Q1.yaml")


def test_draft_id_avoids_an_objective_already_planned_next_quarter(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", ROSTER)
    goals.write("support/kpis.yaml", BREACHING)
    # 2027-Q1 already has an objective with the draft's id, about something else.
    goals.write(
        "support/2027-Q1.yaml",
        """
        team: support
        period: 2027-Q1
        owner: lin
        objectives:
          - id: restore-first-response-time
            title: Self-service answers most billing questions
            type: aspirational
            key_results:
              - title: Billing tickets answered by the help centre reach 40%
                start: 10
                target: 40
              - title: Billing article for each top-10 question
                done: false
        """,
    )
    [suggestion] = suggest(goals)
    assert suggestion["draft"]["objectives"][0]["id"] == "restore-first-response-time-2"
    # a second file for the same team and period: ids must not clash (duplicate-id)
    paste_and_lint(goals.root, suggestion, "support/2027-Q1-restore.yaml")


@pytest.mark.parametrize(
    ("fiscal_year_start", "as_of", "period"),
    [
        (1, "2026-11-16", "2027-Q1"),  # calendar 2026-Q4 -> 2027-Q1
        (1, "2026-12-31", "2027-Q1"),  # last day of 2026-Q4
        (1, "2026-09-30", "2026-Q4"),  # last day of 2026-Q3
        # fiscal years start in October and are named after the year they end in:
        # 2026-11-16 is in fiscal 2027-Q1 (Oct-Dec 2026), so the next quarter is 2027-Q2
        (10, "2026-11-16", "2027-Q2"),
        # 2026-09-30 is in fiscal 2026-Q4 (Jul-Sep 2026): next is fiscal 2027-Q1
        (10, "2026-09-30", "2027-Q1"),
    ],
)
def test_draft_period_is_the_quarter_after_the_as_of_date(
    goals: GoalTree, fiscal_year_start: int, as_of: str, period: str
) -> None:
    goals.write("okrctl.yaml", ROSTER + f"fiscal_year_start: {fiscal_year_start}\n")
    goals.write(
        "support/kpis.yaml",
        BREACHING.replace(
            "    measurements:\n",
            "    measurements:\n"
            "      - {date: 2026-09-21, value: 47}\n"
            "      - {date: 2026-09-28, value: 49}\n",
        ),
    )
    [suggestion] = suggest(goals, as_of=as_of)
    assert suggestion["draft"]["period"] == period
    assert suggestion["where"] == f"a new objective for support in {period}"
    paste_and_lint(goals.root, suggestion, f"support/{period}.yaml")


# --- okr-to-kpi and tighten-band ----------------------------------------------------------

SUPPORT_KPIS = """
team: support
kpis:
  - id: escalation-rate
    title: Tickets escalated to engineering
    owner: sam
    unit: "%"
    cadence: monthly
    band: {max: 15}
    warn: {max: 12}
    measurements:
      - {date: 2026-06-30, value: 14}
      - {date: 2026-09-20, value: 10}
      - {date: 2026-10-31, value: 9.5}
  - id: csat
    title: Customer satisfaction
    owner: lin
    unit: /5
    cadence: monthly
    band: {min: 3.8, max: 5}
    measurements:
      - {date: 2026-06-30, value: 4.0}
      - {date: 2026-09-28, value: 4.4}
      - {date: 2026-10-31, value: 4.4}
"""

SUPPORT_Q3 = """
team: support
period: 2026-Q3
owner: lin
objectives:
  - id: tame-escalations
    title: Engineering escalations become rare
    type: committed
    key_results:
      - id: runbook-coverage
        title: Ticket categories with a runbook reach 50
        start: 20
        target: 50
        unit: categories
        checkins:
          - {date: 2026-08-14, value: 35}
          - {date: 2026-09-25, value: 50}
      - id: macro-usage
        title: Tickets answered with a macro reach 60%
        start: 40
        target: 60
        unit: "%"
        current: 58
      - id: escalation-rate
        title: Escalation rate down to 10%
        kpi: support/escalation-rate
        target: 10
  - id: happy-customers
    title: Customers leave happier than they came
    type: aspirational
    key_results:
      - id: handle-time
        title: Median handle time down to 30 minutes
        start: 50
        target: 30
        unit: min
        current: 30
      - id: csat
        title: CSAT reaches 4.3
        kpi: support/csat
        target: 4.3
"""

# By hand, scored at the end of 2026-Q3 (2026-09-30):
# runbook-coverage 20 -> 50, latest check-in 50 on 09-25: 1.0 -> a KPI with min 50.
# macro-usage 40 -> 60 at 58: 18 / 20 = 0.9 -> nothing.
# escalation-rate: start = the KPI on 07-01 = 14 (06-30), value on 09-30 = 10 (09-20), target
#   10: 1.0; decreasing (10 < 14), band max 15 > 10 -> tighten to max 10; warn max 12 > 10
#   would stick out of the new band -> the reason says to delete it.
# handle-time 50 -> 30 at 30: 1.0, decreasing -> a KPI with max 30; `current` has no date,
#   so the measurement is dated at the period's end, 2026-09-30.
# csat: start 4.0 (06-30), value 4.4 (09-28) past the target 4.3: 1.0; increasing,
#   band min 3.8 < 4.3 -> min 4.3, the max 5 kept; no warn band.
RUNBOOK_KPI = {
    "team": "support",
    "kpis": [
        {
            "id": "runbook-coverage",
            "title": "Ticket categories with a runbook reach 50",
            "owner": "lin",  # the file's owner
            "unit": "categories",
            "cadence": "monthly",
            "band": {"min": 50},
            "measurements": [{"date": "2026-09-25", "value": 50}],
        }
    ],
}
HANDLE_TIME_KPI = {
    "team": "support",
    "kpis": [
        {
            "id": "handle-time",
            "title": "Median handle time down to 30 minutes",
            "owner": "lin",
            "unit": "min",
            "cadence": "monthly",
            "band": {"max": 30},
            "measurements": [{"date": "2026-09-30", "value": 30}],
        }
    ],
}
SUPPORT_SUGGESTIONS = [
    {
        "kind": "okr-to-kpi",
        "team": "support",
        "about": "support/2026-Q3/tame-escalations/runbook-coverage",
        "reason": "support/2026-Q3/tame-escalations/runbook-coverage reached its target 50 "
        "categories in 2026-Q3: a KPI with a band defends the new level, so the win does not "
        "drift back to baseline",
        "where": "a new KPI in support's KPI file",
        "draft": RUNBOOK_KPI,
        "yaml": "team: support\n"
        "kpis:\n"
        "  - id: runbook-coverage\n"
        "    title: Ticket categories with a runbook reach 50\n"
        "    owner: lin\n"
        "    unit: categories\n"
        "    cadence: monthly\n"
        "    band: {min: 50}\n"
        "    measurements:\n"
        "      - {date: 2026-09-25, value: 50}\n",
    },
    {
        "kind": "tighten-band",
        "team": "support",
        "about": "support/escalation-rate",
        "reason": "support/2026-Q3/tame-escalations/escalation-rate took "
        "support/escalation-rate to its target 10%: the KPI's band should now defend that "
        "level; delete its warn band, which would no longer lie inside the band",
        "where": "the band of support/escalation-rate in support/kpis.yaml",
        "draft": {"band": {"max": 10}},
        "yaml": "band: {max: 10}\n",
    },
    {
        "kind": "okr-to-kpi",
        "team": "support",
        "about": "support/2026-Q3/happy-customers/handle-time",
        "reason": "support/2026-Q3/happy-customers/handle-time reached its target 30 min in "
        "2026-Q3: a KPI with a band defends the new level, so the win does not drift back to "
        "baseline",
        "where": "a new KPI in support's KPI file",
        "draft": HANDLE_TIME_KPI,
        "yaml": "team: support\n"
        "kpis:\n"
        "  - id: handle-time\n"
        "    title: Median handle time down to 30 minutes\n"
        "    owner: lin\n"
        "    unit: min\n"
        "    cadence: monthly\n"
        "    band: {max: 30}\n"
        "    measurements:\n"
        "      - {date: 2026-09-30, value: 30}\n",
    },
    {
        "kind": "tighten-band",
        "team": "support",
        "about": "support/csat",
        "reason": "support/2026-Q3/happy-customers/csat took support/csat to its target "
        "4.3/5: the KPI's band should now defend that level",
        "where": "the band of support/csat in support/kpis.yaml",
        "draft": {"band": {"min": 4.3, "max": 5}},
        "yaml": "band: {min: 4.3, max: 5}\n",
    },
]


def support_tree(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", ROSTER)
    goals.write("support/kpis.yaml", SUPPORT_KPIS)
    goals.write("support/2026-Q3.yaml", SUPPORT_Q3)


def test_achieved_key_results_become_kpis_or_tighter_bands(goals: GoalTree) -> None:
    support_tree(goals)
    suggestions = suggest(goals)
    assert suggestions == SUPPORT_SUGGESTIONS  # not macro-usage, at 0.9
    for number, suggestion in enumerate(of_kind(suggestions, "okr-to-kpi")):
        paste_and_lint(goals.root, suggestion, f"support/kpis-new-{number}.yaml")


def test_no_kpi_from_a_period_that_has_not_ended(goals: GoalTree) -> None:
    support_tree(goals)
    # 2026-09-29: 2026-Q3 runs one more day, and the team has no ended period.
    assert suggest(goals, as_of="2026-09-29") == []


def test_only_the_most_recently_ended_period_counts(goals: GoalTree) -> None:
    support_tree(goals)
    goals.write(
        "support/2026-Q2.yaml",
        """
        team: support
        period: 2026-Q2
        owner: sam
        objectives:
          - id: refunds-fast
            title: Refunds stop being a reason to churn
            type: committed
            key_results:
              - id: same-day-refunds
                title: Refund requests answered the same day reach 90%
                start: 60
                target: 90
                unit: "%"
                current: 95
              - title: Refund policy page published in the help centre
                done: true
        """,
    )
    # As of 2026-11-16 support's latest ended period is 2026-Q3: Q2's KR (95 >= 90, 1.0) is
    # not proposed, the Q3 suggestions are unchanged.
    assert suggest(goals) == SUPPORT_SUGGESTIONS
    # As of 2026-08-15, Q3 is running and Q2 (ended 06-30) is the latest ended period.
    [suggestion] = suggest(goals, as_of="2026-08-15")
    assert (suggestion["kind"], suggestion["about"]) == (
        "okr-to-kpi",
        "support/2026-Q2/refunds-fast/same-day-refunds",
    )
    assert suggestion["draft"] == {
        "team": "support",
        "kpis": [
            {
                "id": "same-day-refunds",
                "title": "Refund requests answered the same day reach 90%",
                "owner": "sam",
                "unit": "%",
                "cadence": "monthly",
                "band": {"min": 90},  # 60 -> 90 is increasing
                "measurements": [{"date": "2026-06-30", "value": 95}],  # Q2's last day
            }
        ],
    }
    paste_and_lint(goals.root, suggestion, "support/kpis-refunds.yaml")


# --- hold-as-kpi ------------------------------------------------------------------------

PLATFORM_KPIS = """
team: platform
kpis:
  - id: automated-evidence
    title: Controls with automated evidence
    owner: omar
    cadence: monthly
    band: {min: 30}
    measurements:
      - {date: 2026-11-01, value: 40}
"""

PLATFORM_Q3 = """
team: platform
period: 2026-Q3
owner: omar
objectives:
  - id: audit-ready
    title: We pass the SOC 2 audit without heroics
    type: committed
    key_results:
      - id: automated-evidence
        title: Controls with automated evidence collection from 30 to 72
        start: 30
        target: 72
        unit: controls
        current: 80
      - title: Rollbacks down to 2 per month
        start: 6
        target: 2
        current: 2
"""

PLATFORM_Q4 = """
team: platform
period: 2026-Q4
owner: jonas
objectives:
  - id: reliable-api
    title: Customers can count on the API
    type: committed
    key_results:
      - id: uptime
        title: API uptime at 99.9%
        start: 99.95
        target: 99.9
        direction: increase
        unit: "%"
        current: 99.97
      - title: p95 latency under 300 ms
        start: 400
        target: 300
        unit: ms
        checkins:
          - {date: 2026-11-02, value: 350}
  - id: audit-ready
    title: We pass the SOC 2 audit without heroics
    type: committed
    key_results:
      - id: evidence
        title: Evidence collected automatically for 90 controls
        start: 72
        target: 90
        unit: controls
        checkins:
          - {date: 2026-11-05, value: 80}
      - title: Auditor sign-off received
        done: false
"""

# By hand:
# Q3 (ended): automated-evidence 30 -> 72 at 80: 1.0 -> a KPI; the id automated-evidence is
#   taken by an existing KPI, so automated-evidence-2. "Rollbacks down to 2 per month" has no
#   id: it is key result 2, its KPI id is its title as a slug; 6 -> 2 at 2: 1.0, band max 2.
#   Both `current`: dated at Q3's last day.
# Q4: uptime starts at 99.95, already above its target 99.9 (direction increase) -> a KPI with
#   min 99.9, measured 99.97 dated at the as-of date (`current` has no date).
#   audit-ready repeats Q3's id -> its numeric KR evidence (72 -> 90, 80 on 11-05) becomes a
#   KPI with min 90; the binary sign-off has no number to hold.
PLATFORM_SUGGESTIONS = [
    (
        "okr-to-kpi",
        "platform/2026-Q3/audit-ready/automated-evidence",
        {
            "id": "automated-evidence-2",
            "title": "Controls with automated evidence collection from 30 to 72",
            "owner": "omar",
            "unit": "controls",
            "cadence": "monthly",
            "band": {"min": 72},
            "measurements": [{"date": "2026-09-30", "value": 80}],
        },
    ),
    (
        "okr-to-kpi",
        "platform/2026-Q3/audit-ready/2",
        {
            "id": "rollbacks-down-to-2-per-month",
            "title": "Rollbacks down to 2 per month",
            "owner": "omar",
            "cadence": "monthly",
            "band": {"max": 2},
            "measurements": [{"date": "2026-09-30", "value": 2}],
        },
    ),
    (
        "hold-as-kpi",
        "platform/2026-Q4/reliable-api/uptime",
        {
            "id": "uptime",
            "title": "API uptime at 99.9%",
            "owner": "jonas",
            "unit": "%",
            "cadence": "monthly",
            "band": {"min": 99.9},
            "measurements": [{"date": "2026-11-16", "value": 99.97}],
        },
    ),
    (
        "hold-as-kpi",
        "platform/2026-Q4/audit-ready",
        {
            "id": "evidence",
            "title": "Evidence collected automatically for 90 controls",
            "owner": "jonas",
            "unit": "controls",
            "cadence": "monthly",
            "band": {"min": 90},
            "measurements": [{"date": "2026-11-05", "value": 80}],
        },
    ),
]


def platform_tree(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "people: [omar, jonas]\n")
    goals.write("platform/kpis.yaml", PLATFORM_KPIS)
    goals.write("platform/2026-Q3.yaml", PLATFORM_Q3)
    goals.write("platform/2026-Q4.yaml", PLATFORM_Q4)


def test_levels_to_hold_become_kpis(goals: GoalTree) -> None:
    platform_tree(goals)
    suggestions = suggest(goals)
    assert [
        (s["kind"], s["about"], s["draft"]["kpis"][0]) for s in suggestions
    ] == PLATFORM_SUGGESTIONS
    assert [(s["team"], list(s["draft"]), len(s["draft"]["kpis"])) for s in suggestions] == [
        ("platform", ["team", "kpis"], 1)
    ] * 4
    hold, recurring = of_kind(suggestions, "hold-as-kpi")
    assert hold["reason"] == (
        "start 99.95 already meets target 99.9 (increase): a standard to hold is a KPI, not an OKR"
    )
    assert recurring["reason"] == (
        "platform/2026-Q4/audit-ready repeats platform/2026-Q3/audit-ready from the previous "
        "period: an OKR kept period after period is a KPI; hold its metrics with bands instead"
    )
    assert recurring["where"] == "new KPIs in platform's KPI file"


def test_hold_and_okr_to_kpi_drafts_lint_clean(goals: GoalTree) -> None:
    platform_tree(goals)
    suggestions = suggest(goals)
    assert len(suggestions) == 4
    for number, suggestion in enumerate(suggestions):
        paste_and_lint(goals.root, suggestion, f"platform/kpis-new-{number}.yaml")


# --- exit codes and formats -------------------------------------------------------------


def test_exit_0_with_and_without_suggestions(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", BREACHING)
    result = okrctl("suggest", "--as-of", AS_OF, cwd=goals.root)
    assert result.returncode == 0
    assert result.stdout.startswith(
        "1 suggestion as of 2026-11-16:\n\n"  # issue 15: not "1 suggestions"
        "1. KPI out of band -> next period's objective: support/first-response-time\n"
    )
    # the draft, indented by four, ready to paste
    assert "\n    team: support\n    period: 2027-Q1\n" in result.stdout
    # as of 2026-11-10 only 47 (11-06) is known: a streak of 1, no suggestion
    result = okrctl("suggest", "--as-of", "2026-11-10", cwd=goals.root)
    assert (result.returncode, result.stdout) == (0, "No suggestions as of 2026-11-10.\n")
    result = okrctl("suggest", "--as-of", "2026-11-10", "--format", "json", cwd=goals.root)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"as_of": "2026-11-10", "suggestions": [], "skipped": []}


def test_a_tree_with_a_lint_error_exits_2(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", BREACHING.replace("    owner: sam\n", ""))
    result = okrctl("suggest", "--as-of", AS_OF, "--format", "json", cwd=goals.root)
    assert (result.returncode, result.stdout) == (2, "")
    assert "missing-field" in result.stderr


def test_json_suggestion_fields(goals: GoalTree) -> None:
    support_tree(goals)
    for suggestion in suggest(goals):
        assert list(suggestion) == ["kind", "team", "about", "reason", "where", "draft", "yaml"]


def to_plain(data: Any) -> Any:
    """YAML-loaded data with dates as ISO text, to compare with the JSON drafts."""
    if isinstance(data, dict):
        return {k: to_plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [to_plain(v) for v in data]
    return data.isoformat() if isinstance(data, date) else data


def test_yaml_format_is_a_multi_document_stream(goals: GoalTree) -> None:
    support_tree(goals)
    goals.write("support/kpis-frt.yaml", BREACHING)
    result = okrctl("suggest", "--as-of", AS_OF, "--format", "yaml", cwd=goals.root)
    assert result.returncode == 0
    documents = list(YAML(typ="safe").load_all(StringIO(result.stdout)))
    # the restore objective first, then the Q3 suggestions in key-result order
    assert [to_plain(d) for d in documents] == [RESTORE_DRAFT] + [
        s["draft"] for s in SUPPORT_SUGGESTIONS
    ]
    # dates are YAML dates, not text
    assert documents[1]["kpis"][0]["measurements"][0]["date"] == date(2026, 9, 25)
    # each document opens with its reason as a comment
    assert result.stdout.startswith(
        "---\n# kpi-to-okr (support/first-response-time): support/first-response-time has been"
    )
    assert result.stdout.count("\n---\n") == 4
    assert "# Goes into: the band of support/csat in support/kpis.yaml.\n" in result.stdout


def test_yaml_format_without_suggestions(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", BREACHING)
    result = okrctl("suggest", "--as-of", "2026-11-10", "--format", "yaml", cwd=goals.root)
    assert (result.returncode, result.stdout) == (0, "# No suggestions as of 2026-11-10.\n")


# --- the examples -------------------------------------------------------------------------


def test_examples_drafts_lint_clean(tmp_path: Path) -> None:
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    suggestions = suggest(root, as_of="2026-11-22")
    # From the example files: support/first-response-time was 49 then 52 against max 45 with
    # no Q4 key result on it; in 2026-Q3 (the latest ended period of every team)
    # growth/activation-rate and support/escalation-rate reached their KPI-linked targets, and
    # setup-steps (5 of 11 -> 5), automated-evidence (72 of 72), access-reviews (100 of 100)
    # and runbook-coverage (50 of 50) their numeric ones; automated-evidence graduated already
    # (platform/automated-evidence names it as its `from_kr`), so it is not suggested again.
    assert [(s["kind"], s["about"]) for s in suggestions] == [
        ("kpi-to-okr", "support/first-response-time"),
        ("tighten-band", "growth/activation-rate"),
        ("okr-to-kpi", "growth/2026-Q3/first-report-fast/setup-steps"),
        ("okr-to-kpi", "platform/2026-Q3/audit-ready/access-reviews"),
        ("tighten-band", "support/escalation-rate"),
        ("okr-to-kpi", "support/2026-Q3/tame-escalations/runbook-coverage"),
    ]
    drafts = [s for s in suggestions if "team" in s["draft"]]
    assert len(drafts) == 4
    for number, suggestion in enumerate(drafts):
        paste_and_lint(root, suggestion, f"{suggestion['team']}/suggested-{number}.yaml")
    # and all of them at once: their ids were chosen not to clash with each other
    for number, suggestion in enumerate(drafts):
        path = root / suggestion["team"] / f"suggested-{number}.yaml"
        path.write_text(suggestion["yaml"], encoding="utf-8")
    code, findings = lint_findings(root)
    assert (code, findings) == (0, [])


# --- issue 15: only levels worth holding graduate; a stale breach says it is stale ----------

ONE_OFFS_Q3 = """
team: community
period: 2026-Q3
owner: lin
objectives:
  - id: research-loop
    title: Product decisions rest on what users tell us
    type: aspirational
    key_results:
      - id: user-tests
        title: Run 3 user tests
        start: 0
        target: 3
        current: 3
      - id: camp
        title: Workshop for the camp
        start: 0
        target: 1
        current: 1
      - id: mqls
        title: Deliver 400 MQLs to sales (a 28% increase)
        start: 312
        target: 400
        current: 410
"""


def test_one_off_key_results_do_not_graduate_to_kpis(goals: GoalTree) -> None:
    # All three reached their targets in 2026-Q3 (score 1.0). Running three user tests and one
    # workshop are one-offs, not levels a KPI should defend: only the MQLs graduate.
    goals.write("okrctl.yaml", ROSTER)
    goals.write("community/2026-Q3.yaml", ONE_OFFS_Q3)
    suggestions = suggest(goals)
    assert [(s["kind"], s["about"]) for s in suggestions] == [
        ("okr-to-kpi", "community/2026-Q3/research-loop/mqls")
    ]
    assert suggestions[0]["draft"]["kpis"][0]["band"] == {"min": 400}
    paste_and_lint(goals.root, suggestions[0], "community/kpis.yaml")


def test_a_recurring_objective_drafts_no_kpi_for_its_one_offs(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", ROSTER)
    goals.write("community/2026-Q3.yaml", ONE_OFFS_Q3)
    goals.write(
        "community/2026-Q4.yaml",
        ONE_OFFS_Q3.replace("2026-Q3", "2026-Q4").replace("current: 410", "current: 380"),
    )
    # As of 2026-11-16 the Q4 objective repeats Q3's: of its key results only the MQLs set a
    # level to hold (Q3's graduation is drafted too, under another id).
    [graduated, recurring] = suggest(goals)
    assert (graduated["kind"], graduated["about"]) == (
        "okr-to-kpi",
        "community/2026-Q3/research-loop/mqls",
    )
    assert (recurring["kind"], recurring["about"]) == (
        "hold-as-kpi",
        "community/2026-Q4/research-loop",
    )
    assert [kpi["title"] for kpi in recurring["draft"]["kpis"]] == [
        "Deliver 400 MQLs to sales (a 28% increase)"
    ]


def test_a_stale_breach_says_it_is_stale(goals: GoalTree) -> None:
    # Weekly, stale after 1.5 weeks (10.5 days): the last of the two breaching measurements,
    # 2026-09-25, is 52 days before the as-of date 2026-11-16.
    goals.write("okrctl.yaml", ROSTER)
    goals.write(
        "support/kpis.yaml",
        BREACHING.replace("2026-11-06", "2026-09-18").replace("2026-11-13", "2026-09-25"),
    )
    [suggestion] = suggest(goals)
    assert suggestion["kind"] == "kpi-to-okr"
    assert suggestion["reason"] == (
        "support/first-response-time was outside its band for 2 measurements in a row, but its "
        "last measurement (49 min on 2026-09-25, 52 days ago) is stale: measure it again "
        "before committing to this objective; if the breach holds, next period's objective is "
        "the focused response"
    )
    assert suggestion["draft"] == RESTORE_DRAFT
    result = okrctl("suggest", "--as-of", AS_OF, cwd=goals.root)
    assert "is stale: measure it again" in " ".join(result.stdout.split())


HOLDING_OBJECTIVE = """
team: people
period: 2026-Q4
owner: lin
objectives:
  - id: hiring-plans
    title: Maintain realistic hiring plans
    type: committed
    key_results:
      - id: budgeted-roles
        title: Open roles with a signed-off budget reach 95%
        start: 80
        target: 95
        unit: "%"
        current: 90
      - title: Hiring plans reviewed by finance every month
        done: false
"""


def test_an_objective_that_holds_a_level_drafts_kpis_for_its_metrics(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", ROSTER)
    goals.write("people/2026-Q4.yaml", HOLDING_OBJECTIVE)
    [suggestion] = suggest(goals)
    assert (suggestion["kind"], suggestion["about"]) == (
        "hold-as-kpi",
        "people/2026-Q4/hiring-plans",
    )
    assert suggestion["reason"] == (
        "people/2026-Q4/hiring-plans says `maintain`: an objective that holds a level is a KPI "
        "already; hold its metrics with bands instead"
    )
    assert suggestion["draft"] == {
        "team": "people",
        "kpis": [
            {
                "id": "budgeted-roles",
                "title": "Open roles with a signed-off budget reach 95%",
                "owner": "lin",
                "unit": "%",
                "cadence": "monthly",
                "band": {"min": 95},
                "measurements": [{"date": "2026-11-16", "value": 90}],
            }
        ],
    }
    paste_and_lint(goals.root, suggestion, "people/kpis.yaml")

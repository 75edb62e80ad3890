"""okrctl.compute.review: the cadence rule, what needs attention, the summary and the review-time
lint warnings, computed directly.

2026-Q3 runs from 2026-07-01 to 2026-09-30 and 2026-Q4 from 2026-10-01 to 2026-12-31 (92
days). On 2026-11-16 (weekly: Q3 ended 47 days before) e = 46 / 92 = 0.5.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrctl.compute.review import choose_cadence, last_ended_quarter
from okrctl.compute.scoring import AsOf
from okrctl.model.period import Period
from okrctl.model.tree import GoalTree
from tests.compute.trees import goal_file, load, review_of

WEEKLY = AsOf(date(2026, 11, 16))
Q3 = Period("2026-Q3", date(2026, 7, 1), date(2026, 9, 30))


@pytest.mark.parametrize(
    ("day", "ended"),
    [
        (date(2026, 9, 29), "2026-Q2"),  # Q3 not over yet
        (date(2026, 9, 30), "2026-Q3"),  # its last day counts
        (date(2026, 11, 29), "2026-Q3"),
        (date(2027, 1, 1), "2026-Q4"),
    ],
)
def test_the_quarter_that_ended_last(day: date, ended: str) -> None:
    assert last_ended_quarter(day).label == ended


@pytest.mark.parametrize(
    ("day", "cadence"),
    [
        (date(2026, 9, 29), "weekly"),  # Q3 not over
        (date(2026, 9, 30), "quarterly"),  # Q3's last day: 0 days after
        (date(2026, 10, 14), "quarterly"),  # 14 days after
        (date(2026, 10, 15), "weekly"),  # 15 days after
    ],
)
def test_the_cadence_rule(day: date, cadence: str) -> None:
    assert choose_cadence(None, AsOf(day), period_named=False) == cadence
    # a named period or end-of-period is always quarterly; asked for, the cadence asked
    assert choose_cadence(None, AsOf(day), period_named=True) == "quarterly"
    assert choose_cadence(None, AsOf(day, end_of_period=True), period_named=False) == "quarterly"
    assert choose_cadence("weekly", AsOf(day), period_named=True) == "weekly"


KPIS = """
team: support
kpis:
  - id: frt
    title: Median first-response time
    owner: lin
    unit: min
    cadence: weekly
    band: {max: 45}
    measurements:
      - {date: 2026-11-02, value: 40}
      - {date: 2026-11-09, value: 49}
      - {date: 2026-11-16, value: 52}
  - id: churn
    title: Monthly churn
    owner: lin
    unit: "%"
    cadence: monthly
    band: {max: 3}
    warn: {max: 2.5}
    measurements:
      - {date: 2026-10-31, value: 2.7}
  - id: nps
    title: NPS
    owner: lin
    cadence: weekly
    band: {min: 30}
    measurements:
      - {date: 2026-10-19, value: 35}
  - id: uptime
    title: Uptime
    owner: lin
    unit: "%"
    cadence: weekly
    band: {min: 99.5}
    measurements:
      - {date: 2026-11-16, value: 99.9}
"""

Q4 = """
- id: committed-behind
  title: Enterprise customers onboard in a week
  type: committed
  key_results:
    - {title: Onboarding time down from 30 to 10 days, start: 30, target: 10, current: 25}
- id: committed-at-risk
  title: Every ticket triaged within the hour
  type: committed
  key_results:
    - {title: Untriaged tickets down from 40 to 0, start: 40, target: 0, current: 26}
- id: aspirational-behind
  title: Customers solve simple problems themselves
  type: aspirational
  key_results:
    - {title: Self-serve share up from 0 to 100, start: 0, target: 100, current: 5}
- id: fine
  title: Customers get answers while they still care
  type: committed
  key_results:
    - {title: CSAT up from 4.0 to 4.5, start: 4.0, target: 4.5, current: 4.3}
"""


def weekly_tree(root: Path) -> GoalTree:
    return load(root, {"kpis.yaml": KPIS, "2026-Q4.yaml": goal_file("support", "2026-Q4", Q4)})


def test_weekly_summary_and_the_three_things_that_need_attention(tmp_path: Path) -> None:
    review = review_of(weekly_tree(tmp_path), WEEKLY)
    assert (review.cadence, review.as_of, review.period) == ("weekly", date(2026, 11, 16), None)
    # Objectives, e = 0.5 (committed expected 0.5, on track from 0.4, at risk from 0.25;
    # aspirational expected 0.35, on track from 0.25, at risk from 0.1):
    #   committed-behind (25 - 30) / (10 - 30) = 0.25: at risk (from 0.25)
    #   committed-at-risk (26 - 40) / (0 - 40) = 0.35: at risk
    #   aspirational-behind 5 / 100 = 0.05: off track (below 0.1)
    #   fine (4.3 - 4.0) / 0.5 = 0.6: on track
    scores = {o.id: (o.score, o.status) for o in review.scores.objectives}
    assert scores == {
        "committed-behind": (0.25, "at-risk"),
        "committed-at-risk": (0.35, "at-risk"),
        "aspirational-behind": (0.05, "off-track"),
        "fine": (0.6, "on-track"),
    }
    # KPIs: frt 52 and 49 above 45, a breach streak of 2; churn 2.7 past its warn line (2.5);
    # nps last measured 28 days before (stale after 10.5); uptime fine.
    summary = review.summary
    counts = (summary.objectives, summary.on_track, summary.at_risk, summary.off_track)
    assert counts == (4, 1, 2, 1)
    kpi_counts = (summary.kpis, summary.in_breach, summary.in_warn, summary.stale)
    assert kpi_counts == (4, 1, 1, 1)
    # Ranked: a breach, then committed off-track (none), then a KPI in warn, then an
    # aspirational objective off track; the stale KPI and the at-risk objectives come later.
    assert [(a.kind, a.ref) for a in summary.attention] == [
        ("kpi-breach", "support/frt"),
        ("kpi-warn", "support/churn"),
        ("objective-off-track", "support/2026-Q4/aspirational-behind"),
    ]
    assert summary.attention[0].reason == (
        "52 min, outside its band (at most 45 min) for 2 measurements in a row"
    )
    assert summary.attention[2].reason == (
        "aspirational objective scored 0.05 with 50% of 2026-Q4 gone"
    )
    # Weekly: worst first, lowest score first within a status.
    (team,) = review.teams
    assert [o.id for o in team.objectives] == [
        "aspirational-behind",
        "committed-behind",
        "committed-at-risk",
        "fine",
    ]
    # KPIs worst first: the breach, the warn, the stale one, then the rest.
    assert [k.status.id for k in team.kpis] == ["frt", "churn", "nps", "uptime"]
    assert [p.state for p in team.kpis[0].points] == ["ok", "breach", "breach"]
    assert review.suggestions.suggestions == ()  # suggestions are for the quarterly review


def test_stale_and_at_risk_come_last(tmp_path: Path) -> None:
    # Without the breach, the warn and the off-track objective, the stale KPI comes first,
    # then the committed objectives at risk, lowest score first.
    tree = load(
        tmp_path,
        {
            "kpis.yaml": KPIS.split("  - id: churn")[0]
            .replace("value: 49", "value: 40")
            .replace("value: 52", "value: 41")
            + KPIS[KPIS.index("  - id: nps") :],
            "2026-Q4.yaml": goal_file("support", "2026-Q4", Q4.split("- id: aspirational")[0]),
        },
    )
    attention = review_of(tree, WEEKLY).summary.attention
    assert [(a.kind, a.ref) for a in attention] == [
        ("kpi-stale", "support/nps"),
        ("objective-at-risk", "support/2026-Q4/committed-behind"),
        ("objective-at-risk", "support/2026-Q4/committed-at-risk"),
    ]
    assert attention[0].reason == "last measured 28 days ago, though it is measured weekly"


def test_quarterly_reviews_the_quarter_just_ended_at_its_last_day(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "2026-Q3.yaml": goal_file(
                "support",
                "2026-Q3",
                """
                - id: triage
                  title: Every ticket triaged within the hour
                  type: committed
                  key_results:
                    - id: untriaged
                      title: Untriaged tickets down from 40 to 5
                      start: 40
                      target: 5
                      checkins:
                        - {date: 2026-09-30, value: 5}
                        - {date: 2026-10-03, value: 9}
                """,
            ),
            "2026-Q4.yaml": goal_file("support", "2026-Q4", Q4),
        },
    )
    review = review_of(tree, AsOf(date(2026, 10, 5)))
    # 2026-10-05 is 5 days after Q3 ended: quarterly, Q3 as of its last day. The check-in of
    # 10-03 is after it: (5 - 40) / (5 - 40) = 1.0, met. Q4's objectives are not reviewed.
    assert (review.cadence, review.period, review.as_of) == ("quarterly", Q3, date(2026, 9, 30))
    assert [(o.ref, o.score, o.status) for o in review.scores.objectives] == [
        ("support/2026-Q3/triage", 1.0, "met")
    ]
    # A numeric key result that reached its target in the ended quarter: a KPI is suggested;
    # and Q4's committed-at-risk repeats Q3's objective (the same title): a KPI already.
    assert [(s.kind, s.about) for s in review.suggestions.suggestions] == [
        ("okr-to-kpi", "support/2026-Q3/triage/untriaged"),
        ("hold-as-kpi", "support/2026-Q4/committed-at-risk"),
    ]


NO_OWNER = """
- id: unowned
  title: Customers get answers while they still care
  type: committed
  key_results:
    - {title: CSAT up from 4.0 to 4.5, start: 4.0, target: 4.5, current: 4.3}
    - {title: Replies in 25 minutes, start: 52, target: 25, current: 40}
"""


@pytest.mark.parametrize(
    ("config", "listed"),
    [
        ("", ["missing-owner"]),
        # demoted to info: not a warning, not listed
        ("lint:\n  rules:\n    missing-owner: {severity: info}\n", []),
        # ignored: not listed
        ("lint:\n  ignore: [missing-owner]\n", []),
        # raised to error: listed (a review warning is anything from warning up)
        ("lint:\n  rules:\n    missing-owner: {severity: error}\n", ["missing-owner"]),
    ],
    ids=["default", "demoted-to-info", "ignored", "raised-to-error"],
)
def test_review_warnings_follow_the_configured_severity(
    tmp_path: Path, config: str, listed: list[str]
) -> None:
    files = {"2026-Q4.yaml": goal_file("support", "2026-Q4", NO_OWNER, owner=None)}
    if config:
        files["okrctl.yaml"] = config
    review = review_of(load(tmp_path, files), WEEKLY)
    assert [f.rule for f in review.warnings] == listed
    assert [f.rule for team in review.teams for f in team.warnings] == listed


def test_review_warnings_only_for_the_periods_reviewed(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "2026-Q3.yaml": goal_file("support", "2026-Q3", NO_OWNER, owner=None),
            "2026-Q4.yaml": goal_file("support", "2026-Q4", NO_OWNER, owner=None),
        },
    )
    weekly = review_of(tree, WEEKLY)
    assert [(f.path.rsplit("/", 1)[-1], f.rule) for f in weekly.warnings] == [
        ("2026-Q4.yaml", "missing-owner")
    ]
    quarterly = review_of(tree, AsOf(date(2026, 10, 5)))
    assert [(f.path.rsplit("/", 1)[-1], f.rule) for f in quarterly.warnings] == [
        ("2026-Q3.yaml", "missing-owner")
    ]

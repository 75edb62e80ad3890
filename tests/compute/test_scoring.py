"""okrctl.compute.scoring: progress, scores, grades, verdicts, pace and forecasts, by hand.

2026-Q4 runs from 2026-10-01 to 2026-12-31: 92 days. On 2026-11-16, 46 days have gone by, so
the elapsed share e is 46 / 92 = 0.5. Defaults: yellow from 0.4, green from 0.7; a committed
objective is expected at e, an aspirational one at 0.7 x e; on-track down to 0.1 below that,
at-risk down to 0.25 below.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrctl.compute.asof import parse_as_of
from okrctl.compute.scoring import (
    AsOf,
    KeyResultScore,
    ObjectiveScore,
    ScoreReport,
    grade,
    linear_forecast,
    pace,
    score_tree,
    verdict,
)
from okrctl.model.config import ScoringSettings
from okrctl.model.tree import GoalTree
from tests.compute.trees import goal_file, load

HALF_TIME = date(2026, 11, 16)  # e = 46 / 92 = 0.5
DEFAULTS = ScoringSettings()


def scored(tree: GoalTree, day: date = HALF_TIME) -> ScoreReport:
    return score_tree(tree, AsOf(day), explicit_date=True)


def objective(report: ScoreReport, ident: str) -> ObjectiveScore:
    (found,) = [o for o in report.objectives if o.id == ident]
    return found


def key_results(report: ScoreReport, ident: str) -> dict[str, KeyResultScore]:
    return {kr.id or kr.title: kr for kr in objective(report, ident).key_results}


def test_numeric_progress_up_down_and_clamped(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "support.yaml": goal_file(
                "support",
                "2026-Q4",
                """
                - id: o
                  title: Customers get answers while they still care
                  type: committed
                  key_results:
                    - {id: up, title: Reach 1000, start: 200, target: 1000, current: 600}
                    - {id: down, title: Replies in 25 min, start: 52, target: 25, current: 36}
                    - {id: over, title: Reach 1000 too, start: 200, target: 1000, current: 1200}
                    - {id: under, title: Reach 1000 again, start: 200, target: 1000, current: 100}
                """,
            )
        },
    )
    krs = key_results(scored(tree), "o")
    # up: (600 - 200) / (1000 - 200) = 400 / 800 = 0.5
    assert (krs["up"].progress, krs["up"].score) == (0.5, 0.5)
    # down: (36 - 52) / (25 - 52) = -16 / -27 = 0.5926 -> 0.593
    assert (krs["down"].progress, krs["down"].score) == (0.593, 0.593)
    # over: (1200 - 200) / 800 = 1.25, the score clamped to 1.0
    assert (krs["over"].progress, krs["over"].score) == (1.25, 1.0)
    # under: (100 - 200) / 800 = -0.125, the score clamped to 0.0
    assert (krs["under"].progress, krs["under"].score) == (-0.125, 0.0)
    # the objective: (0.5 + 0.593 + 1.0 + 0.0) / 4 = 2.093 / 4 = 0.52325 -> 0.523
    assert objective(scored(tree), "o").score == 0.523


def test_weights_and_the_team_mean(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "support.yaml": goal_file(
                "support",
                "2026-Q4",
                """
                - id: weighted
                  title: Customers get answers while they still care
                  type: committed
                  key_results:
                    - {id: a, title: Reach 100, start: 0, target: 100, current: 50, weight: 3}
                    - {id: b, title: Reach 10, start: 0, target: 10, current: 9}
                - id: plain
                  title: Fewer tickets reach a second line
                  type: committed
                  key_results:
                    - {id: c, title: Reach 100 here, start: 0, target: 100, current: 20}
                """,
            )
        },
    )
    report = scored(tree)
    # weighted: (3 x 0.5 + 1 x 0.9) / (3 + 1) = 2.4 / 4 = 0.6
    assert objective(report, "weighted").score == 0.6
    assert objective(report, "plain").score == 0.2
    # the team's score: the plain mean of its objectives, (0.6 + 0.2) / 2 = 0.4 (yellow)
    (team,) = report.teams
    assert (team.team, team.period, team.score, team.grade) == ("support", "2026-Q4", 0.4, "yellow")


def test_the_latest_check_in_on_or_before_the_as_of_date_counts(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "support.yaml": goal_file(
                "support",
                "2026-Q4",
                """
                - id: o
                  title: Customers get answers while they still care
                  type: committed
                  key_results:
                    - id: fr
                      title: Median first response down from 52 to 25 minutes
                      start: 52
                      target: 25
                      checkins:
                        - {date: 2026-10-15, value: 44, confidence: 0.7}
                        - {date: 2026-11-12, value: 36, note: Triage rota live}
                        - {date: 2026-11-20, value: 30, confidence: 0.5}
                    - id: none-yet
                      title: Backlog down from 80 to 20
                      start: 80
                      target: 20
                      checkins:
                        - {date: 2026-11-30, value: 50}
                """,
            )
        },
    )
    krs = key_results(scored(tree), "o")
    fr = krs["fr"]
    # 2026-11-20 is after the as-of date: the 2026-11-12 check-in (36) counts,
    # (36 - 52) / (25 - 52) = 0.593; its confidence is the latest one stated (0.7, 10-15).
    assert (fr.current, fr.last_checkin, fr.note, fr.score) == (
        36,
        date(2026, 11, 12),
        "Triage rota live",
        0.593,
    )
    assert fr.confidence == 0.7
    # Its only check-in is after the as-of date: no data, scored 0.
    assert (krs["none-yet"].no_data, krs["none-yet"].current, krs["none-yet"].score) == (
        True,
        None,
        0.0,
    )
    # On 2026-11-20 the third check-in counts: (30 - 52) / (25 - 52) = 22 / 27 = 0.815.
    later = key_results(scored(tree, date(2026, 11, 20)), "o")["fr"]
    assert (later.current, later.score, later.confidence) == (30, 0.815, 0.5)


def test_milestones_and_kpi_linked_key_results(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "support.yaml": goal_file(
                "support",
                "2026-Q4",
                """
                - id: o
                  title: Customers get answers while they still care
                  type: committed
                  key_results:
                    - {id: done, title: Help centre live, done: true}
                    - id: later
                      title: Macros for the top ten questions
                      checkins:
                        - {date: 2026-10-20, value: false}
                        - {date: 2026-11-20, value: true}
                    - {id: csat, title: CSAT up to 4.6, kpi: support/csat, target: 4.6}
                """,
            ),
            "kpis.yaml": """
                team: support
                kpis:
                  - id: csat
                    title: Customer satisfaction
                    owner: lin
                    unit: /5
                    cadence: monthly
                    band: {min: 4.2}
                    measurements:
                      - {date: 2026-09-30, value: 4.3}
                      - {date: 2026-10-31, value: 4.1}
                      - {date: 2026-11-15, value: 4.45}
                """,
        },
    )
    report = scored(tree)
    krs = key_results(report, "o")
    assert (krs["done"].current, krs["done"].score) == (True, 1.0)
    # Done only on 2026-11-20, after the as-of date: not done yet.
    assert (krs["later"].current, krs["later"].score) == (False, 0.0)
    # The KPI-linked key result starts at the KPI's value on the period's first day (4.3, of
    # 2026-09-30) and is at its latest value: (4.45 - 4.3) / (4.6 - 4.3) = 0.15 / 0.3 = 0.5.
    csat = krs["csat"]
    assert (csat.start, csat.current, csat.unit, csat.score) == (4.3, 4.45, "/5", 0.5)
    # The objective: (1.0 + 0.0 + 0.5) / 3 = 0.5, committed at e = 0.5: on track.
    assert (objective(report, "o").score, objective(report, "o").status) == (0.5, "on-track")


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.0, "red"),
        (0.399, "red"),
        (0.4, "yellow"),
        (0.699, "yellow"),
        (0.7, "green"),
        (1, "green"),
    ],
)
def test_grades_change_at_0_4_and_0_7(score: float, expected: str) -> None:
    assert grade(score, DEFAULTS) == expected


@pytest.mark.parametrize(
    ("current", "committed", "status"),
    [
        # committed: expected e = 0.5; on track from 0.5 - 0.1 = 0.4, at risk from 0.25
        (400, True, "on-track"),
        (399, True, "at-risk"),
        (250, True, "at-risk"),
        (249, True, "off-track"),
        # aspirational: expected 0.7 x 0.5 = 0.35; on track from 0.25, at risk from 0.1
        (250, False, "on-track"),
        (249, False, "at-risk"),
        (100, False, "at-risk"),
        (99, False, "off-track"),
    ],
)
def test_pace_at_half_time(tmp_path: Path, current: int, committed: bool, status: str) -> None:
    kind = "committed" if committed else "aspirational"
    tree = load(
        tmp_path,
        {
            "support.yaml": goal_file(
                "support",
                "2026-Q4",
                f"""
                - id: o
                  title: Customers get answers while they still care
                  type: {kind}
                  key_results:
                    - {{title: Reach 1000, start: 0, target: 1000, current: {current}}}
                """,
            )
        },
    )
    found = objective(scored(tree), "o")
    assert (found.elapsed, found.ended, found.score) == (0.5, False, current / 1000)
    assert found.status == status
    assert found.key_results[0].status == status
    assert pace(current / 1000, 0.5, committed, DEFAULTS) == status


def test_verdicts_once_the_period_has_ended(tmp_path: Path) -> None:
    objectives = "".join(
        f"""
        - id: {ident}
          title: Objective {ident} of the quarter
          type: {kind}
          key_results:
            - {{title: Reach 100 for {ident}, start: 0, target: 100, current: {current}}}
        """
        for ident, kind, current in (
            ("committed-met", "committed", 100),
            ("committed-missed", "committed", 99),
            ("aspirational-success", "aspirational", 70),
            ("aspirational-missed", "aspirational", 69),
            ("aspirational-too-easy", "aspirational", 100),
        )
    )
    tree = load(tmp_path, {"support.yaml": goal_file("support", "2026-Q4", objectives)})
    report = scored(tree, date(2027, 1, 10))
    rows = {o.id: (o.score, o.ended, o.elapsed, o.status) for o in report.objectives}
    # Committed objectives are met only at 1.0; aspirational ones succeed from 0.7.
    assert rows == {
        "committed-met": (1.0, True, 1.0, "met"),
        "committed-missed": (0.99, True, 1.0, "missed"),
        "aspirational-success": (0.7, True, 1.0, "success"),
        "aspirational-missed": (0.69, True, 1.0, "missed"),
        "aspirational-too-easy": (1.0, True, 1.0, "success"),
    }
    notes = {o.id: o.note for o in report.objectives if o.note}
    assert notes == {
        "aspirational-too-easy": "scored 1.0: the target may not have been ambitious enough"
    }
    assert verdict(0.999, True, DEFAULTS) == "missed"


def test_the_forecast_is_a_straight_line_read_at_the_last_day(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "support.yaml": goal_file(
                "support",
                "2026-Q4",
                """
                - id: o
                  title: Customers get answers while they still care
                  type: committed
                  key_results:
                    - id: signups
                      title: Weekly sign-ups up from 0 to 100
                      start: 0
                      target: 100
                      checkins:
                        - {date: 2026-10-01, value: 10}
                        - {date: 2026-11-01, value: 40}
                """,
            )
        },
    )
    kr = key_results(scored(tree), "o")["signups"]
    # 30 more in the 31 days from 10-01 to 11-01; 60 days more to 12-31:
    # 40 + 60 x 30 / 31 = 40 + 58.0645 = 98.065.
    assert kr.forecast == 98.065
    # Read on the period's last day, or after it, there is nothing left to forecast.
    assert key_results(scored(tree, date(2026, 12, 31)), "o")["signups"].forecast is None
    # One point is no line.
    assert linear_forecast([(date(2026, 10, 1), 10.0)], date(2026, 12, 31)) is None


def ended_quarter(root: Path) -> GoalTree:
    return load(
        root,
        {
            "support.yaml": goal_file(
                "support",
                "2026-Q4",
                """
                - id: o
                  title: Customers get answers while they still care
                  type: committed
                  key_results:
                    - {title: Reach 100, start: 0, target: 100, current: 80}
                """,
            )
        },
    )


def test_the_default_date_stops_at_the_end_of_an_ended_period(tmp_path: Path) -> None:
    tree = ended_quarter(tmp_path)
    today = date(2027, 1, 10)  # 2026-Q4 ended 10 days before
    # No --as-of: today, but an ended period is scored at its last day.
    default, explicit = parse_as_of(None, today)
    assert explicit is False
    report = score_tree(tree, default, explicit_date=explicit)
    assert (report.as_of, report.objectives[0].as_of) == (date(2026, 12, 31), date(2026, 12, 31))
    # `end-of-period`: each period's last day.
    end_of_period, explicit = parse_as_of("end-of-period", today)
    report = score_tree(tree, end_of_period, explicit_date=explicit)
    assert report.objectives[0].as_of == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("word", "day"),
    [
        ("today", date(2027, 1, 10)),
        ("yesterday", date(2027, 1, 9)),
        ("2027-01-05", date(2027, 1, 5)),
    ],
)
def test_an_explicit_date_today_included_is_used_as_given(
    tmp_path: Path, word: str, day: date
) -> None:
    tree = ended_quarter(tmp_path)
    as_of, explicit = parse_as_of(word, date(2027, 1, 10))
    assert (as_of, explicit) == (AsOf(day), True)
    report = score_tree(tree, as_of, explicit_date=explicit)
    # The period ended on 2026-12-31, but the date asked for is the one reported:
    # 80 / 100 = 0.8, committed and ended: missed.
    assert (report.as_of, report.objectives[0].as_of) == (day, day)
    assert (report.objectives[0].score, report.objectives[0].status) == (0.8, "missed")


def test_filters_by_team_and_period_and_the_periods_containing_it(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "company.yaml": goal_file(
                "company",
                "2026",
                """
                - id: grow
                  title: Grow without burning out the team
                  type: committed
                  key_results:
                    - {title: Revenue up from 500 to 750, start: 500, target: 750, current: 600}
                """,
            ),
            "support.yaml": goal_file(
                "support",
                "2026-Q4",
                """
                - id: o
                  title: Customers get answers while they still care
                  type: committed
                  key_results:
                    - {title: Reach 100, start: 0, target: 100, current: 80}
                """,
            ),
        },
    )
    as_of = AsOf(HALF_TIME)
    assert [o.ref for o in score_tree(tree, as_of, period="2026-Q4").objectives] == [
        "support/2026-Q4/o"
    ]
    assert [
        o.ref for o in score_tree(tree, as_of, period="2026-Q4", containing=True).objectives
    ] == [
        "company/2026/grow",
        "support/2026-Q4/o",
    ]
    company = score_tree(tree, as_of, team="company").objectives
    # 2026 is 365 days; 2026-11-16 is day 319 (319 days gone): e = 319 / 365 = 0.874.
    # (600 - 500) / 250 = 0.4, expected 0.874: more than 0.25 below, off track.
    assert [(o.ref, o.elapsed, o.score, o.status) for o in company] == [
        ("company/2026/grow", 0.874, 0.4, "off-track")
    ]

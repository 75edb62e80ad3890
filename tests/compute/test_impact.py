"""okrctl.compute.impact: did the OKR move the needle? Every number and verdict below is worked
out by hand from the measurements written in the test (docs/scoring.md, "Impact").

2026-Q2 runs from 2026-04-01 to 2026-06-30, 2026-Q3 from 2026-07-01 to 2026-09-30, 2026-Q4 from
2026-10-01 to 2026-12-31. The value of a KPI on a day is its last measurement on or before it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrctl.compute.impact import Impact, following, impact, review_impact
from okrctl.model.period import Period, resolve_label
from tests.compute.trees import goal_file, lint_findings, load, suggestions

AS_OF = date(2026, 11, 29)

KPIS = """
team: support
kpis:
  # Decreasing (band max 45). 52 on Q2's first day itself: that is the value "before".
  # 40 on Q2's last day: the value at its end. Q3: 42, 44, 45 (45 is inside: bands are
  # inclusive). Q4 so far: 47 on 2026-10-31.
  - id: frt
    title: Median first-response time
    owner: sam
    unit: min
    cadence: monthly
    band: {max: 45}
    measurements:
      - {date: 2026-03-31, value: 50}
      - {date: 2026-04-01, value: 52}
      - {date: 2026-05-15, value: 46}
      - {date: 2026-06-30, value: 40}
      - {date: 2026-07-31, value: 42}
      - {date: 2026-08-31, value: 44}
      - {date: 2026-09-30, value: 45}
      - {date: 2026-10-31, value: 47}
  # Increasing (band min 4.0). 3.7 on 2026-03-15 is the last value before Q2 starts; 4.0 on
  # 2026-06-30 meets a target of 4.0 exactly; 3.9 on 2026-08-31 slips.
  - id: csat
    title: Customer satisfaction
    owner: lin
    unit: /5
    cadence: monthly
    band: {min: 4.0}
    measurements:
      - {date: 2026-03-15, value: 3.7}
      - {date: 2026-06-30, value: 4.0}
      - {date: 2026-07-31, value: 4.1}
      - {date: 2026-08-31, value: 3.9}
      - {date: 2026-09-30, value: 4.2}
  # Never measured.
  - id: empty
    title: Never measured
    owner: lin
    cadence: monthly
    band: {max: 10}
  # First measured inside Q2 (nothing before it), then not again until 2026-10-15.
  - id: backlog
    title: Open tickets older than 48 hours
    owner: lin
    unit: tickets
    cadence: monthly
    band: {max: 120}
    measurements:
      - {date: 2026-05-31, value: 100}
      - {date: 2026-10-15, value: 90}
  # Graduated from Q2's runbooks key result: band min 50. 50 at Q2's end (inside), then 52
  # and 55 in Q3, and 49 on 2026-10-31 (outside, in Q4).
  - id: runbooks
    title: Ticket categories with a runbook
    owner: sam
    cadence: monthly
    band: {min: 50}
    from_kr: support/2026-Q2/runbooks/coverage
    measurements:
      - {date: 2026-06-30, value: 50}
      - {date: 2026-07-31, value: 52}
      - {date: 2026-09-30, value: 55}
      - {date: 2026-10-31, value: 49}
  # Graduated from the same key result; never left its band (min 0).
  - id: articles
    title: Help-centre articles
    owner: sam
    cadence: monthly
    band: {min: 0}
    from_kr: support/2026-Q2/runbooks/coverage
    measurements:
      - {date: 2026-06-30, value: 10}
      - {date: 2026-08-31, value: 12}
"""

Q2 = """
# from_kpi, no key result on the KPI: judged on the band (max 45).
- id: restore-frt
  title: Restore first-response time
  type: committed
  from_kpi: support/frt
  key_results:
    - {title: Causes found, done: true}
# KPI-linked, target 38: 40 at the end does not reach it.
- id: faster
  title: Answers faster
  type: committed
  key_results:
    - {id: frt, title: FRT to 38, kpi: support/frt, target: 38}
# KPI-linked, target 4.0: met on the last day, slipped on 2026-08-31.
- id: happier
  title: Happier customers
  type: committed
  key_results:
    - {id: csat, title: CSAT to 4.0, kpi: support/csat, target: 4.0}
# from_kpi on a KPI never measured.
- id: measure
  title: Measure the empty KPI
  type: committed
  from_kpi: support/empty
  key_results:
    - {title: Dashboard, done: true}
# from_kpi on a KPI not measured in Q3.
- id: backlog
  title: Backlog under control
  type: committed
  from_kpi: support/backlog
  key_results:
    - {title: Triage, done: true}
- id: runbooks
  title: Runbooks everywhere
  type: committed
  key_results:
    - {id: coverage, title: Runbooks from 20 to 50, start: 20, target: 50, current: 50}
"""

Q3 = """
# Reached the band by 2026-09-30 (45); Q4 runs until 2026-12-31.
- id: keep-frt
  title: Keep first-response time in band
  type: committed
  from_kpi: support/frt
  key_results:
    - {title: Rota, done: true}
"""

Q4 = """
- id: now-frt
  title: First-response time this quarter
  type: committed
  key_results:
    - {id: frt, title: FRT to 30, kpi: support/frt, target: 30}
"""


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Impact]:
    root = tmp_path_factory.mktemp("impact")
    tree = load(
        root,
        {
            "okrctl.yaml": "people: [lin, sam]\n",
            "support/kpis.yaml": KPIS,
            "support/2026-Q2.yaml": goal_file("support", "2026-Q2", Q2),
            "support/2026-Q3.yaml": goal_file("support", "2026-Q3", Q3),
            "support/2026-Q4.yaml": goal_file("support", "2026-Q4", Q4),
        },
    )
    assert [f for f in lint_findings(tree) if f.rule == "unresolved-reference"] == []
    report = impact(tree, AS_OF)
    return {(i.ref, i.kpi): i for i in report.impacts}


def numbers(i: Impact) -> tuple[object, ...]:
    return (i.before, i.end, i.after, i.verdict)


def test_following_periods() -> None:
    assert following(resolve_label("2026-Q4")) == resolve_label("2027-Q1")
    assert following(resolve_label("2026-H1")) == resolve_label("2026-H2")
    assert following(resolve_label("2026")) == resolve_label("2027")
    ten_days = Period("2026-10-01..2026-10-10", date(2026, 10, 1), date(2026, 10, 10))
    assert (following(ten_days).start, following(ten_days).end) == (
        date(2026, 10, 11),
        date(2026, 10, 20),
    )


def test_from_kpi_back_in_band_and_held(judged: dict[tuple[str, str], Impact]) -> None:
    i = judged[("support/2026-Q2/restore-frt", "support/frt")]
    # before: the measurement of 2026-04-01 itself (52, not 50 of the day before); end: 40 on
    # 2026-06-30; after: 45 on 2026-09-30. Q3's 42, 44 and 45 are all <= 45.
    assert numbers(i) == (52, 40, 45, "moved-and-held")
    assert (i.key_result, i.goal and i.goal.target, i.measured_after) == (None, None, 3)
    assert i.reason == (
        "reached its band (at most 45 min) by 2026-06-30 and held it at every measurement of "
        "2026-Q3 (3)"
    )


def test_target_not_reached(judged: dict[tuple[str, str], Impact]) -> None:
    i = judged[("support/2026-Q2/faster", "support/frt")]
    assert numbers(i) == (52, 40, 45, "not-moved")  # 40 > 38: a decrease that fell short
    assert i.key_result == "support/2026-Q2/faster/frt"
    assert i.reason == "40 min on 2026-06-30 did not reach its target 38 min"


def test_moved_then_slipped(judged: dict[tuple[str, str], Impact]) -> None:
    i = judged[("support/2026-Q2/happier", "support/csat")]
    # before: 3.7 (2026-03-15, none on 2026-04-01); end: 4.0 meets 4.0; 3.9 on 2026-08-31 < 4.0.
    assert numbers(i) == (3.7, 4.0, 4.2, "moved-then-slipped")
    assert i.slipped is not None and (i.slipped.date, i.slipped.value) == (date(2026, 8, 31), 3.9)
    assert i.reason == "reached its target 4/5 by 2026-06-30, then 3.9/5 on 2026-08-31"


def test_a_kpi_with_no_measurements_has_no_data(judged: dict[tuple[str, str], Impact]) -> None:
    i = judged[("support/2026-Q2/measure", "support/empty")]
    assert numbers(i) == (None, None, None, "no-data")
    assert i.reason == "support/empty has no measurement by 2026-06-30"


def test_none_before_the_period_and_none_in_the_next(
    judged: dict[tuple[str, str], Impact],
) -> None:
    i = judged[("support/2026-Q2/backlog", "support/backlog")]
    # Nothing on or before 2026-04-01; 100 on 2026-05-31 is the value at the end; nothing in
    # Q3, so the value on 2026-09-30 is still 100 and Q3 has no measurement to judge.
    assert numbers(i) == (None, 100, 100, "no-data")
    assert i.measured_after == 0
    assert i.reason == (
        "reached its band (at most 120 tickets) by 2026-06-30, but support/backlog was not "
        "measured in 2026-Q3"
    )


def test_reached_but_the_next_period_runs(judged: dict[tuple[str, str], Impact]) -> None:
    i = judged[("support/2026-Q3/keep-frt", "support/frt")]
    # 45 on 2026-09-30 is inside; 47 on 2026-10-31 is already outside: a slip is final.
    assert numbers(i) == (40, 45, 47, "moved-then-slipped")


def test_the_period_runs(judged: dict[tuple[str, str], Impact]) -> None:
    i = judged[("support/2026-Q4/now-frt", "support/frt")]
    # before: 45 (2026-09-30); so far: 47 (2026-10-31); no value after.
    assert numbers(i) == (45, 47, None, "too-early")
    assert (i.ended, i.reason) == (False, "2026-Q4 runs until 2026-12-31")


def test_graduated_kpis(judged: dict[tuple[str, str], Impact]) -> None:
    slipped = judged[("support/runbooks", "support/runbooks")]
    # before: nothing by 2026-04-01; end: 50 (inside min 50); now: 49 on 2026-10-31, outside.
    assert numbers(slipped) == (None, 50, 49, "moved-then-slipped")
    assert slipped.key_result == "support/2026-Q2/runbooks/coverage"
    assert slipped.reason == "left its band: 49 on 2026-10-31"
    held = judged[("support/articles", "support/articles")]
    # 10 then 12, both >= 0; Q3 has ended (Q4 runs): held through Q3.
    assert numbers(held) == (None, 10, 12, "moved-and-held")
    assert held.through is not None and held.through.label == "2026-Q3"
    assert held.measured_after == 1
    assert held.reason == (
        "inside its band at every measurement since support/2026-Q2/runbooks/coverage ended "
        "(1 measurement, 2026-Q3 and since)"
    )


def test_verdicts_change_with_the_as_of_date(tmp_path: Path) -> None:
    tree = load(
        tmp_path, {"support/kpis.yaml": KPIS, "support/q.yaml": goal_file("support", "2026-Q2", Q2)}
    )
    # On 2026-08-15 Q3 runs: restore-frt reached its band, no slip yet: too early.
    early = {i.ref: i for i in impact(tree, date(2026, 8, 15)).impacts if i.kpi == "support/frt"}
    assert early["support/2026-Q2/restore-frt"].verdict == "too-early"
    assert early["support/2026-Q2/restore-frt"].after == 42  # 2026-07-31, so far
    # Only Q2's runbooks graduated KPIs, judged on 2026-08-15 (Q3 runs): too early.
    graduated = [i for i in impact(tree, date(2026, 8, 15)).impacts if i.kind == "graduated"]
    assert [(i.ref, i.verdict) for i in graduated] == [
        ("support/articles", "too-early"),
        ("support/runbooks", "too-early"),
    ]


def test_period_and_review_selection(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "support/kpis.yaml": KPIS,
            "support/2026-Q2.yaml": goal_file("support", "2026-Q2", Q2),
            "support/2026-Q3.yaml": goal_file("support", "2026-Q3", Q3),
            "support/2026-Q4.yaml": goal_file("support", "2026-Q4", Q4),
        },
    )
    q3 = impact(tree, AS_OF, period="2026-Q3")
    assert [i.ref for i in q3.impacts] == ["support/2026-Q3/keep-frt"]
    # The review of 2026-Q3 (made on its last day): Q3's objectives, Q2's (Q3 follows Q2),
    # and the graduated KPIs whose key result's period ended by 2026-09-30.
    reviewed = review_impact(tree, date(2026, 9, 30), resolve_label("2026-Q3"))
    assert [(i.ref, i.kpi, i.verdict) for i in reviewed] == [
        ("support/2026-Q2/backlog", "support/backlog", "no-data"),
        ("support/2026-Q2/faster", "support/frt", "not-moved"),
        ("support/2026-Q2/happier", "support/csat", "moved-then-slipped"),
        ("support/2026-Q2/measure", "support/empty", "no-data"),
        ("support/2026-Q2/restore-frt", "support/frt", "moved-and-held"),
        ("support/2026-Q3/keep-frt", "support/frt", "too-early"),
        ("support/articles", "support/articles", "moved-and-held"),
        ("support/runbooks", "support/runbooks", "moved-and-held"),
    ]


def test_suggest_says_an_earlier_okr_failed(tmp_path: Path) -> None:
    """support/frt in breach at 2026-11-29 (47, then 48): Q3's keep-frt slipped on 2026-10-31,
    so the suggestion to restore it says so."""
    kpis = KPIS.replace(
        "      - {date: 2026-10-31, value: 47}\n",
        "      - {date: 2026-10-31, value: 47}\n      - {date: 2026-11-15, value: 48}\n",
    )
    tree = load(
        tmp_path,
        {
            "support/kpis.yaml": kpis,
            "support/2026-Q3.yaml": goal_file("support", "2026-Q3", Q3),
        },
    )
    made = [s for s in suggestions(tree, AS_OF).suggestions if s.kind == "kpi-to-okr"]
    assert [s.about for s in made] == ["support/frt"]
    assert made[0].reason.endswith(
        "; an earlier objective already failed to fix it: support/2026-Q3/keep-frt "
        "(moved-then-slipped: reached its band (at most 45 min) by 2026-09-30, then 47 min on "
        "2026-10-31)"
    )
    assert made[0].draft["objectives"][0]["from_kpi"] == "support/frt"


def test_a_running_from_kpi_objective_answers_the_breach(tmp_path: Path) -> None:
    """support/frt is out of its band, but Q4's objective names it in `from_kpi` (and has no
    key result on it): the breach is being answered, so no objective is suggested for it."""
    kpis = KPIS.replace(
        "      - {date: 2026-10-31, value: 47}\n",
        "      - {date: 2026-10-31, value: 47}\n      - {date: 2026-11-15, value: 48}\n",
    )
    answering = """
- id: answer-frt
  title: First replies fast again
  type: committed
  from_kpi: support/frt
  key_results:
    - {title: Rota staffed, done: false}
"""
    tree = load(
        tmp_path,
        {
            "support/kpis.yaml": kpis,
            "support/2026-Q4.yaml": goal_file("support", "2026-Q4", answering),
        },
    )
    made = suggestions(tree, AS_OF).suggestions
    assert [s.about for s in made if s.kind == "kpi-to-okr"] == []


def test_a_key_result_a_kpi_graduated_from_is_not_suggested_again(tmp_path: Path) -> None:
    """Q2's runbooks/coverage reached its target (50 of 50): without a KPI naming it, suggest
    proposes one; support/runbooks names it as its `from_kr`, so it does not."""
    files = {"support/2026-Q2.yaml": goal_file("support", "2026-Q2", Q2)}
    without = load(tmp_path / "without", files)
    about = [s.about for s in suggestions(without, date(2026, 7, 10)).suggestions]
    assert "support/2026-Q2/runbooks/coverage" in about
    with_kpi = load(tmp_path / "with", {**files, "support/kpis.yaml": KPIS})
    about = [s.about for s in suggestions(with_kpi, date(2026, 7, 10)).suggestions]
    assert "support/2026-Q2/runbooks/coverage" not in about

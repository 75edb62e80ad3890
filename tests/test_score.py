"""okrctl score (issue 3): every rule pinned through the real CLI, with numbers worked by hand.

Unless a test says otherwise, files are for 2026-Q4 (2026-10-01..2026-12-31, 92 days) and are
scored `--as-of 2026-11-16`: 46 days after the first day, so time elapsed e = 46/92 = 0.5 and
a committed objective is expected at 0.5 (on-track from 0.4, at-risk from 0.25).
"""

from __future__ import annotations

import json
import textwrap
from datetime import date, timedelta
from typing import Any

import pytest

from okrctl import clock
from tests.conftest import GoalTree, SetDay, okrctl

AS_OF = "2026-11-16"
TEN_DAYS = "{start: 2026-01-01, end: 2026-01-10}"  # 10 days: as-of 2026-01-06 gives e = 5/10


def objective(ident: str, *key_results: str, type: str = "committed", extra: str = "") -> str:
    """One objective of a goal file; each key result is YAML written from column 0 (`- ...`)."""
    body = "".join(
        textwrap.indent(textwrap.dedent(kr).strip("\n") + "\n", "      ") for kr in key_results
    )
    return (
        f"  - id: {ident}\n"
        f"    title: Objective {ident}\n"
        f"    type: {type}\n"
        f"{extra}"
        f"    key_results:\n{body}"
    )


def goal_file(*objectives: str, team: str = "support", period: str = "2026-Q4") -> str:
    return f"team: {team}\nperiod: {period}\nowner: lin\nobjectives:\n" + "".join(objectives)


def score(goals: GoalTree, *args: str, as_of: str | None = AS_OF) -> dict[str, Any]:
    """`okrctl score --format json` in the tree; must succeed."""
    argv = ["score", "--format", "json", *args]
    if as_of is not None:
        argv += ["--as-of", as_of]
    result = okrctl(*argv, cwd=goals.root)
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def krs(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Key results by ref."""
    return {kr["ref"]: kr for o in document["objectives"] for kr in o["key_results"]}


def objectives(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Objectives by ref."""
    return {o["ref"]: o for o in document["objectives"]}


def picked(item: dict[str, Any], *keys: str) -> tuple[Any, ...]:
    return tuple(item[key] for key in keys)


# --- numeric key results ------------------------------------------------------------------


def test_numeric_progress_increasing_decreasing_and_clamped(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        goal_file(
            objective(
                "o",
                "- {id: up, title: Conversion reaches 18, start: 12, target: 18, unit: '%', "
                "current: 14.5}",
                "- {id: down, title: Reply time down to 25, start: 52, target: 25, unit: min, "
                "current: 31}",
                "- {id: over, title: Signups reach 40, start: 0, target: 40, current: 50}",
                "- {id: below, title: Partners reach 200, start: 100, target: 200, current: 80}",
                "- {id: worse, title: Backlog down to 25, start: 52, target: 25, current: 60}",
            )
        ),
    )
    doc = score(goals)
    by_ref = krs(doc)
    keys = ("kind", "start", "target", "current", "progress", "score", "grade", "status")
    row = {r.rsplit("/", 1)[1]: picked(kr, *keys) for r, kr in by_ref.items()}
    # (14.5 - 12) / (18 - 12) = 2.5 / 6 = 0.41666.. -> 0.417: yellow; >= 0.5 - 0.1: on-track
    assert row["up"] == ("numeric", 12, 18, 14.5, 0.417, 0.417, "yellow", "on-track")
    assert by_ref["support/2026-Q4/o/up"]["unit"] == "%"
    # decreasing: (31 - 52) / (25 - 52) = -21 / -27 = 0.7777.. -> 0.778: green
    assert row["down"] == ("numeric", 52, 25, 31, 0.778, 0.778, "green", "on-track")
    # 50 / 40 = 1.25: progress shown as is, score clamped to 1.0
    assert row["over"] == ("numeric", 0, 40, 50, 1.25, 1.0, "green", "on-track")
    # (80 - 100) / (200 - 100) = -0.2: score clamped to 0; 0 < 0.5 - 0.25: off-track
    assert row["below"] == ("numeric", 100, 200, 80, -0.2, 0.0, "red", "off-track")
    # decreasing metric that went up: (60 - 52) / (25 - 52) = 8 / -27 = -0.2962.. -> -0.296
    assert row["worse"] == ("numeric", 52, 25, 60, -0.296, 0.0, "red", "off-track")
    # objective: (0.417 + 0.778 + 1.0 + 0 + 0) / 5 = 2.195 / 5 = 0.439: yellow, on-track
    (only,) = doc["objectives"]
    assert picked(only, "score", "grade", "status") == (0.439, "yellow", "on-track")
    assert all(kr["no_data"] is False for kr in by_ref.values())


CHECKINS = goal_file(
    objective(
        "o",
        # ties on 2026-11-10: the later one in the file (40) wins; 2026-11-20 is after as-of
        "- {id: tie, title: Reach 100, start: 0, target: 100, checkins: ["
        "{date: 2026-10-05, value: 10}, {date: 2026-11-10, value: 30}, "
        "{date: 2026-11-10, value: 40}, {date: 2026-11-20, value: 90}]}",
        "- {id: tie-reversed, title: Reach 100, start: 0, target: 100, checkins: ["
        "{date: 2026-11-10, value: 40}, {date: 2026-11-10, value: 30}]}",
        # the latest by date wins, not the last one written
        "- {id: unsorted, title: Reach 100, start: 0, target: 100, checkins: ["
        "{date: 2026-11-12, value: 60}, {date: 2026-10-20, value: 20}]}",
        "- {id: current, title: Reach 100, start: 0, target: 100, current: 55}",
        "- {id: not-yet, title: Reach 100, start: 0, target: 100, checkins: ["
        "{date: 2026-11-20, value: 90}]}",
        "- {id: nothing, title: Reach 100, start: 0, target: 100}",
    )
)


def test_latest_checkin_on_or_before_as_of_wins(goals: GoalTree) -> None:
    goals.write("support.yaml", CHECKINS)
    by_ref = krs(score(goals))
    keys = ("current", "progress", "score", "last_checkin", "no_data")
    row = {r.rsplit("/", 1)[1]: picked(kr, *keys) for r, kr in by_ref.items()}
    assert row["tie"] == (40, 0.4, 0.4, "2026-11-10", False)
    assert row["tie-reversed"] == (30, 0.3, 0.3, "2026-11-10", False)
    assert row["unsorted"] == (60, 0.6, 0.6, "2026-11-12", False)
    assert row["current"] == (55, 0.55, 0.55, None, False)


def test_no_checkin_yet_is_no_data_scored_zero(goals: GoalTree) -> None:
    goals.write("support.yaml", CHECKINS)
    by_ref = krs(score(goals))
    keys = ("current", "progress", "score", "grade", "status", "no_data", "last_checkin")
    row = {r.rsplit("/", 1)[1]: picked(kr, *keys) for r, kr in by_ref.items()}
    # its only check-in (2026-11-20) is after the as-of date: no value yet
    no_data = (None, None, 0.0, "red", "off-track", True, None)
    assert row["not-yet"] == no_data
    # neither `current` nor check-ins
    assert row["nothing"] == no_data
    # objective: (0.4 + 0.3 + 0.6 + 0.55 + 0 + 0) / 6 = 1.85 / 6 = 0.30833.. -> 0.308
    assert score(goals)["objectives"][0]["score"] == 0.308


def test_checkin_on_the_as_of_date_counts(goals: GoalTree) -> None:
    goals.write("support.yaml", CHECKINS)
    by_ref = krs(score(goals, as_of="2026-11-20"))
    keys = ("current", "score", "last_checkin", "no_data")
    row = {r.rsplit("/", 1)[1]: picked(kr, *keys) for r, kr in by_ref.items()}
    assert row["tie"] == (90, 0.9, "2026-11-20", False)
    assert row["not-yet"] == (90, 0.9, "2026-11-20", False)


# --- binary key results -------------------------------------------------------------------


def test_binary_key_results(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        goal_file(
            objective(
                "o",
                "- {id: done, title: Report issued, done: true}",
                "- {id: open, title: Report issued, done: false}",
                "- {id: checked, title: Report issued, checkins: ["
                "{date: 2026-10-20, value: false}, {date: 2026-11-10, value: true}]}",
                "- {id: later, title: Report issued, checkins: ["
                "{date: 2026-10-20, value: false}, {date: 2026-11-20, value: true}]}",
                "- {id: unstarted, title: Report issued, checkins: ["
                "{date: 2026-11-18, value: true}]}",
            )
        ),
    )
    doc = score(goals)
    by_ref = krs(doc)
    keys = ("kind", "current", "progress", "score", "grade", "no_data")
    row = {r.rsplit("/", 1)[1]: picked(kr, *keys) for r, kr in by_ref.items()}
    assert row["done"] == ("binary", True, None, 1.0, "green", False)
    assert row["open"] == ("binary", False, None, 0.0, "red", False)
    assert row["checked"] == ("binary", True, None, 1.0, "green", False)
    # the `true` of 2026-11-20 is after the as-of date: still false
    assert row["later"] == ("binary", False, None, 0.0, "red", False)
    assert row["unstarted"] == ("binary", None, None, 0.0, "red", True)
    # (1 + 0 + 1 + 0 + 0) / 5 = 0.4
    assert doc["objectives"][0]["score"] == 0.4
    # on 2026-11-20 the late `true` counts: (1 + 0 + 1 + 1 + 1) / 5 = 0.8
    assert score(goals, as_of="2026-11-20")["objectives"][0]["score"] == 0.8


# --- KPI-linked key results ---------------------------------------------------------------

KPIS = """
team: support
kpis:
  - id: csat
    title: Customer satisfaction
    owner: lin
    unit: pts
    cadence: weekly
    band: {min: 30}
    measurements:
      - {date: 2026-09-20, value: 40}
      - {date: 2026-10-01, value: 42}
      - {date: 2026-10-20, value: 45}
      - {date: 2026-11-10, value: 47}
      - {date: 2026-11-10, value: 48}
      - {date: 2026-11-20, value: 60}
  - id: nps
    title: Net promoter score
    owner: lin
    cadence: monthly
    band: {min: 0}
    measurements:
      - {date: 2026-11-20, value: 35}
"""

KPI_KRS = goal_file(
    objective(
        "o",
        "- {id: default-start, title: CSAT reaches 50, kpi: support/csat, target: 50}",
        "- {id: own-start, title: CSAT reaches 50, kpi: support/csat, start: 40, target: 50}",
        "- {id: quiet, title: NPS reaches 50, kpi: support/nps, start: 30, target: 50}",
    )
)


def test_kpi_linked_key_results(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", KPIS)
    goals.write("support/2026-Q4.yaml", KPI_KRS)
    by_ref = krs(score(goals))
    keys = ("kind", "start", "target", "current", "progress", "score", "unit", "no_data")
    row = {r.rsplit("/", 1)[1]: picked(kr, *keys) for r, kr in by_ref.items()}
    # start: the last measurement on or before the first day, 2026-10-01 itself (42, not 40);
    # current: 2026-11-10, the later of the two (48); 2026-11-20 is after the as-of date.
    # (48 - 42) / (50 - 42) = 6 / 8 = 0.75
    assert row["default-start"] == ("kpi", 42, 50, 48, 0.75, 0.75, "pts", False)
    assert by_ref["support/2026-Q4/o/default-start"]["last_checkin"] == "2026-11-10"
    # an explicit start wins: (48 - 40) / (50 - 40) = 0.8
    assert row["own-start"] == ("kpi", 40, 50, 48, 0.8, 0.8, "pts", False)
    # its own start 30; the only measurement (2026-11-20) is after the as-of date: no data
    assert row["quiet"] == ("kpi", 30, 50, None, None, 0.0, None, True)


def test_kpi_measurement_after_as_of_counts_once_reached(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", KPIS)
    goals.write("support/2026-Q4.yaml", KPI_KRS)
    by_ref = krs(score(goals, as_of="2026-11-25"))
    keys = ("current", "progress", "score", "no_data")
    row = {r.rsplit("/", 1)[1]: picked(kr, *keys) for r, kr in by_ref.items()}
    # (60 - 42) / (50 - 42) = 18 / 8 = 2.25, score 1.0
    assert row["default-start"] == (60, 2.25, 1.0, False)
    # (35 - 30) / (50 - 30) = 5 / 20 = 0.25
    assert row["quiet"] == (35, 0.25, 0.25, False)


# --- weights and rollups ------------------------------------------------------------------


def test_weighted_objective_and_team_means(goals: GoalTree) -> None:
    goals.write(
        "support/2026-Q4.yaml",
        goal_file(
            objective(
                "weighted",
                "- {title: Reach 10, start: 0, target: 10, current: 5, weight: 2}",
                "- {title: Reach 10, start: 0, target: 10, current: 2}",
            ),
            objective("milestone", "- {title: Report issued, done: true}"),
        ),
    )
    goals.write(
        "support/2026-Q3.yaml",
        goal_file(
            objective("q3", "- {title: Reach 10, start: 0, target: 10, current: 6}"),
            period="2026-Q3",
        ),
    )
    goals.write(
        "growth.yaml",
        goal_file(
            objective("trials", "- {title: Reach 20, start: 0, target: 20, current: 5}"),
            team="growth",
        ),
    )
    doc = score(goals)
    by_ref = objectives(doc)
    # weights 2 and 1: (2 x 0.5 + 1 x 0.2) / 3 = 1.2 / 3 = 0.4 (unweighted it would be 0.35)
    assert picked(by_ref["support/2026-Q4/weighted"], "score", "grade") == (0.4, "yellow")
    assert [kr["weight"] for kr in by_ref["support/2026-Q4/weighted"]["key_results"]] == [2, 1]
    assert picked(by_ref["support/2026-Q4/milestone"], "score", "grade") == (1.0, "green")
    # team: the mean of objective scores, per team and period:
    # support 2026-Q4 (0.4 + 1.0) / 2 = 0.7 (a mean over its 3 KRs would be 0.55);
    # support 2026-Q3 6 / 10 = 0.6; growth 2026-Q4 5 / 20 = 0.25
    teams = [picked(t, "team", "period", "score", "grade") for t in doc["teams"]]
    assert sorted(teams) == [
        ("growth", "2026-Q4", 0.25, "red"),
        ("support", "2026-Q3", 0.6, "yellow"),
        ("support", "2026-Q4", 0.7, "green"),
    ]


# --- grades -------------------------------------------------------------------------------


def test_grade_boundaries(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        goal_file(
            objective(
                "o",
                "- {id: a, title: Reach 1000, start: 0, target: 1000, current: 399}",
                "- {id: b, title: Reach 1000, start: 0, target: 1000, current: 400}",
                "- {id: c, title: Reach 1000, start: 0, target: 1000, current: 699}",
                "- {id: d, title: Reach 1000, start: 0, target: 1000, current: 700}",
                # decided on the rounded score: 0.39996 -> 0.4, 0.6996 -> 0.7, 0.3994 -> 0.399
                "- {id: e, title: Reach 10000, start: 0, target: 10000, current: 3999.6}",
                "- {id: f, title: Reach 10000, start: 0, target: 10000, current: 6996}",
                "- {id: g, title: Reach 10000, start: 0, target: 10000, current: 3994}",
            )
        ),
    )
    by_ref = krs(score(goals))
    grades = {ref.rsplit("/", 1)[1]: picked(kr, "score", "grade") for ref, kr in by_ref.items()}
    assert grades == {
        "a": (0.399, "red"),
        "b": (0.4, "yellow"),
        "c": (0.699, "yellow"),
        "d": (0.7, "green"),
        "e": (0.4, "yellow"),
        "f": (0.7, "green"),
        "g": (0.399, "red"),
    }


# --- verdicts after the period ------------------------------------------------------------


VERDICTS = goal_file(
    objective("c-full", "- {title: Reach 1000, start: 0, target: 1000, current: 1000}"),
    objective("c-over", "- {title: Reach 1000, start: 0, target: 1000, current: 1200}"),
    objective("c-short", "- {title: Reach 1000, start: 0, target: 1000, current: 999}"),
    objective(
        "a-70", "- {title: Reach 1000, start: 0, target: 1000, current: 700}", type="aspirational"
    ),
    objective(
        "a-69", "- {title: Reach 1000, start: 0, target: 1000, current: 699}", type="aspirational"
    ),
    objective(
        "a-full",
        "- {title: Reach 1000, start: 0, target: 1000, current: 1000}",
        type="aspirational",
    ),
    period="2026-Q3",
)


def test_verdicts_after_the_period(goals: GoalTree) -> None:
    goals.write("support.yaml", VERDICTS)
    doc = score(goals)  # 2026-11-16 is after 2026-Q3's last day, 2026-09-30
    verdicts = {o["id"]: picked(o, "score", "grade", "status") for o in doc["objectives"]}
    assert verdicts == {
        "c-full": (1.0, "green", "met"),
        "c-over": (1.0, "green", "met"),  # progress 1.2, score clamped to 1.0
        "c-short": (0.999, "green", "missed"),  # committed: met only at 1.0
        "a-70": (0.7, "green", "success"),
        "a-69": (0.699, "yellow", "missed"),
        "a-full": (1.0, "green", "success"),
    }
    # key results get the verdict of their objective's type too
    kr_status = {o["id"]: o["key_results"][0]["status"] for o in doc["objectives"]}
    assert kr_status == {
        "c-full": "met",
        "c-over": "met",
        "c-short": "missed",
        "a-70": "success",
        "a-69": "missed",
        "a-full": "success",
    }
    notes = {o["id"]: o["note"] for o in doc["objectives"]}
    assert "ambitious" in notes.pop("a-full")
    assert set(notes.values()) == {None}


# --- pace during the period ---------------------------------------------------------------


def pace_file(committed: list[int], aspirational: list[int]) -> str:
    """One single-KR objective (0 -> 1000) per value, ids c<value> and a<value>."""
    c = [
        objective(f"c{v}", f"- {{title: Reach 1000, start: 0, target: 1000, current: {v}}}")
        for v in committed
    ]
    a = [
        objective(
            f"a{v}",
            f"- {{title: Reach 1000, start: 0, target: 1000, current: {v}}}",
            type="aspirational",
        )
        for v in aspirational
    ]
    return goal_file(*c, *a, period=TEN_DAYS)


def statuses(document: dict[str, Any]) -> dict[str, str]:
    """Objective id -> status, after checking that its single KR has the same status."""
    for o in document["objectives"]:
        assert o["key_results"][0]["status"] == o["status"], o["ref"]
    return {o["id"]: o["status"] for o in document["objectives"]}


def test_pace_bands_at_half_time(goals: GoalTree) -> None:
    goals.write("support.yaml", pace_file([400, 399, 250, 249], [250, 249, 100, 99]))
    doc = score(goals, as_of="2026-01-06")
    # 2026-01-01..2026-01-10 is 10 days; 2026-01-06 is 5 days in: e = 5 / 10 = 0.5
    assert {o["elapsed"] for o in doc["objectives"]} == {0.5}
    # committed: expected 0.5; on-track >= 0.4, at-risk >= 0.25, else off-track
    # aspirational: expected 0.7 x 0.5 = 0.35; on-track >= 0.25, at-risk >= 0.1
    assert statuses(doc) == {
        "c400": "on-track",
        "c399": "at-risk",
        "c250": "at-risk",
        "c249": "off-track",
        "a250": "on-track",
        "a249": "at-risk",
        "a100": "at-risk",
        "a99": "off-track",
    }


def test_pace_bands_later_in_the_period(goals: GoalTree) -> None:
    goals.write("support.yaml", pace_file([700, 699, 550, 549], [460, 459, 310, 309]))
    doc = score(goals, as_of="2026-01-09")
    # 8 days in: e = 8 / 10 = 0.8; committed expected 0.8: on-track >= 0.7, at-risk >= 0.55;
    # aspirational expected 0.7 x 0.8 = 0.56: on-track >= 0.46, at-risk >= 0.31
    assert {o["elapsed"] for o in doc["objectives"]} == {0.8}
    assert statuses(doc) == {
        "c700": "on-track",
        "c699": "at-risk",
        "c550": "at-risk",
        "c549": "off-track",
        "a460": "on-track",
        "a459": "at-risk",
        "a310": "at-risk",
        "a309": "off-track",
    }


def test_first_day_is_zero_elapsed_and_last_day_gives_verdicts(goals: GoalTree) -> None:
    goals.write("support.yaml", pace_file([0, 700], [0, 700]))
    first = score(goals, as_of="2026-01-01")
    # e = 0: expected 0, so even a score of 0 is on-track (0 >= 0 - 0.1)
    assert {o["elapsed"] for o in first["objectives"]} == {0.0}
    assert statuses(first) == {
        "c0": "on-track",
        "c700": "on-track",
        "a0": "on-track",
        "a700": "on-track",
    }
    last = score(goals, as_of="2026-01-10")
    # on the last day the period has ended: verdicts, not pace
    assert statuses(last) == {"c0": "missed", "c700": "missed", "a0": "missed", "a700": "success"}


def test_confidence_is_the_latest_checkins(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        goal_file(
            objective(
                "o",
                "- {id: n, title: Reach 1000, start: 0, target: 1000, checkins: ["
                "{date: 2026-01-02, value: 100, confidence: 0.9}, "
                "{date: 2026-01-05, value: 300, confidence: 0.6}, "
                "{date: 2026-01-08, value: 900, confidence: 0.2}]}",
                "- {id: b, title: Report issued, checkins: ["
                "{date: 2026-01-03, value: false, confidence: 0.4}]}",
                "- {id: none, title: Reach 1000, start: 0, target: 1000, current: 500}",
            ),
            period=TEN_DAYS,
        ),
    )
    by_ref = krs(score(goals, as_of="2026-01-06"))
    ref = "support/2026-01-01..2026-01-10/o/"
    # the 2026-01-08 check-in (0.2) is after the as-of date; 0.3 >= 0.5 - 0.25: at-risk
    keys = ("current", "score", "status", "confidence")
    assert picked(by_ref[ref + "n"], *keys) == (300, 0.3, "at-risk", 0.6)
    assert picked(by_ref[ref + "b"], "score", "status", "confidence") == (0.0, "off-track", 0.4)
    assert by_ref[ref + "none"]["confidence"] is None
    assert krs(score(goals, as_of="2026-01-08"))[ref + "n"]["confidence"] == 0.2


def test_confidence_comes_from_the_latest_checkin_that_states_one(goals: GoalTree) -> None:
    """The docstring's reading of "the latest confidence": a check-in without one keeps the
    previous confidence."""
    goals.write(
        "support.yaml",
        goal_file(
            objective(
                "o",
                "- {id: n, title: Reach 1000, start: 0, target: 1000, checkins: ["
                "{date: 2026-01-02, value: 100, confidence: 0.9}, "
                "{date: 2026-01-05, value: 300}]}",
                # written out of order: the latest by date (0.6), not the last written (0.9)
                "- {id: u, title: Reach 1000, start: 0, target: 1000, checkins: ["
                "{date: 2026-01-04, value: 300, confidence: 0.6}, "
                "{date: 2026-01-02, value: 100, confidence: 0.9}]}",
            ),
            period=TEN_DAYS,
        ),
    )
    by_ref = krs(score(goals, as_of="2026-01-06"))
    ref = "support/2026-01-01..2026-01-10/o/"
    assert picked(by_ref[ref + "n"], "current", "confidence") == (300, 0.9)
    assert picked(by_ref[ref + "u"], "current", "confidence") == (300, 0.6)


# --- forecast -----------------------------------------------------------------------------


def test_forecast_is_a_least_squares_line_read_at_the_last_day(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        goal_file(
            objective(
                "o",
                "- {id: two, title: Reach 100, start: 0, target: 100, checkins: ["
                "{date: 2026-01-02, value: 10}, {date: 2026-01-04, value: 30}]}",
                "- {id: three, title: Reach 100, start: 0, target: 100, checkins: ["
                "{date: 2026-01-02, value: 10}, {date: 2026-01-03, value: 20}, "
                "{date: 2026-01-05, value: 30}, {date: 2026-01-08, value: 0}]}",
                "- {id: one, title: Reach 100, start: 0, target: 100, checkins: ["
                "{date: 2026-01-02, value: 10}]}",
                "- {id: plain, title: Reach 100, start: 0, target: 100, current: 40}",
            ),
            period=TEN_DAYS,
        ),
    )
    by_ref = krs(score(goals, as_of="2026-01-06"))
    ref = "support/2026-01-01..2026-01-10/o/"
    # two points (day 1, 10) and (day 3, 30): slope 10 a day; at day 9 (2026-01-10):
    # 30 + 6 x 10 = 90 (read at the as-of date it would be 50)
    assert by_ref[ref + "two"]["forecast"] == 90
    # three points (x = days after 01-01) (1, 10), (2, 20), (4, 30); 01-08 is after as-of.
    # mean x = 7/3, mean y = 20; Sxy = (-4/3)(-10) + (-1/3)(0) + (5/3)(10) = 30;
    # Sxx = 16/9 + 1/9 + 25/9 = 42/9; slope = 30 / (42/9) = 45/7;
    # at x = 9: 20 + 45/7 x (9 - 7/3) = 20 + 900/21 = 62.857142.. -> 62.857
    assert by_ref[ref + "three"]["forecast"] == 62.857
    assert by_ref[ref + "one"]["forecast"] is None
    assert by_ref[ref + "plain"]["forecast"] is None


# --- configurable thresholds --------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "type", "current", "as_of", "field", "default", "configured"),
    [
        # 0.35: red by default (< 0.4), yellow from 0.3
        ("yellow: 0.3", "committed", 350, "2026-01-06", "grade", "red", "yellow"),
        # 0.65: yellow by default (< 0.7), green from 0.6
        ("green: 0.6", "committed", 650, "2026-01-06", "grade", "yellow", "green"),
        # ended (01-10 is the last day): 0.65 is missed by default, success from 0.6
        ("aspirational_success: 0.6", "aspirational", 650, "2026-01-10", "status", "missed",
         "success"),
        # e = 0.5: 0.3 is at-risk by default (0.25 <= 0.3 < 0.4); on-track from 0.5 - 0.2 = 0.3
        ("on_track_margin: 0.2", "committed", 300, "2026-01-06", "status", "at-risk",
         "on-track"),
        # e = 0.5: 0.1 is off-track by default (< 0.25); at-risk from 0.5 - 0.4 = 0.1
        ("at_risk_margin: 0.4", "committed", 100, "2026-01-06", "status", "off-track",
         "at-risk"),
    ],
)  # fmt: skip
def test_thresholds_are_configurable(
    goals: GoalTree,
    setting: str,
    type: str,
    current: int,
    as_of: str,
    field: str,
    default: str,
    configured: str,
) -> None:
    kr = f"- {{title: Reach 1000, start: 0, target: 1000, current: {current}}}"
    goals.write("support.yaml", goal_file(objective("o", kr, type=type), period=TEN_DAYS))
    assert score(goals, as_of=as_of)["objectives"][0][field] == default
    goals.write("okrctl.yaml", f"scoring:\n  {setting}\n")
    assert score(goals, as_of=as_of)["objectives"][0][field] == configured


def test_aspirational_success_also_sets_the_aspirational_pace(goals: GoalTree) -> None:
    kr = "- {title: Reach 1000, start: 0, target: 1000, current: 150}"
    goals.write("support.yaml", goal_file(objective("o", kr, type="aspirational"), period=TEN_DAYS))
    # e = 0.5; default expected 0.35: 0.15 is at-risk (>= 0.1, < 0.25)
    assert score(goals, as_of="2026-01-06")["objectives"][0]["status"] == "at-risk"
    # with 0.5: expected 0.25, on-track from 0.15
    goals.write("okrctl.yaml", "scoring:\n  aspirational_success: 0.5\n")
    assert score(goals, as_of="2026-01-06")["objectives"][0]["status"] == "on-track"


@pytest.mark.parametrize(
    ("config", "line"),
    [
        ("scoring:\n  green: 1.5\n", "okrctl.yaml:2:"),
        ("scoring:\n  yellow: 0.4\n  gren: 0.8\n", "okrctl.yaml:3:"),
        ("scoring:\n  at_risk_margin: high\n", "okrctl.yaml:2:"),
    ],
)
def test_invalid_scoring_settings_stop_the_score(goals: GoalTree, config: str, line: str) -> None:
    kr = "- {title: Reach 1000, start: 0, target: 1000, current: 400}"
    goals.write("support.yaml", goal_file(objective("o", kr)))
    goals.write("okrctl.yaml", config)
    for extra in ((), ("--skip-invalid",)):  # a broken config is never skipped
        result = okrctl("score", "--format", "json", "--as-of", AS_OF, *extra, cwd=goals.root)
        assert result.returncode == 2
        assert result.stdout == ""
        errors = [ln for ln in result.stderr.splitlines() if ": error: " in ln]
        assert errors[0].startswith(line), result.stderr
        assert result.stderr.splitlines()[-1].startswith("okrctl: error: the goal tree has 1 error")


# --- the as-of date -----------------------------------------------------------------------


def test_as_of_today_yesterday_and_default(goals: GoalTree) -> None:
    today = clock.today()  # the test's fixed day, not the real one
    yesterday = today - timedelta(days=1)
    kr = (
        "- {title: Reach 100, start: 0, target: 100, checkins: ["
        f"{{date: {yesterday}, value: 30}}, {{date: {today}, value: 70}}]}}"
    )
    goals.write(
        "support.yaml",
        goal_file(objective("o", kr), period="{start: 2000-01-01, end: 2099-12-31}"),
    )
    for as_of, day, value in (
        ("today", today, 70),
        ("yesterday", yesterday, 30),
        (None, today, 70),  # the period has not ended: today
    ):
        doc = score(goals, as_of=as_of)
        assert doc["as_of"] == day.isoformat()
        assert doc["objectives"][0]["as_of"] == day.isoformat()
        assert doc["objectives"][0]["key_results"][0]["current"] == value


def q3_and_q4(goals: GoalTree) -> None:
    kr = (
        "- {title: Reach 100, start: 0, target: 100, checkins: ["
        "{date: %s, value: 20}, {date: %s, value: 100}]}"
    )
    goals.write(
        "support/2026-Q3.yaml",
        goal_file(objective("q3", kr % ("2026-07-01", "2026-09-30")), period="2026-Q3"),
    )
    goals.write(
        "support/2026-Q4.yaml",
        goal_file(objective("q4", kr % ("2026-10-01", "2026-12-31")), period="2026-Q4"),
    )


def test_end_of_period_scores_each_period_at_its_last_day(goals: GoalTree) -> None:
    q3_and_q4(goals)
    doc = score(goals, as_of="end-of-period")
    row = {o["id"]: picked(o, "as_of", "score", "status") for o in doc["objectives"]}
    # the check-ins on the last days (2026-09-30, 2026-12-31) count: 100 / 100 = 1.0, met
    assert row == {"q3": ("2026-09-30", 1.0, "met"), "q4": ("2026-12-31", 1.0, "met")}
    assert doc["as_of"] == "2026-12-31"


def test_explicit_date_is_used_as_given(goals: GoalTree) -> None:
    q3_and_q4(goals)
    keys = ("as_of", "elapsed", "score", "status")
    row = {o["id"]: picked(o, *keys) for o in score(goals)["objectives"]}
    # 2026-11-16 for both: Q3 has ended (verdict on its last value, elapsed 1.0);
    # Q4 runs: e = 0.5, 20 / 100 = 0.2 < 0.5 - 0.25: off-track
    assert row == {
        "q3": ("2026-11-16", 1.0, 1.0, "met"),
        "q4": ("2026-11-16", 0.5, 0.2, "off-track"),
    }


def test_first_day_checkin_counts(goals: GoalTree) -> None:
    q3_and_q4(goals)
    kr = objectives(score(goals, "--period", "2026-Q4", as_of="2026-10-01"))
    q4 = kr["support/2026-Q4/q4"]
    assert picked(q4, "elapsed", "score", "status") == (0.0, 0.2, "on-track")
    assert picked(q4["key_results"][0], "current", "last_checkin") == (20, "2026-10-01")


def test_default_as_of_of_an_ended_period_is_its_last_day(goals: GoalTree) -> None:
    q3_and_q4(goals)
    (goals.root / "support/2026-Q4.yaml").unlink()
    doc = score(goals, as_of=None)
    assert doc["as_of"] == "2026-09-30"
    (q3,) = doc["objectives"]
    assert picked(q3, "as_of", "score", "status") == ("2026-09-30", 1.0, "met")
    assert doc["teams"][0]["as_of"] == "2026-09-30"


@pytest.mark.parametrize(("word", "day"), [("today", "2026-10-20"), ("yesterday", "2026-10-19")])
def test_as_of_today_is_used_as_given_even_after_the_period_ended(
    goals: GoalTree, on_day: SetDay, word: str, day: str
) -> None:
    """Only the default stops at the last day of an ended period; `today` is a date asked for."""
    on_day(date(2026, 10, 20))  # 20 days after 2026-Q3 ended
    q3_and_q4(goals)
    (goals.root / "support/2026-Q4.yaml").unlink()
    assert score(goals, as_of=None)["as_of"] == "2026-09-30"
    doc = score(goals, as_of=word)
    assert doc["as_of"] == day
    (q3,) = doc["objectives"]
    assert picked(q3, "as_of", "score", "status") == (day, 1.0, "met")
    assert doc["teams"][0]["as_of"] == day


@pytest.mark.parametrize("word", ["nonsense", "2026-02-30", "tomorrow"])
def test_invalid_as_of_is_a_one_line_error(goals: GoalTree, word: str) -> None:
    q3_and_q4(goals)
    result = okrctl("score", "--format", "json", "--as-of", word, cwd=goals.root)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("okrctl: error: --as-of: ")
    assert f"`{word}`" in result.stderr


# --- fiscal quarters and leap years -------------------------------------------------------


def test_fiscal_quarter(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "fiscal_year_start: 10\n")
    kr = (
        "- {title: Reach 100, start: 0, target: 100, checkins: ["
        "{date: 2026-10-01, value: 10}, {date: 2026-11-10, value: 45}, "
        "{date: 2026-12-31, value: 100}]}"
    )
    goals.write("support.yaml", goal_file(objective("o", kr), period="2027-Q1"))
    # fiscal 2027 starts 2026-10-01: 2027-Q1 is 2026-10-01..2026-12-31, 92 days;
    # 2026-11-16: e = 46 / 92 = 0.5; 0.45 >= 0.5 - 0.1: on-track
    doc = score(goals)
    (o,) = doc["objectives"]
    assert (o["ref"], o["period"]) == ("support/2027-Q1/o", "2027-Q1")
    assert picked(o, "elapsed", "score", "status") == (0.5, 0.45, "on-track")
    # the first day's check-in counts (as-of on it: e = 0)
    first = score(goals, as_of="2026-10-01")["objectives"][0]
    assert picked(first, "elapsed", "score") == (0.0, 0.1)
    end = score(goals, as_of="end-of-period")
    assert end["as_of"] == "2026-12-31"
    assert picked(end["objectives"][0], "score", "status") == (1.0, "met")


def test_leap_year_quarter(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        pace_file([395, 394, 245, 244], []).replace(TEN_DAYS, "2024-Q1"),
    )
    doc = score(goals, as_of="2024-02-15")
    # 2024-Q1 has 31 + 29 + 31 = 91 days; 2024-02-15 is 31 + 14 = 45 days in: e = 45/91
    # = 0.494505..: on-track from 0.394505.., at-risk from 0.244505.. (in a 90-day quarter,
    # e = 0.5 would make 0.395 at-risk and 0.245 off-track)
    assert {o["elapsed"] for o in doc["objectives"]} == {0.495}
    assert statuses(doc) == {
        "c395": "on-track",
        "c394": "at-risk",
        "c245": "at-risk",
        "c244": "off-track",
    }


# --- filters, refs and kinds --------------------------------------------------------------


def filter_tree(goals: GoalTree) -> None:
    kr = "- {title: Reach 10, start: 0, target: 10, current: 5}"
    goals.write("support/2026-Q3.yaml", goal_file(objective("s3", kr), period="2026-Q3"))
    goals.write("support/2026-Q4.yaml", goal_file(objective("s4", kr)))
    goals.write("growth/2026-Q4.yaml", goal_file(objective("g4", kr), team="growth"))


@pytest.mark.parametrize(
    ("args", "refs"),
    [
        ((), {"support/2026-Q3/s3", "support/2026-Q4/s4", "growth/2026-Q4/g4"}),
        (("--period", "2026-Q4"), {"support/2026-Q4/s4", "growth/2026-Q4/g4"}),
        (("--team", "support"), {"support/2026-Q3/s3", "support/2026-Q4/s4"}),
        (("--team", "support", "--period", "2026-Q3"), {"support/2026-Q3/s3"}),
        (("--team", "nobody"), set()),
    ],
)
def test_period_and_team_filters(goals: GoalTree, args: tuple[str, ...], refs: set[str]) -> None:
    filter_tree(goals)
    doc = score(goals, *args)
    assert set(objectives(doc)) == refs
    assert {f"{t['team']}/{t['period']}" for t in doc["teams"]} == {
        ref.rsplit("/", 1)[0] for ref in refs
    }


def test_refs_and_kinds(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", KPIS)
    goals.write(
        "support/2026-Q4.yaml",
        goal_file(
            objective(
                "faster-replies",
                "- {id: first-response, title: Reply time down to 25, start: 52, target: 25, "
                "current: 31}",
                "- {title: Help-centre article for every top reason, done: false}",
                "- {title: CSAT reaches 50, kpi: support/csat, target: 50}",
            )
        ),
    )
    (o,) = score(goals)["objectives"]
    assert picked(o, "ref", "team", "period", "id", "type", "owner") == (
        "support/2026-Q4/faster-replies", "support", "2026-Q4", "faster-replies", "committed", "lin"
    )  # fmt: skip
    assert [picked(kr, "ref", "id", "kind") for kr in o["key_results"]] == [
        ("support/2026-Q4/faster-replies/first-response", "first-response", "numeric"),
        ("support/2026-Q4/faster-replies/2", None, "binary"),
        ("support/2026-Q4/faster-replies/3", None, "kpi"),
    ]


def test_json_document_shape(goals: GoalTree) -> None:
    filter_tree(goals)
    doc = score(goals, "--period", "2026-Q4")
    assert set(doc) >= {"as_of", "teams", "objectives", "skipped"}
    assert doc["as_of"] == AS_OF
    assert set(doc["teams"][0]) >= {"team", "period", "score"}
    assert set(doc["objectives"][0]) >= {
        "ref", "team", "period", "id", "title", "type", "owner", "score", "grade", "status",
        "key_results",
    }  # fmt: skip
    assert set(doc["objectives"][0]["key_results"][0]) >= {
        "ref", "id", "title", "kind", "start", "target", "current", "progress", "score",
        "weight", "grade", "status", "confidence",
    }  # fmt: skip
    assert doc["skipped"] == []


# --- invalid trees ------------------------------------------------------------------------

GOOD = goal_file(
    objective(
        "faster",
        "- {title: Reply time down to 25, start: 52, target: 25, current: 31}",
        "- {title: CSAT reaches 4.6, start: 4.1, target: 4.6, current: 4.3}",
    )
)
BAD = """\
team: growth
period: 2026-Q4
owner: omar
objectives:
  - id: trials
    title: More teams try the product
    type: comitted
    key_results:
      - {title: Trials reach 200, start: 100, target: 200, current: 150}
      - {title: Activation reaches 40, start: 30, target: 40, current: 35}
"""


def test_invalid_tree_prints_the_lint_errors_and_no_report(goals: GoalTree) -> None:
    goals.write("support.yaml", GOOD)
    goals.write("growth.yaml", BAD)
    lint = okrctl("lint", cwd=goals.root)
    assert lint.returncode == 1
    lint_lines = lint.stdout.splitlines()
    assert [ln for ln in lint_lines if ": error: " in ln] == [
        "growth.yaml:7:11: error: `type`: `comitted` is not one of committed, aspirational "
        "(did you mean `committed`?) [OK005 invalid-value]"
    ]
    for fmt in ("json", "text", "markdown"):
        result = okrctl("score", "--format", fmt, "--as-of", AS_OF, cwd=goals.root)
        assert result.returncode == 2
        assert result.stdout == ""
        # the same lines as lint (errors and summary), then one line saying why it stopped
        *listed, last = result.stderr.splitlines()
        assert listed == lint_lines
        assert last.startswith("okrctl: error: the goal tree has 1 error")
        assert "Traceback" not in result.stderr


def test_warnings_do_not_block(goals: GoalTree) -> None:
    # no owner anywhere (missing-owner) and a single key result (key-result-count): warnings
    goals.write(
        "support.yaml",
        "team: support\nperiod: 2026-Q4\nobjectives:\n"
        + objective("o", "- {title: Reach 10, start: 0, target: 10, current: 5}"),
    )
    lint = okrctl("lint", "--format", "json", cwd=goals.root)
    assert lint.returncode == 0
    severities = {f["severity"] for f in json.loads(lint.stdout)["findings"]}
    assert severities == {"warning"}
    doc = score(goals)
    (o,) = doc["objectives"]
    assert picked(o, "owner", "score") == (None, 0.5)


def test_skip_invalid_scores_the_rest_and_lists_what_it_skipped(goals: GoalTree) -> None:
    goals.write("support.yaml", GOOD)
    goals.write("growth.yaml", BAD)
    doc = score(goals, "--skip-invalid")
    assert doc["skipped"] == ["growth.yaml (1 error)"]
    assert list(objectives(doc)) == ["support/2026-Q4/faster"]
    # (0.778 + (4.3 - 4.1) / (4.6 - 4.1) = 0.4) / 2 = 0.589
    assert doc["teams"] == [
        {"team": "support", "period": "2026-Q4", "score": 0.589, "grade": "yellow",
         "as_of": AS_OF},
    ]  # fmt: skip
    text = okrctl("score", "--skip-invalid", "--as-of", AS_OF, cwd=goals.root)
    assert text.returncode == 0
    assert "Skipped (errors): growth.yaml (1 error)" in text.stdout
    markdown = okrctl("score", "-f", "markdown", "--skip-invalid", "--as-of", AS_OF, cwd=goals.root)
    assert "Skipped (errors): `growth.yaml (1 error)`" in markdown.stdout


# --- text and markdown --------------------------------------------------------------------

REPORTED_Q4 = goal_file(
    objective(
        "faster",
        "- {title: Reply time to 25, start: 52, target: 25, unit: min, checkins: ["
        "{date: 2026-10-15, value: 44, confidence: 0.7}, "
        "{date: 2026-11-12, value: 29, confidence: 0.6}]}",
        "- {title: Help centre done, done: false}",
    ),
    objective("stretch", "- {title: Launch done, done: true}", type="aspirational"),
)
# the same, a quarter earlier (and so ended on 2026-11-16)
REPORTED_Q3 = (
    REPORTED_Q4.replace("2026-Q4", "2026-Q3")
    .replace("2026-10-15", "2026-07-15")
    .replace("2026-11-12", "2026-08-12")
)


def test_markdown_report(goals: GoalTree) -> None:
    goals.write("support.yaml", REPORTED_Q4)
    result = okrctl("score", "--format", "markdown", "--as-of", AS_OF, cwd=goals.root)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    # reply time (29 - 52) / (25 - 52) = 23 / 27 = 0.85185.. -> 0.852; objectives:
    # (0.852 + 0) / 2 = 0.426 and 1.0; team (0.426 + 1.0) / 2 = 0.713: green
    assert [ln for ln in lines if ln.startswith("## ")] == ["## support · 2026-Q4: 0.713 (green)"]
    rows = [ln for ln in lines if ln.startswith("| ↳ ")]
    assert rows == [
        "| ↳ Reply time to 25 | 52 -> 29 -> 25 min | 0.852 | green | on-track (conf. 0.6) | lin |",
        "| ↳ Help centre done | not done (target: done) | 0.000 | red | off-track | lin |",
        "| ↳ Launch done | done (target: done) | 1.000 | green | on-track | lin |",
    ]
    assert "|---|" in result.stdout


def test_markdown_notes_an_aspirational_full_score(goals: GoalTree) -> None:
    goals.write("support.yaml", REPORTED_Q3)
    result = okrctl("score", "--format", "markdown", "--as-of", AS_OF, cwd=goals.root)
    notes = [ln for ln in result.stdout.splitlines() if ln.startswith("- `")]
    assert len(notes) == 1
    assert notes[0].startswith("- `support/2026-Q3/stretch`: ")
    assert "ambitious" in notes[0]


def run_text(goals: GoalTree, env: dict[str, str | None]) -> str:
    """The text report to a pipe, with neither NO_COLOR nor FORCE_COLOR unless given."""
    result = okrctl(
        "score",
        "--as-of",
        AS_OF,
        cwd=goals.root,
        env={"NO_COLOR": None, "FORCE_COLOR": None, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_text_report_without_colour(goals: GoalTree) -> None:
    goals.write("support.yaml", REPORTED_Q3)
    plain = run_text(goals, {"NO_COLOR": "1", "FORCE_COLOR": "1"})  # NO_COLOR wins
    assert "\x1b" not in plain
    assert "support · 2026-Q3" in plain
    assert "0.713 green" in plain  # the team, graded in words
    assert "52 -> 29 -> 25 min" in plain
    assert "0.852 green" in plain
    assert "missed" in plain and "success" in plain
    assert "note: support/2026-Q3/stretch" in plain
    # the same report forced into colour does have escape codes
    assert "\x1b[" in run_text(goals, {"FORCE_COLOR": "1"})


def test_reports_show_the_three_decimals_that_were_judged(goals: GoalTree) -> None:
    """docs/scoring.md: scores are reported with three decimals, so what you read is what was
    judged; 0.999 (committed: missed) must not read 1.00, nor 0.699 (yellow) 0.70."""
    goals.write("support.yaml", VERDICTS)
    markdown = okrctl("score", "-f", "markdown", "--as-of", AS_OF, cwd=goals.root).stdout
    rows = {ln.split("`")[1]: ln for ln in markdown.splitlines() if ln.startswith("| **")}
    assert "| **0.999** | green | missed |" in rows["c-short"]
    assert "| **0.699** | yellow | missed |" in rows["a-69"]
    assert "| **1.000** | green | met |" in rows["c-full"]
    text = run_text(goals, {"NO_COLOR": "1"})
    assert "0.999 green" in text
    assert "0.699 yellow" in text


def test_ids_written_with_leading_zeros_keep_them_and_numbers_stay_numbers(
    goals: GoalTree,
) -> None:
    # `007` and `010` are ids as written; `start: 050` is the number 50 (YAML 1.2 reads no
    # octal there). Score (50 -> 25, at 40): (40 - 50) / (25 - 50) = 0.4.
    goals.write(
        "support/2026-Q4.yaml",
        goal_file(
            objective(
                "007",
                """
                - id: 010
                  title: First response in 25 minutes
                  start: 050
                  target: 25
                  checkins: [{date: 2026-11-10, value: 40}]
                """,
                "- {id: csat, title: CSAT reaches 4.6, start: 4.1, target: 4.6}",
            )
        ),
    )
    document = score(goals)
    result = krs(document)["support/2026-Q4/007/010"]
    assert result["id"] == "010"
    assert result["score"] == 0.4
    assert result["start"] == 50
    assert [o["ref"] for o in document["objectives"]] == ["support/2026-Q4/007"]

"""`okrctl kpi check`: status against the band, staleness, streaks, trends and exit codes.

Every expected value below is worked out by hand from the KPI files in the test, against the
rules of issue 4 and okrctl/compute/kpi_health.py: the status comes from the latest measurement
on or before --as-of (breach outside the band, warn inside the band but outside the warn band,
ok otherwise, no-data without one); stale when that measurement is strictly older than
1.5 cadence intervals (daily 1, weekly 7, monthly 365.25/12, quarterly 365.25/4 days).
All runs use --as-of 2026-11-16 unless a test says otherwise.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tests.conftest import GoalTree, okrctl

AS_OF = "2026-11-16"


def kpi(
    ident: str,
    measurements: list[tuple[str, float]] | None = None,
    *,
    band: str | None = "{max: 45}",
    warn: str | None = None,
    cadence: str | None = "weekly",
    owner: str = "lin",
) -> str:
    """One KPI entry of a `kpis:` list, measurements in the order given."""
    lines = [f"  - id: {ident}", f"    title: KPI {ident}", f"    owner: {owner}"]
    if cadence:
        lines.append(f"    cadence: {cadence}")
    if band:
        lines.append(f"    band: {band}")
    if warn:
        lines.append(f"    warn: {warn}")
    if measurements:
        lines.append("    measurements:")
        lines += [f"      - {{date: {day}, value: {value}}}" for day, value in measurements]
    return "\n".join(lines) + "\n"


def write_kpis(goals: GoalTree, *kpis: str, team: str = "support") -> None:
    goals.write(f"{team}/kpis.yaml", f"team: {team}\nkpis:\n" + "".join(kpis))


def check(goals: GoalTree, *args: str, as_of: str = AS_OF) -> tuple[int, dict[str, Any]]:
    """Exit code and the JSON document of one `kpi check` run."""
    result = okrctl("kpi", "check", "--format", "json", "--as-of", as_of, *args, cwd=goals.root)
    assert result.stderr == ""
    return result.returncode, json.loads(result.stdout)


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k["id"]: k for k in document["kpis"]}


def test_every_status_and_breach_over_warn(goals: GoalTree) -> None:
    write_kpis(
        goals,
        kpi("empty", warn="{max: 35}", cadence=None),  # no measurement: no-data
        kpi("breached", [("2026-11-13", 50)], warn="{max: 35}"),  # 50 > 45 (and > 35): breach
        kpi("warned", [("2026-11-13", 40)], warn="{max: 35}"),  # 40 <= 45 but > 35: warn
        kpi("fine", [("2026-11-13", 30)], warn="{max: 35}"),  # 30 <= 35: ok
    )
    code, document = check(goals)
    kpis = by_id(document)
    assert {i: (k["status"], k["value"], k["date"]) for i, k in kpis.items()} == {
        "empty": ("no-data", None, None),
        "breached": ("breach", 50, "2026-11-13"),
        "warned": ("warn", 40, "2026-11-13"),
        "fine": ("ok", 30, "2026-11-13"),
    }
    # No cadence and no data: nothing promised, so not stale; nothing to streak or trend.
    assert (kpis["empty"]["stale"], kpis["empty"]["breach_streak"], kpis["empty"]["trend"]) == (
        False,
        0,
        "flat",
    )
    assert code == 1  # one breach, default --fail-on breach


def test_inclusive_band_edges(goals: GoalTree) -> None:
    band = "{min: 10, max: 45}"
    write_kpis(
        goals,
        kpi("at-max", [("2026-11-13", 45)], band=band),  # 45 <= 45: inside
        kpi("over-max", [("2026-11-13", 45.001)], band=band),  # 45.001 > 45: outside
        kpi("at-min", [("2026-11-13", 10)], band=band),  # 10 >= 10: inside
        kpi("under-min", [("2026-11-13", 9.999)], band=band),  # 9.999 < 10: outside
    )
    _, document = check(goals)
    assert {i: k["status"] for i, k in by_id(document).items()} == {
        "at-max": "ok",
        "over-max": "breach",
        "at-min": "ok",
        "under-min": "breach",
    }


def test_min_only_and_max_only_bands(goals: GoalTree) -> None:
    write_kpis(
        goals,
        kpi("min-huge", [("2026-11-13", 1000000)], band="{min: 10}"),  # no ceiling: ok
        kpi("min-below", [("2026-11-13", 9.5)], band="{min: 10}"),  # 9.5 < 10: breach
        kpi("max-negative", [("2026-11-13", -1000)], band="{max: 45}"),  # no floor: ok
        kpi("max-above", [("2026-11-13", 46)], band="{max: 45}"),  # 46 > 45: breach
    )
    code, document = check(goals)
    kpis = by_id(document)
    assert {i: k["status"] for i, k in kpis.items()} == {
        "min-huge": "ok",
        "min-below": "breach",
        "max-negative": "ok",
        "max-above": "breach",
    }
    assert kpis["min-huge"]["band"] == {"min": 10, "max": None}
    assert kpis["max-above"]["band"] == {"min": None, "max": 45}
    assert code == 1


def test_warn_band_inside_the_band(goals: GoalTree) -> None:
    band, warn = "{min: 0, max: 100}", "{min: 20, max: 80}"
    write_kpis(
        goals,
        kpi("warn-top-edge", [("2026-11-13", 80)], band=band, warn=warn),  # 80 <= 80: ok
        kpi("warn-bottom-edge", [("2026-11-13", 20)], band=band, warn=warn),  # 20 >= 20: ok
        kpi("above-warn", [("2026-11-13", 80.5)], band=band, warn=warn),  # in band, > 80: warn
        kpi("below-warn", [("2026-11-13", 19.5)], band=band, warn=warn),  # in band, < 20: warn
        kpi("band-top-edge", [("2026-11-13", 100)], band=band, warn=warn),  # 100 in band: warn
        kpi("band-bottom-edge", [("2026-11-13", 0)], band=band, warn=warn),  # 0 in band: warn
        kpi("over-band", [("2026-11-13", 100.001)], band=band, warn=warn),  # > 100: breach
        kpi("under-band", [("2026-11-13", -0.001)], band=band, warn=warn),  # < 0: breach
    )
    code, document = check(goals)
    assert code == 1  # over-band and under-band
    kpis = by_id(document)
    assert {i: k["status"] for i, k in kpis.items()} == {
        "warn-top-edge": "ok",
        "warn-bottom-edge": "ok",
        "above-warn": "warn",
        "below-warn": "warn",
        "band-top-edge": "warn",
        "band-bottom-edge": "warn",
        "over-band": "breach",
        "under-band": "breach",
    }
    assert kpis["above-warn"]["warn"] == {"min": 20, "max": 80}
    # warn values lie inside the band, so they never count towards a breach streak
    assert {k["breach_streak"] for i, k in kpis.items() if k["status"] == "warn"} == {0}


def test_breach_streaks_are_broken_by_one_in_band_value(goals: GoalTree) -> None:
    days = ["2026-10-26", "2026-11-02", "2026-11-06", "2026-11-09", "2026-11-13"]
    write_kpis(
        goals,
        # band max 45: 50, 51 out, 40 in, 52, 53 out -> the latest run is 52, 53: 2
        kpi("broken", list(zip(days, [50, 51, 40, 52, 53], strict=True))),
        # all five out of band: 5
        kpi("unbroken", list(zip(days, [50, 51, 52, 53, 54], strict=True))),
        # the latest value is back in band: 0, whatever came before
        kpi("recovered", list(zip(days, [50, 51, 52, 53, 40], strict=True))),
        # 40, 41 are outside the warn band but inside the band: no breach at all
        kpi("warn-only", list(zip(days[:2], [40, 41], strict=True)), warn="{max: 35}"),
    )
    _, document = check(goals)
    assert {i: (k["status"], k["breach_streak"]) for i, k in by_id(document).items()} == {
        "broken": ("breach", 2),
        "unbroken": ("breach", 5),
        "recovered": ("ok", 0),
        "warn-only": ("warn", 0),
    }


def test_stale_at_each_cadence(goals: GoalTree) -> None:
    # Thresholds (1.5 intervals): daily 1.5 days, weekly 10.5, monthly 1.5 * 30.4375 = 45.66,
    # quarterly 1.5 * 91.3125 = 136.97. Days counted back from 2026-11-16 on a calendar:
    # 11-15 is 1 day, 11-14 2, 11-06 10, 11-05 11, 10-02 45, 10-01 46,
    # 07-03 136 (28 left in July + 31 + 30 + 31 + 16), 07-02 137.
    write_kpis(
        goals,
        kpi("daily-1", [("2026-11-15", 30)], cadence="daily"),
        kpi("daily-2", [("2026-11-14", 30)], cadence="daily"),
        kpi("weekly-10", [("2026-11-06", 30)], cadence="weekly"),
        kpi("weekly-11", [("2026-11-05", 30)], cadence="weekly"),
        kpi("monthly-45", [("2026-10-02", 30)], cadence="monthly"),
        kpi("monthly-46", [("2026-10-01", 30)], cadence="monthly"),
        kpi("quarterly-136", [("2026-07-03", 30)], cadence="quarterly"),
        kpi("quarterly-137", [("2026-07-02", 30)], cadence="quarterly"),
        kpi("never-measured", cadence="weekly"),  # a cadence and no data: not being watched
        kpi("no-cadence", [("2025-11-16", 30)], cadence=None),  # a year old, but no promise
    )
    _, document = check(goals)
    kpis = by_id(document)
    assert {i: (k["stale"], k["age_days"]) for i, k in kpis.items()} == {
        "daily-1": (False, 1),
        "daily-2": (True, 2),
        "weekly-10": (False, 10),
        "weekly-11": (True, 11),
        "monthly-45": (False, 45),
        "monthly-46": (True, 46),
        "quarterly-136": (False, 136),
        "quarterly-137": (True, 137),
        "never-measured": (True, None),
        "no-cadence": (False, 365),
    }
    # Staleness is separate from the status: 30 is inside {max: 45} everywhere.
    assert {k["status"] for i, k in kpis.items() if i != "never-measured"} == {"ok"}
    assert kpis["never-measured"]["status"] == "no-data"


def test_stale_after_is_configurable(goals: GoalTree) -> None:
    # weekly; 2026-10-26 is 21 days before 2026-11-16, 2026-10-25 is 22.
    write_kpis(
        goals,
        kpi("three-weeks", [("2026-10-26", 30)]),
        kpi("three-weeks-and-a-day", [("2026-10-25", 30)]),
    )
    # default 1.5 * 7 = 10.5 days: both stale
    _, document = check(goals)
    assert {i: k["stale"] for i, k in by_id(document).items()} == {
        "three-weeks": True,
        "three-weeks-and-a-day": True,
    }
    # 3 * 7 = 21 days: 21 is not older than that, 22 is
    goals.write("okrctl.yaml", "kpi:\n  stale_after: 3\n")
    _, document = check(goals)
    assert {i: k["stale"] for i, k in by_id(document).items()} == {
        "three-weeks": False,
        "three-weeks-and-a-day": True,
    }


def test_measurements_after_the_as_of_date_are_ignored(goals: GoalTree) -> None:
    # 11-20 and 11-21 lie after the as-of date 11-16 (and before today, 2026-11-22).
    write_kpis(
        goals,
        kpi(
            "late",
            [
                ("2026-11-02", 50),
                ("2026-11-09", 52),
                ("2026-11-13", 30),
                ("2026-11-20", 60),
                ("2026-11-21", 61),
            ],
        ),
    )
    code, document = check(goals)
    late = by_id(document)["late"]
    # as of 11-16: latest is 30 on 11-13, in band; last three 50, 52, 30: 30 < 50, down
    assert (late["value"], late["date"], late["status"]) == (30, "2026-11-13", "ok")
    assert (late["breach_streak"], late["trend"], late["age_days"]) == (0, "down", 3)
    assert late["history"] == [
        {"date": "2026-11-02", "value": 50},
        {"date": "2026-11-09", "value": 52},
        {"date": "2026-11-13", "value": 30},
    ]
    assert code == 0
    # as of 11-21 the later ones count: 61 breach, streak 60, 61 = 2, last three 30, 60, 61 up
    code, document = check(goals, as_of="2026-11-21")
    late = by_id(document)["late"]
    assert (late["value"], late["date"], late["status"]) == (61, "2026-11-21", "breach")
    assert (late["breach_streak"], late["trend"], late["age_days"]) == (2, "up", 0)
    assert code == 1


def test_ties_on_a_date_go_to_the_later_one_in_the_file(goals: GoalTree) -> None:
    write_kpis(
        goals,
        kpi("tie-ok-last", [("2026-11-13", 50), ("2026-11-13", 30)]),  # 30 wins: ok
        kpi("tie-breach-last", [("2026-11-13", 30), ("2026-11-13", 50)]),  # 50 wins: breach
        # written out of order: the latest date (11-13: 30) wins, not the last line
        kpi("unordered", [("2026-11-13", 30), ("2026-11-06", 50)]),
    )
    _, document = check(goals)
    kpis = by_id(document)
    assert {i: (k["value"], k["status"], k["breach_streak"]) for i, k in kpis.items()} == {
        "tie-ok-last": (30, "ok", 0),
        "tie-breach-last": (50, "breach", 1),
        "unordered": (30, "ok", 0),
    }
    # trends in date order (file order within a day): 50 -> 30 down, 30 -> 50 up, 50 -> 30 down
    assert {i: k["trend"] for i, k in kpis.items()} == {
        "tie-ok-last": "down",
        "tie-breach-last": "up",
        "unordered": "down",
    }


def test_trend_over_the_last_three_measurements(goals: GoalTree) -> None:
    days = ["2026-11-02", "2026-11-06", "2026-11-09", "2026-11-13"]
    band = "{max: 1000}"
    write_kpis(
        goals,
        kpi("rising", list(zip(days, [10, 20, 15], strict=False)), band=band),  # 15 > 10: up
        kpi("falling", list(zip(days, [20, 10, 15], strict=False)), band=band),  # 15 < 20: down
        kpi("level", list(zip(days, [10, 20, 10], strict=False)), band=band),  # 10 = 10: flat
        # only the last three count: 10 -> 30 is up, although 30 < 100 (the first of four)
        kpi("window", list(zip(days, [100, 10, 20, 30], strict=True)), band=band),
        kpi("single", [("2026-11-13", 10)], band=band),  # fewer than two: flat
        kpi("pair", [("2026-11-09", 12), ("2026-11-13", 10)], band=band),  # 10 < 12: down
    )
    _, document = check(goals)
    assert {i: k["trend"] for i, k in by_id(document).items()} == {
        "rising": "up",
        "falling": "down",
        "level": "flat",
        "window": "up",
        "single": "flat",
        "pair": "down",
    }


FRESH = "2026-11-13"  # 3 days before the as-of date: fresh at a weekly cadence
TREES = {
    "ok": kpi("k", [(FRESH, 30)], warn="{max: 35}"),
    # 30 in band, measured 2026-11-01: 15 days > 10.5 -> stale, status ok
    "stale": kpi("k", [("2026-11-01", 30)], warn="{max: 35}"),
    "warn": kpi("k", [(FRESH, 40)], warn="{max: 35}"),  # 40 in band, outside warn
    "breach": kpi("k", [(FRESH, 50)], warn="{max: 35}"),
    "no-data": kpi("k", warn="{max: 35}", cadence=None),  # no cadence: never stale
}
# Exit 1 when a KPI is at or beyond --fail-on: breach (3) > warn (2) > stale (1); never: 0.
EXPECTED_EXIT = {
    #           default breach warn stale never
    "ok": (0, 0, 0, 0, 0),
    "stale": (0, 0, 0, 1, 0),
    "warn": (0, 0, 1, 1, 0),
    "breach": (1, 1, 1, 1, 0),
    "no-data": (0, 0, 0, 0, 0),
}


@pytest.mark.parametrize("tree", list(TREES))
def test_exit_code_for_each_fail_on_level(goals: GoalTree, tree: str) -> None:
    write_kpis(goals, TREES[tree])
    codes = tuple(
        check(goals, *extra)[0]
        for extra in ([], ["--fail-on", "breach"], ["--fail-on", "warn"], ["--fail-on", "stale"])
    ) + (check(goals, "--fail-on", "never")[0],)
    assert codes == EXPECTED_EXIT[tree]


def test_team_filter(goals: GoalTree) -> None:
    write_kpis(goals, kpi("first-response-time", [(FRESH, 50)]), team="support")  # breach
    write_kpis(goals, kpi("mrr", [(FRESH, 500)], band="{min: 450}"), team="growth")  # ok
    code, document = check(goals)
    assert [k["ref"] for k in document["kpis"]] == ["growth/mrr", "support/first-response-time"]
    assert code == 1
    code, document = check(goals, "--team", "growth")
    assert [k["ref"] for k in document["kpis"]] == ["growth/mrr"]
    assert code == 0  # support's breach is not on this board
    code, document = check(goals, "--team", "support")
    assert [k["ref"] for k in document["kpis"]] == ["support/first-response-time"]
    assert code == 1


DOC_KPI = """
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: lin
    unit: min
    cadence: weekly
    band: {max: 45}
    warn: {max: 35}
    target: 25
    measurements:
      - {date: 2026-11-06, value: 47}
      - {date: 2026-11-13, value: 49, note: Two agents out sick}
"""


def test_json_fields_of_one_kpi(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", DOC_KPI)
    code, document = check(goals)
    # 49 > 45: breach; 47 and 49 both out of band: streak 2; 49 > 47: up;
    # 3 days old at a weekly cadence (limit 10.5): not stale.
    assert document == {
        "as_of": "2026-11-16",
        "kpis": [
            {
                "ref": "support/first-response-time",
                "team": "support",
                "id": "first-response-time",
                "title": "Median first-response time",
                "owner": "lin",
                "unit": "min",
                "cadence": "weekly",
                "band": {"min": None, "max": 45},
                "warn": {"min": None, "max": 35},
                "target": 25,
                "value": 49,
                "date": "2026-11-13",
                "status": "breach",
                "stale": False,
                "age_days": 3,
                "breach_streak": 2,
                "trend": "up",
                "history": [
                    {"date": "2026-11-06", "value": 47},
                    {"date": "2026-11-13", "value": 49},
                ],
            }
        ],
        "skipped": [],
    }
    assert code == 1


@pytest.mark.parametrize("output_format", ["json", "text", "markdown"])
def test_a_tree_with_a_lint_error_exits_2_with_nothing_on_stdout(
    goals: GoalTree, output_format: str
) -> None:
    goals.write("support/kpis.yaml", DOC_KPI.replace("    owner: lin\n", ""))  # owner required
    result = okrctl("kpi", "check", "--format", output_format, "--as-of", AS_OF, cwd=goals.root)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "missing-field" in result.stderr
    assert result.stderr.endswith(
        "okrctl: error: the goal tree has 1 error (listed above); fix them, or pass "
        "--skip-invalid to report on the rest\n"
    )


BACKLOG = """
  - id: backlog
    title: Open tickets older than 48 hours
    owner: lin
    unit: tickets
    cadence: weekly
    band: {max: 120}
    measurements:
      - {date: 2026-11-02, value: 10}
      - {date: 2026-11-09, value: 80}
      - {date: 2026-11-13, value: 40}
"""


def markdown_tree(goals: GoalTree) -> None:
    # backlog first in the file, then the first-response-time KPI of DOC_KPI
    goals.write("support/kpis.yaml", DOC_KPI.replace("kpis:\n", "kpis:" + BACKLOG, 1))
    goals.write(
        "growth/kpis.yaml",
        """
        team: growth
        kpis:
          - id: nps
            title: Net Promoter Score
            owner: dev
            unit: points
            band: {min: 30}
        """,
    )


def test_markdown_has_a_table_row_per_kpi(goals: GoalTree) -> None:
    markdown_tree(goals)
    result = okrctl("kpi", "check", "--format", "markdown", "--as-of", AS_OF, cwd=goals.root)
    assert result.returncode == 1
    # Teams in name order, worst first within a team (the breach before the ok row, though
    # the file lists backlog first). Sparklines: 47, 49 scale to the lowest and highest
    # block; 10, 80, 40 -> 0, 7 and (40 - 10) * 7 / 70 = 3 -> "▁█▄". nps: no data, no spark.
    assert result.stdout == (
        "# KPI board as of 2026-11-16\n"
        "\n"
        "## growth\n"
        "\n"
        "| KPI | Value | Band | Recent | Status | Owner | Measured |\n"
        "|---|--:|---|---|---|---|---|\n"
        "| Net Promoter Score `growth/nps` | - | >= 30 points |  | **no-data** | dev | never |\n"
        "\n"
        "## support\n"
        "\n"
        "| KPI | Value | Band | Recent | Status | Owner | Measured |\n"
        "|---|--:|---|---|---|---|---|\n"
        "| Median first-response time `support/first-response-time` | 49 min | <= 45 min | ▁█ "
        "| **breach x2** | lin | 3 days ago |\n"
        "| Open tickets older than 48 hours `support/backlog` | 40 tickets | <= 120 tickets "
        "| ▁█▄ | **ok** | lin | 3 days ago |\n"
    )


def run_piped(goals: GoalTree, **env: str) -> subprocess.CompletedProcess[str]:
    """The CLI with stdout to a pipe and neither NO_COLOR nor FORCE_COLOR unless given."""
    unset: dict[str, str | None] = {"NO_COLOR": None, "FORCE_COLOR": None}
    return okrctl("kpi", "check", "--as-of", AS_OF, cwd=goals.root, env={**unset, **env})


def test_text_board_when_piped_has_no_ansi_escapes(goals: GoalTree) -> None:
    markdown_tree(goals)
    result = run_piped(goals)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    assert result.stdout.startswith("KPI board as of 2026-11-16\n")
    assert "breach x2" in result.stdout
    # 3 KPIs: first-response-time breach, backlog ok, nps no data; none stale
    assert result.stdout.endswith("3 KPIs: 1 in breach, 0 warn, 1 ok, 1 without data; 0 stale.\n")
    # The control: forcing colour does colour the board, so the check above can fail.
    assert "\x1b[" in run_piped(goals, FORCE_COLOR="1").stdout

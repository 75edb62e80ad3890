"""Counts read as English (issue 15): "1 suggestion", "1 KPI", "1 day ago", not "1 days"."""

from __future__ import annotations

from tests.conftest import GoalTree, okrctl

ONE_KPI = """
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: sam
    unit: min
    cadence: daily
    band: {max: 45}
    measurements:
      - {date: 2026-11-27, value: 40}
      - {date: 2026-11-28, value: 41}
"""


def test_kpi_board_counts_one_kpi(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", ONE_KPI)
    result = okrctl("kpi", "check", "--as-of", "2026-11-28", cwd=goals.root)
    assert result.returncode == 0
    assert "\n1 KPI: 0 in breach, 0 warn, 1 ok, 0 without data; 0 stale.\n" in result.stdout


def test_one_suggestion_and_one_breaching_measurement(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "kpi: {breach_streak: 1}\n")
    goals.write("support/kpis.yaml", ONE_KPI.replace("value: 41", "value: 52"))
    result = okrctl("suggest", "--as-of", "2026-11-28", cwd=goals.root)
    assert result.stdout.startswith("1 suggestion as of 2026-11-28:\n")
    assert "outside its band for 1 measurement in a row (now 52 min)" in " ".join(
        result.stdout.split()
    )


def test_a_kpi_stale_for_one_day(goals: GoalTree) -> None:
    # Daily, stale after half a day: measured on 11-28, it is stale on 11-29, 1 day later.
    goals.write("okrctl.yaml", "kpi: {stale_after: 0.5}\n")
    goals.write("support/kpis.yaml", ONE_KPI)
    result = okrctl("review", "--as-of", "2026-11-29", "--format", "json", cwd=goals.root)
    assert "last measured 1 day ago, though it is measured daily" in result.stdout
    assert "1 days" not in result.stdout


def test_too_many_kpis_counts_one(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  rules:\n    too-many-kpis: {max: 0}\n")
    goals.write("support/kpis.yaml", ONE_KPI)
    assert goals.lint().messages("too-many-kpis") == [
        "team `support` has 1 KPI, more than 0: a team that watches everything watches nothing"
    ]

"""Defects a new user and a red team found in the issue-20 commands (impact, the monthly
review, calibration), each pinned by the input that showed it."""

from __future__ import annotations

import json

from tests.conftest import EXAMPLES, GoalTree, okrctl

# A KPI measured once before the as-of date (10 on 2026-04-30) and once after it (99 on
# 2026-06-30); a 2026-Q3 objective set out to move it, and a KPI graduated from its key result.
FUTURE_PERIOD_KPIS = """
    team: ops
    kpis:
      - id: latency
        title: Latency
        owner: ana
        cadence: monthly
        band: {max: 50}
        measurements:
          - {date: 2026-04-30, value: 10}
          - {date: 2026-06-30, value: 99}
      - id: errors
        title: Errors
        owner: ana
        cadence: monthly
        band: {max: 50}
        from_kr: ops/2026-Q3/fast/down
        measurements:
          - {date: 2026-04-30, value: 10}
          - {date: 2026-06-30, value: 99}
"""

FUTURE_PERIOD_OKRS = """
    team: ops
    period: 2026-Q3
    objectives:
      - id: fast
        title: Make it fast
        type: committed
        owner: ana
        from_kpi: ops/latency
        key_results:
          - {id: down, title: Latency down to 20, kpi: ops/latency, target: 20}
"""


def test_impact_of_a_period_not_begun_reads_nothing_after_the_as_of_date(
    goals: GoalTree,
) -> None:
    """As of 2026-05-01, 2026-Q3 has not begun: its first day's value is not known yet. It was
    read from the 2026-06-30 measurement (99), a value from after the as-of date, and shown as
    "99 on 2026-07-01 -> 10 so far"."""
    goals.write("okrctl.yaml", "people: [ana]\n")
    goals.write("ops/kpis.yaml", FUTURE_PERIOD_KPIS)
    goals.write("ops/2026-Q3.yaml", FUTURE_PERIOD_OKRS)
    result = okrctl("impact", str(goals.root), "--as-of", "2026-05-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    impacts = json.loads(result.stdout)["impacts"]
    assert [(i["ref"], i["before"], i["end"], i["after"], i["verdict"]) for i in impacts] == [
        ("ops/2026-Q3/fast", None, None, None, "too-early"),
        ("ops/errors", None, None, None, "too-early"),
    ]
    assert impacts[0]["reason"] == "2026-Q3 starts on 2026-07-01"
    assert impacts[1]["reason"] == "ops/2026-Q3/fast/down starts on 2026-07-01"
    text = okrctl("impact", str(goals.root), "--as-of", "2026-05-01").stdout
    assert "99" not in text


def test_an_as_of_date_outside_the_calendar_periods_can_name_is_a_usage_error() -> None:
    """`--as-of 9999-12-31` (the following quarter would be in year 10000) and
    `--as-of 0001-01-01` (no period label names year 1) were "internal error" in impact, suggest
    and review; they are a one-line usage error (exit 2) in every command that takes --as-of,
    and the edges of the range still work."""
    for day in ("9999-12-31", "1000-12-31", "0001-01-01"):
        for command in (
            ("impact",),
            ("suggest",),
            ("calibration",),
            ("review",),
            ("review", "--cadence", "monthly"),
            ("score",),
        ):
            result = okrctl(*command, str(EXAMPLES), "--as-of", day)
            assert result.returncode == 2, (command, day)
            assert result.stderr == (
                f"okrctl: error: --as-of: `{day}` is out of range: "
                "write a date from 1001-01-01 to 9998-12-31\n"
            ), (command, day)
    for day in ("9998-12-31", "1001-01-01"):
        for command in (
            ("impact",),
            ("suggest",),
            ("review",),
            ("review", "--cadence", "monthly"),
        ):
            result = okrctl(*command, str(EXAMPLES), "--as-of", day)
            assert result.returncode == 0, (command, day, result.stderr)


def test_a_period_that_ends_on_the_last_day_of_the_calendar(goals: GoalTree) -> None:
    """A range ending on 9999-12-31 has no day after it: lint (the period that follows
    another) and impact (the following period) failed with "internal error: OverflowError".
    It is judged `too-early` (it has not ended at any as-of date)."""
    goals.write("okrctl.yaml", "people: [ana]\n")
    goals.write(
        "ops/kpis.yaml",
        FUTURE_PERIOD_KPIS.replace("ops/2026-Q3/fast/down", "ops/2026-10-01..9999-12-31/fast/down"),
    )
    goals.write(
        "ops/far.yaml",
        FUTURE_PERIOD_OKRS.replace(
            "period: 2026-Q3", "period: {start: 2026-10-01, end: 9999-12-31}"
        ),
    )
    goals.write(
        "ops/last.yaml",
        FUTURE_PERIOD_OKRS.replace(
            "period: 2026-Q3", "period: {start: 9999-12-01, end: 9999-12-31}"
        ),
    )
    assert goals.lint().exit_code == 0
    result = okrctl("impact", str(goals.root), "--format", "json")
    assert result.returncode == 0, result.stderr
    impacts = json.loads(result.stdout)["impacts"]
    assert [(i["ref"], i["verdict"]) for i in impacts] == [
        ("ops/2026-10-01..9999-12-31/fast", "too-early"),
        ("ops/9999-12-01..9999-12-31/fast", "too-early"),
        ("ops/errors", "too-early"),
    ]
    for command in (("review",), ("review", "--cadence", "monthly"), ("suggest",)):
        result = okrctl(*command, str(goals.root))
        assert result.returncode == 0, (command, result.stderr)


def test_a_monthly_trend_larger_than_a_float_reads_in_words(goals: GoalTree) -> None:
    """Month ends of -1.6e308 and 1.6e308 (each a finite float the file may hold) change by
    3.2e308, exactly, as a whole number too large for a float: the text, Markdown and HTML
    reviews stopped with "internal error: OverflowError"."""
    ends = ["2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"]
    rows = "".join(
        f"              - {{date: {day}, value: {'1.6e308' if n % 2 else '-1.6e308'}}}\n"
        for n, day in enumerate(ends)
    )
    goals.write("okrctl.yaml", "people: [ana]\n")
    goals.write(
        "q/kpis.yaml",
        """
        team: q
        kpis:
          - id: a
            title: A
            owner: ana
            cadence: monthly
            band: {min: -1.7e308, max: 1.7e308}
            measurements:
        """.rstrip(" ")
        + rows,
    )
    for name in ("text", "markdown", "html", "json"):
        result = okrctl(
            "review", str(goals.root), "--cadence", "monthly", "--as-of", "2026-11-02", "-f", name
        )
        assert result.returncode == 0, (name, result.stderr)
    text = okrctl("review", str(goals.root), "--cadence", "monthly", "--as-of", "2026-11-02")
    # -1.6e308 on Jul 31, 1.6e308 on Oct 31: up 3.2e308.
    assert "up 3.2e+308, " in " ".join(text.stdout.split())

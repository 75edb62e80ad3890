"""okrctl.compute.diff on planned paths (issue 16 item 6): a plan pushed later or lowered once
the period has started moves the goalposts; a plan brought forward or raised makes the goal
harder; a back-loaded plan added expects less than the straight line and eases it too."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from okrctl.compute.diff import Kind, Sign, compare
from okrctl.model.tree import GoalTree
from okrctl.reports.diff_json import change as change_document
from okrctl.reports.diff_words import describe
from tests.compute.trees import goal_file, load

STARTED = date(2026, 11, 22)
BEFORE_START = date(2026, 9, 20)


def plan(*points: tuple[str, int]) -> str:
    """`plan:` lines of a key result with these (date, value) points."""
    lines = "".join(f"        - {{date: {day}, value: {value}}}\n" for day, value in points)
    return "      plan:\n" + lines


PLAN = plan(("2026-10-31", 10), ("2026-11-30", 20))
LATER = plan(("2026-11-15", 10), ("2026-12-15", 20))
LOWER = plan(("2026-10-31", 5), ("2026-11-30", 20))
HIGHER = plan(("2026-10-31", 15), ("2026-11-30", 20))
# Ahead of the old plan in October, behind it in November: neither easier nor harder.
RESHAPED = plan(("2026-10-31", 15), ("2026-11-30", 16))


def tree(tmp_path: Path, lines: str) -> GoalTree:
    text = (
        "- id: partners\n"
        "  title: Pipeline comes from partners\n"
        "  type: committed\n"
        "  key_results:\n"
        "    - id: share\n"
        "      title: Partner-sourced share of pipeline reaches 40%\n"
        "      start: 0\n"
        "      target: 40\n"
        '      unit: "%"\n'
        f"{lines}"
    )
    return load(tmp_path, {"q4.yaml": goal_file("sales", "2026-Q4", text)})


def changes(
    tmp_path: Path, before: str, after: str, as_of: date = STARTED
) -> list[tuple[str, object]]:
    found = compare(tree(tmp_path / "base", before), tree(tmp_path / "working", after), as_of)
    return [(describe(c), c.sign) for c in found if c.kind is Kind.PLAN_CHANGED]


def test_a_plan_pushed_later_moves_the_goalposts(tmp_path: Path) -> None:
    assert changes(tmp_path, PLAN, LATER) == [
        (
            "plan pushed later from 10% by 2026-10-31, 20% by 2026-11-30 to 10% by 2026-11-15, "
            "20% by 2026-12-15 (easier)",
            Sign.GOALPOSTS_MOVED,
        )
    ]


def test_a_plan_lowered_moves_the_goalposts_raised_does_not(tmp_path: Path) -> None:
    assert changes(tmp_path / "l", PLAN, LOWER) == [
        (
            "plan lowered from 10% by 2026-10-31, 20% by 2026-11-30 to 5% by 2026-10-31, "
            "20% by 2026-11-30 (easier)",
            Sign.GOALPOSTS_MOVED,
        )
    ]
    assert changes(tmp_path / "h", PLAN, HIGHER) == [
        (
            "plan raised from 10% by 2026-10-31, 20% by 2026-11-30 to 15% by 2026-10-31, "
            "20% by 2026-11-30 (harder)",
            None,
        )
    ]
    assert [sign for _, sign in changes(tmp_path / "r", PLAN, RESHAPED)] == [None]
    assert changes(tmp_path / "r2", PLAN, RESHAPED)[0][0].startswith("plan reshaped from ")


def test_before_the_period_a_plan_eased_is_planning(tmp_path: Path) -> None:
    assert [sign for _, sign in changes(tmp_path, PLAN, LATER, BEFORE_START)] == [None]


def test_a_plan_added_or_removed_is_judged_against_the_straight_line(tmp_path: Path) -> None:
    # The straight line from 0 on 10-01 to 40 on 12-31 is at 30/91 x 40 = 13.19 on 10-31 and
    # 60/91 x 40 = 26.37 on 11-30: a plan of 10 and 20 by those days expects less: easier.
    assert changes(tmp_path / "a", "", PLAN) == [
        ("plan added: 10% by 2026-10-31, 20% by 2026-11-30 (easier)", Sign.GOALPOSTS_MOVED)
    ]
    assert changes(tmp_path / "r", PLAN, "") == [
        ("plan removed (was 10% by 2026-10-31, 20% by 2026-11-30) (harder)", None)
    ]


def test_the_json_carries_the_points(tmp_path: Path) -> None:
    (found,) = [
        c
        for c in compare(tree(tmp_path / "b", PLAN), tree(tmp_path / "w", LATER), STARTED)
        if c.kind is Kind.PLAN_CHANGED
    ]
    document = change_document(found)
    assert (document["kind"], document["field"], document["old"], document["new"]) == (
        "plan-changed",
        "plan",
        [{"date": "2026-10-31", "value": 10}, {"date": "2026-11-30", "value": 20}],
        [{"date": "2026-11-15", "value": 10}, {"date": "2026-12-15", "value": 20}],
    )
    assert found.reason == (
        "2026-Q4 started on 2026-10-01: a plan that expects less once the period is under way "
        "moves the goalposts"
    )


def test_a_plan_unchanged_is_no_change(tmp_path: Path) -> None:
    assert changes(tmp_path, PLAN, PLAN.replace("value: 10}", "value: 10.0}")) == []

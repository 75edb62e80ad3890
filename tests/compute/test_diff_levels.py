"""okrctl.compute.diff on commit and stretch levels (issue 16 item 5): a level made easier
once the period has started moves the goalposts, like a target eased; so does a stretch
removed (the target then scores 1.0)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from okrctl.compute.diff import Kind, Sign, compare
from okrctl.reports.diff_json import change as change_document
from okrctl.reports.diff_words import describe
from tests.compute.trees import goal_file, load

STARTED = date(2026, 11, 22)
BEFORE_START = date(2026, 9, 20)


def objectives(up: str, down: str) -> str:
    return f"""
- id: trials
  title: More trials become paying customers
  type: aspirational
  key_results:
    - id: teams
      title: Weekly active teams from 120 to 200
      start: 120
      target: 200
{up}
    - id: onboarding
      title: Median onboarding time down to 3 days
      start: 9
      target: 3
      unit: days
{down}
"""


BEFORE = objectives("      commit: 160\n      stretch: 260", "      commit: 6\n      stretch: 2")
AFTER = objectives("      commit: 170\n      stretch: 240", "      commit: 7")


def test_levels_changed_in_goal_terms(tmp_path: Path) -> None:
    base = load(tmp_path / "base", {"q4.yaml": goal_file("growth", "2026-Q4", BEFORE)})
    working = load(tmp_path / "working", {"q4.yaml": goal_file("growth", "2026-Q4", AFTER)})
    changes = compare(base, working, STARTED)
    assert [(c.ref, c.kind, describe(c), c.sign) for c in changes] == [
        (
            "growth/2026-Q4/trials/onboarding",
            Kind.LEVEL_CHANGED,
            "commit level raised from 6 days to 7 days (easier)",
            Sign.GOALPOSTS_MOVED,
        ),
        (
            "growth/2026-Q4/trials/onboarding",
            Kind.LEVEL_CHANGED,
            "stretch level removed (was 2 days) (easier)",
            Sign.GOALPOSTS_MOVED,
        ),
        (
            "growth/2026-Q4/trials/teams",
            Kind.LEVEL_CHANGED,
            "commit level raised from 160 to 170 (harder)",
            None,
        ),
        (
            "growth/2026-Q4/trials/teams",
            Kind.LEVEL_CHANGED,
            "stretch level lowered from 260 to 240 (easier)",
            Sign.GOALPOSTS_MOVED,
        ),
    ]
    lowered = change_document(changes[3])
    assert (lowered["kind"], lowered["field"], lowered["old"], lowered["new"]) == (
        "level-changed",
        "stretch",
        260,
        240,
    )
    assert changes[3].reason == (
        "2026-Q4 started on 2026-10-01: a stretch level made easier once the period is under "
        "way moves the goalposts"
    )


def test_before_the_period_a_level_eased_is_no_sign(tmp_path: Path) -> None:
    base = load(tmp_path / "base", {"q4.yaml": goal_file("growth", "2026-Q4", BEFORE)})
    working = load(tmp_path / "working", {"q4.yaml": goal_file("growth", "2026-Q4", AFTER)})
    assert [c.sign for c in compare(base, working, BEFORE_START)] == [None] * 4


def test_a_stretch_added_is_harder(tmp_path: Path) -> None:
    base = load(tmp_path / "base", {"q4.yaml": goal_file("growth", "2026-Q4", AFTER)})
    working = load(tmp_path / "working", {"q4.yaml": goal_file("growth", "2026-Q4", BEFORE)})
    added = [c for c in compare(base, working, STARTED) if c.direction == "added"]
    assert [(describe(c), c.sign) for c in added] == [
        ("stretch level added: 2 days (harder)", None)
    ]

"""okrctl.compute.diff: the changes between two goal trees and the warning signs among them,
computed directly from two folders (no git: the base tree is read from disk like the other).

2026-Q4 runs from 2026-10-01 to 2026-12-31. As of 2026-11-22 it is under way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from okrctl.compute.diff import Change, Kind, Range, Sign, band_direction, compare
from okrctl.model.tree import GoalTree
from tests.compute.trees import goal_file, load

AS_OF = date(2026, 11, 22)
BEFORE_Q4 = date(2026, 9, 28)

Q4 = """
- id: faster
  title: Customers get answers while they still care
  type: committed
  key_results:
    - id: fr
      title: Median first response down from 52 to 25 minutes
      unit: min
      start: 52
      target: 25
      checkins:
        - {date: 2026-10-15, value: 44, confidence: 0.7}
        - {date: 2026-11-12, value: 36}
    - id: conversion
      title: Trial-to-paid conversion up from 12% to 18%
      start: 12
      target: 18
      current: 14
    - {id: help-centre, title: Help-centre article for every top reason, done: false}
"""

KPIS = """
team: support
kpis:
  - id: csat
    title: Customer satisfaction
    owner: lin
    cadence: monthly
    band: {min: 4.2}
    measurements:
      - {date: 2026-09-30, value: 4.3}
      - {date: 2026-10-31, value: 4.1}
"""


def trees(root: Path, q4: str = Q4, kpis: str = KPIS) -> tuple[GoalTree, GoalTree]:
    """The base tree, and the working tree with the Q4 objectives and KPIs given."""
    base = load(
        root / "base", {"2026-Q4.yaml": goal_file("support", "2026-Q4", Q4), "kpis.yaml": KPIS}
    )
    working = load(
        root / "working", {"2026-Q4.yaml": goal_file("support", "2026-Q4", q4), "kpis.yaml": kpis}
    )
    return base, working


def brief(changes: tuple[Change, ...]) -> list[tuple[str, str, str | None, Sign | None]]:
    return [(c.kind.value, c.ref, c.field, c.sign) for c in changes]


FR = "support/2026-Q4/faster/fr"
CONVERSION = "support/2026-Q4/faster/conversion"


def test_the_same_tree_has_no_changes(tmp_path: Path) -> None:
    base, working = trees(tmp_path)
    assert compare(base, working, AS_OF) == ()


def test_a_target_made_easier_once_the_period_started_moves_the_goalposts(tmp_path: Path) -> None:
    # conversion rises (12 -> 18): 16 is easier; fr falls (52 -> 25): 20 is harder.
    eased = Q4.replace("target: 18", "target: 16").replace("target: 25", "target: 20")
    base, working = trees(tmp_path, eased)
    changes = compare(base, working, AS_OF)
    assert brief(changes) == [
        ("target-changed", CONVERSION, "target", Sign.GOALPOSTS_MOVED),
        ("target-changed", FR, "target", None),
    ]
    conversion, fr = changes
    assert (conversion.old, conversion.new, conversion.direction, conversion.eases) == (
        18,
        16,
        "lowered",
        True,
    )
    assert (fr.old, fr.new, fr.direction, fr.eases) == (25, 20, "lowered", False)
    assert conversion.reason == (
        "2026-Q4 started on 2026-10-01: a target made easier once the period is under way "
        "moves the goalposts"
    )
    # Before the period starts, easing a target is planning.
    assert [c.sign for c in compare(base, working, BEFORE_Q4)] == [None, None]


def test_the_type_changed_late(tmp_path: Path) -> None:
    base, working = trees(tmp_path, Q4.replace("type: committed", "type: aspirational"))
    (change,) = compare(base, working, AS_OF)
    assert (change.kind, change.old, change.new, change.sign) == (
        Kind.TYPE_CHANGED,
        "committed",
        "aspirational",
        Sign.TYPE_CHANGED_LATE,
    )
    assert compare(base, working, BEFORE_Q4)[0].sign is None


def test_check_ins_added_rewritten_and_deleted(tmp_path: Path) -> None:
    rewritten = Q4.replace(
        "        - {date: 2026-10-15, value: 44, confidence: 0.7}\n"
        "        - {date: 2026-11-12, value: 36}\n",
        "        - {date: 2026-11-12, value: 35}\n        - {date: 2026-11-22, value: 33}\n",
    )
    base, working = trees(tmp_path, rewritten)
    changes = compare(base, working, AS_OF)
    # Ordered by ref, then kind, then date. 11-12 is before the as-of date: history.
    assert brief(changes) == [
        ("checkin-added", FR, None, None),
        ("checkin-rewritten", FR, None, Sign.HISTORY_REWRITTEN),
        ("checkin-deleted", FR, None, Sign.HISTORY_REWRITTEN),
    ]
    added, edited, deleted = changes
    assert (added.new.date, added.new.value) == (date(2026, 11, 22), 33)  # type: ignore[union-attr]
    assert (edited.old.value, edited.new.value) == (36, 35)  # type: ignore[union-attr]
    assert deleted.old.date == date(2026, 10, 15)  # type: ignore[union-attr]
    # Corrected on the day itself, a check-in is not history yet.
    on_the_day = compare(base, working, date(2026, 11, 12))
    assert [c.sign for c in on_the_day if c.kind is Kind.CHECKIN_REWRITTEN] == [None]


def test_dropping_a_key_result_mid_period_moves_the_goalposts(tmp_path: Path) -> None:
    dropped = Q4.replace(
        "    - {id: help-centre, title: Help-centre article for every top reason, done: false}\n",
        "    - {id: macros, title: Macros cover the ten most common questions, done: false}\n",
    )
    base, working = trees(tmp_path, dropped)
    changes = compare(base, working, AS_OF)
    assert brief(changes) == [  # by ref: help-centre before macros
        ("key-result-removed", "support/2026-Q4/faster/help-centre", None, Sign.GOALPOSTS_MOVED),
        ("key-result-added", "support/2026-Q4/faster/macros", None, None),
    ]
    assert changes[0].in_base
    # After the period, removing old goals is tidying up.
    assert [c.sign for c in compare(base, working, date(2027, 1, 5))] == [None, None]


def test_a_band_widened_toward_a_breach_moves_the_goalposts(tmp_path: Path) -> None:
    # csat's latest value (4.1 on 2026-10-31) is below its band (at least 4.2).
    base, working = trees(tmp_path / "widened", kpis=KPIS.replace("{min: 4.2}", "{min: 4.0}"))
    (widened,) = compare(base, working, AS_OF)
    assert (widened.kind, widened.field, widened.direction, widened.eases, widened.sign) == (
        Kind.BAND_CHANGED,
        "band",
        "widened",
        True,
        Sign.GOALPOSTS_MOVED,
    )
    assert (widened.old, widened.new) == (Range(4.2, None), Range(4.0, None))
    # Narrowed: no sign. Widened while the KPI is inside its band (as of 2026-10-15 the
    # latest value is 4.3): routine.
    base, working = trees(tmp_path / "narrowed", kpis=KPIS.replace("{min: 4.2}", "{min: 4.25}"))
    assert [(c.direction, c.sign) for c in compare(base, working, AS_OF)] == [("narrowed", None)]
    base, working = trees(tmp_path / "inside", kpis=KPIS.replace("{min: 4.2}", "{min: 4.0}"))
    assert [(c.direction, c.sign) for c in compare(base, working, date(2026, 10, 15))] == [
        ("widened", None)
    ]


def test_band_directions() -> None:
    assert band_direction(Range(1, 5), Range(1, 5)) is None
    assert band_direction(None, Range(1, 5)) == "added"
    assert band_direction(Range(1, 5), None) == "removed"
    assert band_direction(Range(1, 5), Range(0, 5)) == "widened"
    assert band_direction(Range(1, 5), Range(1, None)) == "widened"  # opened above
    assert band_direction(Range(1, 5), Range(2, 4)) == "narrowed"
    assert band_direction(Range(1, 5), Range(2, 6)) == "shifted"


def test_objectives_and_kpis_added_and_removed(tmp_path: Path) -> None:
    renamed = Q4.replace("- id: faster", "- id: quicker")
    extra_kpi = KPIS + (
        "  - {id: nps, title: Net promoter score, owner: lin, cadence: monthly, band: {min: 30}}\n"
    )
    base, working = trees(tmp_path, renamed, extra_kpi)
    assert brief(compare(base, working, AS_OF)) == [
        ("objective-removed", "support/2026-Q4/faster", None, Sign.GOALPOSTS_MOVED),
        ("objective-added", "support/2026-Q4/quicker", None, None),
        ("kpi-added", "support/nps", None, None),
    ]

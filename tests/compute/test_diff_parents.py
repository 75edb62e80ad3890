"""okrctl.compute.diff on several parents and key-result links (issue 16 item 4): a parent
added or removed, in goal terms; a single reference changed reads as it always did."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from okrctl.compute.diff import compare
from okrctl.model.tree import GoalTree
from okrctl.reports.diff_json import change as change_document
from okrctl.reports.diff_words import describe
from tests.compute.trees import goal_file, load

AS_OF = date(2026, 11, 22)

COMPANY = """
- id: revenue
  title: Revenue grows with the customer base
  type: committed
  key_results:
    - {id: arr, title: ARR from 12 to 20, start: 12, target: 20}
- id: scalable
  title: Support scales
  type: committed
  key_results:
    - {id: cost, title: Cost per ticket from 8 to 4, start: 8, target: 4}
"""

BEFORE = """
- id: mid-market
  title: Mid-market teams buy from us
  type: committed
  aligns_to: company/revenue
  key_results:
    - {id: new-arr, title: New ARR from 0 to 2, start: 0, target: 2}
"""

AFTER = """
- id: mid-market
  title: Mid-market teams buy from us
  type: committed
  aligns_to: [company/revenue, company/scalable]
  key_results:
    - {id: new-arr, title: New ARR from 0 to 2, start: 0, target: 2, aligns_to: company/revenue/arr}
"""


def tree(root: Path, sales: str) -> GoalTree:
    return load(
        root,
        {
            "company.yaml": goal_file("company", "2026", COMPANY),
            "sales.yaml": goal_file("sales", "2026-Q4", sales),
        },
    )


def test_a_parent_added_and_a_key_result_linked(tmp_path: Path) -> None:
    changes = compare(tree(tmp_path / "b", BEFORE), tree(tmp_path / "w", AFTER), AS_OF)
    assert [(c.ref, c.field, describe(c), c.sign) for c in changes] == [
        ("sales/2026-Q4/mid-market", "aligns_to", "parents: company/scalable added", None),
        (
            "sales/2026-Q4/mid-market/new-arr",
            "aligns_to",
            "aligns to set to company/revenue/arr",
            None,
        ),
    ]
    assert change_document(changes[0])["old"] == ["company/revenue"]
    assert change_document(changes[0])["new"] == ["company/revenue", "company/scalable"]


def test_a_parent_removed_and_a_list_reordered(tmp_path: Path) -> None:
    removed = AFTER.replace("[company/revenue, company/scalable]", "[company/scalable]")
    changes = compare(tree(tmp_path / "b", AFTER), tree(tmp_path / "w", removed), AS_OF)
    assert [describe(c) for c in changes] == ["parents: company/revenue removed"]
    reordered = AFTER.replace(
        "[company/revenue, company/scalable]", "[company/scalable, company/revenue]"
    )
    assert compare(tree(tmp_path / "b2", AFTER), tree(tmp_path / "w2", reordered), AS_OF) == ()


def test_one_reference_for_another_reads_as_before(tmp_path: Path) -> None:
    moved = BEFORE.replace("aligns_to: company/revenue", "aligns_to: company/scalable")
    changes = compare(tree(tmp_path / "b", BEFORE), tree(tmp_path / "w", moved), AS_OF)
    assert [describe(c) for c in changes] == [
        "aligns to changed from company/revenue to company/scalable"
    ]

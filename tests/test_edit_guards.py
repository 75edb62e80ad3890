"""The two checks every write makes before it writes (okrctl/edit/session.py):

- the new text is read back and must hold exactly the old data plus the intended change;
- the tree is linted with the new text, and the write is refused only if that adds an error
  (a tree that already has errors can still be edited: that is how it gets fixed).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from okrctl.edit.document import Document, EditError
from okrctl.edit.session import edit_file
from okrctl.load.goal_tree import load_tree
from okrctl.load.loader import LoadedFile
from tests.conftest import GoalTree, okrctl

SUPPORT = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster
    title: Customers get answers while they still care
    type: committed
    key_results:
      - id: conversion
        title: Trial-to-paid conversion up from 12% to 18%
        start: 12
        target: 18
        checkins:
          - {date: 2026-10-15, value: 13}
      - id: csat
        title: CSAT up from 4.1 to 4.6
        start: 4.1
        target: 4.6
"""
CHECKINS = ("objectives", 0, "key_results", 0, "checkins")


def check_in(document_value: int, promised_value: int) -> Any:
    """An edit that splices a check-in of `document_value` into the text and promises (in the
    data it is checked against) one of `promised_value`."""

    def change(document: Document, loaded: LoadedFile, expected: Any) -> str:
        document.insert_item(CHECKINS, 1, {"date": date(2026, 11, 20), "value": document_value})
        expected["objectives"][0]["key_results"][0]["checkins"].append(
            {"date": date(2026, 11, 20), "value": promised_value}
        )
        return "checked in"

    return change


def test_an_edit_that_does_not_read_back_as_intended_writes_nothing(
    goals: GoalTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = goals.write("support.yaml", SUPPORT)
    goals.write("okrctl.yaml", "people: [lin]\n")
    monkeypatch.chdir(goals.root)
    before = path.read_bytes()
    tree = load_tree([Path(".")])
    out = io.StringIO()
    # The text would say 36 where the edit meant 63: both are valid goal files (lint adds no
    # error), so only reading the text back can tell, and nothing may be written.
    with pytest.raises(EditError, match="did not read back as intended; nothing was written"):
        edit_file(tree, "support.yaml", check_in(36, 63), out, today=date(2026, 11, 29))
    assert path.read_bytes() == before
    assert out.getvalue() == ""
    # The same edit, promising what it splices, is written.
    edit_file(tree, "support.yaml", check_in(36, 36), out, today=date(2026, 11, 29))
    assert path.read_text(encoding="utf-8") == SUPPORT.lstrip("\n").replace(
        "          - {date: 2026-10-15, value: 13}\n",
        "          - {date: 2026-10-15, value: 13}\n          - {date: 2026-11-20, value: 36}\n",
    )
    assert out.getvalue() == "checked in\n"


# A tree with errors already (an owner not in `people`, in another file and in this one).
GROWTH = """
team: growth
kpis:
  - id: mrr
    title: Monthly recurring revenue
    owner: sam
    cadence: monthly
    band: {min: 500}
    measurements:
      - {date: 2026-10-31, value: 510}
"""


@pytest.fixture
def broken(goals: GoalTree) -> GoalTree:
    goals.write("okrctl.yaml", "people: [lin]\n")
    goals.write(
        "support.yaml",
        SUPPORT.replace("        start: 4.1\n", "        owner: mraia\n        start: 4.1\n"),
    )
    goals.write("growth.yaml", GROWTH)
    assert [(path, rule) for path, _, _, rule in goals.lint().findings] == [
        ("growth.yaml", "unknown-owner"),
        ("support.yaml", "unknown-owner"),
    ]
    return goals


def test_a_tree_with_errors_can_still_be_edited(broken: GoalTree) -> None:
    """Only an error the edit adds refuses it: the ones already there are not the edit's."""
    result = okrctl(
        "checkin", "support/2026-Q4/faster/conversion", "15", "--date", "2026-11-20",
        cwd=broken.root,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "support.yaml: checked in support/2026-Q4/faster/conversion at 15 on 2026-11-20\n"
    )
    assert "- {date: 2026-11-20, value: 15}\n" in (broken.root / "support.yaml").read_text()
    result = okrctl("kpi", "record", "growth/mrr", "520", "--date", "2026-11-20", cwd=broken.root)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "growth.yaml: recorded growth/mrr = 520 on 2026-11-20\n"
    # The errors that were there are still there, and no other.
    assert [rule for _, _, _, rule in broken.lint().findings] == ["unknown-owner"] * 2


def test_an_edit_that_adds_an_error_is_refused_and_names_only_that_error(
    broken: GoalTree,
) -> None:
    # One objective per team and quarter, and more is an error in this tree.
    broken.write(
        "okrctl.yaml",
        "people: [lin]\nlint:\n  rules:\n    too-many-objectives: {severity: error, max: 1}\n",
    )
    before = (broken.root / "support.yaml").read_bytes()
    result = okrctl(
        "new", "objective", "support", "--title", "Fewer tickets reach a second line",
        "--type", "committed", "--period", "2026-Q4",
        "--kr", "Second-line tickets: 40 -> 10", "--kr", "Macros written: 0 -> 10",
        cwd=broken.root,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    # Only the error the new objective makes is listed, not the two that were there before.
    assert [line for line in result.stderr.splitlines() if "error" in line] == [
        "support.yaml:20:9: error: team `support` has 2 objectives in 2026-Q4, more than 1: "
        "too many priorities dilute focus [OK103 too-many-objectives]",
        "Found 1 error in 1 of 1 file.",
        "okrctl: error: the change would add 1 lint error (listed above); nothing was written",
    ]
    assert (broken.root / "support.yaml").read_bytes() == before

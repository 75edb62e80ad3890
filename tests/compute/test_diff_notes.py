"""okrctl.compute.diff on the fields of issue 16 items 1, 3 and 8: each change in goal terms,
none of them a warning sign (none changes a score)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from okrctl.compute.diff import compare
from okrctl.reports.diff_json import change as change_document
from okrctl.reports.diff_words import describe
from tests.compute.trees import goal_file, load

AS_OF = date(2026, 11, 22)

BEFORE = """
- id: faster
  title: Customers get answers while they still care
  type: committed
  priority: P2
  contributors: [sam, ana]
  key_results:
    - id: fr
      title: Median first response down from 52 to 25 minutes
      start: 52
      target: 25
      note: Rota agreed
    - id: csat
      title: CSAT up from 4.1 to 4.6
      start: 4.1
      target: 4.6
"""

AFTER = """
- id: faster
  title: Customers get answers while they still care
  type: committed
  priority: P0
  contributors: [sam, omar]
  description: Slow replies are the first reason accounts leave.
  key_results:
    - id: fr
      title: Median first response down from 52 to 25 minutes
      start: 52
      target: 25
      note: Rota live; supplier change pending
      links: [{title: Dashboard, url: "https://grafana.example.com/d/frt"}]
    - id: csat
      title: CSAT up from 4.1 to 4.6
      start: 4.1
      target: 4.6
      priority: P3
"""


def test_each_new_field_is_a_change_in_goal_terms(tmp_path: Path) -> None:
    base = load(tmp_path / "base", {"q4.yaml": goal_file("support", "2026-Q4", BEFORE)})
    working = load(tmp_path / "working", {"q4.yaml": goal_file("support", "2026-Q4", AFTER)})
    changes = compare(base, working, AS_OF)
    assert [(c.ref, c.field, describe(c), c.sign) for c in changes] == [
        (
            "support/2026-Q4/faster",
            "contributors",
            "contributors: omar added, ana removed",
            None,
        ),
        (
            "support/2026-Q4/faster",
            "description",
            "description set to Slow replies are the first reason accounts leave.",
            None,
        ),
        ("support/2026-Q4/faster", "priority", "priority raised from P2 to P0", None),
        ("support/2026-Q4/faster/csat", "priority", "priority set to P3", None),
        (
            "support/2026-Q4/faster/fr",
            "links",
            "links set to Dashboard <https://grafana.example.com/d/frt>",
            None,
        ),
        (
            "support/2026-Q4/faster/fr",
            "note",
            "note changed from Rota agreed to Rota live; supplier change pending",
            None,
        ),
    ]
    links = change_document(changes[4])
    assert (links["old"], links["new"]) == (
        None,
        [{"title": "Dashboard", "url": "https://grafana.example.com/d/frt"}],
    )
    assert change_document(changes[0])["new"] == ["sam", "omar"]
    # Lowered: the other way round.
    back = compare(working, base, AS_OF)
    assert [describe(c) for c in back if c.field == "priority"] == [
        "priority lowered from P0 to P2",
        "priority removed (was P3)",
    ]

"""okrctl tree (issue 3): team objectives under the company objective they align to, scored.

Scored `--as-of 2026-11-16`: for 2026-Q4 (92 days) e = 46/92 = 0.5; for the year 2026
(365 days) e = 319/365 = 0.87397.. (Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 +
Jul 31 + Aug 31 + Sep 30 + Oct 31 = 304 days, + 15); 2026-Q3 has ended.
"""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import GoalTree, okrctl

AS_OF = "2026-11-16"

COMPANY = """
team: company
period: 2026
owner: maria
objectives:
  - id: scalable
    title: Support that scales with the customer base
    type: committed
    key_results:
      - {title: Self-service share reaches 60, start: 40, target: 60, current: 50}
      - {title: Cost per ticket down to 4, start: 8, target: 4, current: 6}
  - id: profit
    title: Profitable growth
    type: aspirational
    key_results:
      - {title: Pricing page launched, done: true}
      - {title: Margin reaches 30, start: 20, target: 30, current: 30}
"""

SUPPORT_Q4 = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster
    title: Customers get answers fast
    type: committed
    aligns_to: company/scalable
    key_results:
      - {title: Reply time down to 25, start: 52, target: 25, current: 31}
      - {title: Help-centre articles reach 20, start: 0, target: 20, current: 8}
"""

SUPPORT_Q3 = """
team: support
period: 2026-Q3
owner: lin
objectives:
  - id: triage
    title: Every ticket triaged within the day
    type: committed
    aligns_to: company/scalable
    key_results:
      - {title: Triage rota live, done: true}
      - {title: Same-day triage reaches 90, start: 50, target: 90, current: 90}
"""

GROWTH_Q4 = """
team: growth
period: 2026-Q4
owner: omar
objectives:
  - id: trials
    title: More teams try the product
    type: aspirational
    aligns_to: company/2026/profit
    key_results:
      - {title: Trials reach 200, start: 100, target: 200, current: 130}
      - {title: Activation reaches 40, start: 30, target: 40, current: 33}
"""

PLATFORM_Q4 = """
team: platform
period: 2026-Q4
owner: dev
objectives:
  - id: uptime
    title: The product is there when customers need it
    type: committed
    key_results:
      - {title: Failover drill passed, done: false}
      - {title: Paging noise down to 10, start: 50, target: 10, current: 30}
"""


def acme(goals: GoalTree) -> None:
    goals.write("company/2026.yaml", COMPANY)
    goals.write("support/2026-Q4.yaml", SUPPORT_Q4)
    goals.write("support/2026-Q3.yaml", SUPPORT_Q3)
    goals.write("growth/2026-Q4.yaml", GROWTH_Q4)
    goals.write("platform/2026-Q4.yaml", PLATFORM_Q4)


def tree(goals: GoalTree, *args: str) -> dict[str, Any]:
    result = okrctl("tree", "--format", "json", "--as-of", AS_OF, *args, cwd=goals.root)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def shape(node: dict[str, Any]) -> tuple[str, float, str, str, list[Any]]:
    """(ref, score, grade, status, children) with children in ref order."""
    children = sorted((shape(child) for child in node["children"]), key=lambda c: c[0])
    return (node["ref"], node["score"], node["grade"], node["status"], children)


# Scores by hand:
# company/2026/scalable: (50-40)/(60-40) = 0.5 and (6-8)/(4-8) = 0.5 -> 0.5, yellow;
#   committed, expected e = 0.874: 0.5 < 0.874 - 0.25 = 0.624: off-track
# company/2026/profit: 1.0 and (30-20)/(30-20) = 1.0 -> 1.0, green; aspirational: on-track
# support/2026-Q4/faster: (31-52)/(25-52) = 21/27 = 0.778 and 8/20 = 0.4 ->
#   (0.778 + 0.4) / 2 = 0.589, yellow; expected 0.5: 0.589 >= 0.4: on-track
# support/2026-Q3/triage: 1.0 and (90-50)/(90-50) = 1.0 -> 1.0, green; ended: met
# growth/2026-Q4/trials: (130-100)/100 = 0.3 and (33-30)/10 = 0.3 -> 0.3, red;
#   aspirational, expected 0.7 x 0.5 = 0.35: 0.3 >= 0.35 - 0.1 = 0.25: on-track
# platform/2026-Q4/uptime: 0 and (30-50)/(10-50) = 0.5 -> 0.25, red;
#   expected 0.5: 0.25 >= 0.25: at-risk
FASTER = ("support/2026-Q4/faster", 0.589, "yellow", "on-track", [])
TRIAGE = ("support/2026-Q3/triage", 1.0, "green", "met", [])
TRIALS = ("growth/2026-Q4/trials", 0.3, "red", "on-track", [])
UPTIME = ("platform/2026-Q4/uptime", 0.25, "red", "at-risk", [])


def test_team_objectives_sit_under_the_company_objective_they_align_to(goals: GoalTree) -> None:
    acme(goals)
    document = tree(goals)
    assert set(document) == {"roots"}
    roots = sorted((shape(root) for root in document["roots"]), key=lambda r: r[0])
    assert roots == [
        ("company/2026/profit", 1.0, "green", "on-track", [TRIALS]),
        ("company/2026/scalable", 0.5, "yellow", "off-track", [TRIAGE, FASTER]),
        UPTIME,  # aligned to nothing: a root of its own
    ]


def test_period_filter_keeps_the_containing_company_year(goals: GoalTree) -> None:
    acme(goals)
    roots = sorted(shape(root) for root in tree(goals, "--period", "2026-Q4")["roots"])
    # 2026-Q3's triage is gone; the company's 2026 objectives stay as parents
    assert roots == [
        ("company/2026/profit", 1.0, "green", "on-track", [TRIALS]),
        ("company/2026/scalable", 0.5, "yellow", "off-track", [FASTER]),
        UPTIME,
    ]
    q3 = sorted(shape(root) for root in tree(goals, "--period", "2026-Q3")["roots"])
    assert q3 == [
        ("company/2026/profit", 1.0, "green", "on-track", []),
        ("company/2026/scalable", 0.5, "yellow", "off-track", [TRIAGE]),
    ]


def test_nodes_carry_the_objective(goals: GoalTree) -> None:
    acme(goals)
    roots = {root["ref"]: root for root in tree(goals, "--period", "2026-Q4")["roots"]}
    scalable = roots["company/2026/scalable"]
    assert {k: v for k, v in scalable.items() if k != "children"} == {
        "ref": "company/2026/scalable",
        "title": "Support that scales with the customer base",
        "type": "committed",
        "owner": "maria",
        "score": 0.5,
        "grade": "yellow",
        "status": "off-track",
    }
    (child,) = scalable["children"]
    assert (child["title"], child["type"], child["owner"]) == (
        "Customers get answers fast",
        "committed",
        "lin",
    )


def test_a_quarter_objective_prefers_the_closest_containing_period(goals: GoalTree) -> None:
    """`aligns_to: TEAM/ID` looks in the same period first, then in periods containing it."""
    acme(goals)
    goals.write(
        "company/2026-Q4.yaml",
        """
        team: company
        period: 2026-Q4
        owner: maria
        objectives:
          - id: scalable
            title: Support scales this quarter
            type: committed
            key_results:
              - {title: Self-service share reaches 60, start: 40, target: 60, current: 60}
              - {title: Cost per ticket down to 4, start: 8, target: 4, current: 4}
        """,
    )
    roots = {r["ref"]: shape(r) for r in tree(goals, "--period", "2026-Q4")["roots"]}
    # the company's own 2026-Q4 objective (1.0; committed, expected 0.5: on-track) is the
    # parent of support's 2026-Q4 objective, not the 2026 one
    assert roots["company/2026-Q4/scalable"] == (
        "company/2026-Q4/scalable",
        1.0,
        "green",
        "on-track",
        [FASTER],
    )
    assert roots["company/2026/scalable"][4] == []


def test_text_tree(goals: GoalTree) -> None:
    acme(goals)
    result = okrctl("tree", "--period", "2026-Q4", "--as-of", AS_OF, cwd=goals.root)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    parent = next(i for i, ln in enumerate(lines) if "company/2026/scalable" in ln)
    child = next(i for i, ln in enumerate(lines) if "support/2026-Q4/faster" in ln)
    assert child > parent
    # the child is drawn indented below its parent
    indent = len(lines[child]) - len(lines[child].lstrip(" │├└─"))
    assert indent > len(lines[parent]) - len(lines[parent].lstrip(" │├└─"))
    assert "0.500 yellow" in lines[parent]
    assert "0.589 yellow" in lines[child]


def test_tree_refuses_an_invalid_tree(goals: GoalTree) -> None:
    acme(goals)
    goals.write("growth/2026-Q4.yaml", GROWTH_Q4.replace("aspirational", "aspirationnal"))
    result = okrctl("tree", "--format", "json", "--as-of", AS_OF, cwd=goals.root)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "growth/2026-Q4.yaml:7:11: error: " in result.stderr
    assert result.stderr.splitlines()[-1].startswith("okrctl: error: the goal tree has 1 error")
    skipped = tree(goals, "--skip-invalid")
    refs = {root["ref"] for root in skipped["roots"]}
    assert "growth/2026-Q4/trials" not in refs
    profit = next(r for r in skipped["roots"] if r["ref"] == "company/2026/profit")
    assert profit["children"] == []

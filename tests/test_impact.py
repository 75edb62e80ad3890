"""`okrctl impact` through the real CLI (issue 20 item 2), and the review's Impact section.

The numbers on the examples, by hand (examples/support/kpis.yaml, examples/platform/kpis.yaml):
- support/2026-Q2/restore-escalation-rate (`from_kpi: support/escalation-rate`, key result
  target 15, decreasing): 15.5 on 2026-03-31 is the value on 2026-04-01; 14 on 2026-06-30;
  Q3's 12.8, 11.2 and 10 are all <= 15, and Q3 ended on 2026-09-30: moved-and-held, after 10.
- platform/automated-evidence (`from_kr: platform/2026-Q3/audit-ready/automated-evidence`,
  band min 72): 72 on 2026-09-30, 74 on 2026-10-31; 2026-Q4 runs: too-early as of 2026-11-29,
  moved-and-held as of 2027-01-01 (Q4 ended, nothing left the band).
"""

from __future__ import annotations

import json

from tests.conftest import EXAMPLES, GoalTree, okrctl


def test_impact_on_the_examples_shows_each_kind() -> None:
    result = okrctl("impact", str(EXAMPLES), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["as_of"] == "2026-11-29"
    by_ref = {(i["ref"], i["kpi"]): i for i in document["impacts"]}
    restored = by_ref[("support/2026-Q2/restore-escalation-rate", "support/escalation-rate")]
    assert (restored["before"], restored["end"], restored["after"]) == (15.5, 14, 10)
    assert (restored["verdict"], restored["measured_after"]) == ("moved-and-held", 3)
    assert restored["key_result"] == "support/2026-Q2/restore-escalation-rate/escalation-rate"
    assert restored["following"] == {
        "label": "2026-Q3",
        "start": "2026-07-01",
        "end": "2026-09-30",
    }
    assert restored["goal"] == {"target": 15, "direction": "decrease", "band": None}
    graduated = by_ref[("platform/automated-evidence", "platform/automated-evidence")]
    assert (graduated["kind"], graduated["before"], graduated["end"], graduated["after"]) == (
        "graduated",
        None,
        72,
        74,
    )
    assert graduated["verdict"] == "too-early"
    assert graduated["key_result"] == "platform/2026-Q3/audit-ready/automated-evidence"


def test_impact_text_of_one_period() -> None:
    result = okrctl("impact", str(EXAMPLES), "--period", "2026-Q2")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Impact as of 2026-11-29, 2026-Q2\n"
        "\n"
        "1 KPI judged: 1 moved-and-held\n"
        "\n"
        "support\n"
        "  support/2026-Q2/restore-escalation-rate: Restore tickets escalated to\n"
        "    engineering\n"
        # Lines fill the width (80), wrapping under themselves; "15%" never splits.
        "    support/escalation-rate against its target 15% (key result escalation-rate)\n"
        "    15.5% on 2026-04-01 -> 14% at the end of 2026-Q2 -> 10% in 2026-Q3\n"
        "    moved-and-held: reached its target 15% by 2026-06-30 and held it at every\n"
        "      measurement of 2026-Q3 (3)\n"
    )


def test_a_graduated_kpi_held_once_the_next_quarter_ends() -> None:
    result = okrctl(
        "impact", str(EXAMPLES), "--team", "platform", "--as-of", "2027-01-01", "-f", "markdown"
    )
    assert result.returncode == 0, result.stderr
    assert (
        "| Controls with automated evidence collection `platform/automated-evidence` | "
        "graduated from platform/2026-Q3/audit-ready/automated-evidence; judged against its "
        "band (at least 72 controls) | no data on 2026-07-01 -> 72 controls at the end of "
        "2026-Q3 -> 74 controls now | **moved-and-held**: inside its band at every measurement "
        "since platform/2026-Q3/audit-ready/automated-evidence ended (1 measurement, 2026-Q4 "
        "and since) |"
    ) in result.stdout.splitlines()


def test_an_unknown_team_or_period_is_an_error() -> None:
    assert okrctl("impact", str(EXAMPLES), "--team", "nobody").returncode == 2
    assert okrctl("impact", str(EXAMPLES), "--period", "2019-Q1").returncode == 2


NO_KPI_LINKS = """\
team: support
period: 2026-Q3
owner: lin
objectives:
  - id: faster
    title: Customers get answers fast
    type: committed
    key_results:
      - {id: frt, title: First response down to 25 minutes, start: 52, target: 25, current: 30}
kpis:
  - id: csat
    title: Customer satisfaction
    owner: lin
    cadence: monthly
    band: {min: 4}
    measurements:
      - {date: 2026-09-30, value: 4.1}
"""


def test_a_review_without_kpi_links_has_no_impact_section(goals: GoalTree) -> None:
    """Files without any KPI-linked or from_kpi objective and no from_kr: the review reads as
    it always did, in every format."""
    goals.write("support/2026-Q3.yaml", NO_KPI_LINKS)
    empty = okrctl("impact", str(goals.root))
    assert "No KPI-linked objective" in empty.stdout
    for name in ("text", "markdown", "json", "html"):
        out = okrctl("review", str(goals.root), "--period", "2026-Q3", "-f", name).stdout
        assert "Impact" not in out and "impact" not in out, name
    # The same tree with `from_kpi`: the section appears (and JSON gains its `impact` list).
    goals.write(
        "support/2026-Q3.yaml",
        NO_KPI_LINKS.replace(
            "    type: committed\n", "    type: committed\n    from_kpi: support/csat\n"
        ),
    )
    document = json.loads(
        okrctl("review", str(goals.root), "--period", "2026-Q3", "-f", "json").stdout
    )
    assert [(i["ref"], i["verdict"], i["end"]) for i in document["impact"]] == [
        ("support/2026-Q3/faster", "too-early", 4.1)  # 4.1 >= 4 on 2026-09-30; Q4 runs
    ]
    text = okrctl("review", str(goals.root), "--period", "2026-Q3").stdout
    assert "Impact: did the OKR move the needle?\nsupport\n  support/2026-Q3/faster:" in text

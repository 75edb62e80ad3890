"""unknown-owner: every owner (file, objective, key result, KPI) must be in `people`."""

from tests.conftest import GoalTree

CONFIG = """
people: [maria, lin, sam]
"""

FILE = """
team: support
period: 2026-Q4
owner: mraia
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    owner: lnn
    key_results:
      - title: First-response time down to 25 minutes
        start: 52
        target: 25
        owner: smm
      - title: CSAT reaches 4.6
        start: 4.1
        target: 4.6
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: zoe
    cadence: weekly
    band: {max: 30}
"""

GOOD = (
    FILE.replace("owner: mraia", "owner: maria")
    .replace("owner: lnn", "owner: lin")
    .replace("owner: smm", "owner: sam")
    .replace("owner: zoe", "owner: lin")
)


def test_every_kind_of_owner_is_checked_against_the_roster(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", CONFIG)
    goals.write("support.yaml", FILE)
    result = goals.lint()
    # Each finding points at the owner's value: `owner: ` is 7 characters after the key's
    # indent, so the value starts at indent + 8.
    assert result.findings == [
        ("support.yaml", 3, 8, "unknown-owner"),  # file owner, no indent
        ("support.yaml", 8, 12, "unknown-owner"),  # objective owner, indent 4
        ("support.yaml", 13, 16, "unknown-owner"),  # key result owner, indent 8
        ("support.yaml", 20, 12, "unknown-owner"),  # KPI owner, indent 4
    ]
    assert result.messages("unknown-owner") == [
        "owner `mraia` is not in `people` in okrctl.yaml (did you mean `maria`?)",
        "owner `lnn` is not in `people` in okrctl.yaml (did you mean `lin`?)",
        "owner `smm` is not in `people` in okrctl.yaml (did you mean `sam`?)",
        "owner `zoe` is not in `people` in okrctl.yaml",
    ]
    assert {f["severity"] for f in result.document["findings"]} == {"error"}
    assert result.exit_code == 1


def test_owners_in_the_roster_pass(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", CONFIG)
    goals.write("support.yaml", GOOD)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_without_a_roster_any_owner_passes(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_an_empty_roster_rejects_every_owner(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "people: []\n")
    goals.write("support.yaml", GOOD)
    result = goals.lint()
    assert result.findings == [
        ("support.yaml", 3, 8, "unknown-owner"),
        ("support.yaml", 8, 12, "unknown-owner"),
        ("support.yaml", 13, 16, "unknown-owner"),
        ("support.yaml", 20, 12, "unknown-owner"),
    ]
    assert result.exit_code == 1


def test_one_stray_owner_among_good_ones(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", CONFIG)
    goals.write(
        "support.yaml", GOOD.replace("    owner: lin\n    cadence", "    owner: Lin\n    cadence")
    )
    result = goals.lint()
    assert result.findings == [("support.yaml", 20, 12, "unknown-owner")]
    assert result.messages("unknown-owner") == [
        "owner `Lin` is not in `people` in okrctl.yaml (did you mean `lin`?)"
    ]


def test_an_initiatives_owner_is_checked_like_other_owners(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", CONFIG)
    text = GOOD.replace(
        "        owner: sam\n",
        "        owner: sam\n        initiatives:\n          - {title: Triage rota, owner: smm}\n",
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.of("unknown-owner") == [("support.yaml", 15, 41, "unknown-owner")]
    assert result.messages("unknown-owner") == [
        "owner `smm` is not in `people` in okrctl.yaml (did you mean `sam`?)"
    ]

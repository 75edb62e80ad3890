"""Findings keep their identity when lines move (issue 19, item 1).

A broken tree with a finding of every rule whose message names a line (yaml-syntax,
duplicate-key, duplicate-id, here and across files) and others besides is linted as SARIF and
as GitLab Code Quality; then lines are inserted above every finding, in the finding's file
and in the files its message points at, and deleted again. The lines of the findings and the
messages that name them change; the SARIF `partialFingerprints` and the GitLab `fingerprint`
do not. The place a message names is a SARIF related location, linked from the message.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from okrctl.reports.fingerprints import NAME
from tests.conftest import REPO, GoalTree, okrctl

SCHEMA = json.loads(
    (REPO / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)

FILES = {
    "support/2026-Q4.yaml": """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed
    aligns_to: company/delight-customer
    key_results:
      - id: first-response
        title: Median first-response time down to 25 minutes
        start: 52
        target: 25
        target: 20
      - id: first-response
        title: CSAT from 4.1 to 4.6
        start: 4.1
        tally: 4.6
""",
    "support/2026-Q4-more.yaml": """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers from the help centre
    type: committed
    key_results:
      - title: Help-centre articles read from 2000 to 5000 a week
        start: 2000
        target: 5000
""",
    "support/kpis.yaml": """\
team: support
kpis:
  - id: first-response-time
    title: Median first response time
    owner: lin
    cadence: weekly
    band: {max: 30}
  - id: first-response-time
    title: Median first response time again
    owner: lin
    cadence: weekly
    band: {max: 30}
""",
    "support/broken.yaml": """\
team: support
period: 2026-Q4
objectives:
  - id: broken
    title: A flow list left open
    key_results: [one, two
    owner: lin
""",
}


def write(goals: GoalTree, above: int, top: int) -> None:
    """The tree with `above` comment lines above every line (so above every finding) and
    `top` more at the top of each file."""
    for name, text in FILES.items():
        lines = ["# about the next line\n" * above + line for line in text.splitlines(True)]
        goals.write(name, "# moved down\n" * top + "".join(lines))


def lint(goals: GoalTree, form: str) -> Any:
    result = okrctl("lint", "--format", form, ".", cwd=goals.root)
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


def identities(goals: GoalTree) -> tuple[list[tuple[str, str, str]], list[Any], list[str]]:
    """(rule, file, fingerprint) of every SARIF result and every GitLab issue, both in report
    order and, for the same finding, the same; and the SARIF results, and the texts of
    the GitLab issues."""
    sarif = lint(goals, "sarif")
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    results = sarif["runs"][0]["results"]
    gitlab = lint(goals, "gitlab")
    by_sarif = [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["partialFingerprints"][NAME],
        )
        for r in results
    ]
    by_gitlab = [(i["check_name"], i["location"]["path"], i["fingerprint"]) for i in gitlab]
    assert by_sarif == by_gitlab
    return by_sarif, results, [i["description"] for i in gitlab]


def lines(results: list[Any]) -> list[int]:
    return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]


def test_fingerprints_survive_lines_inserted_and_deleted_above_every_finding(
    goals: GoalTree,
) -> None:
    write(goals, above=0, top=0)
    first, results, texts = identities(goals)
    rules = {rule for rule, _, _ in first}
    # Every rule whose message names a line is here (OK001 yaml-syntax, OK002 duplicate-key,
    # OK006 duplicate-id), with others besides.
    assert {"OK001", "OK002", "OK006", "OK003", "OK007"} <= rules, rules
    assert sum(rule == "OK006" for rule, _, _ in first) == 3  # an objective, a KPI, a KR
    assert len({fingerprint for _, _, fingerprint in first}) == len(first)

    for above, top in ((1, 0), (2, 3), (0, 5), (0, 0)):
        write(goals, above, top)
        moved, moved_results, moved_texts = identities(goals)
        assert moved == first, (above, top)
        if (above, top) != (0, 0):
            # Every finding moved, and the texts that name lines changed with them.
            assert all(a != b for a, b in zip(lines(moved_results), lines(results), strict=True))
            assert moved_texts != texts


def test_the_place_a_message_names_is_a_related_location(goals: GoalTree) -> None:
    write(goals, above=0, top=0)
    _, results, texts = identities(goals)
    linked = {
        r["message"]["text"]: [
            (
                related["id"],
                related["message"]["text"],
                related["physicalLocation"]["artifactLocation"]["uri"],
                related["physicalLocation"]["region"]["startLine"],
                related["physicalLocation"]["region"]["startColumn"],
            )
            for related in r["relatedLocations"]
        ]
        for r in results
        if "relatedLocations" in r
    }
    assert linked == {
        # `]` is escaped: in a message with links, SARIF reads it as link syntax otherwise.
        "did not find expected ',' or '\\]' while parsing a flow sequence ([where it starts](1))": [
            (1, "where it starts", "support/broken.yaml", 6, 18)
        ],
        "duplicate key `target` ([first defined here](1)); YAML would silently keep only the "
        "last one": [(1, "first defined here", "support/2026-Q4.yaml", 13, 9)],
        "key result id `first-response` is already used in objective `faster-replies` "
        "([first use](1))": [(1, "first use", "support/2026-Q4.yaml", 10, 13)],
        "KPI id `first-response-time` is already used by team `support` ([first use](1))": [
            (1, "first use", "support/kpis.yaml", 3, 9)
        ],
        # The files are read in name order: `-more` sorts first, so the repeat is the other.
        "objective id `faster-replies` is already used by team `support` in 2026-Q4 "
        "([first use](1))": [(1, "first use", "support/2026-Q4-more.yaml", 5, 9)],
    }
    # The text formats keep the line in the message, as before.
    assert (
        "duplicate key `target` (first defined at line 13); YAML would silently keep only "
        "the last one [OK002 duplicate-key]"
    ) in texts


def test_brackets_in_a_linked_message_are_literal(goals: GoalTree) -> None:
    """In a message with a link, SARIF reads `[`, `]` and `\\` as link syntax unless escaped."""
    goals.write("support/kpis.yaml", 'team: support\nkpis: []\n"a[1]\\\\": 1\n"a[1]\\\\": 2\n')
    result = okrctl("lint", "--format", "sarif", ".", cwd=goals.root)
    (found,) = [
        r for r in json.loads(result.stdout)["runs"][0]["results"] if r["ruleId"] == "OK002"
    ]
    assert found["message"]["text"] == (
        "duplicate key `a\\[1\\]\\\\` ([first defined here](1)); "
        "YAML would silently keep only the last one"
    )


def test_a_finding_keeps_its_fingerprint_when_the_file_it_points_at_moves(
    goals: GoalTree,
) -> None:
    """The repeat's message names the first use's line in another file; lines added there
    change the message, not the repeat's fingerprint."""
    write(goals, above=0, top=0)
    first, _, texts = identities(goals)
    goals.write("support/2026-Q4-more.yaml", "# a\n# b\n" + FILES["support/2026-Q4-more.yaml"])
    moved, _, moved_texts = identities(goals)
    assert moved == first
    assert [t for t in moved_texts if "objective id" in t] == [
        "objective id `faster-replies` is already used by team `support` in 2026-Q4 "
        "(at support/2026-Q4-more.yaml:7) [OK006 duplicate-id]"
    ]
    assert texts != moved_texts


def test_gitlab_issues_have_the_documented_fields(goals: GoalTree) -> None:
    """GitLab's Code Quality report format: each issue has `description`, `check_name`,
    `fingerprint`, `severity` (info, minor, major, critical or blocker) and `location.path`
    with `location.lines.begin`; the fingerprint is unique in the report."""
    write(goals, above=0, top=0)
    issues = lint(goals, "gitlab")
    assert issues
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str)
        assert not issue["location"]["path"].startswith(("/", "./"))
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
    prints = [issue["fingerprint"] for issue in issues]
    assert len(set(prints)) == len(prints)

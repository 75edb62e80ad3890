"""Issue 16 items 1, 3 and 8: `description`, `note`, `links`, `contributors` and `priority`
from the goal file to lint, score, review (every format), the schema and diff.

As of 2026-11-29 (the fixed day), 2026-Q4 is under way: 59 of 92 days gone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from okrctl.load.yamlparse import parse_yaml
from okrctl.model.schema import json_schema
from okrctl.reports import escape
from tests.conftest import GoalTree, okrctl

ROSTER = "people: [lin, sam, priya, omar]\n"

# Line numbers matter: findings below are asserted at (line, column).
FILE = """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed
    priority: P1
    contributors: [sam, priya]
    description: Half of the accounts that left last year named slow support.
    links:
      - {title: Support dashboard, url: "https://grafana.example.com/d/frt"}
    key_results:
      - id: first-response
        title: Median first-response time down from 52 to 25 minutes
        start: 52
        target: 25
        priority: P2
        note: Ownership established; uncertainty from a supplier change
        checkins:
          - {date: 2026-10-15, value: 44}
      - id: csat
        title: CSAT up from 4.1 to 4.6
        start: 4.1
        target: 4.6
        priority: P0
        contributors: [omar]
        links: [{title: Survey results, url: "https://example.com/csat?q=4&r=(all)"}]
        checkins:
          - {date: 2026-10-15, value: 4.3, note: Survey redesigned}
  - id: self-service
    title: Customers solve common problems on their own
    type: aspirational
    priority: P0
    key_results:
      - id: deflection
        title: Help-centre deflection up from 18% to 30%
        start: 18
        target: 30
        current: 24
      - id: articles
        title: An article for each of the top 20 ticket reasons
        done: false
"""


def tree(goals: GoalTree, text: str = FILE, roster: str = ROSTER) -> GoalTree:
    goals.write("okrctl.yaml", roster)
    goals.write("support/2026-Q4.yaml", text)
    return goals


def run_json(goals: GoalTree, *args: str) -> dict[str, Any]:
    result = okrctl(*args, "--format", "json", cwd=goals.root)
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# --- lint ----------------------------------------------------------------------------------


def test_the_file_with_every_new_field_lints_clean(goals: GoalTree) -> None:
    result = tree(goals).lint(".")
    assert (result.exit_code, result.findings) == (0, [])


def test_a_link_that_is_not_http_is_an_invalid_value_at_its_url(goals: GoalTree) -> None:
    text = FILE.replace("https://grafana.example.com/d/frt", "javascript:alert(1)")
    result = tree(goals, text).lint(".")
    # `      - {title: Support dashboard, url: ` is 40 characters: the value is at column 41.
    assert result.findings == [("support/2026-Q4.yaml", 12, 41, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`links[0].url`: `javascript:alert(1)` is not a web address: write a full http:// or "
        "https:// URL (e.g. https://wiki.example.com/okrs)"
    ]


@pytest.mark.parametrize("url", ["www.example.com", "ftp://example.com/x", "https://", "http:// x"])
def test_only_full_http_addresses_are_links(goals: GoalTree, url: str) -> None:
    text = FILE.replace('"https://grafana.example.com/d/frt"', json.dumps(url))
    assert tree(goals, text).lint(".").of("invalid-value") == [
        ("support/2026-Q4.yaml", 12, 41, "invalid-value")
    ]


def test_misspelt_new_fields_get_a_did_you_mean(goals: GoalTree) -> None:
    text = (
        FILE.replace("    priority: P1", "    prority: P1")
        .replace("    description:", "    descripton:")
        .replace("        priority: P2", "        priorty: P2")
        .replace("        contributors: [omar]", "        contributor: [omar]")
        .replace('{title: Support dashboard, url: "', '{title: Support dashboard, ulr: "')
    )
    result = tree(goals, text).lint(".")
    assert result.of("unknown-field") == [
        ("support/2026-Q4.yaml", 8, 5, "unknown-field"),
        ("support/2026-Q4.yaml", 10, 5, "unknown-field"),
        ("support/2026-Q4.yaml", 12, 36, "unknown-field"),
        ("support/2026-Q4.yaml", 18, 9, "unknown-field"),
        ("support/2026-Q4.yaml", 27, 9, "unknown-field"),
    ]
    assert result.messages("unknown-field") == [
        "unknown field `prority` in objective (did you mean `priority`?)",
        "unknown field `descripton` in objective (did you mean `description`?)",
        "unknown field `ulr` in objective (did you mean `url`?)",
        "unknown field `priorty` in numeric key result (did you mean `priority`?)",
        "unknown field `contributor` in numeric key result (did you mean `contributors`?)",
    ]


def test_a_priority_outside_p0_to_p4(goals: GoalTree) -> None:
    result = tree(goals, FILE.replace("priority: P1", "priority: p1")).lint(".")
    assert result.findings == [("support/2026-Q4.yaml", 8, 15, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`priority`: `p1` is not one of P0, P1, P2, P3, P4 (did you mean `P1`?)"
    ]


def test_contributors_are_checked_against_the_roster(goals: GoalTree) -> None:
    text = FILE.replace("[sam, priya]", "[sam, pryia]").replace("[omar]", "[omra]")
    result = tree(goals, text).lint(".")
    # `    contributors: [sam, ` is 24 characters; `        contributors: [` 23.
    assert result.findings == [
        ("support/2026-Q4.yaml", 9, 25, "unknown-owner"),
        ("support/2026-Q4.yaml", 27, 24, "unknown-owner"),
    ]
    assert result.messages("unknown-owner") == [
        "contributor `pryia` is not in `people` in okrctl.yaml (did you mean `priya`?)",
        "contributor `omra` is not in `people` in okrctl.yaml (did you mean `omar`?)",
    ]
    # Without a roster, any name will do.
    assert tree(goals, text, roster="{}\n").lint(".").findings == []


def test_a_list_of_owners_says_to_move_the_others_to_contributors(goals: GoalTree) -> None:
    text = FILE.replace("    contributors: [sam, priya]\n", "    owner: [lin, sam, priya]\n")
    result = tree(goals, text).lint(".")
    assert result.findings == [("support/2026-Q4.yaml", 9, 12, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`owner`: an owner is one person, got a list of 3: name the one person accountable "
        "and move the others to `contributors`"
    ]


def test_a_contributor_is_one_person(goals: GoalTree) -> None:
    result = tree(goals, FILE.replace("[sam, priya]", "[sam, [priya, omar]]")).lint(".")
    assert result.findings == [("support/2026-Q4.yaml", 9, 25, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`contributors[1]`: expected one person, got a list: write one name per item"
    ]


def test_a_comment_that_cuts_a_description_or_a_note_short(goals: GoalTree) -> None:
    text = FILE.replace("named slow support.", "named slow support #1 reason").replace(
        "from a supplier change", "from a supplier   # change"
    )
    result = tree(goals, text).lint(".")
    assert result.of("comment-in-text") == [
        ("support/2026-Q4.yaml", 10, 78, "comment-in-text"),
        ("support/2026-Q4.yaml", 19, 68, "comment-in-text"),
    ]


# --- score JSON ----------------------------------------------------------------------------


def test_score_json_carries_the_new_fields_only_where_written(goals: GoalTree) -> None:
    document = run_json(tree(goals), "score")
    faster, self_service = document["objectives"]
    assert {k: faster[k] for k in ("description", "priority", "contributors", "links")} == {
        "description": "Half of the accounts that left last year named slow support.",
        "priority": "P1",
        "contributors": ["sam", "priya"],
        "links": [{"title": "Support dashboard", "url": "https://grafana.example.com/d/frt"}],
    }
    first_response, csat = faster["key_results"]
    assert (first_response["priority"], csat["priority"]) == ("P2", "P0")
    assert csat["contributors"] == ["omar"]
    assert csat["links"] == [
        {"title": "Survey results", "url": "https://example.com/csat?q=4&r=(all)"}
    ]
    assert "links" not in first_response and "contributors" not in first_response
    # Score order is file order: priority orders reviews, never scores.
    assert [kr["id"] for kr in faster["key_results"]] == ["first-response", "csat"]
    assert "description" not in self_service and "contributors" not in self_service
    assert set(self_service["key_results"][0]) == set(
        json.loads(json.dumps(self_service["key_results"][1]))
    )
    assert "priority" not in self_service["key_results"][0]


def test_priority_never_changes_a_score(goals: GoalTree) -> None:
    with_priorities = run_json(tree(goals), "score")
    stripped = "".join(
        line + "\n" for line in FILE.splitlines() if "priority:" not in line.split("#")[0]
    )
    without = run_json(tree(goals, stripped), "score")

    def scores(document: dict[str, Any]) -> list[Any]:
        return [
            (o["score"], o["status"], [(kr["score"], kr["status"]) for kr in o["key_results"]])
            for o in document["objectives"]
        ] + [t["score"] for t in document["teams"]]

    # By hand: first-response (52 -> 44 of 52 -> 25) 8/27 = 0.296, csat 0.2/0.5 = 0.4,
    # faster-replies (0.2963 + 0.4) / 2 = 0.348; deflection 6/12 = 0.5, articles 0,
    # self-service 0.25; the team (0.3481 + 0.25) / 2 = 0.299.
    assert scores(with_priorities) == scores(without)
    assert scores(with_priorities) == [
        (0.348, "off-track", [(0.296, "off-track"), (0.4, "at-risk")]),
        (0.25, "at-risk", [(0.5, "on-track"), (0.0, "off-track")]),
        0.299,
    ]


def test_the_shown_note_is_the_latest_check_ins_else_the_key_results_own(
    goals: GoalTree,
) -> None:
    document = run_json(tree(goals), "score")
    first_response, csat = document["objectives"][0]["key_results"]
    # first-response: its latest check-in has no note, so its own note is shown.
    assert first_response["note"] == "Ownership established; uncertainty from a supplier change"
    # csat has no note of its own; its latest check-in's note is shown.
    assert csat["note"] == "Survey redesigned"
    # Both: the latest check-in's note wins (it is dated; the key result's note is not).
    text = FILE.replace(
        "          - {date: 2026-10-15, value: 44}",
        "          - {date: 2026-10-15, value: 44, note: Supplier signed}",
    )
    document = run_json(tree(goals, text), "score")
    assert document["objectives"][0]["key_results"][0]["note"] == "Supplier signed"


# --- review --------------------------------------------------------------------------------


def test_a_quarterly_review_lists_higher_priorities_first(goals: GoalTree) -> None:
    document = run_json(tree(goals), "review", "--period", "2026-Q4")
    (team,) = document["teams"]
    assert [o["id"] for o in team["objectives"]] == ["self-service", "faster-replies"]
    # Within an objective: P0 before P2; without priorities, file order.
    assert [kr["id"] for kr in team["objectives"][1]["key_results"]] == ["csat", "first-response"]
    assert [kr["id"] for kr in team["objectives"][0]["key_results"]] == ["deflection", "articles"]


def test_a_weekly_review_orders_by_pace_then_priority_then_score(goals: GoalTree) -> None:
    document = run_json(tree(goals), "review", "--cadence", "weekly")
    (team,) = document["teams"]
    # faster-replies is off-track, self-service at-risk: pace decides before priority.
    assert [o["id"] for o in team["objectives"]] == ["faster-replies", "self-service"]


def test_the_quarterly_text_review_shows_every_new_field(goals: GoalTree) -> None:
    result = okrctl("review", "--period", "2026-Q4", cwd=tree(goals).root)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    block = text[text.index("Customers get answers") :]
    assert block.splitlines()[1:4] == [
        "faster-replies · committed · P1 · owner lin · with sam, priya · 0.348 red ·",
        "off-track",
        "Half of the accounts that left last year named slow support.",
    ]
    assert "link: Support dashboard <https://grafana.example.com/d/frt>" in block
    assert block.splitlines()[5].split() == [
        "Key", "result", "Pri.", "Start", "->", "now", "->", "target", "Score", "Status", "Conf.",
    ]  # fmt: skip
    # Each key result's row starts with its id, P0 first; its title follows on the next line.
    assert block.splitlines()[7].split()[:2] == ["csat", "P0"]
    assert block.splitlines()[9].split()[:2] == ["first-response", "P2"]
    assert block.splitlines()[11:] == [
        "  note csat: Survey redesigned",
        "  contributors csat: omar",
        "  link csat: Survey results <https://example.com/csat?q=4&r=(all)>",
        "  note first-response: Ownership established; uncertainty from a supplier change",
    ]


def test_the_markdown_review_writes_links_escaped(goals: GoalTree) -> None:
    text = FILE.replace("{title: Survey results,", "{title: 'Survey [raw] <b>|',")
    result = okrctl(
        "review", "--period", "2026-Q4", "--format", "markdown", cwd=tree(goals, text).root
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Links: [Support dashboard](https://grafana.example.com/d/frt)" in out
    assert (
        "- CSAT up from 4.1 to 4.6: with omar; links: "
        "[Survey \\[raw\\] &lt;b>\\|](https://example.com/csat?q=4&r=%28all%29)"
    ) in out
    assert "| Priority | Key result | Start → current → target |" in out
    assert "| Latest note |" in out


def test_the_html_review_renders_links_escaped(goals: GoalTree) -> None:
    text = FILE.replace("{title: Survey results,", """{title: '<script>"x"</script>',""")
    result = okrctl("review", "--period", "2026-Q4", "--format", "html", cwd=tree(goals, text).root)
    assert result.returncode == 0, result.stderr
    page = result.stdout
    assert (
        '<a href="https://grafana.example.com/d/frt" rel="noopener noreferrer">'
        "Support dashboard</a>"
    ) in page
    assert (
        '<a href="https://example.com/csat?q=4&amp;r=%28all%29" rel="noopener noreferrer">'
        "&lt;script&gt;&quot;x&quot;&lt;/script&gt;</a>"
    ) in page
    assert "<script>" not in page
    assert "<p>Half of the accounts that left last year named slow support.</p>" in page
    assert '<th scope="col">Priority</th>' in page


def test_files_without_the_new_fields_keep_the_old_headings(goals: GoalTree) -> None:
    plain = "".join(
        line + "\n"
        for line in FILE.splitlines()
        if not any(
            word in line
            for word in ("priority:", "contributors:", "description:", "links", "note: Own")
        )
        and "{title: Support dashboard" not in line
    )
    root = tree(goals, plain).root
    markdown = okrctl("review", "--period", "2026-Q4", "--format", "markdown", cwd=root).stdout
    assert "| Last check-in note |" in markdown and "Priority" not in markdown
    html = okrctl("review", "--period", "2026-Q4", "--format", "html", cwd=root).stdout
    assert "Last check-in note" in html and "Priority" not in html and "<a " not in html
    text = okrctl("review", "--cadence", "weekly", cwd=root).stdout
    assert "Pri." not in text


# --- escaping and the schema ---------------------------------------------------------------


def test_url_escaping_leaves_ordinary_addresses_alone() -> None:
    assert escape.url("https://example.com/a/b?x=1&y=2#top") == (
        "https://example.com/a/b?x=1&y=2#top"
    )
    assert escape.url('https://example.com/a"b<c>(d)|e\\f') == (
        "https://example.com/a%22b%3Cc%3E%28d%29%7Ce%5Cf"
    )
    assert escape.url("https://example.com/\u202eevil\x1b") == (
        "https://example.com/%E2%80%AEevil%1B"
    )


def test_the_schema_describes_the_new_fields_and_rejects_bad_links(tmp_path: Path) -> None:
    schema = json_schema("goal")
    defs = schema["$defs"]
    for holder in ("Objective", "NumericKeyResult", "BinaryKeyResult", "KpiKeyResult"):
        properties = defs[holder]["properties"]
        names = ("priority", "contributors", "links") + (
            ("description",) if holder == "Objective" else ("note",)
        )
        for name in names:
            assert properties[name]["description"] and properties[name]["examples"], name
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    data = parse_yaml(FILE, "support.yaml").data
    assert list(validator.iter_errors(data)) == []
    for bad in ("javascript:alert(1)", "www.example.com", "https://"):
        data["objectives"][0]["links"][0]["url"] = bad
        assert list(validator.iter_errors(data)) != [], bad
    data["objectives"][0]["links"][0]["url"] = "https://example.com"
    data["objectives"][0]["priority"] = "P5"
    assert list(validator.iter_errors(data)) != []

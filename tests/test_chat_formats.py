"""`okrctl review --format slack` and `--format teams`: the review as a chat message, checked as
the platforms read it.

Teams: the message's Adaptive Card validates against the published Adaptive Card 1.5 schema
(tests/data/adaptivecards), and the whole message stays under Teams' size limit. Slack
publishes no JSON schema: the blocks are checked against Block Kit's documented block types and
limits. In both, a title shows as written, and a long review is cut with a pointer to the rest.
"""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft6Validator
from ruamel.yaml import YAML

from okrctl.reports import review_slack, review_teams
from tests.conftest import EXAMPLES, REPO, GoalTree, okrctl

SCHEMA = json.loads(
    (Path(__file__).parent / "data/adaptivecards/adaptive-card-1.5.0.json").read_text("utf-8")
)
AS_OF = "2026-11-22"
LINK = "https://ci.example.com/runs/42/review.html"

HOSTILE = [
    "*fast* and _slow_ ~gone~ `code`",
    "<https://evil.example|click> <!channel> <@U123> &amp; & < >",
    "**bold** [x](javascript:alert(1)) @everyone",
    "- a bullet\n1. a list",
    "# heading | pipe",
]

# Slack's block types (https://api.slack.com/reference/block-kit/blocks); okrctl writes these.
SLACK_BLOCKS = {"header", "section", "context", "divider"}


def review(root: Path, *args: str) -> Any:
    result = okrctl("review", "--as-of", AS_OF, *args, ".", cwd=root)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def hostile_tree(goals: GoalTree, count: int = len(HOSTILE), long: str = "") -> list[str]:
    titles = [
        HOSTILE[n % len(HOSTILE)] + long + (f" {n}" if n >= len(HOSTILE) else "")
        for n in range(count)
    ]
    goals.write(
        "support/2026-Q4.yaml",
        "team: support\nperiod: 2026-Q4\nobjectives:\n"
        + "".join(
            f"  - id: o{n}\n    title: {json.dumps(title)}\n    type: aspirational\n"
            f"    key_results:\n      - title: Plain {n}\n        start: 0\n        target: 10\n"
            f"        current: {n % 10}\n"
            for n, title in enumerate(titles)
        ),
    )
    return titles


def card(message: Any) -> Any:
    assert message["type"] == "message"
    (attachment,) = message["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


def text_runs(content: Any) -> list[str]:
    """Every TextRun's text, in order: what Teams shows without reading Markdown."""
    return [
        run["text"]
        for element in content["body"]
        if element["type"] == "RichTextBlock"
        for run in element["inlines"]
    ]


def slack_texts(blocks: list[Any]) -> list[tuple[str, str]]:
    """Every text object of the blocks: (type, text)."""
    texts = []
    for block in blocks:
        if "text" in block:
            texts.append((block["text"]["type"], block["text"]["text"]))
        for item in block.get("fields", []) + block.get("elements", []):
            texts.append((item["type"], item["text"]))
    return texts


def check_slack(message: Any) -> None:
    """Block Kit's documented limits and types."""
    assert set(message) == {"text", "blocks"}
    blocks = message["blocks"]
    assert 1 <= len(blocks) <= 50
    for block in blocks:
        assert block["type"] in SLACK_BLOCKS, block
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text"
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "section":
            assert "text" in block or "fields" in block
            if "text" in block:
                assert len(block["text"]["text"]) <= 3000
            assert len(block.get("fields", [])) <= 10
            assert all(len(field["text"]) <= 2000 for field in block.get("fields", []))
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
    for kind, text in slack_texts(blocks):
        assert kind in {"mrkdwn", "plain_text"}
        if kind == "mrkdwn":
            # The only `<` is okrctl's own link to the full report: no mention, no other link.
            assert text.count("<") == text.count(f"<{LINK}|full report>"), text


def unescaped(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def shown(title: str) -> str:
    return " ".join(title.split())


def test_teams_card_validates_and_shows_titles_as_written(goals: GoalTree) -> None:
    titles = hostile_tree(goals)
    message = review(goals.root, "--format", "teams")
    content = card(message)
    Draft6Validator(SCHEMA).validate(content)
    assert content["version"] == "1.5"
    runs = text_runs(content)
    for title in titles:  # each title is a TextRun of its own, exactly (never Markdown)
        assert shown(title) in runs, title
    assert runs[0] == f"Weekly review as of {AS_OF}"
    assert runs[-2:] == ["The whole review: ", "full report: okrctl review"]


def test_slack_blocks_keep_the_limits_and_show_titles_as_written(goals: GoalTree) -> None:
    titles = hostile_tree(goals)
    message = review(goals.root, "--format", "slack", "--link", LINK)
    check_slack(message)
    sections = "\n".join(unescaped(text) for _, text in slack_texts(message["blocks"]))
    for title in titles:
        assert shown(title) in sections, title
    assert message["blocks"][0]["text"]["text"] == f"Weekly review as of {AS_OF}"
    assert message["blocks"][-1]["elements"][0]["text"] == (
        f"The whole review: <{LINK}|full report>"
    )


def test_the_examples_in_both_formats() -> None:
    root = EXAMPLES
    for cadence in ("weekly", "quarterly"):
        slack = review(root, "--cadence", cadence, "--format", "slack")
        check_slack(slack)
        teams = review(root, "--cadence", cadence, "--format", "teams")
        Draft6Validator(SCHEMA).validate(card(teams))
        needs = [t for _, t in slack_texts(slack["blocks"]) if t.startswith("*Needs attention")]
        assert needs and "*1. " in needs[0]


def lines_in(message: Any) -> int:
    return sum(
        1
        for _, text in slack_texts(message["blocks"])
        for line in text.split("\n")
        if line.startswith("*") and ":* " in line
    )


def test_a_long_review_is_cut_with_a_pointer_to_the_rest(goals: GoalTree) -> None:
    hostile_tree(goals, count=700, long=" and a long explanation" * 8)
    slack = review(goals.root, "--format", "slack", "--link", LINK)
    check_slack(slack)
    assert len(slack["blocks"]) == 50
    closing = slack["blocks"][-1]["elements"][0]["text"]
    left = int(closing.split(" ")[0])
    assert closing == f"{left} more lines in the full report: <{LINK}|full report>"
    # Every line of the digest is shown or counted: what needs attention, the team's score
    # and its 700 objectives.
    whole = review(goals.root, "--format", "json")
    assert lines_in(slack) + left == len(whole["summary"]["attention"]) + 1 + 700

    teams = review(goals.root, "--format", "teams", "--link", LINK)
    printed = okrctl("review", "--as-of", AS_OF, "--format", "teams", ".", cwd=goals.root).stdout
    assert len(printed.encode("utf-8")) <= review_teams.MAX_BYTES < 28_000
    content = card(teams)
    Draft6Validator(SCHEMA).validate(content)
    closing_block = content["body"][-1]
    words, where = closing_block["inlines"]
    assert words["text"].endswith(" more lines in the full report: ")
    assert where["selectAction"] == {"type": "Action.OpenUrl", "url": LINK}
    # Headings have spacing and the closing line a separator: the rest are the digest's lines.
    lines = [
        e
        for e in content["body"]
        if e["type"] == "RichTextBlock" and "spacing" not in e and "separator" not in e
    ]
    total = len(whole["summary"]["attention"]) + 1 + 700
    assert len(lines) + int(words["text"].split(" ")[0]) == total
    assert len(lines) < 700


def test_the_link_is_one_link_whatever_its_address_holds(goals: GoalTree) -> None:
    hostile_tree(goals)
    link = "https://ci.example.com/r?a=1&b=(2)|x>y"
    slack = review(goals.root, "--format", "slack", "--link", link)
    assert slack["blocks"][-1]["elements"][0]["text"] == (
        "The whole review: <https://ci.example.com/r?a=1&amp;b=%282%29%7Cx%3Ey|full report>"
    )
    teams = card(review(goals.root, "--format", "teams", "--link", link))
    assert teams["body"][-1]["inlines"][-1]["selectAction"]["url"] == (
        "https://ci.example.com/r?a=1&b=%282%29%7Cx%3Ey"
    )


def test_link_must_be_a_web_address(goals: GoalTree) -> None:
    hostile_tree(goals)
    result = okrctl(
        "review", "--format", "slack", "--link", "javascript:alert(1)", ".", cwd=goals.root
    )
    assert result.returncode == 2
    assert "--link: `javascript:alert(1)` is no http(s) address" in result.stderr


@pytest.mark.parametrize("module", [review_slack, review_teams])
def test_both_are_registered_review_formats(module: Any) -> None:
    from okrctl.reports import REVIEW

    assert f"okrctl.reports.{module.__name__.rsplit('.', 1)[1]}" in {
        f.module for f in REVIEW.formats.values()
    }


def docs_workflow() -> dict[str, Any]:
    """The workflow docs/ci.md shows for posting the weekly review."""
    guide = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    section = guide.split("## The weekly review in Slack or Teams", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    workflow: dict[str, Any] = YAML(typ="safe").load(block)
    return workflow


def test_the_documented_workflow_writes_and_posts_the_digest(tmp_path: Path) -> None:
    workflow = docs_workflow()
    assert workflow["on"]["schedule"]
    (job,) = workflow["jobs"].values()
    runs = [step for step in job["steps"] if "run" in step]
    post = runs[-1]
    assert post["env"] == {"SLACK_WEBHOOK_URL": "${{ secrets.SLACK_WEBHOOK_URL }}"}
    assert '--data-binary @review-slack.json "$SLACK_WEBHOOK_URL"' in post["run"]
    # Its okrctl commands, run in-process on examples/ where GOALS says the tree is.
    shutil.copytree(EXAMPLES, tmp_path / workflow["env"]["GOALS"])
    commands = [
        line.strip()
        for step in runs
        for line in step["run"].splitlines()
        if line.strip().startswith("okrctl ")
    ]
    assert len(commands) == 2
    for command in commands:
        words = shlex.split(command.replace("$GOALS", workflow["env"]["GOALS"]))
        words = [LINK if word == "$RUN_URL" else word for word in words]
        target = None
        if ">" in words:
            target = words[words.index(">") + 1]
            words = words[: words.index(">")]
        result = okrctl(*words[1:], cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
        if target:
            (tmp_path / target).write_text(result.stdout, encoding="utf-8")
    assert (tmp_path / "review.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    message = json.loads((tmp_path / "review-slack.json").read_text(encoding="utf-8"))
    check_slack(message)
    assert message["blocks"][-1]["elements"][0]["text"].endswith(f"<{LINK}|full report>")

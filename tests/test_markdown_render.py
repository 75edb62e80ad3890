"""Markdown that renders as written: every Markdown report rendered by a CommonMark renderer with
GitHub's extensions (markdown-it-py: tables, strikethrough, and `$` math as GitHub has it), and
the visible text compared with the titles the goal files hold.

A title must show exactly as written (its stars, brackets, pipes, backticks and dollars), make
no element of its own (no emphasis, link, image, formula, heading or list), and leave every table
row with its cells.
"""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from okrctl.reports import escape
from tests.conftest import GoalTree, okrctl

# Titles a pull request could write, each one a piece of Markdown or HTML.
HOSTILE = [
    "*fast* and **bold**",
    "<img src=x onerror=1>",
    "a`b",
    "[x](javascript:alert(1))",
    "ping @mention",
    "left | right",
    "&lt;beta&gt; &amp;",
    "# leading hash",
    "1. looks like a list",
    "- a bullet",
    "> a quote",
    "MRR from $500K to $750K",
    "~~gone~~ and ~one~",
    "_under_ snake_case",
    "back\\slash \\*star\\",
    "<https://evil.example>",
    "x <= 5 and y >= 3",
    "ends with #",
    "![img](https://evil.example/x.png)",
    "[^1] and [link]",
]

# The elements okrctl's Markdown reports are made of (dropped key results are struck through:
# none is dropped here). Anything else came from a title.
OWN_ELEMENTS = {
    "h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "strong", "ul",
    "ol", "li", "pre", "blockquote", "hr",
}  # fmt: skip


def renderer() -> MarkdownIt:
    """CommonMark with GitHub's tables, strikethrough and dollar math."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(dollarmath_plugin)


class Visible(HTMLParser):
    """The text a reader sees, and the elements it is drawn with."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.elements: set[str] = set()
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.add(tag)
        self.cells += tag in {"td", "th"}
        if tag in {"td", "th", "li", "p"}:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts).replace(escape.ZERO_WIDTH_JOINER, "")


def render(markdown: str) -> Visible:
    page = Visible()
    page.feed(renderer().render(markdown))
    return page


def shown(title: str) -> str:
    """A title as it reads in one line: its blanks folded."""
    return " ".join(title.split())


# --- The two functions, in each place a report puts them -----------------------------------------


@pytest.mark.parametrize("title", HOSTILE)
def test_text_renders_as_written_in_every_place(title: str) -> None:
    text = escape.markdown(title)
    first = escape.markdown(title, starts_line=True)
    places = {
        "cell": f"| Title | Score |\n|---|---|\n| {text} | 0.5 |\n",
        "heading": f"### {text}\n",
        "top heading": f"# {text}\n",
        "list item": f"1. **Off track**: {text}: why\n",
        "bullet": f"- {first}: details\n",
        "paragraph": f"{first}\n\nnext\n",
        "lines": f"Intro\n{first}\n{first}\n",
        "link": escape.markdown_link(title, "https://example.com/a b") + "\n",
    }
    for place, markdown in places.items():
        page = render(markdown)
        assert shown(title) in page.text, (place, markdown, page.text)
        made = page.elements - OWN_ELEMENTS - ({"a"} if place == "link" else set())
        assert not made, (place, markdown, made)
    table = render(places["cell"])
    assert table.cells == 4  # two header cells, two body cells: the row kept its cells


@pytest.mark.parametrize("title", HOSTILE)
def test_code_spans_hold_the_raw_text(title: str) -> None:
    """A code span shows its text raw (GitHub decodes no entity in it), in a cell or a line."""
    in_line = render(f"- {escape.markdown_code(title)} is stale\n")
    in_cell = render(f"| Goal | x |\n|---|---|\n| {escape.markdown_code(title, cell=True)} | 1 |\n")
    for page in (in_line, in_cell):
        assert shown(title) in page.text, page.text
        assert page.elements <= OWN_ELEMENTS, page.elements


def test_the_escapes_keep_ordinary_text_as_it_is() -> None:
    for plain in ("Median first-response time down to 25 min", "snake_case", "C# <= 45", "a-b"):
        assert escape.markdown(plain) == plain
    assert escape.markdown("MRR from $500K") == "MRR from \\$500K"
    assert escape.markdown("- x") == "- x"  # inside a line: no bullet
    assert escape.markdown("- x", starts_line=True) == "\\- x"
    assert escape.markdown_code("&lt;beta&gt;") == "`&lt;beta&gt;`"
    assert escape.markdown_code("a|b") == "`a|b`"
    assert escape.markdown_code("a|b", cell=True) == "`a\\|b`"


# --- Every Markdown report of a tree with hostile titles -----------------------------------------


def hostile_tree(goals: GoalTree) -> None:
    objectives = "".join(
        f"  - id: o{n}\n"
        f"    title: {json.dumps(title)}\n"
        "    type: committed\n"
        f"    description: {json.dumps(title)}\n"
        "    key_results:\n"
        f"      - title: {json.dumps(title)}\n"
        f"        start: 0\n        target: 10\n        current: {n % 10}\n"
        for n, title in enumerate(HOSTILE)
    )
    goals.write(
        "support/2026-Q4.yaml", "team: support\nperiod: 2026-Q4\nobjectives:\n" + objectives
    )
    kpis = "".join(
        f"  - id: k{n}\n    title: {json.dumps(title)}\n    owner: lin\n    cadence: weekly\n"
        "    band: {min: 3}\n    measurements:\n      - {date: 2026-11-23, value: 4}\n"
        for n, title in enumerate(HOSTILE)
    )
    goals.write("support/kpis.yaml", "team: support\nkpis:\n" + kpis)


def assert_titles_shown(markdown: str, titles: list[str], what: str) -> None:
    page = render(markdown)
    for title in titles:
        assert shown(title) in page.text, (what, title)
    assert page.elements <= OWN_ELEMENTS, (what, page.elements - OWN_ELEMENTS)


REPORTS = {
    "review weekly": ("review", "--cadence", "weekly"),
    "review quarterly": ("review", "--cadence", "quarterly", "--period", "2026-Q4"),
    "score": ("score",),
    "kpi check": ("kpi", "check"),
}


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_every_markdown_report_shows_the_titles_as_written(goals: GoalTree, report: str) -> None:
    hostile_tree(goals)
    result = okrctl(*REPORTS[report], "--format", "markdown", ".", cwd=goals.root)
    assert result.returncode in (0, 1), result.stderr
    assert_titles_shown(result.stdout, HOSTILE, report)


def test_the_job_summary_shows_messages_as_written(goals: GoalTree) -> None:
    """The job summary's messages quote goal files in backticks: they show as written, never
    as code spans that would show `&lt;beta&gt;` for `<beta>`."""
    goals.write(
        "support/kpis.yaml",
        'team: support\nkpis:\n  - {id: k, title: T, owner: lin, cadence: weekly, "<beta>": 1}\n',
    )
    summary = goals.root.parent / "summary.md"
    okrctl("lint", "-f", "github", ".", cwd=goals.root, env={"GITHUB_STEP_SUMMARY": str(summary)})
    page = render(summary.read_text(encoding="utf-8"))
    assert "unknown field `<beta>` in KPI" in page.text
    assert "&lt;" not in page.text
    assert page.elements <= OWN_ELEMENTS


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@e", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_the_diff_comment_shows_the_titles_as_written(goals: GoalTree) -> None:
    """`okrctl diff --format markdown` on a pull request that renames every goal hostilely."""
    goals.write(
        "support/2026-Q4.yaml",
        "team: support\nperiod: 2026-Q4\nobjectives:\n"
        + "".join(
            f"  - id: o{n}\n    title: Plain {n}\n    type: committed\n    key_results:\n"
            f"      - title: Plain {n}\n        start: 0\n        target: 10\n"
            for n in range(len(HOSTILE))
        ),
    )
    git(goals.root, "init", "--quiet", "--initial-branch=main")
    git(goals.root, "add", "--all")
    git(goals.root, "commit", "--quiet", "-m", "base")
    git(goals.root, "checkout", "--quiet", "-b", "rename")
    goals.write(
        "support/2026-Q4.yaml",
        "team: support\nperiod: 2026-Q4\nobjectives:\n"
        + "".join(
            f"  - id: o{n}\n    title: {json.dumps(title)}\n    type: committed\n"
            f"    key_results:\n      - title: Plain {n}\n        start: 0\n        target: 10\n"
            for n, title in enumerate(HOSTILE)
        ),
    )
    git(goals.root, "commit", "--quiet", "-am", "rename")
    result = okrctl("diff", "main", "--format", "markdown", cwd=goals.root)
    assert result.returncode == 0, result.stderr
    assert_titles_shown(result.stdout, HOSTILE, "diff")


# Text made of Markdown's and HTML's pieces, or any text at all.
PIECES = [
    "*", "**", "_", "__", "`", "```", "~", "~~", "$", "|", "\\", "[", "]", "(", ")", "!", "<", ">",
    "&", "&lt;", "&#38;", "#", "1.", "2)", "-", "+", "=", "---", "@", "@octocat", ":", "a", "b c",
    "é", " ", "\t", "\n", "<img src=x>", "<!--", "http://x.y", "www.x.y", "\x1b", "\u202e",
]  # fmt: skip
markdownish = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)  # no text can hold a lone one
any_text = st.text(st.characters(exclude_categories=SURROGATES), max_size=30)


@settings(max_examples=300, deadline=None)
@given(markdownish | any_text)
def test_any_text_renders_as_written(value: str) -> None:
    """What a reader sees is the text itself (blanks folded, control characters shown as
    `text` shows them), at a line's start and in a table cell, and nothing else is drawn."""
    expected = shown(escape.text(" ".join(value.split())))
    paragraph = render(f"{escape.markdown(value, starts_line=True)}\n")
    cell = render(f"| h |\n|---|\n| {escape.markdown(value)} |\n")
    code = render(f"| h |\n|---|\n| {escape.markdown_code(value, cell=True)} |\n")
    assert shown(paragraph.text) == expected, (value, paragraph.text)
    for table in (cell, code):  # the header's `h`, then the cell
        assert shown(table.text) == shown(f"h {expected}"), (value, table.text)
    for page in (paragraph, cell, code):
        assert page.elements <= OWN_ELEMENTS, (value, page.elements)
    assert cell.cells == 2 and code.cells == 2

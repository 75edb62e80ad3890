"""Text tables at 80, 100 and 120 columns, set by COLUMNS or --width (issue 15): no line wider
than the width, every id and ref whole on one line with its numbers and status, a long title
cut or moved below its row but always whole somewhere and never more than three lines, and no
two rows printed the same (two key results whose titles agree for 60 characters)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from okrctl.terminal import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH, output_width
from tests.conftest import DEBUG, GoalTree, okrctl

DECKS = "PMM: Develop and roll out updated pitch and analyst decks for the"
GOALS = f"""
team: product-marketing
period: 2026-Q4
owner: priya

objectives:
  - id: enterprise-pitch-readiness
    title: "{DECKS} enterprise segment so that sales can run every late-stage deal from them"
    type: committed
    key_results:
      - id: enterprise-deck-adoption
        title: "{DECKS} enterprise segment, used in 80% of enterprise first calls"
        start: 10
        target: 80
        unit: "%"
        checkins:
          - {{date: 2026-11-20, value: 45, confidence: 0.6}}
      - id: mid-market-deck-adoption
        title: "{DECKS} mid-market segment, used in 80% of mid-market first calls"
        start: 10
        target: 80
        unit: "%"
        checkins:
          - {{date: 2026-11-20, value: 45, confidence: 0.6}}
      - id: analyst-briefings
        title: "Brief the four analyst firms that cover enterprise collaboration tools on the new positioning before their Q1 reports"
        start: 0
        target: 4
        checkins:
          - {{date: 2026-11-20, value: 1}}
  - id: competitive-win-rate
    title: "Win more competitive enterprise deals against the two incumbents by arming every account executive with current battlecards"
    type: aspirational
    key_results:
      - id: competitive-win-rate-vs-incumbents
        title: "Competitive win rate against the two incumbents in enterprise deals rises from 18% to 30% of closed opportunities"
        start: 18
        target: 30
        unit: "%"
        checkins:
          - {{date: 2026-11-20, value: 22, confidence: 0.4}}
      - id: battlecards-current
        title: Battlecards current
        start: 0
        target: 2
        checkins:
          - {{date: 2026-11-20, value: 1}}
"""  # noqa: E501
KPIS = """
team: product-marketing
kpis:
  - id: enterprise-pipeline-sourced-by-marketing
    title: Share of enterprise pipeline sourced by marketing campaigns and events
    owner: priya
    unit: "%"
    cadence: monthly
    band: {min: 25}
    measurements:
      - {date: 2026-09-30, value: 31}
      - {date: 2026-10-31, value: 24}
  - id: website-demo-request-conversion-rate
    title: Demo requests per website visit
    owner: dev
    unit: "%"
    cadence: monthly
    band: {min: 1.5, max: 9}
    measurements:
      - {date: 2026-10-31, value: 2.1}
"""

WIDTHS = (80, 100, 120)
HOW = ("COLUMNS", "--width")


@pytest.fixture
def tree(goals: GoalTree) -> Path:
    goals.write("okrctl.yaml", "people: [priya, dev]\n")
    goals.write("2026-Q4.yaml", GOALS)
    goals.write("kpis.yaml", KPIS)
    return goals.root


def run(root: Path, width: int, how: str, *args: str) -> str:
    """A text report at `width`, set through the environment or the option."""
    if how == "COLUMNS":
        result = okrctl(*args, cwd=root, env={**DEBUG, "COLUMNS": str(width)})
    else:
        result = okrctl(*args, "--width", str(width), cwd=root, env=DEBUG)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def as_json(root: Path, *args: str) -> Any:
    return json.loads(okrctl(*args, "--format", "json", cwd=root, env=DEBUG).stdout)


def check_fits(text: str, width: int) -> list[str]:
    lines = text.splitlines()
    too_wide = [line for line in lines if cell_len(line) > width]
    assert not too_wide, too_wide
    assert not [line for line in lines if line != line.rstrip()], "a line ends in blanks"
    return lines


def row_of(lines: list[str], name: str) -> tuple[int, list[str]]:
    """Where the row `name` starts (`name` whole, as the first word of the line) and where its
    words end, with its words: the next line's too when the name stands alone on its line."""
    found = [i for i, line in enumerate(lines) if line.split()[:1] == [name]]
    assert len(found) == 1, (name, found)
    i = found[0]
    words = lines[i].split()
    if words == [name]:  # too long for its column: the rest of the row is on the next line
        words += lines[i + 1].split()
        return i + 1, words
    return i, words


def title_lines(lines: list[str], i: int, title: str, names: set[str]) -> int:
    """How many lines the row ending at line `i` and its title take: the title must be whole,
    in the row, or on the indented lines after it (wrapped at blanks)."""
    if title in lines[i]:
        return 1
    after = []
    for line in lines[i + 1 :]:
        if not line.startswith(" ") or line.split()[0] in names:
            break
        after.append(line.strip())
    assert " ".join(after) == title, (title, after)
    return 1 + len(after)


def no_repeated_rows(lines: list[str], names: list[str]) -> None:
    rows = [line for line in lines if line.split()[:1] and line.split()[0] in names]
    assert len(rows) == len(set(rows)), rows


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("width", WIDTHS)
def test_score(tree: Path, width: int, how: str) -> None:
    lines = check_fits(run(tree, width, how, "score"), width)
    document = as_json(tree, "score")
    items = [i for o in document["objectives"] for i in (o, *o["key_results"])]
    names = [item["ref"].rsplit("/", 1)[-1] for item in items]
    for item, name in zip(items, names, strict=True):
        i, words = row_of(lines, name)
        assert f"{item['score']:.3f}" in words, (name, words)
        assert item["status"] in words
        assert title_lines(lines, i, item["title"], set(names)) <= 3
    no_repeated_rows(lines, names)


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("width", WIDTHS)
def test_kpi_check(tree: Path, width: int, how: str) -> None:
    lines = check_fits(run(tree, width, how, "kpi", "check"), width)
    names = []
    for kpi in as_json(tree, "kpi", "check")["kpis"]:
        names.append(kpi["id"])
        _, words = row_of(lines, kpi["id"])
        assert kpi["status"] in words
        assert kpi["owner"] in words
    assert len(names) == 2
    no_repeated_rows(lines, names)


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("width", WIDTHS)
def test_weekly_review(tree: Path, width: int, how: str) -> None:
    lines = check_fits(run(tree, width, how, "review", "--cadence", "weekly"), width)
    document = as_json(tree, "review", "--cadence", "weekly")
    (team,) = document["teams"]
    items = [i for o in team["objectives"] for i in (o, *o["key_results"])]
    names = [item["ref"].removeprefix("product-marketing/2026-Q4/") for item in items]
    for item, name in zip(items, names, strict=True):
        i, words = row_of(lines, name)
        assert f"{item['score']:.3f}" in " ".join(words)
        assert item["status"] in words
        assert title_lines(lines, i, item["title"], set(names)) <= 3
    for kpi in team["kpis"]:
        names.append(kpi["id"])
        assert kpi["status"] in row_of(lines, kpi["id"])[1]
    no_repeated_rows(lines, names)


@pytest.mark.parametrize("width", WIDTHS)
def test_quarterly_review(tree: Path, width: int) -> None:
    text = run(tree, width, "--width", "review", "--cadence", "quarterly", "--period", "2026-Q4")
    lines = check_fits(text, width)
    for objective in as_json(tree, "review", "--period", "2026-Q4")["teams"][0]["objectives"]:
        names = [kr["ref"].rsplit("/", 1)[-1] for kr in objective["key_results"]]
        for kr, name in zip(objective["key_results"], names, strict=True):
            i, words = row_of(lines, name)
            assert f"{kr['score']:.3f}" in words
            assert kr["status"] in words
            assert title_lines(lines, i, kr["title"], set(names)) <= 3
        no_repeated_rows(lines, names)


@pytest.mark.parametrize("width", WIDTHS)
def test_tree_keeps_refs_scores_and_statuses_on_one_line(tree: Path, width: int) -> None:
    lines = check_fits(run(tree, width, "COLUMNS", "tree"), width)
    for ref in ("enterprise-pitch-readiness", "competitive-win-rate"):
        (line,) = [line for line in lines if f"product-marketing/2026-Q4/{ref}" in line]
        assert line.split()[-1] in ("at-risk", "on-track", "off-track")


def test_the_same_report_at_80_columns_by_default(tree: Path) -> None:
    default = okrctl("score", cwd=tree, env=DEBUG).stdout
    assert default == run(tree, 80, "--width", "score")
    # A COLUMNS that is no width is ignored; --width wins over COLUMNS.
    for junk in ("", "abc", "-5", "12", "100000", "８０"):
        assert okrctl("score", cwd=tree, env={"COLUMNS": junk}).stdout == default
    wide = okrctl("score", "--width", "120", cwd=tree, env={"COLUMNS": "100"}).stdout
    assert wide == run(tree, 120, "COLUMNS", "score")


def test_width_out_of_range_is_a_usage_error(tree: Path) -> None:
    for width in ("39", "1001", "wide"):
        result = okrctl("score", "--width", width, cwd=tree)
        assert result.returncode == 2
        assert "--width" in result.stderr


def test_output_file_is_written_at_the_width_given(tree: Path) -> None:
    okrctl("review", "--format", "text", "--output", "r.txt", "--width", "120", cwd=tree)
    written = (tree / "r.txt").read_text(encoding="utf-8")
    assert max(cell_len(line) for line in written.splitlines()) > 100
    check_fits(written, 120)


def test_output_width() -> None:
    assert output_width({}, None) == DEFAULT_WIDTH == 80
    assert output_width({"COLUMNS": "132"}, None) == 132
    assert output_width({"COLUMNS": " 100 "}, None) == 100
    assert output_width({"COLUMNS": "0"}, None) == 80
    assert output_width({"COLUMNS": "39"}, None) == 80
    assert output_width({"COLUMNS": "1e3"}, None) == 80
    # A terminal: its own width (kept in bounds), whatever COLUMNS says; --width wins over all.
    assert output_width({"COLUMNS": "132"}, 100) == 100
    assert output_width({}, 20) == MIN_WIDTH
    assert output_width({}, 5000) == MAX_WIDTH
    assert output_width({"COLUMNS": "132"}, 100, option=90) == 90


def test_width_option_bounds_match_the_terminal_bounds() -> None:
    import typing

    from okrctl.commands.options import WidthOption

    (option,) = [m for m in typing.get_args(WidthOption)[1:]]
    assert (option.min, option.max) == (MIN_WIDTH, MAX_WIDTH)

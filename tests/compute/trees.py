"""Small goal trees for the compute tests: files written in a folder, read by the public loader."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from okrctl.compute.kpi_health import check_kpis
from okrctl.compute.review import ReviewReport, build_review
from okrctl.compute.scoring import AsOf, score_tree
from okrctl.compute.suggestions import SuggestionReport, suggest
from okrctl.findings import Finding
from okrctl.linting import build_selection, lint
from okrctl.load.goal_tree import load_tree
from okrctl.model.tree import GoalTree


def load(root: Path, files: dict[str, str]) -> GoalTree:
    """Write `files` (name: dedented text) under `root` and load the tree as okrctl does.

    A test tree must read without a problem: a typo in a test's YAML would otherwise drop an
    objective silently and the numbers asserted would be about a different tree.
    """
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    tree = load_tree([root])
    problems = [(f.path, p.rule, p.message) for f in tree.files for p in f.problems]
    assert problems == [], problems
    return tree


def goal_file(team: str, period: str, objectives: str, owner: str | None = "lin") -> str:
    """A goal file of one team and period; `objectives` is the YAML list, indented by 2."""
    head = f"team: {team}\nperiod: {period}\n" + (f"owner: {owner}\n" if owner else "")
    return head + "objectives:\n" + textwrap.indent(textwrap.dedent(objectives).strip("\n"), "  ")


def lint_findings(tree: GoalTree, today: date = date(2026, 11, 29)) -> tuple[Finding, ...]:
    """The tree's lint under its okrctl.yaml, as a command's checked tree carries it."""
    selection, config_problems = build_selection(tree)
    return lint(tree, selection, today, config_problems).findings


def review_of(tree: GoalTree, as_of: AsOf) -> ReviewReport:
    """`build_review` on the tree and its own lint, as `okrctl review` calls it."""
    return build_review(tree, as_of, lint_findings(tree))


def suggestions(tree: GoalTree, as_of: date) -> SuggestionReport:
    """`suggest` from the scores and KPI statuses at `as_of`, as `okrctl suggest` computes them."""
    return suggest(tree, as_of, score_tree(tree, AsOf(as_of)), check_kpis(tree, as_of))

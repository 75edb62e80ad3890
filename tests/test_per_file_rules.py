"""The rules marked PER_FILE find in each file what they find in that file alone, so the lint
engine keeps what they found by file (name and bytes) and, on a tree where a few files
changed, runs them on those files only (linting.lint_reusing, linting.lint_scanned)."""

from __future__ import annotations

import shutil
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from okrctl.findings import Problem
from okrctl.linting import _reusable, build_selection, lint, lint_reusing
from okrctl.load.goal_tree import load_tree
from okrctl.model.tree import GoalTree
from okrctl.rules import all_rules
from okrctl.rules.base import Rule, RuleContext
from tests.conftest import EXAMPLES, REPO, okrctl
from tests.test_parallel_rules import MESSY

DAY = date(2026, 11, 29)
PER_FILE = [rule for rule in all_rules() if getattr(rule, "PER_FILE", False)]

# Two files define support/backlog: the tree keeps the first, so the second's placeholder
# title is not the KPI the rules see. What a per-file rule finds in the second file then
# depends on the first: the engine must not reuse it by file.
FIRST_KPIS = """\
team: support
kpis:
  - id: backlog
    title: Open tickets
    owner: lin
    unit: tickets
    measurements: [{date: 2026-11-01, value: 40}]
"""
SECOND_KPIS = FIRST_KPIS.replace("Open tickets", "TODO")
ONE_KR = """\
  - id: lonely
    title: Win back the churned accounts
    owner: nobody
    key_results:
      - {title: Win back 20 accounts, start: 0, target: 20}
"""


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> list[GoalTree]:
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate  # type: ignore[import-not-found]  # bench/, on sys.path

    root = tmp_path_factory.mktemp("per-file")
    shutil.copytree(EXAMPLES, root / "examples", ignore=shutil.ignore_patterns(".okrctl_cache"))
    (root / "examples" / "messy.yaml").write_text(MESSY, encoding="utf-8")
    generate(root / "generated", 30, seed=11)
    hostile = root / "hostile"
    shutil.copytree(REPO / "tests" / "data" / "hostile", hostile)
    people = root / "people"
    people.mkdir()
    (people / "okrctl.yaml").write_text("people: [lin]\n", encoding="utf-8")
    (people / "messy.yaml").write_text(MESSY + ONE_KR, encoding="utf-8")
    (people / "kpis.yaml").write_text(FIRST_KPIS, encoding="utf-8")
    names = ("examples", "generated", "hostile", "people")
    return [load_tree([root / name]) for name in names]


def _by_file(problems: list[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        grouped[problem.location.path].append(problem)
    return dict(grouped)


@pytest.mark.parametrize("rule", PER_FILE, ids=lambda rule: rule.NAME)
def test_a_per_file_rule_finds_in_each_file_what_it_finds_in_that_file_alone(
    rule: Rule, trees: list[GoalTree]
) -> None:
    assert rule.check is not None
    found_any = False
    for tree in trees:
        if not _reusable(tree):  # two files define one KPI: never reused (tested below)
            continue
        options = build_selection(tree)[0].options_of(rule)
        whole = _by_file(list(rule.check(RuleContext(tree.for_rules(), DAY, options))))
        alone: dict[str, list[Problem]] = {}
        for file in tree.files:
            single = GoalTree([file], tree.loaded_config).for_rules()
            found = list(rule.check(RuleContext(single, DAY, options)))
            assert all(problem.location.path == file.path for problem in found), rule.NAME
            if found:
                alone[file.path] = found
        assert alone == whole, rule.NAME
        found_any = found_any or bool(whole)
    assert found_any or rule.NAME in UNSEEN, f"{rule.NAME} finds nothing here: test it on more"


# Rules these trees give no finding of (their own tests cover them); the rest must find
# something, or the comparison above proves nothing for them.
UNSEEN = {"secret-in-source", "source-sql", "comment-in-text"}


def test_lint_reusing_what_was_found_by_file_is_lint(trees: list[GoalTree]) -> None:
    assert [_reusable(tree) for tree in trees] == [True, True, False, True]
    found_any = False
    for tree in trees:
        selection, problems = build_selection(tree)
        expected = lint(tree, selection, DAY, problems)
        first, by_file = lint_reusing(tree, selection, DAY, problems)
        assert first == expected and by_file is not None
        found_any = found_any or any(by_file.values())
        # Every file but one taken from the first run: the same findings.
        some = dict(list(by_file.items())[1:])
        again, _ = lint_reusing(tree, selection, DAY, problems, reuse=some)
        assert again == expected
    assert found_any


def test_what_was_found_by_file_is_used_not_recomputed(trees: list[GoalTree]) -> None:
    """The engine takes what it is given for a file (so the cache's key must be right)."""
    tree = trees[0]
    selection, problems = build_selection(tree)
    _, by_file = lint_reusing(tree, selection, DAY, problems)
    assert by_file is not None
    path = next(path for path, found in by_file.items() if found)
    result, _ = lint_reusing(tree, selection, DAY, problems, reuse={path: []})
    assert result != lint(tree, selection, DAY, problems)


def test_two_files_defining_one_kpi_are_never_reused_by_file(tmp_path: Path) -> None:
    for name, text in (("a-kpis.yaml", FIRST_KPIS), ("b-kpis.yaml", SECOND_KPIS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    tree = load_tree([tmp_path])
    selection, problems = build_selection(tree)
    expected = lint(tree, selection, DAY, problems)
    # What b-kpis.yaml alone would give: its KPI's placeholder title.
    alone = GoalTree([tree.files[1]], tree.loaded_config)
    second = tree.files[1].path
    assert second.endswith("b-kpis.yaml")
    by_file = lint_reusing(alone, selection, DAY)[1]
    assert by_file is not None and by_file[second]
    wrong = {second: by_file[second]}
    result, _ = lint_reusing(tree, selection, DAY, problems, reuse=wrong)
    assert result == expected


def test_editing_files_of_a_cached_tree_says_what_a_run_without_the_cache_says(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(EXAMPLES, tree, ignore=shutil.ignore_patterns(".okrctl_cache"))
    (tree / "messy.yaml").write_text(MESSY, encoding="utf-8")
    on = {"OKRCTL_NO_CACHE": None}
    args = ("lint", "--format", "json", ".")
    okrctl(*args, cwd=tree, env=on)
    edits = [
        ("messy.yaml", "title: TODO", "title: Grow the pipeline"),
        ("support/2026-Q4.yaml", "owner: lin", "owner: nobody"),
        ("messy.yaml", "date: 2027-03-01", "date: 2026-11-03"),
    ]
    for name, old, new in edits:
        path = tree / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        cached = okrctl(*args, cwd=tree, env=on)
        fresh = okrctl("--no-cache", *args, cwd=tree, env=on)
        assert (cached.returncode, cached.stdout) == (fresh.returncode, fresh.stdout), name
    assert list((tree / ".okrctl_cache").glob("result-files-*.okc"))


def _same_warm_and_without(tree: Path, *args: str) -> None:
    on = {"OKRCTL_NO_CACHE": None}
    cached = okrctl(*args, cwd=tree, env=on)
    fresh = okrctl("--no-cache", *args, cwd=tree, env=on)
    assert (cached.returncode, cached.stdout) == (fresh.returncode, fresh.stdout)


def test_a_file_whose_kpi_another_file_hid_is_not_kept_for_when_it_no_longer_does(
    tmp_path: Path,
) -> None:
    """While a-kpis.yaml defines support/backlog too, the rules see its KPI, not
    b-kpis.yaml's: what they found in b-kpis.yaml then is not what it gives alone, and must
    not be kept by its name and bytes for a run where a-kpis.yaml no longer hides it."""
    (tmp_path / "okrctl.yaml").write_text("people: [lin]\n", encoding="utf-8")
    (tmp_path / "a-kpis.yaml").write_text(FIRST_KPIS, encoding="utf-8")
    (tmp_path / "b-kpis.yaml").write_text(SECOND_KPIS, encoding="utf-8")
    args = ("lint", "--format", "json", ".")
    _same_warm_and_without(tmp_path, *args)
    first = tmp_path / "a-kpis.yaml"
    first.write_text(FIRST_KPIS.replace("id: backlog", "id: queue"), encoding="utf-8")
    _same_warm_and_without(tmp_path, *args)
    assert list((tmp_path / ".okrctl_cache").glob("result-files-*.okc"))

"""A findings flood costs a count, not a problem per item: the loader counts the items past the
lint cap (okrctl/load/loader.py, `_Overflow`) and the engine adds the count to its summary
finding. What lint reports must be exactly what it reports when every problem is kept."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrctl.findings import Finding
from okrctl.linting import LintResult, Selection, lint
from okrctl.load.loader import validate_goal_file
from okrctl.load.yamlparse import SourceMap, parse_yaml
from okrctl.model.tree import GoalTree
from okrctl.rules import all_rules
from tests.conftest import okrctl

TODAY = date(2026, 11, 29)
SELECTION = Selection(frozenset(rule.NAME for rule in all_rules()))
SILENCE = "  # okrctl: disable=invalid-value"


def linted(text: str, cap: int, loader_cap: int, selection: Selection = SELECTION) -> LintResult:
    """Lint one goal file under `cap`, loaded for `loader_cap` (0: every problem kept)."""
    loaded = validate_goal_file(parse_yaml(text, "flood.yaml"), 1, loader_cap)
    tree = GoalTree([loaded])
    chosen = Selection(selection.enabled, selection.severity, selection.options, cap)
    return lint(tree, chosen, TODAY)


def assert_counted_as_kept(text: str, cap: int) -> tuple[Finding, ...]:
    counted = linted(text, cap, cap)
    assert counted.findings == linted(text, cap, 0).findings
    return counted.findings


def flood(items: list[str], key: str = "kpis") -> str:
    return "team: support\nperiod: 2026-Q4\n" + f"{key}:\n" + "".join(f"- {i}\n" for i in items)


def test_the_items_past_the_cap_are_counted_not_kept() -> None:
    text = flood(["1"] * 10)
    loaded = validate_goal_file(parse_yaml(text, "flood.yaml"), 1, 3)
    assert len(loaded.problems) == 4  # the 3 listed and the one the summary stands at
    assert (loaded.counted, loaded.counted_under) == ({"invalid-value": 6}, 3)
    findings = assert_counted_as_kept(text, 3)
    assert [(f.line, f.message[:16]) for f in findings] == [
        (4, "a KPI must be a "),
        (5, "a KPI must be a "),
        (6, "a KPI must be a "),
        (7, "... and 7 more `"),
    ]


def test_without_a_cap_every_problem_is_kept() -> None:
    loaded = validate_goal_file(parse_yaml(flood(["1"] * 10), "flood.yaml"), 1, 0)
    assert (len(loaded.problems), loaded.counted) == (10, {})


def test_a_silenced_item_past_the_cap_is_not_counted() -> None:
    items = ["1"] * 10
    items[7] += SILENCE
    findings = assert_counted_as_kept(flood(items), 2)
    assert findings[-1].message.startswith("... and 7 more `invalid-value` findings")


def test_silenced_items_before_the_cap_are_not_among_those_listed() -> None:
    items = ["1"] * 10
    items[0] += SILENCE
    items[2] += SILENCE
    findings = assert_counted_as_kept(flood(items), 2)
    assert [f.line for f in findings] == [5, 7, 8]
    assert findings[-1].message.startswith("... and 6 more")


def test_a_file_silenced_for_the_rule_counts_nothing() -> None:
    text = "# okrctl: disable-file=invalid-value\n" + flood(["1"] * 10)
    assert assert_counted_as_kept(text, 2) == ()


def test_floods_in_two_lists_of_one_file_make_one_summary() -> None:
    objective = "{id: o, title: Serve more customers, type: committed, key_results: [1, 2, 3, 4]}"
    text = (
        "team: support\nperiod: 2026-Q4\nobjectives:\n"
        + "- 1\n" * 5
        + f"- {objective}\n"
        + "kpis:\n"
        + "- x\n" * 5
    )
    findings = [f for f in assert_counted_as_kept(text, 2) if f.rule == "invalid-value"]
    assert [f.line for f in findings] == [4, 5, 6]  # 5 objectives, 4 key results, 5 KPIs
    assert findings[-1].message.startswith("... and 12 more `invalid-value` findings")


def test_an_alias_of_a_list_has_no_places_of_its_own_and_is_kept() -> None:
    text = "team: support\nx: &many [1, 1, 1, 1, 1, 1]\nkpis: *many\n"
    loaded = validate_goal_file(parse_yaml(text, "flood.yaml"), 1, 2)
    assert loaded.counted == {}
    findings = [f for f in assert_counted_as_kept(text, 2) if f.rule == "invalid-value"]
    assert [f.line for f in findings] == [3]  # all six at the alias: one finding


def test_a_lint_under_a_higher_cap_than_the_load_refuses() -> None:
    with pytest.raises(ValueError, match="loaded for a cap of 2 findings per rule, not 5"):
        linted(flood(["1"] * 10), 5, 2)
    with pytest.raises(ValueError, match="not none"):
        linted(flood(["1"] * 10), 0, 2)


def test_a_lint_under_a_lower_cap_than_the_load_counts_exactly() -> None:
    text = flood(["1"] * 12)
    assert linted(text, 2, 5).findings == linted(text, 2, 0).findings


def test_item_places_are_in_order_and_only_for_a_written_list() -> None:
    source = parse_yaml("a:\n- 1\n- {b: 2}\n-\nc: [x, y]\nd: *n\ne: {f: 1}\n", "x").source
    assert isinstance(source, SourceMap)
    places = source.item_places(("a",))
    assert places is not None
    assert [(p >> 32, p & 0xFFFFFFFF) for p in places] == [(1, 2), (2, 2), (3, 1)]
    assert list(source.item_places(("c",)) or []) == [4 << 32 | 4, 4 << 32 | 7]
    assert source.item_places(("d",)) is None  # an alias (of no anchor, here)
    assert source.item_places(("e",)) is None  # a mapping
    assert source.item_places(("z",)) is None  # nothing there


ITEMS = st.sampled_from(
    ["1", "x", "~", "", "[1]", "{}", "{id: k}", "'q'", "1" + SILENCE, "x" + SILENCE, "*one"]
)


@given(
    objectives=st.lists(ITEMS, max_size=8),
    key_results=st.lists(ITEMS, max_size=8),
    kpis=st.lists(ITEMS, max_size=8),
    flow=st.booleans(),
    cap=st.integers(1, 3),
)
def test_counting_past_the_cap_reports_what_keeping_every_problem_does(
    objectives: list[str], key_results: list[str], kpis: list[str], flow: bool, cap: int
) -> None:
    def listing(items: list[str], indent: str) -> str:
        if flow and not any("#" in item for item in items):
            return " [" + ", ".join(item or "~" for item in items) + "]\n"
        return "\n" + "".join(f"{indent}- {item}\n" for item in items)

    objective = "{id: o, title: Serve more customers, type: committed, key_results:" + (
        " [" + ", ".join(i for i in key_results if "#" not in i and i) + "]}"
    )
    text = (
        "team: support\nperiod: 2026-Q4\nanchor: &one 1\n"
        + "objectives:"
        + listing([*objectives, objective], "")
        + "kpis:"
        + listing(kpis, "  ")
    )
    assert_counted_as_kept(text, cap)


def test_files_read_in_parallel_are_counted_as_files_read_one_by_one(tmp_path: Path) -> None:
    for team in ("a", "b", "c"):
        (tmp_path / f"{team}.yaml").write_text(f"team: {team}\nkpis:\n" + "- 1\n" * 130)
    (tmp_path / "c.yaml").write_text("team: c\nkpis:\n" + "- 1  # okrctl: disable\n" * 130)
    serial = okrctl("lint", "--format", "json", ".", cwd=tmp_path, env={"OKRCTL_JOBS": "1"})
    parallel = okrctl("lint", "--format", "json", ".", cwd=tmp_path, env={"OKRCTL_JOBS": "2"})
    assert (parallel.returncode, parallel.stdout) == (serial.returncode, serial.stdout)
    findings = json.loads(serial.stdout)["findings"]
    assert [(f["path"], f["line"]) for f in findings if f["message"].startswith("...")] == [
        ("a.yaml", 103),
        ("b.yaml", 103),
    ]
    assert {f["message"][:17] for f in findings if f["message"].startswith("...")} == {
        "... and 30 more `"
    }

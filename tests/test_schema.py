"""`okrctl schema`: a valid draft 2020-12 schema that accepts every file okrctl accepts.

The direction that matters to editor users is checked both ways: every example and every
clean test file validates, and every file the schema rejects (wrong types, unknown keys,
missing fields, mixed key-result kinds) is rejected by `okrctl lint` too.
"""

from __future__ import annotations

import copy
import io
import json
import os
import random
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from ruamel.yaml import YAML

from okrctl.commands import init
from okrctl.commands import lint as lint_command
from okrctl.load.yamlparse import parse_yaml
from okrctl.model.goals import key_result_kind
from okrctl.model.schema import json_schema, render
from okrctl.terminal import Terminal
from tests.conftest import EXAMPLES, REPO, GoalTree
from tests.editing import cli, copy_examples, run_on

TODAY = date(2026, 11, 22)
GOAL = Draft202012Validator(json_schema("goal"), format_checker=FormatChecker())
CONFIG = Draft202012Validator(json_schema("config"), format_checker=FormatChecker())


def data_of(path: Path) -> Any:
    return parse_yaml(path.read_text(encoding="utf-8-sig"), path.name).data


def validator_for(path: Path) -> Draft202012Validator:
    return CONFIG if path.name == "okrctl.yaml" else GOAL


def schema_errors(path: Path) -> list[str]:
    return [error.message for error in validator_for(path).iter_errors(data_of(path))]


def lint_exit(root: Path, *paths: str) -> int:
    """`okrctl lint` in-process from `root`: 0 clean (warnings allowed), 1 errors."""
    previous = Path.cwd()
    os.chdir(root)
    try:
        return run_on(
            TODAY,
            lint_command.run,
            lint_command.Options([Path(p) for p in paths or ["."]]),
            Terminal(io.StringIO(), io.StringIO()),
        )
    finally:
        os.chdir(previous)


# The schema itself ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["goal", "config"])
def test_the_schema_is_valid_draft_2020_12_with_an_id_and_a_title(kind: str) -> None:
    schema = json_schema(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:okrctl:schema:{'goal-file' if kind == 'goal' else 'config'}:1"
    assert schema["title"] == {"goal": "okrctl goal file", "config": "okrctl.yaml"}[kind]
    assert schema["description"]


def properties(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of every object in the schema, skipping the constraint-only subschemas
    (`not`, `if`, `then`) whose `properties` restate types, not fields."""
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            yield f"{where}/properties/{name}", value
        for key, value in node.items():
            if key not in ("not", "if", "then", "examples", "default"):
                yield from properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from properties(value, f"{where}/{index}")


@pytest.mark.parametrize("kind", ["goal", "config"])
def test_every_field_has_a_description_and_examples_for_hover_docs(kind: str) -> None:
    fields = list(properties(json_schema(kind)))
    assert len(fields) >= {"goal": 50, "config": 20}[kind]
    undocumented = [where for where, field in fields if not field.get("description")]
    without_examples = [where for where, field in fields if not field.get("examples")]
    assert (undocumented, without_examples) == ([], [])


def test_every_example_validates_against_its_field() -> None:
    """An example that the field itself rejects would teach the wrong thing on hover."""
    for kind in ("goal", "config"):
        schema = json_schema(kind)
        for where, field in properties(schema):
            subschema = {**field, "$defs": schema["$defs"]} if "$defs" in schema else field
            checker = Draft202012Validator(subschema, format_checker=FormatChecker())
            for example in field["examples"]:
                assert checker.is_valid(example), (where, example)


def kind_in_schema(items: dict[str, Any], key_result: Any) -> str:
    """The `$defs` kind the schema's `if`/`then`/`else` chain checks `key_result` against."""
    node = items
    while "if" in node:
        taken = Draft202012Validator(node["if"]).is_valid(key_result)
        node = node["then"] if taken else node["else"]
    if "$ref" not in node:  # the last branch: numeric, and the keys that make the other kinds
        assert set(node["properties"]) == {"kpi", "done"}
        (node,) = node["allOf"]
    return str(node["$ref"]).removeprefix("#/$defs/")


SCHEMA_KIND = {
    "numeric": "NumericKeyResult",
    "binary": "BinaryKeyResult",
    "kpi": "KpiKeyResult",
    "redacted": "RedactedKeyResult",
}
KIND_FIELDS = ["kpi", "start", "done", "target", "current", "direction", "unit", "title"]


@settings(max_examples=300, deadline=None)
@given(
    fields=st.lists(st.sampled_from(KIND_FIELDS), unique=True),
    checkins=st.none()
    | st.just("not a list")
    | st.sampled_from([True, 1.5, None]).flatmap(
        # One type of value per list, as in a valid file: with a number first and true/false
        # later, lint reads the kind from the first and the schema from any (both refuse it).
        lambda value: st.lists(
            st.fixed_dictionaries(
                {"date": st.just("2026-10-02")},
                optional={"value": st.just(value), "score": st.just(0.5)},
            )
            | st.just("not a mapping"),
            max_size=3,
        )
    ),
)
def test_the_schema_picks_the_kind_lint_picks(fields: list[str], checkins: Any) -> None:
    """A key result is checked against one kind, the one `key_result_kind` reads from its
    fields, so an editor complains about the kind the key result is (issue 19)."""
    items = json_schema("goal")["$defs"]["Objective"]["properties"]["key_results"]["items"]
    key_result: dict[str, Any] = {name: 1 for name in fields}
    if checkins is not None:
        key_result["checkins"] = checkins
    assert kind_in_schema(items, key_result) == SCHEMA_KIND[str(key_result_kind(key_result))]


def test_the_key_result_is_exactly_one_of_three_kinds() -> None:
    items = json_schema("goal")["$defs"]["Objective"]["properties"]["key_results"]["items"]
    assert "oneOf" not in json.dumps(items)  # a failing oneOf reports every kind's complaints
    defs = json_schema("goal")["$defs"]
    assert defs["RedactedKeyResult"]["required"] == ["title", "target"]
    assert defs["NumericKeyResult"]["required"] == ["title", "start", "target"]
    assert defs["KpiKeyResult"]["required"] == ["title", "kpi", "target"]
    assert defs["BinaryKeyResult"]["anyOf"] == [{"required": ["done"]}, {"required": ["checkins"]}]
    assert all(defs[name]["additionalProperties"] is False for name in defs)
    # Draft-07 keywords only where yaml-language-server reads them (it skips dependentRequired).
    assert "dependentRequired" not in json.dumps(json_schema("goal"))


# Files okrctl accepts validate ----------------------------------------------------------

EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_every_example_file_validates(path: Path) -> None:
    assert schema_errors(path) == []


DATA_FILES = sorted((REPO / "tests" / "data").rglob("*.yaml"))


@pytest.fixture(scope="module")
def clean_data_files(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The test data files `okrctl lint` passes, each read alone (they share ids)."""
    clean = set()
    for path in DATA_FILES:
        alone = tmp_path_factory.mktemp("alone")
        shutil.copyfile(path, alone / path.name)
        if lint_exit(alone) == 0:
            clean.add(path.relative_to(REPO).as_posix())
    return clean


def test_every_test_data_file_that_lints_clean_validates(clean_data_files: set[str]) -> None:
    errors = {name: schema_errors(REPO / name) for name in sorted(clean_data_files)}
    assert errors == {name: [] for name in errors}
    # Not vacuous: the hostile-input corpus has files okrctl reads without complaint.
    names = {Path(name).name for name in clean_data_files}
    assert {"bom.yaml", "crlf.yaml", "long-line.yaml"} <= names


# Files the schema rejects are rejected by okrctl lint ------------------------------------

GOOD_KR = "{title: Replies within 25 minutes, start: 52, target: 25}"


def objectives_file(key_results: str = f"[{GOOD_KR}]", objective: str = "") -> str:
    return f"""\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed{objective}
    key_results: {key_results}
"""


def kpi_file(extra: str = "", band: str = "{max: 45}") -> str:
    return f"""\
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: lin
    cadence: weekly
    band: {band}{extra}
"""


CHECKIN = "{date: 2026-10-02, value: 1}"


def kr(fields: str) -> str:
    """An objectives file whose only key result is `{fields}` (written on line 8)."""
    return objectives_file(f"[{{{fields}}}]")


# (case, file text, the lint rule that rejects it, at this line)
INVALID = [
    # wrong types
    ("target as text", kr("title: T, start: 52, target: '25%'"), "invalid-value", 8),
    ("type not a type", objectives_file().replace("committed", "maybe"), "invalid-value", 7),
    (
        "confidence above 1",
        kr(
            "title: T, start: 1, target: 2, checkins: [{date: 2026-10-02, value: 1, confidence: 7}]"
        ),
        "invalid-value",
        8,
    ),
    ("done as yes", kr("title: T, done: yes"), "invalid-value", 8),
    (
        "impossible date",
        kpi_file("\n    measurements: [{date: 2026-02-30, value: 40}]"),
        "invalid-value",
        8,
    ),
    ("weight zero", kr("title: T, start: 1, target: 2, weight: 0"), "invalid-value", 8),
    ("period not a period", objectives_file().replace("2026-Q4", "2026-Q5"), "invalid-value", 2),
    ("a list of owners", kpi_file().replace("owner: lin", "owner: [lin, sam]"), "invalid-value", 5),
    ("team not a slug", kpi_file().replace("support", "Support Team"), "invalid-value", 1),
    ("cadence unknown", kpi_file().replace("weekly", "hourly"), "invalid-value", 6),
    ("band bound as text", kpi_file(band="{max: forty}"), "invalid-value", 7),
    ("blank title", kr("title: ' ', done: false"), "invalid-value", 8),
    ("key results not a list", objectives_file("none"), "invalid-value", 8),
    # unknown keys
    ("typo in a key result", kr("title: T, start: 1, tagret: 2, target: 3"), "unknown-field", 8),
    ("unknown objective key", objectives_file(objective="\n    ownr: lin"), "unknown-field", 8),
    ("unknown top-level key", "team: support\nkpi: []\nkpis: []\n", "unknown-field", 2),
    (
        "unknown check-in key",
        kr("title: T, start: 1, target: 2, checkins: [{date: 2026-10-02, value: 1, mood: ok}]"),
        "unknown-field",
        8,
    ),
    ("unknown band key", kpi_file(band="{max: 45, ceiling: 50}"), "unknown-field", 7),
    # missing required fields
    ("no team", "kpis: []\n", "missing-field", 1),
    ("no type", objectives_file().replace("    type: committed\n", ""), "missing-field", 5),
    ("no title", kr("start: 1, target: 2"), "missing-field", 8),
    ("no KPI owner", kpi_file().replace("    owner: lin\n", ""), "missing-field", 3),
    (
        "no key results",
        objectives_file().replace(f"    key_results: [{GOOD_KR}]\n", ""),
        "missing-field",
        5,
    ),
    (
        "check-in without date",
        kr("title: T, start: 1, target: 2, checkins: [{value: 1}]"),
        "missing-field",
        8,
    ),
    (
        "objectives without period",
        objectives_file().replace("period: 2026-Q4\n", ""),
        "missing-field",
        3,
    ),
    ("neither objectives nor KPIs", "team: support\nowner: lin\n", "missing-field", 1),
    ("an empty band", kpi_file(band="{}"), "invalid-value", 7),
    ("numeric without target", kr("title: T, start: 1"), "missing-field", 8),
    # mixed key-result kinds
    ("numeric and binary", kr("title: T, start: 1, target: 2, done: false"), "unknown-field", 8),
    (
        "KPI-linked and binary",
        kr("title: T, kpi: support/csat, target: 2, done: true"),
        "unknown-field",
        8,
    ),
    (
        "KPI-linked with current",
        kr("title: T, kpi: support/csat, target: 2, current: 1"),
        "unknown-field",
        8,
    ),
    ("binary with a target", kr("title: T, done: false, target: 1"), "unknown-field", 8),
    ("a title and no kind", kr("title: T"), "missing-field", 8),
    (
        "current and check-ins",
        kr(f"title: T, start: 1, target: 2, current: 1, checkins: [{CHECKIN}]"),
        "invalid-value",
        8,
    ),
    (
        "done and check-ins",
        kr("title: T, done: true, checkins: [{date: 2026-10-02, value: true}]"),
        "invalid-value",
        8,
    ),
    (
        "number in a milestone",
        kr(f"title: T, done: false, checkins: [{CHECKIN}]"),
        "invalid-value",
        8,
    ),
    # dropped key results and self-graded scores (issue 16)
    ("dropped without a reason", kr("title: T, done: false, status: dropped"), "missing-field", 8),
    ("a reason but not dropped", kr("title: T, done: false, reason: x"), "invalid-value", 8),
    (
        "a drop date but not dropped",
        kr("title: T, done: false, date: 2026-11-02"),
        "invalid-value",
        8,
    ),
    (
        "status not dropped",
        kr("title: T, done: false, status: done, reason: x"),
        "invalid-value",
        8,
    ),
    (
        "initiative done day while active",
        kr("title: T, done: false, initiatives: [{title: I, status: active, done: 2026-10-09}]"),
        "invalid-value",
        8,
    ),
    (
        "initiative of no known status",
        kr("title: T, done: false, initiatives: [{title: I, status: started}]"),
        "invalid-value",
        8,
    ),
    (
        "check-in with neither value nor score",
        kr("title: T, start: 1, target: 2, checkins: [{date: 2026-10-02}]"),
        "missing-field",
        8,
    ),
    (
        "self score above 1",
        kr("title: T, start: 1, target: 2, checkins: [{date: 2026-10-02, score: 2}]"),
        "invalid-value",
        8,
    ),
    (
        "a value in a KPI-linked check-in",
        kr("title: T, kpi: support/csat, target: 2, checkins: [{date: 2026-10-02, value: 1}]"),
        "unknown-field",
        8,
    ),
    # retros (issue 20): at least one of worked, didnt, next; nothing else
    ("an empty retro", objectives_file(objective="\n    retro: {}"), "invalid-value", 8),
    (
        "unknown retro key",
        objectives_file(objective="\n    retro: {worked: a, lessons: b}"),
        "unknown-field",
        8,
    ),
    # aligns_to: one reference or a non-empty list of them, on objectives and key results
    (
        "aligns_to an empty list",
        objectives_file(objective="\n    aligns_to: []"),
        "invalid-value",
        8,
    ),
    (
        "aligns_to of five pieces",
        objectives_file(objective="\n    aligns_to: [company/x, a/2026/b/c/d]"),
        "invalid-value",
        8,
    ),
    (
        "key result aligns_to a mapping",
        kr("title: T, done: false, aligns_to: [{team: company}]"),
        "invalid-value",
        8,
    ),
    # issue 20: the KPI an objective answers, the key result a KPI graduated from
    (
        "from_kpi of three pieces",
        objectives_file(objective="\n    from_kpi: support/2026-Q4/csat"),
        "invalid-value",
        8,
    ),
    (
        "from_kpi a list",
        objectives_file(objective="\n    from_kpi: [support/csat]"),
        "invalid-value",
        8,
    ),
    (
        "from_kr without its period",
        kpi_file("\n    from_kr: support/faster-replies/frt"),
        "invalid-value",
        8,
    ),
    ("from_kr a number", kpi_file("\n    from_kr: 3"), "invalid-value", 8),
    # planned paths (issue 16 item 6)
    ("an empty plan", kr("title: T, start: 0, target: 40, plan: []"), "invalid-value", 8),
    (
        "a plan value as text",
        kr("title: T, start: 0, target: 40, plan: [{date: 2026-10-31, value: ten}]"),
        "invalid-value",
        8,
    ),
    (
        "a plan point without a value",
        kr("title: T, start: 0, target: 40, plan: [{date: 2026-10-31}]"),
        "missing-field",
        8,
    ),
    (
        "unknown plan point key",
        kr("title: T, start: 0, target: 40, plan: [{date: 2026-10-31, value: 10, by: lin}]"),
        "unknown-field",
        8,
    ),
    (
        "a plan on a milestone",
        kr("title: T, done: false, plan: [{date: 2026-10-31, value: 1}]"),
        "unknown-field",
        8,
    ),
]


@pytest.mark.parametrize(
    ("text", "rule", "line"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID]
)
def test_a_file_the_schema_rejects_is_rejected_by_lint(
    goals: GoalTree, text: str, rule: str, line: int
) -> None:
    path = goals.write("support/file.yaml", text)
    assert schema_errors(path) != []
    result = goals.lint("support/file.yaml")
    assert result.exit_code == 1
    assert sorted({(f[1], f[3]) for f in result.findings if f[3] == rule}) == [(line, rule)]


CONFIG_INVALID = [
    ("fiscal_year_start: 13\n", "invalid-value", 1),
    ("scoring: {green: 2}\n", "invalid-value", 1),
    ("peeple: [lin]\n", "unknown-field", 1),
    ("limits: {max_depth: 0}\n", "invalid-value", 1),
    ("lint: {ignore: missing-owner}\n", "invalid-value", 1),
]


@pytest.mark.parametrize(("text", "rule", "line"), CONFIG_INVALID)
def test_a_config_the_schema_rejects_is_rejected_by_lint(
    goals: GoalTree, text: str, rule: str, line: int
) -> None:
    goals.write("okrctl.yaml", text)
    goals.write("support/kpis.yaml", kpi_file())
    assert schema_errors(goals.root / "okrctl.yaml") != []
    result = goals.lint(".")
    assert result.exit_code == 1
    assert [(f[0], f[1], f[3]) for f in result.findings] == [("okrctl.yaml", line, rule)]


def _mutations(data: Any, rng: random.Random) -> Any:
    """One random edit: a key deleted or added, a value replaced, a list emptied."""
    values = [
        "text",
        "",
        " ",
        0,
        -1,
        1.5,
        True,
        None,
        [],
        {},
        "2026-02-30",
        "30%",
        2026,
        1,
        "2026-Q5",
        "Bad Id",
        "support/csat",
        {"max": 1},
        "weekly",
        "committed",
        0.5,
    ]
    keys = [
        "start",
        "target",
        "done",
        "kpi",
        "current",
        "checkins",
        "bogus",
        "min",
        "max",
        "owner",
        "period",
        "objectives",
        "kpis",
        "confidence",
        "direction",
    ]
    data = copy.deepcopy(data)
    found: list[tuple[Any, Any]] = []  # (container, key or index)

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            found.append((node, key))
            if isinstance(value, dict | list):
                walk(value)

    walk(data)
    container, key = rng.choice(found)
    operation = rng.randrange(4)
    if operation == 0 and isinstance(container, dict):
        del container[key]
    elif operation == 1 and isinstance(container[key], dict):
        container[key][rng.choice(keys)] = copy.deepcopy(rng.choice(values))
    elif operation == 2 and isinstance(container[key], list):
        container[key].clear()
    else:
        container[key] = copy.deepcopy(rng.choice(values))
    return data


def test_random_edits_the_schema_rejects_are_rejected_by_lint(tmp_path: Path) -> None:
    """Differential check on 60 seeded random edits of a small tree (hand-written cases
    above cannot think of everything)."""
    root = copy_examples(tmp_path)
    files = [root / name for name in ("support/2026-Q4.yaml", "support/kpis.yaml", "okrctl.yaml")]
    originals = {path: path.read_text() for path in files}
    assert lint_exit(root) == 0
    rng = random.Random(20261122)
    yaml = YAML()
    rejected_by_schema = 0
    for _ in range(60):
        path = rng.choice(files)
        mutated = _mutations(parse_yaml(originals[path], path.name).data, rng)
        text = io.StringIO()
        yaml.dump(mutated, text)
        path.write_text(text.getvalue())
        if not validator_for(path).is_valid(data_of(path)):
            rejected_by_schema += 1
            assert lint_exit(root) == 1, text.getvalue()
        path.write_text(originals[path])
    assert rejected_by_schema >= 24  # the edits do exercise the schema (40% of them, at least)


# okrctl init points its files at the schemas it writes -----------------------------------


def test_init_points_every_file_at_the_schema_it_writes(tmp_path: Path) -> None:
    run_on(
        TODAY,
        init.run,
        init.Options(tmp_path, team="support", owner="lin"),
        Terminal(io.StringIO(), io.StringIO()),
    )
    pointed = {}
    for path in sorted(tmp_path.rglob("*.yaml")):
        if path.name.startswith("."):
            continue  # .pre-commit-config.yaml is pre-commit's, not okrctl's
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first_line.startswith(prefix)
        schema_path = (path.parent / first_line.removeprefix(prefix)).resolve()
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        Draft202012Validator(schema, format_checker=FormatChecker()).validate(data_of(path))
        pointed[path.relative_to(tmp_path).as_posix()] = (
            schema_path.relative_to(tmp_path.resolve()).as_posix(),
            schema["$id"],
        )
    assert pointed == {
        "okrctl.yaml": ("schemas/okrctl-config.schema.json", "urn:okrctl:schema:config:1"),
        "support/2026-Q4.yaml": ("schemas/goal-file.schema.json", "urn:okrctl:schema:goal-file:1"),
        "support/kpis.yaml": ("schemas/goal-file.schema.json", "urn:okrctl:schema:goal-file:1"),
    }
    assert (tmp_path / "schemas/goal-file.schema.json").read_text() == render("goal")
    assert lint_exit(tmp_path) == 0


# The command ----------------------------------------------------------------------------


def test_schema_prints_the_goal_file_schema(tmp_path: Path) -> None:
    result = cli(tmp_path, "schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema("goal")
    assert result.stdout.startswith(
        '{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n'
        '  "$id": "urn:okrctl:schema:goal-file:1",\n'
    )


def test_schema_output_writes_the_config_schema_to_a_file(tmp_path: Path) -> None:
    result = cli(tmp_path, "schema", "--kind", "config", "--output", "okrctl.schema.json")
    assert (result.exit_code, result.stdout) == (0, "")
    written = (tmp_path / "okrctl.schema.json").read_text(encoding="utf-8")
    assert json.loads(written) == json_schema("config")
    assert cli(tmp_path, "schema", "-k", "config").stdout == written


def test_schema_output_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = cli(tmp_path, "schema", "--output", "nowhere/goal.schema.json")
    assert result.exit_code == 2
    assert result.stderr == (
        "okrctl: error: --output nowhere/goal.schema.json: no such folder `nowhere`\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    result = cli(tmp_path, "schema", "--kind", "kpi")
    assert result.exit_code == 2
    assert "Invalid value for '--kind'" in result.stderr


def test_from_kpi_and_from_kr_are_in_the_schema() -> None:
    """Issue 20: optional, described, with an example each; files without them unchanged."""
    defs = json_schema("goal")["$defs"]
    assert defs["Objective"]["properties"]["from_kpi"]["examples"] == [
        "support/first-response-time"
    ]
    assert "from_kpi" not in defs["Objective"].get("required", [])
    kpi = defs["Kpi"]["properties"]["from_kr"]
    assert kpi["examples"] == ["support/2026-Q3/tame-escalations/escalation-rate"]
    assert "from_kr" not in defs["Kpi"].get("required", [])

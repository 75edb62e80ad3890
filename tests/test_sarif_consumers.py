"""okrctl's SARIF as the programs that read it see it (issue 19, item 2).

The official SARIF 2.1.0 schema (jsonschema), sarif-tools (PyPI) and Microsoft's SARIF
multitool (npm `@microsoft/sarif-multitool`, a self-contained .NET program; `.ci/run` installs
it and names it in OKRCTL_SARIF_MULTITOOL, and this test is skipped where it is not there) read
the report of a broken tree and of the examples; GitHub code scanning's fields are checked as
its documentation describes them (`helpUri`, `properties.tags`, `properties.precision`,
`originalUriBaseIds`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sarif import loader

from okrctl import __version__
from okrctl.rules import all_rules
from tests.conftest import EXAMPLES, REPO, GoalTree, okrctl
from tests.test_fingerprints import write

SCHEMA = json.loads(
    (REPO / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
MULTITOOL = "OKRCTL_SARIF_MULTITOOL"


def sarif(cwd: Path, env: dict[str, str | None] | None = None) -> tuple[Path, dict[str, Any]]:
    """Lint `cwd` into okrctl.sarif beside it; the file and its document."""
    out = cwd.parent / f"{cwd.name}.sarif"
    okrctl("lint", ".", "--format", "sarif", "--output", str(out), cwd=cwd, env=env)
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    return out, document


@pytest.fixture
def broken(goals: GoalTree) -> GoalTree:
    (goals.root / ".git").mkdir()
    write(goals, above=0, top=0)
    return goals


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    tree = tmp_path / "examples"
    shutil.copytree(EXAMPLES, tree)
    (tree / ".git").mkdir()
    return tree


def test_sarif_tools_reads_every_finding(broken: GoalTree) -> None:
    path, document = sarif(broken.root)
    data = loader.load_sarif_file(str(path))
    assert data.get_distinct_tool_names() == ["okrctl"]
    records = [
        (r["Tool"], r["Code"], r["Location"], r["Line"], r["Severity"]) for r in data.get_records()
    ]
    ours = [
        (
            "okrctl",
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["level"],
        )
        for r in document["runs"][0]["results"]
    ]
    assert records == ours
    assert len(records) == 9
    assert {code for _, code, _, _, _ in records} >= {"OK001", "OK002", "OK006"}


def test_every_rule_links_to_its_section_of_the_rules_page(broken: GoalTree) -> None:
    _, document = sarif(broken.root)
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    page = f"https://github.com/okrctl/okrctl/blob/v{__version__}/docs/rules.md"
    assert [r["helpUri"] for r in rules] == [f"{page}#{rule.NAME}" for rule in all_rules()]
    # The anchor GitHub gives a `## name` heading is the name: every one is on the page.
    headings = re.findall(r"^## (\S+)$", (REPO / "docs" / "rules.md").read_text(), re.M)
    assert [rule.NAME for rule in all_rules()] == headings


def test_the_rules_page_is_configurable(broken: GoalTree) -> None:
    env: dict[str, str | None] = {"OKRCTL_RULES_URL": "https://docs.example.com/okr/rules.html"}
    _, document = sarif(broken.root, env)
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["helpUri"] == "https://docs.example.com/okr/rules.html#yaml-syntax"


def test_tags_precision_and_sentences(broken: GoalTree) -> None:
    _, document = sarif(broken.root)
    rules = {r["name"]: r for r in document["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["duplicate-id"]["properties"] == {
        "tags": ["correctness", "references"],
        "precision": "very-high",
    }
    assert rules["output-not-outcome"]["properties"] == {
        "tags": ["maintainability"],
        "precision": "medium",
    }
    assert rules["duplicate-id"]["shortDescription"] == {
        "text": "Two objectives, KPIs or key results share an id where it must be unique."
    }
    for rule in rules.values():
        text = rule["shortDescription"]["text"]
        assert text[0].isupper() and text.endswith("."), text


def test_srcroot_is_the_repository_root(broken: GoalTree) -> None:
    # Run from a folder inside the repository: %SRCROOT% is still its root.
    _, document = sarif(broken.root / "support")
    (run,) = document["runs"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == broken.root.resolve().as_uri() + "/"
    located = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert all(where["uri"].startswith("support/") for where in located)
    assert {where["uriBaseId"] for where in located} == {"%SRCROOT%"}


def test_srcroot_outside_a_repository_is_the_current_folder(goals: GoalTree) -> None:
    write(goals, above=0, top=0)
    (goals.root / "a b").mkdir()
    _, document = sarif(goals.root / "a b")
    assert document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (
        (goals.root / "a b").resolve().as_uri() + "/"
    )


def multitool() -> str:
    found = os.environ.get(MULTITOOL) or shutil.which("Sarif.Multitool")
    if not found or not os.access(found, os.X_OK):
        pytest.skip(f"Microsoft's SARIF multitool is not installed (set {MULTITOOL})")
    return found


@pytest.mark.parametrize("tree", ["broken", "examples"])
def test_the_multitool_validates_without_errors_or_warnings(
    tree: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    tool = multitool()
    fixture = request.getfixturevalue(tree)
    path, _ = sarif(fixture.root if isinstance(fixture, GoalTree) else fixture)
    out = tmp_path / "validation.sarif"
    # Every level of its rules (notes too), into a SARIF log of its own.
    run = subprocess.run(
        [tool, "validate", "--level", "Error;Warning;Note", "--output", str(out), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"},
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    # A result without a level is a warning (SARIF 3.27.10); notes are advice, allowed.
    serious = [
        (r["ruleId"], r.get("level", "warning"), r["message"])
        for r in results
        if r.get("level", "warning") != "note"
    ]
    assert serious == []
    assert results, "the multitool reported nothing at all: did it read the file?"

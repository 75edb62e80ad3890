"""The CI workflows documented in docs/ci.md run: every okrctl command in their steps is run,
as the CI system would run it (a shell, the workflow's variables, a job summary file), on a
copy of examples/ in the goal tree's place, with the exit status docs/ci.md states.

`okrctl diff` needs a pull request's git history and is left out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest
from ruamel.yaml import YAML

from tests.conftest import EXAMPLES, REPO

GITHUB = [
    REPO / "docs" / "ci" / "github" / "okrctl.yml",
    REPO / "docs" / "ci" / "github" / "okrctl-kpis.yml",
]
GITLAB = REPO / "docs" / "ci" / "gitlab-ci.yml"

# The exit statuses docs/ci.md gives for examples/: its tree lints clean, and one KPI,
# support/first-response-time, is in breach (52 min, band at most 45).
EXPECTED = {
    'okrctl lint "$GOALS" --format github': 0,
    'okrctl lint "$GOALS" --format sarif --output okrctl.sarif': 0,
    'okrctl kpi check "$GOALS" --fail-on breach --format markdown >> "$GITHUB_STEP_SUMMARY"': 1,
    'okrctl lint "$GOALS" --format gitlab --output gl-code-quality-report.json': 0,
    'okrctl lint "$GOALS" --format junit --output okrctl-junit.xml': 0,
    'okrctl kpi check "$GOALS" --fail-on breach': 1,
}


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return data


def commands(lines: str) -> list[str]:
    return [line.strip() for line in lines.splitlines() if line.strip().startswith("okrctl ")]


def github_steps() -> list[tuple[str, dict[str, str]]]:
    """(command, variables) of every okrctl command in the GitHub workflows, in order."""
    found = []
    for path in GITHUB:
        workflow = load(path)
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                variables = {**workflow.get("env", {}), **job.get("env", {}), **step.get("env", {})}
                found += [(command, variables) for command in commands(step.get("run", ""))]
    return found


def gitlab_steps() -> list[tuple[str, dict[str, str]]]:
    pipeline = load(GITLAB)
    found = []
    for name, job in pipeline.items():
        if name.startswith(".") or not isinstance(job, dict) or "script" not in job:
            continue
        variables = {**pipeline.get("variables", {}), **job.get("variables", {})}
        for part in ("script", "after_script"):
            for line in job.get(part, []):
                found += [(command, variables) for command in commands(line)]
    return found


def test_the_workflows_hold_the_documented_commands() -> None:
    found = [command for command, _ in github_steps() + gitlab_steps()]
    assert [c for c in found if not c.startswith("okrctl diff ")] == list(EXPECTED)
    assert [c for c in found if c.startswith("okrctl diff ")] == [
        'okrctl diff HEAD^1 "$GOALS" --format markdown > okrctl-diff.md',
        'okrctl diff "$CI_MERGE_REQUEST_DIFF_BASE_SHA" "$GOALS" --format markdown > okrctl-diff.md',
    ]
    guide = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    for path in [*GITHUB, GITLAB]:
        assert str(path.relative_to(REPO / "docs")) in guide


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A checkout: the example tree where the workflows' GOALS says the goal tree is."""
    (goals,) = {variables["GOALS"] for _, variables in github_steps() + gitlab_steps()}
    shutil.copytree(EXAMPLES, tmp_path / "checkout" / goals)
    return tmp_path / "checkout"


def run(command: str, variables: dict[str, str], cwd: Path, summary: Path) -> int:
    env = {
        **os.environ,
        **{k: str(v) for k, v in variables.items()},
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
        "GITHUB_STEP_SUMMARY": str(summary),
        "NO_COLOR": "1",
    }
    # Both CI systems run steps with bash (GitHub: `bash -e`; GitLab's images: sh or bash).
    done = subprocess.run(
        ["bash", "-e", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in done.stderr
    return done.returncode


def test_github_workflow_commands(workspace: Path) -> None:
    summary = workspace.parent / "summary.md"
    summary.touch()
    for command, variables in github_steps():
        if command.startswith("okrctl diff "):
            continue
        assert run(command, variables, workspace, summary) == EXPECTED[command], command
    schema = json.loads((REPO / "tests/data/sarif/sarif-schema-2.1.0.json").read_text())
    sarif = json.loads((workspace / "okrctl.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    assert sarif["runs"][0]["results"] == []
    text = summary.read_text(encoding="utf-8")
    # The lint summary, then the KPI board with its breach.
    assert text.startswith("### okrctl lint\n\nAll checks passed (12 files).\n\n")
    assert "first-response-time" in text and "breach" in text


def test_gitlab_job_commands(workspace: Path) -> None:
    summary = workspace.parent / "summary.md"
    for command, variables in gitlab_steps():
        if command.startswith("okrctl diff "):
            continue
        assert run(command, variables, workspace, summary) == EXPECTED[command], command
    report = json.loads((workspace / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert report == []
    junit = ElementTree.parse(workspace / "okrctl-junit.xml").getroot()
    assert (junit.get("tests"), junit.get("failures")) == ("12", "0")
    assert not summary.exists()  # no GitHub format, no GitHub summary

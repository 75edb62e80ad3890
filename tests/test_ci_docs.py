"""The CI workflows documented in docs/ci.md run: every okrctl command in their steps is run,
as the CI system would run it (a shell, the workflow's variables, a job summary file), on a
copy of examples/ in the goal tree's place, with the exit status docs/ci.md states.

`okrctl diff` needs a pull request's git history and is left out. The scheduled `okrctl pull`
workflows write the examples' new values (their sources read examples/data/metrics.db), lint
them and keep the pull request's body, which the test reads.
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
    REPO / "docs" / "ci" / "github" / "okrctl-pull.yml",
]
GITLAB = REPO / "docs" / "ci" / "gitlab-ci.yml"

# The exit statuses docs/ci.md gives for examples/, in the workflows' order: its tree lints
# clean, one KPI, support/first-response-time, is in breach (52 min, band at most 45), and a
# pull writes one new check-in and lints clean after it.
PULL = 'okrctl pull "$GOALS" --format markdown > okrctl-pull.md'
EXPECTED = [
    ('okrctl lint "$GOALS" --format github', 0),
    ('okrctl lint "$GOALS" --format sarif --output okrctl.sarif', 0),
    ('okrctl kpi check "$GOALS" --fail-on breach --format markdown >> "$GITHUB_STEP_SUMMARY"', 1),
    (PULL, 0),
    ('okrctl lint "$GOALS" --format github', 0),
    ('okrctl lint "$GOALS" --format gitlab --output gl-code-quality-report.json', 0),
    ('okrctl lint "$GOALS" --format junit --output okrctl-junit.xml', 0),
    ('okrctl kpi check "$GOALS" --fail-on breach', 1),
    (f"{PULL} || echo failed > pull-failed", 0),
    ('okrctl lint "$GOALS"', 0),
]
STATUS = dict(EXPECTED)
# The pull request's body for the examples on the tests' day (2026-11-29): November has not
# closed for the two monthly KPIs; the key result's weekly figure of 2026-11-27 is new.
PULL_BODY = """\
## okrctl pull, as of 2026-11-29

### growth

| source | new values | latest |
|---|---|---|
| `growth/monthly-churn` (sql) | 0 | nothing new |

### platform

| source | new values | latest |
|---|---|---|
| `platform/p95-latency` (sql) | 0 | nothing new |

### support

| source | new values | latest |
|---|---|---|
| `support/2026-Q4/enterprise-onboarding/enterprise-ttv` (sql) | 1 | 22 days on 2026-11-27 |
"""
PULLED = "          - {date: 2026-11-27, value: 22, source: pulled}\n"


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
    assert [c for c in found if not c.startswith("okrctl diff ")] == [c for c, _ in EXPECTED]
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


# The workflows' `okrctl` on the tests' day, as the CI system's shell finds it on its PATH: a
# script that sets okrctl's clock (never the real one: the pull's values depend on the day).
SHIM = f"""\
#!{sys.executable}
import datetime, sys
from okrctl import clock
clock.TODAY.set(lambda: datetime.date(2026, 11, 29))
from okrctl.entry import main
main()
"""


def run(command: str, variables: dict[str, str], cwd: Path, summary: Path) -> int:
    shim = cwd.parent / "bin" / "okrctl"
    if not shim.exists():
        shim.parent.mkdir()
        shim.write_text(SHIM, encoding="utf-8")
        shim.chmod(0o755)
    env = {
        **os.environ,
        **{k: str(v) for k, v in variables.items()},
        "PATH": str(shim.parent) + os.pathsep + os.environ.get("PATH", ""),
        "GITHUB_STEP_SUMMARY": str(summary),
        "NO_COLOR": "1",
    }
    # Both CI systems run steps with bash (GitHub: `bash -e`; GitLab's images: sh or bash).
    done = subprocess.run(
        ["bash", "-e", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in done.stderr
    return done.returncode


def check_pulled(workspace: Path) -> None:
    """The pull wrote the key result's new check-in (and nothing else), and kept the body."""
    (goals,) = {variables["GOALS"] for _, variables in github_steps() + gitlab_steps()}
    assert (workspace / "okrctl-pull.md").read_text(encoding="utf-8") == PULL_BODY
    pulled = workspace / goals / "support" / "2026-Q4.yaml"
    original = (EXAMPLES / "support" / "2026-Q4.yaml").read_text(encoding="utf-8")
    anchor = "          - {date: 2026-11-20, value: 24, confidence: 0.7}\n"
    assert pulled.read_text(encoding="utf-8") == original.replace(anchor, anchor + PULLED)
    changed = [
        p.relative_to(workspace / goals).as_posix()
        for p in sorted((workspace / goals).rglob("*.yaml"))
        if p.read_bytes() != (EXAMPLES / p.relative_to(workspace / goals)).read_bytes()
    ]
    assert changed == ["support/2026-Q4.yaml"]


def test_github_workflow_commands(workspace: Path) -> None:
    summary = workspace.parent / "summary.md"
    summary.touch()
    for command, variables in github_steps():
        if command.startswith("okrctl diff "):
            continue
        assert run(command, variables, workspace, summary) == STATUS[command], command
    check_pulled(workspace)
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
        assert run(command, variables, workspace, summary) == STATUS[command], command
    check_pulled(workspace)
    assert not (workspace / "pull-failed").exists()
    report = json.loads((workspace / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert report == []
    junit = ElementTree.parse(workspace / "okrctl-junit.xml").getroot()
    assert (junit.get("tests"), junit.get("failures")) == ("12", "0")
    assert not summary.exists()  # no GitHub format, no GitHub summary


def test_a_failing_source_still_opens_the_pull_request_and_fails_the_job(workspace: Path) -> None:
    """The pull steps on a tree whose database is gone: the body names the failures, the goal
    files are untouched, the GitHub step fails (the job continues: `continue-on-error`) and the
    GitLab line notes it for the job's last line."""
    (goals,) = {variables["GOALS"] for _, variables in github_steps() + gitlab_steps()}
    (workspace / goals / "data" / "metrics.db").unlink()
    before = {p: p.read_bytes() for p in (workspace / goals).rglob("*.yaml")}
    summary = workspace.parent / "summary.md"
    pulls = [(c, v) for c, v in github_steps() + gitlab_steps() if c.startswith(PULL)]
    assert [c for c, _ in pulls] == [PULL, f"{PULL} || echo failed > pull-failed"]
    assert run(pulls[0][0], pulls[0][1], workspace, summary) == 1
    body = (workspace / "okrctl-pull.md").read_text(encoding="utf-8")
    assert (
        "| `growth/monthly-churn` (sql) | 0 | failed: no SQLite database at "
        f"{goals}/growth/../data/metrics.db |"
    ) in body.splitlines()
    assert run(pulls[1][0], pulls[1][1], workspace, summary) == 0
    assert (workspace / "pull-failed").exists()
    assert {p: p.read_bytes() for p in (workspace / goals).rglob("*.yaml")} == before

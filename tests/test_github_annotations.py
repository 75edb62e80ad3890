"""GitHub annotations beyond ten (issue 19, item 3).

GitHub shows ten annotations of each kind per step and drops the rest silently. okrctl writes
the findings of the files the pull request changes first (from GITHUB_BASE_REF and git, in a
real repository made here), then errors before warnings before infos, at most ten of each,
and one `::notice` that says how many more there are; each annotation carries its end.
"""

from __future__ import annotations

import json
import re
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GoalTree, okrctl

COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")
# An error (unknown field) and a warning (no band) per KPI, and a warning for the team (too
# many KPIs) in each of these.
KPI = "  - {{id: {team}-{n}, title: KPI {n}, owner: lin, cadence: weekly, colour: red}}\n"


def kpis(team: str, count: int) -> str:
    return f"team: {team}\nkpis:\n" + "".join(KPI.format(team=team, n=n) for n in range(count))


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@e",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def commit(root: Path, message: str) -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", message)


Command = tuple[str, dict[str, str | None], str]


def workflow_commands(root: Path, base_ref: str | None) -> list[Command]:
    """(level, properties, message) of every workflow command `okrctl lint --format github`
    writes in `root` with GITHUB_BASE_REF set to `base_ref`."""
    result = okrctl(
        "lint",
        "--format",
        "github",
        ".",
        cwd=root,
        env={"GITHUB_BASE_REF": base_ref, "GITHUB_STEP_SUMMARY": None},
    )
    got = []
    for line in result.stdout.splitlines():
        match = COMMAND.match(line)
        assert match is not None, line
        level, properties, message = match.groups()
        pairs: dict[str, str | None] = {"file": None}
        for pair in properties.split(","):
            name, _, value = pair.partition("=")
            pairs[name] = value
        got.append((level, pairs, message))
    return got


def findings(root: Path) -> list[dict[str, Any]]:
    result = okrctl("lint", "--format", "json", ".", cwd=root)
    found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return found


@pytest.fixture
def pull_request(goals: GoalTree) -> Path:
    """A repository whose main branch has alpha's KPIs (13 of them) and a clean file, and a
    pull request (branch `pr`) that adds beta's (6) and a typo in the clean file."""
    root = goals.root
    git(root, "init", "--quiet")
    (root / "alpha.yaml").write_text(kpis("alpha", 13), encoding="utf-8")
    clean = (
        "team: gamma\nkpis:\n  - {id: g, title: G, owner: lin, cadence: weekly, band: {max: 5}}\n"
    )
    (root / "gamma.yaml").write_text(clean, encoding="utf-8")
    commit(root, "main")
    git(root, "checkout", "--quiet", "-b", "pr")
    (root / "beta.yaml").write_text(kpis("beta", 6), encoding="utf-8")
    (root / "gamma.yaml").write_text(clean.replace("cadence", "cadense"), encoding="utf-8")
    commit(root, "the pull request")
    return root


def test_changed_files_first_then_errors_ten_of_each_and_a_notice(pull_request: Path) -> None:
    got = workflow_commands(pull_request, "main")
    levels = [level for level, _, _ in got]
    files = [properties["file"] for _, properties, _ in got]
    changed = ["beta.yaml"] * 6 + ["gamma.yaml"]
    # First the files the pull request changed, errors before warnings (beta's six unknown
    # fields and gamma's misspelt `cadence`; beta's six KPIs without a band and gamma's
    # without a cadence), then the other files' (alpha's), up to ten of each kind; the last
    # line is the notice of the rest.
    assert list(zip(levels, files, strict=True)) == [
        *(("error", file) for file in changed),
        *(("warning", file) for file in changed),
        *[("error", "alpha.yaml")] * 3,
        *[("warning", "alpha.yaml")] * 3,
        ("notice", None),
    ]
    every = findings(pull_request)
    errors = sum(f["severity"] == "error" for f in every)
    warnings = sum(f["severity"] == "warning" for f in every)
    _, properties, message = got[-1]
    assert properties == {"title": "okrctl lint", "file": None}
    assert message == (
        f"{errors + warnings - 20} more findings ({errors - 10} errors, {warnings - 10} "
        "warnings) not shown as annotations: GitHub shows 10 of each kind per step. The job "
        "summary counts every finding; `okrctl lint` lists them all."
    )


def test_without_the_base_branch_errors_come_first_in_report_order(pull_request: Path) -> None:
    """No GITHUB_BASE_REF (a push, not a pull request): errors first, in report order, so
    alpha.yaml's come before beta.yaml's."""
    got = workflow_commands(pull_request, None)
    every = findings(pull_request)
    expected_errors = [f for f in every if f["severity"] == "error"][:10]
    assert [(p["file"], int(p["line"] or 0)) for _, p, _ in got[:10]] == [
        (f["path"], f["line"]) for f in expected_errors
    ]
    assert got[0][1]["file"] == "alpha.yaml"


def test_a_base_branch_git_does_not_know_orders_without_it(pull_request: Path) -> None:
    unknown = workflow_commands(pull_request, "no-such-branch")
    assert unknown == workflow_commands(pull_request, None)


def test_a_pull_request_merge_commit_is_compared_with_its_first_parent(
    pull_request: Path,
) -> None:
    """actions/checkout checks out the pull request's merge commit, and with `fetch-depth: 2`
    not the base branch: its first parent is the base."""
    git(pull_request, "checkout", "--quiet", "--detach", "main")
    (pull_request / "README.md").write_text("main moved on\n", encoding="utf-8")
    commit(pull_request, "main moves on")
    git(
        pull_request,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@e",
        "merge",
        "--quiet",
        "--no-ff",
        "-m",
        "merge",
        "pr",
    )
    git(pull_request, "branch", "--quiet", "-D", "main")
    got = workflow_commands(pull_request, "main")
    files = [p["file"] for _, p, _ in got]
    assert files[:7] == ["beta.yaml"] * 6 + ["gamma.yaml"]
    assert "README.md" not in files


def test_a_few_findings_are_all_annotated_with_no_notice(goals: GoalTree) -> None:
    goals.write("alpha.yaml", kpis("alpha", 2))
    got = workflow_commands(goals.root, None)
    assert [level for level, _, _ in got] == ["error", "error", "warning", "warning"]


def test_infos_leave_room_for_the_notice(goals: GoalTree) -> None:
    """Infos are notices too: with more to say, nine of them and the closing notice."""
    goals.write(
        "alpha.yaml",
        "team: alpha\nperiod: 2026-Q4\nowner: lin\nobjectives:\n"
        + "".join(
            textwrap.dedent(
                f"""\
                  - id: o{n}
                    title: Objective {n}
                    key_results:
                      - {{title: Launch the new help centre {n}, done: false}}
                      - {{title: Hold a workshop {n}, done: false}}
                """
            )
            for n in range(6)
        ),
    )
    got = workflow_commands(goals.root, None)
    infos = [f for f in findings(goals.root) if f["severity"] == "info"]
    assert len(infos) > 10
    assert sum(level == "notice" for level, _, _ in got) == 10
    assert got[-1][1] == {"title": "okrctl lint", "file": None}
    assert f"{len(infos) - 9} infos" in got[-1][2]


def test_annotations_carry_their_end(goals: GoalTree) -> None:
    goals.write(
        "alpha.yaml",
        """
        team: alpha
        kpis:
          - id: a
            title: A
            owner: lin
            cadence: weekly
            band: {max: 5}
            colour: red
        """,
    )
    ((level, properties, message),) = workflow_commands(goals.root, None)
    # `colour` is in columns 5 to 10 of line 8.
    assert (level, message) == ("error", "unknown field `colour` in KPI")
    assert properties == {
        "file": "alpha.yaml",
        "line": "8",
        "endLine": "8",
        "col": "5",
        "endColumn": "10",
        "title": "OK003 unknown-field",
    }

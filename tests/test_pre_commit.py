"""The pre-commit hook, run by the real pre-commit on a temporary git repository.

The hook is the one in .pre-commit-hooks.yaml, installed as a `repo: local` hook with every
field copied from it except `language: system`: `language: python` would make pre-commit
build a virtualenv and pip-install okrctl from the network, while this checkout is installed
already (the console script beside the test's interpreter is put first on PATH). That the
manifest itself is valid for `repo: URL` users is checked with pre-commit's own loader.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pre_commit.clientlib import load_manifest
from ruamel.yaml import YAML

from tests.conftest import REPO, GoalTree
from tests.test_lint_files import COMPANY, EXTRA, PLATFORM, SUPPORT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def manifest() -> dict[str, object]:
    (hook,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    return dict(hook)


def test_the_manifest_is_valid_for_pre_commit_users() -> None:
    hook = manifest()
    assert hook["id"] == "okrctl"
    assert hook["entry"] == "okrctl lint"
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]
    assert hook["require_serial"] is True
    assert hook["pass_filenames"] is True


def test_the_exclude_pattern_keeps_hidden_files_out() -> None:
    import re

    exclude = re.compile(str(manifest()["exclude"]))
    for hidden in (".pre-commit-config.yaml", ".github/workflows/ci.yml", "a/.b/c.yaml"):
        assert exclude.search(hidden), hidden
    for goal_file in ("goals/support/2026-Q4.yaml", "okrctl.yaml", "a.b/c.yaml"):
        assert not exclude.search(goal_file), goal_file


def local_hook_config() -> str:
    hook = {key: value for key, value in manifest().items() if value not in ("", [], False)}
    hook["language"] = "system"
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    from io import StringIO

    text = StringIO()
    YAML().dump(config, text)
    return text.getvalue()


class Repository:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.goals = GoalTree(root)
        home = root.parent / f"{root.name}-home"
        home.mkdir()
        (home / "gitconfig").write_text(
            "[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n",
            encoding="utf-8",
        )
        bin_folder = str(Path(sys.executable).parent)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
            "PATH": bin_folder + os.pathsep + os.environ.get("PATH", ""),
            "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "PRE_COMMIT_HOME": str(home / "pre-commit"),
            "NO_COLOR": "1",
        }
        self.env.pop("GITHUB_STEP_SUMMARY", None)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=self.root, env=self.env, capture_output=True, text=True, timeout=120
        )

    def commit(self, *paths: str, verify: bool = True) -> subprocess.CompletedProcess[str]:
        assert self.run("git", "add", *paths).returncode == 0
        return self.run("git", "commit", "-m", "goals", *([] if verify else ["--no-verify"]))

    def commits(self) -> int:
        result = self.run("git", "rev-list", "--count", "HEAD")
        return int(result.stdout) if result.returncode == 0 else 0


@pytest.fixture
def repository(tmp_path: Path) -> Repository:
    repo = Repository(tmp_path / "repo")
    repo.root.mkdir()
    assert repo.run("git", "init", "-q").returncode == 0
    repo.goals.write(".pre-commit-config.yaml", local_hook_config())
    installed = repo.run(sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stderr
    return repo


def test_the_hook_passes_good_files_and_fails_a_bad_one_with_its_exact_findings(
    repository: Repository,
) -> None:
    repo = repository
    # A mistake already committed (without the hook) in a file this commit does not touch.
    repo.goals.write("goals/platform/kpis.yaml", PLATFORM)
    assert repo.commit("goals/platform/kpis.yaml", verify=False).returncode == 0

    # Good files, a CI file the hook must not read as a goal file, and the config.
    repo.goals.write("goals/okrctl.yaml", "people: [maria, lin, omar]\n")
    repo.goals.write("goals/company/2026.yaml", COMPANY)
    repo.goals.write("goals/support/2026-Q4.yaml", SUPPORT)
    repo.goals.write(".github/workflows/goals.yml", "on: [pull_request]\njobs: {}\n")
    good = repo.commit(".")
    assert good.returncode == 0, good.stdout + good.stderr
    # git runs the hook with its output on stderr.
    assert "okrctl lint....." in good.stderr and good.stderr.rstrip().endswith("Passed")
    assert repo.commits() == 2

    # A bad file: an id support already uses, and a reference to nothing.
    repo.goals.write("goals/support/2026-Q4-extra.yaml", EXTRA)
    bad = repo.commit("goals/support/2026-Q4-extra.yaml")
    assert bad.returncode == 1
    assert repo.commits() == 2  # the commit was refused
    assert "okrctl lint....." in bad.stderr and "Failed" in bad.stderr
    assert "- hook id: okrctl\n- exit code: 1\n" in bad.stderr
    report = bad.stderr.split("- exit code: 1\n", 1)[1].strip()
    assert report.splitlines() == [
        "goals/support/2026-Q4-extra.yaml:5:9: error: objective id `faster-replies` is already "
        "used by team `support` in 2026-Q4 (at goals/support/2026-Q4.yaml:5) "
        "[OK006 duplicate-id]",
        "goals/support/2026-Q4-extra.yaml:8:16: error: `company/nope` names no objective of "
        "team `company` in 2026-Q4 or a period containing it [OK007 unresolved-reference]",
        "",
        "Found 2 errors in 1 of 1 file.",
    ]

    # Fixed, it goes in.
    repo.goals.write(
        "goals/support/2026-Q4-extra.yaml",
        EXTRA.replace("faster-replies", "closed-for-good").replace("nope", "delight-customers"),
    )
    fixed = repo.commit("goals/support/2026-Q4-extra.yaml")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert repo.commits() == 3

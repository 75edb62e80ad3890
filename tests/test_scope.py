"""Goals next to code (issue 15): which YAML files are goal files.

okrctl.yaml's `include` and `exclude`, the .gitignore files, files named on the command line
that those leave out (skipped, with a note under --verbose), and `okrctl init` at a
repository's root, next to docker-compose.yml, Kubernetes manifests and CI workflows.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import DEBUG, okrctl

GOAL_FILE = """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-answers
    title: Customers get answers the same day they ask
    type: committed
    key_results:
      - id: first-response
        title: Median first response down from 8 to 2 hours
        start: 8
        target: 2
        unit: hours
      - id: csat
        title: Satisfaction with answers up from 80% to 90%
        start: 80
        target: 90
        unit: "%"
"""
# A valid goal file that would fail lint as a goal file: no team, no objectives.
COMPOSE = "services:\n  web:\n    image: nginx\n"
MANIFEST = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
WORKFLOW = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def repository(root: Path) -> Path:
    """A repository's root with goals next to code, a .gitignore and a broken file it ignores."""
    (root / ".git").mkdir()
    write(
        root,
        {
            "docker-compose.yml": COMPOSE,
            "k8s/deploy.yaml": MANIFEST,
            ".github/workflows/ci.yml": WORKFLOW,
            "goals/support/2026-Q4.yaml": GOAL_FILE,
            ".gitignore": "build/\n",
            "build/broken.yaml": "a: [\n",
        },
    )
    return root


def lint_json(root: Path, *args: str) -> tuple[int, dict[str, object]]:
    result = okrctl("lint", "--format", "json", *args, cwd=root, env=DEBUG)
    return result.returncode, json.loads(result.stdout)


def linted(root: Path, *args: str) -> list[str]:
    """The goal files `okrctl lint` finds problems in (a tree where every file has some)."""
    _, document = lint_json(root, *args)
    findings = document["findings"]
    assert isinstance(findings, list)
    return sorted({finding["path"] for finding in findings})


# --- okrctl init at a repository's root -----------------------------------------------------


def test_init_at_a_repository_root_keeps_the_other_yaml_files_out(tmp_path: Path) -> None:
    root = repository(tmp_path)
    before = okrctl("lint", cwd=root)
    assert before.returncode == 1  # the issue: compose file and manifest read as goal files
    assert "docker-compose.yml:1:1: error" in before.stdout

    result = okrctl("init", "--owner", "lin", cwd=root, env=DEBUG)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "created okrctl.yaml\n"
        "created goals/my-team/2026-Q4.yaml\n"
        "created goals/my-team/kpis.yaml\n"
        "created .pre-commit-config.yaml\n"
        "created goals/schemas/goal-file.schema.json\n"
        "created goals/schemas/okrctl-config.schema.json\n"
        "\n"
        "This folder holds other YAML files (docker-compose.yml, k8s/deploy.yaml): okrctl.yaml "
        "reads goal files only from goals/ (its `include`).\n"
        "\n"
        "Next: edit goals/my-team/2026-Q4.yaml, then run `okrctl lint .`.\n"
    )
    config = (root / "okrctl.yaml").read_text()
    assert config.startswith(
        "# yaml-language-server: $schema=goals/schemas/okrctl-config.schema.json\n"
    )
    assert (
        "# Only these: this folder holds other YAML files too (docker-compose.yml, "
        "k8s/deploy.yaml).\ninclude:\n  - goals/\n"
    ) in config
    # The team's files keep their modeline: the schemas are one folder up from them.
    assert (
        (root / "goals/my-team/kpis.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../schemas/goal-file.schema.json\n")
    )

    lint = okrctl("lint", "--strict", cwd=root)
    # okrctl.yaml and the three goal files: support's, and the two starter files.
    assert (lint.returncode, lint.stdout) == (0, "All checks passed (4 files).\n")


def test_init_includes_the_folders_already_holding_goal_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "docker-compose.yml": COMPOSE,
            "okrs/support/2026-Q4.yaml": GOAL_FILE,
            "ops.yaml": GOAL_FILE.replace("team: support", "team: ops"),
            "config/app.yaml": "port: 8080\n",
            "config/platform.yaml": GOAL_FILE.replace("team: support", "team: platform"),
        },
    )
    result = okrctl("init", "--owner", "lin", cwd=tmp_path, env=DEBUG)
    assert result.returncode == 0, result.stderr
    assert (
        "This folder holds other YAML files (config/app.yaml, docker-compose.yml): okrctl.yaml "
        "reads goal files only from goals/, /config/platform.yaml, /ops.yaml, okrs/ "
        "(its `include`).\n"
    ) in result.stdout
    lint = okrctl("lint", "--strict", cwd=tmp_path)
    assert (lint.returncode, lint.stdout) == (0, "All checks passed (6 files).\n")


def test_init_names_at_most_five_other_files(tmp_path: Path) -> None:
    write(tmp_path, {f"k8s/service-{n}.yaml": MANIFEST for n in range(7)})
    result = okrctl("init", "--owner", "lin", cwd=tmp_path, env=DEBUG)
    assert (
        "(k8s/service-0.yaml, k8s/service-1.yaml, k8s/service-2.yaml, k8s/service-3.yaml, "
        "k8s/service-4.yaml and 2 more)"
    ) in result.stdout
    assert okrctl("lint", cwd=tmp_path).returncode == 0


def test_init_among_goal_files_only_keeps_the_flat_layout(tmp_path: Path) -> None:
    write(tmp_path, {"support/2026-Q4.yaml": GOAL_FILE, ".github/workflows/ci.yml": WORKFLOW})
    result = okrctl("init", "--owner", "lin", cwd=tmp_path, env=DEBUG)
    assert result.returncode == 0, result.stderr
    assert "created my-team/2026-Q4.yaml\n" in result.stdout
    assert "other YAML files" not in result.stdout
    config = (tmp_path / "okrctl.yaml").read_text()
    assert "\ninclude:" not in config
    assert "# include: [goals/]\n# exclude: [docker-compose.yml, k8s/]\n" in config
    assert okrctl("lint", "--strict", cwd=tmp_path).returncode == 0


# --- files named on the command line, as pre-commit passes them ------------------------------


@pytest.fixture
def initialised(tmp_path: Path) -> Path:
    root = repository(tmp_path)
    assert okrctl("init", "--owner", "lin", cwd=root).returncode == 0
    return root


def test_a_named_file_the_config_leaves_out_is_skipped(initialised: Path) -> None:
    result = okrctl("lint", "docker-compose.yml", cwd=initialised)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "All checks passed (0 files).\n",
        "",
    )


def test_verbose_says_why_a_named_file_was_skipped(initialised: Path) -> None:
    result = okrctl("--verbose", "lint", "docker-compose.yml", "build/broken.yaml", cwd=initialised)
    assert result.returncode == 0
    notes = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert notes == [
        "okrctl: skipped docker-compose.yml (okrctl.yaml: not matched by `include`)",
        "okrctl: skipped build/broken.yaml (okrctl.yaml: not matched by `include`)",
    ]


def test_pre_commits_file_names_lint_only_the_goal_files(initialised: Path) -> None:
    broken_goal = GOAL_FILE.replace("owner: lin", "owner: nobody")
    write(initialised, {"goals/support/2026-Q4.yaml": broken_goal})
    staged = [
        "docker-compose.yml",
        "k8s/deploy.yaml",
        ".github/workflows/ci.yml",
        "goals/support/2026-Q4.yaml",
    ]
    code, document = lint_json(initialised, *staged)
    assert code == 1
    assert [(f["path"], f["rule"]) for f in document["findings"]] == [  # type: ignore[attr-defined]
        ("goals/support/2026-Q4.yaml", "unknown-owner")
    ]


# --- include and exclude ---------------------------------------------------------------------


BROKEN = "team: [\n"  # every file of these trees has a finding, so `linted` lists what was read


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write(
        tmp_path,
        {
            "docker-compose.yml": BROKEN,
            "k8s/deploy.yaml": BROKEN,
            "k8s/base/service.yaml": BROKEN,
            "goals/support.yaml": BROKEN,
            "goals/drafts/ops.yaml": BROKEN,
            "notes.yml": BROKEN,
        },
    )
    return tmp_path


def test_without_settings_every_yaml_file_is_a_goal_file(tree: Path) -> None:
    assert linted(tree) == [
        "docker-compose.yml",
        "goals/drafts/ops.yaml",
        "goals/support.yaml",
        "k8s/base/service.yaml",
        "k8s/deploy.yaml",
        "notes.yml",
    ]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            "exclude: [docker-compose.yml, k8s/]",
            ["goals/drafts/ops.yaml", "goals/support.yaml", "notes.yml"],
        ),
        (
            "exclude: ['*.yml', /k8s/deploy.yaml]",
            ["goals/drafts/ops.yaml", "goals/support.yaml", "k8s/base/service.yaml"],
        ),
        (
            "exclude: ['*.yaml', '!goals/**']",
            ["docker-compose.yml", "goals/drafts/ops.yaml", "goals/support.yaml", "notes.yml"],
        ),
        # As in git, nothing comes back from inside a folder left out.
        (
            "exclude: ['k8s/**', '!k8s/base/service.yaml']",
            ["docker-compose.yml", "goals/drafts/ops.yaml", "goals/support.yaml", "notes.yml"],
        ),
        (
            "exclude: [drafts/]",
            [
                "docker-compose.yml",
                "goals/support.yaml",
                "k8s/base/service.yaml",
                "k8s/deploy.yaml",
                "notes.yml",
            ],
        ),
        ("include: [goals/]", ["goals/drafts/ops.yaml", "goals/support.yaml"]),
        ("include: ['goals/**']", ["goals/drafts/ops.yaml", "goals/support.yaml"]),
        ("include: ['goals/*.yaml']", ["goals/support.yaml"]),
        ("include: [goals/, '!goals/drafts/']", ["goals/support.yaml"]),
        ("include: ['*.yml']", ["docker-compose.yml", "notes.yml"]),
        (
            "include: [goals/, k8s/]\nexclude: [base/]",
            ["goals/drafts/ops.yaml", "goals/support.yaml", "k8s/deploy.yaml"],
        ),
    ],
)
def test_include_and_exclude_choose_the_goal_files(
    tree: Path, settings: str, expected: list[str]
) -> None:
    write(tree, {"okrctl.yaml": settings + "\n"})
    assert linted(tree) == expected


def test_patterns_are_relative_to_the_folder_of_okrctl_yaml(tree: Path) -> None:
    write(tree, {"goals/okrctl.yaml": "exclude: [/drafts/]\n"})
    assert linted(tree / "goals") == ["support.yaml"]
    # From elsewhere, with the config named: still its folder's patterns.
    assert linted(tree, "--config", "goals/okrctl.yaml", "goals") == ["goals/support.yaml"]


def test_a_named_file_excluded_is_skipped_the_rest_linted(tree: Path) -> None:
    write(tree, {"okrctl.yaml": "exclude: [k8s/]\n"})
    assert linted(tree, "k8s/deploy.yaml", "goals/support.yaml") == ["goals/support.yaml"]
    # A folder named that the config excludes is not walked either.
    result = okrctl("--verbose", "lint", "k8s", cwd=tree)
    assert result.returncode == 0
    assert "okrctl: skipped k8s (okrctl.yaml: `exclude` pattern `k8s/`)\n" in result.stderr


# --- .gitignore ------------------------------------------------------------------------------


def test_gitignore_is_respected_without_a_repository_or_a_config(tree: Path) -> None:
    write(tree, {".gitignore": "# generated\nk8s/\n*.yml\n!notes.yml\n"})
    assert linted(tree) == ["goals/drafts/ops.yaml", "goals/support.yaml", "notes.yml"]


def test_nested_gitignore_files_count_below_their_folder(tree: Path) -> None:
    write(tree, {"goals/.gitignore": "drafts/\n", "k8s/.gitignore": "*\n!deploy.yaml\n"})
    assert linted(tree) == [
        "docker-compose.yml",
        "goals/support.yaml",
        "k8s/deploy.yaml",
        "notes.yml",
    ]


def test_the_repositorys_gitignore_counts_for_a_goal_tree_below_it(tree: Path) -> None:
    (tree / ".git").mkdir()
    write(tree, {".gitignore": "drafts/\n", "goals/okrctl.yaml": ""})
    assert linted(tree / "goals") == ["support.yaml"]
    code, document = lint_json(tree / "goals", "drafts/ops.yaml")
    assert (code, document["findings"]) == (0, [])


def test_respect_gitignore_false_reads_ignored_files(tree: Path) -> None:
    write(tree, {".gitignore": "k8s/\n", "okrctl.yaml": "respect_gitignore: false\n"})
    assert "k8s/deploy.yaml" in linted(tree)


def test_a_negation_in_exclude_does_not_bring_back_what_gitignore_ignores(tree: Path) -> None:
    write(tree, {".gitignore": "drafts/\n", "okrctl.yaml": "exclude: ['!goals/drafts/']\n"})
    assert "goals/drafts/ops.yaml" not in linted(tree)


def test_verbose_names_the_gitignore_that_skipped_a_file(tree: Path) -> None:
    write(tree, {"goals/.gitignore": "drafts/\n"})
    result = okrctl("-v", "lint", "goals/drafts/ops.yaml", cwd=tree)
    assert "okrctl: skipped goals/drafts/ops.yaml (goals/.gitignore: `drafts/`)\n" in result.stderr


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_symlinked_gitignore_is_not_read(tree: Path) -> None:
    write(tree, {"elsewhere/ignore": "k8s/\n"})
    (tree / ".gitignore").symlink_to(tree / "elsewhere/ignore")
    assert "k8s/deploy.yaml" in linted(tree)


# --- mistakes in the settings ----------------------------------------------------------------


def test_bad_patterns_are_findings_at_their_place_and_the_good_ones_still_apply(
    tree: Path,
) -> None:
    write(tree, {"okrctl.yaml": "exclude: [k8s/, '[abc', 3, ../x]\ninclude: goals/\n"})
    code, document = lint_json(tree)
    findings = [
        (f["line"], f["column"], f["message"])
        for f in document["findings"]  # type: ignore[attr-defined]
        if f["path"] == "okrctl.yaml"
    ]
    assert code == 1
    assert findings == [
        (
            1,
            17,
            "`exclude[1]`: `[abc`: `[` opens a character class that no `]` closes "
            "(write `\\[` for a `[`)",
        ),
        (1, 25, "`exclude[2]`: expected a pattern (a string), got the number 3"),
        (
            1,
            28,
            "`exclude[3]`: `../x`: `.` and `..` are not allowed: patterns name paths "
            "below the folder they belong to",
        ),
        (2, 10, '`include`: expected a list, got the text "goals/"'),
    ]
    # `k8s/` still applies; the include that is not a list does not.
    assert not any(f["path"].startswith("k8s/") for f in document["findings"])  # type: ignore[attr-defined]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_pre_commit_hook_passes_a_commit_of_compose_files_and_goals(tmp_path: Path) -> None:
    """The real pre-commit, with okrctl's hook (it passes every staged YAML file's name)."""
    from tests.test_pre_commit import Repository, local_hook_config

    repo = Repository(tmp_path / "repo")
    repo.root.mkdir()
    assert repo.run("git", "init", "-q").returncode == 0
    write(repo.root, {".pre-commit-config.yaml": local_hook_config(), ".gitignore": "build/\n"})
    assert repo.run(sys.executable, "-m", "pre_commit", "install").returncode == 0
    write(repo.root, {"docker-compose.yml": COMPOSE, "k8s/deploy.yaml": MANIFEST})
    write(repo.root, {"okrctl.yaml": "people: [lin]\ninclude: [goals/]\n"})
    write(repo.root, {"goals/support/2026-Q4.yaml": GOAL_FILE})
    good = repo.commit(".")
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stderr.rstrip().endswith("Passed")
    write(repo.root, {"goals/support/2026-Q4.yaml": GOAL_FILE.replace("lin", "nobody")})
    bad = repo.commit(".")
    assert bad.returncode == 1
    assert "goals/support/2026-Q4.yaml:3:8: error: owner `nobody`" in bad.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_leaves_out_of_the_old_tree_what_it_leaves_out_of_the_new(tmp_path: Path) -> None:
    from tests.test_diff import git

    root = repository(tmp_path)
    (root / ".git").rmdir()
    git(root, "init", "--quiet")
    write(root, {"okrctl.yaml": "people: [lin]\ninclude: [goals/]\n"})
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "goals next to code")
    write(root, {"goals/support/2026-Q4.yaml": GOAL_FILE.replace("8 to 2", "8 to 1")})
    result = okrctl("diff", "--format", "json", cwd=root, env=DEBUG)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [change["ref"] for change in document["changes"]] == [
        "support/2026-Q4/faster-answers/first-response"
    ]
    assert "docker-compose.yml" not in result.stdout

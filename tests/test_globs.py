"""Gitignore-style patterns (okrctl.model.globs): git's rules, checked against git itself."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from okrctl.model.globs import PatternError, PatternList, compile_pattern, gitignore_patterns


def matches(pattern: str, path: str, is_folder: bool = False) -> bool:
    return compile_pattern(pattern).matches(path, is_folder)


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        # No slash: a name at any depth.
        ("docker-compose.yml", "docker-compose.yml", True),
        ("docker-compose.yml", "deploy/docker-compose.yml", True),
        ("*.yml", "a/b/c.yml", True),
        ("*.yml", "a/b/c.yaml", False),
        ("c?.yaml", "c1.yaml", True),
        ("c?.yaml", "c12.yaml", False),
        ("[ab].yaml", "b.yaml", True),
        ("[!ab].yaml", "b.yaml", False),
        ("[!ab].yaml", "c.yaml", True),
        ("[a-c].yaml", "b.yaml", True),
        ("[a-c].yaml", "d.yaml", False),
        # A slash at the start or in the middle anchors at the pattern's folder.
        ("/docker-compose.yml", "docker-compose.yml", True),
        ("/docker-compose.yml", "deploy/docker-compose.yml", False),
        ("k8s/deploy.yaml", "k8s/deploy.yaml", True),
        ("k8s/deploy.yaml", "x/k8s/deploy.yaml", False),
        ("k8s/*.yaml", "k8s/a/deploy.yaml", False),
        # `*` never crosses a slash; `**` does.
        ("goals/*", "goals/support/2026-Q4.yaml", False),
        ("goals/**", "goals/support/2026-Q4.yaml", True),
        ("goals/**", "goals", False),
        ("**/deploy.yaml", "deploy.yaml", True),
        ("**/deploy.yaml", "a/b/deploy.yaml", True),
        ("a/**/b.yaml", "a/b.yaml", True),
        ("a/**/b.yaml", "a/x/y/b.yaml", True),
        ("a/**/b.yaml", "ab.yaml", False),
        ("**", "anything/at/all.yaml", True),
        # Escapes.
        ("\\*.yaml", "*.yaml", True),
        ("\\*.yaml", "a.yaml", False),
        ("\\!x.yaml", "!x.yaml", True),
        ("\\[x].yaml", "[x].yaml", True),
    ],
)
def test_a_pattern_matches_as_in_git(pattern: str, path: str, expected: bool) -> None:
    assert matches(pattern, path) is expected


def test_a_trailing_slash_matches_folders_only() -> None:
    assert matches("k8s/", "k8s", is_folder=True)
    assert matches("k8s/", "deploy/k8s", is_folder=True)
    assert not matches("k8s/", "k8s", is_folder=False)
    assert matches("/build/", "build", is_folder=True)
    assert not matches("/build/", "x/build", is_folder=True)


def test_the_last_matching_pattern_decides() -> None:
    patterns = PatternList.of(["*.yaml", "!keep.yaml"])
    assert patterns.matches("drop.yaml", False) is True
    assert patterns.matches("a/keep.yaml", False) is False
    assert patterns.matches("a.yml", False) is None


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("", "an empty pattern matches nothing"),
        ("   ", "an empty pattern matches nothing"),
        ("!", "an empty pattern matches nothing"),
        ("/", "`/` alone matches nothing"),
        ("[abc", "`[` opens a character class that no `]` closes"),
        ("x\\", "ends with `\\`, which escapes nothing"),
        ("../goals/", "`.` and `..` are not allowed"),
        ("a//b", "`//` in a pattern matches nothing"),
    ],
)
def test_a_pattern_that_can_never_match_is_an_error(pattern: str, why: str) -> None:
    with pytest.raises(PatternError) as raised:
        compile_pattern(pattern)
    assert str(raised.value).startswith(why)


def test_a_gitignore_file_skips_comments_blank_lines_and_trailing_spaces() -> None:
    patterns = gitignore_patterns("# build output\n\nbuild/   \n\\#notes.yaml\n[broken\n")
    assert [p.text for p in patterns.patterns] == ["build/", "\\#notes.yaml"]
    assert patterns.matches("build", True) is True
    assert patterns.matches("#notes.yaml", False) is True


# --- against git itself ---------------------------------------------------------------------

ORACLE_PATTERNS = [
    "build/",
    "*.yml",
    "!keep.yml",
    "/top.yaml",
    "docs/*.yaml",
    "deep/**/x.yaml",
    "**/gen/",
    "a?c.yaml",
    "[0-9]*.yaml",
    "k8s/**",
]
ORACLE_PATHS = [
    "build/a.yaml",
    "src/build/a.yaml",
    "ci.yml",
    "sub/ci.yml",
    "keep.yml",
    "sub/keep.yml",
    "top.yaml",
    "sub/top.yaml",
    "docs/a.yaml",
    "docs/sub/a.yaml",
    "deep/x.yaml",
    "deep/1/2/x.yaml",
    "x/deep/x.yaml",
    "gen/a.yaml",
    "p/gen/a.yaml",
    "abc.yaml",
    "abbc.yaml",
    "9lives.yaml",
    "k8s/deploy.yaml",
    "k8s/base/svc.yaml",
    "goals/support/2026-Q4.yaml",
]


def _ignored_by(patterns: PatternList, path: str) -> bool:
    """Ignored as discovery decides: a folder ignored hides everything below it."""
    parts = path.split("/")
    for end in range(1, len(parts)):
        if patterns.matches("/".join(parts[:end]), True):
            return True
    return patterns.matches(path, False) is True


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_patterns_agree_with_git_check_ignore(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("\n".join(ORACLE_PATTERNS) + "\n")
    result = subprocess.run(
        ["git", "-C", str(tmp_path), "check-ignore", "--no-index", "--stdin"],
        input="\n".join(ORACLE_PATHS) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    by_git = set(result.stdout.split())
    patterns = gitignore_patterns((tmp_path / ".gitignore").read_text())
    by_okrctl = {path for path in ORACLE_PATHS if _ignored_by(patterns, path)}
    assert by_okrctl == by_git

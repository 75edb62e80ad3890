"""The embedded examples are the project's showcase: every file lints clean, with no finding."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES, okrctl

EXAMPLE_FILES = sorted(
    p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*.y*ml") if p.name != "okrctl.yaml"
)


@pytest.fixture(scope="module")
def findings() -> dict[str, list[dict[str, object]]]:
    result = okrctl("lint", "--format", "json", ".", cwd=EXAMPLES)
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(result.stdout)
    by_path: dict[str, list[dict[str, object]]] = {}
    for finding in document["findings"]:
        by_path.setdefault(str(finding["path"]), []).append(finding)
    assert document["summary"]["files"] == len(EXAMPLE_FILES) + 1  # + okrctl.yaml
    return by_path


def test_examples_are_a_real_tree() -> None:
    assert len(EXAMPLE_FILES) >= 6


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_file_lints_clean(name: str, findings: dict[str, list[dict[str, object]]]) -> None:
    assert findings.get(name, []) == []


def test_strict_lint_of_the_examples_passes() -> None:
    result = okrctl("lint", "--strict", str(EXAMPLES))
    assert result.returncode == 0, result.stdout

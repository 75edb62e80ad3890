"""The README's console blocks of the commands that close the loop (issue 18 and 20) are the
real output, byte for byte: each `$ okrctl ...` prompt is run on the examples and compared with
what the README shows under it. (The review and diff blocks have their own tests, in
tests/test_review.py and tests/test_diff.py.)"""

from __future__ import annotations

import shlex

import pytest

from tests.conftest import REPO, okrctl

README = (REPO / "README.md").read_text(encoding="utf-8")

PROMPTS = [
    "okrctl impact examples/ --team support --as-of 2026-11-29",
    "okrctl review examples/ --cadence monthly --team growth --as-of 2026-12-02",
    "okrctl calibration examples/ --team support --as-of 2026-11-29",
    "okrctl pull --dry-run examples/ --as-of 2026-11-29",
]


@pytest.mark.parametrize("prompt", PROMPTS)
def test_the_readme_shows_the_real_output(prompt: str) -> None:
    marker = f"```console\n$ {prompt}\n"
    assert marker in README, prompt
    shown = README.split(marker, 1)[1].split("```", 1)[0]
    result = okrctl(*shlex.split(prompt)[1:], cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert shown == result.stdout


def test_the_pull_dry_run_wrote_nothing() -> None:
    before = (REPO / "examples/support/2026-Q4.yaml").read_bytes()
    okrctl("pull", "--dry-run", "examples/", "--as-of", "2026-11-29", cwd=REPO)
    assert (REPO / "examples/support/2026-Q4.yaml").read_bytes() == before

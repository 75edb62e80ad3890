"""The embedded examples are the project's showcase: every file lints clean, with no finding."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

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


# --- the examples' sources: `okrctl pull` on a real SQLite database ----------------------------

PULLED_CHECKIN = "          - {date: 2026-11-27, value: 22, source: pulled}\n"


def test_pull_dry_run_shows_the_next_scheduled_pull() -> None:
    """README: `okrctl pull --dry-run examples/`. Two KPIs (monthly, nothing new before
    November closes) and one key result (a weekly figure: one new check-in) have a source."""
    before = {p: p.read_bytes() for p in EXAMPLES.rglob("*.yaml")}
    result = okrctl("pull", "--dry-run", "examples/", cwd=EXAMPLES.parent)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "--- a/examples/support/2026-Q4.yaml\n+++ b/examples/support/2026-Q4.yaml\n"
        "@@ -108,6 +108,7 @@\n"
        "           - {date: 2026-10-23, value: 29, confidence: 0.7}\n"
        "           - {date: 2026-11-06, value: 26, confidence: 0.7}\n"
        "           - {date: 2026-11-20, value: 24, confidence: 0.7}\n"
        f"+{PULLED_CHECKIN}"
        "         # The onboarding dashboard's weekly figure; `okrctl pull` appends it as a "
        "check-in.\n"
        "         source:\n"
        "           kind: sql\n"
    )
    listed = json.loads(
        okrctl("pull", "--dry-run", "-f", "json", "examples/", cwd=EXAMPLES.parent).stdout
    )
    assert [(s["ref"], s["status"], s["values"]) for s in listed["sources"]] == [
        ("growth/monthly-churn", "ok", []),
        ("platform/p95-latency", "ok", []),
        (
            "support/2026-Q4/enterprise-onboarding/enterprise-ttv",
            "ok",
            [{"date": "2026-11-27", "value": 22}],
        ),
    ]
    assert {p: p.read_bytes() for p in EXAMPLES.rglob("*.yaml")} == before


def test_pull_on_a_copy_writes_once_and_then_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    goals = copy / "support" / "2026-Q4.yaml"
    before = goals.read_text(encoding="utf-8")
    result = okrctl("pull", ".", cwd=copy)
    assert (result.returncode, result.stdout) == (
        0,
        "support/2026-Q4.yaml: pulled support/2026-Q4/enterprise-onboarding/enterprise-ttv: "
        "22 days on 2026-11-27\n",
    )
    anchor = "          - {date: 2026-11-20, value: 24, confidence: 0.7}\n"
    assert goals.read_text(encoding="utf-8") == before.replace(anchor, anchor + PULLED_CHECKIN)
    written = {p: p.read_bytes() for p in copy.rglob("*.yaml")}
    again = okrctl("pull", ".", cwd=copy)
    assert (again.returncode, again.stdout) == (0, "nothing new to pull\n")
    assert {p: p.read_bytes() for p in copy.rglob("*.yaml")} == written
    assert okrctl("lint", "--strict", ".", cwd=copy).returncode == 0


def test_the_metrics_database_is_what_its_script_makes(tmp_path: Path) -> None:
    """examples/data/metrics.db is committed; examples/data/make_metrics.py remakes it."""

    def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
        with closing(sqlite3.connect(path)) as connection:
            tables = [t for (t,) in connection.execute("select name from sqlite_master")]
            return {t: connection.execute(f"select * from {t}").fetchall() for t in tables}

    made = tmp_path / "metrics.db"
    script = EXAMPLES / "data" / "make_metrics.py"
    subprocess.run([sys.executable, str(script), str(made)], check=True)
    assert rows(made) == rows(EXAMPLES / "data" / "metrics.db")
    assert set(rows(made)) == {"churn_monthly", "p95_latency_monthly", "enterprise_ttv_weekly"}

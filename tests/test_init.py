"""`okrctl init`: a starter tree that lints clean, never written over existing files."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML

from okrctl import clock
from okrctl.commands import init
from okrctl.model.period import quarter_of
from okrctl.terminal import Terminal
from tests.conftest import okrctl
from tests.editing import TODAY, cli, run_on, snapshot, visible_goal_files


def test_init_writes_a_starter_tree_that_lints_clean(tmp_path: Path) -> None:
    result = okrctl("init", "goals", "--team", "support", "--owner", "lin", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    quarter = quarter_of(clock.today()).label  # the test's fixed day, not the real one
    assert result.stdout == (
        "created goals/okrctl.yaml\n"
        f"created goals/support/{quarter}.yaml\n"
        "created goals/support/kpis.yaml\n"
        "created goals/.pre-commit-config.yaml\n"
        "created goals/schemas/goal-file.schema.json\n"
        "created goals/schemas/okrctl-config.schema.json\n"
        "\n"
        f"Next: edit goals/support/{quarter}.yaml, then run `okrctl lint goals`.\n"
    )
    goals = tmp_path / "goals"
    assert visible_goal_files(goals) == [f"support/{quarter}.yaml", "support/kpis.yaml"]
    lint = okrctl("lint", "--strict", "goals", cwd=tmp_path)
    assert (lint.returncode, lint.stdout) == (0, "All checks passed (3 files).\n")
    # The starter files are meant to be used: a check-in and a measurement land in them.
    assert (
        okrctl(
            "checkin", f"support/{quarter}/faster-onboarding/time-to-value", "11", cwd=goals
        ).returncode
        == 0
    )
    assert okrctl("kpi", "record", "support/uptime", "99.95", cwd=goals).returncode == 0
    assert okrctl("lint", "--strict", ".", cwd=goals).returncode == 0


def test_the_settings_file_shows_every_default_commented_out(tmp_path: Path) -> None:
    run_on(
        TODAY,
        init.run,
        init.Options(tmp_path, team="support", owner="lin"),
        Terminal(io.StringIO(), io.StringIO()),
    )
    text = (tmp_path / "okrctl.yaml").read_text()
    assert "people: [lin]\n" in text
    assert "fiscal_year_start: 1\n" in text
    for line in (
        "# scoring:\n#   yellow: 0.4\n#   green: 0.7\n",
        "# kpi:\n#   stale_after: 1.5\n#   breach_streak: 2\n",
        "# limits:\n#   max_file_size: 5000000\n",
    ):
        assert line in text
    assert (
        (tmp_path / "support/2026-Q4.yaml")
        .read_text()
        .startswith(
            "# yaml-language-server: $schema=../schemas/goal-file.schema.json\n"
            "# support's objectives for 2026-Q4 (2026-10-01 to 2026-12-31).\n"
        )
    )


def test_a_fiscal_year_names_the_quarter_by_its_fiscal_year(tmp_path: Path) -> None:
    run_on(
        TODAY,
        init.run,
        init.Options(tmp_path, team="ops", owner="Ana María", fiscal_year_start=10),
        Terminal(io.StringIO(), io.StringIO()),
    )
    assert (tmp_path / "ops/2027-Q1.yaml").exists()  # October-December 2026 is fiscal 2027-Q1
    assert cli(tmp_path, "lint", "--strict", ".").exit_code == 0


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "support").mkdir()
    (tmp_path / "support/kpis.yaml").write_text("team: support\nkpis: []\n")
    files = snapshot(tmp_path)
    result = cli(tmp_path, "init", ".", "--team", "support", "--owner", "lin")
    assert result.exit_code == 2
    assert result.stderr == (
        "okrctl: error: support/kpis.yaml already exists; okrctl init never overwrites a file, "
        "and wrote nothing\n"
    )
    assert snapshot(tmp_path) == files


def test_the_pre_commit_hook_names_the_tree_from_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    run_on(
        TODAY,
        init.run,
        init.Options(tmp_path / "plans" / "goals", team="support", owner="lin"),
        Terminal(io.StringIO(), io.StringIO()),
    )
    text = (tmp_path / "plans/goals/.pre-commit-config.yaml").read_text()
    config = YAML(typ="safe").load(text)
    hook = config["repos"][0]["hooks"][0]
    assert hook == {
        "id": "okrctl-lint",
        "name": "okrctl lint",
        "entry": "okrctl lint plans/goals",
        "language": "system",
        "files": "^plans/goals/",
        "pass_filenames": False,
    }
    assert "copy the hook into the\n# .pre-commit-config.yaml at the repository's root" in text
    run_on(
        TODAY,
        init.run,
        init.Options(tmp_path, team="ops", owner="lin"),
        Terminal(io.StringIO(), io.StringIO()),
    )
    root_hook = YAML(typ="safe").load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert root_hook["repos"][0]["hooks"][0]["entry"] == "okrctl lint"


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    result = cli(tmp_path, "init", ".", "--team", "Support Team", "--owner", "lin")
    assert result.exit_code == 2
    assert "--team: `Support Team` is not a team slug" in result.stderr
    assert list(tmp_path.iterdir()) == []

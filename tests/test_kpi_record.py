"""`okrctl kpi record`: measurements kept in date order, one per day unless --replace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import okrctl
from tests.editing import cli, copy_examples, insert_after, snapshot

KPIS = """\
# Support KPIs.
team: support

kpis:
  - id: first-response-time
    title: Median first-response time
    owner: lin
    unit: min
    cadence: weekly
    band: {max: 45}
    measurements:
      - {date: 2026-11-06, value: 47}
      # week 46: two agents out sick
      - {date: 2026-11-13, value: 49, note: Two agents out sick}

  - id: csat
    title: Customer satisfaction
    owner: lin
    cadence: monthly
    band: {min: 4.2}
"""


@pytest.fixture
def support(tmp_path: Path) -> Path:
    (tmp_path / "kpis.yaml").write_text(KPIS)
    return tmp_path


def test_records_after_the_last_measurement(support: Path) -> None:
    result = cli(
        support, "kpi", "record", "support/first-response-time", "41", "--date", "2026-11-20"
    )
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout == "kpis.yaml: recorded support/first-response-time = 41 min on 2026-11-20\n"
    )
    assert (support / "kpis.yaml").read_text() == insert_after(
        KPIS,
        "note: Two agents out sick}\n",
        "      - {date: 2026-11-20, value: 41}\n",
    )


def test_an_earlier_date_goes_where_it_belongs(support: Path) -> None:
    result = cli(
        support,
        "kpi",
        "record",
        "support/first-response-time",
        "48",
        "--date",
        "2026-11-10",
        "--note",
        "new rota",
    )
    assert result.exit_code == 0, result.stderr
    assert (support / "kpis.yaml").read_text() == insert_after(
        KPIS,
        "      - {date: 2026-11-06, value: 47}\n",
        "      - {date: 2026-11-10, value: 48, note: new rota}\n",
    )
    first = cli(
        support, "kpi", "record", "support/first-response-time", "50", "--date", "2026-11-01"
    )
    assert first.exit_code == 0, first.stderr
    text = (support / "kpis.yaml").read_text()
    assert (
        "    measurements:\n      - {date: 2026-11-01, value: 50}\n      - {date: 2026-11-06"
        in (text)
    )


def test_the_first_measurement_creates_the_list(support: Path) -> None:
    result = cli(support, "kpi", "record", "support/csat", "4.4", "--date", "2026-10-31")
    assert result.exit_code == 0, result.stderr
    assert (support / "kpis.yaml").read_text() == KPIS + (
        "    measurements:\n      - {date: 2026-10-31, value: 4.4}\n"
    )


def test_a_second_measurement_on_a_day_needs_replace(support: Path) -> None:
    files = snapshot(support)
    refused = cli(
        support, "kpi", "record", "support/first-response-time", "46", "--date", "2026-11-13"
    )
    assert refused.exit_code == 2
    assert refused.stderr == (
        "okrctl: error: support/first-response-time already has a measurement on 2026-11-13 "
        "(49 min); pass --replace to replace it\n"
    )
    assert snapshot(support) == files
    replaced = cli(
        support,
        "kpi",
        "record",
        "support/first-response-time",
        "46",
        "--date",
        "2026-11-13",
        "--replace",
    )
    assert replaced.exit_code == 0, replaced.stderr
    assert replaced.stdout == (
        "kpis.yaml: replaced support/first-response-time on 2026-11-13: 49 min -> 46 min\n"
    )
    assert (support / "kpis.yaml").read_text() == KPIS.replace(
        "{date: 2026-11-13, value: 49, note: Two agents out sick}", "{date: 2026-11-13, value: 46}"
    )


BLOCK = """\
team: platform
kpis:
- id: uptime
  title: Availability
  owner: omar
  unit: '%'
  cadence: weekly
  band:
    min: 99.9
  measurements:
  - date: 2026-11-06
    value: 99.95
  - date: '2026-11-13'
    value: 99.97 # a quiet week
"""


def test_block_style_measurements_get_a_block_item(tmp_path: Path) -> None:
    (tmp_path / "platform.yaml").write_text(BLOCK)
    result = cli(tmp_path, "kpi", "record", "platform/uptime", "99.9", "--date", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "platform.yaml").read_text() == BLOCK + (
        "  - date: 2026-11-20\n    value: 99.9\n"
    )
    replaced = cli(
        tmp_path, "kpi", "record", "platform/uptime", "99.96", "--date", "2026-11-13", "--replace"
    )
    assert replaced.exit_code == 0, replaced.stderr
    assert (tmp_path / "platform.yaml").read_text() == BLOCK.replace(
        "  - date: '2026-11-13'\n    value: 99.97 # a quiet week\n",
        "  - date: 2026-11-13\n    value: 99.96 # a quiet week\n",
    ) + ("  - date: 2026-11-20\n    value: 99.9\n")


def test_an_empty_list_is_filled(tmp_path: Path) -> None:
    (tmp_path / "kpis.yaml").write_text(KPIS + "    measurements: []\n")
    result = cli(tmp_path, "kpi", "record", "support/csat", "4.4", "--date", "2026-10-31")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "kpis.yaml").read_text() == KPIS + (
        "    measurements: [{date: 2026-10-31, value: 4.4}]\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["support/csat", "4,5"],
            "VALUE: `4,5` is not a number: write 4.5 (a decimal point, not a comma)\n",
        ),
        (
            ["support/csat", "99,3"],
            "VALUE: `99,3` is not a number: write 99.3 (a decimal point, not a comma)\n",
        ),
        (
            ["support/csat", "1,500"],
            "VALUE: `1,500` is not a number: write 1500 if the comma separates thousands, or "
            "1.500 if it is a decimal comma\n",
        ),
        (["support/csat", "1,000"], "VALUE: `1,000` is not a number: write 1000 (no digit "),
        (["support/csat", "high"], "VALUE: `high` is not a number: write a plain number"),
        (["support/csat", "4.4", "--date", "tomorrow"], "--date: `tomorrow` is not a date"),
        (["support/nps", "40"], "team `support` has no KPI `nps` (its KPIs: "),
        (["support", "40"], "`support` is not a KPI reference: write TEAM/KPI_ID"),
        (["sales/nps", "40"], "no team `sales` in the goal tree (teams: support)"),
        (["support/csat", "1e999"], "VALUE: `1e999` is too large"),
    ],
)
def test_rejections_leave_the_file_identical(support: Path, args: list[str], message: str) -> None:
    files = snapshot(support)
    result = cli(support, "kpi", "record", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"okrctl: error: {message}"), result.stderr
    assert snapshot(support) == files


def test_the_recorded_value_is_what_kpi_check_reads(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    result = okrctl("kpi", "record", "growth/mrr", "650", "--date", "2026-11-20", cwd=root)
    assert result.returncode == 0, result.stderr
    board = okrctl(
        "kpi",
        "check",
        ".",
        "--team",
        "growth",
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
        cwd=root,
    )
    kpis = {k["ref"]: k for k in json.loads(board.stdout)["kpis"]}
    assert kpis["growth/mrr"]["value"] == 650
    assert okrctl("lint", "--strict", ".", cwd=root).returncode == 0


def test_dry_run(support: Path) -> None:
    files = snapshot(support)
    result = cli(
        support, "kpi", "record", "support/csat", "4.4", "--date", "2026-10-31", "--dry-run"
    )
    assert result.exit_code == 0
    assert result.stdout == (
        "--- a/kpis.yaml\n"
        "+++ b/kpis.yaml\n"
        "@@ -18,3 +18,5 @@\n"
        "     owner: lin\n"
        "     cadence: monthly\n"
        "     band: {min: 4.2}\n"
        "+    measurements:\n"
        "+      - {date: 2026-10-31, value: 4.4}\n"
    )
    assert snapshot(support) == files


def test_a_kpi_file_that_cannot_be_read_is_named_not_a_missing_team(tmp_path: Path) -> None:
    (tmp_path / "kpis.yaml").write_text("team: support\nkpis:\n  - id: csat\n    title: [broken\n")
    files = snapshot(tmp_path)
    result = cli(tmp_path, "kpi", "record", "support/csat", "4.5")
    assert (result.exit_code, result.stderr) == (
        2,
        "okrctl: error: no team `support` in the goal tree; kpis.yaml could not be read "
        "(okrctl lint shows why)\n",
    )
    assert snapshot(tmp_path) == files

"""`okrctl review --cadence monthly`: the command, its formats and its golden files.

Golden files under tests/golden/review/ pin every format on the examples in December's first
week (`--as-of 2026-12-02`: September to November); regenerate after an intended change with

    OKRCTL_REGENERATE=1 python -m pytest tests/test_review_monthly.py

The numbers are asserted by hand here and in tests/compute/test_monthly.py.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.compute.test_kpi_health import kpi, kpi_file
from tests.conftest import REPO, okrctl

GOLDEN = Path(__file__).parent / "golden" / "review"
REGENERATE = os.environ.get("OKRCTL_REGENERATE") == "1"
MONTHLY = ("--cadence", "monthly", "--as-of", "2026-12-02")
EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json", "html": "html"}


def review(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    result = okrctl("review", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.parametrize("output_format", sorted(EXTENSIONS))
def test_golden_files(output_format: str) -> None:
    result = review("examples/", *MONTHLY, "--format", output_format)
    golden = GOLDEN / f"monthly-2026-11.{EXTENSIONS[output_format]}"
    if REGENERATE:
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; if the change is intended, regenerate with "
        "OKRCTL_REGENERATE=1 pytest tests/test_review_monthly.py and review the diff"
    )


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_text_report_wraps_at_the_width_and_keeps_numbers_whole(width: int) -> None:
    text = review("examples/", *MONTHLY, "--width", str(width)).stdout
    # Every line fits, except the YAML drafts, which paste as they are (none is that long).
    assert max(len(line) for line in text.splitlines()) <= width
    # A trend wraps between its steps, never inside "43 min" or "(Oct 31)".
    joined = " ".join(line.strip() for line in text.splitlines())
    assert "34 min (Sep 30) -> 43 min (Oct 31) -> 52 min (Nov 30)" in joined
    assert "trend: 31 min (Aug 31)" in joined


def test_the_examples_first_response_time() -> None:
    document: dict[str, Any] = json.loads(
        review("examples/", *MONTHLY, "--team", "support", "--format", "json").stdout
    )
    assert document["cadence"] == "monthly"
    monthly = document["monthly"]
    assert (monthly["start"], monthly["end"], monthly["months"]) == (
        "2026-09-01",
        "2026-11-30",
        ["2026-09", "2026-10", "2026-11"],
    )
    frt = next(k for k in monthly["kpis"] if k["id"] == "first-response-time")
    # Measured weekly: 31 on Aug 31, 34 on Sep 28, 43 on Oct 26, 52 on Nov 16.
    assert [p["value"] for p in frt["trend"]["month_ends"]] == [31, 34, 43, 52]
    assert (frt["trend"]["direction"], frt["trend"]["change"], frt["trend"]["verdict"]) == (
        "up",
        21,
        "worse",
    )
    # 49 on Nov 9 left the 45 min band: Nov 9 to 30 out, 22 days; 91 - 22 = 69 inside.
    assert (frt["in_band"]["days"], frt["in_band"]["inside"]) == (91, 69)
    assert frt["breaches"] == [
        {
            "side": "above",
            "start": "2026-11-09",
            "end": None,
            "ongoing": True,
            "days": 22,
            "worst": 52,
            "warned": True,  # 44 on Nov 2 was past the 35 min warn line
            "reading_before": 44,
        }
    ]
    assert frt["warn_crossings"] == [{"date": "2026-10-05", "value": 36, "previous": 34}]


def test_the_text_report_of_a_small_tree(tmp_path: Path) -> None:
    (tmp_path / "kpis.yaml").write_text(
        kpi_file(
            kpi(
                "frt",
                "2026-09-01: 30, 2026-10-01: 50, 2026-10-10: 33, 2026-11-01: 40, 2026-11-10: 47",
                warn="{max: 35}",
            )
        ),
        encoding="utf-8",
    )
    result = review(".", *MONTHLY, cwd=tmp_path)
    assert result.stdout == (
        "Monthly KPI review of 2026-09 to 2026-11\n"
        "2026-09-01 to 2026-11-30, as of 2026-12-02\n"
        "\n"
        "1 KPI · 1 with a breach · 1 warn crossing · 1 suggestion\n"
        "\n"
        "support\n"
        "\n"
        "  frt: KPI frt\n"
        "    owner lin, band at most 45, warn at most 35\n"
        "    trend: - (Aug 31) -> 30 (Sep 30) -> 33 (Oct 31) -> 47 (Nov 30): up 17, worse\n"
        "      (lower is better)\n"
        "    inside its band on 61 of 91 days (67%)\n"
        "    breach: above its band from 2026-10-01, to 2026-10-09: 9 days, worst 50; no\n"
        "      warning: the reading before, 30, was inside the warn band\n"
        "    breach: above its band from 2026-11-10, ongoing: 21 days, worst 47; warned:\n"
        "      the reading before, 40, was in the warn zone\n"
        "    warn crossing: 2026-11-01: 33 -> 40, into the warn zone\n"
        "    Earlier warning: the warn band (at most 35) gave no early warning of a\n"
        "      breach (2026-10-01: 30 straight to 50); a warn band of at most 30 flags\n"
        "      the next move past where it stood.\n"
        "      Paste into kpis.yaml, KPI frt:\n"
        "        warn: {max: 30}\n"
    )
    markdown = review(".", *MONTHLY, "--format", "markdown", cwd=tmp_path).stdout
    assert "   ```yaml\n   warn: {max: 30}\n   ```\n" in markdown
    html = review(".", *MONTHLY, "--format", "html", cwd=tmp_path).stdout
    assert '<article data-kpi="support/frt">' in html
    assert '<li data-kind="no-early-warning">' in html
    assert "Content-Security-Policy" in html


def test_the_chat_digests_name_the_monthly_review(tmp_path: Path) -> None:
    (tmp_path / "kpis.yaml").write_text(kpi_file(kpi("frt", "2026-11-16: 52")), encoding="utf-8")
    for chat in ("slack", "teams"):
        text = review(".", *MONTHLY, "--format", chat, cwd=tmp_path).stdout
        assert "Monthly KPI review of 2026-09 to 2026-11" in text
        assert "Weekly review" not in text


def test_the_weekly_json_has_no_monthly_part() -> None:
    document = json.loads(review("examples/", "--as-of", "2026-11-16", "--format", "json").stdout)
    assert "monthly" not in document


def test_a_margin_not_below_room_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "okrctl.yaml").write_text(
        "review:\n  monthly:\n    room: 0.1\n    margin: 0.1\n", encoding="utf-8"
    )
    (tmp_path / "kpis.yaml").write_text(kpi_file(kpi("frt", "2026-11-16: 30")), encoding="utf-8")
    result = okrctl("lint", ".", cwd=tmp_path)
    assert result.returncode != 0
    assert "`margin` (0.1) must be below `room` (0.1)" in result.stdout + result.stderr


def test_a_period_named_reviews_the_months_ended_by_its_end() -> None:
    heading = review("examples/", "--cadence", "monthly", "--period", "2026-Q3").stdout
    assert heading.startswith(
        "Monthly KPI review of 2026-07 to 2026-09\n2026-07-01 to 2026-09-30, as of 2026-09-30\n"
    )


def test_end_of_period_is_for_a_quarterly_review() -> None:
    result = okrctl("review", "examples/", "--cadence", "monthly", "--as-of", "end-of-period")
    assert result.returncode == 2
    assert result.stderr == (
        "okrctl: error: --as-of end-of-period is for a quarterly review; give a date for a "
        "monthly one\n"
    )

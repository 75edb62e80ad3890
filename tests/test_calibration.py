"""`okrctl calibration` and the review's retros, on the examples (numbers worked out by hand).

Support's finished key results with a confidence (examples/support/2026-Q2.yaml, 2026-Q3.yaml),
each check-in's (confidence - outcome)^2 summed per key result:

    Q3 runbook-coverage   met      0.8 0.85 0.9 1.0   0.04 + 0.0225 + 0.01 + 0      = 0.0725
    Q3 tier2-coverage     met      0.7 1.0            0.09 + 0                      = 0.09
    Q3 deflection         success  0.6 0.55 0.5 0.5   0.16 + 0.2025 + 0.25 + 0.25   = 0.8625
    Q3 helpful-articles   success  0.6 0.6 0.55       0.16 + 0.16 + 0.2025          = 0.5225
    Q3 tickets-per-acct   success  0.6 0.55 0.5       0.16 + 0.2025 + 0.25          = 0.6125
    Q2 same-day-replies   missed   0.8 0.7 0.6        0.64 + 0.49 + 0.36            = 1.49
    Q2 weekend-rota       met      0.9 1.0            0.01 + 0                      = 0.01
    Q2 setup-tickets      missed   0.7 0.6 0.6        0.49 + 0.36 + 0.36            = 1.21
    Q2 guided-setup       success  0.7 0.7            0.09 + 0.09                   = 0.18

26 check-ins, 5.05 in all: Brier 5.05 / 26 = 0.19423 -> 0.194. Missed at: (0.8 + 0.7 + 0.6 +
0.7 + 0.6 + 0.6) / 6 = 0.6667 -> 0.667. aiko owns deflection, helpful-articles,
tickets-per-account, setup-tickets and guided-setup: (0.8625 + 0.5225 + 0.6125 + 1.21 + 0.18)
/ 15 = 3.3875 / 15 = 0.22583 -> 0.226; missed at (0.7 + 0.6 + 0.6) / 3 = 0.633.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import EXAMPLES, okrctl


def test_support_and_aiko_by_hand() -> None:
    result = okrctl("calibration", str(EXAMPLES), "--team", "support", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["teams"] == [
        {"name": "support", "finished": 9, "met": 7, "forecasts": 26, "brier": 0.194,
         "missed_confidence": 0.667},
    ]  # fmt: skip
    assert document["owners"] == [
        {"name": "aiko", "finished": 5, "met": 4, "forecasts": 15, "brier": 0.226,
         "missed_confidence": 0.633},
        {"name": "lin", "finished": 2, "met": 2, "forecasts": 4, "brier": None,
         "missed_confidence": None},
        {"name": "sam", "finished": 2, "met": 1, "forecasts": 7, "brier": None,
         "missed_confidence": None},
    ]  # fmt: skip
    assert document["minimum"] == 5 and document["since"] is None


def test_the_text_report() -> None:
    result = okrctl("calibration", str(EXAMPLES), "--team", "support")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:6] == [
        "Confidence calibration as of 2026-11-29 (support)",
        "",
        "Team     Finished  Met  Forecasts  Brier  Missed at",
        "---------------------------------------------------",
        "support         9    7         26  0.194      0.667",
        "",
    ]
    assert "-: fewer than 5 finished key results with a confidence" in result.stdout


def test_the_markdown_report() -> None:
    result = okrctl("calibration", str(EXAMPLES), "--since", "2026-Q3", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# Confidence calibration as of 2026-11-29 (since 2026-Q3)"
    # From 2026-Q3 on, support has its five Q3 key results: 0.0725 + 0.09 + 0.8625 + 0.5225
    # + 0.6125 = 2.16 over 16 check-ins = 0.135, none missed.
    assert "| support | 5 | 5 | 16 | 0.135 | - |" in lines


def test_as_of_before_q2_ended_counts_nothing() -> None:
    result = okrctl("calibration", str(EXAMPLES), "--as-of", "2026-06-29")
    assert result.returncode == 0, result.stderr
    assert "No finished key result with a confidence" in result.stdout


def test_wrong_options_are_named() -> None:
    since = okrctl("calibration", str(EXAMPLES), "--since", "2025-Q1")
    assert since.returncode == 2
    assert since.stderr.startswith("okrctl: error: --since: no objectives in 2025-Q1")
    team = okrctl("calibration", str(EXAMPLES), "--team", "sales")
    assert team.returncode == 2 and "--team: no objectives or KPIs of team `sales`" in team.stderr
    end = okrctl("calibration", str(EXAMPLES), "--as-of", "end-of-period")
    assert end.returncode == 2 and "--as-of: calibration counts the periods" in end.stderr


def test_the_quarterly_review_shows_retros_and_the_calibration() -> None:
    result = okrctl("review", str(EXAMPLES), "--period", "2026-Q2", "--team", "support")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "retro, worked: Guided setup carried most new accounts through on their own" in text
    # By 2026-06-30 only Q2 has ended: 4 finished key results, too few for a number, so the
    # review has no calibration section.
    assert "calibration" not in text.lower()
    # Q3's review, as of 2026-09-30: Q2 and Q3 have ended, the numbers of the module docstring.
    markdown = okrctl(
        "review", str(EXAMPLES), "--period", "2026-Q3", "--team", "support", "-f", "markdown"
    ).stdout
    assert "- retro, next: Ship search changes in the first month of a quarter" in markdown
    assert "## Confidence calibration as of 2026-09-30 (support)" in markdown
    assert "| support | 9 | 7 | 26 | 0.194 | 0.667 |" in markdown
    assert "| aiko | 5 | 4 | 15 | 0.226 | 0.633 |" in markdown
    assert "| sam | 2 |" not in markdown  # the review lists only those with a number


def test_a_missed_objective_without_a_retro_is_asked_for_one(tmp_path: Path) -> None:
    tree = tmp_path / "examples"
    shutil.copytree(EXAMPLES, tree)
    q2 = tree / "support" / "2026-Q2.yaml"
    text = q2.read_text(encoding="utf-8")
    start = text.index("    retro:\n      worked: Guided setup")
    end = text.index("    key_results:", start)
    q2.write_text(text[:start] + text[end:], encoding="utf-8")
    result = okrctl("review", str(tree), "--period", "2026-Q2", "--team", "support")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("retro: none yet; missed, so worth one") == 1
    document = json.loads(okrctl("review", str(tree), "--period", "2026-Q2", "-f", "json").stdout)
    assert document["retros_wanted"] == ["support/2026-Q2/unassisted-setup"]
    lint = okrctl("lint", str(tree), "--format", "json")
    assert [f["message"] for f in json.loads(lint.stdout)["findings"]] == [
        "objective `support/2026-Q2/unassisted-setup` ended 152 days ago without a retro: write "
        "what worked, what didn't and what comes next (`retro: {worked, didnt, next}`)"
    ]

"""`target: redacted`: a confidential target, scored from `progress` check-ins, never shown."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from okrctl.reports import REVIEW, SCORE
from tests.editing import cli

GOALS = """\
team: growth
period: 2026-Q4
owner: ana

objectives:
  - id: brazil-launch
    title: Brazil becomes our second home market
    type: aspirational
    key_results:
      - id: mau
        title: Reach N0 monthly active users in Brazil
        target: redacted
        unit: MAU
        checkins:
          - {date: 2026-10-15, progress: 0.2}
          - {date: 2026-11-15, progress: 0.45, confidence: 0.7, note: Carnival campaign booked}
      - id: partners
        title: Signed retail partners from 2 to 10
        start: 2
        target: 10
        current: 6
"""


@pytest.fixture
def growth(tmp_path: Path) -> Path:
    (tmp_path / "okrctl.yaml").write_text("people: [ana, ben]\n")
    (tmp_path / "growth").mkdir()
    (tmp_path / "growth/2026-Q4.yaml").write_text(GOALS)
    return tmp_path


def _krs(root: Path) -> dict[str, dict[str, object]]:
    result = cli(root, "score", "--format", "json", ".")
    assert result.exit_code == 0, result.stderr
    objective = json.loads(result.stdout)["objectives"][0]
    return {kr["id"]: kr for kr in objective["key_results"]}


def test_it_scores_from_its_latest_progress(growth: Path) -> None:
    assert cli(growth, "lint", "--strict", ".").exit_code == 0
    krs = _krs(growth)
    # By hand: progress 0.45 (2026-11-15) is the score; the objective is the mean of 0.45 and
    # (6 - 2) / (10 - 2) = 0.5, 0.475.
    mau = krs["mau"]
    assert (mau["kind"], mau["score"], mau["progress"]) == ("redacted", 0.45, 0.45)
    assert (mau["start"], mau["target"], mau["current"]) == (None, None, None)
    assert mau["forecast"] is None and mau["confidence"] == 0.7
    partners = krs["partners"]
    assert (partners["start"], partners["target"], partners["current"]) == (2, 10, 6)
    result = cli(growth, "score", "--as-of", "2026-11-01", "--format", "json", ".")
    assert json.loads(result.stdout)["objectives"][0]["key_results"][0]["score"] == 0.2


@pytest.mark.parametrize(
    ("command", "fmt"),
    [("score", f) for f in SCORE.names] + [("review", f) for f in REVIEW.names],
)
def test_no_format_shows_a_number_of_it(growth: Path, command: str, fmt: str) -> None:
    # A key result whose value, progress and score are digits no other part of the tree has:
    # then any of its numbers in the output would be found.
    (growth / "growth/2026-Q4.yaml").write_text(
        GOALS.replace("progress: 0.45, confidence: 0.7", "progress: 0.837")
    )
    result = cli(growth, command, "--format", fmt, ".")
    assert result.exit_code == 0, result.stderr
    # The progress shows as a share ("83.7% of the way") and the score as 0.837; what is never
    # there is a start, value or target: the JSON has them null, the words say `redacted`.
    if fmt == "json":
        document = json.loads(result.stdout)
        text = json.dumps(document)
        for kr in re.findall(r'\{[^{}]*"kind": "redacted"[^{}]*\}', text):
            found = json.loads(kr)
            assert (found["start"], found["target"], found["current"]) == (None, None, None)
    else:
        # Where a format writes the journey (the weekly review does not), it says `redacted`.
        for line in re.split(r"\n|<tr", result.stdout):
            if "Reach N0" in line or "redacted" in line:
                assert "->" not in line and "-&gt;" not in line, line
        if command == "score" or fmt == "html":
            assert "redacted (83.7% of the way)" in result.stdout


@pytest.mark.parametrize(
    ("checkin", "message"),
    [
        (
            "{date: 2026-10-15, value: 120000}",
            "growth/2026-Q4.yaml:15:39: error: `checkins[0].value`: a key result with `target: "
            "redacted` is checked in with `progress` (0 to 1), not a `value`: values would tell "
            "the confidential target [OK005 invalid-value]",
        ),
        (
            "{date: 2026-10-15, progress: 20}",
            "growth/2026-Q4.yaml:15:42: error: `checkins[0].progress`: progress is the share of "
            "the way from start to target, between 0 and 1, got 20 (write 0.4 for 40%) "
            "[OK005 invalid-value]",
        ),
    ],
)
def test_values_and_progress_beyond_0_to_1_are_errors(
    growth: Path, checkin: str, message: str
) -> None:
    (growth / "growth/2026-Q4.yaml").write_text(
        GOALS.replace("{date: 2026-10-15, progress: 0.2}", checkin)
    )
    result = cli(growth, "lint", ".")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == message


def test_a_value_is_not_checked_in_but_a_self_score_is(growth: Path) -> None:
    ref = "growth/2026-Q4/brazil-launch/mau"
    refused = cli(growth, "checkin", ref, "0.5", "--tree", ".")
    assert refused.exit_code == 2
    assert "has a redacted target" in refused.stderr
    graded = cli(growth, "checkin", ref, "--score", "0.5", "--date", "2026-11-20", "--tree", ".")
    assert graded.exit_code == 0, graded.stderr
    assert "- {date: 2026-11-20, score: 0.5}" in (growth / "growth/2026-Q4.yaml").read_text()
    assert _krs(growth)["mau"]["score"] == 0.5


def test_the_schema_describes_it() -> None:
    from okrctl.model.schema import json_schema

    defs = json_schema("goal")["$defs"]
    target = defs["RedactedKeyResult"]["properties"]["target"]
    assert target["const"] == "redacted" and "confidential" in target["description"]
    progress = defs["ProgressCheckin"]["properties"]["progress"]
    assert "0 to 1" in progress["description"]
    assert "value" not in defs["ProgressCheckin"]["properties"]  # rejected, as lint does


def test_diff_reports_progress_check_ins(growth: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=growth, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("-c", "user.email=a@b.c", "-c", "user.name=a", "commit", "-qm", "goals")
    (growth / "growth/2026-Q4.yaml").write_text(
        GOALS.replace(
            "Carnival campaign booked}\n",
            "Carnival campaign booked}\n          - {date: 2026-11-25, progress: 0.6}\n",
        )
    )
    result = cli(growth, "diff", "main", ".")
    assert result.exit_code == 0, result.stderr
    assert "    check-in added: 2026-11-25, progress 0.6\n" in result.stdout
    document = json.loads(cli(growth, "diff", "main", "--format", "json", ".").stdout)
    (change,) = document["changes"]
    assert change["new"] == {
        "date": "2026-11-25",
        "value": None,
        "confidence": None,
        "note": None,
        "progress": 0.6,
    }

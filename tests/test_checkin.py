"""`okrctl checkin`: one check-in appended where it belongs, every other byte as it was."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from okrctl.commands import checkin
from okrctl.errors import UsageError
from okrctl.terminal import Terminal
from tests.conftest import okrctl
from tests.editing import TODAY, cli, copy_examples, insert_after, run_on, snapshot

CHECKOUT = "growth/2026-Q4/paid-plan-default/checkout-completion"
LAST_CHECKOUT = (
    "          - {date: 2026-11-17, value: 72.5, confidence: 0.55, note: 3-D Secure step "
    "loses EU cards}\n"
)


def test_appends_a_check_in_and_changes_nothing_else(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    before = (root / "growth/2026-Q4.yaml").read_text()
    result = okrctl(
        "checkin",
        CHECKOUT,
        "74",
        "--date",
        "2026-11-20",
        "--confidence",
        "0.6",
        "--note",
        "EU cards fixed, 3-D Secure retried",
        cwd=root,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "growth/2026-Q4.yaml: checked in growth/2026-Q4/paid-plan-default/checkout-completion "
        "at 74% on 2026-11-20, confidence 0.6\n"
    )
    expected = insert_after(
        before,
        LAST_CHECKOUT,
        '          - {date: 2026-11-20, value: 74, confidence: 0.6, note: "EU cards fixed, '
        '3-D Secure retried"}\n',
    )
    assert (root / "growth/2026-Q4.yaml").read_text() == expected
    assert okrctl("lint", "--strict", ".", cwd=root).returncode == 0
    score = okrctl(
        "score", ".", "--team", "growth", "--as-of", "2026-11-21", "--format", "json", cwd=root
    )
    krs = {kr["ref"]: kr for o in json.loads(score.stdout)["objectives"] for kr in o["key_results"]}
    assert krs[CHECKOUT]["current"] == 74


def test_the_period_may_be_left_out_when_one_period_contains_today(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    out = io.StringIO()
    run_on(
        TODAY,
        checkin.run,
        checkin.Options("growth/paid-plan-default/checkout-completion", "73", tree=root),
        Terminal(out, io.StringIO()),
    )
    assert "checked in growth/2026-Q4/paid-plan-default/checkout-completion at 73%" in (
        out.getvalue()
    )
    assert "- {date: 2026-11-22, value: 73}\n" in (root / "growth/2026-Q4.yaml").read_text()


def test_a_key_result_by_position(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    out = io.StringIO()
    run_on(
        TODAY,
        checkin.run,
        checkin.Options("growth/2026-Q4/paid-plan-default/2", "73", tree=root),
        Terminal(out, io.StringIO()),
    )
    assert "paid-plan-default/checkout-completion at 73%" in out.getvalue()


def test_a_milestone_takes_done(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    result = cli(
        root,
        "checkin",
        "support/2026-Q3/tame-escalations/tier2-coverage",
        "done",
        "--date",
        "2026-09-30",
    )
    assert result.exit_code == 0, result.stderr
    text = (root / "support/2026-Q3.yaml").read_text()
    assert "note: Sydney hire started}\n          - {date: 2026-09-30, value: true}\n" in text


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    files = snapshot(root)
    result = cli(root, "checkin", CHECKOUT, "74", "--date", "2026-11-20", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "--- a/growth/2026-Q4.yaml\n"
        "+++ b/growth/2026-Q4.yaml\n"
        "@@ -27,6 +27,7 @@\n"
        "           - {date: 2026-10-20, value: 69, confidence: 0.65}\n"
        "           - {date: 2026-11-03, value: 71, confidence: 0.6}\n"
        "           - {date: 2026-11-17, value: 72.5, confidence: 0.55, note: 3-D Secure step "
        "loses EU cards}\n"
        "+          - {date: 2026-11-20, value: 74}\n"
        "       - id: annual-billing\n"
        "         title: New paid accounts choosing annual billing from 25% to 40%\n"
        "         start: 25\n"
    )
    assert snapshot(root) == files


GOAL = """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
      - id: first-response
        title: First-response time down to 25 minutes
        start: 52
        target: 25
        unit: min
        current: 44        # from the October dashboard
        weight: 2
      - id: help-centre
        title: Help-centre article for every top-20 ticket reason
        done: false
      - id: csat
        title: CSAT reaches 4.6
        kpi: support/csat
        target: 4.6
"""
KPIS = """\
team: support
kpis:
  - id: csat
    title: Customer satisfaction
    owner: lin
    cadence: monthly
    band: {min: 4.2}
"""


@pytest.fixture
def support(tmp_path: Path) -> Path:
    (tmp_path / "support.yaml").write_text(GOAL)
    (tmp_path / "kpis.yaml").write_text(KPIS)
    return tmp_path


REJECTIONS = [
    (
        ["support/2026-Q4/faster-replies/first-response", "done", "--convert"],
        "support/2026-Q4/faster-replies/first-response is numeric (from 52 to 25 min): VALUE is "
        "a number, got `done`",
    ),
    (
        ["support/2026-Q4/faster-replies/first-response", "36 min", "--convert"],
        "VALUE: `36 min` is not a number: write the number alone; the unit belongs in the key "
        "result's or KPI's `unit`",
    ),
    (
        ["support/2026-Q4/faster-replies/first-response", "36,5"],
        "VALUE: `36,5` is not a number: write 36.5 (a decimal point, not a comma)",
    ),
    (
        ["support/2026-Q4/faster-replies/first-response", "36", "--confidence", "0,7"],
        "--confidence: `0,7` is not a number: write 0.7 (a decimal point, not a comma)",
    ),
    (
        ["support/2026-Q4/faster-replies/help-centre", "12", "--convert"],
        "support/2026-Q4/faster-replies/help-centre is a milestone: VALUE is done or not-done, "
        "got `12`",
    ),
    (
        ["support/2026-Q4/faster-replies/csat", "4.5"],
        "support/2026-Q4/faster-replies/csat is KPI-linked: its value is support/csat's latest "
        "measurement; record one with `okrctl kpi record support/csat VALUE`",
    ),
    (
        ["support/2026-Q4/faster-replies/first-response", "36", "--date", "2026-09-30"],
        "--date 2026-09-30 is outside the period 2026-Q4 of "
        "support/2026-Q4/faster-replies/first-response (2026-10-01 to 2026-12-31)",
    ),
    (
        ["support/2026-Q4/faster-replies/first-response", "36", "--confidence", "1.5"],
        "--confidence is between 0 and 1, got 1.5 (write 0.7 for 70%)",
    ),
    (
        ["support/2026-Q4/faster-replies/first-response", "36", "--confidence", "70"],
        "--confidence is between 0 and 1, got 70 (write 0.7 for 70%)",
    ),
    (
        ["support/2026-Q4/faster-replies/first-response", "36", "--date", "2026-11-31"],
        "--date: `2026-11-31` is not a real date: day is out of range for month",
    ),
    (
        ["support/2026-Q4/faster-replies/first-response", "36", "--date", "2999-01-01"],
        "--date: 2999-01-01 is after today",
    ),
    (
        ["support/2026-Q4/faster-replies/first-response", "36"],
        "support/2026-Q4/faster-replies/first-response holds its value as `current: 44`; pass "
        "--convert to turn it into a first check-in dated 2026-10-01 (the period's start), so "
        "no history is invented silently",
    ),
    (
        ["support/2026-Q4/faster-replys/first-response", "36"],
        "no objective `faster-replys` in support/2026-Q4 (did you mean `faster-replies`?) "
        "(objectives: faster-replies)",
    ),
    (
        ["support/2026-Q4/faster-replies/4", "36"],
        "objective support/2026-Q4/faster-replies has no key result `4` (its key results: "
        "first-response, help-centre, csat)",
    ),
    (
        ["support/2026-Q3/faster-replies/1", "36"],
        "team `support` has no objectives for 2026-Q3 (did you mean `2026-Q4`?) (it has 2026-Q4)",
    ),
    (["support/faster-replies", "36"], "`support/faster-replies` is not a key-result reference"),
    (
        ["support/2026-Q4/faster-replies/first-response", "36", "--note", "two\nlines"],
        "--note is one line of plain text, without line breaks or tabs",
    ),
]


@pytest.mark.parametrize(("args", "message"), REJECTIONS)
def test_every_rejection_leaves_the_file_identical(
    support: Path, args: list[str], message: str
) -> None:
    files = snapshot(support)
    result = cli(support, "checkin", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"okrctl: error: {message}")
    assert result.stderr.count("\n") == 1
    assert snapshot(support) == files


def test_convert_turns_current_into_a_first_check_in(support: Path) -> None:
    result = cli(
        support,
        "checkin",
        "support/2026-Q4/faster-replies/first-response",
        "36",
        "--date",
        "2026-11-12",
        "--convert",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "support.yaml: checked in support/2026-Q4/faster-replies/first-response at 36 min on "
        "2026-11-12; `current: 44` is now a check-in dated 2026-10-01\n"
    )
    assert (support / "support.yaml").read_text() == GOAL.replace(
        "        current: 44        # from the October dashboard\n",
        "        checkins:        # from the October dashboard\n"
        "          - {date: 2026-10-01, value: 44}\n"
        "          - {date: 2026-11-12, value: 36}\n",
    )


def test_convert_done_of_a_milestone(support: Path) -> None:
    result = cli(
        support,
        "checkin",
        "support/2026-Q4/faster-replies/help-centre",
        "done",
        "--date",
        "2026-11-12",
        "--convert",
    )
    assert result.exit_code == 0, result.stderr
    assert (support / "support.yaml").read_text() == GOAL.replace(
        "        done: false\n",
        "        checkins:\n"
        "          - {date: 2026-10-01, value: false}\n"
        "          - {date: 2026-11-12, value: true}\n",
    )


@pytest.mark.parametrize("answer", [True, False])
def test_on_a_terminal_the_conversion_is_asked(support: Path, answer: bool) -> None:
    questions: list[str] = []

    def confirm(question: str) -> bool:
        questions.append(question)
        return answer

    files = snapshot(support)
    run = lambda: run_on(  # noqa: E731
        TODAY,
        checkin.run,
        checkin.Options("support/2026-Q4/faster-replies/first-response", "36", tree=support),
        Terminal(io.StringIO(), io.StringIO(), confirm=confirm),
    )
    if answer:
        run()
        assert "- {date: 2026-10-01, value: 44}" in (support / "support.yaml").read_text()
    else:
        with pytest.raises(UsageError, match="not converted; nothing was written"):
            run()
        assert snapshot(support) == files
    assert questions == [
        "support/2026-Q4/faster-replies/first-response holds its value as `current: 44`. "
        "Convert it into a first check-in dated 2026-10-01 (the period's start)?"
    ]


def test_the_checkins_list_is_created_like_the_files_other_lists(tmp_path: Path) -> None:
    text = GOAL.replace("        current: 44        # from the October dashboard\n", "").replace(
        "        done: false\n",
        "        checkins:\n        - date: 2026-10-20\n          value: false\n",
    )
    (tmp_path / "support.yaml").write_text(text)
    (tmp_path / "kpis.yaml").write_text(KPIS)
    result = cli(
        tmp_path,
        "checkin",
        "support/2026-Q4/faster-replies/first-response",
        "36",
        "--date",
        "2026-11-12",
        "--note",
        "triage rota: live",
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "support.yaml").read_text() == text.replace(
        "        weight: 2\n",
        "        weight: 2\n"
        "        checkins:\n"
        "        - date: 2026-11-12\n"
        "          value: 36\n"
        '          note: "triage rota: live"\n',
    )


FLOW = """\
team: platform
period: 2026-Q4
owner: omar
objectives:
- id: reliable
  title: Deploys nobody is afraid of
  type: aspirational
  key_results:
  - {title: Change failure rate from 18% to 8%, start: 18, target: 8,
     checkins: [{date: 2026-10-10, value: 15}]}
  - {title: "Rollback in under 5 minutes", start: 30, target: 5}
"""


def test_flow_style_lists_and_mappings_stay_flow(tmp_path: Path) -> None:
    (tmp_path / "platform.yaml").write_text(FLOW)
    assert cli(tmp_path, "checkin", "platform/2026-Q4/reliable/1", "12", "--date", "2026-11-01")
    assert cli(tmp_path, "checkin", "platform/2026-Q4/reliable/2", "21", "--date", "2026-11-01")
    assert (tmp_path / "platform.yaml").read_text() == FLOW.replace(
        "checkins: [{date: 2026-10-10, value: 15}]",
        "checkins: [{date: 2026-10-10, value: 15}, {date: 2026-11-01, value: 12}]",
    ).replace(
        "start: 30, target: 5}",
        "start: 30, target: 5, checkins: [{date: 2026-11-01, value: 21}]}",
    )


def test_crlf_line_endings_and_a_bom_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "support.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOAL.replace("\n", "\r\n").encode())
    (tmp_path / "kpis.yaml").write_text(KPIS)
    result = cli(
        tmp_path,
        "checkin",
        "support/2026-Q4/faster-replies/first-response",
        "36",
        "--date",
        "2026-11-12",
        "--convert",
    )
    assert result.exit_code == 0, result.stderr
    expected = GOAL.replace(
        "        current: 44        # from the October dashboard\n",
        "        checkins:        # from the October dashboard\n"
        "          - {date: 2026-10-01, value: 44}\n"
        "          - {date: 2026-11-12, value: 36}\n",
    )
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode()


def test_a_file_without_a_final_line_break_keeps_none(tmp_path: Path) -> None:
    text = FLOW.replace('  - {title: "Rollback in under 5 minutes", start: 30, target: 5}\n', "")
    text = text.replace(
        "  - {title: Change failure rate from 18% to 8%, start: 18, target: 8,\n"
        "     checkins: [{date: 2026-10-10, value: 15}]}\n",
        "  - title: Change failure rate from 18% to 8%\n"
        "    start: 18\n"
        "    target: 8\n"
        "    checkins:\n"
        "    - {date: 2026-10-10, value: 15}",
    )
    (tmp_path / "platform.yaml").write_text(text)
    assert cli(tmp_path, "checkin", "platform/2026-Q4/reliable/1", "12", "--date", "2026-11-01")
    assert (tmp_path / "platform.yaml").read_text() == text + (
        "\n    - {date: 2026-11-01, value: 12}"
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("        checkins:\n", "        checkins:\n          - {date: 2026-11-12, value: 36}\n"),
        (
            "        checkins: ~  # none yet\n",
            "        checkins:  # none yet\n          - {date: 2026-11-12, value: 36}\n",
        ),
        ("        checkins: []\n", "        checkins: [{date: 2026-11-12, value: 36}]\n"),
    ],
)
def test_an_empty_checkins_list_is_filled(tmp_path: Path, written: str, expected: str) -> None:
    text = GOAL.replace("        current: 44        # from the October dashboard\n", written)
    (tmp_path / "support.yaml").write_text(text)
    (tmp_path / "kpis.yaml").write_text(KPIS)
    ref = "support/2026-Q4/faster-replies/first-response"
    result = cli(tmp_path, "checkin", ref, "36", "--date", "2026-11-12")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "support.yaml").read_text() == text.replace(written, expected)


def test_a_second_check_in_on_a_date_needs_replace(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    files = snapshot(root)
    refused = cli(root, "checkin", CHECKOUT, "74", "--date", "2026-11-17")
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        f"okrctl: error: {CHECKOUT} already has a check-in on 2026-11-17 (72.5%); pass "
        "--replace to replace it\n"
    )
    assert snapshot(root) == files
    before = (root / "growth/2026-Q4.yaml").read_text()
    replaced = cli(
        root, "checkin", CHECKOUT, "74", "--date", "2026-11-17", "--confidence", "0.6", "--replace"
    )
    assert replaced.exit_code == 0, replaced.stderr
    assert replaced.stdout == (
        f"growth/2026-Q4.yaml: replaced {CHECKOUT} on 2026-11-17: 72.5% -> 74%, confidence 0.6\n"
    )
    # The check-in is replaced whole: its note goes with it, as `kpi record --replace` does.
    assert (root / "growth/2026-Q4.yaml").read_text() == before.replace(
        LAST_CHECKOUT, "          - {date: 2026-11-17, value: 74, confidence: 0.6}\n"
    )


def test_replace_without_a_check_in_on_that_date_adds_one(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    before = (root / "growth/2026-Q4.yaml").read_text()
    result = cli(root, "checkin", CHECKOUT, "74", "--date", "2026-11-20", "--replace")
    assert result.exit_code == 0, result.stderr
    assert (root / "growth/2026-Q4.yaml").read_text() == insert_after(
        before, LAST_CHECKOUT, "          - {date: 2026-11-20, value: 74}\n"
    )


def test_two_check_ins_on_a_date_are_left_to_a_human(support: Path) -> None:
    text = GOAL.replace(
        "        current: 44        # from the October dashboard\n",
        "        checkins:\n"
        "          - {date: 2026-11-02, value: 44}\n"
        "          - {date: 2026-11-02, value: 43}\n",
    )
    (support / "support.yaml").write_text(text)
    files = snapshot(support)
    ref = "support/2026-Q4/faster-replies/first-response"
    result = cli(support, "checkin", ref, "40", "--date", "2026-11-02", "--replace")
    assert result.exit_code == 2
    assert result.stderr == (
        f"okrctl: error: {ref} has 2 check-ins on 2026-11-02; remove all but one by hand first\n"
    )
    assert snapshot(support) == files


def test_converting_current_on_the_periods_first_day_needs_replace(support: Path) -> None:
    ref = "support/2026-Q4/faster-replies/first-response"
    files = snapshot(support)
    refused = cli(support, "checkin", ref, "40", "--date", "2026-10-01", "--convert")
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"okrctl: error: {ref}'s `current: 44` would become a check-in on 2026-10-01, the date "
        "of this one; pass --replace to replace it\n"
    )
    assert snapshot(support) == files
    replaced = cli(support, "checkin", ref, "40", "--date", "2026-10-01", "--convert", "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    assert replaced.stdout == (
        f"support.yaml: checked in {ref} at 40 min on 2026-10-01; it replaces `current: 44`\n"
    )
    assert (support / "support.yaml").read_text() == GOAL.replace(
        "        current: 44        # from the October dashboard\n",
        "        checkins:        # from the October dashboard\n"
        "          - {date: 2026-10-01, value: 40}\n",
    )


@pytest.mark.parametrize(
    "ref", ["support/faster-replies/first-response", "support/2026-Q4/faster-replies/1"]
)
def test_an_objective_with_errors_is_named_as_such_not_as_a_missing_team(
    support: Path, ref: str
) -> None:
    # The team's only objective lost its `type`: it fails validation, so no index holds it,
    # but the user wrote it; "no team `support` (did you mean `support`?)" would mislead.
    text = (support / "support.yaml").read_text()
    (support / "support.yaml").write_text(text.replace("    type: committed\n", "", 1))
    files = snapshot(support)
    result = cli(support, "checkin", ref, "36")
    assert (result.exit_code, result.stderr) == (
        2,
        "okrctl: error: objective `faster-replies` of team `support` has errors; fix them "
        "first (okrctl lint shows them)\n",
    )
    assert snapshot(support) == files

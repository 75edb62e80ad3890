"""Issue 16, items 2 and 7: dropped key results and self-graded scores, end to end.

Scores are worked out by hand in each test. The day is 2026-11-29 (the autouse fixture);
2026-Q4 runs from 2026-10-01 to 2026-12-31 (92 days).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import GoalTree
from tests.editing import cli

# An objective of three key results (line numbers matter for the lint tests below):
#   first-response: 52 -> 36 -> 25 min, progress (36 - 52) / (25 - 52) = 16/27 = 0.593
#   conversion:     12 -> 15 -> 18 %,   progress 3/6 = 0.5
#   help-centre:    not done,           0.0
THREE = """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed
    key_results:
      - id: first-response
        title: Median first-response time down from 52 to 25 minutes
        start: 52
        target: 25
        unit: min
        checkins:
          - {date: 2026-11-12, value: 36}
      - id: conversion
        title: Trial-to-paid conversion up from 12% to 18%
        start: 12
        target: 18
        unit: "%"
        current: 15
      - id: help-centre
        title: Help-centre article for every top-20 ticket reason
        done: false
"""

REF = "support/2026-Q4/faster-replies"
DROP_HELP = """        done: false
        status: dropped
        reason: The help-centre vendor was replaced; articles move to Q1
        date: 2026-11-20
"""


def scores(root: Path, *args: str) -> dict[str, Any]:
    result = cli(root, "score", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {kr["id"]: kr for o in document["objectives"] for kr in o["key_results"]}


# Dropped key results ---------------------------------------------------------------------


def test_without_a_drop_all_three_count(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", THREE)
    objective = scores(goals.root)["objectives"][0]
    # (16/27 + 1/2 + 0) / 3 = 59/162 = 0.36419...
    assert objective["score"] == 0.364
    assert [kr["status"] for kr in objective["key_results"]] == [
        "on-track",
        "at-risk",
        "off-track",
    ]


def test_a_dropped_key_result_in_an_objective_of_three_is_left_out(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", THREE.replace("        done: false\n", DROP_HELP))
    document = scores(goals.root)
    objective = document["objectives"][0]
    # Its weight is removed: (16/27 + 1/2) / 2 = 59/108 = 0.54629... -> 0.546
    assert objective["score"] == 0.546
    assert objective["grade"] == "yellow"
    # 59 of 92 days gone: expected 0.641, on track from 0.641 - 0.1 = 0.541 (the three
    # together, 0.364, are off-track)
    assert objective["status"] == "on-track"
    help_centre = by_id(document)["help-centre"]
    assert help_centre["status"] == "dropped"
    assert help_centre["reason"] == "The help-centre vendor was replaced; articles move to Q1"
    assert help_centre["dropped_on"] == "2026-11-20"
    assert (help_centre["score"], help_centre["weight"]) == (0.0, 1)  # for the record
    assert "reason" not in by_id(document)["conversion"]  # only a dropped one has them
    assert document["teams"][0]["score"] == 0.546


def test_a_key_result_counts_until_the_day_it_was_dropped(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", THREE.replace("        done: false\n", DROP_HELP))
    before = scores(goals.root, "--as-of", "2026-11-19")
    assert by_id(before)["help-centre"]["status"] == "off-track"
    assert "reason" not in by_id(before)["help-centre"]
    # 2026-11-19: first-response 16/27, conversion 1/2, help-centre 0: 59/162 -> 0.364
    assert before["objectives"][0]["score"] == 0.364


def test_an_objective_whose_key_results_are_all_dropped_has_no_score(goals: GoalTree) -> None:
    text = THREE.replace(
        "        checkins:\n",
        "        status: dropped\n        reason: Measured by the new vendor now\n"
        "        checkins:\n",
    )
    text = text.replace(
        "        current: 15\n", "        current: 15\n        status: dropped\n        reason: x\n"
    )
    text = text.replace("        done: false\n", DROP_HELP)
    other = """\
  - id: fewer-escalations
    title: Fewer tickets need an engineer
    type: aspirational
    key_results:
      - title: Escalations down from 20% to 10%
        start: 20
        target: 10
        current: 14
"""
    goals.write("support/2026-Q4.yaml", text + other)
    document = scores(goals.root)
    dropped, kept = document["objectives"]
    assert (dropped["score"], dropped["grade"], dropped["status"]) == (None, None, "dropped")
    # The team mean leaves it out: the other objective alone, (14 - 20) / (10 - 20) = 0.6.
    assert kept["score"] == 0.6
    assert (document["teams"][0]["score"], document["teams"][0]["grade"]) == (0.6, "yellow")
    text_output = cli(goals.root, "score").stdout
    assert "no score" in text_output
    assert "(dropped: x)" in text_output


def test_the_only_objective_all_dropped_gives_the_team_no_score(goals: GoalTree) -> None:
    text = THREE.replace("      - id: conversion", "      - id: conversion-x").split(
        "      - id: conversion-x"
    )[0]
    text = text.replace(
        "        checkins:\n", "        status: dropped\n        reason: gone\n        checkins:\n"
    )
    goals.write("support/2026-Q4.yaml", text)
    document = scores(goals.root)
    assert document["teams"][0]["score"] is None
    assert document["teams"][0]["grade"] is None
    out = cli(goals.root, "score").stdout
    assert out.startswith("support · 2026-Q4  no score  (as of 2026-11-29")
    markdown = cli(goals.root, "score", "--format", "markdown").stdout
    assert "## support · 2026-Q4: no score\n" in markdown
    assert "~~Median first-response time down from 52 to 25 minutes~~ (dropped: gone)" in markdown


def test_no_data_is_judged_on_the_key_results_left_after_a_drop(goals: GoalTree) -> None:
    # first-response (with a value) dropped; conversion has no value yet; help-centre
    # dropped too: what is left has no data, so the objective is `no-data` (null in JSON), not
    # 0.5 or 0.0, and the team, with nothing else, has no data either.
    text = THREE.replace(
        "        checkins:\n", "        status: dropped\n        reason: gone\n        checkins:\n"
    )
    text = text.replace("        current: 15\n", "").replace("        done: false\n", DROP_HELP)
    goals.write("support/2026-Q4.yaml", text)
    document = scores(goals.root)
    objective = document["objectives"][0]
    assert (objective["score"], objective["grade"], objective["status"]) == (
        None,
        None,
        "no-data",
    )
    assert document["teams"][0]["score"] is None
    assert cli(goals.root, "score").stdout.startswith("support · 2026-Q4  score no data")
    # A self score is something to judge: the objective has a score again, 0.4 alone.
    text = text.replace(
        '        unit: "%"\n',
        '        unit: "%"\n        checkins:\n          - {date: 2026-11-20, score: 0.4}\n',
    )
    goals.write("support/2026-Q4.yaml", text)
    objective = scores(goals.root)["objectives"][0]
    assert (objective["score"], objective["status"]) == (0.4, "at-risk")


def test_reviews_strike_a_dropped_key_result_and_give_its_reason(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", THREE.replace("        done: false\n", DROP_HELP))
    reason = "The help-centre vendor was replaced; articles move to Q1"
    args = ("review", "--period", "2026-Q4")
    text = cli(goals.root, *args).stdout
    # Named by its id within the objective, as the table names it.
    # (wrapped under itself: compared word by word)
    assert f"key result help-centre dropped on 2026-11-20: {reason} (left out" in " ".join(
        text.split()
    )
    markdown = cli(goals.root, *args, "--format", "markdown").stdout
    assert (
        "| ~~Help-centre article for every top-20 ticket reason~~ "
        f"(dropped on 2026-11-20: {reason}) |" in markdown
    )
    html = cli(goals.root, *args, "--format", "html").stdout
    assert "<s>Help-centre article for every top-20 ticket reason</s>" in html
    document = json.loads(cli(goals.root, *args, "--format", "json").stdout)
    krs = {
        kr["id"]: kr for t in document["teams"] for o in t["objectives"] for kr in o["key_results"]
    }
    assert (krs["help-centre"]["status"], krs["help-centre"]["reason"]) == ("dropped", reason)


# Self-graded scores ----------------------------------------------------------------------


def test_a_self_score_overrides_the_computed_one_from_its_day_on(goals: GoalTree) -> None:
    text = THREE.replace(
        "          - {date: 2026-11-12, value: 36}\n",
        "          - {date: 2026-11-12, value: 36}\n          - {date: 2026-11-20, score: 0.3}\n",
    )
    goals.write("support/2026-Q4.yaml", text)
    after = scores(goals.root)
    kr = by_id(after)["first-response"]
    # The values give 16/27 = 0.593; the self score is the score: 0.3.
    assert (kr["score"], kr["score_source"], kr["progress"], kr["current"]) == (
        0.3,
        "self",
        0.593,
        36,
    )
    # A computed score has no `score_source`: files without self scores read as before.
    assert "score_source" not in by_id(after)["conversion"]
    # (0.3 + 0.5 + 0) / 3 = 0.26666... -> 0.267
    assert after["objectives"][0]["score"] == 0.267
    before = scores(goals.root, "--as-of", "2026-11-19")
    assert by_id(before)["first-response"]["score"] == 0.593
    assert "score_source" not in by_id(before)["first-response"]
    assert "0.300 red (self)" in cli(goals.root, "score").stdout


def test_a_milestone_gets_partial_credit_and_a_kpi_linked_one_a_self_score(
    goals: GoalTree,
) -> None:
    text = THREE.replace(
        "        done: false\n",
        "        checkins:\n          - {date: 2026-11-13, value: false}\n"
        "          - {date: 2026-11-20, score: 0.5, note: Half the articles written}\n",
    )
    text += """\
      - id: csat
        title: CSAT rises to 4.6
        kpi: support/csat
        target: 4.6
        checkins:
          - {date: 2026-11-14, score: 0.25}
"""
    goals.write("support/2026-Q4.yaml", text)
    goals.write(
        "support/kpis.yaml",
        "team: support\nkpis:\n  - id: csat\n    title: CSAT\n    owner: lin\n"
        "    cadence: monthly\n    band: {min: 3.8}\n    measurements:\n"
        "      - {date: 2026-09-30, value: 4.1}\n      - {date: 2026-11-01, value: 4.5}\n",
    )
    krs = by_id(scores(goals.root))
    assert (krs["help-centre"]["score"], krs["help-centre"]["score_source"]) == (0.5, "self")
    assert krs["help-centre"]["note"] == "Half the articles written"
    assert (krs["csat"]["score"], krs["csat"]["score_source"]) == (0.25, "self")
    assert krs["csat"]["progress"] == 0.8  # (4.5 - 4.1) / (4.6 - 4.1)
    lint = goals.lint()
    # csat: 0.25 against 0.8 (0.55 apart) disagrees; help-centre: 0.5 against 0 (0.5) too.
    assert lint.of("self-score-disagrees") == [
        ("support/2026-Q4.yaml", 26, 39, "self-score-disagrees"),
        ("support/2026-Q4.yaml", 32, 39, "self-score-disagrees"),
    ]
    assert lint.messages("self-score-disagrees")[1] == (
        "self score 0.25 on 2026-11-14 is more than 0.3 from the 0.8 its values give: say why "
        "in the check-in's note, or check the values"
    )


# Editing ---------------------------------------------------------------------------------


def test_checkin_score_writes_a_self_graded_check_in(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", THREE)
    result = cli(goals.root, "checkin", f"{REF}/first-response", "--score", "0.4")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"support/2026-Q4.yaml: self-scored {REF}/first-response at 0.4 on 2026-11-29\n"
    )
    assert (
        "          - {date: 2026-11-29, score: 0.4}\n"
        in (goals.root / "support/2026-Q4.yaml").read_text()
    )
    args = ("checkin", f"{REF}/first-response", "34", "--score", "0.5")
    # A second check-in on that date is refused, naming what the first one says...
    again = cli(goals.root, *args)
    assert again.exit_code != 0
    assert "already has a check-in on 2026-11-29 (self score 0.4); pass --replace" in again.stderr
    # ...and replaces it with --replace.
    both = cli(goals.root, *args, "--replace")
    assert both.exit_code == 0, both.stderr
    assert both.stdout == (
        f"support/2026-Q4.yaml: replaced {REF}/first-response on 2026-11-29: "
        "self score 0.4 -> 34 min\n"
    )
    assert (
        "          - {date: 2026-11-29, value: 34, score: 0.5}\n"
        in (goals.root / "support/2026-Q4.yaml").read_text()
    )
    assert by_id(scores(goals.root))["first-response"]["score"] == 0.5


def test_checkin_refuses_a_score_outside_0_to_1_or_nothing_to_record(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", THREE)
    before = (goals.root / "support/2026-Q4.yaml").read_bytes()
    cases = {
        ("--score", "1.5"): "--score is between 0 and 1, got 1.5 (write 0.4 for 40%)",
        ("--score", "0.4567"): "--score has at most three decimals, got 0.4567",
        (): "give a VALUE, a self-graded --score, or both (or --drop --reason)",
        ("--drop",): "--drop needs --reason: say why the key result is dropped",
        ("--reason", "x"): "--reason goes with --drop (a check-in's words go in --note)",
        ("--drop", "--reason", "x", "--score", "0.2"): (
            "--drop records no check-in: leave out --score (--reason says why)"
        ),
    }
    for args, message in cases.items():
        result = cli(goals.root, "checkin", f"{REF}/first-response", *args)
        assert (result.exit_code, result.stderr) == (2, f"okrctl: error: {message}\n"), args
    assert (goals.root / "support/2026-Q4.yaml").read_bytes() == before


def test_checkin_drop_writes_status_reason_and_date(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", THREE)
    result = cli(
        goals.root, "checkin", f"{REF}/conversion", "--drop", "--reason", "Pricing page paused"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"support/2026-Q4.yaml: dropped {REF}/conversion on 2026-11-29: Pricing page paused "
        "(left out of its objective's score from that day)\n"
    )
    text = (goals.root / "support/2026-Q4.yaml").read_text()
    assert text == THREE.replace(
        "        current: 15\n",
        "        current: 15\n        status: dropped\n        reason: Pricing page paused\n"
        "        date: 2026-11-29\n",
    )
    assert goals.lint().findings == []
    # (16/27 + 0) / 2 = 8/27 = 0.2963 -> 0.296
    assert scores(goals.root)["objectives"][0]["score"] == 0.296
    again = cli(goals.root, "checkin", f"{REF}/conversion", "--drop", "--reason", "y")
    assert again.exit_code == 2
    assert again.stderr == (
        f"okrctl: error: {REF}/conversion was dropped already on 2026-11-29: Pricing page paused\n"
    )


# Lint ------------------------------------------------------------------------------------


def test_lint_checks_the_new_fields(goals: GoalTree) -> None:
    text = THREE.replace("        done: false\n", "        done: false\n        status: dropped\n")
    text = text.replace(
        "        current: 15\n", "        current: 15\n        reason: Pricing page paused\n"
    )
    text = text.replace(
        "          - {date: 2026-11-12, value: 36}\n",
        "          - {date: 2026-11-12, value: 36}\n"
        "          - {date: 2026-11-13}\n"
        "          - {date: 2026-11-14, score: 1.2}\n",
    )
    goals.write("support/2026-Q4.yaml", text)
    result = goals.lint()
    assert result.findings == [
        ("support/2026-Q4.yaml", 16, 13, "missing-field"),
        ("support/2026-Q4.yaml", 17, 39, "invalid-value"),
        ("support/2026-Q4.yaml", 24, 17, "invalid-value"),
        ("support/2026-Q4.yaml", 25, 9, "missing-field"),
    ]
    assert result.messages("missing-field") == [
        "numeric key result `checkins[1]` is missing `value` (or a self-graded `score`)",
        "binary key result is missing `reason` (why it was dropped, in a sentence)",
    ]
    assert result.messages("invalid-value") == [
        "`checkins[2].score`: a score is between 0 and 1, got 1.2 (write 0.4 for 40%)",
        "`reason`: only a dropped key result has one: add `status: dropped`, or remove it",
    ]


def test_checkin_drop_writes_into_a_flow_mapping_and_quotes_what_needs_it(
    goals: GoalTree,
) -> None:
    goals.write(
        "support/2026-Q4.yaml",
        THREE.replace(
            "        done: false\n",
            "        done: false\n"
            "      - {id: extra, title: Replies tagged, start: 0, target: 9}\n",
        ),
    )
    result = cli(
        goals.root, "checkin", f"{REF}/extra", "--drop", "--reason", "Vendor: gone, for now"
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "      - {id: extra, title: Replies tagged, start: 0, target: 9, status: dropped, "
        'reason: "Vendor: gone, for now", date: 2026-11-29}\n'
    ) in (goals.root / "support/2026-Q4.yaml").read_text()
    assert by_id(scores(goals.root))["extra"]["reason"] == "Vendor: gone, for now"


def test_a_part_failing_on_its_drop_or_its_check_in_is_still_checked(goals: GoalTree) -> None:
    # A dropped key result without its reason, and a check-in with `valeu` for `value`: each
    # is one finding (the typo once, not also "missing value"), and the key result is still
    # checked as far as it is valid (one round of findings): its no-change target is reported.
    text = THREE.replace("        target: 25\n", "        target: 52\n        status: dropped\n")
    text = text.replace("{date: 2026-11-12, value: 36}", "{date: 2026-11-12, valeu: 36}")
    goals.write("support/2026-Q4.yaml", text)
    rules = [finding[3] for finding in goals.lint().findings]
    assert rules.count("missing-field") == 1  # the reason
    assert rules.count("unknown-field") == 1  # valeu, with its did-you-mean
    assert "no-change-target" in rules

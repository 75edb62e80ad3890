"""Issue 15, "Past periods and period names": a tree in, the exact output and exit status out.

Today is 2026-11-29 (the autouse fixture). The trees here mostly hold periods that ended long
ago (2025), which is what a team sees the first weeks after it stops writing OKRs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import GoalTree, okrctl

ENDED = """\
team: support
period: 2025-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
      - title: First response time from 60 to 30 minutes
        start: 60
        target: 30
        current: 30
      - title: Runbooks written
        done: true
  - id: self-serve
    title: Customers answer their own questions
    type: aspirational
    key_results:
      - title: Deflection from 10% to 30%
        start: 10
        target: 30
        current: 16
      - title: Articles rated helpful from 60% to 80%
        start: 60
        target: 80
        current: 74
"""

NO_DATA = """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
      - title: First response time from 60 to 30 minutes
        start: 60
        target: 30
        current: 45
      - title: Runbooks written
        done: true
  - id: untracked
    title: Nobody checked in on this
    type: committed
    key_results:
      - title: CSAT from 3.9 to 4.6
        start: 3.9
        target: 4.6
      - title: Tickets per customer from 4 to 2
        start: 4
        target: 2
"""


def objectives_file(team: str, period: str, ident: str = "faster-replies") -> str:
    return (
        f"team: {team}\nperiod: {period}\nowner: lin\nobjectives:\n"
        f"  - id: {ident}\n    title: Customers get answers fast\n    type: committed\n"
        "    key_results:\n"
        "      - {title: First response from 60 to 30 min, start: 60, target: 30, current: 45}\n"
        "      - {title: Runbooks written, done: true}\n"
    )


def run(goals: GoalTree, *args: str) -> tuple[int, str, str]:
    result = okrctl(*args, cwd=goals.root)
    return result.returncode, result.stdout, result.stderr


def as_json(goals: GoalTree, *args: str) -> dict[str, Any]:
    code, out, err = run(goals, *args, "--format", "json")
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return document


# --- a review of a tree whose periods have all ended -----------------------------------------


def test_review_shows_the_latest_period_with_objectives_when_all_have_ended(
    goals: GoalTree,
) -> None:
    goals.write("support/2025-Q3.yaml", objectives_file("support", "2025-Q3"))
    goals.write("support/2025-Q4.yaml", ENDED)
    code, out, err = run(goals, "review", ".")
    assert (code, err) == (0, "")
    assert out.splitlines()[:6] == [
        "Quarterly review of 2025-Q4",
        "2025-10-01 to 2025-12-31, as of 2025-12-31",
        "Note: showing 2025-Q4, the latest period with objectives.",
        "",
        "Objectives: 2 (1 met, 0 success, 1 missed)",
        "KPIs: 0 (0 in breach, 0 in warn, 0 stale)",
    ]
    assert "No objectives or KPIs matched" not in out
    document = as_json(goals, "review", ".")
    assert document["note"] == "showing 2025-Q4, the latest period with objectives"
    assert document["period"] == {"label": "2025-Q4", "start": "2025-10-01", "end": "2025-12-31"}
    assert [o["ref"] for t in document["teams"] for o in t["objectives"]] == [
        "support/2025-Q4/faster-replies",
        "support/2025-Q4/self-serve",
    ]


def test_the_latest_quarter_wins_over_its_year_that_ends_with_it(goals: GoalTree) -> None:
    goals.write("company/2025.yaml", objectives_file("company", "2025", "grow"))
    goals.write("support/2025-Q4.yaml", ENDED)
    document = as_json(goals, "review", ".")
    assert document["period"]["label"] == "2025-Q4"
    # The company's year contains the quarter: it is reviewed with it, as for --period.
    refs = [o["ref"] for t in document["teams"] for o in t["objectives"]]
    assert refs == [
        "company/2025/grow",
        "support/2025-Q4/faster-replies",
        "support/2025-Q4/self-serve",
    ]


def test_a_weekly_review_asked_for_shows_the_latest_period_too(goals: GoalTree) -> None:
    goals.write("support/2025-Q4.yaml", ENDED)
    code, out, _ = run(goals, "review", ".", "--cadence", "weekly")
    assert code == 0
    assert out.splitlines()[:4] == [
        "Weekly review as of 2026-11-29 · 2025-Q4",
        "Note: showing 2025-Q4, the latest period with objectives.",
        "",
        "Objectives: 2 (1 met, 0 success, 1 missed)",
    ]


def test_periods_still_to_come_are_listed_for_period(goals: GoalTree) -> None:
    goals.write("support/2027-Q1.yaml", objectives_file("support", "2027-Q1"))
    goals.write("support/2027-Q2.yaml", objectives_file("support", "2027-Q2"))
    code, out, _ = run(goals, "review", ".")
    assert code == 0
    assert out.splitlines()[:3] == [
        "Weekly review as of 2026-11-29",
        "Note: no objectives in the period reviewed; --period takes 2027-Q1, 2027-Q2.",
        "",
    ]


def test_a_tree_with_current_objectives_keeps_its_default(goals: GoalTree) -> None:
    goals.write("support/2025-Q4.yaml", ENDED)
    goals.write("support/2026-Q4.yaml", objectives_file("support", "2026-Q4"))
    document = as_json(goals, "review", ".")
    assert (document["cadence"], document["period"], document["note"]) == ("weekly", None, None)


# --- --period: unparseable or unknown is an error naming the tree's periods --------------------


@pytest.mark.parametrize("command", ["score", "review", "tree"])
def test_a_period_the_tree_does_not_have_is_an_error(goals: GoalTree, command: str) -> None:
    goals.write("support/2025-Q4.yaml", ENDED)
    goals.write("support/2025-Q3.yaml", objectives_file("support", "2025-Q3"))
    code, out, err = run(goals, command, ".", "--period", "2026-Q4")
    assert (code, out) == (2, "")
    assert err == (
        "okrctl: error: --period: no objectives in 2026-Q4 (periods with objectives: 2025-Q3, "
        "2025-Q4) (did you mean `2025-Q4`?)\n"
    )


def test_a_text_that_is_no_period_is_an_error(goals: GoalTree) -> None:
    goals.write("support/2025-Q4.yaml", ENDED)
    code, out, err = run(goals, "score", ".", "--period", "2026Q9")
    assert (code, out) == (2, "")
    assert err == (
        "okrctl: error: --period: `2026Q9` is not a period: write 2026-Q4, 2026-H1 or 2026 "
        "(periods with objectives: 2025-Q4) (did you mean `2025-Q4`?)\n"
    )


def test_a_tree_without_objectives_says_so(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", "team: support\nkpis: []\n")
    code, _, err = run(goals, "score", ".", "--period", "2026-Q4")
    assert code == 2
    assert err == (
        "okrctl: error: --period: no objectives in 2026-Q4 (the goal tree has no objectives)\n"
    )


@pytest.mark.parametrize("typed", ["2025Q4", "2025q4", "2025-q4", "2025-10-01..2025-12-31"])
def test_period_is_read_in_any_case_with_or_without_its_hyphen_or_as_a_range(
    goals: GoalTree, typed: str
) -> None:
    goals.write("support/2025-Q4.yaml", ENDED)
    goals.write("support/2025-Q3.yaml", objectives_file("support", "2025-Q3"))
    document = as_json(goals, "score", ".", "--period", typed)
    assert [(t["team"], t["period"]) for t in document["teams"]] == [("support", "2025-Q4")]


def test_a_period_contained_in_the_trees_year_is_a_review_of_that_year(goals: GoalTree) -> None:
    goals.write("company/2026.yaml", objectives_file("company", "2026", "grow"))
    document = as_json(goals, "review", ".", "--period", "2026-Q3")
    assert document["period"]["label"] == "2026-Q3"
    assert [o["ref"] for t in document["teams"] for o in t["objectives"]] == ["company/2026/grow"]
    # score lists a period's own objectives only: the tree has none of 2026-Q3.
    code, _, err = run(goals, "score", ".", "--period", "2026-Q3")
    assert code == 2
    assert "no objectives in 2026-Q3 (periods with objectives: 2026)" in err


# --- the review is titled by the kind of period --------------------------------------------


@pytest.mark.parametrize(
    ("period", "config", "title", "dates"),
    [
        ("2025-Q4", "", "Quarterly review of 2025-Q4", "2025-10-01 to 2025-12-31"),
        ("2025-H2", "", "Half-year review of 2025-H2", "2025-07-01 to 2025-12-31"),
        ("2025", "", "Annual review of 2025", "2025-01-01 to 2025-12-31"),
        (
            "2022",
            "fiscal_year_start: 10\n",
            "Fiscal-year review of 2022",
            "2021-10-01 to 2022-09-30",
        ),
        (
            "2025-10-01..2025-11-15",
            "",
            "Review of 2025-10-01..2025-11-15",
            "2025-10-01 to 2025-11-15",
        ),
    ],
)
def test_the_review_title_names_the_kind_of_period(
    goals: GoalTree, period: str, config: str, title: str, dates: str
) -> None:
    if config:
        goals.write("okrctl.yaml", config)
    start, _, end = period.partition("..")
    written = f"{{start: {start}, end: {end}}}" if end else period
    goals.write("support/goals.yaml", objectives_file("support", written))
    code, out, err = run(goals, "review", ".", "--period", period)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [title, f"{dates}, as of {dates[-10:]}"]
    markdown = run(goals, "review", ".", "--period", period, "--format", "markdown")[1]
    assert markdown.startswith(f"# {title}\n")
    html = run(goals, "review", ".", "--period", period, "--format", "html")[1]
    assert f"<h1>{title}</h1>" in html


# --- an ended period's summary counts verdicts ---------------------------------------------


def test_an_ended_periods_summary_counts_verdicts_in_every_format(goals: GoalTree) -> None:
    goals.write("support/2025-Q4.yaml", ENDED)
    args = ("review", ".", "--period", "2025-Q4")
    text = run(goals, *args)[1]
    assert "Objectives: 2 (1 met, 0 success, 1 missed)\n" in text
    markdown = run(goals, *args, "--format", "markdown")[1]
    assert (
        "| Objectives | Met | Success | Missed | KPIs | In breach | In warn | Stale |\n"
        "|--:|--:|--:|--:|--:|--:|--:|--:|\n"
        "| 2 | 1 | 0 | 1 | 0 | 0 | 0 | 0 |\n"
    ) in markdown
    html = run(goals, *args, "--format", "html")[1]
    assert (
        '<td data-label="Met" data-count="Met">1</td>'
        '<td data-label="Success" data-count="Success">0</td>'
    ) in html
    assert (
        '<td data-label="Missed" data-count="Missed">1</td>'
        '<td data-label="KPIs" data-count="KPIs">0</td>'
    ) in html
    assert 'data-count="On track"' not in html
    summary = as_json(goals, *args)["summary"]
    counts = {k: v for k, v in summary.items() if k != "attention"}
    assert counts == {
        "objectives": 2,
        "on_track": 0,
        "at_risk": 0,
        "off_track": 0,
        "met": 1,
        "success": 0,
        "missed": 1,
        "no_data": 0,
        "kpis": 0,
        "in_breach": 0,
        "in_warn": 0,
        "stale": 0,
    }


def test_a_running_periods_summary_still_counts_pace(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", objectives_file("support", "2026-Q4"))
    text = run(goals, "review", ".", "--period", "2026-Q4")[1]
    assert "Objectives: 1 (1 on track, 0 at risk, 0 off track)\n" in text


# --- an objective whose key results all have no data -----------------------------------------


def test_an_objective_without_data_reads_no_data_not_a_red_zero(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", NO_DATA)
    document = as_json(goals, "score", ".", "--as-of", "2026-12-31")
    untracked = {o["id"]: o for o in document["objectives"]}["untracked"]
    assert (untracked["score"], untracked["grade"], untracked["status"]) == (
        None,
        None,
        "no-data",
    )
    # Its key results keep their contract: a score of 0 flagged no_data.
    assert [(kr["score"], kr["no_data"]) for kr in untracked["key_results"]] == [
        (0.0, True),
        (0.0, True),
    ]
    # The team's score is the mean of the objectives that have data: 0.75 from (0.5 + 1) / 2.
    assert [(t["score"], t["grade"]) for t in document["teams"]] == [(0.75, "green")]
    code, out, _ = run(goals, "score", ".", "--as-of", "2026-12-31")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("untracked "))
    # The objective's row, led by its id (the column widths are not what is tested here).
    assert " committed " in line and " no data " in line and " no-data " in line
    assert "0.000" not in line and "red" not in line and "missed" not in line


def test_a_team_with_no_data_at_all_has_no_score(goals: GoalTree) -> None:
    head, untracked = NO_DATA.split("  - id: faster-replies")[0], NO_DATA.split("\n  - ")[-1]
    goals.write("support/2026-Q4.yaml", f"{head}  - {untracked}")
    document = as_json(goals, "score", ".")
    assert [(t["score"], t["grade"]) for t in document["teams"]] == [(None, None)]
    text = run(goals, "score", ".")[1]
    assert text.startswith("support · 2026-Q4  score no data  (as of 2026-11-29")


def test_the_review_counts_and_shows_objectives_without_data(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", NO_DATA)
    args = ("review", ".", "--period", "2026-Q4", "--as-of", "2026-12-31")
    text = run(goals, *args)[1]
    assert "Objectives: 2 (0 met, 0 success, 1 missed; 1 no data)\n" in text
    assert "untracked · committed · owner lin · no data · no-data\n" in text
    markdown = run(goals, *args, "--format", "markdown")[1]
    assert "· score **no data** · **no-data**" in markdown
    html = run(goals, *args, "--format", "html")[1]
    assert "score <strong>no data</strong> · <span" in html
    assert as_json(goals, *args)["summary"]["no_data"] == 1


# --- a range equal to a named period is that period ------------------------------------------


def test_a_range_equal_to_a_quarter_is_that_quarter_everywhere(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", objectives_file("support", "2026-Q4", "first"))
    goals.write(
        "support/q4-range.yaml",
        objectives_file("support", "{start: 2026-10-01, end: 2026-12-31}", "second"),
    )
    document = as_json(goals, "score", ".")
    # One period: one team score, refs name it 2026-Q4.
    assert [(t["team"], t["period"]) for t in document["teams"]] == [("support", "2026-Q4")]
    assert [o["ref"] for o in document["objectives"]] == [
        "support/2026-Q4/first",
        "support/2026-Q4/second",
    ]
    review = as_json(goals, "review", ".", "--period", "2026-Q4")
    assert len(review["teams"][0]["objectives"]) == 2


def test_a_range_and_a_quarter_share_their_ids(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", objectives_file("support", "2026-Q4"))
    goals.write(
        "support/q4-range.yaml",
        objectives_file("support", "{start: 2026-10-01, end: 2026-12-31}"),
    )
    lint = goals.lint()
    assert lint.messages("duplicate-id") == [
        "objective id `faster-replies` is already used by team `support` in 2026-Q4 "
        "(at support/2026-Q4.yaml:5)"
    ]


def test_a_range_equal_to_a_fiscal_quarter_is_named_by_the_fiscal_year(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "fiscal_year_start: 10\n")
    goals.write(
        "support/goals.yaml",
        objectives_file("support", "{start: 2026-10-01, end: 2026-12-31}"),
    )
    document = as_json(goals, "score", ".")
    assert [o["ref"] for o in document["objectives"]] == ["support/2027-Q1/faster-replies"]


def test_a_range_of_its_own_keeps_its_range_label(goals: GoalTree) -> None:
    goals.write(
        "support/goals.yaml",
        objectives_file("support", "{start: 2026-10-01, end: 2026-11-30}"),
    )
    document = as_json(goals, "score", ".")
    assert [o["ref"] for o in document["objectives"]] == [
        "support/2026-10-01..2026-11-30/faster-replies"
    ]


def test_key_results_without_data_read_no_data_in_every_text_format(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", NO_DATA)
    # Their JSON keeps its contract (score 0, no_data true); text never shows a fake 0.000.
    _, score_text, _ = run(goals, "score", ".", "--as-of", "2026-12-31")
    rows = [line.split() for line in score_text.splitlines() if "-> no data ->" in line]
    assert [row[-4:] for row in rows] == [["no", "data", "missed", "lin"]] * 2
    _, markdown, _ = run(goals, "review", ".", "--as-of", "2026-12-31", "--format", "markdown")
    assert "| CSAT from 3.9 to 4.6 | 3.9 -> no data -> 4.6 | no data | - | missed |" in markdown
    _, html, _ = run(goals, "review", ".", "--as-of", "2026-12-31", "--format", "html")
    no_data = '<td data-label="Score" class="num">no data</td><td data-label="Grade">-</td>'
    assert html.count(no_data) == 2
    assert "0.000" not in "".join(" ".join(row) for row in rows)

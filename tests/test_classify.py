"""`okrctl classify`: the decision quiz, the documented recommendations, drafts that lint clean."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pytest
import typer.main

from okrctl.cli import app
from okrctl.commands import classify
from okrctl.compute.classify import QUESTIONS
from okrctl.errors import OkrctlError
from okrctl.terminal import Terminal
from tests.conftest import okrctl
from tests.editing import TODAY, cli, run_on

T = TypeVar("T")

ALL_KPI = "maintain,shared,weekly,is-it-off,maintain,continuously,same-next-year"
ALL_OKR = "change,direct,quarter,what-to-change,achieve,end-date,one-time-push"
CLOSE_KPI = "change,shared,weekly,what-to-change,achieve,continuously,same-next-year"


def test_a_standard_held_is_a_kpi_and_its_draft_lints_clean(tmp_path: Path) -> None:
    """The README's example: response time kept under 30 minutes."""
    result = okrctl(
        "classify",
        "--answers",
        ALL_KPI,
        "--metric",
        "Median first-response time",
        "--team",
        "support",
        "--owner",
        "lin",
        "--unit",
        "min",
        "--now",
        "25",
        "--goal",
        "30",
        "--better",
        "lower",
        "--format",
        "yaml",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    comments = [line for line in result.stdout.splitlines() if line.startswith("#")]
    assert comments[0].startswith("# KPI (7 of 7 answers): you want to hold a standard")
    body = "\n".join(line for line in result.stdout.splitlines() if not line.startswith("#"))
    assert body.startswith(
        "team: support\n"
        "kpis:\n"
        "  - id: median-first-response-time\n"
        "    title: Median first-response time\n"
        "    owner: lin\n"
        "    unit: min\n"
        "    cadence: weekly\n"
        "    band: {max: 30}\n"
        "    measurements:\n"
        "      - {date: "
    )
    (tmp_path / "kpis.yaml").write_text(result.stdout)
    lint = okrctl("lint", "--strict", ".", cwd=tmp_path)
    assert (lint.returncode, lint.stdout) == (0, "All checks passed (1 file).\n")


def test_a_change_the_team_controls_is_an_okr_key_result(tmp_path: Path) -> None:
    out = io.StringIO()
    run_on(
        TODAY,
        classify.run,
        classify.Options(
            answers=ALL_OKR,
            metric="Trial-to-paid conversion",
            team="growth",
            owner="priya",
            unit="%",
            now="12",
            goal="18",
            objective="Trials turn into customers",
            objective_type="aspirational",
        ),
        Terminal(out, io.StringIO()),
    )
    text = out.getvalue()
    assert "\nRecommendation: OKR key result (7 of 7 answers)\n" in text
    assert "\nAgainst:" not in text
    assert (
        "    team: growth\n"
        "    period: 2026-Q4\n"
        "    objectives:\n"
        "      - id: trials-turn-into-customers\n"
        "        title: Trials turn into customers\n"
        "        type: aspirational\n"
        "        owner: priya\n"
        "        key_results:\n"
        "          - title: Trial-to-paid conversion from 12% to 18%\n"
        "            start: 12\n"
        "            target: 18\n"
        "            unit: '%'\n"
    ) in text
    draft = io.StringIO()
    run_on(
        TODAY,
        classify.run,
        classify.Options(
            answers=ALL_OKR,
            metric="Trial-to-paid conversion",
            team="growth",
            owner="priya",
            unit="%",
            now="12",
            goal="18",
            output_format="yaml",
        ),
        Terminal(draft, io.StringIO()),
    )
    (tmp_path / "growth.yaml").write_text(draft.getvalue())
    lint = okrctl("lint", "--format", "json", ".", cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout
    rules = [f["rule"] for f in json.loads(lint.stdout)["findings"]]
    assert rules == ["key-result-count"]  # one key result: the draft says to add more


def test_a_close_call_lists_the_case_against_and_the_hand_off() -> None:
    out = io.StringIO()
    run_on(
        TODAY,
        classify.run,
        classify.Options(answers=CLOSE_KPI),
        Terminal(out, io.StringIO(), width=200),
    )
    text = out.getvalue()
    assert "\nRecommendation: KPI (4 of 7 answers)\n" in text
    assert (
        "\nAgainst:\n"
        "  - you want to move it to a level the team does not have yet, and OKRs are for "
        "driving change\n"
        "  - it should start the conversation about what must change to get there\n"
        "  - it is something to achieve or improve\n"
    ) in text
    assert "a KPI can serve as a key result for one quarter (`kpi: TEAM/KPI_ID`" in text
    assert text.endswith(
        "No draft: for a draft, give --metric, --team, --goal, --owner, --better.\n"
    )


def test_numbers_and_keys_are_the_same_answers() -> None:
    by_key, by_number = io.StringIO(), io.StringIO()
    run_on(TODAY, classify.run, classify.Options(answers=ALL_OKR), Terminal(by_key, io.StringIO()))
    run_on(
        TODAY,
        classify.run,
        classify.Options(answers="1, 1, 4, 1, 2, 2, 2"),
        Terminal(by_number, io.StringIO()),
    )
    assert by_key.getvalue() == by_number.getvalue()


def test_the_majority_decides_each_answer_counting_once() -> None:
    """Hand-counted: purpose and control lean OKR, the five others KPI."""
    out = io.StringIO()
    run_on(
        TODAY,
        classify.run,
        classify.Options(answers="change,direct,daily,is-it-off,maintain,continuously,1"),
        Terminal(out, io.StringIO()),
    )
    assert "\nRecommendation: KPI (5 of 7 answers)\n" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--answers", "change,direct"],
            "--answers: give 7 comma-separated answers, one per question in order, got 2",
        ),
        (
            ["--answers", ALL_OKR.replace("direct", "ours")],
            "--answers: answer 2 (`ours`) is not one of direct, shared (or 1 to 2)",
        ),
        (
            ["--answers", ALL_OKR.replace("quarter", "5")],
            "--answers: answer 3 (`5`) is not one of daily, weekly, monthly, quarter (or 1 to 4)",
        ),
        ([], "stdin is not a terminal, so the questions cannot be asked: pass --answers"),
        (
            ["--answers", ALL_KPI, "--format", "yaml"],
            "no draft to print as YAML: for a draft, give --metric, --team, --goal, --owner, "
            "--better",
        ),
        (["--answers", ALL_KPI, "--better", "up"], "--better is higher or lower, got `up`"),
        (
            [
                "--answers",
                ALL_OKR,
                "--metric",
                "X",
                "--team",
                "t",
                "--now",
                "30",
                "--goal",
                "20",
                "--better",
                "higher",
                "--format",
                "yaml",
            ],
            "no draft to print as YAML: the goal 20 is worse than now (30) when higher is better",
        ),
    ],
)
def test_mistakes_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = cli(tmp_path, "classify", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"okrctl: error: {message}"), result.stderr
    assert result.stdout == ""


class Scripted:
    """Answers typed in advance; an empty answer takes the default, as on a terminal."""

    def __init__(self, answers: Sequence[str]) -> None:
        self.answers = list(answers)
        self.said: list[str] = []
        self.rejected: list[str] = []

    def ask(self, question: str, parse: Callable[[str], T], default: str | None = None) -> T:
        while True:
            answer = self.answers.pop(0)
            try:
                return parse(default if answer == "" and default is not None else answer)
            except OkrctlError as error:
                self.rejected.append(str(error))

    def choose(self, question: str, choices: Sequence[str], default: str | None = None) -> str:
        raise AssertionError("classify asks with ask()")

    def say(self, text: str) -> None:
        self.said.append(text)


def test_on_a_terminal_the_questions_come_one_by_one() -> None:
    prompter = Scripted(
        ["2", "shared", "7", "2", "2", "1", "continuously", "same-next-year"]
        + ["Backlog age", "days", "support", "lin", "4", "5", "lower"]
    )
    out = io.StringIO()
    run_on(TODAY, classify.run, classify.Options(), Terminal(out, io.StringIO(), prompter=prompter))
    assert prompter.answers == []
    # Asked on a terminal, a rejected answer names no option: --answers was not used.
    assert prompter.rejected == [
        "answer 3 (`7`) is not one of daily, weekly, monthly, quarter (or 1 to 4)"
    ]
    assert prompter.said[0] == (
        "\n1/7. What are you trying to do with this metric?\n"
        "  1. Move it to a level the team has not reached yet [change]\n"
        "  2. Hold a standard the team already meets [maintain]\n"
        "  3. Watch the health of something that runs already, to catch problems [monitor]"
    )
    text = out.getvalue()
    assert "\nRecommendation: KPI (7 of 7 answers)\n" in text
    assert "    band: {max: 5}\n" in text


def test_the_help_lists_every_answer() -> None:
    command = typer.main.get_command(app).commands["classify"]  # type: ignore[attr-defined]
    help_text = next(p.help for p in command.params if p.name == "answers")
    for question in QUESTIONS:
        assert "|".join(option.key for option in question.options) in help_text


def test_the_documented_table_is_the_quiz() -> None:
    """docs/editing.md lists every question with its answers on the side each one leans to."""
    text = (Path(__file__).parent.parent / "docs" / "editing.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == len(QUESTIONS)
    for number, (row, question) in enumerate(zip(rows, QUESTIONS, strict=True), start=1):
        _, shown, asked, okr, kpi, _ = (cell.strip() for cell in row.split("|"))
        assert shown == str(number)
        assert asked == f"{question.text} ({question.part})"
        for option in question.options:
            assert f"`{option.key}`" in (okr if option.lean == "okr" else kpi)

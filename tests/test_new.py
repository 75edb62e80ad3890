"""`okrctl new objective` / `okrctl new kpi`: appended with round-trip care, or a new file."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pytest

from okrctl.commands import new
from okrctl.errors import OkrctlError
from okrctl.terminal import Terminal
from tests.editing import TODAY, cli, copy_examples, run_on, snapshot

T = TypeVar("T")

SUPPORT = """\
# Support OKRs.
team: support
period: 2026-Q4
owner: lin

objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
      - title: First-response time down to 25 minutes
        start: 52
        target: 25
        unit: "min"
      - title: CSAT up to 4.6
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
CONFIG = "people: [lin, sam]\n"


@pytest.fixture
def support(tmp_path: Path) -> Path:
    (tmp_path / "okrctl.yaml").write_text(CONFIG)
    (tmp_path / "support").mkdir()
    (tmp_path / "support/2026-Q4.yaml").write_text(SUPPORT)
    (tmp_path / "support/kpis.yaml").write_text(KPIS)
    return tmp_path


def test_new_objective_is_appended_to_the_period_file(support: Path) -> None:
    result = cli(
        support,
        "new",
        "objective",
        "support",
        "--period",
        "2026-Q4",
        "--title",
        "Customers answer their own questions",
        "--type",
        "aspirational",
        "--owner",
        "sam",
        "--kr",
        "Tickets solved by the help centre: 20 -> 35 %",
        "--kr",
        "Search finds an article for 9 in 10 queries: 70 -> 90 %",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "support/2026-Q4.yaml: added objective `customers-answer-their-own-questions`\n"
    )
    assert (support / "support/2026-Q4.yaml").read_text() == SUPPORT + (
        "  - id: customers-answer-their-own-questions\n"
        "    title: Customers answer their own questions\n"
        "    type: aspirational\n"
        "    owner: sam\n"
        "    key_results:\n"
        "      - title: Tickets solved by the help centre\n"
        "        start: 20\n"
        "        target: 35\n"
        '        unit: "%"\n'
        "      - title: Search finds an article for 9 in 10 queries\n"
        "        start: 70\n"
        "        target: 90\n"
        '        unit: "%"\n'
    )
    assert cli(support, "lint", "--strict", ".").exit_code == 0


def test_new_objective_creates_the_file_of_a_new_period(support: Path) -> None:
    result = cli(
        support,
        "new",
        "objective",
        "support",
        "--period",
        "2027-Q1",
        "--id",
        "self-serve",
        "--title",
        "Customers answer their own questions",
        "--type",
        "committed",
        "--owner",
        "lin",
        "--kr",
        "Help-centre article for every top-20 ticket reason",
        "--kr",
        "CSAT up to 4.7: support/csat -> 4.7",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "support/2027-Q1.yaml: created, with objective `self-serve`\n"
    assert (support / "support/2027-Q1.yaml").read_text() == (
        "# support's objectives for 2027-Q1 (2027-01-01 to 2027-03-31).\n"
        "team: support\n"
        "period: 2027-Q1\n"
        "owner: lin\n"
        "objectives:\n"
        "  - id: self-serve\n"
        "    title: Customers answer their own questions\n"
        "    type: committed\n"
        "    key_results:\n"
        "      - title: Help-centre article for every top-20 ticket reason\n"
        "        done: false\n"
        "      - title: CSAT up to 4.7\n"
        "        kpi: support/csat\n"
        "        target: 4.7\n"
    )
    assert cli(support, "lint", ".").exit_code == 0


def test_new_kpi_is_appended_to_the_kpi_file_in_its_style(support: Path) -> None:
    result = cli(
        support,
        "new",
        "kpi",
        "support",
        "--title",
        "Median first-response time",
        "--owner",
        "lin",
        "--unit",
        "min",
        "--cadence",
        "weekly",
        "--band-max",
        "45",
        "--warn-max",
        "35",
        "--target",
        "25",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "support/kpis.yaml: added KPI `median-first-response-time`\n"
    assert (support / "support/kpis.yaml").read_text() == KPIS + (
        "  - id: median-first-response-time\n"
        "    title: Median first-response time\n"
        "    owner: lin\n"
        "    unit: min\n"
        "    cadence: weekly\n"
        "    band: {max: 45}\n"
        "    warn: {max: 35}\n"
        "    target: 25\n"
    )
    assert cli(support, "lint", "--strict", ".").exit_code == 0


def test_new_kpi_creates_a_kpi_file_beside_the_teams_other_files(support: Path) -> None:
    (support / "support/kpis.yaml").unlink()
    (support / "support/2026-Q4.yaml").write_text(
        SUPPORT.replace("kpi: support/csat", "start: 4.1")
    )
    result = cli(
        support,
        "new",
        "kpi",
        "support",
        "--id",
        "csat",
        "--title",
        "CSAT",
        "--owner",
        "sam",
        "--cadence",
        "monthly",
        "--band-min",
        "4.2",
    )
    assert result.exit_code == 0, result.stderr
    assert (support / "support/kpis.yaml").read_text() == (
        "# support's KPIs.\n"
        "team: support\n"
        "kpis:\n"
        "  - id: csat\n"
        "    title: CSAT\n"
        "    owner: sam\n"
        "    cadence: monthly\n"
        "    band: {min: 4.2}\n"
    )


def test_a_change_that_adds_a_lint_error_is_refused(support: Path) -> None:
    files = snapshot(support)
    result = cli(
        support,
        "new",
        "objective",
        "support",
        "--period",
        "2026-Q4",
        "--title",
        "Customers answer their own questions",
        "--type",
        "committed",
        "--aligns-to",
        "company/no-such-objective",
        "--kr",
        "Tickets solved by the help centre: 20 -> 35 %",
        "--kr",
        "Article for every top-20 ticket reason",
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("support/2026-Q4.yaml:21:16: error: `company/no-such-objective` ")
    assert lines[-1] == (
        "okrctl: error: the change would add 1 lint error (listed above); nothing was written"
    )
    assert snapshot(support) == files


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["objective", "support", "--title", "X"],
            "--type, --kr required when stdin is not a "
            "terminal (on a terminal, okrctl asks for each value)",
        ),
        (
            ["objective", "support", "--title", "X", "--type", "stretch", "--kr", "A"],
            "--type is committed or aspirational, got `stretch`",
        ),
        (
            [
                "objective",
                "support",
                "--title",
                "X",
                "--type",
                "committed",
                "--owner",
                "zed",
                "--kr",
                "A",
            ],
            "--owner: `zed` is not in the roster (`people` in okrctl.yaml): lin, sam",
        ),
        (
            [
                "objective",
                "support",
                "--id",
                "faster-replies",
                "--title",
                "X",
                "--type",
                "committed",
                "--kr",
                "A",
            ],
            "--id `faster-replies` is taken",
        ),
        (
            ["objective", "support", "--title", "X", "--type", "committed", "--kr", "T: 5 -> 5"],
            "--kr `T: 5 -> 5`: start and target are equal; a key result is a change",
        ),
        (
            [
                "objective",
                "support",
                "--period",
                "Q4",
                "--title",
                "X",
                "--type",
                "committed",
                "--kr",
                "A",
            ],
            "--period: `Q4` is not a period: write 2026-Q4, 2026-H1 or 2026",
        ),
        (["kpi", "support", "--title", "CSAT"], "--owner required when stdin is not a terminal"),
        (
            ["kpi", "support", "--title", "NPS", "--owner", "lin", "--cadence", "hourly"],
            "--cadence is one of daily, weekly, monthly, quarterly, got `hourly`",
        ),
        (
            ["kpi", "support", "--title", "NPS", "--owner", "lin", "--band-min", "high"],
            "--band-min: `high` is not a number",
        ),
        (["kpi", "Support", "--title", "NPS", "--owner", "lin"], "`Support` is not a team slug"),
    ],
)
def test_rejections_write_nothing(support: Path, args: list[str], message: str) -> None:
    files = snapshot(support)
    result = cli(support, "new", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"okrctl: error: {message}"), result.stderr
    assert snapshot(support) == files


def test_dry_run_of_a_new_file(support: Path) -> None:
    files = snapshot(support)
    result = cli(support, "new", "kpi", "ops", "--title", "Deploys", "--owner", "sam", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "--- /dev/null\n"
        "+++ b/ops/kpis.yaml\n"
        "@@ -0,0 +1,6 @@\n"
        "+# ops's KPIs.\n"
        "+team: ops\n"
        "+kpis:\n"
        "+  - id: deploys\n"
        "+    title: Deploys\n"
        "+    owner: sam\n"
    )
    assert snapshot(support) == files


class Scripted:
    """Answers typed in advance; an empty answer takes the default, as on a terminal."""

    def __init__(self, answers: Sequence[str]) -> None:
        self.answers = list(answers)
        self.questions: list[str] = []
        self.rejected: list[str] = []

    def ask(self, question: str, parse: Callable[[str], T], default: str | None = None) -> T:
        while True:
            self.questions.append(question)
            answer = self.answers.pop(0)
            try:
                return parse(default if answer == "" and default is not None else answer)
            except OkrctlError as error:
                self.rejected.append(str(error))

    def choose(self, question: str, choices: Sequence[str], default: str | None = None) -> str:
        self.questions.append(question)
        answer = self.answers.pop(0) or default
        assert answer in choices
        return answer

    def say(self, text: str) -> None:
        pass


def test_on_a_terminal_each_missing_value_is_asked_and_checked(support: Path) -> None:
    prompter = Scripted(
        [
            "Customers answer their own questions",  # title
            "",  # id: the default
            "aspirational",  # type
            "zed",  # owner: not in the roster, asked again
            "",  # owner: the file's
            "Tickets solved by the help centre: 20 -> 20 %",  # no change: asked again
            "Tickets solved by the help centre: 20 -> 35 %",
            "Article for every top-20 ticket reason",
            "",  # no more key results
        ]
    )
    run_on(
        TODAY,
        new.run_objective,
        new.ObjectiveOptions("support", tree=support),
        Terminal(io.StringIO(), io.StringIO(), prompter=prompter),
    )
    assert prompter.answers == []
    assert prompter.rejected == [
        "the owner: `zed` is not in the roster (`people` in okrctl.yaml): lin, sam",
        "--kr `Tickets solved by the help centre: 20 -> 20 %`: start and target are equal; a "
        "key result is a change",
    ]
    text = (support / "support/2026-Q4.yaml").read_text()
    assert text == SUPPORT + (
        "  - id: customers-answer-their-own-questions\n"
        "    title: Customers answer their own questions\n"
        "    type: aspirational\n"
        "    key_results:\n"
        "      - title: Tickets solved by the help centre\n"
        "        start: 20\n"
        "        target: 35\n"
        '        unit: "%"\n'
        "      - title: Article for every top-20 ticket reason\n"
        "        done: false\n"
    )


def test_in_the_examples_a_new_objective_aligns_and_lints_clean(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    result = cli(
        root,
        "new",
        "objective",
        "platform",
        "--title",
        "Deploys nobody is afraid of",
        "--type",
        "aspirational",
        "--aligns-to",
        "company/enterprise-fit",
        "--kr",
        "Change failure rate: 18 -> 8 %",
        "--kr",
        "Median rollback time: 30 -> 5 min",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "platform/2026-Q4.yaml: added objective `deploys-nobody-is-afraid-of`\n"
    assert cli(root, "lint", "--strict", ".").exit_code == 0


def _read_until(fd: int, marker: bytes, seen: bytearray, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while marker not in seen:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"no {marker!r} in {bytes(seen)!r}"
        try:
            seen.extend(os.read(fd, 4096))
        except OSError:  # the child closed the terminal
            break


def test_a_real_terminal_gets_typer_prompts(support: Path) -> None:
    """`okrctl new kpi` on a pseudo-terminal: questions, a rejected answer, the file written."""
    parent, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "okrctl", "new", "kpi", "support"],
        cwd=support,
        stdin=child,
        stdout=child,
        stderr=child,
        env={**os.environ, "NO_COLOR": "1", "TERM": "dumb"},
    )
    os.close(child)
    seen = bytearray()
    answers: list[tuple[bytes, bytes]] = [
        (b"Title", b"Backlog age"),
        (b"Id", b""),
        (b"Owner", b"zed"),
        (b"not in the roster", b"sam"),
        (b"Unit", b"days"),
        (b"Cadence", b"weekly"),
        (b"Lowest normal value", b""),
        (b"Highest normal value", b"five"),
        (b"is not a number", b"5"),
        (b"Early warning below", b""),
        (b"Early warning above", b"3"),
        (b"Target", b""),
    ]
    for prompt, answer in answers:
        _read_until(parent, prompt, seen)
        del seen[: seen.index(prompt) + len(prompt)]
        os.write(parent, answer + b"\r")
    _read_until(parent, b"added KPI", seen)
    process.wait(timeout=30)
    os.close(parent)
    assert process.returncode == 0
    assert (support / "support/kpis.yaml").read_text() == KPIS + (
        "  - id: backlog-age\n"
        "    title: Backlog age\n"
        "    owner: sam\n"
        "    unit: days\n"
        "    cadence: weekly\n"
        "    band: {max: 5}\n"
        "    warn: {max: 3}\n"
    )


# One objective for support's next quarter, which has no file yet.
NEXT_QUARTER = ["new", "objective", "support", "--period", "2027-Q1", "--id", "a"]
NEXT_QUARTER += ["--title", "Fewer pages at night", "--type", "committed", "--owner", "lin"]
NEXT_QUARTER += ["--kr", "Runbook for every alert"]


def test_a_new_file_follows_the_trees_schema_modeline(support: Path) -> None:
    # The team's files point editors at the schema (as `okrctl init` writes them): a new file,
    # in the team's folder or in a new team's, points at the same schema from where it is.
    modeline = "# yaml-language-server: $schema=../schemas/goal.schema.json\n"
    (support / "support/2026-Q4.yaml").write_text(modeline + SUPPORT)
    assert cli(support, *NEXT_QUARTER).exit_code == 0
    created = (support / "support/2027-Q1.yaml").read_text()
    assert created.startswith(modeline + "# support's objectives for 2027-Q1")
    (support / "platform/edge").mkdir(parents=True)
    (support / "platform/edge/2026-Q4.yaml").write_text(
        "team: edge\nperiod: 2026-Q4\nowner: sam\nobjectives: []\n"
    )
    kpi = ["--id", "p95", "--title", "p95 latency", "--owner", "sam", "--cadence", "weekly"]
    kpi += ["--band-max", "300", "--unit", "ms"]
    assert cli(support, "new", "kpi", "edge", *kpi).exit_code == 0
    assert (
        (support / "platform/edge/kpis.yaml")
        .read_text()
        .startswith(
            "# yaml-language-server: $schema=../../schemas/goal.schema.json\n# edge's KPIs.\n"
        )
    )


def test_a_schema_url_in_the_modeline_is_kept_as_it_is(support: Path) -> None:
    url = "# yaml-language-server: $schema=https://example.com/okrctl/goal.schema.json\n"
    (support / "support/kpis.yaml").write_text(url + KPIS)
    assert cli(support, *NEXT_QUARTER).exit_code == 0
    assert (support / "support/2027-Q1.yaml").read_text().startswith(url + "# support's")


def test_a_tree_without_a_modeline_gives_a_new_file_none(support: Path) -> None:
    assert cli(support, *NEXT_QUARTER).exit_code == 0
    assert (support / "support/2027-Q1.yaml").read_text().startswith("# support's objectives")


def test_kr_numbers_may_carry_their_units(support: Path) -> None:
    result = cli(
        support,
        "new",
        "objective",
        "support",
        "--period",
        "2026-Q4",
        "--title",
        "Paying customers stay",
        "--type",
        "aspirational",
        "--kr",
        "Conversion: 12% -> 18%",
        "--kr",
        "Revenue: $500K -> $750K",
        "--kr",
        "Median first response: from 52 to 25 min",
    )
    assert result.exit_code == 0, result.stderr
    assert (support / "support/2026-Q4.yaml").read_text() == SUPPORT + (
        "  - id: paying-customers-stay\n"
        "    title: Paying customers stay\n"
        "    type: aspirational\n"
        "    key_results:\n"
        "      - title: Conversion\n"
        "        start: 12\n"
        "        target: 18\n"
        '        unit: "%"\n'
        "      - title: Revenue\n"
        "        start: 500000\n"
        "        target: 750000\n"
        "        unit: $\n"
        "      - title: Median first response\n"
        "        start: 52\n"
        "        target: 25\n"
        "        unit: min\n"
    )
    assert cli(support, "lint", ".").exit_code == 0


@pytest.mark.parametrize(
    ("kr", "message"),
    [
        (
            "Conversion 12% -> 18%",
            "--kr `Conversion 12% -> 18%` looks like a number's change but has no title before "
            "a colon: write `TITLE: START -> TARGET [UNIT]`, as in `Conversion: 12% -> 18%`, "
            "`Revenue: $500K -> $750K` or `Response time: from 52 to 25 min` (a milestone's "
            "title says it in words, without `->`)",
        ),
        (
            "Spend: $500K -> ?",
            "--kr `Spend: $500K -> ?` looks like a number's change but cannot be read: write "
            "`TITLE: START -> TARGET [UNIT]`, as in `Conversion: 12% -> 18%`, `Revenue: $500K "
            "-> $750K` or `Response time: from 52 to 25 min`",
        ),
        (
            "Conversion: 12,5% -> 18%",
            "--kr: `12,5` is not a number: write 12.5 (a decimal point, not a comma)",
        ),
        (
            "Conversion: 12% -> 18 pp",
            "--kr `Conversion: 12% -> 18 pp`: the start is in `%` and the target in `pp`; write "
            "both in one unit",
        ),
    ],
)
def test_a_kr_that_looks_numeric_but_cannot_be_read_is_refused(
    support: Path, kr: str, message: str
) -> None:
    files = snapshot(support)
    args = ["--title", "Paying customers stay", "--type", "committed", "--kr", kr]
    result = cli(support, "new", "objective", "support", "--period", "2026-Q4", *args)
    assert result.exit_code == 2
    assert result.stderr == f"okrctl: error: {message}\n"
    assert snapshot(support) == files


def test_several_parents_are_written_as_a_list(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    result = cli(
        root,
        "new",
        "objective",
        "platform",
        "--title",
        "Deploys nobody is afraid of",
        "--type",
        "aspirational",
        "--aligns-to",
        "company/enterprise-fit",
        "--aligns-to",
        "company/efficient-growth/mrr",
        "--kr",
        "Change failure rate: 18 -> 8 %",
        "--kr",
        "Median rollback time: 30 -> 5 min",
    )
    assert result.exit_code == 0, result.stderr
    written = (root / "platform" / "2026-Q4.yaml").read_text(encoding="utf-8")
    assert (
        "    aligns_to:\n      - company/enterprise-fit\n      - company/efficient-growth/mrr\n"
    ) in written
    assert cli(root, "lint", "--strict", ".").exit_code == 0

"""Shell completion: commands and options from typer, refs (teams, key results, KPIs) from the
goal tree of the current directory, and nothing at all (never a traceback) from a broken one.

Completion is asked for the way the shell scripts of `okrctl --show-completion` ask: the
`_OKRCTL_COMPLETE` variable and the words typed so far.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from okrctl import completion
from okrctl.cli import app
from tests.conftest import EXAMPLES, GoalTree, okrctl


def bash(words: str, cwd: Path = EXAMPLES) -> list[str]:
    """What bash offers after `words` (the last word is the one being completed)."""
    parts = words.split(" ")
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(
            app,
            [],
            prog_name="okrctl",
            env={
                "_OKRCTL_COMPLETE": "complete_bash",
                "COMP_WORDS": words,
                "COMP_CWORD": str(len(parts) - 1),
            },
        )
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


def test_commands_and_options() -> None:
    assert bash("okrctl li") == ["lint"]
    assert bash("okrctl kpi ") == ["check", "record"]
    assert bash("okrctl lint --o") == ["--output"]
    assert "--fail-on" in bash("okrctl kpi check --")


def test_format_choices() -> None:
    assert bash("okrctl lint --format ") == ["text", "json", "github", "sarif", "gitlab", "junit"]


def test_teams() -> None:
    teams = ["company", "growth", "platform", "support"]
    assert bash("okrctl score --team ") == teams
    assert bash("okrctl kpi check --team ") == teams
    assert bash("okrctl review --team s") == ["support"]
    assert bash("okrctl new kpi ") == teams


def test_kpi_refs() -> None:
    # examples/support/kpis.yaml, in file order.
    assert bash("okrctl kpi record support/") == [
        "support/first-response-time",
        "support/csat",
        "support/escalation-rate",
        "support/stale-backlog",
    ]
    assert bash("okrctl kpi record growth/m") == ["growth/mrr", "growth/monthly-churn"]


def test_key_result_refs() -> None:
    # examples/support/2026-Q4.yaml: two objectives, three key results each.
    assert bash("okrctl checkin support/2026-Q4/") == [
        "support/2026-Q4/support-as-retention/csat",
        "support/2026-Q4/support-as-retention/reopen-rate",
        "support/2026-Q4/support-as-retention/first-contact-resolution",
        "support/2026-Q4/enterprise-onboarding/self-serve-share",
        "support/2026-Q4/enterprise-onboarding/enterprise-ttv",
        "support/2026-Q4/enterprise-onboarding/sso-guide",
    ]
    # 2026-Q3 has ended (today is 2026-11-29): `checkin` refuses its key results today.
    assert bash("okrctl checkin support/2026-Q3/self-serve-answers/h") == []
    assert bash("okrctl checkin --all support/2026-Q3/self-serve-answers/h") == [
        "support/2026-Q3/self-serve-answers/helpful-articles"
    ]


def test_checkin_offers_what_it_accepts_on_the_date(goals: GoalTree) -> None:
    """Today's periods only; `--date` in an ended period offers that period's; `--all` the
    open ones first, then those that ended latest first, then those not started yet."""
    for period in ("2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"):
        goals.write(
            f"t/{period}.yaml",
            f"team: t\nperiod: {period}\nobjectives:\n  - id: o\n    key_results:\n"
            "      - id: kr\n",
        )
    goals.write("t/2026.yaml", "team: t\nperiod: 2026\nobjectives:\n  - id: y\n")
    goals.write(
        "t/2026-year.yaml",
        "team: t\nperiod: 2026\nobjectives:\n  - id: y\n    key_results:\n      - id: kr\n",
    )
    at = f"okrctl checkin --tree {goals.root}"
    assert bash(f"{at} t/") == ["t/2026-Q4/o/kr", "t/2026/y/kr"]
    assert bash(f"{at} --date 2026-09-30 t/") == ["t/2026-Q3/o/kr", "t/2026/y/kr"]
    assert bash(f"{at} --date yesterday t/2026-Q") == ["t/2026-Q4/o/kr"]
    # A date the command refuses (after today, not a date) leaves today's choice.
    assert bash(f"{at} --date 2027-01-05 t/2026-Q") == ["t/2026-Q4/o/kr"]
    assert bash(f"{at} --date someday t/2026-Q") == ["t/2026-Q4/o/kr"]
    assert bash(f"{at} --all t/") == [
        "t/2026-Q4/o/kr",
        "t/2026/y/kr",
        "t/2026-Q3/o/kr",
        "t/2026-Q2/o/kr",
        "t/2027-Q1/o/kr",
    ]


def test_zsh_keeps_the_open_key_results_first_with_all() -> None:
    result = CliRunner().invoke(
        app,
        [],
        prog_name="okrctl",
        env={
            "_OKRCTL_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": f"okrctl checkin --all --tree {EXAMPLES} support/2026-Q",
        },
    )
    offered = [line.split('"')[1] for line in result.stdout.splitlines()]
    assert [ref.split("/")[1] for ref in offered] == (
        ["2026-Q4"] * 6 + ["2026-Q3"] * 6 + ["2026-Q2"] * 6
    )


def test_every_offered_ref_is_one_checkin_accepts(goals: GoalTree) -> None:
    """A range that is exactly a quarter is that quarter in refs, under the tree's fiscal
    year: the ref offered is the one `checkin` finds."""
    goals.write("okrctl.yaml", "fiscal_year_start: 10\n")
    objective = (
        "owner: lin\nobjectives:\n  - id: {id}\n    title: Answers come fast\n"
        "    type: committed\n    key_results:\n"
        "      - {{id: kr, title: Replies within a day, start: 0, target: 10}}\n"
    )
    goals.write(
        "t/range.yaml",
        "team: t\nperiod: {start: 2026-10-01, end: 2026-12-31}\n" + objective.format(id="o"),
    )
    # Fiscal 2026-Q4 (fiscal years starting in October): July to September 2026.
    goals.write("t/fiscal.yaml", "team: t\nperiod: 2026-Q4\n" + objective.format(id="old"))
    offered = bash("okrctl checkin t/", cwd=goals.root)
    assert offered == ["t/2027-Q1/o/kr"]
    result = okrctl("checkin", offered[0], "4", "--dry-run", cwd=goals.root)
    assert result.returncode == 0, result.stderr
    # --config is the config the command reads: calendar quarters here.
    calendar = goals.write("calendar.yaml", "fiscal_year_start: 1\n")
    offered = bash(f"okrctl checkin --config {calendar} t/", cwd=goals.root)
    assert offered == ["t/2026-Q4/old/kr", "t/2026-Q4/o/kr"]  # fiscal.yaml, range.yaml
    for ref in offered:
        result = okrctl("checkin", ref, "4", "--dry-run", "--config", str(calendar), cwd=goals.root)
        assert result.returncode == 0, result.stderr


def test_refs_come_with_their_titles_for_shells_that_show_help() -> None:
    result = CliRunner().invoke(
        app,
        [],
        prog_name="okrctl",
        env={
            "_OKRCTL_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": f"okrctl kpi record --tree {EXAMPLES} support/cs",
        },
    )
    assert result.stdout == (
        '_arguments \'*: :(("support/csat":"Customer satisfaction (post-resolution survey)"))\'\n'
    )


def test_refs_follow_tree_and_positions(goals: GoalTree) -> None:
    goals.write(
        "team-a/2026.yaml",
        """
        team: team-a
        period: 2026
        objectives:
          - id: grow
            title: Grow
            key_results:
              - title: the first, without an id
              - id: second
                title: the second
        """,
    )
    goals.write(
        "team-b/range.yaml",
        "team: team-b\nperiod: {start: 2026-10-01, end: 2026-12-31}\n"
        "objectives:\n  - id: x\n    key_results:\n      - id: y\n",
    )
    assert bash(f"okrctl checkin --tree {goals.root} t", cwd=EXAMPLES) == [
        "team-a/2026/grow/1",
        "team-a/2026/grow/second",
        "team-b/2026-Q4/x/y",  # the quarter it is, as `checkin` finds it
    ]


def test_a_broken_tree_completes_nothing_and_never_fails(goals: GoalTree) -> None:
    goals.write("bad/syntax.yaml", "team: [unclosed\n")
    goals.write("bad/list.yaml", "- just\n- a list\n")
    (goals.root / "bad" / "bytes.yaml").write_bytes(b"\xff\xfe\x00garbage")
    goals.write("bad/no-team.yaml", "objectives: []\n")
    goals.write("bad/odd.yaml", "team: odd\nperiod: someday\nobjectives: {not: a list}\nkpis: 3\n")
    assert bash("okrctl kpi record ", cwd=goals.root) == []
    assert bash("okrctl checkin ", cwd=goals.root) == []
    assert bash("okrctl score --team ", cwd=goals.root) == ["odd"]
    # A tree that is not there.
    assert bash(f"okrctl checkin --tree {goals.root / 'nowhere'} ", cwd=goals.root) == []


def test_an_unexpected_error_completes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(roots: object) -> completion.GoalRefs:
        raise RuntimeError("boom")

    monkeypatch.setattr(completion, "goal_refs", explode)
    context = typer.Context(typer.main.get_command(app))
    assert completion.complete_team(context, "") == []
    assert completion.complete_kpi(context, "") == []
    assert completion.complete_key_result(context, "") == []


def test_show_completion_prints_the_script() -> None:
    result = CliRunner().invoke(
        app, ["--show-completion"], prog_name="okrctl", env={"SHELL": "/bin/bash"}
    )
    assert result.exit_code == 0
    assert "_OKRCTL_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _okrctl_completion okrctl" in result.stdout


def test_completing_refs_does_not_build_the_models() -> None:
    """TAB must answer quickly: refs are read as plain YAML, without validating the files
    (typer itself imports pydantic to parse any command line, so that is not the test)."""
    script = Path(sys.executable).with_name("okrctl")
    if not script.exists():
        pytest.skip("no okrctl console script beside the interpreter")
    result = subprocess.run(
        [sys.executable, "-X", "importtime", str(script)],
        cwd=EXAMPLES,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "_OKRCTL_COMPLETE": "complete_bash",
            # --all: what is offered does not depend on the real clock of this process.
            "COMP_WORDS": "okrctl checkin --all support/2026-Q4/enterprise-onboarding/s",
            "COMP_CWORD": "3",
        },
    )
    assert result.stdout.splitlines() == [
        "support/2026-Q4/enterprise-onboarding/self-serve-share",
        "support/2026-Q4/enterprise-onboarding/sso-guide",
    ]
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "okrctl.completion" in imported
    heavy = (
        "okrctl.load.loader",
        "okrctl.load.goal_tree",
        "okrctl.model.goals",
        "okrctl.model.tree",
    )
    assert not imported & set(heavy)


def test_initiative_offers_objectives_and_key_results() -> None:
    # examples/support: each objective, then its key results; today's quarter first.
    offered = bash("okrctl initiative support/")
    assert offered[:4] == [
        "support/2026-Q4/support-as-retention",
        "support/2026-Q4/support-as-retention/csat",
        "support/2026-Q4/support-as-retention/reopen-rate",
        "support/2026-Q4/support-as-retention/first-contact-resolution",
    ]
    # Past periods too (an initiative may be recorded on them), after today's.
    assert "support/2026-Q3/self-serve-answers" in offered
    assert offered.index("support/2026-Q3/self-serve-answers") > offered.index(
        "support/2026-Q4/enterprise-onboarding/sso-guide"
    )
    assert bash("okrctl initiative support/2026-Q4/enterprise-onboarding/s") == [
        "support/2026-Q4/enterprise-onboarding/self-serve-share",
        "support/2026-Q4/enterprise-onboarding/sso-guide",
    ]

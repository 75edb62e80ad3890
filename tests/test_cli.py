"""The command line as users and CI meet it: exit codes, formats, one-line errors, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from okrctl import __version__
from okrctl.rules import all_rules
from tests.conftest import REPO, GoalTree, okrctl

GOOD = """
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
      - title: CSAT reaches 4.6
        start: 4.1
        target: 4.6
"""


def test_version() -> None:
    result = okrctl("--version")
    assert result.returncode == 0
    assert result.stdout == f"okrctl {__version__}\n"


def test_help_lists_commands_and_each_command_has_an_example() -> None:
    result = okrctl("--help")
    assert result.returncode == 0
    assert "lint" in result.stdout and "rules" in result.stdout
    for command in ("lint", "rules"):
        help_text = okrctl(command, "--help").stdout
        assert "Example: okrctl " + command in help_text


def test_missing_path_is_a_one_line_usage_error(tmp_path: Path) -> None:
    result = okrctl("lint", "does-not-exist.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "okrctl: error: does-not-exist.yaml: no such file or directory\n"


def test_done_means_each_mistake_at_its_exact_line(tmp_path: Path) -> None:
    """The issue's acceptance case: a typo, a duplicate key, a string value, an unresolved
    reference and, in another file, a syntax error: each reported at its place, exit 1."""
    goals = GoalTree(tmp_path)
    goals.write(
        "support/2026-Q4.yaml",
        """
        team: support
        period: 2026-Q4
        owner: lin
        objectives:
          - id: faster-replies
            title: Customers get answers fast
            type: committed
            aligns_to: company/delight-customers
            key_results:
              - title: First-response time down to 25 minutes
                start: 52
                taget: 25
                target: 25
              - title: CSAT reaches 4.6
                start: 4.1
                target: 4.6
                target: 4.7
              - title: Trial-to-paid conversion reaches 18%
                start: 12
                target: "18%"
        """,
    )
    goals.write("growth/2026-Q4.yaml", "team: growth\nobjectives: [\n  - id: x\n")
    result = okrctl("lint", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line]
    assert lines == [
        "growth/2026-Q4.yaml:3:3: error: did not find expected node content while parsing a "
        "flow node [OK001 yaml-syntax]",
        "support/2026-Q4.yaml:8:16: error: `company/delight-customers` names no objective of "
        "team `company` in 2026-Q4 or a period containing it [OK007 unresolved-reference]",
        "support/2026-Q4.yaml:12:9: error: unknown field `taget` in numeric key result "
        "(did you mean `target`?) [OK003 unknown-field]",
        "support/2026-Q4.yaml:17:9: error: duplicate key `target` (first defined at line 16); "
        "YAML would silently keep only the last one [OK002 duplicate-key]",
        'support/2026-Q4.yaml:20:17: error: `target`: expected a number, got the text "18%": '
        'write 18 and put the unit in `unit` (e.g. `unit: "%"`) [OK005 invalid-value]',
        "Found 5 errors in 2 of 2 files.",
    ]


def test_clean_tree_exits_zero_with_a_summary(goals: GoalTree) -> None:
    goals.write("support.yaml", GOOD)
    result = okrctl("lint", cwd=goals.root)
    assert result.returncode == 0
    assert result.stdout == "All checks passed (1 file).\n"


def test_json_format_schema(goals: GoalTree) -> None:
    goals.write("support.yaml", GOOD.replace("owner: lin\n", ""))
    result = goals.lint()
    assert result.exit_code == 0  # a warning alone does not fail
    assert result.document == {
        "findings": [
            {
                "path": "support.yaml",
                "line": 4,
                "column": 5,
                "code": "OK101",
                "rule": "missing-owner",
                "severity": "warning",
                "message": "objective `faster-replies` has no owner: name the one person "
                "accountable (or set `owner` at the top of the file)",
            }
        ],
        "summary": {"files": 1, "errors": 0, "warnings": 1, "infos": 0},
    }


def test_strict_fails_on_warnings(goals: GoalTree) -> None:
    goals.write("support.yaml", GOOD.replace("owner: lin\n", ""))
    assert goals.lint().exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_paths_are_relative_to_the_current_directory(goals: GoalTree) -> None:
    goals.write("teams/support.yaml", GOOD.replace("owner: lin\n", ""))
    result = okrctl("lint", "--format", "json", "teams", cwd=goals.root)
    paths = [f["path"] for f in json.loads(result.stdout)["findings"]]
    assert paths == ["teams/support.yaml"]


def test_github_format_escapes_messages_and_properties(goals: GoalTree) -> None:
    goals.write("a,b:c.yaml", GOOD.replace("target: 4.6", 'target: "4.6%"'))
    result = okrctl("lint", "--format", "github", cwd=goals.root)
    assert result.returncode == 1
    assert result.stdout == (
        # `"4.6%"` is columns 17 to 22 of line 14.
        "::error file=a%2Cb%3Ac.yaml,line=14,endLine=14,col=17,endColumn=22,"
        "title=OK005 invalid-value::"
        '`target`: expected a number, got the text "4.6%25": write 4.6 and put the unit in '
        '`unit` (e.g. `unit: "%25"`)\n'
    )


def test_text_output_has_no_colour_codes_when_piped(goals: GoalTree) -> None:
    goals.write("support.yaml", GOOD.replace("owner: lin\n", ""))
    result = okrctl("lint", cwd=goals.root)
    assert "\x1b[" not in result.stdout


def test_rules_lists_every_rule_with_code_and_severity() -> None:
    result = okrctl("rules")
    assert result.returncode == 0
    for rule in all_rules():
        assert f"{rule.CODE}  {rule.NAME} " in result.stdout


def test_rule_documentation_by_name_or_code() -> None:
    by_name = okrctl("rules", "target-already-met")
    by_code = okrctl("rules", "OK108")
    assert by_name.returncode == 0
    assert by_name.stdout == by_code.stdout
    assert by_name.stdout.startswith(
        "target-already-met: a key result or an objective holds a level"
    )
    assert "Code: OK108. Default severity: warning." in by_name.stdout


def test_unknown_rule_suggests_the_closest() -> None:
    result = okrctl("rules", "target-already-mt")
    assert result.returncode == 2
    assert result.stderr == (
        "okrctl: error: no rule named `target-already-mt` (did you mean `target-already-met`?)\n"
    )


def test_every_rule_is_documented_with_an_example_and_a_fix() -> None:
    codes = [rule.CODE for rule in all_rules()]
    names = [rule.NAME for rule in all_rules()]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    for rule in all_rules():
        doc = rule.__doc__ or ""
        assert doc.startswith(f"{rule.NAME}: "), rule.NAME
        assert "Fix:" in doc, rule.NAME


def test_docs_rules_page_is_generated_from_the_docstrings() -> None:
    """docs/rules.md cannot drift: it must equal `okrctl rules --format markdown`."""
    result = okrctl("rules", "--format", "markdown")
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == result.stdout


def test_help_paragraphs_are_reflowed_to_the_terminal_width() -> None:
    from okrctl.cli import reflowed

    assert reflowed(
        """First line.

        A paragraph written on
        three lines, with maintain-or-
        achieve split at a hyphen.

        Example: okrctl lint ."""
    ) == (
        "First line.\n\nA paragraph written on three lines, with maintain-or-achieve split at a "
        "hyphen.\n\nExample: okrctl lint ."
    )


def test_every_commands_help_is_wrapped_by_the_terminal_not_by_its_docstring() -> None:
    from typer.testing import CliRunner

    from okrctl.cli import app

    # At 80 columns a docstring's own line breaks (written for 100) made ragged help:
    # "...the goal tree around them is read" / "too, for the" / "rules that need all of it...".
    result = CliRunner().invoke(app, ["lint", "--help"], env={"COLUMNS": "80"}, prog_name="okrctl")
    lines = [line.rstrip() for line in result.output.splitlines()]
    first = lines.index(
        " Given files (as pre-commit passes them), the goal tree around them is read"
    )
    assert lines[first : first + 3] == [
        " Given files (as pre-commit passes them), the goal tree around them is read",
        " too, for the rules that need all of it, and only findings in the files named",
        " are reported.",
    ]


@pytest.mark.parametrize("closed", [">&-", "2>&-", ">&- 2>&-"])
def test_a_closed_output_stream_drops_the_report_and_keeps_the_exit_status(closed: str) -> None:
    """`okrctl lint >&-` (the process is what is tested: Python makes a closed stream None)."""
    import shlex
    import subprocess
    import sys

    hostile = shlex.quote(str(Path(__file__).parent / "data" / "hostile"))
    command = f"{shlex.quote(sys.executable)} -m okrctl --no-cache lint {hostile} {closed}"
    result = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=False)
    assert result.returncode == 1  # findings, not a crash (2) nor success
    assert "Traceback" not in result.stderr

"""The CI formats of `okrctl lint`: SARIF (validated against the official schema), GitLab Code
Quality, JUnit, GitHub workflow commands and the job summary, and `--output FILE`.

The tree below has three errors in support/2026-Q4.yaml, at hand-counted places, and one clean
file, company/2026.yaml.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest
from typer.testing import CliRunner, Result

from okrctl import __version__
from okrctl.cli import app
from okrctl.reports import LINT
from okrctl.reports.lint_github import escape_data, escape_property
from okrctl.rules import all_rules
from okrctl.rules.docs import documentation, markdown_help, summary
from tests.conftest import REPO, GoalTree

SCHEMA = json.loads(
    (REPO / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)

COMPANY = """
team: company
period: 2026
owner: maria
objectives:
  - id: delight-customers
    title: Customers recommend us to their peers
    type: committed
    key_results:
      - title: NPS from 30 to 45
        start: 30
        target: 45
      - title: Logo churn from 3% to 2%
        start: 3
        target: 2
        unit: "%"
"""

# Line 8: `    aligns_to: ` is 15 characters, so the value starts in column 16 and, 24 characters
# long, ends before column 40. Line 10: `      - ` puts `title` at column 9 (ends before 14);
# the key result has no `target`. Line 12: `tally` at column 9, ends before column 14 (a
# field no known one is close to: a misspelt `target` would be reported once, as the typo).
SUPPORT = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed
    aligns_to: company/delight-customer
    key_results:
      - title: Median first-response time down to 25 minutes
        start: 52
        tally: 25
        unit: min
      - title: CSAT from 4.1 to 4.6
        start: 4.1
        target: 4.6
"""

UNRESOLVED = (
    "`company/delight-customer` names no objective of team `company` in 2026-Q4 or a period "
    "containing it (did you mean `company/delight-customers`?)"
)
MISSING = "numeric key result is missing `target` (the value that means the key result is met)"
UNKNOWN = "unknown field `tally` in numeric key result"

# (code, name, line, column, end line, end column, message) in report order.
EXPECTED = [
    ("OK007", "unresolved-reference", 8, 16, 8, 40, UNRESOLVED),
    ("OK004", "missing-field", 10, 9, 10, 14, MISSING),
    ("OK003", "unknown-field", 12, 9, 12, 14, UNKNOWN),
]


@pytest.fixture
def tree(goals: GoalTree) -> GoalTree:
    goals.write("company/2026.yaml", COMPANY)
    goals.write("support/2026-Q4.yaml", SUPPORT)
    return goals


def lint(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """`okrctl lint ARGS` in-process, in `cwd`, with GITHUB_STEP_SUMMARY unset unless given."""
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(
            app, ["lint", *args], env={"GITHUB_STEP_SUMMARY": None, **(env or {})}
        )
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def sarif(cwd: Path, *args: str) -> dict[str, Any]:
    result = lint(cwd, "--format", "sarif", *args)
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_every_format_in_the_registry_is_a_format_choice() -> None:
    assert list(LINT.names) == ["text", "json", "github", "sarif", "gitlab", "junit"]


# --- SARIF --------------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(tree: GoalTree) -> None:
    result = lint(tree.root, "--format", "sarif")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    assert document["version"] == "2.1.0"
    assert document["$schema"] == SCHEMA["id"]


def test_sarif_clean_run_validates_too(goals: GoalTree) -> None:
    goals.write("company/2026.yaml", COMPANY)
    result = lint(goals.root, "--format", "sarif")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    assert document["runs"][0]["results"] == []


def test_sarif_results_exact(tree: GoalTree) -> None:
    (run,) = sarif(tree.root)["runs"]
    codes = [rule.CODE for rule in all_rules()]
    got = []
    for result in run["results"]:
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {
            "uri": "support/2026-Q4.yaml",
            "uriBaseId": "%SRCROOT%",
        }
        region = physical["region"]
        assert codes[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] == "error"
        got.append(
            (
                result["ruleId"],
                run["tool"]["driver"]["rules"][result["ruleIndex"]]["name"],
                region["startLine"],
                region["startColumn"],
                region["endLine"],
                region["endColumn"],
                result["message"]["text"],
            )
        )
    assert got == EXPECTED
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_describes_every_rule_from_its_docstring(tree: GoalTree) -> None:
    driver = sarif(tree.root)["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("okrctl", __version__)
    assert driver["informationUri"] == "https://pypi.org/project/okrctl/"
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert [r["id"] for r in driver["rules"]] == [rule.CODE for rule in all_rules()]
    for descriptor, rule in zip(driver["rules"], all_rules(), strict=True):
        assert descriptor["name"] == rule.NAME
        # The first line of the docs, written as a sentence (issue 19, item 2).
        short = summary(rule)
        assert descriptor["shortDescription"] == {"text": short[0].upper() + short[1:]}
        assert descriptor["shortDescription"]["text"].endswith(".")
        assert descriptor["fullDescription"]["text"].startswith(short[0].upper() + short[1:])
        assert len(descriptor["fullDescription"]["text"]) > len(summary(rule))
        assert descriptor["help"] == {
            "text": documentation(rule),
            "markdown": markdown_help(rule),
        }
        assert descriptor["defaultConfiguration"] == {"level": levels[rule.SEVERITY.value]}
        assert descriptor["helpUri"] == (
            f"https://github.com/okrctl/okrctl/blob/v{__version__}/docs/rules.md#{rule.NAME}"
        )
        tags = descriptor["properties"]["tags"]
        assert tags[0] == ("correctness" if rule.SEVERITY.value == "error" else "maintainability")
        assert descriptor["properties"]["precision"] in ("very-high", "high", "medium")


def test_sarif_levels_follow_the_configured_severity(tree: GoalTree) -> None:
    tree.write("okrctl.yaml", "lint:\n  rules:\n    unknown-field:\n      severity: info\n")
    results = sarif(tree.root)["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("OK007", "error"),
        ("OK004", "error"),
        ("OK003", "note"),
    ]


def test_sarif_uri_is_from_the_repository_root_with_forward_slashes(tree: GoalTree) -> None:
    """Run from inside the tree, as `cd goals && okrctl lint .` would: the URI still starts at
    the repository's root, which is what code scanning matches files by."""
    (tree.root / ".git").mkdir()
    support = tree.root / "support"
    results = sarif(support, ".")["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        "support/2026-Q4.yaml"
    }
    # And without a repository, from the current directory.
    (tree.root / ".git").rmdir()
    results = sarif(support, ".")["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        "2026-Q4.yaml"
    }


def test_sarif_uri_is_percent_encoded(goals: GoalTree) -> None:
    goals.write("my goals/2026 Q4.yaml", "team: support\n")
    (result,) = sarif(goals.root)["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "my%20goals/2026%20Q4.yaml"
    # "a goal file needs `objectives`, `kpis` or both", at the file's first key, `team`.
    assert location["region"] == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 5}


def fingerprints(document: dict[str, Any]) -> list[str]:
    return [r["partialFingerprints"]["okrctl/v2"] for r in document["runs"][0]["results"]]


def test_sarif_fingerprints_are_stable_unique_and_survive_moved_lines(tree: GoalTree) -> None:
    first = fingerprints(sarif(tree.root))
    assert len(set(first)) == 3
    assert fingerprints(sarif(tree.root)) == first
    # Two comment lines above every finding: the lines change, the fingerprints do not.
    tree.write("support/2026-Q4.yaml", "# the support team\n# owned by lin\n" + SUPPORT.lstrip())
    moved = sarif(tree.root)
    assert [
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in (moved["runs"][0]["results"])
    ] == [10, 12, 14]
    assert fingerprints(moved) == first


def test_identical_findings_get_distinct_fingerprints(goals: GoalTree) -> None:
    # The same message twice in one file: kpi-without-band and -cadence for two KPIs named
    # alike would differ by id, so use two identical unknown fields in two KPIs.
    goals.write(
        "support/kpis.yaml",
        """
        team: support
        kpis:
          - {id: a, title: A, owner: lin, cadence: weekly, band: {max: 5}, colour: red}
          - {id: b, title: B, owner: lin, cadence: weekly, band: {max: 5}, colour: red}
        """,
    )
    document = sarif(goals.root)
    messages = [r["message"]["text"] for r in document["runs"][0]["results"]]
    assert messages == ["unknown field `colour` in KPI"] * 2
    assert len(set(fingerprints(document))) == 2


# --- GitLab Code Quality ------------------------------------------------------------------------


def test_gitlab_code_quality_exact(tree: GoalTree) -> None:
    result = lint(tree.root, "--format", "gitlab")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert [(i["check_name"], i["severity"], i["location"], i["description"]) for i in issues] == [
        (
            code,
            "major",
            {"path": "support/2026-Q4.yaml", "lines": {"begin": line}},
            f"{message} [{code} {name}]",
        )
        for code, name, line, _, _, _, message in EXPECTED
    ]
    assert all(i["type"] == "issue" and i["engine_name"] == "okrctl" for i in issues)
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == 3
    assert [i["fingerprint"] for i in json.loads(lint(tree.root, "-f", "gitlab").stdout)] == prints
    # The same fingerprints as SARIF: one finding, one identity, whichever CI system.
    assert prints == fingerprints(sarif(tree.root))


def test_gitlab_severities(goals: GoalTree) -> None:
    goals.write(
        "support/2026-Q4.yaml",
        """
        team: support
        period: 2026-Q4
        objectives:
          - id: faster-replies
            title: Customers get answers fast
            type: committed
            key_results:
              - title: Launch the new help centre
                done: false
              - title: CSAT reaches 4.6
                start: 4.1
                target: 4.6
                confidence: 2
        """,
    )
    issues = json.loads(lint(goals.root, "--format", "gitlab").stdout)
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("OK101", "minor"),  # missing-owner, a warning
        ("OK110", "info"),  # output-not-outcome, an info
        ("OK003", "major"),  # unknown-field `confidence`, an error
    ]


def test_gitlab_clean_run_is_an_empty_list(goals: GoalTree) -> None:
    goals.write("company/2026.yaml", COMPANY)
    assert lint(goals.root, "--format", "gitlab").stdout == "[]\n"


# --- JUnit --------------------------------------------------------------------------------------


def test_junit_one_suite_per_file_failures_per_finding_and_a_pass_for_clean_files(
    tree: GoalTree,
) -> None:
    result = lint(tree.root, "--format", "junit")
    assert result.exit_code == 1
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    root = ElementTree.fromstring(result.stdout)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "3", "0")
    suites = {suite.get("name"): suite for suite in root}
    assert list(suites) == ["company/2026.yaml", "support/2026-Q4.yaml"]

    # The file is a property of its suite (the Jenkins schema has no `file` or `line` on a
    # test case: issue 19, item 5).
    properties, clean = suites["company/2026.yaml"]
    assert [p.attrib for p in properties] == [{"name": "file", "value": "company/2026.yaml"}]
    assert clean.attrib == {"classname": "company/2026", "name": "okrctl lint", "time": "0"}
    assert list(clean) == []

    support = suites["support/2026-Q4.yaml"]
    assert (support.get("tests"), support.get("failures")) == ("3", "3")
    got = []
    for case in support.iter("testcase"):
        (failure,) = case
        assert failure.tag == "failure" and failure.get("type") == "error"
        got.append((case.get("name"), failure.get("message"), failure.text))
    assert got == [
        (
            f"{code} {name} at {line}:{column}",
            message,
            f"support/2026-Q4.yaml:{line}:{column}: error: {message} [{code} {name}]",
        )
        for code, name, line, column, _, _, message in EXPECTED
    ]


def test_junit_survives_characters_xml_cannot_carry(goals: GoalTree) -> None:
    goals.write("support/kpis.yaml", 'team: support\nkpis:\n  - {"bell\\x07": 1}\n')
    root = ElementTree.fromstring(lint(goals.root, "--format", "junit").stdout)
    messages = [failure.get("message") for failure in root.iter("failure")]
    assert "unknown field `bell\ufffd` in KPI" in messages


# --- GitHub workflow commands and the job summary -----------------------------------------------


def test_github_escapes_messages_and_properties() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


def test_github_annotations_with_hostile_names(goals: GoalTree) -> None:
    """A file name with `:` and `,` and a key with `%` and a line break cannot break out of
    the workflow command (a forged `::error` or a cut message)."""
    goals.write("odd:name,1.yaml", 'team: support\nkpis:\n  - {"50%\\nx": 1}\n')
    result = lint(goals.root, "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "::error file=odd%3Aname%2C1.yaml,line=3,endLine=3,col=6,endColumn=13,"
        "title=OK003 unknown-field::"
        "unknown field `50%25%0Ax` in KPI"
    ) in lines
    assert all(line.startswith("::") for line in lines)


def test_github_annotations_exact(tree: GoalTree) -> None:
    result = lint(tree.root, "--format", "github")
    # The end column is the finding's last character (SARIF's is the one after it).
    assert result.stdout.splitlines() == [
        f"::error file=support/2026-Q4.yaml,line={line},endLine={end_line},col={column},"
        f"endColumn={end_column - 1},title={code} {name}::{message}"
        for code, name, line, column, end_line, end_column, message in EXPECTED
    ]


def in_summary(message: str) -> str:
    """A message as the job summary writes it: its backticks shown, not opening code spans."""
    return message.replace("`", "\\`")


def test_github_appends_a_job_summary(tree: GoalTree) -> None:
    summary = tree.root.parent / f"{tree.root.name}-summary.md"
    summary.write_text("# Earlier step\n\n", encoding="utf-8")
    result = lint(tree.root, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert summary.read_text(encoding="utf-8") == (
        "# Earlier step\n\n"
        "### okrctl lint\n\n"
        "Found 3 errors in 1 of 2 files.\n\n"
        "| severity | findings |\n|---|---:|\n| error | 3 |\n| warning | 0 |\n| info | 0 |\n\n"
        "| rule | severity | findings |\n|---|---|---:|\n"
        "| OK003 unknown-field | error | 1 |\n"
        "| OK004 missing-field | error | 1 |\n"
        "| OK007 unresolved-reference | error | 1 |\n\n"
        "| where | severity | rule | message |\n|---|---|---|---|\n"
        "| support/2026-Q4.yaml:8:16 | error | OK007 unresolved-reference | "
        f"{in_summary(UNRESOLVED)} |\n"
        f"| support/2026-Q4.yaml:10:9 | error | OK004 missing-field | {in_summary(MISSING)} |\n"
        f"| support/2026-Q4.yaml:12:9 | error | OK003 unknown-field | {in_summary(UNKNOWN)} |\n\n"
    )
    # A second run appends again; nothing is ever truncated.
    lint(tree.root, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text(encoding="utf-8").count("### okrctl lint") == 2


def test_job_summary_of_a_clean_tree(goals: GoalTree) -> None:
    goals.write("company/2026.yaml", COMPANY)
    summary = goals.root.parent / f"{goals.root.name}-summary.md"
    result = lint(goals.root, "-f", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0
    assert (
        summary.read_text(encoding="utf-8") == "### okrctl lint\n\nAll checks passed (1 file).\n\n"
    )


def test_job_summary_only_with_the_github_format(tree: GoalTree) -> None:
    summary = tree.root.parent / f"{tree.root.name}-summary.md"
    for output_format in ("text", "sarif", "json"):
        lint(tree.root, "-f", output_format, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()


def test_job_summary_table_is_capped_and_cells_are_escaped(goals: GoalTree) -> None:
    kpis = "".join(f'  - {{id: k{n}, "a|b<i>": 1}}\n' for n in range(60))
    goals.write("support/kpis.yaml", "team: support\nkpis:\n" + kpis)
    summary = goals.root.parent / f"{goals.root.name}-summary.md"
    lint(goals.root, "-f", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| support/kpis.yaml:")]
    assert len(rows) == 50
    assert (
        "| support/kpis.yaml:3:14 | error | OK003 unknown-field | "
        "unknown field \\`a\\|b&lt;i&gt;\\` in KPI |"
    ) in rows
    # Each of the 60 KPIs has an unknown field and no title and no owner (3 x 60 errors); each
    # is still checked as far as it is valid, and has no band and no cadence (2 x 60
    # warnings); 60 KPIs are more than the 7 a team can watch (1 warning). Of the 120
    # missing-field errors 100 are listed and one more finding counts the other 20
    # (lint.max_findings_per_rule): 282 findings, 50 shown.
    assert "Found 161 errors, 121 warnings in 1 of 1 file.\n" in text
    assert text.endswith("... and 232 more findings: run `okrctl lint` for all of them.\n\n")


def test_a_summary_that_cannot_be_written_is_a_warning_not_a_failure(tree: GoalTree) -> None:
    folder = tree.root.parent / f"{tree.root.name}-a-folder"
    folder.mkdir()
    result = lint(tree.root, "-f", "github", env={"GITHUB_STEP_SUMMARY": str(folder)})
    assert result.exit_code == 1  # the findings decide, as without the summary
    assert result.stderr == (
        f"okrctl: warning: cannot append the summary to $GITHUB_STEP_SUMMARY ({folder}): "
        "Is a directory\n"
    )
    assert len(result.stdout.splitlines()) == 3


# --- --output -----------------------------------------------------------------------------------


def test_output_writes_the_format_to_the_file_and_text_to_the_terminal(tree: GoalTree) -> None:
    result = lint(tree.root, "--format", "sarif", "--output", "okrctl.sarif")
    assert result.exit_code == 1
    assert result.stdout.endswith("Found 3 errors in 1 of 2 files.\n")
    assert "support/2026-Q4.yaml:8:16: error: " in result.stdout
    written = json.loads((tree.root / "okrctl.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SCHEMA).validate(written)
    assert written == sarif(tree.root)
    # Nothing but the named file was created (no temporary file left beside it).
    assert sorted(p.name for p in tree.root.iterdir()) == ["company", "okrctl.sarif", "support"]


def test_output_replaces_an_earlier_report(tree: GoalTree) -> None:
    (tree.root / "report.xml").write_text("old", encoding="utf-8")
    lint(tree.root, "-f", "junit", "-o", "report.xml")
    assert (tree.root / "report.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_output_in_a_missing_folder_is_a_usage_error(tree: GoalTree) -> None:
    before = sorted(str(p.relative_to(tree.root)) for p in tree.root.rglob("*"))
    result = lint(tree.root, "-f", "gitlab", "-o", "reports/okrctl.json")
    assert result.exit_code == 2
    assert result.stderr == (
        "okrctl: error: --output reports/okrctl.json: no such folder `reports`\n"
    )
    assert sorted(str(p.relative_to(tree.root)) for p in tree.root.rglob("*")) == before


def test_github_names_files_from_the_repository_root(tree: GoalTree) -> None:
    (tree.root / ".git").mkdir()
    result = lint(tree.root / "support", ".", "--format", "github")
    assert [line.split(",", 1)[0] for line in result.stdout.splitlines()] == [
        "::error file=support/2026-Q4.yaml"
    ] * 3


def test_the_text_report_without_colour_is_what_rich_draws_of_it() -> None:
    """The plain text report is written directly (rich laid a few thousand findings out for
    half a second); what it writes is what rich draws, for messages that need escaping too."""
    from io import StringIO

    from rich.console import Console
    from rich.text import Text

    from okrctl.findings import Finding, Location, Severity
    from okrctl.linting import LintResult
    from okrctl.reports import PLAIN, escape, lint_text

    messages = ["plain", "a tab\\there", "ctrl \x1b[31m red", "wide 漢字 and e\u0301", "[bold]x[/]"]
    findings = tuple(
        Finding(Location(f"dir/{n % 2}.yaml", n + 1, 3), "OK101", "rule", severity, message)
        for n, (severity, message) in enumerate((s, m) for s in Severity for m in messages)
    )
    for result in (LintResult(findings, 3), LintResult((), 2)):
        buffer = StringIO()
        console = Console(
            file=buffer,
            no_color=True,
            width=10_000,
            soft_wrap=True,
            highlight=False,
            emoji=False,
            markup=False,
        )
        previous = None
        for f in result.findings:
            if previous is not None and f.path != previous:
                console.print()
            previous = f.path
            console.print(
                Text(
                    f"{escape.text(f.path)}:{f.line}:{f.column}: {f.severity.value}: "
                    f"{escape.text(f.message)} [{f.code} {f.rule}]"
                )
            )
        rendered = lint_text.render(result, PLAIN)
        assert rendered.startswith(escape.lines(buffer.getvalue()))

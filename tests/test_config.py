"""okrctl.yaml and the command line decide which rules run, how severe they are, and with
which options; mistakes in the config are findings at their line; suppression comments;
config discovery."""

import json
from pathlib import Path

from tests.conftest import GoalTree, Lint, okrctl

# Two objectives without owners, an activity key result and an objective with a single key
# result: four findings of three rules, each at a known place.
FILE = """
team: support
period: 2026-Q4
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
      - title: First-response time down to 25 minutes
        start: 52
        target: 25
      - title: Launch the new help centre
        done: false
  - id: self-service
    title: Customers solve problems on their own
    type: aspirational
    key_results:
      - title: Help-centre deflection reaches 30%
        start: 18
        target: 30
"""

# Objective mappings start at column 5 (`  - id: `); the title value at column 16
# (`      - title: `); the `key_results` key at column 5.
OWNER_1 = ("support.yaml", 4, 5, "missing-owner")
OUTPUT = ("support.yaml", 11, 16, "output-not-outcome")
OWNER_2 = ("support.yaml", 13, 5, "missing-owner")
COUNT = ("support.yaml", 16, 5, "key-result-count")
ALL = [OWNER_1, OUTPUT, OWNER_2, COUNT]

# A third objective, owned, with two key results: lines 20 to 30.
THIRD = """\
  - id: happy-agents
    title: Support agents enjoy their work
    type: aspirational
    owner: lin
    key_results:
      - title: Agent eNPS reaches 30
        start: 12
        target: 30
      - title: Attrition down to 10%
        start: 18
        target: 10
"""


def severities(result: Lint) -> dict[tuple[int, str], str]:
    """Effective severity by (line, rule)."""
    return {(f["line"], f["rule"]): f["severity"] for f in result.document["findings"]}


# --- defaults ------------------------------------------------------------------------------


def test_without_config_every_rule_runs_at_its_default_severity(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == ALL
    assert severities(result) == {
        (4, "missing-owner"): "warning",
        (11, "output-not-outcome"): "info",
        (13, "missing-owner"): "warning",
        (16, "key-result-count"): "warning",
    }
    assert result.exit_code == 0


# --- select and ignore in okrctl.yaml ------------------------------------------------------


def test_config_ignore_by_name_and_by_code(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  ignore: [missing-owner, OK110]\n")
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == [COUNT]


def test_config_select_runs_only_those_rules(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  select: [missing-owner]\n")
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == [OWNER_1, OWNER_2]


def test_config_ignore_applies_after_select(goals: GoalTree) -> None:
    goals.write(
        "okrctl.yaml",
        "lint:\n  select: [OK101, key-result-count]\n  ignore: [key-result-count]\n",
    )
    goals.write("support.yaml", FILE)
    assert goals.lint().findings == [OWNER_1, OWNER_2]


# --- severity overrides ---------------------------------------------------------------------


def test_severity_override_to_error_fails_the_run(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  rules:\n    missing-owner: {severity: error}\n")
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == ALL
    assert severities(result) == {
        (4, "missing-owner"): "error",
        (11, "output-not-outcome"): "info",
        (13, "missing-owner"): "error",
        (16, "key-result-count"): "warning",
    }
    assert result.document["summary"]["errors"] == 2
    assert result.exit_code == 1


def test_severity_override_to_info_never_fails(goals: GoalTree) -> None:
    goals.write(
        "okrctl.yaml",
        "lint:\n  rules:\n    missing-owner: {severity: info}\n"
        "    key-result-count: {severity: info}\n",
    )
    goals.write("support.yaml", FILE)
    result = goals.lint("--strict")
    assert result.findings == ALL
    assert set(severities(result).values()) == {"info"}
    assert result.exit_code == 0


def test_info_raised_to_warning_fails_with_strict(goals: GoalTree) -> None:
    goals.write(
        "okrctl.yaml",
        "lint:\n  ignore: [missing-owner, key-result-count]\n"
        "  rules:\n    output-not-outcome: {severity: warning}\n",
    )
    goals.write("support.yaml", FILE)
    assert goals.lint().exit_code == 0
    result = goals.lint("--strict")
    assert result.findings == [OUTPUT]
    assert severities(result) == {(11, "output-not-outcome"): "warning"}
    assert result.exit_code == 1


def test_unknown_severity_is_an_invalid_value(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  rules:\n    missing-owner: {severity: fatal}\n")
    goals.write("support.yaml", FILE)
    result = goals.lint()
    # `    missing-owner: {severity: ` is 30 characters: `fatal` is at line 3, column 31.
    assert result.findings == [("okrctl.yaml", 3, 31, "invalid-value"), *ALL]
    assert result.messages("invalid-value") == [
        "`severity` is one of error, warning, info, got `fatal`"
    ]
    assert severities(result)[(4, "missing-owner")] == "warning"  # the default is kept
    assert result.exit_code == 1


# --- rule options ---------------------------------------------------------------------------


def test_rule_options_change_the_limits(goals: GoalTree) -> None:
    goals.write(
        "okrctl.yaml",
        "lint:\n  rules:\n    too-many-objectives: {max: 2}\n"
        "    key-result-count: {min: 1, max: 3}\n",
    )
    goals.write("support.yaml", FILE + THIRD)
    result = goals.lint()
    # The third objective is over a limit of 2: its id value at line 20, column 9. A single
    # key result is now enough, so self-service is not reported.
    assert result.findings == [
        OWNER_1,
        OUTPUT,
        OWNER_2,
        ("support.yaml", 20, 9, "too-many-objectives"),
    ]
    assert result.messages("too-many-objectives") == [
        "team `support` has 3 objectives in 2026-Q4, more than 2: too many priorities dilute focus"
    ]


def test_without_options_the_defaults_apply(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE + THIRD)
    result = goals.lint()
    assert result.findings == ALL  # three objectives are fine by default (max 5)


def test_a_raised_minimum_reports_every_short_objective(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  rules:\n    key-result-count: {min: 3}\n")
    goals.write("support.yaml", FILE + THIRD)
    result = goals.lint()
    # `key_results` keys at lines 7, 16 and 24.
    assert result.of("key-result-count") == [
        ("support.yaml", 7, 5, "key-result-count"),
        ("support.yaml", 16, 5, "key-result-count"),
        ("support.yaml", 24, 5, "key-result-count"),
    ]
    assert result.messages("key-result-count")[0] == (
        "objective `faster-replies` has 2 key results; 3 to 5 show whether it is met"
    )


def test_an_option_that_is_not_a_whole_number_is_an_invalid_value(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  rules:\n    too-many-objectives: {max: two}\n")
    goals.write("support.yaml", FILE + THIRD)
    result = goals.lint()
    # `    too-many-objectives: {max: ` is 31 characters: `two` at line 3, column 32.
    assert result.findings == [("okrctl.yaml", 3, 32, "invalid-value"), *ALL]
    assert result.messages("invalid-value") == [
        "`max` of `too-many-objectives` is a whole number, got `two`"
    ]


def test_an_unknown_option_is_an_unknown_field(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  rules:\n    too-many-objectives: {maximum: 2}\n")
    goals.write("support.yaml", FILE + THIRD)
    result = goals.lint()
    # `    too-many-objectives: {` is 26 characters: the key `maximum` at line 3, column 27.
    assert result.findings == [("okrctl.yaml", 3, 27, "unknown-field"), *ALL]
    assert result.messages("unknown-field") == [
        "rule `too-many-objectives` has no option `maximum` (did you mean `max`?) "
        "(it has: severity, max)"
    ]
    assert result.exit_code == 1


# --- mistakes in okrctl.yaml ----------------------------------------------------------------

UNKNOWN_RULES = """
lint:
  select:
    - missing-owner
    - output-not-outcom
  ignore: [key-result-cont]
  rules:
    missing-ownr: {severity: error}
"""


def test_unknown_rule_names_in_the_config_are_invalid_values(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", UNKNOWN_RULES)
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == [
        ("okrctl.yaml", 4, 7, "invalid-value"),  # `    - ` is 6 characters
        ("okrctl.yaml", 5, 12, "invalid-value"),  # `  ignore: [` is 11 characters
        ("okrctl.yaml", 7, 5, "invalid-value"),  # the key under `rules`
        OWNER_1,
        OWNER_2,
    ]
    assert result.messages("invalid-value") == [
        "no rule named `output-not-outcom` (did you mean `output-not-outcome`?)",
        "no rule named `key-result-cont` (did you mean `key-result-count`?)",
        "no rule named `missing-ownr` (did you mean `missing-owner`?)",
    ]
    # The misspelt severity override did not apply.
    assert severities(result)[(4, "missing-owner")] == "warning"
    assert result.exit_code == 1


def test_a_misspelt_select_is_reported_not_silently_empty(goals: GoalTree) -> None:
    # `select` names no real rule, so no rule runs: the config mistake must still show, or the
    # run would pass without checking anything.
    goals.write("okrctl.yaml", "lint:\n  select: [missing-ownr]\n")
    goals.write("support.yaml", FILE)
    result = goals.lint()
    # `  select: [` is 11 characters.
    assert result.findings == [("okrctl.yaml", 2, 12, "invalid-value")]
    assert result.messages("invalid-value") == [
        "no rule named `missing-ownr` (did you mean `missing-owner`?)"
    ]
    assert result.exit_code == 1


def test_unknown_top_level_key_and_the_rest_still_applies(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  ignore: [missing-owner]\npeeple: [lin]\n")
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == [("okrctl.yaml", 3, 1, "unknown-field"), OUTPUT, COUNT]
    assert result.messages("unknown-field") == [
        "unknown field `peeple` in okrctl.yaml (did you mean `people`?)"
    ]
    assert result.exit_code == 1


def test_unknown_key_in_the_lint_section(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  ignroe: [missing-owner]\n")
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == [("okrctl.yaml", 2, 3, "unknown-field"), *ALL]
    assert "did you mean `ignore`?" in result.messages("unknown-field")[0]


def test_wrong_types_are_invalid_values(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "people: alice\nfiscal_year_start: 13\n")
    goals.write("support.yaml", FILE.replace("period: 2026-Q4\n", "period: 2026-Q4\nowner: bob\n"))
    result = goals.lint()
    # `people: ` is 8 characters, `fiscal_year_start: ` 19. With no valid roster, `bob` is
    # not checked; with no valid fiscal year, quarters are calendar ones.
    assert result.findings == [
        ("okrctl.yaml", 1, 9, "invalid-value"),
        ("okrctl.yaml", 2, 20, "invalid-value"),
        ("support.yaml", 12, 16, "output-not-outcome"),
        ("support.yaml", 17, 5, "key-result-count"),
    ]
    people, month = result.messages("invalid-value")
    assert people.startswith("`people`: ")
    assert "alice" in people
    assert month == (
        "`fiscal_year_start`: expected a month from 1 (January) to 12 (December), got the number 13"
    )
    assert result.exit_code == 1


# --- --select and --ignore on the command line ----------------------------------------------


def test_cli_select_by_name(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    assert goals.lint("--select", "missing-owner").findings == [OWNER_1, OWNER_2]


def test_cli_select_by_code(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    assert goals.lint("--select", "OK101").findings == [OWNER_1, OWNER_2]


def test_cli_select_comma_separated_and_repeated(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    assert goals.lint("--select", "OK101,output-not-outcome").findings == [
        OWNER_1,
        OUTPUT,
        OWNER_2,
    ]
    assert goals.lint("--select", "output-not-outcome", "--select", "OK104").findings == [
        OUTPUT,
        COUNT,
    ]


def test_cli_ignore_by_name_code_and_comma(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    assert goals.lint("--ignore", "missing-owner").findings == [OUTPUT, COUNT]
    assert goals.lint("--ignore", "OK101,OK110").findings == [COUNT]
    assert goals.lint("--ignore", "OK101", "--ignore", "key-result-count").findings == [OUTPUT]


def test_cli_select_replaces_the_config_select(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  select: [key-result-count]\n")
    goals.write("support.yaml", FILE)
    assert goals.lint().findings == [COUNT]
    assert goals.lint("--select", "missing-owner").findings == [OWNER_1, OWNER_2]


def test_unknown_rule_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "support.yaml").write_text(FILE.lstrip("\n"), encoding="utf-8")
    for option in ("--select", "--ignore"):
        run = okrctl("lint", option, "OK101,missing-ownr", cwd=tmp_path)
        assert run.returncode == 2
        assert run.stdout == ""
        assert run.stderr == (
            f"okrctl: error: {option}: no rule named `missing-ownr` "
            "(did you mean `missing-owner`?)\n"
        )
        assert "Traceback" not in run.stderr


# --- suppression comments -------------------------------------------------------------------


def test_disable_comment_silences_only_its_line(goals: GoalTree) -> None:
    text = FILE.replace(
        "  - id: faster-replies\n", "  - id: faster-replies  # okrctl: disable=missing-owner\n"
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.findings == [OUTPUT, OWNER_2, COUNT]


def test_disable_comment_by_code_and_bare(goals: GoalTree) -> None:
    text = FILE.replace("  - id: self-service\n", "  - id: self-service  # okrctl: disable=OK101\n")
    text = text.replace(
        "      - title: Launch the new help centre\n",
        "      - title: Launch the new help centre  # okrctl: disable\n",
    )
    goals.write("support.yaml", text)
    assert goals.lint().findings == [OWNER_1, COUNT]


def test_disable_comment_may_give_a_reason_after_the_rule(goals: GoalTree) -> None:
    text = FILE.replace(
        "  - id: faster-replies\n",
        "  - id: faster-replies  # okrctl: disable=OK110, missing-owner lin is on leave\n",
    )
    goals.write("support.yaml", text)
    assert goals.lint().findings == [OUTPUT, OWNER_2, COUNT]


def test_disable_comment_for_another_rule_does_not_silence(goals: GoalTree) -> None:
    text = FILE.replace(
        "  - id: faster-replies\n",
        "  - id: faster-replies  # okrctl: disable=output-not-outcome\n",
    )
    goals.write("support.yaml", text)
    assert goals.lint().findings == ALL


def test_disable_file_silences_the_rule_everywhere_in_that_file(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE + "# okrctl: disable-file=missing-owner\n")
    goals.write("other.yaml", FILE.replace("team: support", "team: other"))
    result = goals.lint()
    assert result.findings == [
        ("other.yaml", 4, 5, "missing-owner"),
        ("other.yaml", 11, 16, "output-not-outcome"),
        ("other.yaml", 13, 5, "missing-owner"),
        ("other.yaml", 16, 5, "key-result-count"),
        OUTPUT,
        COUNT,
    ]


def test_disable_file_with_several_rules_and_bare(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE + "# okrctl: disable-file=missing-owner, OK110\n")
    assert goals.lint().findings == [COUNT]
    goals.write("support.yaml", "# okrctl: disable-file\n" + FILE.lstrip("\n"))
    assert goals.lint("--strict").findings == []


def test_disable_comment_in_the_config_file(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "peeple: [lin]  # okrctl: disable=unknown-field\n")
    goals.write("support.yaml", FILE)
    assert goals.lint().findings == ALL


# --- finding the config ---------------------------------------------------------------------


def test_config_in_the_directory_given(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  ignore: [key-result-count]\n")
    goals.write("teams/okrctl.yaml", "lint:\n  ignore: [missing-owner]\n")
    goals.write("teams/support.yaml", FILE)
    result = goals.lint("teams")
    # teams/okrctl.yaml governs (and is not read as a goal file); the cwd's does not.
    assert result.findings == [
        ("teams/support.yaml", 11, 16, "output-not-outcome"),
        ("teams/support.yaml", 16, 5, "key-result-count"),
    ]
    assert result.document["summary"]["files"] == 2


def test_directory_without_config_walks_up_from_cwd(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  ignore: [key-result-count]\n")
    goals.write("teams/support.yaml", FILE)
    result = goals.lint("teams")
    assert result.findings == [
        ("teams/support.yaml", 4, 5, "missing-owner"),
        ("teams/support.yaml", 11, 16, "output-not-outcome"),
        ("teams/support.yaml", 13, 5, "missing-owner"),
    ]


def test_named_file_below_uses_the_config_of_the_cwd(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  ignore: [key-result-count]\n")
    goals.write("teams/okrctl.yaml", "lint:\n  ignore: [missing-owner]\n")
    goals.write("teams/support.yaml", FILE)
    result = goals.lint("teams/support.yaml")
    assert result.findings == [
        ("teams/support.yaml", 4, 5, "missing-owner"),
        ("teams/support.yaml", 11, 16, "output-not-outcome"),
        ("teams/support.yaml", 13, 5, "missing-owner"),
    ]


def test_config_found_by_walking_up_from_a_subdirectory(tmp_path: Path) -> None:
    (tmp_path / "okrctl.yaml").write_text("lint:\n  ignore: [missing-owner]\n", encoding="utf-8")
    here = tmp_path / "teams" / "support"
    here.mkdir(parents=True)
    (here / "2026-Q4.yaml").write_text(FILE.lstrip("\n"), encoding="utf-8")
    run = okrctl("lint", "--format", "json", "2026-Q4.yaml", cwd=here)
    assert run.returncode == 0, run.stderr
    findings = [
        (f["path"], f["line"], f["column"], f["rule"]) for f in json.loads(run.stdout)["findings"]
    ]
    assert findings == [
        ("2026-Q4.yaml", 11, 16, "output-not-outcome"),
        ("2026-Q4.yaml", 16, 5, "key-result-count"),
    ]


def test_explicit_config_path(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "lint:\n  ignore: [missing-owner]\n")
    goals.write("conf/strict.yaml", "lint:\n  rules:\n    missing-owner: {severity: error}\n")
    goals.write("support.yaml", FILE)
    result = goals.lint("--config", "conf/strict.yaml")
    # The explicit config replaces the discovered one, and is not linted as a goal file.
    assert result.findings == ALL
    assert severities(result)[(4, "missing-owner")] == "error"
    assert result.exit_code == 1


def test_mistakes_in_an_explicit_config_are_reported_at_its_path(goals: GoalTree) -> None:
    goals.write("conf/strict.yaml", "lint:\n  ignore: [missing-owner]\nfiscal_year: 10\n")
    goals.write("support.yaml", FILE)
    result = goals.lint("--config", "conf/strict.yaml", "support.yaml")
    assert result.findings == [("conf/strict.yaml", 3, 1, "unknown-field"), OUTPUT, COUNT]


def test_explicit_config_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "support.yaml").write_text(FILE.lstrip("\n"), encoding="utf-8")
    run = okrctl("lint", "--config", "nope.yaml", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith("okrctl: error: ")
    assert "nope.yaml" in run.stderr
    assert run.stderr.count("\n") == 1
    assert "Traceback" not in run.stderr

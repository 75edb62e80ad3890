"""invalid-value: wrong types and out-of-range values, each with a message that says the fix."""

import pytest

from tests.conftest import GoalTree, Lint

# 14 lines; lints clean.
FILE = """
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

# 9 lines; lints clean.
KPIS = """
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: lin
    unit: minutes
    cadence: weekly
    band: {max: 45}
    warn: {max: 40}
"""

TARGET = "        target: 25\n"  # line 11; its value starts in column 17


def lint_file(goals: GoalTree, text: str, name: str = "support.yaml") -> Lint:
    goals.write(name, text)
    return goals.lint()


def test_valid_files_pass(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    goals.write("support-kpis.yaml", KPIS)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


# --- numbers --------------------------------------------------------------------------------


def test_percent_in_quotes(goals: GoalTree) -> None:
    result = lint_file(goals, FILE.replace(TARGET, '        target: "30%"\n'))
    assert result.findings == [("support.yaml", 11, 17, "invalid-value")]
    assert result.messages("invalid-value") == [
        '`target`: expected a number, got the text "30%": write 30 and put the unit in '
        '`unit` (e.g. `unit: "%"`)'
    ]
    assert result.exit_code == 1


def test_money_with_a_suffix(goals: GoalTree) -> None:
    result = lint_file(goals, FILE.replace(TARGET, "        target: $500K\n"))
    assert result.findings == [("support.yaml", 11, 17, "invalid-value")]
    [message] = result.messages("invalid-value")
    assert message.startswith('`target`: expected a number, got the text "$500K": write ')
    assert "put the unit in `unit`" in message


def test_quoted_number_says_remove_the_quotes(goals: GoalTree) -> None:
    result = lint_file(goals, FILE.replace(TARGET, '        target: "25"\n'))
    assert result.findings == [("support.yaml", 11, 17, "invalid-value")]
    assert result.messages("invalid-value") == [
        '`target`: expected a number, got the text "25": remove the quotes (write 25)'
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("1,000", "write 1000 (no digit separators)"),
        ('"1_000"', "write 1000 (YAML numbers have no digit separators)"),
        # A decimal comma is a decimal point, not a separator: 4,5 is four and a half.
        ("4,5", "write 4.5 (a decimal point, not a comma)"),
        ('"0,25"', "write 0.25 (a decimal point, not a comma)"),
        ("1,500", "write 1500 if the comma separates thousands, or 1.500 if it is a decimal comma"),
    ],
)
def test_digit_separators_say_how_to_write_the_number(
    goals: GoalTree, written: str, hint: str
) -> None:
    # Unquoted or quoted, `1,000` is text in YAML: "remove the quotes" would not fix it.
    result = lint_file(goals, FILE.replace(TARGET, f"        target: {written}\n"))
    assert result.findings == [("support.yaml", 11, 17, "invalid-value")]
    shown = written.strip('"')
    assert result.messages("invalid-value") == [
        f'`target`: expected a number, got the text "{shown}": {hint}'
    ]


def test_boolean_is_not_a_number(goals: GoalTree) -> None:
    result = lint_file(goals, FILE.replace(TARGET, "        target: true\n"))
    assert result.findings == [("support.yaml", 11, 17, "invalid-value")]
    assert result.messages("invalid-value") == ["`target`: expected a number, got the boolean true"]


@pytest.mark.parametrize(
    ("written", "shown"),
    [(".nan", "nan"), (".NaN", "nan"), (".inf", "inf"), ("-.inf", "-inf"), ("1e400", "inf")],
)
def test_nan_and_infinities(goals: GoalTree, written: str, shown: str) -> None:
    result = lint_file(goals, FILE.replace(TARGET, f"        target: {written}\n"))
    assert result.findings == [("support.yaml", 11, 17, "invalid-value")]
    assert result.messages("invalid-value") == [
        f"`target`: expected a finite number, got {shown}: NaN and infinities cannot be scored"
    ]


# --- booleans -------------------------------------------------------------------------------

BINARY = FILE.replace(
    "      - title: CSAT reaches 4.6\n        start: 4.1\n        target: 4.6\n",
    "      - title: Self-service help center is live\n        done: true\n",
)


def test_done_true_passes(goals: GoalTree) -> None:
    assert lint_file(goals, BINARY).findings == []


def test_yes_is_not_a_boolean(goals: GoalTree) -> None:
    result = lint_file(goals, BINARY.replace("done: true", "done: yes"))
    # line 13 `        done: yes`: `        done: ` is 14 characters.
    assert result.findings == [("support.yaml", 13, 15, "invalid-value")]
    assert result.messages("invalid-value") == [
        '`done`: expected true or false, got the text "yes"'
    ]
    assert result.exit_code == 1


# --- dates and check-ins --------------------------------------------------------------------


def with_checkin(checkin: str) -> str:
    """FILE with one check-in on line 13 of the first key result."""
    return FILE.replace(TARGET, TARGET + "        checkins:\n          - " + checkin + "\n")


def test_valid_checkin_passes(goals: GoalTree) -> None:
    result = lint_file(goals, with_checkin("{date: 2026-11-05, value: 47, confidence: 0.7}"))
    assert result.findings == []


def test_date_that_does_not_exist(goals: GoalTree) -> None:
    result = lint_file(goals, with_checkin("{date: 2026-02-30, value: 47}"))
    # `          - {date: ` is 19 characters: the date starts in column 20.
    assert result.findings == [("support.yaml", 13, 20, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`checkins[0].date`: `2026-02-30` is not a real date: day is out of range for month"
    ]
    assert result.exit_code == 1


def test_date_written_as_a_number(goals: GoalTree) -> None:
    result = lint_file(goals, with_checkin("{date: 20261105, value: 47}"))
    assert result.findings == [("support.yaml", 13, 20, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`checkins[0].date`: expected an ISO 8601 date such as 2026-11-20, got the number 20261105"
    ]


def test_confidence_above_one(goals: GoalTree) -> None:
    result = lint_file(goals, with_checkin("{date: 2026-11-05, value: 47, confidence: 1.5}"))
    # `{date: 2026-11-05, value: 47, confidence: ` runs from column 13 to 54.
    assert result.findings == [("support.yaml", 13, 55, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`checkins[0].confidence`: confidence is between 0 and 1, got 1.5 (write 0.7 for 70%)"
    ]


def test_current_and_checkins_both(goals: GoalTree) -> None:
    text = FILE.replace(
        TARGET,
        TARGET
        + "        current: 40\n        checkins:\n          - {date: 2026-11-05, value: 47}\n",
    )
    result = lint_file(goals, text)
    # The check-ins list starts at its `-`: line 14, column 11.
    assert result.findings == [("support.yaml", 14, 11, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`checkins`: use either `current` or `checkins`, not both: move the value into a "
        "first check-in"
    ]


def test_measurement_date_that_does_not_exist(goals: GoalTree) -> None:
    text = KPIS + "    measurements:\n      - {date: 2026-11-31, value: 38}\n"
    result = lint_file(goals, text, "support-kpis.yaml")
    # line 11: `      - {date: ` is 15 characters.
    assert result.findings == [("support-kpis.yaml", 11, 16, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`measurements[0].date`: `2026-11-31` is not a real date: day is out of range for month"
    ]


# --- weights, ids, owners, choices ----------------------------------------------------------


def test_weight_zero(goals: GoalTree) -> None:
    result = lint_file(goals, FILE.replace(TARGET, TARGET + "        weight: 0\n"))
    assert result.findings == [("support.yaml", 12, 17, "invalid-value")]
    assert result.messages("invalid-value") == ["`weight`: a weight is a number above 0, got 0"]


def test_positive_weight_passes(goals: GoalTree) -> None:
    assert lint_file(goals, FILE.replace(TARGET, TARGET + "        weight: 0.5\n")).findings == []


def test_id_that_is_not_a_slug(goals: GoalTree) -> None:
    result = lint_file(goals, FILE.replace("id: faster-replies", "id: Faster Replies"))
    assert result.findings == [("support.yaml", 5, 9, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`id`: `Faster Replies` is not a valid id: use lowercase letters, digits, `-` and `_`, "
        "starting with a letter or digit (e.g. `faster-replies`)"
    ]


def test_owner_as_a_list(goals: GoalTree) -> None:
    result = lint_file(goals, FILE.replace("owner: lin", "owner: [lin, maria]"))
    assert result.findings == [("support.yaml", 3, 8, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`owner`: an owner is one person, got a list of 2: name the one person accountable"
    ]


def test_misspelt_type_with_did_you_mean(goals: GoalTree) -> None:
    result = lint_file(goals, FILE.replace("type: committed", "type: commited"))
    # `    type: ` is 10 characters.
    assert result.findings == [("support.yaml", 7, 11, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`type`: `commited` is not one of committed, aspirational (did you mean `committed`?)"
    ]


def test_misspelt_cadence(goals: GoalTree) -> None:
    result = lint_file(goals, KPIS.replace("cadence: weekly", "cadence: wekly"), "k.yaml")
    assert result.findings == [("k.yaml", 7, 14, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`cadence`: `wekly` is not one of daily, weekly, monthly, quarterly "
        "(did you mean `weekly`?)"
    ]


# --- bands ----------------------------------------------------------------------------------


def test_band_min_above_max(goals: GoalTree) -> None:
    text = KPIS.replace("band: {max: 45}", "band: {min: 50, max: 10}").replace(
        "    warn: {max: 40}\n", ""
    )
    result = lint_file(goals, text, "support-kpis.yaml")
    # `    band: ` is 10 characters: the band's `{` is in column 11.
    assert result.findings == [("support-kpis.yaml", 8, 11, "invalid-value")]
    assert result.messages("invalid-value") == ["`band`: the band's min (50) is above its max (10)"]


def test_warn_band_outside_the_band(goals: GoalTree) -> None:
    result = lint_file(goals, KPIS.replace("warn: {max: 40}", "warn: {max: 50}"), "k.yaml")
    assert result.findings == [("k.yaml", 9, 11, "invalid-value")]
    assert result.messages("invalid-value") == [
        "`warn`: the warn band must lie inside the band (it is an early warning)"
    ]


def test_empty_band(goals: GoalTree) -> None:
    result = lint_file(goals, KPIS.replace("band: {max: 45}", "band: {}"), "k.yaml")
    assert result.findings == [("k.yaml", 8, 11, "invalid-value")]
    assert result.messages("invalid-value") == ["`band`: a band needs `min`, `max` or both"]


# --- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["2026-Q5", "2026-H3", "Q4-2026"])
def test_period_label_that_does_not_exist(goals: GoalTree, label: str) -> None:
    result = lint_file(goals, FILE.replace("period: 2026-Q4", f"period: {label}"))
    assert result.findings == [("support.yaml", 2, 9, "invalid-value")]
    assert result.messages("invalid-value") == [
        f"`period`: `{label}` is not a period: write 2026-Q4, 2026-H1, 2026 or "
        "{start: 2026-10-01, end: 2026-12-31}"
    ]
    assert result.exit_code == 1


def test_period_range_passes(goals: GoalTree) -> None:
    text = FILE.replace("period: 2026-Q4", "period: {start: 2026-10-01, end: 2026-12-31}")
    assert lint_file(goals, text).findings == []


def test_period_range_ending_before_it_starts(goals: GoalTree) -> None:
    text = FILE.replace("period: 2026-Q4", "period: {start: 2026-12-31, end: 2026-10-01}")
    result = lint_file(goals, text)
    assert result.findings == [("support.yaml", 2, 9, "invalid-value")]
    assert result.messages("invalid-value") == ["`period`: the period ends before it starts"]


# --- whole files ----------------------------------------------------------------------------


def test_empty_file(goals: GoalTree) -> None:
    result = lint_file(goals, "")
    assert result.findings == [("support.yaml", 1, 1, "invalid-value")]
    assert result.messages("invalid-value") == [
        "the file is empty: a goal file is a mapping with `team` and `objectives` or `kpis`"
    ]
    assert result.exit_code == 1


def test_file_with_only_comments_is_empty(goals: GoalTree) -> None:
    result = lint_file(goals, "# support's goals, to be written\n")
    assert result.findings == [("support.yaml", 1, 1, "invalid-value")]


def test_file_that_is_a_list(goals: GoalTree) -> None:
    result = lint_file(goals, "- team: support\n")
    assert result.findings == [("support.yaml", 1, 1, "invalid-value")]
    assert result.messages("invalid-value") == [
        "a goal file must be a mapping with `team` and `objectives` or `kpis`, got a list"
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ('"$500K"', 'write 500000 and put the unit in `unit` (e.g. `unit: "$"`)'),
        ('"1.5M"', "write 1500000"),
        ('"12 min"', 'write 12 and put the unit in `unit` (e.g. `unit: "min"`)'),
        ('"about 7 days"', 'write 7 and put the unit in `unit` (e.g. `unit: "days"`)'),
        ('"4.6/5"', 'write 4.6 and put the unit in `unit` (e.g. `unit: "/5"`)'),
    ],
)
def test_text_numbers_get_a_hint_that_keeps_their_size(
    goals: GoalTree, written: str, hint: str
) -> None:
    goals.write("a.yaml", f"team: a\nkpis:\n  - {{id: k, title: K, owner: x, target: {written}}}\n")
    result = goals.lint()
    assert result.messages("invalid-value") == [
        f"`target`: expected a number, got the text {written}: {hint}"
    ]

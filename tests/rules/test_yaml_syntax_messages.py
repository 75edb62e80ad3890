"""yaml-syntax: a tab, a bad indent and an unquoted colon are named with their fix (issue 15).

Each finding is checked as a user sees it in `okrctl lint --format json`: the line and column
it points at, and the whole message, the parser's own words kept at its end. Every other
parser message stays as the parser worded it.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrctl.edit.document import Document, EditError
from okrctl.load.yamlparse import parse_yaml
from tests.conftest import GoalTree

# 24 lines; lints clean. Objectives at column 3, their keys at 5, key results at 7 and their
# keys at 9, check-ins at 11.
FILE = """\
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
        checkins:
          - {date: 2026-10-15, value: 44}
          - {date: 2026-11-12, value: 38}
      - title: CSAT reaches 4.6
        start: 4.1
        target: 4.6
kpis:
  - id: csat
    title: CSAT
    owner: lin
    cadence: weekly
    band: {min: 4.0}
"""

KPI = "  - id: csat\n    title: CSAT\n    owner: lin\n    cadence: weekly\n    band: {min: 4.0}\n"
INDENTLESS = "- id: csat\n  title: CSAT\n  owner: lin\n  cadence: weekly\n  band: {min: 4.0}\n"

TAB = (
    "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces "
    "(YAML: {})"
)
NO_TOKEN = "found character that cannot start any token"
TAB_INDENT = "found a tab character that violates indentation"
INDENT = (
    "this line is indented to column {}, but its siblings start at column {}: align it with "
    "them (YAML: {})"
)
NO_DASH = "did not find expected '-' indicator"
NO_KEY = "did not find expected key"
MAPPING_VALUES = "mapping values are not allowed in this context"


def lint_one(goals: GoalTree, text: str) -> tuple[int, int, str]:
    """The one finding of `support.yaml` holding `text`: line, column, message."""
    assert text != FILE
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.exit_code == 1
    [(path, line, column, rule)] = result.findings
    assert (path, rule) == ("support.yaml", "yaml-syntax")
    [message] = result.messages("yaml-syntax")
    assert "\n" not in message
    return line, column, message


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_the_file_is_valid(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    assert goals.lint().findings == []


# A tab.


def test_tab_indenting_a_key(goals: GoalTree) -> None:
    text = edit(FILE, "    type: committed", "\ttype: committed")
    assert lint_one(goals, text) == (7, 1, TAB.format(TAB_INDENT))


def test_tab_between_spaces_points_at_the_tab(goals: GoalTree) -> None:
    text = edit(FILE, "    type: committed", "  \t  type: committed")
    assert lint_one(goals, text) == (7, 3, TAB.format(TAB_INDENT))


def test_tab_indenting_an_item_of_a_nested_list(goals: GoalTree) -> None:
    text = edit(FILE, "      - title: CSAT reaches 4.6", "\t- title: CSAT reaches 4.6")
    assert lint_one(goals, text) == (16, 1, TAB.format(NO_TOKEN))


def test_tab_after_a_dash(goals: GoalTree) -> None:
    # `      -` is 7 characters: the tab is the 8th.
    text = edit(FILE, "      - title: CSAT reaches 4.6", "      -\ttitle: CSAT reaches 4.6")
    assert lint_one(goals, text) == (16, 8, TAB.format(NO_TOKEN))


def test_tab_indenting_an_objective(goals: GoalTree) -> None:
    text = edit(FILE, "  - id: faster-replies", "\t- id: faster-replies")
    assert lint_one(goals, text) == (5, 1, TAB.format(NO_TOKEN))


def test_tabs_after_content_are_valid(goals: GoalTree) -> None:
    text = edit(FILE, "type: committed", "type:\tcommitted\t# a tab before the comment")
    text = edit(text, "{date: 2026-10-15, value: 44}", "{date: 2026-10-15,\tvalue: 44}")
    goals.write("support.yaml", text)
    result = goals.lint()
    assert (result.exit_code, result.findings) == (0, [])


def test_other_characters_that_start_no_token_keep_the_parsers_words(goals: GoalTree) -> None:
    text = edit(FILE, "title: CSAT\n", "title: `CSAT`\n")
    assert lint_one(goals, text) == (21, 12, f"{NO_TOKEN} while scanning for the next token")


# A bad indent.


def test_key_indented_short_of_its_siblings(goals: GoalTree) -> None:
    text = edit(FILE, "    type: committed", "   type: committed")
    assert lint_one(goals, text) == (7, 4, INDENT.format(4, 5, NO_DASH))


def test_key_indented_past_its_siblings(goals: GoalTree) -> None:
    # YAML reads ` type` as more of the title above, until its `: `, in column 10: the
    # finding points at the line's start all the same.
    text = edit(FILE, "    type: committed", "     type: committed")
    assert lint_one(goals, text) == (7, 6, INDENT.format(6, 5, MAPPING_VALUES))


def test_key_of_a_key_result_indented_short(goals: GoalTree) -> None:
    text = edit(FILE, "        target: 25", "       target: 25")
    assert lint_one(goals, text) == (12, 8, INDENT.format(8, 9, NO_DASH))


def test_key_of_a_key_result_indented_past(goals: GoalTree) -> None:
    text = edit(FILE, "        target: 25", "         target: 25")
    assert lint_one(goals, text) == (12, 10, INDENT.format(10, 9, MAPPING_VALUES))


def test_checkin_item_indented_short(goals: GoalTree) -> None:
    text = edit(FILE, "          - {date: 2026-11-12", "         - {date: 2026-11-12")
    assert lint_one(goals, text) == (15, 10, INDENT.format(10, 11, NO_KEY))


def test_checkin_item_indented_past(goals: GoalTree) -> None:
    text = edit(FILE, "          - {date: 2026-11-12", "           - {date: 2026-11-12")
    assert lint_one(goals, text) == (15, 12, INDENT.format(12, 11, NO_DASH))


def test_key_result_item_indented_short(goals: GoalTree) -> None:
    text = edit(FILE, "      - title: CSAT", "     - title: CSAT")
    assert lint_one(goals, text) == (16, 6, INDENT.format(6, 7, NO_KEY))


def test_key_result_item_indented_past(goals: GoalTree) -> None:
    # Column 8 is nearer the key results' dashes (7) than the check-ins' (11).
    text = edit(FILE, "      - title: CSAT", "       - title: CSAT")
    assert lint_one(goals, text) == (16, 8, INDENT.format(8, 7, NO_DASH))


def test_top_level_key_indented(goals: GoalTree) -> None:
    text = edit(FILE, "owner: lin\nobjectives", " owner: lin\nobjectives")
    assert lint_one(goals, text) == (3, 2, INDENT.format(2, 1, MAPPING_VALUES))


def test_mapping_key_indented_short_after_blank_lines_and_a_comment(goals: GoalTree) -> None:
    text = edit(FILE, "    type: committed", "\n    # the plan\n   type: committed")
    assert lint_one(goals, text) == (9, 4, INDENT.format(4, 5, NO_DASH))


def test_first_item_indented_off_points_at_the_line_that_disagrees(goals: GoalTree) -> None:
    # The first item sets where its block's keys are (`id` in column 6): the objective's
    # next key, in column 5, is the line that aligns with nothing.
    text = edit(FILE, "  - id: faster-replies", "   - id: faster-replies")
    assert lint_one(goals, text) == (6, 5, INDENT.format(5, 6, NO_DASH))


def test_a_list_after_a_key_at_the_keys_column_is_fine(goals: GoalTree) -> None:
    # `kpis:` then `- id` in column 1: an indentless list, valid YAML; a key after it is too.
    text = edit(FILE, KPI, INDENTLESS)
    goals.write("support.yaml", text + "# the end\n")
    assert goals.lint().of("yaml-syntax") == []


def test_item_short_of_an_indentless_list(goals: GoalTree) -> None:
    text = edit(FILE, KPI, INDENTLESS)
    assert lint_one(goals, text + " - id: nps\n") == (25, 2, INDENT.format(2, 1, NO_KEY))


def test_a_list_where_a_mapping_goes_keeps_the_parsers_words(goals: GoalTree) -> None:
    # Not an indent: a list then a key at the same column, nothing to align with.
    assert lint_one(goals, "- support\nteam: support\n") == (
        2,
        1,
        f"{NO_DASH} while parsing a block collection (at line 1)",
    )


# An unquoted colon.


def colon(key: str, quoted: str, problem: str = MAPPING_VALUES) -> str:
    return (
        f"the value of `{key}` holds `: `, which YAML reads as a new key; quote the value: "
        f"{key}: {quoted} (YAML: {problem})"
    )


def test_colon_in_an_objective_title(goals: GoalTree) -> None:
    text = edit(FILE, "title: Customers get answers fast", "title: Latency: p95 under 300 ms")
    # `    title: Latency` is 18 characters: the parser stops at the `:` after it.
    assert lint_one(goals, text) == (6, 19, colon("title", '"Latency: p95 under 300 ms"'))


def test_colon_in_a_key_result_title_in_a_list_item(goals: GoalTree) -> None:
    text = edit(FILE, "- title: CSAT reaches 4.6", "- title: CSAT: reaches 4.6  # survey")
    assert lint_one(goals, text) == (16, 20, colon("title", '"CSAT: reaches 4.6"'))


def test_colon_in_a_flow_mapping(goals: GoalTree) -> None:
    text = edit(
        FILE,
        "{date: 2026-10-15, value: 44}",
        "{date: 2026-10-15, value: 44, note: rota: new}",
    )
    # `          - {date: 2026-10-15, value: 44, note: rota` is 52 characters.
    assert lint_one(goals, text) == (
        14,
        53,
        colon("note", '"rota: new"', "did not find expected ',' or '}'"),
    )


def test_colon_value_with_double_quotes_is_escaped(goals: GoalTree) -> None:
    text = edit(FILE, "title: CSAT\n", 'title: Say "hi": CSAT\n')
    assert lint_one(goals, text) == (21, 20, colon("title", r'"Say \"hi\": CSAT"'))


def test_long_colon_value_is_elided(goals: GoalTree) -> None:
    long = "Latency: p95 under 300 ms for every endpoint of the public API, in every region"
    text = edit(FILE, "title: Customers get answers fast", f"title: {long}")
    line, column, message = lint_one(goals, text)
    assert (line, column) == (6, 19)
    assert message.startswith(colon("title", "").split(" (YAML")[0].rstrip())
    assert message.endswith(f" (YAML: {MAPPING_VALUES})")
    shown = message.split("quote the value: ")[1].split(" (YAML: ")[0]
    assert shown.startswith('title: "Latency: p95') and "…" in shown
    assert len(shown) <= 60


def test_a_colon_in_a_quoted_title_is_fine(goals: GoalTree) -> None:
    text = edit(FILE, "title: Customers get answers fast", 'title: "Latency: p95 under 300 ms"')
    goals.write("support.yaml", text)
    assert goals.lint().findings == []


def test_other_parser_messages_are_unchanged(goals: GoalTree) -> None:
    text = edit(FILE, "owner: lin\nobjectives:", "owner: lin\nobjectives: [")
    # A `- ` item inside the `[` of line 4: no tab, indent nor colon to name.
    assert lint_one(goals, text) == (
        5,
        3,
        "did not find expected node content while parsing a flow node",
    )


# The editing commands word it alike.


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("    type: committed", "\ttype: committed", "line 7, column 1", TAB.format(TAB_INDENT)),
        (
            "    type: committed",
            "   type: committed",
            "line 7, column 4",
            INDENT.format(4, 5, NO_DASH),
        ),
        (
            "title: CSAT\n",
            "title: CSAT: overall\n",
            "line 21, column 16",
            colon("title", '"CSAT: overall"'),
        ),
    ],
)
def test_the_editor_words_it_as_lint_does(old: str, new: str, where: str, message: str) -> None:
    with pytest.raises(EditError) as refused:
        Document(edit(FILE, old, new).encode(), "support.yaml")
    assert str(refused.value) == (
        f"support.yaml cannot be parsed ({where}: {message}); okrctl lint shows why"
    )
    [problem] = parse_yaml(edit(FILE, old, new), "support.yaml").problems
    assert (f"line {problem.location.line}, column {problem.location.column}", problem.message) == (
        where,
        message,
    )


# Any text: never an exception, one line, a place inside the file.

LINES = FILE.splitlines()
PARSER_PROBLEMS = tuple(
    f"(YAML: {problem})"
    for problem in (
        NO_TOKEN,
        TAB_INDENT,
        "found a tab character where an indentation space is expected",
        NO_DASH,
        NO_KEY,
        MAPPING_VALUES,
        "did not find expected ',' or '}'",
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(LINES) - 1),
            st.integers(-3, 3),
            st.sampled_from(["", "\t", ": x", " #", "- ", "{", "|"]),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_mistake_is_one_line_at_a_place_in_the_file(
    changes: list[tuple[int, int, str]],
) -> None:
    lines = list(LINES)
    for index, shift, extra in changes:
        stripped = lines[index].lstrip(" ")
        indent = max(0, len(lines[index]) - len(stripped) + shift)
        lines[index] = " " * indent + (
            extra + stripped if extra in ("\t", "- ", "{") else stripped + extra
        )
    text = "\n".join(lines) + "\n"
    problems = [p for p in parse_yaml(text, "f.yaml").problems if p.rule == "yaml-syntax"]
    for problem in problems:
        assert "\n" not in problem.message
        assert 1 <= (problem.location.line or 0) <= len(lines) + 1
        if "(YAML: " in problem.message:
            # A reworded message keeps the parser's problem, verbatim, at its end.
            assert problem.message.endswith(PARSER_PROBLEMS), problem.message


def test_crlf_files_read_the_same(goals: GoalTree) -> None:
    text = edit(FILE, "title: Customers get answers fast", "title: Latency: p95").replace(
        "\n", "\r\n"
    )
    path = goals.root / "support.yaml"
    path.write_bytes(text.encode())
    result = goals.lint()
    assert result.findings == [("support.yaml", 6, 19, "yaml-syntax")]
    assert result.messages("yaml-syntax") == [colon("title", '"Latency: p95"')]

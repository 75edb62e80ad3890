"""Unit tests of okrctl.load.yamlparse: core-schema resolution, positions, aliases, suppressions.

Every expected value and position below is worked out by hand from the YAML text (lines and
columns are 1-based, as editors count them).
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

import pytest

from okrctl.findings import Location, Problem, Related
from okrctl.load.yamlparse import (
    Limits,
    ParsedYaml,
    SpelledInt,
    Suppressions,
    parse_suppressions,
    parse_yaml,
    resolve_plain,
)
from okrctl.model.types import check_number

DEFAULT_LIMITS = Limits()


def spelled(number: int, text: str) -> SpelledInt:
    value = SpelledInt(number)
    value.spelling = text
    return value


def parse(text: str, limits: Limits = DEFAULT_LIMITS) -> ParsedYaml:
    return parse_yaml(textwrap.dedent(text).lstrip("\n"), "f.yaml", limits)


def where(line: int, column: int) -> Location:
    return Location("f.yaml", line, column)


# --- YAML 1.2 core schema ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YAML 1.1 booleans are plain text under the 1.2 core schema.
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("FALSE", False),
        ("tRUE", "tRUE"),
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("", None),
        # Core schema ints: decimal `[-+]?[0-9]+` (so `0123` is 123, not octal), `0o`, `0x`.
        # Written other than as its digits, a whole number is a SpelledInt that keeps the
        # spelling (for ids: `id: 007` is `007`).
        ("42", 42),
        ("+12", spelled(12, "+12")),
        ("-7", -7),
        ("-07", spelled(-7, "-07")),
        ("0123", spelled(123, "0123")),
        ("017", spelled(17, "017")),
        ("0o17", spelled(15, "0o17")),
        ("0x1F", spelled(31, "0x1F")),
        ("0xff", spelled(255, "0xff")),
        ("0b101", "0b101"),  # binary is YAML 1.1 only
        ("-0x1F", "-0x1F"),  # the core hex form has no sign
        ("0o8", "0o8"),
        ("1_000", "1_000"),  # no digit separators in 1.2
        ("1,000", "1,000"),
        # Floats.
        (".5", 0.5),
        ("1.", 1.0),
        ("1e3", 1000.0),
        ("-1.5e-2", -0.015),
        ("+2.5E+1", 25.0),
        ("1e", "1e"),
        (".", "."),
        # Not resolved: dates and sexagesimal numbers are YAML 1.1 only.
        ("2026-10-05", "2026-10-05"),
        ("12:30", "12:30"),
        ("30%", "30%"),
        (".iNf", ".iNf"),
    ],
)
def test_resolve_plain_core_schema(text: str, expected: Any) -> None:
    value = resolve_plain(text)
    assert value == expected
    assert type(value) is type(expected)
    assert getattr(value, "spelling", None) == getattr(expected, "spelling", None)


def test_a_number_field_stores_a_plain_number_whatever_its_spelling() -> None:
    # `start: 050` is the number 50 in the model: the spelling is kept for ids only.
    value = check_number(resolve_plain("050"))
    assert value == 50 and type(value) is int


@pytest.mark.parametrize(
    ("text", "sign"),
    [(".inf", 1), (".Inf", 1), ("+.INF", 1), ("-.inf", -1), ("-.Inf", -1)],
)
def test_resolve_plain_infinities(text: str, sign: int) -> None:
    value = resolve_plain(text)
    assert math.isinf(value)
    assert (value > 0) == (sign > 0)


@pytest.mark.parametrize("text", [".nan", ".NaN", ".NAN"])
def test_resolve_plain_nan(text: str) -> None:
    assert math.isnan(resolve_plain(text))


def test_int_and_float_are_told_apart() -> None:
    assert type(resolve_plain("10")) is int
    assert type(resolve_plain("10.0")) is float
    assert type(resolve_plain("1e1")) is float


def test_quoted_scalars_and_core_tags() -> None:
    parsed = parse(
        """
        double: "5"
        single: '0x1F'
        plain: 5
        as_str: !!str 5
        as_int: !!int "5"
        as_float: !!float "2"
        as_bool: !!bool "true"
        as_null: !!null ""
        non_specific: ! 7
        quoted_yes: "yes"
        quoted_null: "null"
        """
    )
    assert parsed.problems == []
    assert parsed.data == {
        "double": "5",
        "single": "0x1F",
        "plain": 5,
        "as_str": "5",
        "as_int": 5,
        "as_float": 2.0,
        "as_bool": True,
        "as_null": None,
        "non_specific": "7",
        "quoted_yes": "yes",
        "quoted_null": "null",
    }
    assert type(parsed.data["as_int"]) is int
    assert type(parsed.data["as_float"]) is float


def test_core_tag_that_does_not_fit_its_value_is_an_invalid_value() -> None:
    parsed = parse(
        """
        a: !!int abc
        b: !!bool yes
        """
    )
    # "a: " is 3 characters: the tag starts in column 4.
    assert parsed.problems == [
        Problem("invalid-value", where(1, 4), "`abc` is not a valid !!int"),
        Problem("invalid-value", where(2, 4), "`yes` is not a valid !!bool"),
    ]
    assert parsed.data == {"a": None, "b": None}


def test_integer_too_long_for_python_is_read_past_the_range_not_a_crash() -> None:
    # Read as the number just past a float's range, spelled as written: the model refuses it
    # in one finding at its place (tests/test_hardening_parse.py), and nothing converts it.
    parsed = parse("a: " + "9" * 5000 + "\n")
    assert parsed.problems == []
    assert parsed.data["a"] > 10**309
    assert parsed.data["a"].spelling == "9" * 5000


# --- positions ------------------------------------------------------------------------------

POSITIONED = """
team: support
objectives:
  - id: faster-replies
    band: {min: 1, max: 5}
    list: [a, b]
"""


def test_positions_in_block_and_flow_style() -> None:
    parsed = parse(POSITIONED)
    assert parsed.problems == []
    source = parsed.source
    # line 1: `team: support`
    assert source.keys[("team",)] == (1, 1)
    assert source.values[("team",)] == (1, 7)
    # line 2: `objectives:`; its value is the block sequence, which starts at the `-` (3, 3)
    assert source.keys[("objectives",)] == (2, 1)
    assert source.values[("objectives",)] == (3, 3)
    # line 3: `  - id: faster-replies`: the item mapping starts at `id`
    assert source.values[("objectives", 0)] == (3, 5)
    assert source.keys[("objectives", 0, "id")] == (3, 5)
    assert source.values[("objectives", 0, "id")] == (3, 9)
    # line 4: `    band: {min: 1, max: 5}`
    assert source.keys[("objectives", 0, "band")] == (4, 5)
    assert source.values[("objectives", 0, "band")] == (4, 11)
    assert source.keys[("objectives", 0, "band", "min")] == (4, 12)
    assert source.values[("objectives", 0, "band", "min")] == (4, 17)
    assert source.keys[("objectives", 0, "band", "max")] == (4, 20)
    assert source.values[("objectives", 0, "band", "max")] == (4, 25)
    # line 5: `    list: [a, b]`
    assert source.values[("objectives", 0, "list")] == (5, 11)
    assert source.values[("objectives", 0, "list", 0)] == (5, 12)
    assert source.values[("objectives", 0, "list", 1)] == (5, 15)
    assert source.values[()] == (1, 1)


def test_source_map_lookups_fall_back_to_the_nearest_ancestor() -> None:
    source = parse(POSITIONED).source
    assert source.value(("objectives", 0, "band", "min")) == where(4, 17)
    assert source.key(("objectives", 0, "band", "min")) == where(4, 12)
    # No such field: the position of the closest value that exists, the band's `{`.
    assert source.value(("objectives", 0, "band", "nope")) == where(4, 11)
    # A list item has no key: key() falls back to its value.
    assert source.key(("objectives", 0)) == where(3, 5)


def test_indentless_sequence_starts_at_its_dash() -> None:
    parsed = parse(
        """
        kpis:
        - id: uptime
        """
    )
    assert parsed.source.values[("kpis",)] == (2, 1)
    assert parsed.source.values[("kpis", 0, "id")] == (2, 7)


# --- aliases ---------------------------------------------------------------------------------


def test_alias_resolves_to_the_anchored_value() -> None:
    parsed = parse(
        """
        base: &b {min: 1, max: 3}
        copy: *b
        name: &n lin
        owners: [*n, *n]
        """
    )
    assert parsed.problems == []
    assert parsed.data == {
        "base": {"min": 1, "max": 3},
        "copy": {"min": 1, "max": 3},
        "name": "lin",
        "owners": ["lin", "lin"],
    }
    # The alias is positioned where it is written; what is inside it, at the alias too.
    assert parsed.source.values[("copy",)] == (2, 7)
    assert parsed.source.value(("copy", "min")) == where(2, 7)
    assert parsed.source.values[("owners", 1)] == (4, 14)


def test_alias_without_anchor_is_a_syntax_problem() -> None:
    parsed = parse("a: *nope\n")
    assert parsed.problems == [
        Problem("yaml-syntax", where(1, 4), "alias `*nope` names no anchor before it")
    ]
    assert parsed.data == {"a": None}


def test_alias_count_limit() -> None:
    parsed = parse(
        """
        a: &x 1
        b: [*x, *x, *x]
        """,
        Limits(max_aliases=2),
    )
    # `b: [*x, *x, *x]`: the aliases start in columns 5, 9 and 13; the third is one too many.
    assert [(p.rule, p.location) for p in parsed.problems] == [("yaml-syntax", where(2, 13))]
    assert "more than 2 aliases" in parsed.problems[0].message
    assert parsed.data is None


def test_alias_expansion_limit() -> None:
    # a is 1 list + 3 items = 4 nodes; each *a in b adds 4: 4, 8, 12 > 10 at the third one.
    parsed = parse(
        """
        a: &a [1, 2, 3]
        b: [*a, *a, *a]
        """,
        Limits(max_alias_expansion=10),
    )
    assert [(p.rule, p.location) for p in parsed.problems] == [("yaml-syntax", where(2, 13))]
    assert "an alias bomb?" in parsed.problems[0].message
    assert parsed.data is None


def test_depth_limit() -> None:
    parsed = parse(
        """
        a:
          b:
            c: 1
        """,
        Limits(max_depth=2),
    )
    # root mapping: depth 0; a's mapping: 1; b's mapping: 2; c's value `1`: 3 > 2.
    assert [(p.rule, p.location) for p in parsed.problems] == [("yaml-syntax", where(3, 8))]
    assert "nesting deeper than 2 levels" in parsed.problems[0].message
    assert parsed.data is None


# --- duplicate keys, tags, documents, syntax errors ----------------------------------------


def test_duplicate_key_keeps_the_first_and_points_at_the_second() -> None:
    parsed = parse(
        """
        start: 52
        target: 30
        target: 25
        """
    )
    assert parsed.problems == [
        Problem(
            "duplicate-key",
            where(3, 1),
            "duplicate key `target` (first defined at line 2); "
            "YAML would silently keep only the last one",
            # The first key, for formats that link to it (SARIF's related locations).
            (Related(where(2, 1), "first defined at line 2", "first defined here"),),
        )
    ]
    assert parsed.data == {"start": 52, "target": 30}
    assert parsed.source.keys[("target",)] == (2, 1)
    assert parsed.source.values[("target",)] == (2, 9)


def test_forbidden_tags_are_problems_and_never_constructed() -> None:
    parsed = parse(
        """
        a: !!python/object/apply:os.system ["echo hi"]
        b: !Ref other
        c: !!binary aGVsbG8=
        """
    )
    assert [(p.rule, p.location) for p in parsed.problems] == [
        ("yaml-syntax", where(1, 4)),
        ("yaml-syntax", where(2, 4)),
        ("yaml-syntax", where(3, 4)),
    ]
    assert "`!!python/object/apply:os.system` is not allowed" in parsed.problems[0].message
    assert "`!Ref` is not allowed" in parsed.problems[1].message
    assert "`!!binary` is not allowed" in parsed.problems[2].message
    assert parsed.data == {"a": None, "b": None, "c": None}


def test_second_document_is_a_problem() -> None:
    parsed = parse(
        """
        team: support
        ---
        team: growth
        """
    )
    assert parsed.problems == [
        Problem(
            "yaml-syntax",
            where(2, 1),
            "a goal file holds one YAML document, but a second one starts here",
        )
    ]
    assert parsed.data == {"team": "support"}


def test_syntax_error_is_a_positioned_problem() -> None:
    parsed = parse(
        """
        team: support
        objectives: [
          - id: faster-replies
        """
    )
    # A block entry `-` inside a flow sequence: the parser gives up at the dash.
    assert [(p.rule, p.location) for p in parsed.problems] == [("yaml-syntax", where(3, 3))]
    assert parsed.data is None


def test_empty_text_is_none_without_problems() -> None:
    parsed = parse("")
    assert parsed.data is None
    assert parsed.problems == []
    parsed = parse("# only a comment\n")
    assert parsed.data is None
    assert parsed.problems == []


# --- suppression comments ------------------------------------------------------------------


def test_suppressions_per_line_and_per_file() -> None:
    found = parse_suppressions(
        textwrap.dedent(
            """\
            team: support  # okrctl: disable=rule-a,rule-b
            owner: lin # okrctl: disable
            # okrctl: disable-file=unknown-owner, OK104
            period: 2026-Q4
            title: x  #okrctl:disable = rule-c , rule-d
            """
        )
    )
    assert found.lines == {
        1: frozenset({"rule-a", "rule-b"}),
        2: None,
        5: frozenset({"rule-c", "rule-d"}),
    }
    assert found.file == frozenset({"unknown-owner", "OK104"})
    assert found.silences("rule-a", "OK900", 1)
    assert found.silences("rule-b", "OK901", 1)
    assert not found.silences("rule-c", "OK902", 1)
    assert found.silences("anything", "OK903", 2)  # a bare `disable` silences every rule
    assert not found.silences("rule-a", "OK900", 4)
    assert found.silences("rule-d", "OK904", 5)
    # the file-wide ones, by name or by code, on any line
    assert found.silences("unknown-owner", "OK102", 4)
    assert found.silences("key-result-count", "OK104", 9)
    assert not found.silences("missing-owner", "OK101", 3)


def test_rule_code_silences_on_its_line() -> None:
    found = parse_suppressions("owner: mraia  # okrctl: disable=OK102\n")
    assert found.silences("unknown-owner", "OK102", 1)
    assert not found.silences("unknown-owner", "OK102", 2)


def test_bare_disable_file_silences_everything() -> None:
    found = parse_suppressions("# okrctl: disable-file\nteam: support\n")
    assert found.file is None
    assert found.lines == {}
    assert found.silences("yaml-syntax", "OK001", 2)


def test_no_suppressions() -> None:
    found = parse_suppressions("team: support  # a plain comment\n")
    assert found == Suppressions()
    assert not found.silences("yaml-syntax", "OK001", 1)


def test_parse_yaml_collects_suppressions() -> None:
    parsed = parse(
        """
        team: support
        owner: mraia  # okrctl: disable=unknown-owner
        """
    )
    assert parsed.suppressions.lines == {2: frozenset({"unknown-owner"})}

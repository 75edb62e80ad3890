"""yaml-syntax: unparsable or unsafe files are findings at their exact place, never tracebacks."""

import json

from tests.conftest import GoalTree, okrctl_process

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

UNCLOSED = """
team: support
period: 2026-Q4
owner: lin
objectives: [
  - id: faster-replies
    title: Customers get answers fast
"""


def test_valid_file_passes(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_block_entry_inside_an_unclosed_flow_sequence(goals: GoalTree) -> None:
    goals.write("support.yaml", UNCLOSED)
    result = goals.lint()
    # line 5 `  - id: faster-replies`: the parser gives up at the dash, column 3.
    assert result.findings == [("support.yaml", 5, 3, "yaml-syntax")]
    assert result.exit_code == 1


def test_flow_sequence_never_closed(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        """
        team: support
        period: 2026-Q4
        objectives: [faster-replies, slower-churn
        """,
    )
    result = goals.lint()
    # The file ends (line 4, column 1) while the `[` of line 3 is still open.
    assert result.findings == [("support.yaml", 4, 1, "yaml-syntax")]
    message = result.messages("yaml-syntax")[0]
    assert "']'" in message
    assert "(at line 3)" in message
    assert result.exit_code == 1


def test_tab_used_for_indentation(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("    type: committed", "\ttype: committed"))
    result = goals.lint()
    assert result.findings == [("support.yaml", 7, 1, "yaml-syntax")]
    assert "tab" in result.messages("yaml-syntax")[0]
    assert result.exit_code == 1


def test_bad_indent(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("    type: committed", "   type: committed"))
    result = goals.lint()
    # `type` in column 4 is neither a key of the objective (column 5) nor a new `-` item of
    # the objectives list that starts on line 5.
    assert result.findings == [("support.yaml", 7, 4, "yaml-syntax")]
    assert result.messages("yaml-syntax") == [
        "this line is indented to column 4, but its siblings start at column 5: align it with "
        "them (YAML: did not find expected '-' indicator)"
    ]
    assert result.exit_code == 1


def test_second_document(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE + "---\nteam: growth\n")
    result = goals.lint()
    assert result.findings == [("support.yaml", 15, 1, "yaml-syntax")]
    assert result.messages("yaml-syntax") == [
        "a goal file holds one YAML document, but a second one starts here"
    ]
    assert result.exit_code == 1


def test_python_tags_are_rejected_and_never_executed(goals: GoalTree) -> None:
    text = FILE.replace(
        "owner: lin", 'owner: !!python/object/apply:os.system ["touch pwned-by-system"]'
    ).replace(
        "title: Customers get answers fast",
        'title: !!python/object/apply:builtins.open ["pwned-by-open", "w"]',
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    # `owner: ` and `    title: ` are 7 and 11 characters: the tags start in columns 8 and 12.
    assert result.findings == [
        ("support.yaml", 3, 8, "yaml-syntax"),
        ("support.yaml", 6, 12, "yaml-syntax"),
    ]
    assert result.messages("yaml-syntax") == [
        "tag `!!python/object/apply:os.system` is not allowed: goal files hold plain data, "
        "and okrctl never constructs objects from tags",
        "tag `!!python/object/apply:builtins.open` is not allowed: goal files hold plain data, "
        "and okrctl never constructs objects from tags",
    ]
    assert result.exit_code == 1
    # The lint ran in the goal tree's folder: neither tag did anything there.
    assert not (goals.root / "pwned-by-system").exists()
    assert not (goals.root / "pwned-by-open").exists()
    # Nor through the real console entry point.
    run = okrctl_process("lint", "support.yaml", cwd=goals.root)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert sorted(p.name for p in goals.root.iterdir()) == ["support.yaml"]


def test_non_core_tags_are_rejected(goals: GoalTree) -> None:
    text = FILE.replace("        target: 25", "        target: !Ref goal").replace(
        "        start: 4.1", "        start: !!timestamp 2026-10-01"
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    # `        target: ` is 16 characters, `        start: ` is 15.
    assert result.findings == [
        ("support.yaml", 11, 17, "yaml-syntax"),
        ("support.yaml", 13, 16, "yaml-syntax"),
    ]
    messages = result.messages("yaml-syntax")
    assert messages[0].startswith("tag `!Ref` is not allowed")
    assert messages[1].startswith("tag `!!timestamp` is not allowed")
    assert result.exit_code == 1


def test_local_tag_on_a_mapping_is_rejected(goals: GoalTree) -> None:
    goals.write(
        "platform.yaml",
        """
        team: platform
        kpis:
          - !GetAtt
            id: uptime
            title: Uptime
            owner: lin
        """,
    )
    result = goals.lint()
    assert result.findings == [("platform.yaml", 3, 5, "yaml-syntax")]
    assert result.messages("yaml-syntax")[0].startswith("tag `!GetAtt` is not allowed")


def test_core_tags_are_fine(goals: GoalTree) -> None:
    goals.write(
        "support.yaml", FILE.replace("start: 52", "start: !!int 52").replace("lin", "!!str lin")
    )
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_invalid_utf8(goals: GoalTree) -> None:
    path = goals.write("support.yaml", FILE)
    raw = path.read_bytes().replace(b"Customers get", b"Caf\xe9 customers get")
    path.write_bytes(raw)
    result = goals.lint()
    # line 6 `    title: Caf\xe9`: the bad byte follows 14 characters.
    assert result.findings == [("support.yaml", 6, 15, "yaml-syntax")]
    assert result.messages("yaml-syntax") == ["not valid UTF-8 (byte 0xe9); save the file as UTF-8"]
    assert result.exit_code == 1


def test_invalid_utf8_column_counts_characters_not_bytes(goals: GoalTree) -> None:
    path = goals.write("support.yaml", FILE)
    # `    title: Café ` is 16 characters (17 bytes: é is two): the bad byte is character 17.
    raw = path.read_bytes().replace(b"Customers get", b"Caf\xc3\xa9 \xff get")
    path.write_bytes(raw)
    result = goals.lint()
    assert result.findings == [("support.yaml", 6, 17, "yaml-syntax")]
    assert result.messages("yaml-syntax") == ["not valid UTF-8 (byte 0xff); save the file as UTF-8"]


def test_invalid_utf8_after_a_bom(goals: GoalTree) -> None:
    path = goals.write("support.yaml", FILE)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"team: s", b"team: s\xff", 1))
    result = goals.lint()
    # `team: s` is 7 characters; the BOM is not one of them.
    assert result.findings == [("support.yaml", 1, 8, "yaml-syntax")]


def test_invalid_utf8_on_a_later_line_after_a_bom(goals: GoalTree) -> None:
    path = goals.write("support.yaml", FILE)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"period", b"\xffperiod"))
    result = goals.lint()
    assert result.findings == [("support.yaml", 2, 1, "yaml-syntax")]
    assert result.messages("yaml-syntax") == ["not valid UTF-8 (byte 0xff); save the file as UTF-8"]


def test_utf8_bom_is_accepted(goals: GoalTree) -> None:
    path = goals.write("support.yaml", FILE)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_utf8_bom_does_not_shift_columns(goals: GoalTree) -> None:
    path = goals.write("support.yaml", FILE.replace("team: support", "team: Support"))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = goals.lint()
    # `team: ` is 6 characters; the BOM before it is not a character of line 1.
    assert result.findings == [("support.yaml", 1, 7, "invalid-value")]


BOMB = """
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_rejected_in_one_finding(goals: GoalTree) -> None:
    goals.write("bomb.yaml", BOMB)
    result = goals.lint()
    # Nodes per anchor: a = 1 + 9 = 10, b = 1 + 9*10 = 91, c = 820, d = 7381, e = 66430.
    # Expanded by the aliases of b..e: 90 + 819 + 7380 + 66429 = 74718; the first `*e` on
    # line 6 (column 8, after `f: &f [`) brings it to 141148, over the 100000 limit.
    assert result.findings == [("bomb.yaml", 6, 8, "yaml-syntax")]
    assert result.messages("yaml-syntax") == [
        "aliases expand to more than 100000 values (an alias bomb?); "
        "limit `limits.max_alias_expansion` in okrctl.yaml"
    ]
    assert result.exit_code == 1


def test_too_many_aliases(goals: GoalTree) -> None:
    goals.write("many.yaml", "team: support\nx: &x 1\ny: [" + ", ".join(["*x"] * 101) + "]\n")
    result = goals.lint()
    # `y: [` then `*x, ` repeated: alias n starts in column 5 + 4 * (n - 1); n = 101 -> 405.
    assert result.findings == [("many.yaml", 3, 405, "yaml-syntax")]
    assert result.messages("yaml-syntax") == [
        "more than 100 aliases in one file (limit `limits.max_aliases` in okrctl.yaml)"
    ]


def test_nesting_deeper_than_the_limit(goals: GoalTree) -> None:
    goals.write("deep.yaml", "team: support\nkpis: " + "[" * 70 + "]" * 70 + "\n")
    result = goals.lint()
    # The root mapping is depth 0 and the first `[` (column 7) depth 1, so the 65th `[`, in
    # column 7 + 64 = 71, is the first one deeper than 64.
    assert result.findings == [("deep.yaml", 2, 71, "yaml-syntax")]
    assert result.messages("yaml-syntax") == [
        "nesting deeper than 64 levels; a goal file never needs that "
        "(limit `limits.max_depth` in okrctl.yaml)"
    ]
    assert result.exit_code == 1


def test_nesting_limit_is_configurable(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "limits: {max_depth: 3}\n")
    goals.write("support.yaml", FILE)
    result = goals.lint()
    # root 0, objectives list 1, objective 2, key_results list 3, first key result 4 > 3:
    # line 9 `      - title: ...`, the mapping starts at `title`, column 9.
    assert result.findings == [("support.yaml", 9, 9, "yaml-syntax")]
    assert "deeper than 3 levels" in result.messages("yaml-syntax")[0]


KPI_100_BYTES = """
team: ops
kpis:
  - id: api
    title: Uptime
    owner: lin
    cadence: daily
    band: {min: 99}
"""


def test_file_over_the_size_limit(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "limits: {max_file_size: 100}\n")
    at_limit = goals.write("at-limit.yaml", KPI_100_BYTES)
    over = goals.write("over.yaml", KPI_100_BYTES.replace("id: api", "id: apis"))
    # 10 + 6 + 12 + 18 + 15 + 19 + 20 bytes, line by line.
    assert len(at_limit.read_bytes()) == 100
    assert len(over.read_bytes()) == 101
    result = goals.lint()
    assert result.findings == [("over.yaml", 1, 1, "yaml-syntax")]
    assert result.messages("yaml-syntax") == [
        "file is 101 bytes, over the limit of 100 (`limits.max_file_size` in okrctl.yaml)"
    ]
    assert result.exit_code == 1


def test_file_at_the_size_limit_passes(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "limits: {max_file_size: 100}\n")
    goals.write("at-limit.yaml", KPI_100_BYTES)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_a_broken_file_does_not_stop_the_others(goals: GoalTree) -> None:
    goals.write("broken.yaml", UNCLOSED)
    goals.write("support.yaml", FILE.replace("owner: lin\n", "owner: lin\nquater: 4\n"))
    result = goals.lint()
    assert result.findings == [
        ("broken.yaml", 5, 3, "yaml-syntax"),
        ("support.yaml", 4, 1, "unknown-field"),
    ]
    assert result.document["summary"]["files"] == 2
    assert result.exit_code == 1


def test_broken_file_through_the_console_script_has_no_traceback(goals: GoalTree) -> None:
    goals.write("broken.yaml", UNCLOSED)
    goals.write("support.yaml", FILE)
    run = okrctl_process("lint", "--format", "json", cwd=goals.root)
    assert run.returncode == 1
    assert run.stderr == ""
    document = json.loads(run.stdout)
    assert [(f["path"], f["line"], f["column"], f["rule"]) for f in document["findings"]] == [
        ("broken.yaml", 5, 3, "yaml-syntax")
    ]

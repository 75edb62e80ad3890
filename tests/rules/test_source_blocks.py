"""Lint checks `source` blocks without running them: kinds, fields, `${VAR}`, JSON Pointers."""

from tests.conftest import GoalTree

HEAD = """
team: support
kpis:
  - id: churn
    title: Monthly churn
    owner: lin
    band: {max: 3}
    source:
"""


def lint_source(goals: GoalTree, source: str) -> list[tuple[int, str, str]]:
    goals.write("support.yaml", HEAD + source)
    result = goals.lint()
    return [
        (f["line"], f["rule"], f["message"])
        for f in result.document["findings"]
        if f["rule"] in ("invalid-value", "unknown-field", "missing-field")
    ]


def test_a_well_formed_source_of_each_kind_passes(goals: GoalTree) -> None:
    sources = [
        "      kind: sql\n      url: sqlite:///data/metrics.db\n      query: select 1\n",
        "      kind: csv\n      path: data/churn.csv\n      date_column: day\n"
        "      value_column: churn\n      filter: {region: eu}\n      scale: 100\n      round: 1\n",
        "      kind: http-json\n      url: http://localhost/x\n      rows: /data\n"
        "      value: /v\n      date: /d\n      timeout: 5\n",
        "      kind: prometheus\n      url: http://localhost:9090\n      query: up\n"
        "      step: 1d\n",
        "      kind: command\n      argv: [python3, churn.py, '${REGION}']\n",
    ]
    for source in sources:
        assert lint_source(goals, source) == [], source


def test_an_unknown_kind_is_named(goals: GoalTree) -> None:
    assert lint_source(goals, "      kind: excel\n      path: x.xlsx\n") == [
        (
            8,
            "invalid-value",
            "`source`: a source is a mapping whose `kind` is one of sql, csv, http-json, "
            "prometheus, command",
        )
    ]


def test_fields_of_a_kind_are_checked(goals: GoalTree) -> None:
    found = lint_source(
        goals, "      kind: sql\n      url: sqlite:///m.db\n      qurey: select 1\n"
    )
    assert found == [(10, "unknown-field", "unknown field `qurey` in KPI (did you mean `query`?)")]


def test_variable_syntax_is_checked(goals: GoalTree) -> None:
    found = lint_source(
        goals,
        "      kind: command\n      argv: [run, '${REGION', '$TOKEN', '${1X}', '$$5', '$5']\n",
    )
    assert [message for _, _, message in found] == [
        "`source.argv[1]`: `${REGION` is not closed: write ${NAME}",
        "`source.argv[2]`: `$TOKEN` is not expanded: write ${TOKEN}",
        "`source.argv[3]`: `${1X}` is not a variable name: write ${NAME} with letters, digits "
        "and _ (not starting with a digit)",
    ]


def test_a_malformed_json_pointer_is_reported(goals: GoalTree) -> None:
    found = lint_source(
        goals,
        "      kind: http-json\n      url: http://x/y\n      value: data/v\n      date: /a~2b\n",
    )
    assert [message for _, _, message in found] == [
        '`source.value`: `data/v` is not a JSON Pointer: it starts with "/" (e.g. "/data/value")',
        "`source.date`: `/a~2b` is not a JSON Pointer: `~` is written ~0 and `/` inside a name ~1",
    ]


def test_shared_options_are_checked(goals: GoalTree) -> None:
    found = lint_source(
        goals,
        "      kind: csv\n      path: a.csv\n      url: http://x/a.csv\n      date_column: d\n"
        "      value_column: v\n      timeout: 0\n      round: 1.5\n",
    )
    assert [message for _, _, message in found] == [
        "`source.timeout`: `timeout` is seconds, more than 0 and at most 3600, got the number 0",
        "`source.round`: `round` is a number of decimals, 0 to 12, got the number 1.5",
    ]


def test_headers_and_rows_are_checked_at_their_lines(goals: GoalTree) -> None:
    found = lint_source(
        goals,
        "      kind: http-json\n      url: http://x/y\n"
        "      headers: {Authorization: 'Bearer $TOKEN'}\n      rows: data\n      value: /v\n",
    )
    assert found == [
        (10, "invalid-value", "`source.headers.Authorization`: `$TOKEN` is not expanded: write "
         "${TOKEN}"),
        (11, "invalid-value", '`source.rows`: `data` is not a JSON Pointer: it starts with "/" '
         '(e.g. "/data/value")'),
    ]  # fmt: skip

"""source-sql: a sql source's query that does not parse, pointed at where it is written."""

import subprocess
import sys

import pytest

from okrctl.rules.source_sql import dialect, sql_error
from tests.conftest import GoalTree

HEAD = """
team: support
kpis:
  - id: churn
    title: Monthly churn
    owner: lin
    band: {max: 3}
    cadence: daily
    source:
      kind: sql
      url: sqlite:///data/metrics.db
"""

FOLDED = """      query: >
        select day, churn_pct from churn_daily
        where day > :since and day <= :as_of order by day
"""


def lint_query(
    goals: GoalTree, query: str, url: str = "sqlite:///data/metrics.db"
) -> list[tuple[tuple[str, int, int, str], str]]:
    goals.write("support.yaml", HEAD.replace("sqlite:///data/metrics.db", url) + query)
    result = goals.lint()
    return list(zip(result.of("source-sql"), result.messages("source-sql"), strict=True))


def test_a_query_that_parses_passes(goals: GoalTree) -> None:
    assert lint_query(goals, FOLDED) == []
    one_line = "      query: select count(*) from tickets where day <= :as_of\n"
    assert lint_query(goals, one_line) == []
    recursive = (
        "      query: |\n        with recursive n(i) as (select 1 union all select i + 1 from n)\n"
        "        select count(*) from n\n"
    )
    assert lint_query(goals, recursive) == []


def test_a_folded_block_points_at_the_token_on_its_own_line(goals: GoalTree) -> None:
    found = lint_query(goals, FOLDED.replace("churn_pct from", "churn_pct frm"))
    assert found == [
        (
            ("support.yaml", 12, 35, "source-sql"),
            "source of `support/churn`: the query does not parse as SQL: Invalid expression / "
            "Unexpected token, at `churn_daily`",
        )
    ]
    second_line = lint_query(goals, FOLDED.replace("day > :since", "day > :since )"))
    assert [where for where, _ in second_line] == [("support.yaml", 13, 28, "source-sql")]  # at `)`


def test_a_literal_block_points_at_the_line_and_column(goals: GoalTree) -> None:
    literal = "      query: |\n          select day,\n            churn_pct frm churn_daily\n"
    found = lint_query(goals, literal)
    assert [where for where, _ in found] == [("support.yaml", 13, 27, "source-sql")]


def test_a_plain_or_quoted_query_on_one_line(goals: GoalTree) -> None:
    plain = lint_query(goals, "      query: select day frm x\n")
    assert [where for where, _ in plain] == [("support.yaml", 11, 29, "source-sql")]
    quoted = lint_query(goals, '      query: "select (1"\n')
    assert quoted == [
        (
            ("support.yaml", 11, 23, "source-sql"),
            "source of `support/churn`: the query does not parse as SQL: Expecting ), at `1`",
        )
    ]


def test_an_unclosed_string_is_at_the_query(goals: GoalTree) -> None:
    found = lint_query(goals, "      query: select 'abc from t\n")
    assert found == [
        (
            ("support.yaml", 11, 14, "source-sql"),
            "source of `support/churn`: the query does not parse as SQL: a string or a quoted "
            "name is not closed",
        )
    ]


def test_a_key_result_s_query_is_checked(goals: GoalTree) -> None:
    goals.write(
        "okrs.yaml",
        """
        team: support
        period: 2026-Q4
        objectives:
          - id: faster
            title: Customers get answers while they still care
            type: committed
            owner: lin
            key_results:
              - id: backlog
                title: Ticket backlog down to 50
                start: 200
                target: 50
                source: {kind: sql, url: "${DB}", query: "select from where"}
        """,
    )
    result = goals.lint()
    assert result.of("source-sql") == [("okrs.yaml", 13, 63, "source-sql")]  # at `where`
    assert result.messages("source-sql")[0].startswith(
        "source of `support/2026-Q4/faster/backlog`: the query does not parse as SQL: "
    )


def test_the_dialect_comes_from_the_url() -> None:
    assert dialect("sqlite:///data/metrics.db") == "sqlite"
    assert dialect("postgresql+psycopg://okr:${PW}@db/metrics") == "postgres"
    assert dialect("${CHURN_DB_URL}") is None
    assert dialect("nosuchdb://x") is None
    # PostgreSQL's `::` cast, and MySQL's backquotes, in their own dialects.
    assert sql_error("select day::date, v from t", "postgres") is None
    assert sql_error("select `day`, v from `t`", "mysql") is None
    assert sql_error("select 1 +", None) is not None


@pytest.mark.parametrize("with_sql", [False, True])
def test_the_parser_is_imported_only_for_a_sql_source(goals: GoalTree, with_sql: bool) -> None:
    """Lint without a sql source never imports sqlglot (start-up time stays as it was)."""
    source = FOLDED if with_sql else ""
    text = HEAD + source if with_sql else HEAD.split("    source:")[0]
    goals.write("support.yaml", text)
    code = (
        "import sys\nfrom okrctl.cli import main\n"
        "try:\n    main(['lint', '.'])\nexcept SystemExit:\n    pass\n"
        "print('sqlglot' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=goals.root, capture_output=True, text=True, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == str(with_sql)

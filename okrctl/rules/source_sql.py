"""source-sql: the query of a `kind: sql` source does not parse as SQL.

`okrctl pull` would only find out when it runs the query, in a scheduled job, after the
change is merged. Lint reads the query with sqlglot, in the database's dialect when the URL
names it (`sqlite:`, `postgresql:`, `mysql:`, ...; a URL that is all `${VAR}` is read as
generic SQL), and points at the token where it stops making sense, inside a block scalar too.
It does not connect: a table or a column that does not exist is found by `okrctl pull`.

A warning, not an error: sqlglot is not the database, and a vendor's extension it does not
know should not fail a CI job (silence it there with `# okrctl: disable=source-sql`).

Failing:

    source:
      kind: sql
      url: sqlite:///data/metrics.db
      query: |
        select day, churn_pct frm churn_daily
        where day > :since

Passing:

    source:
      kind: sql
      url: sqlite:///data/metrics.db
      query: |
        select day, churn_pct from churn_daily
        where day > :since

Fix: correct the query (run it against the database with `okrctl pull --dry-run`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from okrctl.findings import Location, Problem, Severity
from okrctl.model.goals import Kpi, NumericKeyResult
from okrctl.model.sources import SqlSource
from okrctl.rules.base import RuleContext, problem
from okrctl.source import Positions

CODE = "OK121"
NAME = "source-sql"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True

# sqlglot's dialect for a SQLAlchemy URL's scheme (`postgresql+psycopg` is `postgresql`).
DIALECTS = {
    "sqlite": "sqlite",
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "mssql": "tsql",
    "oracle": "oracle",
    "snowflake": "snowflake",
    "bigquery": "bigquery",
    "duckdb": "duckdb",
    "clickhouse": "clickhouse",
    "redshift": "redshift",
    "trino": "trino",
    "databricks": "databricks",
}
_CLASS = re.compile(r"<class '(?:[\w]+\.)*(\w+)'>")


@dataclass(frozen=True, slots=True)
class SqlError:
    """Why a query does not parse, and where in its text (1-based line and column, 0: none)."""

    why: str
    line: int = 0
    column: int = 0


def dialect(url: str) -> str | None:
    """sqlglot's name of the database a URL names; None when it names none (`${VAR}`)."""
    scheme = url.split(":", 1)[0].split("+", 1)[0].lower() if ":" in url else ""
    return DIALECTS.get(scheme)


def sql_error(query: str, read: str | None) -> SqlError | None:
    """Why `query` does not parse in the dialect `read` (None: generic SQL), or None."""
    # Imported here: a tree without a sql source never pays for the parser.
    from sqlglot import parse
    from sqlglot.errors import ParseError, SqlglotError, TokenError

    try:
        parse(query, read=read)
    except ParseError as error:
        if not error.errors:
            return SqlError(_CLASS.sub(r"\1", str(error)).splitlines()[0])
        first = error.errors[0]
        why = _CLASS.sub(r"\1", str(first.get("description") or "invalid SQL"))
        near = str(first.get("highlight") or "")
        line, column = int(first.get("line") or 0), int(first.get("col") or 0)
        if near:
            why = f"{why}, at `{near}`"
            column = max(1, column - len(near) + 1)  # sqlglot gives the token's last column
        return SqlError(why, line, column)
    except TokenError:
        return SqlError("a string or a quoted name is not closed")
    except SqlglotError as error:
        return SqlError(_CLASS.sub(r"\1", str(error)).splitlines()[0])
    return None


def _line_end(source: Positions, line: int) -> int:
    """The column just after the last character of `line` (1-based)."""
    return source.ends([(line, 1)]).get((line, 1), (line, 1))[1]


def query_location(
    query: str, start: Location, source: Positions, line: int, column: int
) -> Location:
    """Where the character at (line, column) of the query's text is written in the file:
    inside a plain or quoted scalar on one line, a literal block (`|`) or a folded one (`>`);
    the start of the value when it cannot be worked out (escapes, folds the text hides)."""
    if line < 1 or column < 1:
        line, column = 1, 1
    end = source.ends([(start.line, start.column)]).get((start.line, start.column))
    if end is None:
        return start
    lines = query.split("\n")
    if end[0] == start.line:  # on one line: plain, or quoted (one character more each side)
        if line != 1:
            return start
        written = end[1] - start.column
        if written == len(query):
            return Location(start.path, start.line, start.column + column - 1)
        if written == len(query) + 2:
            return Location(start.path, start.line, start.column + column)
        return start
    last = end[0] if end[1] > 1 else end[0] - 1
    first = start.line + 1
    if last < first:
        return start
    ends = [_line_end(source, n) for n in range(first, last + 1)]
    content = query[:-1] if query.endswith("\n") else query
    texts = content.split("\n")
    if len(texts) == len(ends):  # a literal block: one line of text per line of the file
        if line > len(texts):
            return start
        indent = ends[line - 1] - 1 - len(texts[line - 1])
        return Location(start.path, first + line - 1, max(1, indent + column))
    if len(lines) <= 2 and line == 1:  # folded: the file's lines joined by one blank each
        total = sum(e - 1 for e in ends)
        gaps = len(ends) - 1
        indent, left = divmod(total - (len(content) - gaps), len(ends))
        if left or indent < 1:
            return start
        offset = column - 1
        for number, e in enumerate(ends):
            length = e - 1 - indent
            if offset <= length:
                return Location(start.path, first + number, indent + offset + 1)
            offset -= length + 1
    return start


def _check(owner: Kpi | NumericKeyResult, source: Positions, what: str) -> Iterator[Problem]:
    sql = getattr(owner, "source", None)
    if not isinstance(sql, SqlSource):
        return
    found = sql_error(sql.query, dialect(sql.url))
    if found is None:
        return
    start = owner.where_path("source", "query")
    where = query_location(sql.query, start, source, found.line, found.column)
    yield problem(NAME, where, f"{what}: the query does not parse as SQL: {found.why}")


def check(ctx: RuleContext) -> Iterator[Problem]:
    for placed in ctx.tree.key_results():
        if isinstance(placed.kr, NumericKeyResult):
            yield from _check(placed.kr, placed.parent.file.source, f"source of `{placed.ref}`")
    for kpi in ctx.tree.kpis.values():
        yield from _check(kpi.kpi, kpi.file.source, f"source of `{kpi.ref}`")

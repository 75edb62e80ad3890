"""`kind: sql`: a query's rows of (date, value), or its one value.

SQLite URLs (`sqlite:///data/metrics.db`, a path relative to the goal file's folder, or
`sqlite:////abs/path.db`) are read with the standard library's sqlite3, read-only, so they
need nothing installed; the query's `:since` and `:as_of` are sqlite3's own named
parameters, as they are SQLAlchemy's. Every other URL goes through SQLAlchemy (the `sql`
extra: `pip install 'okrctl[sql]'`, with the database's driver; `okrctl[postgres]` brings
psycopg for PostgreSQL). A bare `postgresql://` URL is read with psycopg (3) when psycopg2,
SQLAlchemy's default for it, is not installed; PostgreSQL gets the source's `timeout` as its
connect timeout and its `statement_timeout`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from okrctl.model.sources import SqlSource
from okrctl.sources.base import Reading, Request, SourceError
from okrctl.sources.rows import from_rows

MAX_ROWS = 100_000


def fetch(source: SqlSource, request: Request) -> list[Reading]:
    url = request.expand(source.url, "url")
    parameters = {"since": request.since.isoformat(), "as_of": request.as_of.isoformat()}
    # A check reads one row: the query ran, and its first row shows its shape.
    limit = 1 if request.check else MAX_ROWS + 1
    if url.startswith("sqlite:"):
        rows = _sqlite(url, source.query, parameters, request, source.seconds, limit)
    else:
        rows = _sqlalchemy(url, source.query, parameters, source.seconds, limit)
    if len(rows) > MAX_ROWS:
        raise SourceError(f"the query returned more than {MAX_ROWS} rows")
    return from_rows(rows, request, "the query's")


def _sqlite_path(url: str, folder: Path) -> Path:
    rest = url.removeprefix("sqlite:")
    if not rest.startswith("///") or rest == "///":
        raise SourceError("a SQLite URL is sqlite:///relative/path.db or sqlite:////absolute.db")
    path = Path(rest[3:].split("?", 1)[0])
    return path if path.is_absolute() else folder / path


def _sqlite(
    url: str, query: str, parameters: dict[str, str], request: Request, seconds: float, limit: int
) -> list[Any]:
    path = _sqlite_path(url, request.folder)
    if not path.is_file():
        raise SourceError(f"no SQLite database at {path}")
    deadline = time.monotonic() + seconds
    try:
        # Read-only: pulling never writes to the database it reads.
        connection = sqlite3.connect(
            f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=seconds
        )
    except sqlite3.Error as error:
        raise SourceError(f"cannot open the SQLite database {path}: {error}") from None
    try:
        # Called every 10k virtual-machine steps: a non-zero answer interrupts the query.
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        # Unused named parameters are fine for sqlite3: a query may use either, both or none.
        cursor = connection.execute(query, parameters)
        rows = cursor.fetchmany(limit)
    except sqlite3.OperationalError as error:
        if str(error) == "interrupted":
            raise SourceError(f"the query took longer than {seconds:g} s (timeout)") from None
        raise SourceError(f"SQL error: {error}") from None
    except sqlite3.Error as error:
        raise SourceError(f"SQL error: {error}") from None
    finally:
        connection.close()
    return rows


# The PostgreSQL drivers that take libpq's connect_timeout and `options`.
_LIBPQ = frozenset({"postgresql", "postgresql+psycopg", "postgresql+psycopg2"})
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
_QUERY_CANCELED = "57014"


def _with_driver(url: str) -> str:
    """`url`, with `postgres://` read as `postgresql://`, and a bare `postgresql://` read with
    psycopg (3) when psycopg2 (SQLAlchemy's default for it) is not installed."""
    scheme, separator, rest = url.partition("://")
    if not separator or scheme not in ("postgres", "postgresql"):
        return url
    if importlib.util.find_spec("psycopg2") is None and importlib.util.find_spec("psycopg"):
        return f"postgresql+psycopg://{rest}"
    return f"postgresql://{rest}"


def _cause(error: Any) -> str:
    """The driver's own first line of an error, its spacing tidied."""
    orig = getattr(error, "orig", None)
    text = str(orig).strip() if orig is not None else ""
    first = text.splitlines()[0] if text else type(error).__name__
    return " ".join(first.split()).removeprefix("connection failed: ")


def _sqlalchemy(
    url: str, query: str, parameters: dict[str, str], seconds: float, limit: int
) -> list[Any]:
    try:
        # Imported by name: an optional extra, typed as Any whether installed or not.
        sqlalchemy: Any = importlib.import_module("sqlalchemy")
    except ImportError:
        scheme = url.split(":", 1)[0] or "this"
        raise SourceError(
            f"a {scheme} URL is read through SQLAlchemy, which is not installed: "
            "pip install 'okrctl[sql]' (and the database's driver, e.g. psycopg)"
        ) from None
    url = _with_driver(url)
    connect_args: dict[str, Any] = {}
    if url.partition("://")[0] in _LIBPQ:
        connect_args = {
            "connect_timeout": max(1, round(seconds)),
            "options": f"-c statement_timeout={max(1, int(seconds * 1000))}",
        }
    try:
        engine = sqlalchemy.create_engine(url, connect_args=connect_args)
    except ImportError as error:
        raise SourceError(f"the database driver is not installed: {error.name}") from None
    except Exception as error:  # an unparsable URL: SQLAlchemy's ArgumentError
        raise SourceError(f"not a database URL: {type(error).__name__}") from None
    try:
        try:
            connection = engine.connect()
        except sqlalchemy.exc.DBAPIError as error:
            raise SourceError(f"cannot connect: {_cause(error)}") from None
        with connection:
            # A check streams (a server-side cursor where the driver has one): one row is
            # all it reads, not the whole answer.
            options = {"stream_results": True} if limit == 1 else {}
            result = connection.execution_options(**options).execute(
                sqlalchemy.text(query), parameters
            )
            return [tuple(row) for row in result.fetchmany(limit)]
    except sqlalchemy.exc.DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == _QUERY_CANCELED:
            raise SourceError(f"the query took longer than {seconds:g} s (timeout)") from None
        raise SourceError(f"SQL error: {_cause(error)}") from None
    except sqlalchemy.exc.SQLAlchemyError as error:
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise SourceError(f"SQL error: {' '.join(first.split())[:300]}") from None
    finally:
        engine.dispose()

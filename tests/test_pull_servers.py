"""`okrctl pull` against real servers: PostgreSQL and Prometheus, started by the tests.

Each server starts once for this module (tests/servers.py), in a temporary folder on a free
local port; a test whose server cannot start fails in CI and is skipped elsewhere.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import okrctl
from tests.servers import Postgres, postgres_server


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# -- PostgreSQL ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    with postgres_server() as server:
        server.execute("postgres", "create database metrics")
        server.execute(
            "metrics",
            "create table churn_daily (day date primary key, churn_pct numeric(5, 2))",
            "insert into churn_daily values ('2026-11-24', 2.00), ('2026-11-25', 2.25),"
            " ('2026-11-26', 2.50), ('2026-11-27', 2.75)",
        )
        yield server


CHURN = """
team: support
kpis:
  - id: churn  # the board's first KPI
    title: Monthly churn
    owner: lin
    unit: "%"
    band: {max: 2.5}
    measurements:
      # typed by hand
      - {date: 2026-11-25, value: 2.25}
    source:
      kind: sql
      url: {url}
      query: >
        select day, churn_pct from churn_daily
        where day > :since and day <= :as_of order by day
"""


def churn_kpi(tmp_path: Path, postgres: Postgres, replace: dict[str, str] | None = None) -> Path:
    """kpis.yaml with the churn KPI reading the test server, `replace`d old -> new."""
    text = CHURN.replace("{url}", postgres.url("metrics"))
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    return write(tmp_path / "kpis.yaml", text)


def test_postgres_values_are_appended_and_a_rerun_writes_nothing(
    postgres: Postgres, tmp_path: Path
) -> None:
    goals = churn_kpi(tmp_path, postgres)
    env = {"PG_PASSWORD": postgres.password}
    result = okrctl("pull", cwd=tmp_path, env=env)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "kpis.yaml: pulled support/churn: 2.5% on 2026-11-26, 2.75% on 2026-11-27\n"
    )
    assert goals.read_text() == textwrap.dedent(CHURN).lstrip("\n").replace(
        "{url}", postgres.url("metrics")
    ).replace(
        "      - {date: 2026-11-25, value: 2.25}\n",
        "      - {date: 2026-11-25, value: 2.25}\n"
        "      - {date: 2026-11-26, value: 2.5, source: pulled}\n"
        "      - {date: 2026-11-27, value: 2.75, source: pulled}\n",
    )
    pulled = goals.read_bytes()
    again = okrctl("pull", cwd=tmp_path, env=env)
    assert (again.returncode, again.stdout) == (0, "nothing new to pull\n")
    assert goals.read_bytes() == pulled
    assert okrctl("lint", cwd=tmp_path).returncode == 0


def test_postgres_one_value_is_recorded_at_the_as_of_date(
    postgres: Postgres, tmp_path: Path
) -> None:
    goals = churn_kpi(
        tmp_path,
        postgres,
        {
            "select day, churn_pct from churn_daily": "select avg(churn_pct) from churn_daily",
            "where day > :since and day <= :as_of order by day": "where day <= :as_of",
        },
    )
    result = okrctl(
        "pull", "--as-of", "2026-11-28", cwd=tmp_path, env={"PG_PASSWORD": postgres.password}
    )
    assert result.stdout == "kpis.yaml: pulled support/churn: 2.375% on 2026-11-28\n"
    assert "      - {date: 2026-11-28, value: 2.375, source: pulled}\n" in goals.read_text()


def test_a_wrong_postgres_password_is_one_line_without_the_password(
    postgres: Postgres, tmp_path: Path
) -> None:
    goals = churn_kpi(tmp_path, postgres)
    before = goals.read_bytes()
    wrong = "not-the-Password-91x"
    result = okrctl("pull", cwd=tmp_path, env={"PG_PASSWORD": wrong})
    assert result.returncode == 1
    assert wrong not in result.stdout + result.stderr
    assert postgres.password not in result.stdout + result.stderr
    assert result.stdout == (
        "kpis.yaml:11: source of `support/churn` (sql): cannot connect: connection to server "
        f'at "127.0.0.1", port {postgres.port} failed: FATAL: password authentication failed '
        'for user "okrctl"\n'
    )
    assert goals.read_bytes() == before


def test_a_postgres_sql_error_is_one_line(postgres: Postgres, tmp_path: Path) -> None:
    goals = churn_kpi(tmp_path, postgres, {"from churn_daily": "from no_such_table"})
    before = goals.read_bytes()
    result = okrctl("pull", cwd=tmp_path, env={"PG_PASSWORD": postgres.password})
    assert result.returncode == 1
    assert result.stdout == (
        'kpis.yaml:11: source of `support/churn` (sql): SQL error: relation "no_such_table" '
        "does not exist\n"
    )
    assert goals.read_bytes() == before


def test_a_postgres_query_over_its_timeout_is_cancelled_by_the_server(
    postgres: Postgres, tmp_path: Path
) -> None:
    slow = "select day, churn_pct from churn_daily, pg_sleep(5) where day > :since"
    goals = churn_kpi(
        tmp_path,
        postgres,
        {
            "select day, churn_pct from churn_daily": slow,
            "where day > :since and day <= :as_of order by day": "order by day",
            "      query: >": "      timeout: 1\n      query: >",
        },
    )
    before = goals.read_bytes()
    result = okrctl("pull", cwd=tmp_path, env={"PG_PASSWORD": postgres.password})
    assert result.stdout == (
        "kpis.yaml:11: source of `support/churn` (sql): the query took longer than 1 s (timeout)\n"
    )
    assert result.returncode == 1
    assert goals.read_bytes() == before


def test_a_postgres_server_that_is_not_there_is_one_line(
    postgres: Postgres, tmp_path: Path
) -> None:
    from tests.servers import free_port

    port = free_port()
    goals = churn_kpi(tmp_path, postgres, {str(postgres.port): str(port)})
    result = okrctl("pull", cwd=tmp_path, env={"PG_PASSWORD": postgres.password})
    assert result.stdout == (
        "kpis.yaml:11: source of `support/churn` (sql): cannot connect: connection to server "
        f'at "127.0.0.1", port {port} failed: Connection refused\n'
    )
    assert "measurements" in goals.read_text()


def test_a_bare_postgresql_url_is_read_with_the_installed_driver(
    postgres: Postgres, tmp_path: Path
) -> None:
    # postgresql:// is SQLAlchemy's psycopg2; where only psycopg (3) is installed, as with
    # the `postgres` extra, okrctl reads it with that.
    bare = postgres.url("metrics").replace("postgresql+psycopg://", "postgresql://")
    goals = churn_kpi(tmp_path, postgres, {postgres.url("metrics"): bare})
    result = okrctl("pull", cwd=tmp_path, env={"PG_PASSWORD": postgres.password})
    assert result.stdout == (
        "kpis.yaml: pulled support/churn: 2.5% on 2026-11-26, 2.75% on 2026-11-27\n"
    )
    assert "      - {date: 2026-11-27, value: 2.75, source: pulled}\n" in goals.read_text()

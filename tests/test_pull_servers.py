"""`okrctl pull` against real servers: PostgreSQL and Prometheus, started by the tests.

Each server starts once for this module (tests/servers.py), in a temporary folder on a free
local port; a test whose server cannot start fails in CI and is skipped elsewhere.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from okrctl.sources import http
from tests.conftest import okrctl
from tests.servers import Postgres, Prometheus, postgres_server, prometheus_server


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


# -- Prometheus ---------------------------------------------------------------------------

HISTORY_START = datetime(2026, 11, 15, tzinfo=UTC)
HISTORY_END = datetime(2026, 11, 29, tzinfo=UTC)  # the last sample is 2026-11-28 23:58


def churn_history() -> str:
    """Two weeks of churn_ratio, scraped every 2 minutes for two regions: in the EU 0.020 on
    2026-11-15, 0.001 more each day; in the US 0.030 throughout."""
    lines = ["# HELP churn_ratio Share of customers lost.", "# TYPE churn_ratio gauge"]
    moment = HISTORY_START
    while moment < HISTORY_END:
        day = (moment - HISTORY_START).days
        stamp = f"{moment.timestamp():.0f}"
        lines.append(f'churn_ratio{{region="eu"}} {0.020 + day * 0.001:.3f} {stamp}')
        lines.append(f'churn_ratio{{region="us"}} 0.030 {stamp}')
        moment += timedelta(minutes=2)
    return "\n".join([*lines, "# EOF", ""])


@pytest.fixture(scope="module")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prometheus]:
    with prometheus_server(tmp_path_factory.mktemp("prometheus"), churn_history()) as server:
        yield server


PROMETHEUS_KPI = """
team: support
kpis:
  - id: churn
    title: Monthly churn in the EU
    owner: lin
    unit: "%"
    band: {max: 3}
    measurements:
      - {date: 2026-11-20, value: 2.5}  # from the board deck
    source:
      kind: prometheus
      url: {url}
      query: avg(churn_ratio{region="eu"})
      scale: 100
      round: 2
"""


def prometheus_kpi(tmp_path: Path, prometheus: Prometheus, query: str | None = None) -> Path:
    text = PROMETHEUS_KPI.replace("{url}", prometheus.url)
    if query is not None:
        text = text.replace('avg(churn_ratio{region="eu"})', query)
    return write(tmp_path / "kpis.yaml", text)


def test_prometheus_gives_the_value_at_each_day_s_end_since_the_last_one(
    prometheus: Prometheus, tmp_path: Path
) -> None:
    goals = prometheus_kpi(tmp_path, prometheus)
    result = okrctl("pull", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    # 2026-11-29 has not ended in the history (its last sample is 11-28 23:58): no value.
    days = [date(2026, 11, 21) + timedelta(days=n) for n in range(8)]
    values = [round(2.0 + (day - date(2026, 11, 15)).days * 0.1, 2) for day in days]
    assert (
        result.stdout
        == "kpis.yaml: pulled support/churn: "
        + ", ".join(f"{value:g}% on {day}" for day, value in zip(days, values, strict=True))
        + "\n"
    )
    assert goals.read_text() == textwrap.dedent(PROMETHEUS_KPI).lstrip("\n").replace(
        "{url}", prometheus.url
    ).replace(
        "      - {date: 2026-11-20, value: 2.5}  # from the board deck\n",
        "      - {date: 2026-11-20, value: 2.5}  # from the board deck\n"
        + "".join(
            f"      - {{date: {day}, value: {value}, source: pulled}}\n"
            for day, value in zip(days, values, strict=True)
        ),
    )
    pulled = goals.read_bytes()
    again = okrctl("pull", cwd=tmp_path)
    assert (again.returncode, again.stdout) == (0, "nothing new to pull\n")
    assert goals.read_bytes() == pulled


def test_prometheus_as_of_a_past_date_and_a_step(prometheus: Prometheus, tmp_path: Path) -> None:
    prometheus_kpi(tmp_path, prometheus)
    result = okrctl("pull", "--as-of", "2026-11-22", "--dry-run", "-f", "json", cwd=tmp_path)
    values = json.loads(result.stdout)["sources"][0]["values"]
    assert values == [{"date": "2026-11-21", "value": 2.6}, {"date": "2026-11-22", "value": 2.7}]
    goals = prometheus_kpi(tmp_path, prometheus)
    goals.write_text(
        goals.read_text().replace("      round: 2\n", "      round: 2\n      step: 6h\n")
    )
    result = okrctl("pull", "--as-of", "2026-11-22", "--dry-run", "-f", "json", cwd=tmp_path)
    # Every 6 hours from 11-21's end: each day's last value is still the one at its end.
    assert json.loads(result.stdout)["sources"][0]["values"] == values


@pytest.mark.parametrize(
    ("query", "cause"),
    [
        (
            'avg(churn_ratio{region="eu"}',
            "Prometheus refused the query: 1:29: parse error: unclosed left parenthesis",
        ),
        (
            "avg(no_such_metric)",
            "the query gave no value from 2026-11-21 to 2026-11-29: check the metric and label "
            "names (a query that may have no data can end in `or vector(0)`)",
        ),
        ("churn_ratio", "the query returned 2 series: aggregate it to one (e.g. sum(...))"),
    ],
)
def test_prometheus_failures_are_one_line(
    prometheus: Prometheus, tmp_path: Path, query: str, cause: str
) -> None:
    goals = prometheus_kpi(tmp_path, prometheus, query)
    before = goals.read_bytes()
    result = okrctl("pull", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == f"kpis.yaml:10: source of `support/churn` (prometheus): {cause}\n"
    assert goals.read_bytes() == before


def test_a_prometheus_url_that_is_not_the_api_s_base_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prometheus: Prometheus
) -> None:
    monkeypatch.setattr(http, "BACKOFF", 0.05)
    # A page of the server's web UI, not the base its API is under.
    goals = write(
        tmp_path / "kpis.yaml",
        PROMETHEUS_KPI.replace("{url}", prometheus.url + "/graph"),
    )
    result = okrctl("pull", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "kpis.yaml:10: source of `support/churn` (prometheus): the server answered HTTP 404 "
        "Not Found\n"
    )
    assert "measurements:\n      - {date: 2026-11-20, value: 2.5}" in goals.read_text()


# -- pull --check against the real servers -------------------------------------------------


def test_check_postgres_reads_one_row_and_writes_nothing(
    postgres: Postgres, tmp_path: Path
) -> None:
    goals = churn_kpi(tmp_path, postgres)
    before = goals.read_bytes()
    env = {"PG_PASSWORD": postgres.password}
    result = okrctl("pull", "--check", cwd=tmp_path, env=env)
    assert (result.returncode, result.stdout) == (
        0,
        "kpis.yaml:11: source of `support/churn` (sql): ok (2.5% on 2026-11-26)\n"
        "1 source checked: 1 ok\n",
    )
    wrong = okrctl("pull", "--check", cwd=tmp_path, env={"PG_PASSWORD": "nope-nope-42"})
    assert wrong.returncode == 1
    assert "nope-nope-42" not in wrong.stdout
    assert "failed: FATAL: password authentication failed" in wrong.stdout
    # Rows without end: the server streams the first one to a check (a server-side cursor),
    # where a pull asks for them all and the server stops it at the timeout.
    endless = churn_kpi(
        tmp_path,
        postgres,
        {
            "select day, churn_pct from churn_daily\n"
            "        where day > :since and day <= :as_of order by day": "with recursive "
            "n(i) as (select 1 union all select i + 1 from n) select date '2026-11-28', i from n",
            "      query: >": "      timeout: 2\n      query: >",
        },
    )
    endless_before = endless.read_bytes()
    checked = okrctl("pull", "--check", cwd=tmp_path, env=env)
    assert checked.stdout == (
        "kpis.yaml:11: source of `support/churn` (sql): ok (1% on 2026-11-28)\n"
        "1 source checked: 1 ok\n"
    )
    pulled = okrctl("pull", cwd=tmp_path, env=env)
    assert pulled.stdout == (
        "kpis.yaml:11: source of `support/churn` (sql): the query took longer than 2 s (timeout)\n"
    )
    assert endless.read_bytes() == endless_before
    assert before != endless_before


def test_check_prometheus_is_one_instant_query(prometheus: Prometheus, tmp_path: Path) -> None:
    goals = prometheus_kpi(tmp_path, prometheus)
    before = goals.read_bytes()
    result = okrctl("pull", "--check", cwd=tmp_path)
    # The first day a pull would ask for: the day after the last measurement (2026-11-20).
    assert (result.returncode, result.stdout) == (
        0,
        "kpis.yaml:10: source of `support/churn` (prometheus): ok (2.6% on 2026-11-21)\n"
        "1 source checked: 1 ok\n",
    )
    bad = prometheus_kpi(tmp_path, prometheus, "avg(churn_ratio{region=eu})")
    result = okrctl("pull", "--check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "kpis.yaml:10: source of `support/churn` (prometheus): Prometheus refused the query: "
    )
    assert result.stdout.endswith("\n1 source checked: 0 ok, 1 failed\n")
    assert "\n" not in result.stdout.splitlines()[0]
    assert bad.read_bytes() != before
    assert "measurements:\n      - {date: 2026-11-20, value: 2.5}  #" in bad.read_text()


def test_a_server_that_cannot_start_fails_in_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.servers import unavailable

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"no server here \(CI is set"):
        unavailable("no server here")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no server here"):
        unavailable("no server here")

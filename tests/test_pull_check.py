"""`okrctl pull --check`: every source run with LIMIT-1 semantics, nothing written, ok or the
failure for each. Real parts: SQLite files, CSV files, real commands, a local HTTP server
(PostgreSQL and Prometheus: tests/test_pull_servers.py)."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from okrctl.sources import http
from tests.conftest import okrctl
from tests.test_pull import CHURN, CSV_KPI, HTTP_KPI, KR, Answers, metrics_db, write


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def tree(tmp_path: Path) -> dict[Path, bytes]:
    """Every file under `tmp_path` and its bytes: a check changes none of them."""
    return {p: p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file()}


@pytest.fixture
def two_sources(tmp_path: Path) -> Path:
    """support/churn reads a SQLite table; billing/churn a table that is not there."""
    metrics_db(
        tmp_path / "data/metrics.db",
        [("2026-11-24", 2.0), ("2026-11-25", 2.25), ("2026-11-26", 2.5), ("2026-11-27", 2.75)],
    )
    write(tmp_path / "kpis.yaml", CHURN)
    write(
        tmp_path / "billing.yaml",
        CHURN.replace("support", "billing").replace("churn_daily", "no_such_table"),
    )
    return tmp_path


def test_check_says_ok_or_the_failure_of_each_source_and_writes_nothing(
    two_sources: Path,
) -> None:
    before = tree(two_sources)
    result = okrctl("pull", "--check", cwd=two_sources)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        "billing.yaml:11: source of `billing/churn` (sql): SQL error: no such table: "
        "no_such_table\n"
        "kpis.yaml:11: source of `support/churn` (sql): ok (2.5% on 2026-11-26)\n"
        "2 sources checked: 1 ok, 1 failed\n"
    )
    assert tree(two_sources) == before
    good = okrctl("pull", "--check", "--only", "support", cwd=two_sources)
    assert (good.returncode, good.stdout) == (
        0,
        "kpis.yaml:11: source of `support/churn` (sql): ok (2.5% on 2026-11-26)\n"
        "1 source checked: 1 ok\n",
    )
    # A pull would write two values; the check wrote none of them.
    assert okrctl("pull", "--dry-run", "--only", "support", cwd=two_sources).stdout.count("+") > 2
    assert tree(two_sources) == before


def test_check_as_json(two_sources: Path) -> None:
    result = okrctl("pull", "--check", "-f", "json", cwd=two_sources)
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "as_of": "2026-11-29",
        "check": True,
        "sources": [
            {
                "ref": "billing/churn",
                "kind": "sql",
                "path": "billing.yaml",
                "line": 11,
                "status": "failed",
                "error": "SQL error: no such table: no_such_table",
                "value": None,
            },
            {
                "ref": "support/churn",
                "kind": "sql",
                "path": "kpis.yaml",
                "line": 11,
                "status": "ok",
                "error": None,
                "value": {"date": "2026-11-26", "value": 2.5},
            },
        ],
    }


def test_check_has_no_markdown(two_sources: Path) -> None:
    result = okrctl("pull", "--check", "-f", "markdown", cwd=two_sources)
    assert result.returncode == 2
    assert "--check prints text or json, not markdown" in result.stderr
    assert result.stdout == ""


def test_check_reads_one_row_of_a_query(tmp_path: Path) -> None:
    # Rows without end: a pull stops at its row limit, a check reads the first one only.
    metrics_db(tmp_path / "data/metrics.db", [])
    endless = (
        "with recursive n(i) as (select 1 union all select i + 1 from n) "
        "select '2026-11-28', i from n"
    )
    write(
        tmp_path / "kpis.yaml",
        CHURN.replace(
            "      query: >\n        select day, churn_pct from churn_daily\n"
            "        where day > :since and day <= :as_of order by day\n",
            f"      query: {endless}\n      timeout: 1\n",
        ),
    )
    before = tree(tmp_path)
    checked = okrctl("pull", "--check", cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (
        0,
        "kpis.yaml:11: source of `support/churn` (sql): ok (1% on 2026-11-28)\n"
        "1 source checked: 1 ok\n",
    )
    pulled = okrctl("pull", cwd=tmp_path)
    assert pulled.stdout == (
        "kpis.yaml:11: source of `support/churn` (sql): the query returned more than 100000 rows\n"
    )
    assert tree(tmp_path) == before


def test_check_a_query_whose_rows_are_not_dates_and_values(tmp_path: Path) -> None:
    metrics_db(tmp_path / "data/metrics.db", [("2026-11-26", 2.5)])
    write(tmp_path / "kpis.yaml", CHURN.replace("select day, churn_pct", "select day, 1, 2"))
    result = okrctl("pull", "--check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "kpis.yaml:11: source of `support/churn` (sql): the query's row 1 has 3 columns: "
        "expected (date, value), or one value\n"
        "1 source checked: 0 ok, 1 failed\n"
    )


def test_check_a_source_with_nothing_new_is_ok(tmp_path: Path) -> None:
    metrics_db(tmp_path / "data/metrics.db", [("2026-11-25", 2.25)])
    write(tmp_path / "kpis.yaml", CHURN)
    result = okrctl("pull", "--check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "kpis.yaml:11: source of `support/churn` (sql): ok (no new value)\n"
        "1 source checked: 1 ok\n",
    )


def test_check_a_csv_reads_its_header_and_first_row(tmp_path: Path) -> None:
    # The third line is no number: a pull fails on it, a check stops at the first row.
    write(tmp_path / "data/nps.csv", "week,region,nps\n2026-11-02,eu,31\n2026-11-09,eu,n/a\n")
    write(tmp_path / "growth.yaml", CSV_KPI)
    before = tree(tmp_path)
    checked = okrctl("pull", "--check", cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (
        0,
        "growth.yaml:7: source of `growth/nps` (csv): ok (31 on 2026-11-02)\n"
        "1 source checked: 1 ok\n",
    )
    assert okrctl("pull", cwd=tmp_path).stdout == (
        'growth.yaml:7: source of `growth/nps` (csv): line 3: value "n/a" is not a number\n'
    )
    write(tmp_path / "data/nps.csv", "week,area,nps\n2026-11-02,eu,31\n")
    wrong = okrctl("pull", "--check", cwd=tmp_path)
    assert wrong.stdout.startswith(
        "growth.yaml:7: source of `growth/nps` (csv): the CSV has no column `region` "
        "(it has week, area, nps)\n"
    )
    renamed = b"week,area,nps\n2026-11-02,eu,31\n"
    assert tree(tmp_path) == {**before, tmp_path / "data/nps.csv": renamed}


def test_check_runs_a_command(tmp_path: Path) -> None:
    write(tmp_path / "backlog.py", "print('2026-11-01 150')\nprint('2026-11-20 120')\n")
    write(tmp_path / "support.yaml", KR.replace("{python}", sys.executable))
    before = tree(tmp_path)
    result = okrctl("pull", "--check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "support.yaml:15: source of `support/2026-Q4/faster-replies/backlog` (command): "
        "ok (150 on 2026-11-01)\n"
        "1 source checked: 1 ok\n",
    )
    write(tmp_path / "backlog.py", "import sys\nsys.exit('the warehouse is down')\n")
    failed = okrctl("pull", "--check", cwd=tmp_path)
    assert failed.returncode == 1
    assert failed.stdout.splitlines()[0] == (
        "support.yaml:15: source of `support/2026-Q4/faster-replies/backlog` (command): "
        f"`{sys.executable}` exited with status 1: the warehouse is down"
    )
    assert tree(tmp_path)[tmp_path / "support.yaml"] == before[tmp_path / "support.yaml"]


def test_check_is_one_get_without_retries(
    tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "BACKOFF", 0.05)
    write(tmp_path / "platform.yaml", HTTP_KPI.replace("{url}", server))
    Answers.hits.clear()
    ok = okrctl("pull", "--check", cwd=tmp_path, env={"STATUS_TOKEN": "tok-123"})
    assert (ok.returncode, ok.stdout) == (
        0,
        "platform.yaml:8: source of `platform/uptime` (http-json): ok (99.91% on 2026-11-29)\n"
        "1 source checked: 1 ok\n",
    )
    assert Answers.hits == {"/uptime": 1}
    write(tmp_path / "platform.yaml", HTTP_KPI.replace("{url}/uptime", server + "/busy"))
    busy = okrctl("pull", "--check", cwd=tmp_path, env={"STATUS_TOKEN": "tok-123"})
    assert busy.returncode == 1
    assert busy.stdout.splitlines()[0] == (
        "platform.yaml:8: source of `platform/uptime` (http-json): the server answered HTTP "
        "503 Service Unavailable"
    )
    assert Answers.hits["/busy"] == 1
    assert "measurements" not in (tmp_path / "platform.yaml").read_text()


def test_check_never_prints_an_expanded_secret(tmp_path: Path, server: str) -> None:
    write(tmp_path / "platform.yaml", HTTP_KPI.replace("{url}", server))
    result = okrctl("pull", "--check", cwd=tmp_path, env={"STATUS_TOKEN": "wrong-token-456"})
    assert result.returncode == 1
    assert "wrong-token-456" not in result.stdout + result.stderr
    assert result.stdout == (
        "platform.yaml:8: source of `platform/uptime` (http-json): the server answered HTTP "
        "401 Unauthorized (bad or missing credentials?)\n"
        "1 source checked: 0 ok, 1 failed\n"
    )


def test_check_with_no_source(tmp_path: Path) -> None:
    write(tmp_path / "kpis.yaml", CHURN.split("    source:\n")[0])
    result = okrctl("pull", "--check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "no KPI or key result has a source\n")

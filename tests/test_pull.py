"""`okrctl pull` from a user's view: a goal file with a source in, the exact file text out.

Real parts only: SQLite files, CSV files, a local HTTP server (with slow, failing, oversized
and non-JSON answers), real commands (this Python).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from okrctl.sources import http
from okrctl.sources.base import MAX_BYTES
from tests.conftest import okrctl


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def metrics_db(path: Path, rows: list[tuple[str, float]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute("create table churn_daily (day text, churn_pct real)")
        connection.executemany("insert into churn_daily values (?, ?)", rows)
    connection.close()


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
      url: sqlite:///data/metrics.db
      query: >
        select day, churn_pct from churn_daily
        where day > :since and day <= :as_of order by day
"""


@pytest.fixture
def churn(tmp_path: Path) -> Path:
    metrics_db(
        tmp_path / "data/metrics.db",
        [("2026-11-24", 2.0), ("2026-11-25", 2.25), ("2026-11-26", 2.5), ("2026-11-27", 2.75)],
    )
    return write(tmp_path / "kpis.yaml", CHURN)


def test_sql_values_are_appended_marked_pulled_with_comments_kept(
    churn: Path, tmp_path: Path
) -> None:
    result = okrctl("pull", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "kpis.yaml: pulled support/churn: 2.5% on 2026-11-26, 2.75% on 2026-11-27\n"
    )
    assert churn.read_text() == CHURN.lstrip("\n").replace(
        "      - {date: 2026-11-25, value: 2.25}\n",
        "      - {date: 2026-11-25, value: 2.25}\n"
        "      - {date: 2026-11-26, value: 2.5, source: pulled}\n"
        "      - {date: 2026-11-27, value: 2.75, source: pulled}\n",
    )
    pulled = churn.read_bytes()
    again = okrctl("pull", cwd=tmp_path)
    assert (again.returncode, again.stdout) == (0, "nothing new to pull\n")
    assert churn.read_bytes() == pulled
    assert okrctl("lint", cwd=tmp_path).returncode == 0


def test_a_dry_run_prints_the_diff_and_writes_nothing(churn: Path, tmp_path: Path) -> None:
    before = churn.read_bytes()
    result = okrctl("pull", "--dry-run", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == (
        "--- a/kpis.yaml\n+++ b/kpis.yaml\n@@ -8,6 +8,8 @@\n"
        "     measurements:\n"
        "       # typed by hand\n"
        "       - {date: 2026-11-25, value: 2.25}\n"
        "+      - {date: 2026-11-26, value: 2.5, source: pulled}\n"
        "+      - {date: 2026-11-27, value: 2.75, source: pulled}\n"
        "     source:\n"
        "       kind: sql\n"
        "       url: sqlite:///data/metrics.db\n"
    )
    assert churn.read_bytes() == before
    listed = json.loads(okrctl("pull", "--dry-run", "-f", "json", cwd=tmp_path).stdout)
    assert listed["sources"][0]["values"] == [
        {"date": "2026-11-26", "value": 2.5},
        {"date": "2026-11-27", "value": 2.75},
    ]
    assert listed["sources"][0]["written"] is False
    assert churn.read_bytes() == before


def test_as_of_limits_what_the_query_gets(churn: Path, tmp_path: Path) -> None:
    result = okrctl("pull", "--as-of", "2026-11-26", cwd=tmp_path)
    assert result.stdout == "kpis.yaml: pulled support/churn: 2.5% on 2026-11-26\n"


def test_a_hand_written_value_is_never_overwritten(tmp_path: Path) -> None:
    metrics_db(tmp_path / "data/metrics.db", [("2026-11-25", 2.0), ("2026-11-26", 2.5)])
    churn = write(tmp_path / "kpis.yaml", CHURN.replace("where day > :since and ", "where "))
    result = okrctl("pull", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "kpis.yaml:11: source of `support/churn` (sql): on 2026-11-25 the source gives 2%, "
        "the file has 2.25% (typed by hand); it is left as it is\n"
        "kpis.yaml: pulled support/churn: 2.5% on 2026-11-26\n"
    )
    assert "{date: 2026-11-25, value: 2.25}\n" in churn.read_text()


def test_a_broken_source_leaves_its_file_byte_identical_and_the_others_run(
    churn: Path, tmp_path: Path
) -> None:
    broken = write(
        tmp_path / "billing.yaml",
        CHURN.replace("support", "billing").replace("churn_daily", "no_such_table"),
    )
    before = broken.read_bytes()
    result = okrctl("pull", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "billing.yaml:11: source of `billing/churn` (sql): SQL error: no such table: "
        "no_such_table\n"
        "kpis.yaml: pulled support/churn: 2.5% on 2026-11-26, 2.75% on 2026-11-27\n"
    )
    assert broken.read_bytes() == before


def test_a_failure_never_prints_an_expanded_secret(tmp_path: Path) -> None:
    write(
        tmp_path / "kpis.yaml",
        CHURN.replace("sqlite:///data/metrics.db", "sqlite:///${CHURN_DB}"),
    )
    secret = "s3cr3t-path-xyz.db"
    result = okrctl("pull", cwd=tmp_path, env={"CHURN_DB": secret})
    assert result.returncode == 1
    assert secret not in result.stdout + result.stderr
    assert result.stdout == (
        # Relative to the goal file's folder, `.` here: the whole path is the secret.
        "kpis.yaml:11: source of `support/churn` (sql): no SQLite database at ***\n"
    )
    unset = okrctl("pull", cwd=tmp_path, env={"CHURN_DB": None})
    assert unset.stdout == (
        "kpis.yaml:11: source of `support/churn` (sql): url: the environment variable "
        "CHURN_DB is not set\n"
    )


def test_a_postgres_url_without_sqlalchemy_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test extra installs SQLAlchemy; a None in sys.modules makes its import fail as it
    # does where it is not installed (the core install).
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)
    write(tmp_path / "kpis.yaml", CHURN.replace("sqlite:///data/metrics.db", "postgresql://db/m"))
    result = okrctl("pull", cwd=tmp_path)
    assert result.stdout == (
        "kpis.yaml:11: source of `support/churn` (sql): a postgresql URL is read through "
        "SQLAlchemy, which is not installed: pip install 'okrctl[sql]' (and the database's "
        "driver, e.g. psycopg)\n"
    )


KR = """
team: support
period: 2026-Q4
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed
    owner: lin
    key_results:
      - id: backlog
        title: Ticket backlog down to 50
        start: 200
        target: 50
        checkins:
          - {date: 2026-10-15, value: 180, confidence: 0.7}
        source:
          kind: command
          argv: [{python}, backlog.py]
          round: 0
"""

BACKLOG = """
import os
print(os.environ["OKRCTL_SINCE"], 180)  # the date it was given: already there, the same
print("2026-11-01 150.4")
print(os.environ["OKRCTL_AS_OF"], 120.6)
"""


def test_a_command_feeds_a_key_result_s_checkins(tmp_path: Path) -> None:
    write(tmp_path / "backlog.py", BACKLOG)
    goals = write(tmp_path / "support.yaml", KR.replace("{python}", sys.executable))
    result = okrctl("pull", cwd=tmp_path)
    assert result.stdout == (
        "support.yaml: pulled support/2026-Q4/faster-replies/backlog: 150 on 2026-11-01, "
        "121 on 2026-11-29\n"
    )
    assert result.returncode == 0
    text = goals.read_text()
    assert (
        "          - {date: 2026-10-15, value: 180, confidence: 0.7}\n"
        "          - {date: 2026-11-01, value: 150, source: pulled}\n"
        "          - {date: 2026-11-29, value: 121, source: pulled}\n"
    ) in text


def test_a_failing_or_slow_command_is_one_line(tmp_path: Path) -> None:
    write(tmp_path / "fail.py", "import sys\nsys.exit('no data for the EU region')\n")
    write(tmp_path / "slow.py", "import time\ntime.sleep(10)\n")
    write(tmp_path / "words.py", "print('about 40')\n")
    for name, cause in (
        ("fail.py", f"`{sys.executable}` exited with status 1: no data for the EU region"),
        ("slow.py", f"`{sys.executable}` took longer than 1 s (timeout)"),
        ("words.py", f"`{sys.executable}` line 1: date \"about\" is not a date (YYYY-MM-DD)"),
    ):  # fmt: skip
        source = KR.replace("{python}", sys.executable).replace("backlog.py", name)
        goals = write(tmp_path / "support.yaml", source.replace("round: 0", "timeout: 1"))
        before = goals.read_bytes()
        result = okrctl("pull", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stdout == (
            f"support.yaml:15: source of `support/2026-Q4/faster-replies/backlog` (command): "
            f"{cause}\n"
        )
        assert goals.read_bytes() == before


CSV_KPI = """
team: growth
kpis:
  - id: nps
    title: Net promoter score
    owner: ana
    band: {min: 30}
    source:
      kind: csv
      path: data/nps.csv
      date_column: week
      value_column: nps
      filter: {region: eu}
"""


def test_a_csv_file_with_a_filter(tmp_path: Path) -> None:
    write(
        tmp_path / "data/nps.csv",
        "week,region,nps\n2026-11-02,eu,31\n2026-11-02,us,40\n2026-11-09,eu,33.5\n",
    )
    goals = write(tmp_path / "growth.yaml", CSV_KPI)
    result = okrctl("pull", cwd=tmp_path)
    assert result.stdout == "growth.yaml: pulled growth/nps: 31 on 2026-11-02, 33.5 on 2026-11-09\n"
    assert goals.read_text() == CSV_KPI.lstrip("\n") + (
        "    measurements:\n"
        "      - {date: 2026-11-02, value: 31, source: pulled}\n"
        "      - {date: 2026-11-09, value: 33.5, source: pulled}\n"
    )
    missing = write(tmp_path / "growth.yaml", CSV_KPI.replace("nps.csv", "gone.csv"))
    failed = okrctl("pull", cwd=tmp_path)
    assert failed.stdout == (
        "growth.yaml:7: source of `growth/nps` (csv): cannot read data/gone.csv: No such file "
        "or directory\n"
    )
    assert missing.read_text() == textwrap.dedent(CSV_KPI).lstrip("\n").replace(
        "nps.csv", "gone.csv"
    )


class Answers(BaseHTTPRequestHandler):
    """A local HTTP server's answers: good, slow, failing, oversized and not JSON."""

    hits: dict[str, int] = {}  # noqa: RUF012 - the test reads it

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        Answers.hits[path] = Answers.hits.get(path, 0) + 1
        if path == "/uptime":
            if self.headers.get("Authorization") != "Bearer tok-123":
                return self._send(401, b"{}")
            return self._send(200, b'{"data": {"uptime": 0.9991}}')
        if path == "/daily":
            rows = [{"day": "2026-11-27", "v": 12}, {"day": "2026-11-28", "v": "13.5"}]
            return self._send(200, json.dumps({"rows": rows}).encode())
        if path == "/slow":
            time.sleep(3)
            return self._send(200, b'{"value": 1}')
        if path == "/busy":
            return self._send(503, b"busy")
        if path == "/broken":
            return self._send(500, b"oops")
        if path == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(MAX_BYTES + 1))
            self.end_headers()
            return None
        if path == "/page":
            return self._send(200, b"<html>not json</html>")
        if path == "/text":
            return self._send(200, b'{"data": {"uptime": "n/a"}}')
        return self._send(404, b"")

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


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


HTTP_KPI = """
team: platform
kpis:
  - id: uptime
    title: API uptime
    owner: sam
    unit: "%"
    band: {min: 99.5}
    source:
      kind: http-json
      url: {url}/uptime
      headers: {Authorization: "Bearer ${STATUS_TOKEN}"}
      value: /data/uptime
      scale: 100
      round: 2
      timeout: 1
"""


def test_http_json_value_with_a_header_from_the_environment(tmp_path: Path, server: str) -> None:
    goals = write(tmp_path / "platform.yaml", HTTP_KPI.replace("{url}", server))
    result = okrctl("pull", cwd=tmp_path, env={"STATUS_TOKEN": "tok-123"})
    assert result.stdout == "platform.yaml: pulled platform/uptime: 99.91% on 2026-11-29\n"
    assert "      - {date: 2026-11-29, value: 99.91, source: pulled}\n" in goals.read_text()
    denied = write(tmp_path / "platform.yaml", HTTP_KPI.replace("{url}", server))
    result = okrctl("pull", cwd=tmp_path, env={"STATUS_TOKEN": "wrong-token-456"})
    assert result.stdout == (
        "platform.yaml:8: source of `platform/uptime` (http-json): the server answered HTTP "
        "401 Unauthorized (bad or missing credentials?)\n"
    )
    assert "wrong-token-456" not in result.stdout + result.stderr
    assert "measurements" not in denied.read_text()


def test_an_undated_http_json_value_is_not_recorded_on_a_past_as_of_date(
    tmp_path: Path, server: str
) -> None:
    """The answer's one value is today's: on 2026-11-20 it may have been anything."""
    goals = write(tmp_path / "platform.yaml", HTTP_KPI.replace("{url}", server))
    before = goals.read_text()
    token = {"STATUS_TOKEN": "tok-123"}
    result = okrctl("pull", "--as-of", "2026-11-20", cwd=tmp_path, env=token)
    assert result.returncode == 0, result.stderr
    assert goals.read_text() == before
    assert result.stdout == "nothing new to pull\n"
    today = okrctl("pull", "--as-of", "today", cwd=tmp_path, env=token)
    assert today.stdout == "platform.yaml: pulled platform/uptime: 99.91% on 2026-11-29\n"


def test_http_json_rows(tmp_path: Path, server: str) -> None:
    source = HTTP_KPI.replace("{url}/uptime", f"{server}/daily").replace(
        "value: /data/uptime", "rows: /rows\n      value: /v\n      date: /day"
    )
    write(tmp_path / "platform.yaml", source)
    result = okrctl("pull", cwd=tmp_path, env={"STATUS_TOKEN": "x"})
    assert result.stdout == (
        "platform.yaml: pulled platform/uptime: 1200% on 2026-11-27, 1350% on 2026-11-28\n"
    )


@pytest.mark.parametrize(
    ("path", "cause"),
    [
        ("/slow", "no answer within 1 s (timeout)"),
        ("/broken", "the server answered HTTP 500 Internal Server Error"),
        ("/busy", "the server answered HTTP 503 Service Unavailable (after 3 attempts)"),
        ("/huge", "the answer is over the size limit (10 MB)"),
        ("/page", "the answer is not JSON"),
        ("/text", '/data/uptime: "n/a" is not a number'),
        ("/nowhere", "the server answered HTTP 404 Not Found"),
    ],
)
def test_http_json_failures_are_one_line(
    tmp_path: Path, server: str, path: str, cause: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "BACKOFF", 0.05)  # the retries are real, the waits short
    goals = write(tmp_path / "platform.yaml", HTTP_KPI.replace("{url}/uptime", server + path))
    before = goals.read_bytes()
    Answers.hits.clear()
    result = okrctl("pull", cwd=tmp_path, env={"STATUS_TOKEN": "tok-123"})
    assert result.returncode == 1
    assert result.stdout == f"platform.yaml:8: source of `platform/uptime` (http-json): {cause}\n"
    assert goals.read_bytes() == before
    if path == "/busy":
        assert Answers.hits[path] == http.ATTEMPTS


def test_only_runs_the_sources_named(churn: Path, tmp_path: Path) -> None:
    write(tmp_path / "billing.yaml", CHURN.replace("support", "billing").replace("churn_d", "x"))
    result = okrctl("pull", "--only", "support/churn", cwd=tmp_path)
    assert (result.returncode, result.stdout.count("\n")) == (0, 1)
    unknown = okrctl("pull", "--only", "support/chrun", cwd=tmp_path)
    assert unknown.returncode == 2
    assert "--only support/chrun: no KPI, key result or team with a source" in unknown.stderr


def test_markdown_names_kpis_that_changed_status(churn: Path, tmp_path: Path) -> None:
    result = okrctl("pull", "--dry-run", "-f", "markdown", cwd=tmp_path)
    assert result.stdout == (
        "## okrctl pull, as of 2026-11-29\n\n"
        "### KPIs that changed status\n\n"
        "- **support/churn** moved into breach (ok -> breach)\n\n"
        "### support\n\n"
        "| source | new values | latest |\n|---|---|---|\n"
        "| `support/churn` (sql) | 2 | 2.75% on 2026-11-27 |\n"
    )


def test_a_query_that_runs_too_long_is_stopped(tmp_path: Path) -> None:
    metrics_db(tmp_path / "data/metrics.db", [])
    endless = (
        "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
    )
    goals = write(
        tmp_path / "kpis.yaml",
        CHURN.replace(
            "      query: >\n        select day, churn_pct from churn_daily\n"
            "        where day > :since and day <= :as_of order by day\n",
            f"      query: {endless}\n      timeout: 0.5\n",
        ),
    )
    before = goals.read_bytes()
    result = okrctl("pull", cwd=tmp_path)
    assert result.stdout == (
        "kpis.yaml:11: source of `support/churn` (sql): the query took longer than 0.5 s "
        "(timeout)\n"
    )
    assert goals.read_bytes() == before


def test_an_unreachable_prometheus_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    monkeypatch.setattr(http, "BACKOFF", 0.05)
    with socket.socket() as probe:  # a port with nothing listening on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    write(
        tmp_path / "kpis.yaml",
        CHURN.replace(
            "      kind: sql\n      url: sqlite:///data/metrics.db\n",
            f"      kind: prometheus\n      url: http://127.0.0.1:{port}\n",
        ).replace("select day, churn_pct from churn_daily", "avg(churn_ratio)"),
    )
    result = okrctl("pull", cwd=tmp_path)
    assert result.stdout == (
        "kpis.yaml:11: source of `support/churn` (prometheus): the server refused the "
        "connection (after 3 attempts)\n"
    )


def test_markdown_and_text_escape_what_a_goal_file_or_a_source_says() -> None:
    """The reporters are pure (okrctl/reports/pull_*.py): a unit or an error with markup in it
    stays one cell or one line, and a disagreement keeps its code span."""
    from datetime import date

    from okrctl.compute.pull import PulledSource, PulledValue, PullReport, StatusMove
    from okrctl.reports import PLAIN, PULL

    report = PullReport(
        date(2026, 11, 29),
        True,
        (
            PulledSource(
                "support/churn", "support", "sql", "kpis.yaml", 11, "<b>|@lin",
                (PulledValue(date(2026, 11, 27), 2.75),),
                disagreements=("on 2026-11-25 the source gives 2 <b>|@lin\r\n::error::x",),
                move=StatusMove("ok", "breach"),
            ),
            PulledSource(
                "growth/nps", "growth", "csv", "growth.yaml", 7, None,
                error="cannot read a|b_x_.csv: No such file or directory",
            ),
        ),
    )  # fmt: skip
    markdown = PULL.reporter("markdown")(report, PLAIN)
    assert markdown == (
        "## okrctl pull, as of 2026-11-29\n\n"
        "### KPIs that changed status\n\n"
        "- **support/churn** moved into breach (ok -> breach)\n\n"
        "### growth\n\n"
        "| source | new values | latest |\n|---|---|---|\n"
        "| `growth/nps` (csv) | 0 | failed: cannot read a\\|b_x\\_.csv: No such file or "
        "directory |\n\n"
        "### support\n\n"
        "| source | new values | latest |\n|---|---|---|\n"
        "| `support/churn` (sql) | 1 | 2.75 &lt;b>\\|@\u200dlin on 2026-11-27 |\n\n"
        "### Disagreements with values in the files\n\n"
        "- kpis.yaml:11: source of `support/churn` (sql): on 2026-11-25 the source gives 2 "
        "&lt;b>\\|@\u200dlin ::error::x\n"
    )
    text = PULL.reporter("text")(report, PLAIN)
    assert text == (
        "growth.yaml:7: source of `growth/nps` (csv): cannot read a|b_x_.csv: No such file or "
        "directory\n"
        "kpis.yaml:11: source of `support/churn` (sql): on 2026-11-25 the source gives 2 "
        "<b>|@lin\\r\\n::error::x\n"
    )
    assert report.failed

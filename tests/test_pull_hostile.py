"""`okrctl pull` against hostile and messy input: each test a defect a red team found.

The contract: bad input is one clear line naming the file (never a traceback, never an
"unexpected" library error); what a user wrote is never lost; a failing source leaves its
file byte-identical; a rerun writes nothing; a secret is never printed, nor sent where the
goal file did not say. Real parts only: real commands (this Python), a local HTTP server.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import okrctl


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


COMMAND_KPI = """
team: t
kpis:
  - id: k
    title: K
    owner: lin
    band: {max: 100}
    measurements:
      - {date: 2026-11-20, value: 1}
    source:
      kind: command
      argv: [{python}, s.py]
      timeout: {timeout}
"""


def command_kpi(folder: Path, script: str, timeout: float = 5) -> Path:
    write(folder / "s.py", script)
    text = COMMAND_KPI.replace("{python}", sys.executable).replace("{timeout}", f"{timeout:g}")
    return write(folder / "kpis.yaml", text)


def pull_fails_with(folder: Path, cause: str, **env: str | None) -> None:
    """`okrctl pull` in `folder` is exit 1 and the one line `cause`, its file untouched."""
    goals = folder / "kpis.yaml"
    before = goals.read_bytes()
    result = okrctl("pull", cwd=folder, env=env)
    assert (result.stdout, result.returncode) == (cause + "\n", 1), result.stderr
    assert goals.read_bytes() == before


# --- command --------------------------------------------------------------------------------


def test_a_command_that_prints_forever_is_stopped_at_the_size_limit(tmp_path: Path) -> None:
    # It was read whole, until the timeout: gigabytes of memory, then a timeout's message.
    command_kpi(
        tmp_path, "import sys\nwhile True:\n    sys.stdout.write('1' * 65536)\n", timeout=20
    )
    started = time.monotonic()
    pull_fails_with(
        tmp_path, f"kpis.yaml:9: source of `t/k` (command): `{sys.executable}` printed more "
        "than the size limit",
    )  # fmt: skip
    assert time.monotonic() - started < 15


def test_a_child_that_keeps_the_output_open_is_named_and_stopped(tmp_path: Path) -> None:
    # The program printed its number and exited; a process it started kept the pipe open.
    # Pull said the program "took longer", and left the child running.
    script = """
        import subprocess, sys
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        open("child.pid", "w").write(str(child.pid))
        print(5)
    """
    command_kpi(tmp_path, textwrap.dedent(script), timeout=2)
    pull_fails_with(
        tmp_path, f"kpis.yaml:9: source of `t/k` (command): `{sys.executable}` exited, but a "
        "process it started kept its output open longer than 2 s (timeout)",
    )  # fmt: skip
    child = int((tmp_path / "child.pid").read_text())
    assert _ended(child)


def _ended(pid: int) -> bool:
    """Whether process `pid` has ended (within a few seconds; a zombie counts as ended)."""
    for _ in range(50):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.1)
    os.kill(pid, 9)  # not left behind by the test either
    return False


def test_a_date_with_more_after_it_is_no_date(tmp_path: Path) -> None:
    # `2026-11-210` was read as 2026-11-21: a value recorded on a day nobody wrote.
    command_kpi(tmp_path, "print('2026-11-210 4')\n")
    pull_fails_with(
        tmp_path, f"kpis.yaml:9: source of `t/k` (command): `{sys.executable}` line 1: date "
        '"2026-11-210" is not a date (YYYY-MM-DD)',
    )  # fmt: skip


def test_a_date_with_a_time_is_its_day(tmp_path: Path) -> None:
    command_kpi(tmp_path, "print('2026-11-21T23:30:00+01:00 4\\n2026-11-22T10:00Z 5')\n")
    result = okrctl("pull", cwd=tmp_path)
    assert result.stdout == "kpis.yaml: pulled t/k: 4 on 2026-11-21, 5 on 2026-11-22\n"


def test_two_values_on_one_date_name_the_date(tmp_path: Path) -> None:
    command_kpi(tmp_path, "print('2026-11-22 4\\n2026-11-21 3\\n2026-11-22 5')\n")
    pull_fails_with(
        tmp_path, "kpis.yaml:9: source of `t/k` (command): two values on the same date, "
        "2026-11-22",
    )  # fmt: skip


# --- http-json ------------------------------------------------------------------------------


class Hostile(BaseHTTPRequestHandler):
    """A server that redirects elsewhere, trickles its answer, or sends numbers too long."""

    seen: list[tuple[str, str | None]] = []  # noqa: RUF012 - (path, Authorization) the test reads
    elsewhere = ""  # the same server under another host name: another origin

    def do_GET(self) -> None:
        Hostile.seen.append((self.path, self.headers.get("Authorization")))
        if self.path == "/away":
            self.send_response(302)
            self.send_header("Location", f"{Hostile.elsewhere}/value")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if self.path == "/here":
            self.send_response(302)
            self.send_header("Location", "/value")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if self.path == "/trickle":
            self.send_response(200)
            self.end_headers()
            try:
                self.wfile.write(b'{"v": 1')
                for _ in range(40):  # a byte every 0.25 s: each wait is short, the whole not
                    time.sleep(0.25)
                    self.wfile.write(b" ")
                    self.wfile.flush()
                self.wfile.write(b"}")
            except (BrokenPipeError, ConnectionResetError):
                pass  # pull gave up, as it should
            return None
        if self.path in ("/true", "/null"):
            body = b'{"v": ' + self.path[1:].encode() + b"}"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        digits = {"/long": 5000, "/wide": 400}.get(self.path)
        body = b'{"v": ' + b"9" * digits + b"}" if digits else b'{"v": 7}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def hostile() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    Hostile.seen = []
    Hostile.elsewhere = f"http://localhost:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


HTTP_KPI = """
team: t
kpis:
  - id: k
    title: K
    owner: lin
    band: {max: 100}
    source:
      kind: http-json
      url: {url}
      headers: {Authorization: "${TOKEN}"}
      value: /v
      timeout: 2
"""


def http_kpi(folder: Path, url: str) -> Path:
    return write(folder / "kpis.yaml", HTTP_KPI.replace("{url}", url))


def test_a_redirect_to_another_host_does_not_carry_the_token(tmp_path: Path, hostile: str) -> None:
    # urllib sent every header on to wherever a redirect pointed: the token with it.
    http_kpi(tmp_path, f"{hostile}/away")
    result = okrctl("pull", cwd=tmp_path, env={"TOKEN": "Bearer s3cret"})
    assert result.stdout == "kpis.yaml: pulled t/k: 7 on 2026-11-29\n"
    assert Hostile.seen == [("/away", "Bearer s3cret"), ("/value", None)]


def test_a_redirect_on_the_same_server_keeps_the_token(tmp_path: Path, hostile: str) -> None:
    http_kpi(tmp_path, f"{hostile}/here")
    result = okrctl("pull", cwd=tmp_path, env={"TOKEN": "Bearer s3cret"})
    assert result.stdout == "kpis.yaml: pulled t/k: 7 on 2026-11-29\n"
    assert Hostile.seen == [("/here", "Bearer s3cret"), ("/value", "Bearer s3cret")]


def test_a_header_with_a_line_break_is_refused_and_never_printed(
    tmp_path: Path, hostile: str
) -> None:
    # http.client's ValueError printed the header's value (escaped, so not redacted).
    http_kpi(tmp_path, f"{hostile}/value")
    for token in ("Bearer s3cret\r\nX-Evil: 1", "Bearer s3cret\n"):
        pull_fails_with(
            tmp_path, "kpis.yaml:7: source of `t/k` (http-json): header Authorization: its "
            "value has a line break or control character", TOKEN=token,
        )  # fmt: skip
    assert Hostile.seen == []


def test_a_url_with_a_line_break_is_refused_and_never_printed(tmp_path: Path, hostile: str) -> None:
    http_kpi(tmp_path, "${BASE}/value")
    pull_fails_with(
        tmp_path, "kpis.yaml:7: source of `t/k` (http-json): the URL has a space, a line "
        "break or another control character", BASE=hostile + "/s3cret\r\nX: 1", TOKEN="tok-123456",
    )  # fmt: skip
    assert Hostile.seen == []


def test_an_answer_that_trickles_is_stopped_at_the_timeout(tmp_path: Path, hostile: str) -> None:
    # The timeout bounded each wait for a packet, not the answer: 10 s for `timeout: 2`.
    http_kpi(tmp_path, f"{hostile}/trickle")
    started = time.monotonic()
    pull_fails_with(
        tmp_path, "kpis.yaml:7: source of `t/k` (http-json): no answer within 2 s (timeout)",
        TOKEN="tok-123456",
    )  # fmt: skip
    assert time.monotonic() - started < 8


def test_a_number_too_long_to_read_is_not_json(tmp_path: Path, hostile: str) -> None:
    # It was "unexpected ValueError: Exceeds the limit (4300 digits) ...".
    http_kpi(tmp_path, f"{hostile}/long")
    pull_fails_with(
        tmp_path,
        "kpis.yaml:7: source of `t/k` (http-json): the answer is not JSON",
        TOKEN="tok-123456",
    )


# --- goal files pull cannot read or write ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "    measurements: [\n",
            "kpis.yaml:9:11: did not find expected ',' or ']' while parsing a flow sequence "
            "(at line 7); pull skips this file (okrctl lint shows every problem)",
        ),
        (
            "    measurements:\n\t- {date: 2026-11-20, value: 1}\n",
            "kpis.yaml:8:1: a tab in the indentation: YAML indents with spaces only; replace the "
            "tab with spaces (YAML: found character that cannot start any token); pull skips "
            "this file (okrctl lint shows every problem)",
        ),
        (
            "    extra: {kind: command}\n",
            "kpis.yaml:7:5: unknown field `extra` in KPI; pull skips this part (okrctl lint "
            "shows every problem)",
        ),
    ],
    ids=["invalid-yaml", "tab", "bad-part"],
)
def test_a_goal_file_that_does_not_load_is_named_not_skipped_silently(
    tmp_path: Path, text: str, problem: str
) -> None:
    # Pull said "no KPI or key result has a source" and exit 0: a scheduled job pulled
    # nothing, forever, and nobody knew.
    goals = command_kpi(tmp_path, "print(3)\n")
    old = "    measurements:\n      - {date: 2026-11-20, value: 1}\n"
    broken = goals.read_text().replace(old, text)
    goals.write_text(broken)
    result = okrctl("pull", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == problem + "\n"
    assert goals.read_text() == broken


def test_a_read_only_file_fails_its_sources_and_the_others_are_written(tmp_path: Path) -> None:
    # Pull stopped at the first file it could not write (exit 2): the others, after it in
    # the run, were never written.
    command_kpi(tmp_path / "a", "print(3)\n")
    command_kpi(tmp_path / "b", "print(4)\n")
    for folder in ("a", "b"):
        (tmp_path / folder / "kpis.yaml").write_text(
            (tmp_path / folder / "kpis.yaml").read_text().replace("team: t", f"team: {folder}")
        )
    readonly = tmp_path / "a/kpis.yaml"
    before = readonly.read_bytes()
    readonly.chmod(0o444)
    try:
        result = okrctl("pull", cwd=tmp_path)
    finally:
        readonly.chmod(0o644)
    assert result.stdout == (
        "a/kpis.yaml:9: source of `a/k` (command): a/kpis.yaml is read-only; nothing was "
        "changed\nb/kpis.yaml: pulled b/k: 4 on 2026-11-29\n"
    )
    assert result.returncode == 1
    assert readonly.read_bytes() == before


def test_a_file_okrctl_does_not_edit_fails_its_sources_alone(tmp_path: Path) -> None:
    command_kpi(tmp_path / "a", "print(3)\n")
    command_kpi(tmp_path / "b", "print(4)\n")
    aliased = tmp_path / "a/kpis.yaml"
    aliased.write_text(
        aliased.read_text()
        .replace("team: t", "team: a")
        .replace("measurements:", "measurements: &m")
        + "  - id: k2\n    title: K2\n    owner: lin\n    band: {max: 100}\n    measurements: *m\n"
    )
    before = aliased.read_bytes()
    b = tmp_path / "b/kpis.yaml"
    b.write_text(b.read_text().replace("team: t", "team: b"))
    result = okrctl("pull", cwd=tmp_path)
    assert result.stdout == (
        "a/kpis.yaml:9: source of `a/k` (command): a/kpis.yaml uses YAML aliases (*name); "
        "okrctl does not edit such files\nb/kpis.yaml: pulled b/k: 4 on 2026-11-29\n"
    )
    assert result.returncode == 1
    assert aliased.read_bytes() == before


# --- what held: layouts the writer keeps ---------------------------------------------------


@pytest.mark.parametrize(
    ("measurements", "written"),
    [
        (
            "    measurements: [{date: 2026-11-20, value: 1}]  # by hand\n",
            "    measurements: [{date: 2026-11-20, value: 1}, {date: 2026-11-29, value: 3, "
            "source: pulled}]  # by hand\n",
        ),
        (
            "    measurements: []\n",
            "    measurements:\n      - {date: 2026-11-29, value: 3, source: pulled}\n",
        ),
        (
            "    measurements:\n      - {date: 2026-11-25, value: 2}\n      # between\n"
            "      - {date: 2026-11-20, value: 1}\n",
            "    measurements:\n      - {date: 2026-11-25, value: 2}\n      # between\n"
            "      - {date: 2026-11-20, value: 1}\n      - {date: 2026-11-29, value: 3, "
            "source: pulled}\n",
        ),
    ],
    ids=["flow", "empty", "comment-and-out-of-order"],
)
def test_layouts_are_kept_and_a_rerun_writes_nothing(
    tmp_path: Path, measurements: str, written: str
) -> None:
    goals = command_kpi(tmp_path, "print(3)\n")
    goals.write_text(
        goals.read_text().replace(
            "    measurements:\n      - {date: 2026-11-20, value: 1}\n", measurements
        )
    )
    assert okrctl("pull", cwd=tmp_path).returncode == 0
    assert written in goals.read_text()
    after = goals.read_bytes()
    again = okrctl("pull", cwd=tmp_path)
    assert (again.stdout, again.returncode) == ("nothing new to pull\n", 0)
    assert goals.read_bytes() == after


def test_crlf_and_no_final_newline_are_kept(tmp_path: Path) -> None:
    goals = command_kpi(tmp_path, "print(3)\n")
    goals.write_bytes(goals.read_bytes().rstrip(b"\n").replace(b"\n", b"\r\n"))
    assert okrctl("pull", cwd=tmp_path).returncode == 0
    data = goals.read_bytes()
    assert b"      - {date: 2026-11-29, value: 3, source: pulled}\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert not data.endswith(b"\n")


# --- csv ------------------------------------------------------------------------------------

CSV_KPI = """
team: t
kpis:
  - id: k
    title: K
    owner: lin
    band: {max: 100}
    source: {kind: csv, path: d.csv, date_column: day, value_column: v}
"""


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        # DictReader read the last of two `day` columns, silently.
        (b"day,day,v\n2026-11-20,x,1\n", "the CSV has two columns named `day`"),
        # A row cut short was `value None is not a number`.
        (b"day,v\n2026-11-20\n", "line 2 has fewer cells than the header has columns"),
        (b"", "the CSV is empty: no header line"),
        # From a spreadsheet in another locale: what it most likely meant.
        (
            b'day,v\n2026-11-20,"3,5"\n',
            'line 2: value "3,5" is not a number; write 3.5 (a decimal point, not a comma)',
        ),
    ],
    ids=["two-columns-one-name", "short-row", "empty", "decimal-comma"],
)
def test_a_messy_csv_is_one_clear_line(tmp_path: Path, data: bytes, cause: str) -> None:
    write(tmp_path / "kpis.yaml", CSV_KPI)
    (tmp_path / "d.csv").write_bytes(data)
    pull_fails_with(tmp_path, f"kpis.yaml:7: source of `t/k` (csv): {cause}")


def test_a_csv_with_bom_crlf_quotes_and_rows_out_of_order(tmp_path: Path) -> None:
    write(tmp_path / "kpis.yaml", CSV_KPI)
    (tmp_path / "d.csv").write_bytes(
        b'\xef\xbb\xbfday,v,note\r\n2026-11-21, 2 ,"a, b"\r\n\r\n2026-11-20,1,\r\n'
    )
    result = okrctl("pull", cwd=tmp_path)
    assert result.stdout == "kpis.yaml: pulled t/k: 1 on 2026-11-20, 2 on 2026-11-21\n"


# --- numbers and variables ------------------------------------------------------------------


def test_scale_writes_no_binary_noise(tmp_path: Path) -> None:
    # 0.07 * 100 was written as 7.000000000000001, 0.29 * 100 as 28.999999999999996.
    goals = command_kpi(tmp_path, "print('2026-11-21 0.07\\n2026-11-22 0.29\\n2026-11-23 0.123')\n")
    goals.write_text(goals.read_text().replace("timeout: 5", "timeout: 5\n      scale: 100"))
    result = okrctl("pull", cwd=tmp_path)
    assert result.stdout == (
        "kpis.yaml: pulled t/k: 7 on 2026-11-21, 29 on 2026-11-22, 12.3 on 2026-11-23\n"
    )
    assert (
        "      - {date: 2026-11-21, value: 7.0, source: pulled}\n"
        "      - {date: 2026-11-22, value: 29.0, source: pulled}\n"
        "      - {date: 2026-11-23, value: 12.3, source: pulled}\n"
    ) in goals.read_text()


def test_a_scaled_value_too_large_is_one_line(tmp_path: Path) -> None:
    # It was "unexpected OverflowError" (with round: 0), or `inf` written into the file.
    goals = command_kpi(tmp_path, "print('1e300')\n")
    goals.write_text(goals.read_text().replace("timeout: 5", "timeout: 5\n      scale: 1e10"))
    pull_fails_with(
        tmp_path, "kpis.yaml:9: source of `t/k` (command): 1e+300 times the scale "
        "10000000000.0 is too large",
    )  # fmt: skip


def test_an_integer_too_large_to_score_is_not_a_number(tmp_path: Path, hostile: str) -> None:
    # 400 digits were written into the goal file, which then did not load.
    http_kpi(tmp_path, f"{hostile}/wide")
    pull_fails_with(
        tmp_path, f"kpis.yaml:7: source of `t/k` (http-json): /v: {'9' * 40} is not a number",
        TOKEN="tok-123456",
    )  # fmt: skip


def test_a_variable_set_but_empty_says_so(tmp_path: Path) -> None:
    # It was "not a database URL: ArgumentError".
    write(
        tmp_path / "kpis.yaml",
        COMMAND_KPI.replace("kind: command\n      argv: [{python}, s.py]", "kind: sql\n"
        "      url: ${DB}\n      query: select 1").replace("{timeout}", "5"),
    )  # fmt: skip
    pull_fails_with(
        tmp_path, "kpis.yaml:9: source of `t/k` (sql): url is empty: the environment variable "
        "DB is set but empty", DB="",
    )  # fmt: skip


def test_one_column_after_a_first_row_of_two(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    with sqlite3.connect(db) as connection:
        connection.execute("create table t (day text, v real)")
        connection.executemany("insert into t values (?, ?)", [("2026-11-20", 1), ("x", 2)])
    connection.close()
    write(
        tmp_path / "kpis.yaml",
        COMMAND_KPI.replace("kind: command\n      argv: [{python}, s.py]", "kind: sql\n"
        "      url: sqlite:///m.db\n      query: select v from t").replace("{timeout}", "5"),
    )  # fmt: skip
    pull_fails_with(
        tmp_path, "kpis.yaml:9: source of `t/k` (sql): the query's row 2 has 1 column: "
        "expected (date, value), or one value",
    )  # fmt: skip


def test_a_password_in_the_url_is_sent_as_basic_authentication(
    tmp_path: Path, hostile: str
) -> None:
    # urllib looked `u:pw@127.0.0.1` up as a host name: "Name or service not known".
    url = hostile.replace("http://", "http://u:${PASS}@") + "/value"
    http_kpi(tmp_path, url).write_text(
        (tmp_path / "kpis.yaml")
        .read_text()
        .replace('      headers: {Authorization: "${TOKEN}"}\n', "")
    )
    result = okrctl("pull", cwd=tmp_path, env={"PASS": "p%40ss"})
    assert result.stdout == "kpis.yaml: pulled t/k: 7 on 2026-11-29\n"
    assert Hostile.seen == [("/value", "Basic dTpwQHNz")]  # u:p@ss


def test_a_url_that_is_not_valid_never_prints_a_piece_of_it(tmp_path: Path, hostile: str) -> None:
    # It was "unexpected InvalidURL: nonnumeric port: '8080secret'" (or of a piece of a
    # password: redaction knows the whole value, not its pieces).
    port = hostile.rsplit(":", 1)[1]
    for url in (f"http://127.0.0.1:{port}${{PASS}}/value", "http://[::1/value"):
        http_kpi(tmp_path, url)
        pull_fails_with(
            tmp_path, "kpis.yaml:7: source of `t/k` (http-json): the URL is not valid (look at "
            "its host and port)", PASS="secret", TOKEN="tok-123456",
        )  # fmt: skip
    assert Hostile.seen == []


KR_HTTP = """
team: t
period: 2026-Q3
objectives:
  - id: o
    title: Make the service answer faster
    owner: lin
    type: committed
    key_results:
      - id: kr
        title: Median latency down to 100 ms
        start: 300
        target: 100
        unit: ms
        checkins:
          - {date: 2026-09-01, value: 200}
        source: {kind: http-json, url: "{url}", value: /v}
"""


def test_an_undated_value_is_not_recorded_at_the_end_of_an_ended_period(
    tmp_path: Path, hostile: str
) -> None:
    # Today's value (the answer has no date) was recorded on 2026-09-30, the period's end.
    goals = write(tmp_path / "goals.yaml", KR_HTTP.replace("{url}", f"{hostile}/value"))
    before = goals.read_bytes()
    result = okrctl("pull", cwd=tmp_path)
    assert (result.stdout, result.returncode) == ("nothing new to pull\n", 0)
    assert goals.read_bytes() == before
    assert Hostile.seen == []
    current = write(tmp_path / "goals.yaml", KR_HTTP.replace("2026-Q3", "2026-Q4").replace(
        "2026-09-01", "2026-10-01").replace("{url}", f"{hostile}/value"))  # fmt: skip
    result = okrctl("pull", cwd=tmp_path)
    assert result.stdout == "goals.yaml: pulled t/2026-Q4/o/kr: 7 ms on 2026-11-29\n"
    assert "{date: 2026-11-29, value: 7, source: pulled}" in current.read_text()


def test_a_pointer_to_true_or_null_says_so_as_json_does(tmp_path: Path, hostile: str) -> None:
    # It was "/v: True is not a number", "/v: None is not a number": Python's words.
    for path, cause in (
        ("/true", "/v: true is not a number"),
        ("/null", "/v: is empty (null), not a number"),
    ):
        http_kpi(tmp_path, f"{hostile}{path}")
        pull_fails_with(
            tmp_path, f"kpis.yaml:7: source of `t/k` (http-json): {cause}", TOKEN="tok-123456"
        )

"""`okrctl pull` over HTTP against a local server: what the retries do (a transient failure
retried with backoff until it succeeds, a client error never retried), an answer over the
size limit without a declared length, and a `csv` source read from a URL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from okrctl.sources import http
from okrctl.sources.base import MAX_BYTES
from tests.conftest import okrctl
from tests.test_pull import CSV_KPI, HTTP_KPI, Answers, write


class MoreAnswers(Answers):
    """tests/test_pull.py's answers, and: busy twice then fine, an endless undeclared body,
    a CSV file."""

    moments: list[float] = []  # noqa: RUF012 - when /flaky was asked, for the backoff

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path == "/flaky":
            Answers.hits[path] = Answers.hits.get(path, 0) + 1
            MoreAnswers.moments.append(time.monotonic())
            if Answers.hits[path] <= 2:
                return self._send(503, b"warming up")
            return self._send(200, b'{"data": {"uptime": 0.9987}}')
        if path == "/stream":
            # No Content-Length: the body ends when the connection closes (HTTP/1.0).
            Answers.hits[path] = Answers.hits.get(path, 0) + 1
            self.send_response(200)
            self.end_headers()
            chunk = b" " * 65536
            try:
                for _ in range(MAX_BYTES // len(chunk) + 2):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at the limit
            return None
        if path == "/nps.csv":
            Answers.hits[path] = Answers.hits.get(path, 0) + 1
            return self._send(200, b"week,region,nps\n2026-11-02,eu,31\n2026-11-09,eu,33.5\n")
        return super().do_GET()


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), MoreAnswers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Answers.hits.clear()
    MoreAnswers.moments.clear()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_transient_failure_is_retried_with_backoff_until_it_succeeds(
    tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "BACKOFF", 0.2)
    goals = write(tmp_path / "platform.yaml", HTTP_KPI.replace("{url}/uptime", server + "/flaky"))
    result = okrctl("pull", cwd=tmp_path, env={"STATUS_TOKEN": "tok-123"})
    assert (result.returncode, result.stdout) == (
        0,
        "platform.yaml: pulled platform/uptime: 99.87% on 2026-11-29\n",
    )
    assert "      - {date: 2026-11-29, value: 99.87, source: pulled}\n" in goals.read_text()
    assert Answers.hits["/flaky"] == 3 == http.ATTEMPTS
    # The waits between the attempts: BACKOFF, then twice as long.
    first, second, third = MoreAnswers.moments
    assert second - first >= 0.2
    assert third - second >= 0.4


@pytest.mark.parametrize(
    ("path", "cause"),
    [
        ("/uptime", "the server answered HTTP 401 Unauthorized (bad or missing credentials?)"),
        ("/nowhere", "the server answered HTTP 404 Not Found"),
        ("/broken", "the server answered HTTP 500 Internal Server Error"),
    ],
)
def test_a_client_error_or_a_500_is_not_retried(
    tmp_path: Path, server: str, path: str, cause: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "BACKOFF", 0.05)
    write(tmp_path / "platform.yaml", HTTP_KPI.replace("{url}/uptime", server + path))
    result = okrctl("pull", cwd=tmp_path, env={"STATUS_TOKEN": "wrong"})
    assert result.returncode == 1
    assert result.stdout == f"platform.yaml:8: source of `platform/uptime` (http-json): {cause}\n"
    assert Answers.hits[path] == 1


def test_an_answer_over_the_size_limit_without_a_declared_length(
    tmp_path: Path, server: str
) -> None:
    goals = write(tmp_path / "platform.yaml", HTTP_KPI.replace("{url}/uptime", server + "/stream"))
    before = goals.read_bytes()
    result = okrctl("pull", cwd=tmp_path, env={"STATUS_TOKEN": "tok-123"})
    assert result.returncode == 1
    assert result.stdout == (
        "platform.yaml:8: source of `platform/uptime` (http-json): the answer is over the size "
        "limit (10 MB)\n"
    )
    assert goals.read_bytes() == before


def test_a_csv_source_read_from_a_url(tmp_path: Path, server: str) -> None:
    goals = write(
        tmp_path / "growth.yaml", CSV_KPI.replace("path: data/nps.csv", f"url: {server}/nps.csv")
    )
    result = okrctl("pull", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "growth.yaml: pulled growth/nps: 31 on 2026-11-02, 33.5 on 2026-11-09\n",
    )
    assert goals.read_text().endswith(
        "    measurements:\n"
        "      - {date: 2026-11-02, value: 31, source: pulled}\n"
        "      - {date: 2026-11-09, value: 33.5, source: pulled}\n"
    )
    assert Answers.hits["/nps.csv"] == 1
    write(tmp_path / "growth.yaml", CSV_KPI.replace("path: data/nps.csv", f"url: {server}/gone"))
    missing = okrctl("pull", cwd=tmp_path)
    assert missing.stdout == (
        "growth.yaml:7: source of `growth/nps` (csv): the server answered HTTP 404 Not Found\n"
    )

"""Real servers for the tests of `okrctl pull`: PostgreSQL and Prometheus, from Debian's packages.

Each is started in a temporary folder on a free local port (once per test module: start-up
is the slow part) and stopped and removed after. Issue 18's policy: a test whose server
cannot be started fails when the environment variable CI is set, and is skipped only outside
CI (`unavailable`). `.ci/run` installs the packages (postgresql, prometheus).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest


def unavailable(why: str) -> NoReturn:
    """Fail in CI, skip elsewhere: a test server that cannot start is never a silent pass."""
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI is set: a test server that cannot start fails)", pytrace=False)
    pytest.skip(why)


def free_port() -> int:
    """A local TCP port nothing listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _tail(path: Path, lines: int = 5) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return " | ".join(text.strip().splitlines()[-lines:])


# -- PostgreSQL ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Postgres:
    """A running PostgreSQL server: a superuser with a password, reached over TCP."""

    port: int
    user: str
    password: str

    def url(self, database: str, password: str = "${PG_PASSWORD}") -> str:
        """A SQLAlchemy URL for okrctl; the password from the environment by default."""
        return f"postgresql+psycopg://{self.user}:{password}@127.0.0.1:{self.port}/{database}"

    def execute(self, database: str, *statements: str) -> None:
        """Run SQL as the superuser (autocommit: CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=database,
            autocommit=True,
            connect_timeout=10,
        ) as connection:
            for statement in statements:
                connection.execute(statement.encode())


def _postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl: Debian keeps them out of PATH, per major version."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_server_user(argv: Sequence[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user."""
    if os.geteuid() != 0:
        return list(argv)
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        unavailable("running as root and there is no `postgres` user to run PostgreSQL as")
    runuser = shutil.which("runuser")
    if runuser is None:
        unavailable("running as root and there is no runuser to run PostgreSQL as `postgres`")
    return [runuser, "-u", "postgres", "--", *argv]


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    """A PostgreSQL server of its own, started and removed (or `unavailable`)."""
    try:
        import psycopg  # noqa: F401 - okrctl reads PostgreSQL through it
        import sqlalchemy  # noqa: F401
    except ImportError as error:
        unavailable(f"{error.name} is not installed (pip install -e '.[test]')")
    binaries = _postgres_bin()
    if binaries is None:
        unavailable("PostgreSQL is not installed (apt-get install postgresql)")
    # Not under pytest's tmp_path: as root the server runs as `postgres`, which may not
    # enter root's private pytest folder. A folder of its own, owned by the server's user.
    folder = Path(tempfile.mkdtemp(prefix="okrctl-postgres-"))
    data, log = folder / "data", folder / "server.log"
    password = "pg-test-password-7f3a"
    (folder / "password").write_text(password + "\n")
    if os.geteuid() == 0:
        server_user = pwd.getpwnam("postgres")
        for path in (folder, folder / "password"):
            os.chown(path, server_user.pw_uid, server_user.pw_gid)
    pg_ctl = str(binaries / "pg_ctl")
    started = False
    try:
        pwfile = f"--pwfile={folder / 'password'}"
        initdb = [str(binaries / "initdb"), "-D", str(data), "-U", "okrctl", "-E", "UTF8",
                  "--auth=scram-sha-256", pwfile, "--no-sync"]  # fmt: skip
        init = subprocess.run(
            _as_server_user(initdb),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if init.returncode != 0:
            unavailable(f"initdb failed: {(init.stderr or init.stdout).strip()[-300:]}")
        for attempt in range(3):  # a free port can be taken between the probe and the start
            port = free_port()
            settings = (
                f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            start_argv = [pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60",
                          "-o", settings, "start"]  # fmt: skip
            start = subprocess.run(
                _as_server_user(start_argv),
                capture_output=True,
                text=True,
                timeout=90,
                check=False,
            )
            if start.returncode == 0:
                started = True
                break
            if attempt == 2:
                unavailable(f"PostgreSQL did not start: {_tail(log) or start.stderr.strip()}")
        yield Postgres(port, "okrctl", password)
    finally:
        if started:
            subprocess.run(
                _as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(folder, ignore_errors=True)


# -- Prometheus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Prometheus:
    """A running Prometheus server loaded with history."""

    url: str


def _get(url: str, seconds: float = 2) -> int:
    try:
        with urllib.request.urlopen(url, timeout=seconds) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@contextlib.contextmanager
def prometheus_server(folder: Path, openmetrics: str) -> Iterator[Prometheus]:
    """A Prometheus server whose storage holds `openmetrics` (OpenMetrics text, ending in
    `# EOF`), turned into blocks by `promtool tsdb create-blocks-from openmetrics`."""
    prometheus, promtool = shutil.which("prometheus"), shutil.which("promtool")
    if prometheus is None or promtool is None:
        unavailable("Prometheus is not installed (apt-get install prometheus)")
    history, data = folder / "history.om", folder / "data"
    history.write_text(openmetrics)
    data.mkdir()
    # Blocks of up to 30 days, not 2 hours: hundreds of small blocks take promtool and the
    # server many seconds to write and open.
    create = [promtool, "tsdb", "create-blocks-from", "openmetrics", "--quiet",
              "--max-block-duration=720h", str(history), str(data)]  # fmt: skip
    blocks = subprocess.run(create, capture_output=True, text=True, timeout=120, check=False)
    if blocks.returncode != 0:
        unavailable(f"promtool could not load the history: {blocks.stderr.strip()[-300:]}")
    # No scrape targets: the server only answers queries on the history it was given.
    config = folder / "prometheus.yml"
    config.write_text("global:\n  scrape_interval: 1h\n")
    log = folder / "prometheus.log"
    for attempt in range(3):  # a free port can be taken between the probe and the start
        port = free_port()
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    prometheus,
                    f"--config.file={config}",
                    f"--storage.tsdb.path={data}",
                    # Blocks from any time are kept: retention counts back from the newest.
                    "--storage.tsdb.retention.time=100y",
                    f"--web.listen-address=127.0.0.1:{port}",
                ],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if _get(f"{url}/-/ready") == 200:
                break
            time.sleep(0.2)
        if process.poll() is None and _get(f"{url}/-/ready") == 200:
            break
        _stop(process)
        if attempt == 2:
            unavailable(f"Prometheus did not start: {_tail(log)}")
    try:
        yield Prometheus(url)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)

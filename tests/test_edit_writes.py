"""Writes that never lose data: kills at any point, concurrent writers, read-only files, a full
disk, a file changed between read and write, symbolic links."""

from __future__ import annotations

import errno
import io
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from okrctl.commands import kpi_record, new
from okrctl.edit import atomic
from okrctl.errors import OkrctlError
from okrctl.load.loader import load_goal_file
from okrctl.terminal import Terminal
from tests.editing import TODAY, cli, run_on, snapshot, visible_goal_files

KPIS = """\
# Support KPIs: one measurement per week.
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: lin
    unit: min
    cadence: weekly
    band: {max: 45}
    measurements:
      - {date: 2026-11-06, value: 47}
      - {date: 2026-11-13, value: 49, note: Two agents out sick}
"""
RECORDED = KPIS + "      - {date: 2026-11-20, value: 41}\n"


@pytest.fixture
def support(tmp_path: Path) -> Path:
    (tmp_path / "kpis.yaml").write_text(KPIS)
    return tmp_path


def record(root: Path, value: str = "41", day: str = "2026-11-20") -> None:
    run_on(
        TODAY,
        kpi_record.run,
        kpi_record.Options("support/first-response-time", value, tree=root, day=day),
        Terminal(io.StringIO(), io.StringIO()),
    )


def loads_cleanly(path: Path) -> bool:
    return not load_goal_file(path).problems


# -- refusals that leave the original intact ------------------------------------------------


def test_a_read_only_file_is_a_clear_error(support: Path) -> None:
    (support / "kpis.yaml").chmod(0o444)
    files = snapshot(support)
    result = cli(support, "kpi", "record", "support/first-response-time", "41")
    assert result.exit_code == 2
    assert result.stderr == "okrctl: error: kpis.yaml is read-only; nothing was changed\n"
    assert snapshot(support) == files


class _FullDisk:
    """The os module, except that writing fails as on a full disk."""

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    @staticmethod
    def write(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_is_a_clear_error_and_leaves_no_temporary_file(
    support: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "os", _FullDisk())
    files = snapshot(support)
    result = cli(support, "kpi", "record", "support/first-response-time", "41")
    assert result.exit_code == 2
    assert result.stderr == (
        "okrctl: error: cannot write kpis.yaml: no space left on device; nothing was changed\n"
    )
    assert snapshot(support) == files


def test_a_file_changed_between_read_and_write_is_not_overwritten(
    support: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone saves the file in an editor while okrctl is writing its temporary copy."""
    path = support / "kpis.yaml"
    theirs = KPIS.replace("# Support KPIs", "# Support KPIs, edited by hand")
    real_temporary = atomic._temporary

    def temporary_then_someone_saves(*args: Any) -> str:
        name = real_temporary(*args)
        path.write_text(theirs)
        return name

    monkeypatch.setattr(atomic, "_temporary", temporary_then_someone_saves)
    result = cli(support, "kpi", "record", "support/first-response-time", "41")
    assert result.exit_code == 2
    assert result.stderr == (
        "okrctl: error: kpis.yaml changed on disk while okrctl was editing it; nothing was "
        "written, so that edit is kept: run the command again\n"
    )
    assert snapshot(support) == {"kpis.yaml": theirs.encode()}


def test_a_symbolic_link_is_not_replaced(support: Path) -> None:
    """Renaming over a link would replace the link; okrctl refuses instead."""
    (support / ".real").mkdir()  # hidden, so the tree reads the file through the link only
    target = support / ".real" / "kpis.yaml"
    (support / "kpis.yaml").rename(target)
    (support / "kpis.yaml").symlink_to(Path(".real") / "kpis.yaml")
    result = cli(support, "kpi", "record", "support/first-response-time", "41")
    assert result.exit_code == 2
    assert result.stderr == (
        "okrctl: error: kpis.yaml is a symbolic link; okrctl edits only regular files (edit "
        "the file it points to)\n"
    )
    assert target.read_text() == KPIS
    assert (support / "kpis.yaml").is_symlink()


def test_permissions_are_kept_and_nothing_is_left_behind(support: Path) -> None:
    path = support / "kpis.yaml"
    path.chmod(0o640)
    record(support)
    assert path.read_text() == RECORDED
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in support.iterdir()) == ["kpis.yaml"]


def test_leftovers_of_a_killed_run_are_invisible_then_removed(support: Path) -> None:
    (support / ".kpis.yaml.abc123.okrctl-tmp").write_text("team: half-writ")
    (support / ".kpis.yaml.okrctl-lock").write_text("")
    assert visible_goal_files(support) == ["kpis.yaml"]
    assert cli(support, "lint", ".").exit_code == 0
    record(support)
    assert sorted(p.name for p in support.iterdir()) == ["kpis.yaml"]


def test_a_held_lock_makes_a_writer_wait_then_give_up(support: Path) -> None:
    with atomic.locked(support / "kpis.yaml", "kpis.yaml"):
        files = snapshot(support)
        with (
            pytest.raises(OkrctlError, match="being edited by another okrctl process"),
            atomic.locked(support / "kpis.yaml", "kpis.yaml", timeout=0.2),
        ):
            pass  # pragma: no cover
        assert snapshot(support) == files


# -- concurrent writers ---------------------------------------------------------------------


def _measurements(path: Path) -> list[tuple[str, float]]:
    loaded = load_goal_file(path)
    assert loaded.goal is not None and not loaded.problems
    return [(m.date.isoformat(), m.value) for m in loaded.goal.kpis[0].measurements]


def test_concurrent_recorders_never_lose_a_record(support: Path) -> None:
    """The real command, several processes at once on one file: every record lands."""
    days = [f"2026-10-{day:02d}" for day in range(1, 5)]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "okrctl",
                "kpi",
                "record",
                "support/first-response-time",
                str(40 + n),
                "--date",
                day,
            ],
            cwd=support,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, day in enumerate(days)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    assert _measurements(support / "kpis.yaml") == [
        *[(day, 40 + n) for n, day in enumerate(days)],
        ("2026-11-06", 47),
        ("2026-11-13", 49),
    ]
    assert sorted(p.name for p in support.iterdir()) == ["kpis.yaml"]


def test_many_forked_recorders_at_once(support: Path) -> None:
    """Twenty processes started together, each recording its own day."""
    days = [f"2026-09-{day:02d}" for day in range(1, 21)]
    children = []
    for n, day in enumerate(days):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 1
            try:
                record(support, str(n), day)
                code = 0
            finally:
                os._exit(code)
        children.append(pid)
    for pid in children:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    got = _measurements(support / "kpis.yaml")
    assert got[:20] == [(day, n) for n, day in enumerate(days)]
    assert sorted(p.name for p in support.iterdir()) == ["kpis.yaml"]


# -- SIGKILL during the write ---------------------------------------------------------------

PHASES = "WFRD"  # mid-write, before fsync, before the rename, after the rename


def _slow_writes(report: int, pause: float, at: str) -> None:
    """In a child process: announce each step of the write on `report`, and pause in step
    `at` (or, with `at` empty, in every step), so the parent's SIGKILL can land there."""
    write, fsync, replace, link = os.write, os.fsync, os.replace, os.link
    started: set[int] = set()

    def announce(phase: str) -> None:
        write(report, phase.encode())
        if not at or phase == at:
            time.sleep(pause)

    def slow_write(fd: int, data: Any) -> int:
        if fd == report or fd in started or len(data) < 2:
            return write(fd, data)
        started.add(fd)
        written = write(fd, data[: len(data) // 2])
        announce("W")
        return written

    def slow_fsync(fd: int) -> None:
        announce("F")
        fsync(fd)

    def slow_replace(source: Any, target: Any) -> None:
        announce("R")
        replace(source, target)
        announce("D")

    def slow_link(source: Any, target: Any) -> None:
        announce("L")
        link(source, target)
        announce("A")

    os.write, os.fsync, os.replace, os.link = slow_write, slow_fsync, slow_replace, slow_link


def _spawn(
    root: Path, pause: float, at: str = "", command: Callable[[Path], None] = record
) -> tuple[int, int]:
    """Fork a child that runs `command` (by default: record one measurement) with slowed
    writes; (pid, report pipe)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            os.close(read_end)
            _slow_writes(write_end, pause, at)
            command(root)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _kill_at(pid: int, report: int, phase: str) -> None:
    seen = b""
    while phase.encode() not in seen:
        chunk = os.read(report, 16)
        assert chunk, f"the child finished without reaching {phase} (saw {seen!r})"
        seen += chunk
    _kill(pid)
    os.close(report)


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _check_after_kill(root: Path) -> str:
    """The file is the old one or the new one, whole, and nothing okrctl reads was added."""
    path = root / "kpis.yaml"
    text = path.read_text()
    assert text in (KPIS, RECORDED)
    assert loads_cleanly(path)
    assert visible_goal_files(root) == ["kpis.yaml"]
    assert cli(root, "lint", ".").exit_code == 0
    leftovers = sorted(p.name for p in root.iterdir() if p.name != "kpis.yaml")
    assert all(atomic.is_okrctl_temporary(name) for name in leftovers), leftovers
    if text == RECORDED:
        path.write_text(KPIS)
        return "new"
    return "old"


@pytest.mark.parametrize("phase", PHASES)
def test_a_kill_at_each_step_of_the_write_leaves_the_old_or_the_new_file(
    support: Path, phase: str
) -> None:
    for _ in range(3):
        pid, report = _spawn(support, pause=0.3, at=phase)
        _kill_at(pid, report, phase)
        outcome = _check_after_kill(support)
        assert outcome == ("new" if phase == "D" else "old")
    record(support)  # the next run cleans up after the killed ones
    assert (support / "kpis.yaml").read_text() == RECORDED
    assert sorted(p.name for p in support.iterdir()) == ["kpis.yaml"]


def test_kills_at_random_moments_never_leave_a_broken_file(support: Path) -> None:
    randomly = random.Random(8)
    start = time.monotonic()
    pid, report = _spawn(support, pause=0.005)
    os.waitpid(pid, 0)
    os.close(report)
    duration = time.monotonic() - start
    assert (support / "kpis.yaml").read_text() == RECORDED
    (support / "kpis.yaml").write_text(KPIS)
    outcomes: Counter[str] = Counter()
    for _ in range(40):
        pid, report = _spawn(support, pause=0.005)
        time.sleep(randomly.uniform(0, duration * 1.2))
        _kill(pid)
        os.close(report)
        outcomes[_check_after_kill(support)] += 1
    assert sum(outcomes.values()) == 40
    record(support)
    assert sorted(p.name for p in support.iterdir()) == ["kpis.yaml"]


def test_the_real_command_killed_at_random_moments(support: Path) -> None:
    randomly = random.Random(6)
    for _ in range(4):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "okrctl",
                "kpi",
                "record",
                "support/first-response-time",
                "41",
                "--date",
                "2026-11-20",
            ],
            cwd=support,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(randomly.uniform(0.1, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        _check_after_kill(support)


def _new_kpi(root: Path) -> None:
    run_on(
        TODAY,
        new.run_kpi,
        new.KpiOptions(
            "ops", tree=root, title="Deploys per week", owner="sam", cadence="weekly", band_min="5"
        ),
        Terminal(io.StringIO(), io.StringIO()),
    )


@pytest.mark.parametrize("phase", "WFLA")  # mid-write, before fsync, before the link, after it
def test_a_kill_while_creating_a_file_leaves_no_file_or_the_whole_file(
    support: Path, phase: str
) -> None:
    created = support / "ops" / "kpis.yaml"
    pid, report = _spawn(support, pause=0.3, at=phase, command=_new_kpi)
    _kill_at(pid, report, phase)
    if phase == "A":
        assert loads_cleanly(created)
        assert visible_goal_files(support) == ["kpis.yaml", "ops/kpis.yaml"]
    else:
        assert not created.exists()
        assert visible_goal_files(support) == ["kpis.yaml"]
    assert cli(support, "lint", ".").exit_code == 0
    leftovers = [p.name for p in (support / "ops").iterdir() if p.name != "kpis.yaml"]
    assert all(atomic.is_okrctl_temporary(name) for name in leftovers), leftovers
    if phase != "A":
        _new_kpi(support)  # the next run creates it, and removes what the killed one left
        assert sorted(p.name for p in (support / "ops").iterdir()) == ["kpis.yaml"]

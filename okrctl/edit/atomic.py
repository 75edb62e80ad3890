"""Atomic, locked writes: after a crash a goal file is the old one or the new one, never half.

A write goes to a temporary file beside the target (a dot-file, which okrctl's tree walker
skips), is flushed to disk, and then renamed over the target; the directory is flushed too, so
the rename survives a power cut. The target's permission bits and owner are kept. Just before
the rename the target is read again: if someone changed it since okrctl read it, nothing is
written, because overwriting that edit would lose it.

Concurrent okrctl processes are serialised by `fcntl.flock` on a lock file beside the target,
held from the read to the rename, so two `okrctl kpi record` runs on one file both land. The
lock file is removed when released (by its holder, while still holding it; a waiter that wakes
on a removed lock file tries again), so no stray files are left behind, and temporary files
left by a killed run are removed by the next run that takes the lock.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from okrctl.errors import OkrctlError

LOCK_SUFFIX = ".okrctl-lock"
TEMP_SUFFIX = ".okrctl-tmp"
LOCK_TIMEOUT = 30.0  # seconds to wait for another okrctl editing the same file
_CHUNK = 1 << 16


class WriteError(OkrctlError):
    """A goal file could not be written; the file on disk is exactly as it was."""


class ConflictError(WriteError):
    """The file changed on disk between okrctl reading it and writing it."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file's bytes as okrctl read them, and what is needed to write it back faithfully."""

    path: Path
    shown: str
    data: bytes
    mode: int
    uid: int
    gid: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _reason(error: OSError) -> str:
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def read_snapshot(path: Path, shown: str) -> Snapshot:
    """Read a goal file to edit it. Symbolic links are refused: the edit would replace the link."""
    if path.is_symlink():
        raise WriteError(
            f"{shown} is a symbolic link; okrctl edits only regular files (edit the file it "
            "points to)"
        )
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            data = handle.read()
    except OSError as error:
        raise WriteError(f"cannot read {shown}: {_reason(error)}") from None
    return Snapshot(path, shown, data, info.st_mode & 0o7777, info.st_uid, info.st_gid)


def _lock_path(path: Path) -> Path:
    return path.parent / f".{path.name}{LOCK_SUFFIX}"


def is_okrctl_temporary(name: str) -> bool:
    """Whether a file name is one of okrctl's lock or temporary files."""
    return name.startswith(".") and name.endswith((TEMP_SUFFIX, LOCK_SUFFIX))


@contextmanager
def locked(path: Path, shown: str, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the edit lock of `path` (which may not exist yet) for the duration of the block."""
    lock_path = _lock_path(path)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise WriteError(f"cannot write {shown}: {_reason(error)}") from None
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise WriteError(
                            f"{shown} is being edited by another okrctl process (waited "
                            f"{timeout:g} s for {lock_path.name}); try again"
                        ) from None
                    time.sleep(0.01)
            # The lock counts only if the file we locked is still the lock file: its previous
            # holder removes it before releasing, and a waiter must then start over.
            try:
                current = os.stat(lock_path)
            except FileNotFoundError:
                current = None
            mine = os.fstat(fd)
            if current is not None and (current.st_dev, current.st_ino) == (
                mine.st_dev,
                mine.st_ino,
            ):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        _remove_leftovers(path)
        yield
    finally:
        with suppress(OSError):
            os.unlink(lock_path)
        os.close(fd)


def _remove_leftovers(path: Path) -> None:
    """Remove temporary files of `path` left by a killed run (only the lock holder writes them)."""
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name.endswith(TEMP_SUFFIX):
            with suppress(OSError):
                os.unlink(path.parent / name)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:_CHUNK])
        view = view[written:]


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable; not every file system supports it."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temporary(
    path: Path, shown: str, data: bytes, mode: int, owner: tuple[int, int] | None
) -> str:
    """Write `data` to a new temporary file beside `path`, flushed to disk; return its name."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as error:
        raise WriteError(f"cannot write {shown}: {_reason(error)}; nothing was changed") from None
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, mode)
            if owner is not None and os.geteuid() == 0:
                with suppress(OSError):
                    os.fchown(fd, *owner)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(name)
        if isinstance(error, OSError):
            raise WriteError(
                f"cannot write {shown}: {_reason(error)}; nothing was changed"
            ) from None
        raise
    return name


def _read_only(path: Path, mode: int) -> bool:
    # os.access is True for root whatever the mode, so the mode bits are checked as well: a
    # file someone made read-only stays unwritten even when okrctl runs as root.
    return not os.access(path, os.W_OK) or not mode & 0o222


def replace_atomically(snapshot: Snapshot, data: bytes) -> None:
    """Replace the file of `snapshot` by `data`, unless it changed since the snapshot was read.

    Call it while holding `locked(snapshot.path)`.
    """
    path, shown = snapshot.path, snapshot.shown
    if _read_only(path, snapshot.mode):
        raise WriteError(f"{shown} is read-only; nothing was changed")
    name = _temporary(path, shown, data, snapshot.mode, (snapshot.uid, snapshot.gid))
    try:
        try:
            with open(path, "rb") as handle:
                now = handle.read()
        except FileNotFoundError:
            now = None
        if now != snapshot.data:
            what = "was deleted" if now is None else "changed on disk"
            raise ConflictError(
                f"{shown} {what} while okrctl was editing it; nothing was written, so that "
                "edit is kept: run the command again"
            )
        os.replace(name, path)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(name)
        if isinstance(error, OSError):
            raise WriteError(
                f"cannot write {shown}: {_reason(error)}; nothing was changed"
            ) from None
        raise
    fsync_directory(path.parent)


def default_mode() -> int:
    """The mode a new file gets from the umask (mkstemp would make it private)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def create_atomically(path: Path, shown: str, data: bytes) -> None:
    """Create `path` with `data` in one step; never overwrites a file that exists.

    The file appears complete or not at all: it is written under a temporary name and then
    hard-linked into place, which fails if the name is taken.
    """
    name = _temporary(path, shown, data, default_mode(), None)
    try:
        os.link(name, path)
    except FileExistsError:
        raise WriteError(f"{shown} already exists; okrctl does not overwrite it") from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise WriteError(
                f"cannot write {shown}: {_reason(error)}; nothing was changed"
            ) from None
        # No hard links on this file system: the lock keeps okrctl runs apart, and the
        # check makes a race with anything else unlikely rather than impossible.
        if path.exists():
            raise WriteError(f"{shown} already exists; okrctl does not overwrite it") from None
        os.replace(name, path)
    finally:
        with suppress(OSError):
            os.unlink(name)
    fsync_directory(path.parent)

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

Nothing is ever opened through a symbolic link where okrctl creates or rewrites a file: a
link committed at a lock or temporary name (`.kpis.yaml.okrctl-lock -> /etc/...`) would make
okrctl, running as root in CI, create or truncate the file it points to. Lock and temporary
files are created with O_EXCL and O_NOFOLLOW (a name already taken, by a link or anything
else, is never opened as new), an existing lock file is opened with O_NOFOLLOW, and a lock
path that is a link is refused. Goal files are read with O_NOFOLLOW and O_NONBLOCK and must be
regular files.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import secrets
import stat
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


# Never through a link, never blocking on a pipe; not inherited by child processes.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC
_CREATE = os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | os.O_CLOEXEC


def _symlink_error(shown: str) -> WriteError:
    return WriteError(
        f"{shown} is a symbolic link; okrctl edits only regular files (edit the file it points to)"
    )


def _read_regular(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at `path`, read without following a link (ELOOP if it is
    one) and without blocking (a pipe put there is refused, not waited on)."""
    fd = os.open(path, _READ)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks = []
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
        return b"".join(chunks), info
    finally:
        os.close(fd)


def read_snapshot(path: Path, shown: str) -> Snapshot:
    """Read a goal file to edit it. Symbolic links are refused: the edit would replace the link."""
    if path.is_symlink():
        raise _symlink_error(shown)
    try:
        data, info = _read_regular(path)
    except OSError as error:
        if error.errno == errno.ELOOP:  # it became a link since the check above
            raise _symlink_error(shown) from None
        raise WriteError(f"cannot read {shown}: {_reason(error)}") from None
    return Snapshot(path, shown, data, info.st_mode & 0o7777, info.st_uid, info.st_gid)


def create_new(path: Path, mode: int = 0o600) -> int:
    """Create `path` and open it for writing; FileExistsError if the name is taken by anything,
    a symbolic link (dangling or not) included: nothing is ever opened through a link."""
    return os.open(path, _CREATE, mode)


def create_temporary(beside: Path, suffix: str) -> tuple[int, Path]:
    """A new, empty file in the folder of `beside`, named `.NAME.RANDOM` + `suffix`, open for
    writing (mode 0600); a name that is taken, even by a link, is skipped, never opened."""
    for _ in range(100):
        candidate = beside.parent / f".{beside.name}.{secrets.token_hex(4)}{suffix}"
        try:
            return create_new(candidate), candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(beside.parent))


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
        fd = _open_lock(lock_path, shown)
        if fd is None:  # the lock file went away between two tries: try again
            if time.monotonic() > deadline:
                raise WriteError(f"cannot lock {shown}: its lock file keeps vanishing; try again")
            continue
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
                current = os.lstat(lock_path)
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


def _open_lock(lock_path: Path, shown: str) -> int | None:
    """Open the lock file, creating it if there is none; None if it vanished meanwhile.

    Created with O_EXCL and opened with O_NOFOLLOW: a symbolic link at the lock's name
    (committed to the repository, say) is refused, never followed to create or open its
    target; anything else there that is not a regular file is refused too.
    """
    shown_lock = (Path(shown).parent / lock_path.name).as_posix()
    try:
        try:
            return create_new(lock_path)
        except FileExistsError:
            pass
        fd = os.open(lock_path, os.O_RDWR | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP or os.path.islink(lock_path):
            raise WriteError(
                f"{shown_lock} is a symbolic link; okrctl will not lock {shown} through it "
                "(remove the link and run again); nothing was changed"
            ) from None
        raise WriteError(f"cannot write {shown}: {_reason(error)}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise WriteError(
            f"{shown_lock} is not a regular file; okrctl cannot lock {shown} (remove it and "
            "run again); nothing was changed"
        )
    return fd


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
        fd, temporary = create_temporary(path, TEMP_SUFFIX)
        name = str(temporary)
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
        what = "changed on disk"
        try:
            if _read_regular(path)[0] == snapshot.data:
                what = ""
        except FileNotFoundError:
            what = "was deleted"
        except OSError as error:
            if error.errno not in (errno.ELOOP, errno.EINVAL):
                raise
            what = "was replaced by a link or a special file"  # not overwritten through it
        if what:
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
        if os.path.lexists(path):
            raise WriteError(f"{shown} already exists; okrctl does not overwrite it") from None
        os.replace(name, path)
    finally:
        with suppress(OSError):
            os.unlink(name)
    fsync_directory(path.parent)

"""Write a report to the file named by `--output`: whole or not at all, and nowhere else."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from okrctl.errors import UsageError


def _mode(path: Path) -> int:
    """The file's own permissions when it exists, else (or for a symbolic link, which is
    replaced, not written through) what the umask gives a new file."""
    try:
        status = path.lstat()
        if not stat.S_ISLNK(status.st_mode):
            return stat.S_IMODE(status.st_mode)
    except FileNotFoundError:
        pass
    from okrctl.edit.atomic import default_mode

    return default_mode()


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all: a temporary file beside it, then a rename.

    Nothing else is created or left behind: the temporary file (a dot-file, which the tree
    walker skips) lives in the same folder, so the rename is atomic, and is removed if anything
    fails. The temporary file is created with O_EXCL and O_NOFOLLOW (a link at its name is
    never followed), and a symlink at `path` is replaced, never written through. Goal files
    have their own, stricter writer (okrctl/edit/atomic.py: locks, conflict checks); a report
    has no earlier version worth protecting, so replacing it whole is all it needs.
    """
    # Imported here: every lint imports this module, few write a report file.
    from okrctl.edit.atomic import create_temporary, fsync_directory

    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"--output {path}: no such folder `{folder}`")
    if path.is_dir():
        raise UsageError(f"--output {path}: is a folder, not a file")
    try:
        handle, temporary = create_temporary(path, ".tmp")
    except OSError as error:
        raise UsageError(f"--output {path}: cannot write there: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fchmod(file.fileno(), _mode(path))
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise UsageError(f"--output {path}: cannot write it: {error.strerror}") from None
        raise
    fsync_directory(folder)

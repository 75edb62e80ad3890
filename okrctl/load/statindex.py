"""The stat index of a goal tree: a file whose stat did not change is not read nor hashed again.

As git's index does, it keeps per goal file (by absolute path) what `lstat` said of it when
it was last read (device, inode, size, modification and change times, in nanoseconds) and
the cache key of the bytes read then (FileCache.key). On the next run, a file whose stat is
the same is taken to hold the same bytes: its key comes from the index, and its bytes are
read only if its cache entry is missing (goal_tree.ReadFile.contents).

Never a wrong answer:
- the change time is in the tuple: nobody can set it (`touch -d`, `cp -p`, `git checkout`
  of a file of the same size all give a new one), and the inode and device are (a file
  replaced by a rename is another inode);
- racy timestamps ("racy git"): an edit made in the same tick of the file system's clock as
  the stat taken would leave the stat unchanged, so a file is vouched for only when its
  modification and change times are older, by MARGIN_NS, than the moment the run that
  recorded it started (taken before any file was looked at, and moved back by how far the
  cache folder's file system runs behind this machine's clock); a younger file is read and
  hashed each time, until it is old enough;
- only a regular file read without a problem is kept (a link, a pipe, a file too large or
  that could not be read is read each time, and its problem said again);
- stored as the cache's other entries are (a checked header, an atomic replace, no link
  followed, plain values read by `marshal`): a corrupt, truncated or foreign index is none,
  and is written anew. It holds paths, stats and keys: nothing of the files' contents.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Sequence

from okrctl.load.cache import FileCache

# How much older than the recording run's start a file's times must be to be vouched for:
# more than the coarsest timestamps (FAT's 2 s) and the kernel's coarse clock lag.
MARGIN_NS = 3_000_000_000
# Bumped whenever what the index holds changes.
_VERSION = 1

# (st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns)
Stamp = tuple[int, int, int, int, int]
# A stamp and the cache key of the bytes read under it.
Entry = tuple[int, int, int, int, int, str]


def stamp(status: os.stat_result) -> Stamp | None:
    """What the index compares of a file's `lstat`; None for anything but a regular file."""
    if not stat.S_ISREG(status.st_mode):
        return None
    return (
        status.st_dev,
        status.st_ino,
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
    )


def _entries(value: object) -> tuple[int, dict[str, Entry]] | None:
    """The start time and entries of an index read from the cache, or None when it is not
    one of this shape (a folder someone else wrote may hold any plain value). Each entry is
    checked when used (`_valid`): a tree has thousands, a run uses what it sees."""
    if type(value) is not tuple or len(value) != 3 or value[0] != _VERSION:
        return None
    _, started, entries = value
    if type(started) is not int or type(entries) is not dict:
        return None
    return started, entries


def _valid(path: object, entry: object) -> bool:
    """Whether an index's entry has the shape of one (path, stamp and key)."""
    return (
        type(path) is str
        and type(entry) is tuple
        and len(entry) == 6
        and all(type(part) is int for part in entry[:5])
        and type(entry[5]) is str
        and bool(entry[5])
    )


class StatIndex:
    """The stat index of one tree (its folder, `tree`) under one cache context, for one run.

    Its clock starts before any file of the run is looked at (`started`); asked for each
    file (`known`), told of each file read (`record`), then `save`d."""

    def __init__(
        self, cache: FileCache, tree: str, roots: Sequence[str], started: int | None = None
    ) -> None:
        """`tree`: the absolute folder the index is of (one index per tree and context);
        `roots`: the absolute folders this run walks whole (a file below one of them that
        this run did not see is gone, and leaves the index); `started`: time.time_ns()
        before the run looked at any file (now, if not given)."""
        self.started = time.time_ns() if started is None else started
        self.cache = cache
        self.key = cache.key(b"stat-index\0" + os.fsencode(tree))
        self.roots = tuple(root.rstrip(os.sep) + os.sep for root in roots)
        read = _entries(cache.get_index(self.key))
        self.recorded_at, self.old = read if read is not None else (0, {})
        self.found = read is not None
        self.new: dict[str, Entry] = {}
        self.vouched = 0  # files vouched for in this run (their bytes not read)

    def known(self, path: str, status: os.stat_result) -> str | None:
        """The cache key of the file at `path` (absolute) whose `lstat` is `status`, when the
        index vouches for its bytes; None when they must be read."""
        entry = self.old.get(path)
        if entry is None:
            return None
        now = stamp(status)
        # The stamp first (a tuple of equal numbers is one), then the key's shape.
        if now is None or type(entry) is not tuple or entry[:5] != now:
            return None
        if len(entry) != 6 or type(entry[5]) is not str or not entry[5]:
            return None
        if max(now[3], now[4]) >= self.recorded_at - MARGIN_NS:  # racy: never trusted
            return None
        self.new[path] = entry
        self.vouched += 1
        return entry[5]

    def record(self, path: str, status: os.stat_result | None, key: str) -> None:
        """A file read without a problem: `status` its `lstat` taken before the read, `key`
        the cache key of the bytes read."""
        now = None if status is None else stamp(status)
        if now is not None and key:
            self.new[path] = (*now, key)

    def save(self) -> None:
        """Write the index when it differs from the one read: the files seen in this run
        (without those too young to be vouched for) and the files of the tree this run did
        not walk."""
        entries = {
            path: entry
            for path, entry in self.old.items()
            if path not in self.new and _valid(path, entry) and not path.startswith(self.roots)
        }
        if (
            self.found
            and len(entries) + len(self.new) == len(self.old)
            and all(self.old.get(path) == entry for path, entry in self.new.items())
        ):
            return  # every file seen as the index had it, none gone: the same index
        clock = self.cache.clock_ns()
        if clock is None:  # no file can be written in the cache folder
            return
        # The run's start as the file system stamps files: earlier when its clock is behind.
        started = self.started + min(0, clock - time.time_ns())
        for path, entry in self.new.items():
            if max(entry[3], entry[4]) < started - MARGIN_NS:
                entries[path] = entry
        if self.found and entries == self.old:
            return
        self.cache.put_index(self.key, (_VERSION, started, entries))

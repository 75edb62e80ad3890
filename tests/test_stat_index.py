"""The stat index (okrctl.load.statindex): a warm run reads and hashes no unchanged file, and
never mistakes a changed one for unchanged.

The files of these tests are all made a moment before they are read, younger than the racy
margin, which would keep the index from vouching for any of them: most tests set the margin
below zero (`settled`) so that the index is used, and the racy rule is tested on its own.
Timestamps are set with os.utime; the real clock is never read for a date.
"""

from __future__ import annotations

import marshal
import os
import shutil
from pathlib import Path

import pytest

from okrctl.load import statindex
from okrctl.load.cache import _INDEX_MAGIC, FileCache, _opened, _unwrap
from okrctl.load.goal_tree import ReadFile, scan_tree
from okrctl.load.statindex import StatIndex, stamp
from tests.conftest import okrctl
from tests.test_cache import copy_examples

LINT = ("lint", "--format", "json", ".")


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as old enough to be vouched for as soon as they are made."""
    monkeypatch.setattr(statindex, "MARGIN_NS", -60_000_000_000)


@pytest.fixture
def tree(tmp_path: Path, caching: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    made = copy_examples(tmp_path)
    monkeypatch.chdir(made)
    return made


def scan() -> dict[str, ReadFile]:
    """Each goal file of the tree in the current folder, as a scan reads it."""
    scanned = scan_tree([Path(".")])
    try:
        assert scanned.read is not None
        return {file.shown: file for file in scanned.read}
    finally:
        scanned.close()


def unread() -> set[str]:
    """The goal files a scan neither read nor hashed: the index vouched for them."""
    return {shown for shown, file in scan().items() if file.unread is not None}


def indexes(tree: Path) -> list[Path]:
    return sorted((tree / ".okrctl_cache").glob("index-*.okc"))


def same_as_without(tree: Path, *args: str) -> None:
    cached = okrctl(*args, cwd=tree)
    uncached = okrctl("--no-cache", *args, cwd=tree)
    assert (cached.returncode, cached.stdout) == (uncached.returncode, uncached.stdout), args


def edit_keeping_size_and_mtime(path: Path) -> None:
    """Change a file's bytes, not its size, and set its modification time back."""
    before = path.stat()
    raw = path.read_bytes()
    at = raw.index(b"owner: ") + len(b"owner: ")
    path.write_bytes(raw[:at] + b"X" + raw[at + 1 :])
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_warm_scan_reads_no_unchanged_file(tree: Path, settled: None) -> None:
    same_as_without(tree, *LINT)  # the first run records the index
    scanned = scan_tree([Path(".")])
    try:
        assert scanned.read is not None and scanned.cache is not None
        assert all(file.unread is not None and file.raw is None for file in scanned.read)
        # The keys the index gives are those of the bytes.
        limits = scanned.loaded_config.config.limits.limits()
        for file in scanned.read:
            key = file.key
            raw, problems = file.contents(limits, scanned.cache)
            assert raw is not None and problems == []
            assert raw == (tree / file.shown).read_bytes()
            assert file.key == key == scanned.cache.key(raw)
    finally:
        scanned.close()
    # An unchanged tree leaves the index as it was: not rewritten.
    (index,) = indexes(tree)
    before = index.stat()
    scan()
    after = index.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    for args in (LINT, ("review", "--as-of", "2026-11-22", "--format", "json", ".")):
        same_as_without(tree, *args)


def test_a_same_size_edit_with_its_mtime_set_back_is_seen(tree: Path, settled: None) -> None:
    okrctl(*LINT, cwd=tree)
    edited = tree / "support" / "kpis.yaml"
    key = scan()["support/kpis.yaml"].key
    edit_keeping_size_and_mtime(edited)  # the change time moved: nobody can set it back
    files = scan()
    assert files["support/kpis.yaml"].unread is None
    assert files["support/kpis.yaml"].key != key
    assert {shown for shown, file in files.items() if file.unread is None} == {"support/kpis.yaml"}
    # Recorded as it is now: the next run vouches for it, under its new key.
    again = scan()
    assert all(file.unread is not None for file in again.values())
    assert again["support/kpis.yaml"].key == files["support/kpis.yaml"].key
    same_as_without(tree, *LINT)
    same_as_without(tree, "lint", "--format", "json", "support/kpis.yaml")


def test_a_file_replaced_by_a_rename_is_seen(tree: Path, settled: None) -> None:
    okrctl(*LINT, cwd=tree)
    target = tree / "support" / "kpis.yaml"
    before = target.stat()
    raw = target.read_bytes()
    replacement = tree / "support" / "new.tmp"
    replacement.write_bytes(raw.replace(b"owner: ", b"owner:\t", 1))
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, target)
    assert target.stat().st_ino != before.st_ino
    assert "support/kpis.yaml" not in unread()
    same_as_without(tree, *LINT)


@pytest.mark.parametrize("how", ["grown past the limit", "a dangling link", "a pipe"])
def test_a_file_that_cannot_be_read_any_more_says_so(tree: Path, settled: None, how: str) -> None:
    config = tree / "okrctl.yaml"
    config.write_text(config.read_text() + "limits:\n  max_file_size: 20000\n")
    okrctl(*LINT, cwd=tree)
    target = tree / "support" / "kpis.yaml"
    if how == "grown past the limit":
        target.write_bytes(target.read_bytes() + b"# padding\n" * 2000)
    else:
        target.unlink()
        if how == "a pipe":
            os.mkfifo(target)
        else:
            target.symlink_to(tree / "nowhere.yaml")
    files = scan()
    assert files["support/kpis.yaml"].unread is None
    assert files["support/kpis.yaml"].problems
    same_as_without(tree, *LINT)
    # Never recorded: each run reads it, and says why it cannot be read.
    assert "support/kpis.yaml" not in unread()
    same_as_without(tree, *LINT)


def test_a_file_younger_than_the_margin_is_read_each_time(tree: Path) -> None:
    # The real margin: the files were all just copied, so none is vouched for.
    okrctl(*LINT, cwd=tree)
    okrctl(*LINT, cwd=tree)
    assert unread() == set()
    same_as_without(tree, *LINT)


def _status(path: Path, **changed: int) -> os.stat_result:
    """The file's lstat, with some of what the index compares changed."""
    real = os.lstat(path)
    values = list(real)[:10]
    for at, name in ((1, "st_ino"), (2, "st_dev"), (6, "st_size")):
        values[at] = changed.get(name, values[at])
    extra = {
        "st_atime_ns": real.st_atime_ns,
        "st_mtime_ns": changed.get("st_mtime_ns", real.st_mtime_ns),
        "st_ctime_ns": changed.get("st_ctime_ns", real.st_ctime_ns),
    }
    return os.stat_result(values, extra)


def test_the_racy_rule_and_each_part_of_the_stamp(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache", b"context")
    goal = tmp_path / "goal.yaml"
    goal.write_text("kpis: []\n")
    path = os.path.abspath(goal)
    status = os.lstat(goal)
    times = max(status.st_mtime_ns, status.st_ctime_ns)
    # Recorded by a run that started 10 s after the file's last change: vouched for.
    first = StatIndex(cache, str(tmp_path), [str(tmp_path)], started=times + 10 * 10**9)
    first.record(path, status, "k" * 40)
    first.save()
    index = StatIndex(cache, str(tmp_path), [str(tmp_path)])
    assert index.recorded_at <= times + 10 * 10**9
    assert index.known(path, status) == "k" * 40
    for part, moved in [
        ("st_ino", status.st_ino + 1),
        ("st_dev", status.st_dev + 1),
        ("st_size", status.st_size + 1),
        ("st_mtime_ns", status.st_mtime_ns + 1),
        ("st_ctime_ns", status.st_ctime_ns + 1),
    ]:
        assert index.known(path, _status(goal, **{part: moved})) is None, part
    # The file's times within the margin of the run that recorded it: an edit in the same
    # tick of the file system's clock would not show, so such an entry is never written...
    racy = StatIndex(cache, "another tree", [str(tmp_path)], started=times + 1)
    racy.record(path, status, "r" * 40)
    racy.save()
    again = StatIndex(cache, "another tree", [str(tmp_path)])
    assert again.old == {} and again.known(path, status) is None
    # ... nor trusted when an index holds one.
    now = stamp(status)
    assert now is not None
    cache.put_index(again.key, (1, times + 1, {path: (*now, "r" * 40)}))
    forged = StatIndex(cache, "another tree", [str(tmp_path)])
    assert forged.old == {path: (*now, "r" * 40)}
    assert forged.known(path, status) is None
    cache.close()


@pytest.mark.parametrize(
    "how",
    [
        "truncated",
        "empty",
        "a byte flipped",
        "not an index at all",
        "another shape",
    ],
)
def test_a_bad_index_is_ignored_and_rewritten(tree: Path, settled: None, how: str) -> None:
    okrctl(*LINT, cwd=tree)
    (index,) = indexes(tree)
    data = index.read_bytes()
    if how == "truncated":
        index.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        index.write_bytes(b"")
    elif how == "a byte flipped":
        index.write_bytes(data[:-10] + bytes([data[-10] ^ 0x20]) + data[-9:])
    elif how == "not an index at all":
        index.write_bytes(b"\x80\x04\x95 pickled? never read\n")
    else:  # a whole, checked entry of another shape: every entry a wrong key
        key = index.name.removeprefix("index-").removesuffix(".okc")
        _, started, entries = _unwrap(data, _INDEX_MAGIC, key)
        bad = {path: (*entry[:5], 7) for path, entry in entries.items()}
        cache = FileCache(tree / ".okrctl_cache", b"")
        cache.put_index(key, (1, started, bad))
        cache.close()
    assert unread() == set()  # nothing vouched for: every file read
    assert unread() == set(scan())  # and the index written anew
    same_as_without(tree, *LINT)


def test_the_index_holds_no_contents(tree: Path, settled: None) -> None:
    marker = "a-secret-that-only-the-goal-file-holds"
    target = tree / "support" / "kpis.yaml"
    target.write_text(target.read_text() + f"# {marker}\n")
    okrctl(*LINT, cwd=tree)
    (index,) = indexes(tree)
    data = index.read_bytes()
    key = index.name.removeprefix("index-").removesuffix(".okc")
    version, started, entries = _unwrap(data, _INDEX_MAGIC, key)
    assert (type(version), type(started)) == (int, int)
    assert set(entries) == {os.path.abspath(tree / shown) for shown in scan()}
    for entry in entries.values():
        assert [type(part) for part in entry] == [int] * 5 + [str]
    body, tail = _opened(data, _INDEX_MAGIC)
    assert marker.encode() not in body + tail
    assert marshal.loads(body)[1] == (version, started, entries)


def test_a_file_edited_between_scan_and_read_is_read_as_it_is(tree: Path, settled: None) -> None:
    okrctl(*LINT, cwd=tree)
    scanned = scan_tree([Path(".")])
    try:
        assert scanned.read is not None and scanned.cache is not None
        (file,) = [f for f in scanned.read if f.shown == "support/kpis.yaml"]
        assert file.unread is not None
        old_key = file.key
        target = tree / "support" / "kpis.yaml"
        target.write_text(target.read_text().replace("owner: ", "owner: X", 1))
        raw, problems = file.contents(scanned.loaded_config.config.limits.limits(), scanned.cache)
        assert raw == target.read_bytes() and problems == []
        assert file.key == scanned.cache.key(raw) != old_key
        # A result keyed by the scan is not the result of these bytes: not kept.
        digest = scanned.digest("test")
        assert digest is not None
        scanned.cache.put_result(digest, ["a result"])
        assert scanned.cache.get_result(digest) is None
    finally:
        scanned.close()
    same_as_without(tree, *LINT)


def test_a_renamed_or_deleted_file_leaves_the_index(tree: Path, settled: None) -> None:
    okrctl(*LINT, cwd=tree)
    (tree / "support" / "kpis.yaml").rename(tree / "support" / "moved.yaml")
    shutil.rmtree(tree / "growth")
    files = scan()
    assert files["support/moved.yaml"].unread is None  # another path: read
    (index,) = indexes(tree)
    key = index.name.removeprefix("index-").removesuffix(".okc")
    _, _, entries = _unwrap(index.read_bytes(), _INDEX_MAGIC, key)
    assert set(entries) == {os.path.abspath(tree / shown) for shown in files}
    same_as_without(tree, *LINT)

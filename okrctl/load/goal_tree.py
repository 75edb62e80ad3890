"""Load a whole goal tree: find the config and the goal files, read each one.

A large tree is read by as many processes as there are cores (reading is CPU-bound, and a
company's tree has thousands of files); files are split into contiguous chunks and the results
joined in order, so the tree is exactly what a serial read gives.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from okrctl.errors import UsageError
from okrctl.findings import Problem
from okrctl.load.cache import ENV_OFF, FileCache, cache_folder, clear, context_key
from okrctl.load.discover import find_config, goal_files, repository_root
from okrctl.load.loader import (
    LoadedFile,
    display_path,
    load_config,
    parse_goal_bytes,
    parse_goal_file,
    read_bytes,
    unfollowed_symlink,
    validate_goal_file,
)
from okrctl.load.scope import FileScope
from okrctl.load.statindex import StatIndex
from okrctl.load.yamlparse import ParsedYaml
from okrctl.model.files import LoadedConfig
from okrctl.model.tree import GoalTree
from okrctl.source import Limits

if TYPE_CHECKING:
    from concurrent.futures import Future

# Below this many files, starting processes costs more than it saves.
PARALLEL_FROM = 200
# Files per chunk sent to a worker, at most.
CHUNK_FILES = 50


class LoadObserver(Protocol):
    """Told how reading a tree goes: the command line shows a progress bar or a summary."""

    def started(self, total: int, jobs: int) -> None: ...
    def advanced(self, count: int) -> None: ...
    def finished(self, total: int, seconds: float, jobs: int) -> None: ...
    def skipped(self, path: Path, reason: str) -> None: ...
    def cached(self, hits: int, notes: list[str]) -> None:
        """How many files came from the cache (okrctl.load.cache), and why it was not used
        or written when it was not; told before `finished`, only when a cache was used."""


# Set by the command line (--verbose, a terminal); the core never prints.
OBSERVER: ContextVar[LoadObserver | None] = ContextVar("okrctl_load_observer", default=None)


def jobs_for(files: int) -> int:
    """How many processes to read `files` files with; `OKRCTL_JOBS` overrides (1: serial)."""
    configured = os.environ.get("OKRCTL_JOBS", "").strip()
    if configured:
        try:
            jobs = max(1, int(configured))
        except ValueError:
            raise UsageError(f"OKRCTL_JOBS must be a whole number, got `{configured}`") from None
    elif files < PARALLEL_FROM:
        return 1
    else:
        jobs = max(1, min(os.cpu_count() or 1, 8))
    # A daemonic process (a multiprocessing pool's worker) may start none: it works alone.
    # (multiprocessing is not imported for this: a process it did not start is no daemon.)
    process = sys.modules.get("multiprocessing.process")
    if jobs > 1 and process is not None and process.current_process().daemon:
        return 1
    return jobs


# What a worker parses: a file to read, or (as shown, bytes, problems) read already, when the
# cache hashed the bytes first (the entry must be of the very bytes that were parsed).
_Source = Path | tuple[str, bytes | None, list[Problem]]


def _parse(source: _Source, limits: Limits) -> ParsedYaml:
    if isinstance(source, Path):
        return parse_goal_file(source, limits)
    shown, raw, problems = source
    return parse_goal_bytes(raw, problems, shown, limits)


def _parse_chunk(sources: list[_Source], limits: Limits) -> list[ParsedYaml]:
    return [_parse(source, limits) for source in sources]


def _validated(
    future: Future[list[ParsedYaml]],
    fiscal_year_start: int,
    observer: LoadObserver | None,
    max_findings_per_rule: int = 0,
) -> list[LoadedFile]:
    chunk = future.result()
    if observer:
        observer.advanced(len(chunk))
    return [
        validate_goal_file(parsed, fiscal_year_start, max_findings_per_rule) for parsed in chunk
    ]


def load_files(
    paths: list[Path],
    fiscal_year_start: int,
    limits: Limits,
    max_findings_per_rule: int = 0,
    cache: FileCache | None = None,
) -> list[LoadedFile]:
    """Load goal files, in parallel when there are many; the order is always `paths`'.
    `max_findings_per_rule`: the lint cap they will be linted under (validate_goal_file).
    With a `cache` (made for these settings), a file whose bytes have an entry is taken from
    it, and each file read is stored in it.

    Worker processes read and parse (the costly part, in Python); this process validates each
    chunk (one call into pydantic-core per file) while the workers parse the next ones.
    """
    if cache is None:
        observer = OBSERVER.get()
        start = time.perf_counter()
        if observer:
            observer.started(len(paths), jobs_used(len(paths)))
        loaded = _load(list(paths), fiscal_year_start, limits, max_findings_per_rule, observer)
        if observer:
            observer.finished(len(paths), time.perf_counter() - start, jobs_used(len(paths)))
        return loaded
    return load_read(
        read_files(paths, limits, cache), fiscal_year_start, limits, max_findings_per_rule, cache
    )


@dataclass(slots=True)
class ReadFile:
    """A goal file's bytes read (None: they could not be, and `problems` say why), and the
    key of its cache entry ('' when there are no bytes). With `unread` set, the bytes were
    not read: the stat index vouched for the key, and `contents` reads them if needed."""

    shown: str
    raw: bytes | None
    problems: list[Problem]
    key: str
    unread: Path | None = None

    def contents(self, limits: Limits, cache: FileCache) -> tuple[bytes | None, list[Problem]]:
        """The file's bytes (or the problems of reading them), read now if they were not.
        Bytes that are not those of the key the scan gave (the file was edited since) are
        the ones used, under their own key; the cache is told (a result of the whole tree
        keyed by the scan is then not stored)."""
        if self.unread is not None:
            raw, problems = read_bytes(self.unread, self.shown, limits)
            key = "" if raw is None else cache.key(raw)
            if key != self.key:
                cache.changed_while_read()
            self.raw, self.problems, self.key, self.unread = raw, problems, key, None
        return self.raw, self.problems


def read_files(
    paths: Sequence[Path],
    limits: Limits,
    cache: FileCache,
    index: StatIndex | None = None,
    entries: Mapping[str, os.DirEntry[str]] | None = None,
) -> list[ReadFile]:
    """Read each file's bytes and hash them into its cache key: all a warm run needs to know
    whether anything changed. With a stat `index`, a file it vouches for is neither read nor
    hashed (its stat is taken from `entries`, the directory entries discovery kept by
    `os.fspath` of the path, else looked up), and the index is saved when it changed."""
    read: list[ReadFile] = []
    for path in paths:
        shown = display_path(path)
        status: os.stat_result | None = None
        if index is not None:
            absolute = os.path.abspath(path)
            entry = entries.get(os.fspath(path)) if entries is not None else None
            try:
                status = os.lstat(path) if entry is None else entry.stat(follow_symlinks=False)
            except OSError:  # read as usual: the read says what is wrong
                status = None
            key = None if status is None else index.known(absolute, status)
            if key is not None:
                read.append(ReadFile(shown, None, [], key, path))
                continue
        raw, problems = read_bytes(path, shown, limits)
        key = "" if raw is None else cache.key(raw)
        if index is not None and not problems:
            index.record(absolute, status, key)
        read.append(ReadFile(shown, raw, problems, key))
    if index is not None:
        index.save()
    return read


def load_read(
    files: Sequence[ReadFile],
    fiscal_year_start: int,
    limits: Limits,
    max_findings_per_rule: int,
    cache: FileCache,
) -> list[LoadedFile]:
    """The loaded files of files read already: from their cache entries, or parsed (and
    their entries written); in the order given."""
    observer = OBSERVER.get()
    start = time.perf_counter()
    found: list[LoadedFile | None] = []
    missed: list[_Source] = []
    keys: list[str] = []
    for file in files:
        hit = cache.get(file.key, file.shown) if file.key else None
        found.append(hit)
        if hit is None:
            raw, problems = file.contents(limits, cache)
            missed.append((file.shown, raw, problems))
            keys.append(file.key)
    if observer:
        observer.started(len(files), jobs_used(len(missed)))
        if len(missed) < len(files):
            observer.advanced(len(files) - len(missed))

    def store(index: int, loaded: LoadedFile) -> None:
        if keys[index]:
            cache.put(keys[index], loaded)

    # Each entry written as soon as its file is validated, while the workers parse the next
    # files: written after all of them, the entries of a large tree took one core, alone.
    read = _load(missed, fiscal_year_start, limits, max_findings_per_rule, observer, store)
    cache.prune()
    fresh = iter(read)
    result = [hit if hit is not None else next(fresh) for hit in found]
    if observer:
        observer.cached(cache.stats.hits, cache.stats.notes)
        observer.finished(len(files), time.perf_counter() - start, jobs_used(len(missed)))
    return result


def jobs_used(files: int) -> int:
    """How many processes reading `files` files starts (never more than the files)."""
    return max(1, min(jobs_for(files), files))


def _load(
    sources: list[_Source],
    fiscal_year_start: int,
    limits: Limits,
    max_findings_per_rule: int,
    observer: LoadObserver | None,
    store: Callable[[int, LoadedFile], None] | None = None,
) -> list[LoadedFile]:
    """`sources` read, in their order; `store(index, loaded)` is told of each as soon as it is
    validated."""
    jobs = jobs_used(len(sources))
    loaded: list[LoadedFile] = []

    def add(batch: list[LoadedFile]) -> None:
        for item in batch:
            if store is not None:
                store(len(loaded), item)
            loaded.append(item)

    if jobs == 1:
        for source in sources:
            parsed = _parse(source, limits)
            add([validate_goal_file(parsed, fiscal_year_start, max_findings_per_rule)])
            if observer:
                observer.advanced(1)
    else:
        # Several small chunks per process: an even load, a pipeline, and little parsed data
        # waiting at any moment (it is the largest thing in memory while a tree is read).
        size = max(1, min(CHUNK_FILES, -(-len(sources) // (jobs * 8))))
        chunks = [sources[first : first + size] for first in range(0, len(sources), size)]
        # Imported here: a small tree (the pre-commit hook's) never starts a process, and
        # these modules cost start-up time.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            # A bounded window of chunks in flight: parsed data waiting to be validated is
            # the largest thing in memory, so never let all of it pile up at once.
            pending: deque[Future[list[ParsedYaml]]] = deque()
            for chunk in chunks:
                pending.append(pool.submit(_parse_chunk, chunk, limits))
                if len(pending) > 2 * jobs:
                    done = pending.popleft()
                    add(_validated(done, fiscal_year_start, observer, max_findings_per_rule))
            while pending:
                done = pending.popleft()
                add(_validated(done, fiscal_year_start, observer, max_findings_per_rule))
    return loaded


def load_tree(paths: Sequence[Path], config_path: Path | None = None) -> GoalTree:
    """Read the config (given, or discovered) and every goal file under `paths`.

    Raises UsageError for a path that does not exist; bad content never raises, it becomes
    problems on the loaded files.
    """
    scanned = scan_tree(paths, config_path)
    try:
        return scanned.load()
    finally:
        scanned.close()


@dataclass
class ScannedTree:
    """A goal tree found and, with a cache, its files' bytes read and hashed but not parsed:
    enough to know whether a result kept for the same files is still the result
    (`digest`), before paying for the models (`load`)."""

    loaded_config: LoadedConfig
    paths: list[Path]
    outside: list[Path]
    cache: FileCache | None
    # With a cache: each file of `paths` read, in the same order.
    read: list[ReadFile] | None = None

    def digest(self, *more: object) -> str | None:
        """A key for whatever is a function of these files' contents, their names and order,
        the settings they are read under (the cache's context) and `more` (plain values the
        caller's result depends on besides); None without a cache."""
        if self.cache is None or self.read is None:
            return None
        config = self.loaded_config
        parts: list[object] = [
            [[f.shown, f.key, [_plain(p) for p in f.problems]] for f in self.read],
            [display_path(link) for link in self.outside],
            config.path,
            [_plain(p) for p in config.problems],
            list(more),
        ]
        return self.cache.key(repr(parts).encode())

    def load(self) -> GoalTree:
        """The goal tree: every file's models, from the cache where it has them."""
        config = self.loaded_config.config
        limits = config.limits.limits()
        cap = config.lint.max_findings_per_rule
        if self.cache is None or self.read is None:
            loaded = load_files(self.paths, config.fiscal_year_start, limits, cap)
        else:
            loaded = load_read(self.read, config.fiscal_year_start, limits, cap, self.cache)
        loaded += [unfollowed_symlink(link) for link in self.outside]
        return GoalTree(loaded, self.loaded_config)

    def load_some(self, positions: Sequence[int]) -> list[LoadedFile]:
        """The loaded files of `read` at these positions, in the order given (from the cache
        where it has them), without telling the load observer: the caller, which loads part
        of the tree, says what it read. Only with a cache (`read` set)."""
        assert self.cache is not None and self.read is not None
        config = self.loaded_config.config
        limits = config.limits.limits()
        cap = config.lint.max_findings_per_rule
        token = OBSERVER.set(None)
        try:
            files = [self.read[position] for position in positions]
            return load_read(files, config.fiscal_year_start, limits, cap, self.cache)
        finally:
            OBSERVER.reset(token)

    def outside_files(self) -> list[LoadedFile]:
        """The symlinks out of the tree, as the tree holds them (after the files read)."""
        return [unfollowed_symlink(link) for link in self.outside]

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()


def _without_config(
    files: list[Path], config_path: Path | None, entries: Mapping[str, os.DirEntry[str]]
) -> list[Path]:
    """The goal files, without the config file (named, or reached through a link).

    Only a file of the config's name, or a link, can be the config: the others are not
    resolved (a resolve is several system calls, and a tree has thousands of files).
    `entries`: the directory entries discovery kept, which know a link without a call."""
    if config_path is None:
        return files
    config_resolved = config_path.resolve()
    name = config_resolved.name
    kept = []
    for file in files:
        if _may_be(file, name, entries) and file.resolve() == config_resolved:
            continue
        kept.append(file)
    return kept


def _may_be(file: Path, name: str, entries: Mapping[str, os.DirEntry[str]]) -> bool:
    """Whether `file` may be the config file of that real name: it has the name, or it is a
    link (or cannot be looked at: a folder listable but not searchable, whose files fail
    when read, and that is the finding)."""
    if file.name == name:
        return True
    try:
        entry = entries.get(os.fspath(file))
        return file.is_symlink() if entry is None else entry.is_symlink()
    except OSError:
        return True


def _plain(problem: Problem) -> tuple[object, ...]:
    return (problem.rule, problem.location, problem.message, problem.related)


def scan_tree(paths: Sequence[Path], config_path: Path | None = None) -> ScannedTree:
    """Find the config (given, or discovered) and the goal files under `paths`; with a
    cache, read and hash them (close() the result when done).

    Raises UsageError for a path that does not exist."""
    # Before any file is looked at: the stat index's clock (racy timestamps) starts here.
    started = time.time_ns()
    if config_path is None:
        config_path = find_config(paths)
    elif not config_path.exists():
        raise UsageError(f"--config {config_path}: no such file or directory")
    loaded_config = load_config(config_path)
    config = loaded_config.config
    discovered = goal_files(paths, config.follow_symlinks, FileScope.of(config, config_path))
    observer = OBSERVER.get()
    if observer is not None:
        for skipped in discovered.skipped:
            observer.skipped(skipped.path, skipped.reason)
    goal_paths = _without_config(discovered.files, config_path, discovered.entries)
    # OKRCTL_JOBS is checked on every run: a warm cache that parses nothing and replays the
    # result would otherwise pass a setting a run without it rejects (exit 2).
    jobs_for(len(goal_paths))
    limits = config.limits.limits()
    cap = config.lint.max_findings_per_rule
    cache = open_cache(
        config_path, config.cache_dir, limits, config.fiscal_year_start, cap, start=paths[0]
    )
    scanned = ScannedTree(loaded_config, goal_paths, list(discovered.outside), cache)
    if cache is not None:
        try:
            tree = config_path.parent if config_path is not None else paths[0]
            roots = [os.path.abspath(path) for path in paths if os.path.isdir(path)]
            index = StatIndex(cache, os.path.abspath(tree), roots, started)
            scanned.read = read_files(goal_paths, limits, cache, index, discovered.entries)
            # Every file of the tree is in use, parsed this run or not: its entry is kept
            # when the cache's packs are packed anew (FileCache.prune).
            cache.used.update(file.key for file in scanned.read if file.key)
        except BaseException:
            cache.close()
            raise
    return scanned


@dataclass(frozen=True, slots=True)
class CachePolicy:
    """Whether goal files are taken from and stored in the cache (--no-cache), and whether
    the cache is emptied first (--clear-cache)."""

    enabled: bool = True
    clear: bool = False


# Set by the command line's global options; OKRCTL_NO_CACHE=1 in the environment turns the
# cache off as --no-cache does.
CACHING: ContextVar[CachePolicy] = ContextVar("okrctl_caching")
_DEFAULT_POLICY = CachePolicy()
_cleared: set[Path] = set()  # folders --clear-cache emptied in this process (once each)


def open_cache(
    config_path: Path | None,
    cache_dir: str | None,
    limits: Limits,
    fiscal_year_start: int,
    cap: int,
    start: Path = Path("."),
) -> FileCache | None:
    """The cache for files read under these settings, or None (turned off, or no place).
    `start`: a path of the tree, whose repository's root holds the cache when there is no
    okrctl.yaml."""
    policy = CACHING.get(_DEFAULT_POLICY)
    if not policy.enabled or os.environ.get(ENV_OFF, "").strip() not in ("", "0"):
        return None
    place = cache_folder(config_path, cache_dir, root=lambda: repository_root(start.resolve()))
    if place is None:
        return None
    folder, named = place
    if policy.clear and folder not in _cleared:
        _cleared.add(folder)
        with contextlib.suppress(OSError):
            clear(folder)
    config_bytes = None
    if config_path is not None:
        with contextlib.suppress(OSError):
            config_bytes = config_path.read_bytes()
    return FileCache(folder, context_key(config_bytes, limits, fiscal_year_start, cap), named)


def tell_replayed(scanned: ScannedTree, seconds: float, *notes: str) -> None:
    """Tell the load observer (--verbose) that a result of the scanned files was replayed
    from the cache (none parsed), as a read of them all from the cache, with `notes` (what
    was replayed) after the cache's own."""
    observer = OBSERVER.get()
    if observer is None or scanned.cache is None:
        return
    files = len(scanned.paths)
    observer.started(files, 1)
    observer.cached(files, [*scanned.cache.stats.notes, *notes])
    observer.finished(files, seconds, 1)

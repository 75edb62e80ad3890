"""Load a whole goal tree: find the config and the goal files, read each one.

A large tree is read by as many processes as there are cores (reading is CPU-bound, and a
company's tree has thousands of files); files are split into contiguous chunks and the results
joined in order, so the tree is exactly what a serial read gives.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from okrctl.errors import UsageError
from okrctl.load.discover import find_config, goal_files
from okrctl.load.loader import (
    LoadedFile,
    load_config,
    parse_goal_file,
    unfollowed_symlink,
    validate_goal_file,
)
from okrctl.load.scope import FileScope
from okrctl.load.yamlparse import ParsedYaml
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


# Set by the command line (--verbose, a terminal); the core never prints.
OBSERVER: ContextVar[LoadObserver | None] = ContextVar("okrctl_load_observer", default=None)


def jobs_for(files: int) -> int:
    """How many processes to read `files` files with; `OKRCTL_JOBS` overrides (1: serial)."""
    configured = os.environ.get("OKRCTL_JOBS", "").strip()
    if configured:
        try:
            return max(1, int(configured))
        except ValueError:
            raise UsageError(f"OKRCTL_JOBS must be a whole number, got `{configured}`") from None
    if files < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _parse_chunk(paths: list[Path], limits: Limits) -> list[ParsedYaml]:
    return [parse_goal_file(path, limits) for path in paths]


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
    paths: list[Path], fiscal_year_start: int, limits: Limits, max_findings_per_rule: int = 0
) -> list[LoadedFile]:
    """Load goal files, in parallel when there are many; the order is always `paths`'.
    `max_findings_per_rule`: the lint cap they will be linted under (validate_goal_file).

    Worker processes read and parse (the costly part, in Python); this process validates each
    chunk (one call into pydantic-core per file) while the workers parse the next ones.
    """
    observer = OBSERVER.get()
    start = time.perf_counter()
    jobs = max(1, min(jobs_for(len(paths)), len(paths)))
    if observer:
        observer.started(len(paths), jobs)
    loaded: list[LoadedFile] = []
    if jobs == 1:
        for path in paths:
            parsed = parse_goal_file(path, limits)
            loaded.append(validate_goal_file(parsed, fiscal_year_start, max_findings_per_rule))
            if observer:
                observer.advanced(1)
    else:
        # Several small chunks per process: an even load, a pipeline, and little parsed data
        # waiting at any moment (it is the largest thing in memory while a tree is read).
        size = max(1, min(CHUNK_FILES, -(-len(paths) // (jobs * 8))))
        chunks = [paths[first : first + size] for first in range(0, len(paths), size)]
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
            for chunk_paths in chunks:
                pending.append(pool.submit(_parse_chunk, chunk_paths, limits))
                if len(pending) > 2 * jobs:
                    done = pending.popleft()
                    loaded.extend(
                        _validated(done, fiscal_year_start, observer, max_findings_per_rule)
                    )
            while pending:
                done = pending.popleft()
                loaded.extend(_validated(done, fiscal_year_start, observer, max_findings_per_rule))
    if observer:
        observer.finished(len(paths), time.perf_counter() - start, jobs)
    return loaded


def load_tree(paths: Sequence[Path], config_path: Path | None = None) -> GoalTree:
    """Read the config (given, or discovered) and every goal file under `paths`.

    Raises UsageError for a path that does not exist; bad content never raises, it becomes
    problems on the loaded files.
    """
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
    config_resolved = config_path.resolve() if config_path else None
    goal_paths = [
        f for f in discovered.files if config_resolved is None or f.resolve() != config_resolved
    ]
    loaded = load_files(
        goal_paths,
        config.fiscal_year_start,
        config.limits.limits(),
        config.lint.max_findings_per_rule,
    )
    loaded += [unfollowed_symlink(link) for link in discovered.outside]
    return GoalTree(loaded, loaded_config)

"""What the command line shows while a tree is read: a progress bar on a terminal, a summary
with --verbose. Never in pipes or CI logs, where a bar is noise."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from okrctl.load.yamlparse import HAVE_C_PARSER


def _shown(path: Path) -> str:
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


# A progress bar only where reading takes long enough to wonder.
BAR_FROM = 500


class TerminalObserver:
    """Shows a rich progress bar on stderr for large trees; with `verbose`, a summary line."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.bar: Any = None
        self.task: Any = None
        self.hits: int | None = None  # files from the cache, when one was used

    def started(self, total: int, jobs: int) -> None:
        if self.verbose and not HAVE_C_PARSER:
            sys.stderr.write(
                "okrctl: ruamel.yaml.clib is not installed, so YAML is parsed in pure Python "
                "(several times slower); `pip install ruamel.yaml.clib` to fix\n"
            )
        if total >= BAR_FROM and sys.stderr.isatty() and not os.environ.get("CI"):
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(f"Reading {total} goal files", total=total)

    def advanced(self, count: int) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, count)

    def skipped(self, path: Path, reason: str) -> None:
        """A path named on the command line that is not a goal file: said only with --verbose
        (pre-commit names every staged YAML file, and most are not goal files)."""
        if self.verbose:
            sys.stderr.write(f"okrctl: skipped {_shown(path)} ({reason})\n")

    def cached(self, hits: int, notes: list[str]) -> None:
        self.hits = hits
        if self.verbose:
            for note in notes:
                sys.stderr.write(f"okrctl: {note}\n")

    def finished(self, total: int, seconds: float, jobs: int) -> None:
        if self.bar is not None:
            self.bar.stop()
        if self.verbose:
            parser = "C parser" if HAVE_C_PARSER else "pure-Python parser"
            processes = "1 process" if jobs == 1 else f"{jobs} processes"
            cached = "" if self.hits is None else f", {self.hits} from the cache"
            sys.stderr.write(
                f"okrctl: read {total} goal files in {seconds:.2f}s "
                f"({processes}, {parser}{cached})\n"
            )
            self.hits = None

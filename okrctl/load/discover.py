"""Find the goal files of a goal tree and the configuration file that governs it."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from okrctl.errors import UsageError

CONFIG_NAME = "okrctl.yaml"
GOAL_SUFFIXES = (".yaml", ".yml")


def goal_files(paths: Iterable[Path]) -> list[Path]:
    """Every goal file named or found below the given paths, each once, in a stable order.

    A directory is a goal tree: its `*.yaml`/`*.yml` files, hidden folders skipped, except the
    config file at its root. A file named on the command line is always a goal file, because
    pre-commit passes file names.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{path}: no such file or directory")
        if path.is_dir():
            for file in _walk(path):
                found.setdefault(file, None)
        else:
            found.setdefault(path, None)
    return list(found)


def _walk(root: Path) -> list[Path]:
    files: list[Path] = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        here = Path(directory)
        for name in sorted(names):
            if name.startswith(".") or not name.endswith(GOAL_SUFFIXES):
                continue
            if name == CONFIG_NAME and here == root:
                continue
            files.append(here / name)
    return files


def find_config(paths: Iterable[Path], start: Path | None = None) -> Path | None:
    """The config file: in the first directory given, else walking up from the current one."""
    for path in paths:
        if path.is_dir() and (path / CONFIG_NAME).is_file():
            return path / CONFIG_NAME
        break
    directory = (start or Path.cwd()).resolve()
    for candidate in (directory, *directory.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
    return None

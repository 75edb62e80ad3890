"""Load a whole goal tree: find the config and the goal files, read each one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from okrctl.errors import UsageError
from okrctl.load.discover import find_config, goal_files
from okrctl.load.loader import load_config, load_goal_file
from okrctl.model.tree import GoalTree


def load_tree(paths: Sequence[Path], config_path: Path | None = None) -> GoalTree:
    """Read the config (given, or discovered) and every goal file under `paths`.

    Raises UsageError for a path that does not exist; bad content never raises, it becomes
    problems on the loaded files.
    """
    files = goal_files(paths)
    if config_path is None:
        config_path = find_config(paths)
    elif not config_path.exists():
        raise UsageError(f"--config {config_path}: no such file or directory")
    loaded_config = load_config(config_path)
    config = loaded_config.config
    limits = config.limits.limits()
    config_resolved = config_path.resolve() if config_path else None
    loaded = [
        load_goal_file(file, config.fiscal_year_start, limits)
        for file in files
        if config_resolved is None or file.resolve() != config_resolved
    ]
    return GoalTree(loaded, loaded_config)

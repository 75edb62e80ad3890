"""`okrctl clean`: remove the cache of read goal files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from okrctl.commands.options import ConfigOption, PathsArgument
from okrctl.errors import EXIT_OK
from okrctl.terminal import Terminal


@dataclass(frozen=True, slots=True)
class Options:
    """Remove the cache of read goal files (.okrctl_cache beside okrctl.yaml).

    The cache only saves time: a run without it reads every file and says the same. Only
    okrctl's own files are removed, and the folder when nothing else is left in it.

    Example: okrctl clean
    """

    paths: PathsArgument = None
    config: ConfigOption = None


def run(options: Options, terminal: Terminal) -> int:
    """Remove the cache folder of the tree at `paths`; say how many entries went."""
    from okrctl.errors import UsageError
    from okrctl.load.cache import cache_folder, clear
    from okrctl.load.discover import find_config, repository_root
    from okrctl.load.loader import display_path, load_config

    paths = options.paths or [Path(".")]
    config_path = options.config or find_config(paths)
    if config_path is not None and not config_path.exists():
        raise UsageError(f"--config {config_path}: no such file or directory")
    cache_dir = load_config(config_path).config.cache_dir if config_path else None
    place = cache_folder(config_path, cache_dir, root=lambda: repository_root(paths[0].resolve()))
    if place is None or not place[0].exists():
        terminal.out.write("okrctl: no cache to remove\n")
        return EXIT_OK
    folder = place[0]
    try:
        removed = clear(folder)
    except OSError as error:
        raise UsageError(f"{display_path(folder)}: not removed ({error.strerror})") from None
    files = "file" if removed == 1 else "files"
    terminal.out.write(f"okrctl: removed {removed} cached {files} from {display_path(folder)}\n")
    return EXIT_OK

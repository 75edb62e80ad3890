"""Find the goal files of a goal tree and the configuration file that governs it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from okrctl.errors import UsageError
from okrctl.load.scope import GITIGNORE, FileScope, Skipped

CONFIG_NAME = "okrctl.yaml"
GOAL_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Discovered:
    """The goal files of a run, the symlinks left unread because they lead out of the tree,
    and the paths named on the command line that are not goal files (okrctl.yaml's `include`
    and `exclude`, .gitignore)."""

    files: list[Path]
    outside: list[Path]
    skipped: list[Skipped] = field(default_factory=list)
    # The directory entries of the files found by walking a folder, by `os.fspath` of their
    # path in `files`: their `stat(follow_symlinks=False)` is the one look at each file the
    # content cache needs, and they know a link without a system call.
    entries: dict[str, os.DirEntry[str]] = field(default_factory=dict)


def goal_files(
    paths: Iterable[Path], follow_symlinks: bool = False, scope: FileScope | None = None
) -> Discovered:
    """Every goal file named or found below the given paths, each once, in a stable order.

    A directory is a goal tree: its `*.yaml`/`*.yml` files, hidden folders skipped, except the
    config file at its root, and except what `scope` leaves out (okrctl.yaml's `include` and
    `exclude`, .gitignore; by default .gitignore only). A file named on the command line is a
    goal file unless `scope` leaves it out: then it is skipped and listed in `skipped`, as
    ruff's `force-exclude` does, because pre-commit passes every staged YAML file's name,
    docker-compose.yml's too. Inside a tree, a symlink that leads outside it is not read
    unless `follow_symlinks`: goal trees come from pull requests, and a link to a secret file
    must not end up quoted in a CI log. A folder that cannot be listed (no permission) is
    returned as a file: reading it fails, and that is a finding at its path, never a folder
    skipped in silence ("All checks passed" on files nobody read).
    """
    # Keyed by absolute path: a file named on the command line and found again by walking a
    # tree around it (`okrctl lint` with files) is one file, read once.
    found: dict[str, Path] = {}
    outside: list[Path] = []
    skipped: list[Skipped] = []
    entries: dict[str, os.DirEntry[str]] = {}
    scope = scope if scope is not None else FileScope()
    for path in paths:
        try:
            is_dir = path.is_dir()
            present = is_dir or path.exists() or path.is_symlink()
        except OSError:  # in a folder okrctl may not search: reading it says so, as a finding
            is_dir, present = False, True
        if not present:
            raise UsageError(f"{path}: no such file or directory")
        top = scope.top(path)
        reason = scope.reason(path, is_dir, top, whole=True)
        if reason is not None:
            skipped.append(Skipped(path, reason))
            continue
        if is_dir:
            for file in _walk(path, follow_symlinks, outside, scope, top, entries):
                found.setdefault(os.path.abspath(file), file)
        else:
            found.setdefault(os.path.abspath(path), path)
    # A link named on the command line is read, even where a walk would have left it unread.
    outside = [link for link in outside if os.path.abspath(link) not in found]
    return Discovered(list(found.values()), outside, skipped, entries)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):  # outside, or a symlink loop
        return False
    return True


def _walk(
    root: Path,
    follow_symlinks: bool,
    outside: list[Path],
    scope: FileScope,
    top: str,
    entries: dict[str, os.DirEntry[str]],
) -> list[Path]:
    """The goal files below `root`, as os.walk (top-down, sorted) would find them; each
    one's directory entry kept in `entries` (by `os.fspath` of the path), whose `stat` the content
    cache reuses: a file is looked at once (os.scandir's entries know, without a system
    call, which names are folders and links)."""
    files: list[Path] = []
    real_root = root.resolve()
    seen: set[Path] = set()

    def walk(directory: str, at_root: bool) -> None:
        # What os.walk does, keeping the entries: a folder that cannot be listed is
        # returned as a file (reading it fails: the finding), a listing cut short by an
        # error yields nothing of that folder, a link to a folder is walked only when
        # following links.
        try:
            listing = os.scandir(directory)
        except OSError as error:
            files.append(Path(error.filename) if error.filename else root)
            return
        folders: list[os.DirEntry[str]] = []
        others: list[os.DirEntry[str]] = []
        ignores = False
        with listing:
            while True:
                try:
                    entry = next(listing)
                except StopIteration:
                    break
                except OSError as error:
                    files.append(Path(error.filename) if error.filename else root)
                    return
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                (folders if is_dir else others).append(entry)
                ignores = ignores or entry.name == GITIGNORE
        here = Path(directory)
        if follow_symlinks:  # never walk the same real folder twice: symlink loops end here
            real = here.resolve()
            if real in seen:
                return
            seen.add(real)
        absolute = os.path.abspath(directory)
        if not ignores:  # known from the listing: no need to try opening it
            scope.no_gitignore_in(absolute)
        # Asked once per folder: when no pattern can apply here, nothing in it is left out.
        open_here = scope.keeps_all(absolute, top)
        # A folder left out is not walked: nothing below it can come back (as in git).
        subfolders = sorted(
            (
                entry
                for entry in folders
                if not entry.name.startswith(".")
                and (open_here or scope.reason(here / entry.name, True, top) is None)
            ),
            key=_name,
        )
        for entry in sorted(others, key=_name):
            name = entry.name
            if name.startswith(".") or not name.endswith(GOAL_SUFFIXES):
                continue
            if name == CONFIG_NAME and at_root:
                continue
            file = here / name
            if not open_here and scope.reason(file, False, top) is not None:
                continue
            try:
                leaves = not follow_symlinks and entry.is_symlink() and not _inside(file, real_root)
                leaves = leaves and file.exists()  # a dangling link or a loop: reported when read
            except OSError:  # a folder that lists its names but lets nobody look: read it,
                leaves = False  # which fails, and that is the finding
            if leaves:
                outside.append(file)
                continue
            files.append(file)
            entries[os.fspath(file)] = entry
        for entry in subfolders:
            if follow_symlinks or not _is_link(entry):
                walk(entry.path, False)

    walk(os.fspath(root), True)
    return files


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:  # pragma: no cover - known from the listing on the systems okrctl runs on
        return False


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; False, not PermissionError, in a folder okrctl cannot read
    (that folder is reported as a finding when the tree is walked)."""
    try:
        return path.is_file()
    except OSError:
        return False


def find_config(paths: Iterable[Path], start: Path | None = None) -> Path | None:
    """The config file: in the first directory given, else walking up from the current one;
    failing that, when the first path is a file, walking up from its folder (pre-commit runs
    in the repository's root and passes files from a goal tree deeper down)."""
    first = next(iter(paths), None)
    if first is not None and first.is_dir() and _is_file(first / CONFIG_NAME):
        return first / CONFIG_NAME
    starts = [(start or Path.cwd()).resolve()]
    if first is not None and not first.is_dir():
        starts.append(first.parent.resolve())
    for directory in starts:
        for candidate in (directory, *directory.parents):
            if _is_file(candidate / CONFIG_NAME):
                return candidate / CONFIG_NAME
    return None


def tree_around(paths: Sequence[Path], config_path: Path | None) -> Path:
    """The goal tree around files named on the command line, read for the context of the
    cross-file rules (duplicate ids, references, alignment): the folder of the config file
    in force, else the deepest folder that holds every path named."""
    if config_path is not None:
        return config_path.parent
    folders = [os.path.abspath(p if p.is_dir() else p.parent) for p in paths]
    return Path(os.path.commonpath(folders)) if folders else Path(".")


def repository_root(start: Path) -> Path | None:
    """The root of the git repository holding `start` (the folder with `.git`), if any."""
    directory = start.resolve()
    for candidate in (directory, *directory.parents):
        if os.path.lexists(candidate / ".git"):  # False, not an error, where it cannot look
            return candidate
    return None

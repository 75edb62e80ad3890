"""Which YAML files of a folder are goal files: okrctl.yaml's `include` and `exclude`, and the
.gitignore files around them (read here, never by running git: a goal tree need not be a repo).

A goal tree can live at a repository's root, next to docker-compose.yml, Kubernetes manifests
and CI workflows; those are not goal files, and linting them would fail every commit. The
config's patterns are relative to the folder holding okrctl.yaml and apply only below it. The
.gitignore files are read from the repository's root (the nearest folder above with `.git`;
without one, the config's folder or the folder walked) down to each file, and each one's
patterns are relative to its own folder, as git reads them. A path is left out when the config
excludes it, when it is not included, or when .gitignore ignores it: a negation in `exclude`
does not bring back a file .gitignore ignores (set `respect_gitignore: false` for that).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from okrctl.model.globs import PatternList, gitignore_patterns, parents

if TYPE_CHECKING:  # not imported: completing refs walks the tree without building the models
    from okrctl.model.config import Config

GITIGNORE = ".gitignore"
# Read at most this much of a .gitignore: it is a list of patterns, never megabytes, and a
# goal tree comes from pull requests.
MAX_GITIGNORE_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path named on the command line that is not a goal file, and why (for --verbose)."""

    path: Path
    reason: str


def _shown(path: str) -> str:
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def _below(path: str, folder: str) -> str | None:
    """`path` relative to `folder` with `/` ('' for the folder itself), or None if outside."""
    if path == folder:
        return ""
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    if not path.startswith(prefix):
        return None
    return path[len(prefix) :].replace(os.sep, "/")


def _parts(relative: str) -> list[str]:
    return relative.split("/") if relative else []


def _read_gitignore(path: str) -> PatternList | None:
    """A .gitignore's patterns; None when there is none, or it cannot be read. A symlink is
    not followed (as git does not): a goal tree comes from pull requests, and a link to a
    secret file must not have its lines quoted in a --verbose note."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # a pipe would hang
                return None
            raw = handle.read(MAX_GITIGNORE_BYTES)
        except OSError:
            return None
    return gitignore_patterns(raw.decode("utf-8", errors="replace"))


@dataclass(slots=True)
class FileScope:
    """The rules that leave YAML files out of a goal tree, with the .gitignore files read so far.

    Paths are compared as absolute paths, not resolved ones: a tree reached through a
    symlinked folder is judged by the names it is walked by.
    """

    root: str | None = None  # the folder of okrctl.yaml; None: no config file
    include: PatternList | None = None
    exclude: PatternList = field(default_factory=lambda: PatternList(()))
    respect_gitignore: bool = True
    _gitignores: dict[str, PatternList | None] = field(default_factory=dict)
    _tops: dict[str, str | None] = field(default_factory=dict)
    _open: dict[tuple[str, str], bool] = field(default_factory=dict)

    @classmethod
    def of(cls, config: Config, config_path: Path | None) -> FileScope:
        """The scope a config sets; the config's own mistakes are its findings, and a pattern
        that did not validate is left out of it (the loader salvages the rest)."""
        root = os.path.abspath(config_path.parent) if config_path is not None else None
        include = PatternList.of(config.include) if config.include is not None else None
        return cls(root, include, PatternList.of(config.exclude), config.respect_gitignore)

    # --- the config's patterns -----------------------------------------------------------

    def _config_reason(self, relative: str, is_folder: bool, whole: bool) -> str | None:
        """Why the config leaves out a path below its folder. With `whole`, the folders
        holding it are judged too (a path named on the command line); else they were judged
        on the way down (the walk)."""
        if relative == "":
            return None
        levels = [*parents(relative), relative] if whole else [relative]
        for level in levels:
            folder = level != relative or is_folder
            pattern = self.exclude.decides(level, folder)
            if pattern is not None and not pattern.negated:
                return f"okrctl.yaml: `exclude` pattern `{pattern.text}`"
        if self.include is not None and not is_folder:
            # The deepest level a pattern decides wins: `include: [goals/, "!goals/drafts/"]`.
            included = False
            for level in [*parents(relative), relative]:
                decided = self.include.matches(level, level != relative)
                if decided is not None:
                    included = decided
            if not included:
                return "okrctl.yaml: not matched by `include`"
        return None

    # --- .gitignore ----------------------------------------------------------------------

    def no_gitignore_in(self, folder: str) -> None:
        """Told by a walk that `folder` (absolute) lists no .gitignore: none is read there."""
        self._gitignores.setdefault(folder, None)

    def _gitignore(self, folder: str) -> PatternList | None:
        if folder not in self._gitignores:
            self._gitignores[folder] = _read_gitignore(os.path.join(folder, GITIGNORE))
        return self._gitignores[folder]

    def _repository_top(self, folder: str) -> str | None:
        """The nearest folder at or above `folder` holding `.git`."""
        if folder not in self._tops:
            parent = os.path.dirname(folder)
            if os.path.lexists(os.path.join(folder, ".git")):
                self._tops[folder] = folder
            elif parent == folder:
                self._tops[folder] = None
            else:
                self._tops[folder] = self._repository_top(parent)
        return self._tops[folder]

    def top(self, named: Path) -> str:
        """The folder from which .gitignore files count for a path named on the command line:
        its repository's root; else okrctl.yaml's folder when it holds the path; else the
        current folder when it holds the path; else the folder named (or the file's)."""
        path = os.path.abspath(named)
        folder = path if os.path.isdir(path) else os.path.dirname(path)
        repository = self._repository_top(folder)
        if repository is not None:
            return repository
        if self.root is not None and _below(path, self.root) is not None:
            return self.root
        here = os.getcwd()
        return here if _below(path, here) is not None else folder

    def _gitignore_reason(self, path: str, is_folder: bool, top: str, whole: bool) -> str | None:
        relative = _below(path, top)
        if not self.respect_gitignore or not relative:
            return None
        levels = [*parents(relative), relative] if whole else [relative]
        for level in levels:
            folder = level != relative or is_folder
            # The .gitignore nearest the path decides first; a file's own folder outranks
            # the repository's root, as in git.
            holders = ["", *parents(level)]
            for holder in reversed(holders):
                patterns = self._gitignore(os.path.join(top, *_parts(holder)))
                if patterns is None:
                    continue
                below = level[len(holder) + 1 :] if holder else level
                pattern = patterns.decides(below, folder)
                if pattern is None:
                    continue
                if not pattern.negated:
                    where = os.path.join(top, *_parts(holder), GITIGNORE)
                    return f"{_shown(where)}: `{pattern.text}`"
                break  # re-included here: the .gitignore files further up are not asked
        return None

    # --- the questions discovery asks ----------------------------------------------------

    def keeps_all(self, folder: str, top: str) -> bool:
        """Whether no rule can leave out anything directly in `folder` (an absolute path, as
        walked from `top`): no `include` or `exclude` pattern, and no .gitignore with a
        pattern from `top` down to it. Then `reason` is None for every entry there, and a
        walk need not ask it per file (a tree has thousands)."""
        if self.include is not None or self.exclude.patterns:
            return False
        if not self.respect_gitignore:
            return True
        known = self._open.get((folder, top))
        if known is None:
            relative = _below(folder, top)
            if relative is None:  # not below the top: no .gitignore counts for it
                known = True
            else:
                patterns = self._gitignore(folder)
                known = patterns is None or not patterns.patterns
                if known and relative:
                    known = self.keeps_all(os.path.dirname(folder), top)
            self._open[(folder, top)] = known
        return known

    def reason(self, path: Path, is_folder: bool, top: str, whole: bool = False) -> str | None:
        """Why `path` is not part of the goal tree (None: it is). `whole` for a path named on
        the command line (the folders above it are judged too); a walk judges each entry on
        its own, having left out the folders already judged out."""
        absolute = os.path.abspath(path)
        if self.root is not None:
            relative = _below(absolute, self.root)
            if relative is None:  # one of them named through a symlinked folder (/tmp on macOS)
                relative = _below(os.path.realpath(absolute), os.path.realpath(self.root))
            if relative is not None:
                reason = self._config_reason(relative, is_folder, whole)
                if reason is not None:
                    return reason
        return self._gitignore_reason(absolute, is_folder, top, whole)

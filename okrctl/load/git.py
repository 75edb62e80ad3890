"""Read the goal tree as it was at a git revision, without touching the work tree.

git runs as a subprocess with argument lists, never through a shell. Old files are listed with
`git ls-tree` and read into memory with one `git cat-file --batch` (one process for the whole
tree, not one per file); nothing is checked out. They are then loaded by okrctl's own loader,
so the old tree is the same model as the working one.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from okrctl.errors import UsageError
from okrctl.findings import Location, Problem
from okrctl.load.discover import CONFIG_NAME, GOAL_SUFFIXES
from okrctl.load.loader import config_from_text, display_path, load_config, validate_goal_file
from okrctl.load.scope import FileScope
from okrctl.load.yamlparse import ParsedYaml, parse_yaml
from okrctl.model.config import Config
from okrctl.model.files import LoadedConfig
from okrctl.model.tree import GoalTree
from okrctl.source import Limits, Suppressions, Unread

# Regular files only: a symlink (120000) or a submodule (160000) in an old tree is not read.
_REGULAR = frozenset({"100644", "100755"})
# Tried in this order when the default branch is not named by origin/HEAD.
FALLBACK_BRANCHES = ("main", "master", "origin/main", "origin/master")


class GitError(UsageError):
    """git is missing, the folder is not in a repository, or a revision is unknown."""


@dataclass(frozen=True, slots=True)
class Revision:
    """The revision a diff starts from: as the user named it, the commit, and how it was found."""

    name: str  # `main`, `HEAD~1`, or the default branch whose merge base was taken
    commit: str
    merge_base: bool  # the merge base of `name` and HEAD, not `name` itself


@dataclass(frozen=True, slots=True)
class Blob:
    """A file in a git tree: its path from the repository's root, object id and size."""

    path: str
    object_id: str
    size: int


@dataclass(frozen=True, slots=True)
class Repository:
    """A git work tree, found from a folder inside it."""

    root: Path

    @classmethod
    def around(cls, folder: Path) -> Repository:
        result = _git(folder, "rev-parse", "--show-toplevel")
        if result.returncode != 0:
            message = _first_line(result.stderr)
            if "not a git repository" in message:
                raise GitError(
                    "the current folder is not in a git repository; okrctl diff compares the "
                    "goal tree with a git revision"
                )
            raise GitError(f"git: {message}")
        return cls(Path(result.stdout.decode("utf-8").rstrip("\n")))

    def folder(self, path: Path) -> str:
        """A folder inside the repository, from its root (`` for the root)."""
        return _relative(self, path)

    def run(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return _git(self.root, *args, stdin=stdin)

    def commit(self, revision: str) -> str | None:
        """The commit a revision names, or None when there is no such revision."""
        if not revision or revision.startswith("-"):  # never let a revision read as an option
            return None
        result = self.run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        return result.stdout.decode("ascii").strip() if result.returncode == 0 else None

    def default_branch(self) -> str:
        """origin/HEAD's branch, else the first of main, master, origin/main, origin/master."""
        result = self.run("symbolic-ref", "--quiet", "refs/remotes/origin/HEAD")
        if result.returncode == 0:
            name = result.stdout.decode("utf-8").strip().removeprefix("refs/remotes/")
            if self.commit(name):
                return name
        for name in FALLBACK_BRANCHES:
            ref = f"refs/remotes/{name}" if name.startswith("origin/") else f"refs/heads/{name}"
            if self.run("rev-parse", "--verify", "--quiet", ref).returncode == 0:
                return name
        raise GitError(
            "cannot tell the default branch (no origin/HEAD, main or master): name the "
            "revision to compare with, e.g. `okrctl diff HEAD~1`"
        )

    def revision(self, name: str | None) -> Revision:
        """The commit to compare with: `name` as given, `name...` or no name for a merge base."""
        head = self.commit("HEAD")
        if name is None or name.endswith("..."):
            if head is None:
                raise GitError("the repository has no commits yet: there is nothing to compare")
            branch = name[:-3] if name else self.default_branch()
            if self.commit(branch) is None:
                raise GitError(f"unknown revision `{branch}`")
            result = self.run("merge-base", branch, "HEAD")
            if result.returncode != 0:
                raise GitError(f"`{branch}` and HEAD have no common ancestor")
            return Revision(branch, result.stdout.decode("ascii").strip(), merge_base=True)
        commit = self.commit(name)
        if commit is None:
            raise GitError(f"unknown revision `{name}`")
        return Revision(name, commit, merge_base=False)

    def files(self, commit: str) -> dict[str, Blob]:
        """Every regular file of the commit's tree, by its path from the repository's root."""
        result = self.run("ls-tree", "-r", "-l", "-z", "--full-tree", commit)
        if result.returncode != 0:
            raise GitError(f"git ls-tree: {_first_line(result.stderr)}")
        blobs = {}
        for entry in result.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, object_id, size = meta.split()
            if kind == "blob" and mode in _REGULAR:
                blobs[path] = Blob(path, object_id, int(size))
        return blobs

    def read(self, blobs: Sequence[Blob]) -> list[bytes]:
        """The contents of blobs, in order, from one `git cat-file --batch`."""
        if not blobs:
            return []
        request = "".join(f"{blob.object_id}\n" for blob in blobs).encode("ascii")
        result = self.run("cat-file", "--batch", stdin=request)
        if result.returncode != 0:
            raise GitError(f"git cat-file: {_first_line(result.stderr)}")
        contents, output, at = [], result.stdout, 0
        for _ in blobs:
            header_end = output.index(b"\n", at)
            size = int(output[at:header_end].split()[2])
            start = header_end + 1
            contents.append(output[start : start + size])
            at = start + size + 1  # the content is followed by a newline
        return contents


def changed_files(folder: Path, base_ref: str) -> frozenset[str] | None:
    """The files a pull request into `base_ref` changes, from the repository's root: those
    that differ between the merge base of the base branch and HEAD, and the work tree (which
    is HEAD in CI). The base branch is `origin/<base_ref>`, else `<base_ref>`; when neither
    was fetched, a merge commit at HEAD (what actions/checkout checks out for a pull request)
    is compared with its first parent, the base. None when none of this can be known (no git,
    no repository, a shallow clone without the base): the caller then orders without it."""
    try:
        repository = Repository.around(folder)
        base: str | None = None
        for name in (f"origin/{base_ref}", base_ref):
            if base_ref and repository.commit(name) is not None:
                found = repository.run("merge-base", name, "HEAD")
                if found.returncode == 0:
                    base = found.stdout.decode("ascii").strip()
                    break
        if base is None and repository.commit("HEAD^2") is not None:
            base = repository.commit("HEAD^1")
        if base is None:
            return None
        result = repository.run("diff", "--name-only", "--no-renames", "-z", base, "--")
    except GitError:
        return None
    if result.returncode != 0:
        return None
    names = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    return frozenset(name for name in names if name)


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
            # Plain output whatever the user's configuration: no pager, no prompts, no colour.
            env={**os.environ, "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); okrctl diff needs it") from None
    except NotADirectoryError:
        raise GitError(f"{display_path(cwd)} is not a folder") from None


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else "failed"


def _relative(repository: Repository, path: Path) -> str:
    """A path from the repository's root, `` for the root itself."""
    try:
        relative = path.resolve().relative_to(repository.root.resolve())
    except ValueError:
        raise GitError(
            f"{display_path(path)} is outside the git repository at {display_path(repository.root)}"
        ) from None
    return "" if relative == Path(".") else relative.as_posix()


def _is_goal_file(below: str) -> bool:
    """Whether a path below a tree's folder is a goal file the way the tree walker sees it."""
    parts = PurePosixPath(below).parts
    if any(part.startswith(".") for part in parts):
        return False
    if len(parts) == 1 and parts[0] == CONFIG_NAME:
        return False
    return parts[-1].endswith(GOAL_SUFFIXES)


def goal_blobs(
    repository: Repository,
    files: dict[str, Blob],
    paths: Sequence[Path],
    scope: FileScope | None = None,
) -> list[Blob]:
    """The goal files of the old tree under `paths`, chosen as `discover.goal_files` would,
    and left out where `scope` leaves them out (judged by the working tree's .gitignore
    files: the old tree's are not read).

    A path that exists neither in the working tree nor in the old tree is an error, as a
    missing path is for every command.
    """
    chosen: dict[str, Blob] = {}
    for path in paths:
        relative = _relative(repository, path)
        prefix = f"{relative}/" if relative else ""
        if relative in files and not path.is_dir():
            chosen.setdefault(relative, files[relative])  # a file named is always a goal file
            continue
        below = [name for name in sorted(files) if name.startswith(prefix)]
        if not below and not (path.exists() or path.is_symlink()):
            raise GitError(f"{display_path(path)}: no such file or directory, now or before")
        for name in below:
            if _is_goal_file(name[len(prefix) :]):
                chosen.setdefault(name, files[name])
    if scope is None:
        return list(chosen.values())
    top = os.path.abspath(repository.root)
    return [
        blob
        for name, blob in chosen.items()
        if scope.reason(repository.root / name, False, top, whole=True) is None
    ]


def _too_large(size: int, shown: str, limits: Limits) -> Problem:
    message = (
        f"file is {size:,} bytes, over the limit of {limits.max_file_size:,} "
        "(`limits.max_file_size` in okrctl.yaml)"
    )
    return Problem("yaml-syntax", Location(shown), message)


def _parsed(content: bytes | None, size: int, shown: str, limits: Limits) -> ParsedYaml:
    """An old file's text parsed, or the problem that stops it being read (as `read_text`)."""
    problem = None
    if content is None or size > limits.max_file_size:
        problem = _too_large(size, shown, limits)
    else:
        try:
            return parse_yaml(content.decode("utf-8-sig"), shown, limits)
        except UnicodeDecodeError:
            problem = Problem("yaml-syntax", Location(shown), "not valid UTF-8; save it as UTF-8")
    return ParsedYaml(None, Unread(shown), [problem], Suppressions())


def _shown(repository: Repository, relative: str) -> str:
    return display_path(repository.root / relative)


def load_tree_at(
    repository: Repository, commit: str, paths: Sequence[Path], config_path: Path | None
) -> GoalTree:
    """The goal tree under `paths` as it was at `commit`, with the config of that commit.

    `config_path` is the working tree's config; its version at `commit` is used (the built-in
    defaults when it did not exist yet). A config outside the repository is not versioned
    with the goals, so it is used as it is now.
    """
    files = repository.files(commit)
    loaded_config = LoadedConfig(Config())
    config_relative = None
    if config_path is not None:
        try:
            config_relative = _relative(repository, config_path)
        except GitError:
            loaded_config = load_config(config_path)
    if config_relative is not None and config_relative in files:
        blob = files[config_relative]
        if blob.size <= Limits().max_file_size:
            (content,) = repository.read([blob])
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = ""  # unreadable then: the defaults were in force
            loaded_config = config_from_text(text, _shown(repository, config_relative))
    config = loaded_config.config
    limits = config.limits.limits()
    scope = FileScope.of(config, config_path)
    blobs = [b for b in goal_blobs(repository, files, paths, scope) if b.path != config_relative]
    readable = [b for b in blobs if b.size <= limits.max_file_size]
    contents = dict(zip((b.path for b in readable), repository.read(readable), strict=True))
    loaded = [
        validate_goal_file(
            _parsed(contents.get(blob.path), blob.size, _shown(repository, blob.path), limits),
            config.fiscal_year_start,
            config.lint.max_findings_per_rule,
        )
        for blob in blobs
    ]
    return GoalTree(loaded, loaded_config)

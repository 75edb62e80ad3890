"""One edit of one goal file, start to finish: lock, read, change, check, show or write.

Every command that writes a goal file goes through `edit_file` (an existing file) or
`create_file` (a new one), so every write gets the same guarantees:

- the file is locked from the read to the rename, and read again under the lock, so a
  concurrent okrctl's edit is built upon, never lost;
- the change is made by splicing text (`okrctl.edit.document`), then the new text is parsed
  by okrctl's own loader and must hold exactly the old data plus the intended change;
- the goal tree is linted with the new text in place of the old, and the write is refused if
  that adds an error (`RefusedError` carries the new findings; the CLI's error handler lists
  them: edit never prints a lint report itself);
- `dry_run` prints a unified diff and creates nothing, not even a lock file; otherwise the
  write is atomic (`okrctl.edit.atomic`) and a one-line summary says what changed.
"""

from __future__ import annotations

import copy
import difflib
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from okrctl.edit.atomic import create_atomically, locked, read_snapshot, replace_atomically
from okrctl.edit.document import Document, EditError, as_parsed, typed
from okrctl.errors import FindingsError
from okrctl.findings import Finding, Severity
from okrctl.linting import LintResult, build_selection, lint
from okrctl.load.loader import validate_goal_file
from okrctl.load.yamlparse import ParsedYaml, parse_yaml
from okrctl.model.files import LoadedFile
from okrctl.model.tree import GoalTree

# The parts of a file that cannot be edited safely while broken: the structure is in doubt.
_STRUCTURAL = frozenset({"yaml-syntax", "duplicate-key"})


class RefusedError(FindingsError):
    """The edit would make the goal tree worse (new lint errors, which it carries); nothing
    was written."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """A goal file's text as okrctl reads it: the raw data and the validated models."""

    parsed: ParsedYaml
    file: LoadedFile


def load_text(text: str, shown: str, tree: GoalTree) -> Loaded:
    """Load goal-file text the way `load_goal_file` loads a file, under the tree's config."""
    config = tree.config
    parsed = parse_yaml(text, shown, config.limits.limits())
    # The loader gets its own copy of the data: the original is what the edit is checked on.
    own = ParsedYaml(
        copy.deepcopy(parsed.data), parsed.source, list(parsed.problems), parsed.suppressions
    )
    return Loaded(parsed, validate_goal_file(own, config.fiscal_year_start))


def _decode(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EditError(f"{shown} is not valid UTF-8; okrctl cannot edit it") from None


# What an edit does, given the document to splice, the file as loaded under the lock, and a
# copy of its data to change the same way (the two are compared afterwards). It returns the
# one-line summary of the change.
Change = Callable[[Document, LoadedFile, Any], str]


def _errors(result: LintResult) -> Counter[tuple[str, str, str]]:
    # Lines move when text is inserted, so findings are compared without their positions.
    return Counter(
        (f.path, f.rule, f.message) for f in result.findings if f.severity is Severity.ERROR
    )


def _lint(tree: GoalTree, files: Sequence[LoadedFile], today: date) -> LintResult:
    candidate = GoalTree(list(files), tree.loaded_config)
    selection, _ = build_selection(candidate, (), ())
    return lint(candidate, selection, today)


def _check_lint(
    tree: GoalTree, shown: str, before: LoadedFile | None, after: LoadedFile, today: date
) -> list[Finding]:
    """The error findings the new text adds to the tree (empty when it adds none)."""
    others = [f for f in tree.files if f.path != shown]
    old = _lint(tree, [*others, before] if before is not None else others, today)
    new = _lint(tree, [*others, after], today)
    added = _errors(new) - _errors(old)
    found = []
    for finding in new.findings:
        key = (finding.path, finding.rule, finding.message)
        if added[key] > 0:
            added[key] -= 1
            found.append(finding)
    return found


def _refuse(findings: list[Finding]) -> None:
    if not findings:
        return
    noun = "error" if len(findings) == 1 else "errors"
    raise RefusedError(
        f"the change would add {len(findings)} lint {noun} (listed above); nothing was written",
        findings,
        1,  # the findings are all in the one file edited
    )


def diff(old: str, new: str, shown: str) -> str:
    """A unified diff of one file, as `git diff` shows it."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{shown}",
        tofile=f"b/{shown}",
    )
    text = ""
    for line in lines:
        text += line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
    return text


def edit_file(
    tree: GoalTree,
    shown: str,
    change: Change,
    out: TextIO,
    *,
    today: date,
    dry_run: bool = False,
) -> str:
    """Apply `change` to the goal file `shown` (a path as the tree shows it); returns the
    summary, already printed (or, with `dry_run`, the diff printed instead)."""
    path = Path(shown)
    # A dry run writes nothing, so it takes no lock either: it creates no file at all (and
    # renames are atomic, so what it reads is a whole file, old or new).
    with nullcontext() if dry_run else locked(path, shown):
        snapshot = read_snapshot(path, shown)
        old_text = _decode(snapshot.data, shown)
        before = load_text(old_text, shown, tree)
        broken = [p for p in before.file.problems if p.rule in _STRUCTURAL]
        if broken:
            where = broken[0].location
            raise EditError(
                f"{shown}:{where.line}:{where.column}: {broken[0].message}; fix the file "
                "before okrctl edits it (okrctl lint shows every problem)"
            )
        document = Document(snapshot.data, shown)
        expected = copy.deepcopy(before.parsed.data)
        summary = change(document, before.file, expected)
        new_bytes = document.to_bytes()
        new_text = _decode(new_bytes, shown)
        after = load_text(new_text, shown, tree)
        if typed(after.parsed.data) != typed(as_parsed(expected)):
            raise EditError(
                f"internal error: the edit of {shown} did not read back as intended; nothing "
                "was written (this is a bug in okrctl, please report it)"
            )
        _refuse(_check_lint(tree, shown, before.file, after.file, today))
        if dry_run:
            out.write(diff(old_text, new_text, shown))
            return summary
        replace_atomically(snapshot, new_bytes)
    out.write(summary + "\n")
    return summary


def check_new_file(tree: GoalTree, shown: str, text: str, today: date) -> Loaded:
    """Load the text of a file about to be created; refuse it if it adds a lint error."""
    loaded = load_text(text, shown, tree)
    _refuse(_check_lint(tree, shown, None, loaded.file, today))
    return loaded


def create_file(
    tree: GoalTree,
    shown: str,
    text: str,
    summary: str,
    out: TextIO,
    *,
    today: date,
    dry_run: bool = False,
) -> None:
    """Create the goal file `shown` with `text`, checked like an edit; never overwrites."""
    path = Path(shown)
    if path.exists() or path.is_symlink():
        raise EditError(f"{shown} already exists; okrctl does not overwrite it")
    check_new_file(tree, shown, text, today)
    if dry_run:
        out.write(diff("", text, shown).replace(f"--- a/{shown}", "--- /dev/null", 1))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path, shown):
        create_atomically(path, shown, text.encode("utf-8"))
    out.write(summary + "\n")

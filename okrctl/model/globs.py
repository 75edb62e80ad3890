"""Gitignore-style patterns: the `include` and `exclude` of okrctl.yaml, and .gitignore lines.

Pure text matching, no IO: a pattern is compiled once into a regular expression over a path
written with `/` and relative to the folder the pattern belongs to (okrctl.yaml's, or the
.gitignore's). The rules are git's (gitignore(5)):

- `*` matches anything but `/`, `?` one character but `/`, `[abc]`/`[a-z]`/`[!a]` a class;
  `\\` makes the next character literal.
- `**` as a whole part: `**/x` is x in any folder, `x/**` everything inside x, `a/**/b` zero
  or more folders between.
- A trailing `/` matches folders only (and so everything below them).
- A `/` at the start or in the middle anchors the pattern at its folder; without one, the
  pattern matches a name at any depth.
- A leading `!` negates: the last pattern that matches a path decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class PatternError(ValueError):
    """A pattern that cannot be compiled; the message says why, in a user's words."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One compiled pattern."""

    text: str  # as written
    negated: bool
    folders_only: bool
    regex: re.Pattern[str]

    def matches(self, relative: str, is_folder: bool) -> bool:
        if self.folders_only and not is_folder:
            return False
        return self.regex.fullmatch(relative) is not None


def _char_class(body: str, at: int) -> tuple[str, int]:
    """The regex of the class starting at `body[at] == '['`, and the index after its `]`."""
    index = at + 1
    negate = index < len(body) and body[index] in "!^"
    if negate:
        index += 1
    parts: list[str] = []
    first = True
    while index < len(body):
        char = body[index]
        if char == "]" and not first:
            inner = "".join(parts)
            return ("[^/" if negate else "[") + inner + "]", index + 1
        if char == "\\" and index + 1 < len(body):
            index += 1
            char = body[index]
        elif char == "-" and parts and index + 1 < len(body) and body[index + 1] != "]":
            parts.append("-")
            index += 1
            first = False
            continue
        parts.append(re.escape(char))
        index += 1
        first = False
    raise PatternError("`[` opens a character class that no `]` closes (write `\\[` for a `[`)")


def _part(part: str) -> str:
    """The regex of one part between slashes (no `**` part)."""
    out: list[str] = []
    index = 0
    while index < len(part):
        char = part[index]
        if char == "\\":
            if index + 1 == len(part):
                raise PatternError("ends with `\\`, which escapes nothing")
            out.append(re.escape(part[index + 1]))
            index += 2
        elif char == "*":
            while index < len(part) and part[index] == "*":  # `a**b` is `a*b`, as in git
                index += 1
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
            index += 1
        elif char == "[":
            regex, index = _char_class(part, index)
            out.append(regex)
        else:
            out.append(re.escape(char))
            index += 1
    return "".join(out)


def compile_pattern(text: str) -> Pattern:
    """Compile one pattern; raises PatternError for one that matches nothing or cannot be read.

    Okrctl is stricter than git, which silently matches nothing: in okrctl.yaml a pattern that
    can never match is a mistake worth a finding.
    """
    body = text
    negated = body.startswith("!")
    if negated or body.startswith("\\!"):  # `\!x` is a name that starts with `!`
        body = body[1:]
    if not body.strip():
        raise PatternError("an empty pattern matches nothing")
    folders_only = body.endswith("/") and not body.endswith("\\/")
    body = body.rstrip("/") if folders_only else body
    anchored = "/" in body
    body = body.lstrip("/")
    if not body:
        raise PatternError("`/` alone matches nothing; name a file or folder below it")
    parts = body.split("/")
    if any(part in (".", "..") for part in parts):
        raise PatternError(
            "`.` and `..` are not allowed: patterns name paths below the folder they belong to"
        )
    if any(part == "" for part in parts):
        raise PatternError("`//` in a pattern matches nothing")
    pieces: list[str] = []
    last = len(parts) - 1
    for index, part in enumerate(parts):
        if part == "**":
            if index == last:  # `x/**`: everything inside x (or everything, alone)
                pieces.append(".*" if index == 0 else "/.*")
            elif index == 0:  # `**/x`: x at any depth
                pieces.append("(?:.*/)?")
            else:  # `a/**/b`: zero or more folders between
                pieces.append("/(?:.*/)?")
            continue
        if index > 0 and parts[index - 1] != "**":
            pieces.append("/")
        pieces.append(_part(part))
    regex = "".join(pieces)
    if not anchored:
        regex = "(?:.*/)?" + regex
    return Pattern(text, negated, folders_only, re.compile(regex, re.DOTALL))


@dataclass(frozen=True, slots=True)
class PatternList:
    """Patterns in order; the last one that matches a path decides."""

    patterns: tuple[Pattern, ...]

    @classmethod
    def of(cls, texts: Iterable[str]) -> PatternList:
        return cls(tuple(compile_pattern(text) for text in texts))

    def decides(self, relative: str, is_folder: bool) -> Pattern | None:
        """The last pattern matching `relative` (negated or not), or None."""
        for pattern in reversed(self.patterns):
            if pattern.matches(relative, is_folder):
                return pattern
        return None

    def matches(self, relative: str, is_folder: bool) -> bool | None:
        """True (matched), False (matched by a negation), None (no pattern matches)."""
        pattern = self.decides(relative, is_folder)
        return None if pattern is None else not pattern.negated


def parents(relative: str) -> Sequence[str]:
    """The folders holding a relative path, outermost first: `a/b/c` -> `a`, `a/b`."""
    parts = relative.split("/")
    return ["/".join(parts[: end + 1]) for end in range(len(parts) - 1)]


def gitignore_patterns(text: str) -> PatternList:
    """The patterns of a .gitignore file: blank lines and comments skipped, trailing spaces
    cut (unless escaped); a line that cannot be compiled matches nothing, as in git."""
    patterns: list[Pattern] = []
    for raw in text.splitlines():
        line = raw
        while line.endswith(" ") and not line.endswith("\\ "):
            line = line[:-1]
        if not line or line.startswith("#"):
            continue
        try:
            patterns.append(compile_pattern(line))
        except PatternError:
            continue
    return PatternList(tuple(patterns))

"""What a read file leaves behind for the layers above the reader: positions, limits, silences.

The loader (okrctl.load) records these on its one parse of each file; the model, the rules and
the reports only look them up, so nothing above the loader ever reads or parses a file again.
This module does no IO and imports nothing of okrctl but the findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from okrctl.findings import Location

# A place inside a YAML document: mapping keys and sequence indexes from the root, e.g.
# ("objectives", 0, "key_results", 1, "target").
YamlPath = tuple[str | int, ...]

# A (line, column) pair, 1-based as editors count them.
Point = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits that keep hostile input (alias bombs, huge files) cheap to reject."""

    max_file_size: int = 5_000_000
    max_aliases: int = 100
    max_alias_expansion: int = 100_000
    max_depth: int = 64
    # Characters of text the aliases of one file may expand to: a few aliases of one long
    # text (each under the value count) would otherwise make megabytes of values.
    max_alias_chars: int = 1_000_000


# How far okrctl.yaml may raise each limit. The limits live in the tree, which the same pull
# request can change, so the config can lower them but never raise them past these: that
# takes OKRCTL_ALLOW_LIMITS=1 in the environment, which a pull request cannot set. The depth
# ceiling also keeps the (recursive) composer well below Python's recursion limit.
CEILINGS = Limits(
    max_file_size=20_000_000,
    max_aliases=1_000,
    max_alias_expansion=1_000_000,
    max_depth=200,
    max_alias_chars=10_000_000,
)
ALLOW_LIMITS = "OKRCTL_ALLOW_LIMITS"


class Positions(Protocol):
    """Where each value and each mapping key of one file starts, and where its tokens end."""

    @property
    def path(self) -> str:
        """The file, as shown to the user."""
        ...

    def value(self, at: YamlPath) -> Location:
        """The position of the value at `at`, or of its nearest ancestor that has one."""
        ...

    def key(self, at: YamlPath) -> Location:
        """The position of the key that names `at`, falling back to its value's position."""
        ...

    def ends(self, starts: Iterable[Point]) -> dict[Point, Point]:
        """The end of the region starting at each of `starts`, as SARIF marks one: the end of
        the scalar (a value or a key) that starts there, else the end of its line; the column
        is the one just after the last character. A start on no line of the file gets none."""
        ...


@dataclass(frozen=True, slots=True)
class Unread:
    """The positions of a file that was not read (too large, unreadable, a symlink left out):
    everything is at its first line, and no region has an end."""

    path: str

    def value(self, at: YamlPath) -> Location:
        return Location(self.path)

    def key(self, at: YamlPath) -> Location:
        return Location(self.path)

    def ends(self, starts: Iterable[Point]) -> dict[Point, Point]:
        return {}


@dataclass(slots=True)
class Suppressions:
    """What a file's comments tell okrctl: `# okrctl: disable=RULE` per line and for the whole
    file, and the lines where a comment may follow a value (`key: value  # ...`), by number,
    for the rule that finds a `#` that cut a text short (comment-in-text); only those lines of
    the text are kept."""

    lines: dict[int, frozenset[str] | None] = field(default_factory=dict)
    file: frozenset[str] | None = frozenset()
    commented: dict[int, str] = field(default_factory=dict, compare=False)  # not a silence

    def silences(self, rule: str, code: str, line: int) -> bool:
        if self.file is None or rule in self.file or code in self.file:
            return True
        if line not in self.lines:
            return False
        names = self.lines[line]
        return names is None or rule in names or code in names

"""Parse YAML text into plain Python data plus the file, line and column of every key and value.

We compose the document ourselves from ruamel.yaml's parser events instead of using a
constructor, for three reasons: every value keeps its exact position (so findings point at
the right line the way a compiler does), duplicate keys and non-core tags become findings
instead of silent last-wins or object construction, and the C event parser
(ruamel.yaml.clib) is many times faster than any pure-Python loader.
"""

from __future__ import annotations

import contextlib
import re
import struct
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from sys import intern
from typing import Any

from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from okrctl.findings import Location, Problem, Related
from okrctl.load.yamlhints import explain
from okrctl.source import Limits, Point, Positions, Suppressions, YamlPath

# Kept importable from here, where the loader's callers have always found them.
__all__ = [
    "HAVE_C_PARSER",
    "Limits",
    "ParsedYaml",
    "SourceMap",
    "SpelledInt",
    "Suppressions",
    "YamlPath",
    "line_lengths",
    "parse_suppressions",
    "parse_yaml",
    "resolve_plain",
]

try:  # The C parser is optional: without it okrctl still works, only slower.
    from ruamel.yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]

    HAVE_C_PARSER = True
except ImportError:  # pragma: no cover - depends on the installation
    _CParser = None
    HAVE_C_PARSER = False

# YAML 1.2 core schema, the one ruamel.yaml implements: `yes` and `on` stay text, and `0123`
# is the decimal 123 (1.2 has no leading-zero octal; octal is `0o17`).
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
_NUMBER = re.compile(
    "|".join(
        f"(?P<{name}>{pattern.pattern})"
        for name, pattern in (
            ("int", _INT),
            ("float", _FLOAT),
            ("inf", _INF),
            ("nan", _NAN),
            ("oct", _OCT),
            ("hex", _HEX),
        )
    )
)

_ALIAS = ev.AliasEvent
_SCALAR = ev.ScalarEvent
_MAPPING = ev.MappingStartEvent
_MAPPING_END = ev.MappingEndEvent
_SEQUENCE = ev.SequenceStartEvent
_SEQUENCE_END = ev.SequenceEndEvent
# Plain scalars starting with anything else are text, whatever follows.
_SPECIAL_FIRST = frozenset("0123456789+-.~tTfFnN")

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
_SUPPRESS = re.compile(
    r"#\s*okrctl:\s*(disable-file|disable)\b"
    r"(?:\s*=\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*))?"  # rule names; a reason may follow
)


# Each node of a file's position table takes _STRIDE numbers, at its index (pre-order) times
# _STRIDE: where its value starts, where it ends (for a scalar or an alias: SARIF regions),
# where its key starts and ends (for a mapping entry), and the index just past its subtree.
# Lines and columns are stored 0-based, as the parser counts them; the end line and the key
# line are stored plus one, so that 0 says "none" (a collection's end, an item's key).
_STRIDE = 9
_LINE, _COLUMN, _END_LINE, _END_COLUMN = 0, 1, 2, 3
_KEY_LINE, _KEY_COLUMN, _KEY_END_LINE, _KEY_END_COLUMN = 4, 5, 6, 7
_SUBTREE_END = 8
# A collection whose subtree holds more nodes than this gets an index of its children.
_INDEX_FROM = 64
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Line breaks to YAML, not to editors, git or GitHub: after one, every position the parser
# gives is a line too low, and what a reviewer sees as a comment on the same line is data.
_FOREIGN_BREAK = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


# The name of every sequence item in a file's table: its index is its place among its
# siblings, so it need not be stored (a flood of a million items would keep a million ints).
_ITEM = -1


def _typecode(size: int) -> str:
    """The smallest array type that holds every position of a text of `size` characters."""
    # A node takes at least half a character (an empty value still needs its `key:` or `-`),
    # so every line, column and node index of a text is below twice its length.
    bound = 2 * size + 2
    return "H" if bound < 1 << 16 else "I" if bound < 1 << 32 else "Q"


def _compact(numbers: list[int], size: int) -> array[int]:
    """The smallest array that holds `numbers`; `size` (the text's length) bounds them all."""
    typecode = _typecode(size)
    compact = array(typecode)
    # struct converts a list of numbers twice as fast as array() does; in native mode it
    # lays them out as the C types array uses.
    compact.frombytes(struct.pack(f"{len(numbers)}{typecode}", *numbers))
    return compact


class SourceMap:
    """Where each value and each mapping key of one file starts, and where its tokens end.

    Recorded while the file is parsed (the one parse), in compact tables: per node, numbers
    in an array and the key that names it in a list (for a sequence item, `_ITEM`: its index
    is its place among its siblings), in document order, each node followed by its subtree.
    A lookup walks down from the root; it never reads nor parses.
    """

    __slots__ = ("_children", "_extra", "_lines", "_names", "_table", "path")

    def __init__(
        self,
        path: str,
        names: tuple[str | int, ...],
        table: array[int],
        lines: array[int],
        extra: array[int] | None = None,
    ) -> None:
        self.path = path
        self._names = names
        self._table = table
        self._lines = lines  # the length of each line, for a region that ends with its line
        self._extra = extra  # (start line, column, end line, column) of tokens not in nodes
        # Each large collection's children, indexed on its first lookup: a file with a flood
        # of findings asks where each of 200,000 items is, and walking the siblings to each
        # one would make that quadratic.
        self._children: dict[int, tuple[array[int], dict[str | int, int]]] = {}

    def tables(self) -> tuple[tuple[str | int, ...], array[int], array[int], array[int] | None]:
        """What the map is made of, as the constructor takes it (okrctl.load.cache keeps it)."""
        return self._names, self._table, self._lines, self._extra

    def _find(self, at: YamlPath) -> tuple[int, bool]:
        """The node at `at`, or its nearest ancestor that has one (-1: none); and whether
        it is `at` itself."""
        names, table = self._names, self._table
        if not names:
            return -1, False
        node = 0
        for part in at:
            end = table[node * _STRIDE + _SUBTREE_END]
            child = node + 1
            found = -1
            indexed = self._children.get(node)
            if indexed is None and end - child > _INDEX_FROM:
                indexed = self._index(node, end)
            if indexed is not None:
                items, keys = indexed
                if type(part) is int:
                    if 0 <= part < len(items) and type(names[items[part]]) is int:
                        found = items[part]
                else:
                    found = keys.get(part, -1)
            elif type(part) is int:
                # A sequence's items are named by their index, in order: skip to the part-th.
                if child < end and type(names[child]) is int:
                    for _ in range(part):
                        child = table[child * _STRIDE + _SUBTREE_END]
                        if child >= end:
                            break
                    if part >= 0 and child < end:
                        found = child
            else:
                while child < end:
                    if names[child] == part:
                        found = child  # the last one, as a later `<duplicate>` replaced it
                    child = table[child * _STRIDE + _SUBTREE_END]
            if found < 0:
                return node, False
            node = found
        return node, True

    def _index(self, node: int, end: int) -> tuple[array[int], dict[str | int, int]]:
        """The children of `node` in order, and by name (the last of a repeated key, as a
        later `<duplicate>` replaced the earlier), kept for the next lookups."""
        names, table = self._names, self._table
        items = array(table.typecode)  # node numbers fit the table's type
        keys: dict[str | int, int] = {}
        child = node + 1
        while child < end:
            items.append(child)
            if type(names[child]) is not int:
                keys[names[child]] = child
            child = table[child * _STRIDE + _SUBTREE_END]
        self._children[node] = (items, keys)
        return items, keys

    def item_places(self, at: YamlPath) -> array[int] | None:
        """Where each item of the sequence at `at` starts, in order, as one number each that
        sorts as the place does: its 0-based line times 2**32 plus its 0-based column. None
        when `at` is no sequence with items written in the file (an alias of one has none)."""
        node, exact = self._find(at)
        if not exact or node < 0:
            return None
        table = self._table
        end = table[node * _STRIDE + _SUBTREE_END]
        if end <= node + 1 or type(self._names[node + 1]) is not int:
            return None  # no children, or a mapping's
        indexed = self._children.get(node)
        items, _ = indexed if indexed is not None else self._index(node, end)
        # From a generator: a list first would hold an int object per item.
        return array(
            "Q", (table[n * _STRIDE + _LINE] << 32 | table[n * _STRIDE + _COLUMN] for n in items)
        )

    def _start(self, node: int) -> Location:
        if node < 0:
            return Location(self.path)
        base = node * _STRIDE
        table = self._table
        return Location(self.path, table[base + _LINE] + 1, table[base + _COLUMN] + 1)

    def value(self, at: YamlPath) -> Location:
        """The position of the value at `at`, or of its nearest ancestor that has one."""
        return self._start(self._find(at)[0])

    def key(self, at: YamlPath) -> Location:
        """The position of the key that names `at`, falling back to its value's position."""
        node, exact = self._find(at)
        if exact:
            base = node * _STRIDE
            line = self._table[base + _KEY_LINE]
            if line:
                return Location(self.path, line, self._table[base + _KEY_COLUMN] + 1)
        return self._start(node)

    def _paths(self) -> list[YamlPath]:
        """The path of every node, in the table's order."""
        paths: list[YamlPath] = []
        # (subtree end, path, items seen) of each ancestor: an item's index is its count.
        open_nodes: list[list[Any]] = []
        table = self._table
        for index, name in enumerate(self._names):
            while open_nodes and open_nodes[-1][0] <= index:
                open_nodes.pop()
            path: YamlPath = ()
            if open_nodes:
                parent = open_nodes[-1]
                if type(name) is int:
                    name = parent[2]
                    parent[2] += 1
                path = parent[1] + (name,)
            paths.append(path)
            open_nodes.append([table[index * _STRIDE + _SUBTREE_END], path, 0])
        return paths

    @property
    def values(self) -> dict[YamlPath, tuple[int, int]]:
        """Every recorded value position by path (1-based), as a table to inspect."""
        table = self._table
        return {
            path: (table[n * _STRIDE + _LINE] + 1, table[n * _STRIDE + _COLUMN] + 1)
            for n, path in enumerate(self._paths())
        }

    @property
    def keys(self) -> dict[YamlPath, tuple[int, int]]:
        """Every recorded key position by path (1-based), as a table to inspect."""
        table = self._table
        return {
            path: (table[n * _STRIDE + _KEY_LINE], table[n * _STRIDE + _KEY_COLUMN] + 1)
            for n, path in enumerate(self._paths())
            if table[n * _STRIDE + _KEY_LINE]
        }

    def token_ends(self) -> dict[Point, Point]:
        """Where each scalar and alias ends, by where it starts (1-based; the end column is
        the one just after the token, as SARIF regions count it)."""
        ends: dict[Point, Point] = {}
        table = self._table
        for base in range(0, len(table), _STRIDE):
            if table[base + _END_LINE]:
                start = (table[base + _LINE] + 1, table[base + _COLUMN] + 1)
                ends[start] = (table[base + _END_LINE], table[base + _END_COLUMN] + 1)
            if table[base + _KEY_LINE]:
                start = (table[base + _KEY_LINE], table[base + _KEY_COLUMN] + 1)
                ends[start] = (table[base + _KEY_END_LINE] + 1, table[base + _KEY_END_COLUMN] + 1)
        extra = self._extra or ()
        for base in range(0, len(extra), 4):
            start = (extra[base] + 1, extra[base + 1] + 1)
            ends[start] = (extra[base + 2] + 1, extra[base + 3] + 1)
        return ends

    def ends(self, starts: Iterable[Point]) -> dict[Point, Point]:
        """The end of the region starting at each of `starts`: the end of the scalar (a value
        or a key) that starts there, else the end of its line."""
        tokens = self.token_ends()
        lines = self._lines
        found: dict[Point, Point] = {}
        for start in starts:
            end = tokens.get(start)
            line, column = start
            if end is None and 1 <= line <= len(lines):
                end = (line, max(column, lines[line - 1] + 1))
            if end is not None:
                found[start] = end
        return found


# Characters of text split into lines at a time (line_lengths).
_LINES_CHUNK = 1 << 16


def line_lengths(text: str) -> array[int]:
    """The length of each line of `text` (line breaks: CRLF, CR or LF), in characters."""
    split = _LINE_BREAK.split if "\r" in text else lambda part: part.split("\n")
    lengths = array(_typecode(len(text)))
    # A chunk of lines at a time, each chunk ending just after an LF (so a CRLF is never cut
    # in two): a million short lines split at once would be a million strings held at once.
    start = 0
    while True:
        cut = text.find("\n", start + _LINES_CHUNK)
        if cut < 0:
            lengths.extend([len(part) for part in split(text[start:])])
            return lengths
        parts = split(text[start : cut + 1])
        parts.pop()  # "": the start of the line after the cut, which the next chunk reads
        lengths.extend([len(part) for part in parts])
        start = cut + 1


@dataclass(slots=True)
class ParsedYaml:
    """The result of parsing one file: its data (None when unusable) and what went wrong."""

    data: Any
    source: Positions  # a SourceMap, or Unread when there was no text to parse
    problems: list[Problem]
    suppressions: Suppressions
    modeline: str | None = None  # the schema its first line names, for a goal file read


class _Abort(Exception):
    """Composition cannot go on (a limit was hit); the problem is already recorded."""


# A line with something before a ` #`: a comment may follow a value there.
_COMMENTED = re.compile(r"^[ \t]*[^ \t#\r\n][^\n]*?[ \t]#[^\n]*", re.MULTILINE)


def commented_lines(text: str) -> dict[int, str]:
    """The lines (1-based) where a comment may follow a value, with their text."""
    found: dict[int, str] = {}
    if "#" not in text:
        return found
    line, counted = 1, 0
    for match in _COMMENTED.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        found[line] = match.group(0).rstrip("\r")
    return found


def parse_suppressions(text: str) -> Suppressions:
    """Find `# okrctl: disable[=RULE,...]` and `# okrctl: disable-file[=RULE,...]` comments,
    and the lines where a comment follows a value."""
    found = Suppressions(commented=commented_lines(text))
    if "okrctl:" not in text:
        return found
    file_rules: set[str] = set()
    file_all = False
    # Lines as editors count them (str.splitlines also breaks at \x0c, \x1c, U+2028, ...).
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if "okrctl:" not in line:
            continue
        for match in _SUPPRESS.finditer(line):
            names = (
                frozenset(n.strip() for n in match.group(2).split(",") if n.strip())
                if match.group(2)
                else None
            )
            if match.group(1) == "disable-file":
                if names is None:
                    file_all = True
                else:
                    file_rules.update(names)
            else:
                found.lines[number] = names
    found.file = None if file_all else frozenset(file_rules)
    return found


class SpelledInt(int):
    """A whole number written other than as its plain digits: `007`, `+7`, `0o17`, `0x1f`.

    It is the number wherever a number is wanted; `spelling` keeps what was written, so an id
    written `id: 007` is the id `007`, not `7` (nothing a user wrote is silently changed).
    """

    spelling: str


# A whole number longer than this is past any float (1.8e308 has 309 digits, 0x... 256 hex
# digits); it is read as the number just past that range, spelled as written, so the model
# refuses it in one finding at its place, and no step ever converts its thousands of digits.
_MAX_DIGITS = 320
_PAST_RANGE = 1 << 1100


def _whole(value: int, text: str) -> int:
    if value.bit_length() > 1100:
        value = -_PAST_RANGE if value < 0 else _PAST_RANGE
    elif str(value) == text:
        return value
    spelled = SpelledInt(value)
    spelled.spelling = text
    return spelled


def _too_long(text: str) -> int:
    """A whole number too long to convert: past the range, spelled as written."""
    return _whole(-_PAST_RANGE if text[0] == "-" else _PAST_RANGE, text)


def resolve_plain(text: str) -> Any:
    """Resolve an untagged plain scalar by the YAML 1.2 core schema."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    first = text[0]
    if first.isdigit() or first in "+-.":
        match = _NUMBER.fullmatch(text)  # one regex for every numeric form: dates fail fast
        if match is not None:
            kind = match.lastgroup
            if len(text) > _MAX_DIGITS and kind in ("int", "oct", "hex"):
                return _too_long(text)
            if kind == "int":
                return _whole(int(text), text)
            if kind == "float":
                return float(text)
            if kind == "inf":
                return float("-inf") if first == "-" else float("inf")
            if kind == "nan":
                return float("nan")
            if kind == "oct":
                return _whole(int(text[2:], 8), text)
            return _whole(int(text[2:], 16), text)
    return text


def _resolve_tagged(text: str, tag: str) -> Any:
    """Resolve a scalar with an explicit core tag such as `!!int "5"`; ValueError if it can't."""
    name = tag[len(_CORE) :]
    if name == "str":
        return text
    value = resolve_plain(text)
    if name == "null" and value is None:
        return None
    if name == "bool" and isinstance(value, bool):
        return value
    if name == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if name == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise ValueError(f"`{text}` is not a valid !!{name}")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


# The resolved plain scalars one composer keeps: how many, and how long each text may be.
_RESOLVED_SIZE = 1_024
_RESOLVED_LENGTH = 32
_UNRESOLVED = object()


class _Composer:
    """Turns a stream of parser events into Python data, recording every position as it goes.

    The positions go into flat lists (see _STRIDE), which cost far less time and memory than
    a table keyed by path: no path is built while parsing, and a lookup finds its node by
    walking down from the root.
    """

    def __init__(self, path: str, problems: list[Problem], limits: Limits, size: int) -> None:
        self.path = path
        self.problems = problems
        self.limits = limits
        self.names: list[str | int] = []
        # Written straight into the array its numbers fit (the text's length, `size`, bounds
        # them): a list would keep an int object per number, 9 of them a node.
        self.table: array[int] = array(_typecode(size))
        self.too_deep = False
        self.extra: list[int] = []  # tokens that name no node: duplicate keys, skipped events
        # anchor -> (value, size in nodes, characters of text in it, aliases expanded)
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        self.aliases = 0
        self.expanded = 0
        self.chars = 0  # characters of scalar text composed so far, aliases expanded
        self.expanded_chars = 0
        # Plain scalars resolved so far (numbers, booleans, nulls), by their text: a file says
        # `1` or `true` many times, and resolving one takes several steps (kept small).
        self.resolved: dict[str, Any] = {}

    def problem(self, rule: str, mark: Any, message: str) -> None:
        self.problems.append(
            Problem(rule, Location(self.path, mark.line + 1, mark.column + 1), message)
        )

    def skipped(self, event: Any) -> None:
        """Keep where a token that is no node's key or value ends (SARIF marks it too)."""
        start, end = event.start_mark, event.end_mark
        self.extra += (start.line, start.column, end.line, end.column)

    def node(
        self, event: Any, events: Iterator[Any], name: str | int, depth: int, key: Any
    ) -> tuple[Any, int]:
        """Compose one node, named `name` in its parent ("" for the root), written after the
        `key` event (None for an item or the root); returns its value and its size in nodes
        (aliases expanded)."""
        kind = type(event)
        table = self.table
        base = len(table)
        chars = self.chars
        self.names.append(name)
        mark = event.start_mark
        if kind is _SCALAR or kind is _ALIAS:
            end = event.end_mark
            closed = (end.line + 1, end.column)
        else:
            closed = (0, 0)
        if key is None:
            table.extend((mark.line, mark.column, *closed, 0, 0, 0, 0, len(self.names)))
        else:
            start, stop = key.start_mark, key.end_mark
            # fmt: off
            table.extend((
                mark.line, mark.column, *closed,
                start.line + 1, start.column, stop.line, stop.column,
                len(self.names),
            ))
            # fmt: on
        if kind is _ALIAS:
            return self.alias(event)
        if depth > self.limits.max_depth:
            self.problem(
                "yaml-syntax",
                mark,
                f"nesting deeper than {self.limits.max_depth} levels; a goal file never needs "
                "that (limit `limits.max_depth` in okrctl.yaml)",
            )
            self.too_deep = True
            raise _Abort
        if kind is _SCALAR:
            self.chars += len(event.value)
            # The common case first: an untagged plain scalar.
            if event.tag is None and not event.style:
                text = event.value
                value = text if text and text[0] not in _SPECIAL_FIRST else self.plain(event)
            else:
                value = self.scalar(event)
            size = 1
        elif kind is _MAPPING:
            table[base + _SUBTREE_END] = 0  # open: an error may end the parse inside it
            value, size = self.mapping(events, base // _STRIDE, depth)
            table[base + _SUBTREE_END] = len(self.names)
        elif kind is _SEQUENCE:
            table[base + _SUBTREE_END] = 0
            value, size = self.sequence(events, depth)
            table[base + _SUBTREE_END] = len(self.names)
        else:  # pragma: no cover - the parser guarantees one of the above here
            raise _Abort
        if kind is not _SCALAR:
            tag = event.tag
            if tag and tag not in _ALLOWED_TAGS:
                self.forbidden_tag(mark, tag)
                value = None
        if event.anchor:
            self.anchors[event.anchor] = (value, size, self.chars - chars)
        return value, size

    def plain(self, event: Any) -> Any:
        text: str = event.value
        value = self.resolved.get(text, _UNRESOLVED)
        if value is not _UNRESOLVED:
            return value
        try:
            value = resolve_plain(text)
        except ValueError:  # an integer too long for Python to convert
            self.problem("invalid-value", event.start_mark, "this number is too large")
            return None
        if len(text) <= _RESOLVED_LENGTH and len(self.resolved) < _RESOLVED_SIZE:
            self.resolved[text] = value
        return value

    def forbidden_tag(self, mark: Any, tag: str) -> None:
        self.problem(
            "yaml-syntax",
            mark,
            f"tag `{_short_tag(tag)}` is not allowed: goal files hold plain data, and okrctl "
            "never constructs objects from tags",
        )

    def alias(self, event: Any) -> tuple[Any, int]:
        mark = event.start_mark
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            self.problem(
                "yaml-syntax",
                mark,
                f"more than {self.limits.max_aliases} aliases in one file "
                "(limit `limits.max_aliases` in okrctl.yaml)",
            )
            raise _Abort
        if event.anchor not in self.anchors:
            self.problem("yaml-syntax", mark, f"alias `*{event.anchor}` names no anchor before it")
            return None, 1
        value, size, chars = self.anchors[event.anchor]
        self.expanded += size
        self.expanded_chars += chars
        self.chars += chars
        if self.expanded_chars > self.limits.max_alias_chars:
            self.problem(
                "yaml-syntax",
                mark,
                f"aliases expand to more than {self.limits.max_alias_chars:,} characters of "
                "text (alias amplification?); limit `limits.max_alias_chars` in okrctl.yaml",
            )
            raise _Abort
        if self.expanded > self.limits.max_alias_expansion:
            self.problem(
                "yaml-syntax",
                mark,
                f"aliases expand to more than {self.limits.max_alias_expansion} values "
                "(an alias bomb?); limit `limits.max_alias_expansion` in okrctl.yaml",
            )
            raise _Abort
        return value, size

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        text: str = event.value
        if tag is None or tag == "!":
            plain = event.style in (None, "") and tag is None
            return self.plain(event) if plain else text
        if tag not in _ALLOWED_TAGS or tag in (_CORE + "map", _CORE + "seq"):
            self.forbidden_tag(event.start_mark, tag)
            return None
        try:
            return _resolve_tagged(text, tag)
        except ValueError as error:
            self.problem("invalid-value", event.start_mark, str(error))
            return None

    def first_key(self, mapping: int, key: str) -> Location:
        """Where `key` is first written in the mapping at node `mapping`."""
        names, table = self.names, self.table
        child = mapping + 1
        while child < len(names):
            if names[child] == key and table[child * _STRIDE + _KEY_LINE]:
                base = child * _STRIDE
                return Location(self.path, table[base + _KEY_LINE], table[base + _KEY_COLUMN] + 1)
            child = table[child * _STRIDE + _SUBTREE_END] or len(names)
        return Location(self.path, 0)  # pragma: no cover - a duplicate always follows its first

    def mapping(self, events: Iterator[Any], me: int, depth: int) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        size = 1
        names, table = self.names, self.table
        inline = depth < self.limits.max_depth  # the values, one level down, are within it
        for key_event in events:
            kind = type(key_event)
            if kind is _MAPPING_END:
                return result, size
            key: Any
            if kind is _SCALAR and key_event.tag in (None, "!", _CORE + "str"):
                # Interned: the few key names of a tree are then kept once, not once a file.
                key = intern(key_event.value)
                self.chars += len(key)
            elif kind is _SCALAR:
                # A tag on a key is a finding like a tag on a value, never silently dropped.
                if key_event.tag in _ALLOWED_TAGS:
                    self.problem(
                        "invalid-value", key_event.start_mark, "a mapping key must be plain text"
                    )
                else:
                    self.forbidden_tag(key_event.start_mark, key_event.tag)
                self.skipped(key_event)
                key = None
            else:
                key, _ = self.node(key_event, events, "<key>", depth + 1, None)
                if not isinstance(key, str):
                    self.problem(
                        "invalid-value", key_event.start_mark, "a mapping key must be plain text"
                    )
                    key = None
            try:
                value_event = next(events)
            except (YAMLError, ValueError):
                if kind is _SCALAR:  # the key's token was read: it has its end all the same
                    self.skipped(key_event)
                raise
            if key is None:
                self.node(value_event, events, "<ignored>", depth + 1, None)
                continue
            if key in result:
                first = self.first_key(me, key)
                mention = f"first defined at line {first.line}"
                mark = key_event.start_mark
                self.problems.append(
                    Problem(
                        "duplicate-key",
                        Location(self.path, mark.line + 1, mark.column + 1),
                        f"duplicate key `{key}` ({mention}); "
                        "YAML would silently keep only the last one",
                        (Related(first, mention, "first defined here"),),
                    )
                )
                if kind is _SCALAR:
                    self.skipped(key_event)
                self.node(value_event, events, "<duplicate>", depth + 1, None)
                continue
            if (
                inline
                and type(value_event) is _SCALAR
                and value_event.ctag is None  # .tag is a property that reads .ctag
                and not value_event.style
                and not value_event.anchor
            ):
                # Inline the most common node of all, a plain scalar value.
                text = value_event.value
                self.chars += len(text)
                result[key] = (
                    text if text and text[0] not in _SPECIAL_FIRST else self.plain(value_event)
                )
                start, end = value_event.start_mark, value_event.end_mark
                key_start, key_end = key_event.start_mark, key_event.end_mark
                names.append(key)
                # fmt: off
                table.extend((
                    start.line, start.column, end.line + 1, end.column,
                    key_start.line + 1, key_start.column, key_end.line, key_end.column,
                    len(names),
                ))
                # fmt: on
                size += 1
                continue
            value, child_size = self.node(value_event, events, key, depth + 1, key_event)
            result[key] = value
            size += child_size
        raise _Abort  # pragma: no cover - the parser always closes a mapping

    def sequence(self, events: Iterator[Any], depth: int) -> tuple[list[Any], int]:
        result: list[Any] = []
        size = 1
        names, table = self.names, self.table
        inline = depth < self.limits.max_depth  # the items, one level down, are within it
        for item_event in events:
            kind = type(item_event)
            if kind is _SEQUENCE_END:
                return result, size
            if (
                inline
                and kind is _SCALAR
                and item_event.ctag is None
                and not item_event.style
                and not item_event.anchor
            ):
                # Inline the most common item, a plain scalar (a flood of `- 1` is all these).
                text = item_event.value
                self.chars += len(text)
                result.append(
                    text if text and text[0] not in _SPECIAL_FIRST else self.plain(item_event)
                )
                start, end = item_event.start_mark, item_event.end_mark
                names.append(_ITEM)
                table.extend(
                    (start.line, start.column, end.line + 1, end.column, 0, 0, 0, 0, len(names))
                )
                size += 1
                continue
            value, child_size = self.node(item_event, events, _ITEM, depth + 1, None)
            result.append(value)
            size += child_size
        raise _Abort  # pragma: no cover - the parser always closes a sequence

    def document(self, events: Iterator[Any]) -> Any:
        """Compose the single document of a goal file; None for an empty stream."""
        data: Any = None
        for event in events:
            if isinstance(event, ev.DocumentStartEvent):
                root = next(events)
                data, _ = self.node(root, events, "", 0, None)
                next(events)  # DocumentEndEvent
                break
        for event in events:
            if isinstance(event, ev.DocumentStartEvent):
                self.problem(
                    "yaml-syntax",
                    event.start_mark,
                    "a goal file holds one YAML document, but a second one starts here",
                )
                break
        return data

    def rest(self, events: Iterator[Any]) -> None:
        """Record the tokens after where composing stopped (a limit hit, a second document),
        so every token of the file has its end, up to a syntax error if there is one."""
        if self.too_deep:
            # libyaml scans every open flow level for each token, so the rest of a
            # 10,000-deep nesting costs a second of quadratic parsing; nothing in a file
            # refused for its depth is read past that point.
            return
        with contextlib.suppress(YAMLError, ValueError):
            for event in events:
                if type(event) is _SCALAR or type(event) is _ALIAS:
                    self.skipped(event)

    def source(self, text: str, stopped: bool) -> SourceMap:
        """The recorded positions; `stopped`: composing stopped inside the document."""
        table = self.table
        if stopped:
            for base in range(_SUBTREE_END, len(table), _STRIDE):
                if not table[base]:  # still open where composing stopped: all that follows
                    table[base] = len(self.names)
        extra = _compact(self.extra, len(text)) if self.extra else None
        return SourceMap(self.path, tuple(self.names), table, line_lengths(text), extra)


@contextlib.contextmanager
def _events(text: str) -> Iterator[Iterator[Any]]:
    """The parser's events of `text`, one at a time; the C parser's are read in C (its
    get_event answers None past the stream's end), with no Python frame per event."""
    if _CParser is not None:
        parser = _CParser(text)
        try:
            yield iter(parser.get_event, None)
        finally:
            parser.dispose()
    else:  # pragma: no cover - exercised only without ruamel.yaml.clib
        from ruamel.yaml import YAML

        yield iter(YAML(typ="safe", pure=True).parse(text))


def _related(error: MarkedYAMLError, path: str, message: str) -> tuple[Related, ...]:
    """Where the construct a syntax error is in starts, when the message names it ("at line
    N", on another line than the error): SARIF links to it instead of repeating the line."""
    context, problem = error.context_mark, error.problem_mark
    if context is None or problem is None or context.line == problem.line:
        return ()
    mention = f"at line {context.line + 1}"
    if mention not in message:
        return ()
    started = Location(path, context.line + 1, context.column + 1)
    return (Related(started, mention, "where it starts"),)


def parse_yaml(text: str, path: str, limits: Limits | None = None) -> ParsedYaml:
    """Parse one file's text, recording every position; never raises for bad input, it
    records problems instead."""
    problems: list[Problem] = []
    composer = _Composer(path, problems, limits or Limits(), len(text))
    foreign = _FOREIGN_BREAK.search(text)
    if foreign is not None:
        # Refused anywhere, quoted or not: inside quotes too the parser counts a line there.
        start = foreign.start()
        lines = _LINE_BREAK.split(text[:start])
        char = foreign.group()
        problems.append(
            Problem(
                "yaml-syntax",
                Location(path, len(lines), len(lines[-1]) + 1),
                f"character U+{ord(char):04X} ({_BREAK_NAMES[char]}) breaks the line for YAML "
                "but not for editors, git or GitHub; remove it (in a double-quoted string, "
                f"write it as \\u{ord(char):04x})",
            )
        )
        return ParsedYaml(None, composer.source(text, True), problems, parse_suppressions(text))
    data: Any = None
    stopped = True
    try:
        with _events(text) as events:
            try:
                data = composer.document(events)
                stopped = False
            except _Abort:
                data = None
            composer.rest(events)
    except MarkedYAMLError as error:
        # A tab, a bad indent or an unquoted colon is named with its fix (and may point at
        # another place than the parser's mark); any other error keeps the parser's words.
        found = explain(error, text)
        problems.append(
            Problem(
                "yaml-syntax",
                Location(path, found.line, found.column),
                found.message,
                _related(error, path, found.message),
            )
        )
        data = None
    except RecursionError:  # only past the depth ceiling, with OKRCTL_ALLOW_LIMITS=1
        problems.append(
            Problem("yaml-syntax", Location(path), "nesting too deep for okrctl to read")
        )
        data = None
    except (YAMLError, ValueError) as error:  # e.g. a control character the reader refuses
        problems.append(Problem("yaml-syntax", Location(path), f"cannot parse YAML: {error}"))
        data = None
    return ParsedYaml(data, composer.source(text, stopped), problems, parse_suppressions(text))

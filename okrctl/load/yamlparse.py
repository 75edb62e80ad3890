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
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from okrctl.findings import Location, Problem

try:  # The C parser is optional: without it okrctl still works, only slower.
    from ruamel.yaml.cyaml import CParser as _CParser

    HAVE_C_PARSER = True
except ImportError:  # pragma: no cover - depends on the installation
    _CParser = None
    HAVE_C_PARSER = False

YamlPath = tuple[str | int, ...]

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


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits that keep hostile input (alias bombs, huge files) cheap to reject."""

    max_file_size: int = 5_000_000
    max_aliases: int = 100
    max_alias_expansion: int = 100_000
    max_depth: int = 64


# Position tables cost about as much memory as the data they describe; a large tree with
# findings in thousands of files must not keep them all, so only the most recently built
# tables are kept, and a dropped one is built again if it is ever needed.
_BUILT_KEPT = 256
_built: OrderedDict[int, SourceMap] = OrderedDict()


def _remember_built(source: SourceMap) -> None:
    _built[id(source)] = source
    _built.move_to_end(id(source))
    while len(_built) > _BUILT_KEPT:
        _, oldest = _built.popitem(last=False)
        if oldest is not source:
            oldest._values = oldest._keys = None


class SourceMap:
    """Where each value and each mapping key of one file starts (1-based line and column).

    Positions are only needed when something is reported, and recording them costs as much
    as parsing, so a SourceMap made from a file's text builds its tables on first use, by
    parsing the text again with positions on.
    """

    __slots__ = ("_file", "_keys", "_limits", "_text", "_values", "path")

    def __init__(
        self,
        path: str,
        text: str | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.path = path
        self._text = text
        self._file: str | None = None
        self._limits = limits
        self._values: dict[YamlPath, tuple[int, int]] | None = None if text else {}
        self._keys: dict[YamlPath, tuple[int, int]] | None = None if text else {}

    def __getstate__(self) -> dict[str, Any]:
        # Sent between processes without its tables: they are rebuilt from the text if needed.
        return {"path": self.path, "text": self._text, "limits": self._limits, "file": self._file}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"], state["text"], state["limits"])  # type: ignore[misc]
        self._file = state["file"]
        if self._file is not None:
            self._values = self._keys = None

    def forget_text(self, file: str) -> None:
        """Drop the text (a large tree's texts are tens of MB); re-read `file` if ever needed."""
        if self._values is None:
            self._file = file
            self._text = None

    def _build(self) -> None:
        self._values, self._keys = {}, {}
        if self._file is not None or self._text is not None:
            _remember_built(self)
        if self._text is None and self._file is not None:
            try:
                with open(self._file, encoding="utf-8-sig") as handle:
                    self._text = handle.read()
            except (OSError, UnicodeDecodeError):
                return  # the file went away or changed: positions fall back to 1:1
        if self._text is not None:
            composer = _Composer(self, [], self._limits or Limits(), track=True)
            # On a problem, the positions read before it are all there are.
            with contextlib.suppress(_Abort, YAMLError, ValueError):
                composer.document(_events(self._text))

    @property
    def values(self) -> dict[YamlPath, tuple[int, int]]:
        if self._values is None:
            self._build()
        assert self._values is not None
        return self._values

    @property
    def keys(self) -> dict[YamlPath, tuple[int, int]]:
        if self._keys is None:
            self._build()
        assert self._keys is not None
        return self._keys

    def value(self, at: YamlPath) -> Location:
        """The position of the value at `at`, or of its nearest ancestor that has one."""
        values = self.values
        while at not in values and at:
            at = at[:-1]
        line, column = values.get(at, (1, 1))
        return Location(self.path, line, column)

    def key(self, at: YamlPath) -> Location:
        """The position of the key that names `at`, falling back to its value's position."""
        keys = self.keys
        if at in keys:
            line, column = keys[at]
            return Location(self.path, line, column)
        return self.value(at)


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


@dataclass(slots=True)
class ParsedYaml:
    """The result of parsing one file: its data (None when unusable) and what went wrong."""

    data: Any
    source: SourceMap
    problems: list[Problem]
    suppressions: Suppressions


class _Abort(Exception):
    """Composition cannot go on (a limit was hit); the problem is already recorded."""


class _Retry(Exception):
    """A problem was found while not recording positions: parse again, recording them."""


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
    for number, line in enumerate(text.splitlines(), start=1):
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


def _whole(value: int, text: str) -> int:
    if str(value) == text:
        return value
    spelled = SpelledInt(value)
    spelled.spelling = text
    return spelled


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


class _Composer:
    """Turns a stream of parser events into Python data, and (with `track`) a SourceMap.

    Without `track` no position is recorded, which roughly halves the cost; the first problem
    then raises _Retry so the file is parsed again with positions, to report it exactly.
    """

    def __init__(
        self, source: SourceMap, problems: list[Problem], limits: Limits, track: bool
    ) -> None:
        self.source = source
        self.problems = problems
        self.limits = limits
        self.track = track
        self.values = source._values if track else None
        self.keys = source._keys if track else None
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.aliases = 0
        self.expanded = 0

    def problem(self, rule: str, mark: Any, message: str) -> None:
        if not self.track:
            raise _Retry
        self.problems.append(
            Problem(rule, Location(self.source.path, mark.line + 1, mark.column + 1), message)
        )

    def node(self, event: Any, events: Iterator[Any], at: YamlPath, depth: int) -> tuple[Any, int]:
        """Compose one node; returns its value and its size in nodes (aliases expanded)."""
        kind = type(event)
        if kind is _ALIAS:
            return self.alias(event, at)
        if self.values is not None:
            mark = event.start_mark
            self.values[at] = (mark.line + 1, mark.column + 1)
        if depth > self.limits.max_depth:
            self.problem(
                "yaml-syntax",
                event.start_mark,
                f"nesting deeper than {self.limits.max_depth} levels; a goal file never needs "
                "that (limit `limits.max_depth` in okrctl.yaml)",
            )
            raise _Abort
        if kind is _SCALAR:
            # The common case first: an untagged plain scalar.
            if event.tag is None and not event.style:
                text = event.value
                value = text if text and text[0] not in _SPECIAL_FIRST else self.plain(event)
            else:
                value = self.scalar(event)
            size = 1
        elif kind is _MAPPING:
            value, size = self.mapping(events, at, depth)
        elif kind is _SEQUENCE:
            value, size = self.sequence(events, at, depth)
        else:  # pragma: no cover - the parser guarantees one of the above here
            raise _Abort
        if kind is not _SCALAR:
            tag = event.tag
            if tag and tag not in _ALLOWED_TAGS:
                self.forbidden_tag(event.start_mark, tag)
                value = None
        if event.anchor:
            self.anchors[event.anchor] = (value, size)
        return value, size

    def plain(self, event: Any) -> Any:
        try:
            return resolve_plain(event.value)
        except ValueError:  # an integer too long for Python to convert
            self.problem("invalid-value", event.start_mark, "this number is too large")
            return None

    def forbidden_tag(self, mark: Any, tag: str) -> None:
        self.problem(
            "yaml-syntax",
            mark,
            f"tag `{_short_tag(tag)}` is not allowed: goal files hold plain data, and okrctl "
            "never constructs objects from tags",
        )

    def alias(self, event: Any, at: YamlPath) -> tuple[Any, int]:
        mark = event.start_mark
        if self.values is not None:
            self.values[at] = (mark.line + 1, mark.column + 1)
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
        value, size = self.anchors[event.anchor]
        self.expanded += size
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

    def mapping(
        self, events: Iterator[Any], at: YamlPath, depth: int
    ) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        size = 1
        keys = self.keys
        for key_event in events:
            kind = type(key_event)
            if kind is _MAPPING_END:
                return result, size
            key: Any
            if kind is _SCALAR:
                key = key_event.value
            else:
                key, _ = self.node(key_event, events, at + ("<key>",), depth + 1)
                if not isinstance(key, str):
                    self.problem(
                        "invalid-value", key_event.start_mark, "a mapping key must be plain text"
                    )
                    key = None
            value_event = next(events)
            if key is None:
                self.node(value_event, events, at + ("<ignored>",), depth + 1)
                continue
            child = at + (key,) if keys is not None else at
            if key in result:
                first = keys.get(child, (0, 0))[0] if keys is not None else 0
                self.problem(
                    "duplicate-key",
                    key_event.start_mark,
                    f"duplicate key `{key}` (first defined at line {first}); "
                    "YAML would silently keep only the last one",
                )
                self.node(value_event, events, at + ("<duplicate>",), depth + 1)
                continue
            if keys is not None:
                mark = key_event.start_mark
                keys[child] = (mark.line + 1, mark.column + 1)
            elif (
                depth < self.limits.max_depth  # the value, one level down, is within the limit
                and type(value_event) is _SCALAR
                and value_event.tag is None
                and not value_event.style
                and not value_event.anchor
            ):
                # Inline the most common node of all, a plain scalar value, when not tracking.
                text = value_event.value
                result[key] = (
                    text if text and text[0] not in _SPECIAL_FIRST else self.plain(value_event)
                )
                size += 1
                continue
            value, child_size = self.node(value_event, events, child, depth + 1)
            result[key] = value
            size += child_size
        raise _Abort  # pragma: no cover - the parser always closes a mapping

    def sequence(self, events: Iterator[Any], at: YamlPath, depth: int) -> tuple[list[Any], int]:
        result: list[Any] = []
        size = 1
        track = self.values is not None
        for item_event in events:
            if type(item_event) is _SEQUENCE_END:
                return result, size
            child = at + (len(result),) if track else at
            value, child_size = self.node(item_event, events, child, depth + 1)
            result.append(value)
            size += child_size
        raise _Abort  # pragma: no cover - the parser always closes a sequence

    def document(self, events: Iterator[Any]) -> Any:
        """Compose the single document of a goal file; None for an empty stream."""
        data: Any = None
        for event in events:
            if isinstance(event, ev.DocumentStartEvent):
                root = next(events)
                data, _ = self.node(root, events, (), 0)
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


def _events(text: str) -> Iterator[Any]:
    if _CParser is not None:
        parser = _CParser(text)
        try:
            while parser.check_event():
                yield parser.get_event()
        finally:
            parser.dispose()
    else:  # pragma: no cover - exercised only without ruamel.yaml.clib
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)


def token_ends(text: str) -> dict[tuple[int, int], tuple[int, int]]:
    """Where each scalar and alias ends, by where it starts: 1-based (line, column) pairs,
    the end being the column just after the token, as SARIF regions count it.

    Only reports that mark a region need this, so it is a separate pass over the events of a
    file that has findings. No value is composed (an alias bomb costs nothing here); a
    syntax error ends the table where it occurs.
    """
    ends: dict[tuple[int, int], tuple[int, int]] = {}
    with contextlib.suppress(YAMLError, ValueError):
        for event in _events(text):
            if type(event) is _SCALAR or type(event) is _ALIAS:
                start, end = event.start_mark, event.end_mark
                ends[(start.line + 1, start.column + 1)] = (end.line + 1, end.column + 1)
    return ends


def _syntax_message(error: MarkedYAMLError) -> str:
    message = error.problem or "invalid YAML"
    if error.context:
        message = f"{message} {error.context}"
        context, problem = error.context_mark, error.problem_mark
        if context is not None and problem is not None and context.line != problem.line:
            message = f"{message} (at line {context.line + 1})"
    return message


def _compose(text: str, source: SourceMap, limits: Limits, track: bool) -> ParsedYaml:
    problems: list[Problem] = []
    composer = _Composer(source, problems, limits, track)
    data: Any = None
    path = source.path
    try:
        data = composer.document(_events(text))
    except _Abort:
        data = None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problems.append(
            Problem("yaml-syntax", Location(path, line, column), _syntax_message(error))
        )
        data = None
    except (YAMLError, ValueError) as error:  # e.g. a control character the reader refuses
        problems.append(Problem("yaml-syntax", Location(path), f"cannot parse YAML: {error}"))
        data = None
    return ParsedYaml(data, source, problems, parse_suppressions(text))


def parse_yaml(text: str, path: str, limits: Limits | None = None) -> ParsedYaml:
    """Parse one file's text; never raises for bad input, it records problems instead.

    Positions are recorded only when needed: a file that parses cleanly gets a SourceMap that
    builds itself on first use; one with a problem is parsed again with positions on.
    """
    limits = limits or Limits()
    try:
        return _compose(text, SourceMap(path, text, limits), limits, track=False)
    except _Retry:
        source = SourceMap(path, text, limits)
        source._values, source._keys = {}, {}
        return _compose(text, source, limits, track=True)

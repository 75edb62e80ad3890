"""Parse YAML text into plain Python data plus the file, line and column of every key and value.

We compose the document ourselves from ruamel.yaml's parser events instead of using a
constructor, for three reasons: every value keeps its exact position (so findings point at
the right line the way a compiler does), duplicate keys and non-core tags become findings
instead of silent last-wins or object construction, and the C event parser
(ruamel.yaml.clib) is many times faster than any pure-Python loader.
"""

from __future__ import annotations

import re
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


@dataclass(slots=True)
class SourceMap:
    """Where each value and each mapping key of one file starts (1-based line and column)."""

    path: str
    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

    def value(self, at: YamlPath) -> Location:
        """The position of the value at `at`, or of its nearest ancestor that has one."""
        values = self.values
        while at not in values and at:
            at = at[:-1]
        line, column = values.get(at, (1, 1))
        return Location(self.path, line, column)

    def key(self, at: YamlPath) -> Location:
        """The position of the key that names `at`, falling back to its value's position."""
        if at in self.keys:
            line, column = self.keys[at]
            return Location(self.path, line, column)
        return self.value(at)


@dataclass(slots=True)
class Suppressions:
    """`# okrctl: disable=RULE` comments: per line, and for the whole file."""

    lines: dict[int, frozenset[str] | None] = field(default_factory=dict)
    file: frozenset[str] | None = frozenset()

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


def parse_suppressions(text: str) -> Suppressions:
    """Find `# okrctl: disable[=RULE,...]` and `# okrctl: disable-file[=RULE,...]` comments."""
    found = Suppressions()
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
        if _INT.fullmatch(text):
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
        if _INF.fullmatch(text):
            return float("-inf") if first == "-" else float("inf")
        if _NAN.fullmatch(text):
            return float("nan")
        if _OCT.fullmatch(text):
            return int(text[2:], 8)
        if _HEX.fullmatch(text):
            return int(text[2:], 16)
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
    """Turns a stream of parser events into Python data and a SourceMap."""

    def __init__(self, source: SourceMap, problems: list[Problem], limits: Limits) -> None:
        self.source = source
        self.problems = problems
        self.limits = limits
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.aliases = 0
        self.expanded = 0

    def problem(self, rule: str, mark: Any, message: str) -> None:
        self.problems.append(
            Problem(rule, Location(self.source.path, mark.line + 1, mark.column + 1), message)
        )

    def node(self, event: Any, events: Iterator[Any], at: YamlPath, depth: int) -> tuple[Any, int]:
        """Compose one node; returns its value and its size in nodes (aliases expanded)."""
        mark = event.start_mark
        if isinstance(event, ev.AliasEvent):
            return self.alias(event, at)
        self.source.values[at] = (mark.line + 1, mark.column + 1)
        if depth > self.limits.max_depth:
            self.problem(
                "yaml-syntax",
                mark,
                f"nesting deeper than {self.limits.max_depth} levels; a goal file never needs "
                "that (limit `limits.max_depth` in okrctl.yaml)",
            )
            raise _Abort
        if isinstance(event, ev.ScalarEvent):
            value, size = self.scalar(event), 1
        elif isinstance(event, ev.MappingStartEvent):
            value, size = self.mapping(events, at, depth)
        elif isinstance(event, ev.SequenceStartEvent):
            value, size = self.sequence(events, at, depth)
        else:  # pragma: no cover - the parser guarantees one of the above here
            raise _Abort
        tag = getattr(event, "tag", None)
        if tag and tag not in _ALLOWED_TAGS and not isinstance(event, ev.ScalarEvent):
            self.forbidden_tag(mark, tag)
            value = None
        if event.anchor:
            self.anchors[event.anchor] = (value, size)
        return value, size

    def forbidden_tag(self, mark: Any, tag: str) -> None:
        self.problem(
            "yaml-syntax",
            mark,
            f"tag `{_short_tag(tag)}` is not allowed: goal files hold plain data, and okrctl "
            "never constructs objects from tags",
        )

    def alias(self, event: Any, at: YamlPath) -> tuple[Any, int]:
        mark = event.start_mark
        self.source.values[at] = (mark.line + 1, mark.column + 1)
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
            if not plain:
                return text
            try:
                return resolve_plain(text)
            except ValueError:  # an integer too long for Python to convert
                self.problem("invalid-value", event.start_mark, "this number is too large")
                return None
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
        for key_event in events:
            if isinstance(key_event, ev.MappingEndEvent):
                return result, size
            key_mark = key_event.start_mark
            key: Any
            if isinstance(key_event, ev.ScalarEvent):
                key = key_event.value
            else:
                key, _ = self.node(key_event, events, at + ("<key>",), depth + 1)
                if not isinstance(key, str):
                    self.problem("invalid-value", key_mark, "a mapping key must be plain text")
                    key = None
            value_event = next(events)
            if key is None:
                self.node(value_event, events, at + ("<ignored>",), depth + 1)
                continue
            child = at + (key,)
            if key in result:
                first = self.source.keys.get(child, (0, 0))[0]
                self.problem(
                    "duplicate-key",
                    key_mark,
                    f"duplicate key `{key}` (first defined at line {first}); "
                    "YAML would silently keep only the last one",
                )
                self.node(value_event, events, at + ("<duplicate>",), depth + 1)
                continue
            self.source.keys[child] = (key_mark.line + 1, key_mark.column + 1)
            value, child_size = self.node(value_event, events, child, depth + 1)
            result[key] = value
            size += child_size
        raise _Abort  # pragma: no cover - the parser always closes a mapping

    def sequence(self, events: Iterator[Any], at: YamlPath, depth: int) -> tuple[list[Any], int]:
        result: list[Any] = []
        size = 1
        for item_event in events:
            if isinstance(item_event, ev.SequenceEndEvent):
                return result, size
            value, child_size = self.node(item_event, events, at + (len(result),), depth + 1)
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


def _syntax_message(error: MarkedYAMLError) -> str:
    message = error.problem or "invalid YAML"
    if error.context:
        message = f"{message} {error.context}"
        context, problem = error.context_mark, error.problem_mark
        if context is not None and problem is not None and context.line != problem.line:
            message = f"{message} (at line {context.line + 1})"
    return message


def parse_yaml(text: str, path: str, limits: Limits = Limits()) -> ParsedYaml:
    """Parse one file's text; never raises for bad input, it records problems instead."""
    source = SourceMap(path)
    problems: list[Problem] = []
    suppressions = parse_suppressions(text)
    composer = _Composer(source, problems, limits)
    data: Any = None
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
    return ParsedYaml(data, source, problems, suppressions)

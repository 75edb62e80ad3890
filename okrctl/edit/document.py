"""Round-trip edits of a goal file: the edited list changes, every other byte stays as it was.

The file is composed into nodes by the parser okrctl's loader reads goal files with (the C
parser of ruamel.yaml.clib, or ruamel.yaml's pure-Python safe parser where it is missing), so
a file lint accepts is a file the editing commands can read: ruamel.yaml's round-trip parser
refuses valid YAML that the loader accepts (a tab before a comment, `title: x\t# note`). Every
node comes with its exact start and end and its flow or block style. An edit renders only the
new entries (with ruamel.yaml,
in the style of their neighbours: flow `{date: ..., value: ...}` items or block ones, the
file's indentation and line endings) and splices them into the original text. Comments, key
order, quoting, blank lines, indentation and flow style outside the splice are untouched
because they are never re-emitted; a byte-order mark and LF or CRLF line endings are kept.

Callers check the result by parsing it again (see `okrctl.edit.session`): the data must be the
old data with exactly the intended change.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from io import StringIO
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import ComposerError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from okrctl.errors import OkrctlError
from okrctl.load.yamlhints import explain
from okrctl.load.yamlparse import parse_yaml

# The loader's parser: the C one when installed (okrctl.load.yamlparse does the same).
_CParser: Any
try:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]

    _CParser = CParser
except ImportError:  # pragma: no cover - depends on the installation
    _CParser = None

BOM = "\ufeff"
_DASH_PREFIX = re.compile(r" *- +")
_LONE_CR = re.compile(r"\r(?!\n)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

YamlPath = tuple[str | int, ...]


class EditError(OkrctlError):
    """The edit cannot be made safely in this file's layout; nothing is written."""


@dataclass(frozen=True, slots=True)
class Layout:
    """How a file indents: nested keys `mapping` columns in from their key; list dashes
    `offset` columns in from their key, and the items' content `sequence` columns in."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2

    def dash(self, column: int) -> str:
        """The start of a list item's line under a key at `column`: spaces, `-`, spaces."""
        return " " * (column + self.offset) + "-" + " " * (self.sequence - self.offset - 1)


_DEFAULT = Layout()


@dataclass(frozen=True, slots=True)
class ListStyle:
    """How the file writes a kind of list (`checkins`, `measurements`)."""

    flow_list: bool = False  # `checkins: [{...}, {...}]`
    flow_items: bool = True  # `- {date: ..., value: ...}` rather than block mappings
    layout: Layout | None = None  # that list's own indentation


# -- rendering ------------------------------------------------------------------------------


def as_parsed(data: Any) -> Any:
    """Data as okrctl's parser returns it (dates are text in the YAML 1.2 core schema)."""
    if isinstance(data, dict):
        return {k: as_parsed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_parsed(v) for v in data]
    if isinstance(data, date):
        return data.isoformat()
    return data


def _quoted(data: Any) -> Any:
    """The same data with every string double-quoted (when plain text would read otherwise)."""
    if isinstance(data, dict):
        return {k: _quoted(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_quoted(v) for v in data]
    if isinstance(data, str):
        return DoubleQuotedScalarString(data)
    return data


def _styled(data: Any, flow_keys: frozenset[str], key: str | None = None) -> Any:
    """Plain data as ruamel.yaml objects; mappings and lists under `flow_keys` on one line."""
    if isinstance(data, dict):
        mapping = CommentedMap((k, _styled(v, flow_keys, k)) for k, v in data.items())
        if key in flow_keys:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(data, list):
        sequence = CommentedSeq(_styled(item, flow_keys) for item in data)
        if key in flow_keys:
            sequence.fa.set_flow_style()
        return sequence
    return data


def _dump(data: Any, layout: Layout | None = None) -> str:
    yaml = YAML(typ="rt")
    yaml.width = 1_000_000  # never fold a long title or note
    if layout is not None:
        yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    buffer = StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _reads_back(text: str, expected: Any) -> bool:
    """Whether okrctl's own parser reads `text` as `expected` (types included)."""
    parsed = parse_yaml(text, "<edit>")
    return not parsed.problems and typed(parsed.data) == typed(as_parsed(expected))


def typed(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [typed(v) for v in data]
    return (type(data).__name__, data)


def _needs_quotes(text: str, flow: bool) -> bool:
    """Whether ruamel.yaml quotes `text`, in a flow collection or in block style."""
    sequence = CommentedSeq([text])
    if flow:
        sequence.fa.set_flow_style()
    return not _dump(sequence).startswith(("[" if flow else "- ") + text[:1])


def _prefer(data: Any, quote: str, flow: bool) -> Any:
    """With `quote` '"', strings that need quotes get double ones (ruamel.yaml picks single)."""
    if quote != '"':
        return data
    if isinstance(data, dict):
        return {k: _prefer(v, quote, flow) for k, v in data.items()}
    if isinstance(data, list):
        return [_prefer(v, quote, flow) for v in data]
    if isinstance(data, str) and _needs_quotes(data, flow):
        return DoubleQuotedScalarString(data)
    return data


def render_flow_item(item: dict[str, Any], quote: str = '"') -> str:
    """`{date: 2026-11-22, value: 44, note: "a, b"}`: a mapping on one line, quoted as needed
    (with `quote`, `'` or `"`, when a string needs quotes)."""
    for candidate in (_prefer(item, quote, flow=True), _quoted(item)):
        mapping = CommentedMap(candidate)
        mapping.fa.set_flow_style()
        text = _dump(CommentedSeq([mapping]))
        if text.startswith("- ") and text.count("\n") == 1 and _reads_back(text, [item]):
            return text[2:-1]
    raise EditError(f"cannot write {item!r} as YAML that reads back the same")


def render_block(
    data: Any, layout: Layout, flow_keys: frozenset[str] = frozenset(), quote: str = '"'
) -> list[str]:
    """Block-style YAML lines (without line ends) for `data`, indented by `layout`."""
    for candidate in (_prefer(data, quote, flow=False), _quoted(data)):
        text = _dump(_styled(candidate, flow_keys), layout)
        if _reads_back(text, data):
            return text.splitlines()
    raise EditError("cannot write the new entry as YAML that reads back the same")


# -- the document ---------------------------------------------------------------------------


def _events(text: str) -> Iterator[Any]:
    """The parser events of `text`, from the parser okrctl's loader uses."""
    if _CParser is None:  # pragma: no cover - exercised only without ruamel.yaml.clib
        yield from YAML(typ="safe", pure=True).parse(text)
        return
    parser = _CParser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


def compose(text: str) -> Node | None:
    """The nodes of a YAML text as okrctl's loader parses it (None for an empty stream).

    Composed from the parser's events without recursion (the C composer recurses in C, and
    deep enough nesting would overflow its stack). An alias is the very node of its anchor,
    seen twice. YAMLError for text the loader refuses too.
    """
    root: Node | None = None
    anchors: dict[str, Node] = {}
    # The collections open around the current event; for a mapping, its key waiting for a
    # value (None when the next node is a key).
    open_nodes: list[tuple[CollectionNode, list[Node | None]]] = []
    documents = 0
    for event in _events(text):
        node: Node
        if isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise ComposerError(
                    "expected a single document in the stream",
                    None,
                    "but found another document",
                    event.start_mark,
                )
            continue
        if isinstance(event, MappingEndEvent | SequenceEndEvent):
            closed, _ = open_nodes.pop()
            closed.end_mark = event.end_mark
            continue
        if isinstance(event, AliasEvent):
            if event.anchor not in anchors:
                raise ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
            node = anchors[event.anchor]
        elif isinstance(event, ScalarEvent):
            node = ScalarNode(event.tag, event.value, event.start_mark, event.end_mark, event.style)
        elif isinstance(event, SequenceStartEvent | MappingStartEvent):
            kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
            node = kind(event.tag, [], event.start_mark, None, event.flow_style)
        else:  # stream and document ends
            continue
        if getattr(event, "anchor", None) and not isinstance(event, AliasEvent):
            anchors[event.anchor] = node
        if not open_nodes:
            root = node
        else:
            parent, pending = open_nodes[-1]
            if isinstance(parent, SequenceNode):
                parent.value.append(node)
            elif pending[0] is None:
                pending[0] = node
            else:
                parent.value.append((pending[0], node))
                pending[0] = None
        if isinstance(node, CollectionNode) and not isinstance(event, AliasEvent):
            open_nodes.append((node, [None]))
    return root


def _has_alias(root: Node) -> bool:
    """Whether a node is reached twice (an alias shares its anchor's node)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, SequenceNode):
            stack += node.value
    return False


def _one_line(error: YAMLError, text: str) -> str:
    """A parser error as one line: what is wrong, and where (ruamel.yaml's own text quotes
    the line and points at it, over five lines). A tab, a bad indent or an unquoted colon is
    worded as lint words it."""
    if isinstance(error, MarkedYAMLError):
        found = explain(error, text)
        if found.reworded:
            return f"line {found.line}, column {found.column}: {found.message}"
        mark = error.problem_mark or error.context_mark
        what = " ".join(part for part in (error.context, error.problem) if part)
        if mark is not None:
            return f"line {mark.line + 1}, column {mark.column + 1}: {what or 'invalid YAML'}"
        return what or "invalid YAML"
    return " ".join(str(error).split())


def _flow(node: Node) -> bool:
    """Whether a collection is written in flow style, `[...]` or `{...}`."""
    return bool(getattr(node, "flow_style", False))


def _is_empty(node: Node) -> bool:
    """A value left out (`key:` and nothing), which ends where the next token starts."""
    return (
        isinstance(node, ScalarNode)
        and not node.style  # plain: None or "", as the parsers differ
        and node.value == ""
        and node.start_mark.index == node.end_mark.index
    )


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and not node.style and node.value in _NULLS


def _children(node: Node) -> Iterator[tuple[ScalarNode | None, Node]]:
    if isinstance(node, MappingNode):
        yield from node.value
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield None, item


def _walk(node: Node) -> Iterator[tuple[ScalarNode | None, Node]]:
    """Every (key, node) pair below `node`, depth first (key None for list items); without
    recursion, however deep the file."""
    stack = [_children(node)]
    while stack:
        for key, child in stack[-1]:
            yield key, child
            stack.append(_children(child))
            break
        else:
            stack.pop()


def dotted(path: YamlPath) -> str:
    """`objectives[0].key_results[1]` for ("objectives", 0, "key_results", 1)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class Document:
    """The text of one goal file, with the positions of its nodes, edited by splicing."""

    def __init__(self, raw: bytes, shown: str) -> None:
        self.shown = shown
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise EditError(f"{shown} is not valid UTF-8; okrctl cannot edit it") from None
        self.bom = text.startswith(BOM)
        self.text = text[1:] if self.bom else text
        if _LONE_CR.search(self.text):
            raise EditError(f"{shown} has old Mac line endings (a lone CR); use LF or CRLF")
        crlf = self.text.count("\r\n")
        self.newline = "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"
        self._compose()
        if _has_alias(self.root):
            # An alias shares its anchor's node: an edit there would show up in two places.
            raise EditError(f"{shown} uses YAML aliases (*name); okrctl does not edit such files")
        self.quote = self._preferred_quote()

    def _preferred_quote(self) -> str:
        """The quote character the file uses most for quoted scalars; `"` when it has none."""
        styles = Counter(
            node.style
            for _, node in _walk(self.root)
            if isinstance(node, ScalarNode) and node.style in ("'", '"')
        )
        return "'" if styles["'"] > styles['"'] else '"'

    def _compose(self) -> None:
        try:
            root = compose(self.text)
        except YAMLError as error:  # the loader refuses it too: lint reports it
            raise EditError(
                f"{self.shown} cannot be parsed ({_one_line(error, self.text)}); "
                "okrctl lint shows why"
            ) from None
        except ValueError as error:  # a character the reader refuses, as in the loader
            raise EditError(f"{self.shown} cannot be parsed: {error}") from None
        if not isinstance(root, MappingNode):
            raise EditError(f"{self.shown} is not a YAML mapping")
        self.root: MappingNode = root

    def to_bytes(self) -> bytes:
        return ((BOM if self.bom else "") + self.text).encode("utf-8")

    # -- finding nodes ------------------------------------------------------------------------

    def node(self, path: YamlPath) -> Node | None:
        """The node at `path` (mapping keys and list indexes), or None when absent."""
        node: Node = self.root
        for part in path:
            if isinstance(part, str):
                entry = self._entry(node, part)
                if entry is None:
                    return None
                node = entry[1]
            elif isinstance(node, SequenceNode) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return None
        return node

    @staticmethod
    def _entry(node: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
        if not isinstance(node, MappingNode):
            return None
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node, value
        return None

    def entry(self, path: YamlPath) -> tuple[ScalarNode, Node] | None:
        """The key node and value node of the mapping entry at `path`."""
        if not path or not isinstance(path[-1], str):
            return None
        return self._entry(self.node(path[:-1]), path[-1])

    def _mapping(self, path: YamlPath) -> MappingNode:
        node = self.node(path)
        if not isinstance(node, MappingNode) or not node.value:
            raise EditError(f"{self.shown}: no mapping to edit at {dotted(path) or 'the top'}")
        return node

    def _sequence(self, path: YamlPath) -> SequenceNode:
        node = self.node(path)
        if not isinstance(node, SequenceNode):
            raise EditError(f"{self.shown}: no list to edit at {dotted(path)}")
        return node

    # -- positions ----------------------------------------------------------------------------

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def _line_end(self, index: int) -> int:
        """The start of the line after the one that holds the character before `index`."""
        if index > 0 and self.text[index - 1] == "\n":
            return index
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def _end(self, node: Node) -> int:
        """Where the text of `node` ends: its last character, not the comments after it."""
        if isinstance(node, ScalarNode) or _flow(node) or not node.value:
            return int(node.end_mark.index)
        if isinstance(node, MappingNode):
            return self._entry_end(node.value[-1])
        last = node.value[-1]
        if _is_empty(last):
            raise EditError(f"{self.shown}: empty list item at line {last.start_mark.line + 1}")
        return self._end(last)

    def _entry_end(self, entry: tuple[Node, Node]) -> int:
        key, value = entry
        # `key:` with nothing after it ends just after the colon.
        return self._colon_after(key) if _is_empty(value) else self._end(value)

    def _after(self, end: int, deeper_than: int) -> int:
        """Where a line can go after text ending at `end`: past its line, and past the comment
        lines right after it indented more than `deeper_than` (they belong to it)."""
        index = self._line_end(end)
        while index < len(self.text):
            stop = self._line_end(index + 1)
            line = self.text[index:stop].rstrip("\r\n")
            stripped = line.lstrip(" ")
            if not stripped.startswith("#") or len(line) - len(stripped) <= deeper_than:
                break
            index = stop
        return index

    def _dash_prefix(self, item: Node) -> str:
        start = int(item.start_mark.index)
        prefix = self.text[self._line_start(start) : start]
        if not _DASH_PREFIX.fullmatch(prefix):
            raise EditError(
                f"{self.shown}: the list item at line {item.start_mark.line + 1} has a layout "
                "okrctl does not edit (one item per line, `- ` first)"
            )
        return prefix

    def _splice(self, start: int, end: int, text: str) -> None:
        self.text = self.text[:start] + text + self.text[end:]
        self._compose()

    def _insert_lines(self, index: int, lines: Sequence[str]) -> None:
        """Insert whole lines at `index` (a line start, or the end of a file that has no final
        line break), with the file's line ending."""
        block = self.newline.join(lines)
        if index == len(self.text) and self.text and not self.text.endswith("\n"):
            self._splice(index, index, self.newline + block)
        else:
            self._splice(index, index, block + self.newline)

    # -- conventions --------------------------------------------------------------------------

    def layout(self) -> Layout:
        """The indentation the file uses most."""
        mappings: Counter[int] = Counter()
        sequences: Counter[tuple[int, int]] = Counter()
        for parent in [self.root, *(node for _, node in _walk(self.root))]:
            if not isinstance(parent, MappingNode) or parent.flow_style:
                continue
            for key, value in parent.value:
                if isinstance(value, MappingNode) and not value.flow_style and value.value:
                    column = int(key.start_mark.column)
                    mappings[int(value.value[0][0].start_mark.column) - column] += 1
                elif isinstance(value, SequenceNode) and not value.flow_style and value.value:
                    indent = self._sequence_indent(key, value)
                    if indent is not None:
                        sequences[indent] += 1
        mapping = mappings.most_common(1)[0][0] if mappings else _DEFAULT.mapping
        offset, sequence = (
            sequences.most_common(1)[0][0] if sequences else (_DEFAULT.offset, _DEFAULT.sequence)
        )
        return _sane(mapping, sequence, offset)

    def _sequence_indent(self, key: Node, sequence: SequenceNode) -> tuple[int, int] | None:
        """(dash offset, content offset) of a block list, relative to its key's column."""
        start = int(sequence.value[0].start_mark.index)
        prefix = self.text[self._line_start(start) : start]
        if not _DASH_PREFIX.fullmatch(prefix):
            return None
        column = int(key.start_mark.column)
        return prefix.index("-") - column, len(prefix) - column

    def list_layout(self, path: YamlPath) -> Layout:
        """The file's layout, with the dash and content offsets of the block list at `path`."""
        layout = self.layout()
        entry = self.entry(path)
        sequence = entry[1] if entry is not None else None
        if isinstance(sequence, SequenceNode) and sequence.value and not sequence.flow_style:
            assert entry is not None
            indent = self._sequence_indent(entry[0], sequence)
            if indent is not None:
                layout = _sane(layout.mapping, indent[1], indent[0])
        return layout

    def list_style(self, key: str) -> ListStyle:
        """How the file writes lists under `key`, from the first non-empty one."""
        for key_node, node in _walk(self.root):
            if key_node is None or key_node.value != key or not isinstance(node, SequenceNode):
                continue
            if node.value:
                first = node.value[0]
                flow_items = isinstance(first, MappingNode) and bool(first.flow_style)
                indent = None if node.flow_style else self._sequence_indent(key_node, node)
                layout = self.layout()
                if indent is not None:
                    layout = _sane(layout.mapping, indent[1], indent[0])
                return ListStyle(bool(node.flow_style), flow_items, layout)
        return ListStyle()

    def mapping_style(self, key: str) -> bool:
        """Whether mappings under `key` (band, warn) are written on one line; True if none."""
        for key_node, node in _walk(self.root):
            if key_node is not None and key_node.value == key and isinstance(node, MappingNode):
                return bool(node.flow_style)
        return True

    def flow_list(self, key: str) -> bool:
        """Whether lists under `key` (contributors) are written `[...]`; True if none."""
        for key_node, node in _walk(self.root):
            if key_node is not None and key_node.value == key and isinstance(node, SequenceNode):
                return bool(node.flow_style)
        return True

    # -- edits of flat lists (check-ins, measurements) ----------------------------------------

    def _item_lines(self, prefix: str, item: dict[str, Any], flow: bool) -> list[str]:
        """The new item as lines after `prefix`: one flow mapping, or a block one."""
        if flow:
            return [prefix + render_flow_item(item, self.quote)]
        body = render_block(item, self.layout(), quote=self.quote)
        indent = " " * len(prefix)
        return [prefix + body[0], *(indent + line for line in body[1:])]

    def insert_item(self, path: YamlPath, index: int, item: dict[str, Any]) -> None:
        """Insert a flat mapping into the list at `path` at position `index`, styled like the
        items around it."""
        sequence = self._sequence(path)
        items = sequence.value
        if not 0 <= index <= len(items):
            raise EditError(f"{self.shown}: position {index} is outside {dotted(path)}")
        if sequence.flow_style:
            self._insert_flow_item(sequence, index, render_flow_item(item, self.quote))
            return
        model = items[min(index, len(items) - 1)]
        prefix = self._dash_prefix(model)
        flow = not isinstance(model, MappingNode) or bool(model.flow_style)
        lines = self._item_lines(prefix, item, flow)
        if index == 0:
            self._insert_lines(self._line_start(int(items[0].start_mark.index)), lines)
        else:
            self._insert_lines(self._after(self._end(items[index - 1]), prefix.index("-")), lines)

    def replace_item(self, path: YamlPath, index: int, item: dict[str, Any]) -> None:
        """Replace the flat mapping at `index` of the list at `path`, in the same style."""
        sequence = self._sequence(path)
        old = sequence.value[index]
        start, end = int(old.start_mark.index), self._end(old)
        if sequence.flow_style or not isinstance(old, MappingNode) or old.flow_style:
            self._splice(start, end, render_flow_item(item, self.quote))
            return
        prefix = self._dash_prefix(old)
        lines = self._item_lines(prefix, item, flow=False)
        self._splice(start, end, self.newline.join([lines[0][len(prefix) :], *lines[1:]]))

    def _insert_flow_item(self, sequence: SequenceNode, index: int, rendered: str) -> None:
        items = sequence.value
        start, end = int(sequence.start_mark.index), int(sequence.end_mark.index)
        if not items:
            if self.text[start:end].replace(" ", "") != "[]":
                line = sequence.start_mark.line + 1
                raise EditError(f"{self.shown}: unusual list at line {line}")
            self._splice(start, end, f"[{rendered}]")
            return
        if len(items) >= 2:
            separator = self.text[self._end(items[-2]) : int(items[-1].start_mark.index)]
        elif items[0].start_mark.line != sequence.start_mark.line:
            separator = "," + self.newline + " " * int(items[0].start_mark.column)
        else:
            separator = ", "
        if separator.strip(" \r\n") != "," or "#" in separator:
            separator = ", "
        if index == len(items):
            at = self._end(items[-1])
            self._splice(at, at, separator + rendered)
        else:
            at = int(items[index].start_mark.index)
            self._splice(at, at, rendered + separator)

    def set_list(
        self,
        mapping_path: YamlPath,
        key: str,
        items: Sequence[dict[str, Any]],
        replacing: str | None = None,
        before: str | None = None,
    ) -> None:
        """Give the mapping at `mapping_path` the list `key` with `items`.

        The list takes the place of the entry `replacing` (a `current:` being converted, or
        `key` itself when it is empty), else it goes just before the entry `before` (an
        objective's `initiatives:` before its `key_results:`, which holds the rest of the
        objective) when the mapping has one on a line of its own, else after the mapping's
        last entry. It is written like the file's other lists of that name, or as `- {...}`
        items.
        """
        mapping = self._mapping(mapping_path)
        old = self._entry(mapping, replacing) if replacing else None
        style = self.list_style(key)
        if mapping.flow_style or style.flow_list:
            head = f"{key}: [{', '.join(render_flow_item(i, self.quote) for i in items)}]"
            lines: list[str] = []
        else:
            head = f"{key}:"
            column = int(mapping.value[0][0].start_mark.column)
            prefix = (style.layout or self.layout()).dash(column)
            lines = [line for i in items for line in self._item_lines(prefix, i, style.flow_items)]
        if old is not None:
            start = int(old[0].start_mark.index)
            self._splice(start, self._entry_end(old), head)
            if lines:
                self._insert_lines(self._line_end(start + len(head)), lines)
        elif mapping.flow_style:
            at = self._entry_end(mapping.value[-1])
            self._splice(at, at, ", " + head)
        else:
            column = int(mapping.value[0][0].start_mark.column)
            spot = self._before(mapping, before, column) if before else None
            if spot is None:
                spot = self._after(self._entry_end(mapping.value[-1]), column)
            self._insert_lines(spot, [" " * column + head, *lines])

    def _before(self, mapping: MappingNode, key: str, column: int) -> int | None:
        """Where lines go to come before the entry `key` of a block mapping: the start of its
        line, above the blank lines and the comments at its column right over it (they
        introduce it), never inside the entry before it; None when the mapping has no such
        entry, or it is the first (on the list item's `- ` line) or shares its line."""
        keys = [k for k, _ in mapping.value]
        found = next((i for i, k in enumerate(keys) if k.value == key), None)
        if not found:  # None, or 0: the first entry sits on the dash line
            return None
        node = keys[found]
        index = self._line_start(int(node.start_mark.index))
        if (
            self.text[index : int(node.start_mark.index)].strip(" ")
            or node.start_mark.column != column
        ):
            return None
        floor = self._line_end(self._entry_end(mapping.value[found - 1]))
        while index > floor:
            start = self._line_start(index - 1)
            line = self.text[start:index].rstrip("\r\n")
            stripped = line.lstrip(" ")
            comment = stripped.startswith("#") and len(line) - len(stripped) == column
            if stripped and not comment:
                break
            index = start
        return index

    # -- edits of scalar entries (a key result's `status: dropped`) ---------------------------

    def set_fields(self, mapping_path: YamlPath, fields: dict[str, Any]) -> None:
        """Give the mapping at `mapping_path` these scalar entries: an entry it has gets its
        value replaced in place, the others go after its last entry, in the mapping's style."""
        for key, value in fields.items():
            # `{key: value}` as one flow mapping is quoted as a flow context needs, which
            # block context reads the same.
            rendered = render_flow_item({key: value}, self.quote)[1:-1].strip()
            mapping = self._mapping(mapping_path)
            old = self._entry(mapping, key)
            if old is not None:
                if not isinstance(old[1], ScalarNode):
                    raise EditError(f"{self.shown}: `{key}` at {dotted(mapping_path)} is no value")
                self._splice(int(old[0].start_mark.index), self._entry_end(old), rendered)
            elif mapping.flow_style:
                at = self._entry_end(mapping.value[-1])
                self._splice(at, at, ", " + rendered)
            else:
                column = int(mapping.value[0][0].start_mark.column)
                after = self._after(self._entry_end(mapping.value[-1]), column)
                self._insert_lines(after, [" " * column + rendered])

    # -- edits of nested lists (objectives, KPIs) ---------------------------------------------

    def append_block(self, key: str, item: dict[str, Any], flow_keys: frozenset[str]) -> None:
        """Append a nested mapping (an objective, a KPI) to the top-level list `key`, creating
        the list at the end of the file if needed; a blank line before it if the items are
        separated by blank lines."""
        entry = self._entry(self.root, key)
        if entry is not None and not _is_null(entry[1]):
            key_node, sequence = entry
            if not isinstance(sequence, SequenceNode):
                raise EditError(f"{self.shown}: `{key}` is not a list")
            column = int(key_node.start_mark.column)
            layout = self.list_layout((key,))
            block = render_block([item], layout, flow_keys, self.quote)
            lines = [" " * column + line for line in block]
            if sequence.flow_style:
                if sequence.value:
                    raise EditError(
                        f"{self.shown}: `{key}` is a flow-style list `[...]`; okrctl appends "
                        "only to block lists"
                    )
                start = self._colon_after(key_node)
                self._splice(start, int(sequence.end_mark.index), "")
                self._insert_lines(self._line_end(start), lines)
                return
            items = sequence.value
            if self._blank_between(items):
                lines = ["", *lines]
            dash = column + layout.offset
            self._insert_lines(self._after(self._end(items[-1]), dash), lines)
            return
        lines = render_block({key: [item]}, self.list_layout((key,)), flow_keys, self.quote)
        if entry is not None:  # `objectives:` with nothing (or null) after it
            start = int(entry[0].start_mark.index)
            self._splice(start, self._entry_end(entry), lines[0])
            self._insert_lines(self._line_end(start + len(lines[0])), lines[1:])
            return
        if self.root.flow_style:
            raise EditError(f"{self.shown} is written as one flow mapping; edit it by hand")
        self._insert_lines(self._after(self._entry_end(self.root.value[-1]), 0), lines)

    def _colon_after(self, key: Node) -> int:
        """Just after the `:` that follows a key."""
        index = self._end(key)
        while index < len(self.text) and self.text[index] in " \t":
            index += 1
        if index < len(self.text) and self.text[index] == ":":
            return index + 1
        raise EditError(f"{self.shown}: unusual key layout at line {key.start_mark.line + 1}")

    def _blank_between(self, items: Sequence[Node]) -> bool:
        if len(items) < 2:
            return False
        between = self.text[self._end(items[-2]) : int(items[-1].start_mark.index)]
        return any(not line.strip() for line in between.split("\n")[1:-1])


def _sane(mapping: int, sequence: int, offset: int) -> Layout:
    if mapping < 1 or offset < 0 or sequence < offset + 2:
        return Layout()
    return Layout(mapping, sequence, offset)

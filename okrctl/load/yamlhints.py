"""Parser errors as findings: the three commonest YAML mistakes named with their fix.

A tab in the indentation, a line indented to no open block and an unquoted `: ` in a value
give the parser's least helpful messages ("found character that cannot start any token",
"did not find expected '-' indicator", "mapping values are not allowed in this context").
For those, `explain` reads the text around the parser's mark, says what is wrong and how to
fix it, and keeps the parser's own words after it; every other error keeps the parser's
message as it always read. The loader (`okrctl.load.yamlparse`) and the editing commands
(`okrctl.edit.document`) both word a parse error through here: one message, lint and edit
alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ruamel.yaml.error import MarkedYAMLError

from okrctl.wording import excerpt

__all__ = ["SyntaxProblem", "explain", "parser_words"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A block sequence entry: the dash, then spaces (or the end of the line).
_DASH = re.compile(r"-(?:[ \t]+|$)")
# A block mapping key on a line: plain or quoted, then `:` and a space or the end of the line.
_KEY = re.compile(
    r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}\[\],&*!|>%@`?:-][^#]*?"""
    r"""|-[^\s#][^#]*?)[ \t]*:(?:[ \t]+|$)"""
)
# What a value starts with when it is not a plain scalar (quoted, flow, anchor, tag, block).
_NOT_PLAIN = frozenset("\"'{[&*!|>%@`")
_COMMENT = re.compile(r"(?:^|[ \t])#")
_INDENT_PROBLEMS = ("did not find expected '-' indicator", "did not find expected key")
_COLON_PROBLEM = "mapping values are not allowed in this context"

# Keys and indents are read from this many characters of a line at most: a pathological
# line (a megabyte of spaces) costs no more than a plain one.
_READ = 4000

Kind = Literal["seq", "map"]


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """Where a parse error is (1-based line and column) and what to say about it."""

    line: int
    column: int
    message: str
    reworded: bool  # False: the parser's own message, as it always read


def parser_words(error: MarkedYAMLError) -> str:
    """The parser's message on one line: the problem, its context, where the context began."""
    message = error.problem or "invalid YAML"
    if error.context:
        message = f"{message} {error.context}"
        context, problem = error.context_mark, error.problem_mark
        if context is not None and problem is not None and context.line != problem.line:
            message = f"{message} (at line {context.line + 1})"
    return message


def explain(error: MarkedYAMLError, text: str) -> SyntaxProblem:
    """The finding for a parse error of `text`: a tab, a bad indent or an unquoted colon
    named with its fix, the parser's words kept after it; any other error as the parser
    worded it, at its mark."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    raw = SyntaxProblem(line + 1, column + 1, parser_words(error), False)
    if mark is None:
        return raw
    lines = [part[:_READ] for part in _LINE_BREAK.split(text)]
    if line >= len(lines) or column >= _READ:
        return raw
    problem = error.problem or ""
    context_line = error.context_mark.line if error.context_mark is not None else 0
    found = (
        _tab(problem, lines, line, column)
        or _colon(problem, lines, line, column)
        or _indent(problem, lines, line, column, context_line)
    )
    return found or raw


def _yaml(problem: str) -> str:
    return f"(YAML: {problem})"


def _tab(problem: str, lines: list[str], line: int, column: int) -> SyntaxProblem | None:
    """A tab where YAML wants indentation: at the mark, or in the indentation of its line."""
    text = lines[line]
    at_tab = column < len(text) and text[column] == "\t"
    if not at_tab and "tab character" not in problem:
        return None  # e.g. `@` or a backquote, which cannot start a token either
    if not at_tab:
        lead = re.match(r"(?:[ \t]|-(?=[ \t]))*", text)
        tab = lead.group().find("\t") if lead else -1
        if tab < 0:
            return None
        column = tab
    return SyntaxProblem(
        line + 1,
        column + 1,
        "a tab in the indentation: YAML indents with spaces only; replace the tab with "
        f"spaces {_yaml(problem)}",
        True,
    )


def _after_dashes(text: str) -> tuple[list[int], int]:
    """The columns (0-based) of a line's leading `- ` entries, and where its content starts."""
    dashes: list[int] = []
    at = len(text) - len(text.lstrip(" "))
    while True:
        dash = _DASH.match(text, at)
        if dash is None:
            return dashes, at
        dashes.append(at)
        at = dash.end()


def _plain_value(rest: str) -> tuple[str, int] | None:
    """For `key: value` (a line's content after its dashes): the key and where its plain
    value starts; None when it is no such line."""
    key = _KEY.match(rest)
    if key is None or key.end() >= len(rest) or rest[key.end()] in _NOT_PLAIN:
        return None
    return key.group("key"), key.end()


def _quoted(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _colon_message(key: str, value: str, problem: str) -> str:
    return (
        f"the value of `{excerpt(key, 40)}` holds `: `, which YAML reads as a new key; quote "
        f"the value: {excerpt(f'{key}: {_quoted(value)}')} {_yaml(problem)}"
    )


def _colon(problem: str, lines: list[str], line: int, column: int) -> SyntaxProblem | None:
    """`key: text: more`: the second `: ` starts a key where a value is being read."""
    text = lines[line]
    if column >= len(text) or text[column] != ":":
        return None
    if problem == _COLON_PROBLEM:
        _, start = _after_dashes(text)
        rest = text[start:column]
        found = _plain_value(rest + text[column:])
        if found is None or found[1] > len(rest):
            return None  # the line's first `: `: an indent, not a value's colon
        key, value_start = found
        value = text[start + value_start :]
        comment = _COMMENT.search(value)
        value = (value[: comment.start()] if comment else value).strip()
        return SyntaxProblem(line + 1, column + 1, _colon_message(key, value, problem), True)
    if problem.startswith("did not find expected ',' or '}'"):
        # In a flow mapping `{..., note: a: b}`: the value runs from its key to `,` or `}`.
        entry = max(text.rfind("{", 0, column), text.rfind(",", 0, column))
        if entry < 0:
            return None
        found = _plain_value(text[entry + 1 : column].lstrip() + text[column:])
        if found is None:
            return None
        key, value_start = found
        tail = text[entry + 1 :].lstrip()[value_start:]
        end = re.search(r"[,}]|[ \t]#", tail)
        value = (tail[: end.start()] if end else tail).strip()
        return SyntaxProblem(line + 1, column + 1, _colon_message(key, value, problem), True)
    return None


@dataclass(slots=True)
class _Block:
    column: int  # 0-based: where its dashes or its keys start
    kind: Kind


class _Scan:
    """The block collections open at each line, read from the text the way the parser
    nests them by indentation (enough to place a line among its siblings)."""

    def __init__(self) -> None:
        self.open: list[_Block] = []
        self.expects_child = True  # the previous line ended in `key:` or `-`: a new block
        self.flow_depth = 0

    def entries(self, text: str) -> tuple[list[_Block], str]:
        """The blocks a line's dashes and key start, and what follows them."""
        dashes, start = _after_dashes(text)
        blocks = [_Block(at, "seq") for at in dashes]
        rest = text[start:]
        key = _KEY.match(rest)
        if key is not None:
            blocks.append(_Block(start, "map"))
            rest = rest[key.end() :]
        return blocks, rest

    def place(self, blocks: list[_Block]) -> list[_Block] | None:
        """The open blocks after a line starting with `blocks`; None when its first block
        aligns with no open block."""
        first = blocks[0]
        inner = self.open[-1] if self.open else None
        if self.expects_child and (
            inner is None
            or first.column > inner.column
            # `key:` then `- item` in the key's own column: an indentless sequence.
            or (first.column == inner.column and first.kind == "seq" and inner.kind == "map")
        ):
            return self.open + blocks
        kept = [block for block in self.open if block.column <= first.column]
        if (
            kept
            and kept[-1].column == first.column
            and (kept[-1].kind, first.kind)
            == (
                "seq",
                "map",
            )
        ):
            kept.pop()  # an indentless sequence ends at its parent's next key
        if kept and kept[-1].column == first.column and kept[-1].kind == first.kind:
            return kept[:-1] + blocks  # a sibling: the same block goes on
        return None

    def after(self, rest: str) -> None:
        """What the line's remaining text says about the next lines."""
        value = _COMMENT.split(rest, maxsplit=1)[0].strip() if rest else ""
        self.expects_child = not value
        if value[:1] in ("{", "["):
            self.flow_depth = max(0, _brackets(value))


def _brackets(text: str) -> int:
    """How many flow brackets a line leaves open (quotes skipped)."""
    depth, quote = 0, ""
    for char in text:
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        elif char == "#":
            break
    return depth


def _indent(
    problem: str, lines: list[str], line: int, column: int, context_line: int
) -> SyntaxProblem | None:
    """A line indented to no open block: the first such line up to the mark (the parser may
    stop a line later), and the column of the siblings it should align with."""
    colon = problem == _COLON_PROBLEM  # the line's first `: `, read as part of a value
    if not colon and not problem.startswith(_INDENT_PROBLEMS + ("expected <block end>",)):
        return None
    scan = _Scan()
    for number in range(line + 1):
        text = lines[number]
        stripped = text.strip(" ")
        if scan.flow_depth:
            scan.flow_depth = max(0, scan.flow_depth + _brackets(stripped))
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if text.startswith(("---", "...", "%")):
            scan = _Scan()
            continue
        blocks, rest = scan.entries(text)
        at = len(text) - len(text.lstrip(" "))
        innermost = scan.open[-1].column if scan.open else -1
        if number < line and not scan.expects_child and at > innermost:
            continue  # a value's next line (a plain scalar goes on, a block scalar)
        if not blocks:
            if number == line and colon:
                blocks = [_Block(at, "map")]  # `key:` read as part of the previous value
            else:
                scan.expects_child = False  # a scalar item or document
                continue
        placed = scan.place(blocks)
        if placed is None:
            if number < context_line:
                return None  # before the collection the parser was in: not ours to judge
            if number == line and not colon and column != at:
                return None
            return _misaligned(number, blocks[0], scan.open, problem)
        if number == line:
            return None  # aligned after all: another mistake, keep the parser's words
        scan.open = placed
        scan.after(rest)
    return None


def _misaligned(
    number: int, first: _Block, open_blocks: list[_Block], problem: str
) -> SyntaxProblem | None:
    """The finding for a line whose first block starts at no open block's column."""
    siblings = [block.column for block in open_blocks if block.kind == first.kind]
    if not siblings:
        return None
    # The nearest block of the same kind; of two as near, the deeper (the one it follows).
    nearest = min(siblings, key=lambda at: (abs(at - first.column), -at))
    return SyntaxProblem(
        number + 1,
        first.column + 1,
        f"this line is indented to column {first.column + 1}, but its siblings start at "
        f"column {nearest + 1}: align it with them {_yaml(problem)}",
        True,
    )

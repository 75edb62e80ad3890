"""Text tables that stay readable at any width: ids, numbers and statuses are never wrapped or
cut, and a title gives way first (issue 15).

How one table is laid out at the console's width:

- Every column but the title holds short tokens (ids, refs, numbers, statuses, dates,
  owners): each is as wide as its widest cell and is never wrapped or cut.
- The title column takes the width left over. A title longer than that is cut with "…" and
  follows in full on the next line (or two), indented and wrapped at the width: a long title
  costs a line or two more, never a column of one word per line. The JSON formats carry every
  title in full as well.
- When fewer than MIN_TITLE columns are left for titles, the rows leave the title column out
  and every title follows its row on its own line(s).
- When even the rows without titles are wider than the width, the first column (an id) is
  narrowed: an id longer than it stands whole on a line of its own, the rest of its row on the
  next line.
- The first column is the row's id or ref, so no two rows of a table print the same, however
  their titles are cut.

Columns are separated by `gap` blanks (MIN_GAP when the rows would not fit otherwise), the
header is underlined (`-`, or `─` in colour), and no line ends in blanks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

MIN_TITLE = 20  # a title column narrower than this says too little: titles go below instead
MIN_GAP = 2  # a table asking for wider gaps gets this when it would not fit otherwise
MIN_LEAD = 8  # the first column is never narrowed below this (nor below its header)

Cell = Text | str


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header, and whether its cells are aligned right (numbers)."""

    header: str
    right: bool = False


def _text(cell: Cell) -> Text:
    return cell.copy() if isinstance(cell, Text) else Text(cell)


def _indent(cell: Cell) -> int:
    """How far the row's first cell is indented (a key result under its objective)."""
    plain = cell.plain if isinstance(cell, Text) else cell
    return len(plain) - len(plain.lstrip(" "))


def _padded(cell: Text, width: int, right: bool) -> Text:
    blank = " " * max(0, width - cell.cell_len)
    return Text.assemble(blank, cell) if right else Text.assemble(cell, blank)


def _line(pieces: Sequence[Text], gap: int) -> Text:
    line = Text(" " * gap).join(pieces)
    line.rstrip()
    return line


@dataclass(frozen=True, slots=True)
class _Layout:
    """Which columns a row shows inline, how wide each is, and where titles go."""

    shown: tuple[int, ...]  # the columns drawn on the row's line, in order
    widths: dict[int, int]
    title_inline: bool
    squeezed: bool  # something gave way: titles below their rows, or ids narrowed


def _layout(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    width: int,
    title: int | None,
    gap: int,
) -> _Layout:
    natural = {
        i: max(cell_len(column.header), *(cell_len(_text(row[i]).plain) for row in rows))
        for i, column in enumerate(columns)
    }
    others = [i for i in range(len(columns)) if i != title]
    fixed = sum(natural[i] for i in others) + gap * (len(others) - 1)
    if title is not None and fixed + gap + MIN_TITLE <= width:
        widths = dict(natural)
        widths[title] = min(natural[title], width - fixed - gap)
        squeezed = widths[title] < natural[title]
        return _Layout(tuple(range(len(columns))), widths, title_inline=True, squeezed=squeezed)
    widths = {i: natural[i] for i in others}
    if fixed > width and others and others[0] == 0:
        rest = fixed - natural[0]
        widths[0] = min(natural[0], max(width - rest, MIN_LEAD, cell_len(columns[0].header)))
    squeezed = title is not None or widths.get(0, 0) < natural[0]
    return _Layout(tuple(others), widths, title_inline=False, squeezed=squeezed)


def _width(layout: _Layout, gap: int) -> int:
    """The width of the table's rows (and of the rule under its header)."""
    return sum(layout.widths[i] for i in layout.shown) + gap * (len(layout.shown) - 1)


def print_table(
    out: Console,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    *,
    title: int | None = None,
    gap: int = 2,
    color: bool = False,
) -> None:
    """Print `rows` under `columns` at `out.width`, laid out as the module says; `title` is
    the index of the one column that gives way (None: every column is kept whole)."""
    width = out.width
    layout = _layout(columns, rows, width, title, gap)
    if gap > MIN_GAP and layout.squeezed:  # closer columns before anything gives way
        gap = MIN_GAP
        layout = _layout(columns, rows, width, title, gap)
    shown, widths = layout.shown, layout.widths
    header = _line(
        [
            _padded(Text(columns[i].header, style="bold"), widths[i], columns[i].right)
            for i in shown
        ],
        gap,
    )
    out.print(header, soft_wrap=True)
    out.print(("─" if color else "-") * _width(layout, gap), soft_wrap=True)
    for row in rows:
        cells = {i: _text(row[i]) for i in range(len(columns))}
        lead = cells[0]
        if shown and shown[0] == 0 and lead.cell_len > widths[0]:
            out.print(lead, soft_wrap=True)  # too long for its column: whole, on a line of its own
            cells[0] = Text("")
        full: Text | None = None
        if title is not None:
            full = cells[title].copy()
            if layout.title_inline and cells[title].cell_len > widths[title]:
                cells[title].truncate(widths[title], overflow="ellipsis")
            elif layout.title_inline:
                full = None  # whole in its column
        line = _line([_padded(cells[i], widths[i], columns[i].right) for i in shown], gap)
        out.print(line, soft_wrap=True)
        if full is not None and full.plain:
            indent = _indent(row[0]) + 2
            for part in full.wrap(out, max(width - indent, MIN_TITLE)):
                part.rstrip()
                out.print(Text.assemble(" " * indent, part), soft_wrap=True)

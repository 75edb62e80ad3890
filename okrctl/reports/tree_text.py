"""`okrctl tree`: the alignment tree with each objective's score and grade; a ref, a score and
a status are never wrapped (a long title goes on the line under them)."""

from __future__ import annotations

from io import StringIO

from rich.text import Text
from rich.tree import Tree

from okrctl.compute.alignment import AlignmentNode
from okrctl.reports import Style, escape, values
from okrctl.reports.score_text import GRADE_STYLE, STATUS_STYLE, console

GUIDE = 4  # the columns each level of the tree is indented by


def _label(node: AlignmentNode, room: int) -> Text:
    """`ref  title  score grade  status` on one line when it fits in `room` columns; else the
    ref, score and status on the first line (never wrapped) and the title under them."""
    o = node.objective
    ref = (escape.text(o.ref), "bold")
    shown: tuple[str, str]
    if o.no_data:
        shown = (values.NO_DATA, "")
    elif o.grade is None:  # every key result dropped
        shown = (values.NO_SCORE, "")
    else:
        shown = (f"{values.score(o.score)} {o.grade}", GRADE_STYLE[o.grade])
    judged = Text.assemble(
        shown,
        "  ",
        (o.status, STATUS_STYLE[o.status]),
    )
    line = Text.assemble(ref, "  ", escape.text(o.title), "  ", judged)
    if line.cell_len <= room:
        return line
    return Text.assemble(ref, "  ", judged, "\n  ", escape.text(o.title))


def _add(branch: Tree, node: AlignmentNode, room: int) -> None:
    child = branch.add(_label(node, room))
    for kid in node.children:
        _add(child, kid, room - GUIDE)


def render(roots: tuple[AlignmentNode, ...], style: Style) -> str:
    color, width = style.color, style.width
    buffer = StringIO()
    out = console(buffer, color, width)
    if not roots:
        out.print("No objectives matched.")
    for root in roots:
        tree = Tree(_label(root, out.width), guide_style="dim")
        for kid in root.children:
            _add(tree, kid, out.width - GUIDE)
        out.print(tree)
    # A wrapped title may leave blanks at a line's end; they only get in a diff's way.
    return escape.lines("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))

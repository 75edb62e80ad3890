"""`okrctl tree`: the alignment tree with each objective's score and grade."""

from __future__ import annotations

from io import StringIO

from rich.text import Text
from rich.tree import Tree

from okrctl.compute.alignment import AlignmentNode
from okrctl.reports import Style, escape, values
from okrctl.reports.score_text import GRADE_STYLE, STATUS_STYLE, console


def _label(node: AlignmentNode) -> Text:
    o = node.objective
    return Text.assemble(
        (escape.text(o.ref), "bold"),
        "  ",
        escape.text(o.title),
        "  ",
        (
            f"{values.score(o.score)} {o.grade}" if o.grade else values.NO_SCORE,
            GRADE_STYLE[o.grade] if o.grade else "",
        ),
        "  ",
        (o.status, STATUS_STYLE[o.status]),
    )


def _add(branch: Tree, node: AlignmentNode) -> None:
    child = branch.add(_label(node))
    for kid in node.children:
        _add(child, kid)


def render(roots: tuple[AlignmentNode, ...], style: Style) -> str:
    color, width = style.color, style.width
    buffer = StringIO()
    out = console(buffer, color, width)
    if not roots:
        out.print("No objectives matched.")
    for root in roots:
        tree = Tree(_label(root), guide_style="dim")
        for kid in root.children:
            _add(tree, kid)
        out.print(tree)
    return escape.lines(buffer.getvalue())

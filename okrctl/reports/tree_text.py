"""`okrctl tree`: the alignment tree with each objective's score and grade; a ref, a score and
a status are never wrapped (a long title goes on the line under them). An objective with
several parents is marked `(shared)` under each; one that serves a parent's key result says
which (`via REF`, under it); its key results' own links are listed under it (`↳ KR -> PARENT`). With
`--rollup`, each parent key result follows with what feeds it and their scores."""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from okrctl.compute.alignment import AlignmentNode, Feeder, Rollup, TreeReport
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
    if node.shared:
        judged.append("  (shared)", "dim")
    line = Text.assemble(ref, "  ", escape.text(o.title), "  ", judged)
    if line.cell_len > room:
        line = Text.assemble(ref, "  ", judged, "\n  ", escape.text(o.title))
    if node.via is not None:  # on a line of its own: a ref is never wrapped
        line.append(f"\n  via {escape.text(node.via)}", "dim")
    for link in node.links:
        own = link.key_result.rsplit("/", 1)[-1]  # under its objective: the id says which
        line.append(f"\n  ↳ {escape.text(own)} -> {escape.text(link.parent)}", "dim")
    return line


def _add(branch: Tree, node: AlignmentNode, room: int) -> None:
    child = branch.add(_label(node, room))
    for kid in node.children:
        _add(child, kid, room - GUIDE)


def _scored(ref: str, title: str, score: float | None, no_data: bool, room: int) -> Text:
    """`ref  title  score` on one line when it fits in `room` columns, else the title under
    (`no score` for an objective whose key results were all dropped)."""
    if no_data:
        shown = values.NO_DATA
    elif score is None:
        shown = values.NO_SCORE
    else:
        shown = values.score(score)
    judged = Text(shown)
    line = Text.assemble((escape.text(ref), "bold"), "  ", escape.text(title), "  ", judged)
    if line.cell_len <= room:
        return line
    return Text.assemble((escape.text(ref), "bold"), "  ", judged, "\n  ", escape.text(title))


def _feeder(feeder: Feeder, room: int) -> Text:
    kr, o = feeder.key_result, feeder.objective
    if kr is None:
        return _scored(o.ref, o.title, o.score, o.no_data, room)
    return _scored(kr.ref, kr.title, kr.score, kr.no_data, room)


def _rollups(rollups: tuple[Rollup, ...], out: Console) -> None:
    out.print()
    if not rollups:
        out.print("Roll-ups: no key result has others aligned to it.")
        return
    out.print("Roll-ups: each parent key result with what feeds it.")
    for rollup in rollups:
        kr = rollup.key_result
        tree = Tree(_scored(kr.ref, kr.title, kr.score, kr.no_data, out.width), guide_style="dim")
        for feeder in rollup.children:
            tree.add(_feeder(feeder, out.width - GUIDE))
        out.print(tree)


def render(report: TreeReport, style: Style) -> str:
    roots = report.roots
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
    if report.rollup is not None:
        _rollups(report.rollup, out)
    # A wrapped title may leave blanks at a line's end; they only get in a diff's way.
    return escape.lines("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))

"""`okrctl tree --format json`: the alignment tree as nested objects."""

from __future__ import annotations

from typing import Any

from okrctl.compute.alignment import AlignmentNode
from okrctl.reports import Style, escape


def node_document(node: AlignmentNode) -> dict[str, Any]:
    o = node.objective
    return {
        "ref": o.ref,
        "title": o.title,
        "type": o.type,
        "owner": o.owner,
        "score": None if o.no_data else o.score,
        "grade": None if o.no_data else o.grade,
        "status": o.status,
        "children": [node_document(child) for child in node.children],
    }


def render(roots: tuple[AlignmentNode, ...], style: Style) -> str:
    return escape.json_text({"roots": [node_document(r) for r in roots]}, ensure_ascii=True) + "\n"

"""`okrctl tree --format json`: the alignment tree as nested objects (and, with `--rollup`, the
key-result roll-ups)."""

from __future__ import annotations

from typing import Any

from okrctl.compute.alignment import AlignmentNode, Feeder, Rollup, TreeReport
from okrctl.reports import Style, escape


def node_document(node: AlignmentNode) -> dict[str, Any]:
    o = node.objective
    document: dict[str, Any] = {
        "ref": o.ref,
        "title": o.title,
        "type": o.type,
        "owner": o.owner,
        "score": None if o.no_data else o.score,
        "grade": None if o.no_data else o.grade,
        "status": o.status,
    }
    # Only when used: a tree without several parents or key-result links reads as before.
    if node.shared:
        document["shared"] = True
    if node.via is not None:
        document["via"] = node.via
    if node.links:
        document["key_result_links"] = [
            {"key_result": link.key_result, "aligns_to": link.parent} for link in node.links
        ]
    document["children"] = [node_document(child) for child in node.children]
    return document


def _feeder(feeder: Feeder) -> dict[str, Any]:
    kr, o = feeder.key_result, feeder.objective
    if kr is None:
        return {
            "ref": o.ref,
            "kind": "objective",
            "title": o.title,
            "score": None if o.no_data else o.score,
        }
    return {
        "ref": kr.ref,
        "kind": "key_result",
        "title": kr.title,
        "score": None if kr.no_data else kr.score,
    }


def rollup_document(rollup: Rollup) -> dict[str, Any]:
    kr = rollup.key_result
    return {
        "ref": kr.ref,
        "title": kr.title,
        "objective": rollup.objective.ref,
        "score": None if kr.no_data else kr.score,
        "children": [_feeder(feeder) for feeder in rollup.children],
    }


def render(report: TreeReport, style: Style) -> str:
    document: dict[str, Any] = {"roots": [node_document(r) for r in report.roots]}
    if report.rollup is not None:
        document["rollup"] = [rollup_document(r) for r in report.rollup]
    return escape.json_text(document, ensure_ascii=True) + "\n"

"""`okrctl diff --format json`: every change with its fields, for scripts and bots."""

from __future__ import annotations

from typing import Any

from okrctl.compute.diff import Change, DiffReport, Entry, Kind, Range, Value
from okrctl.model.goals import Link, PlanPoint
from okrctl.reports import Style, escape
from okrctl.reports.diff_words import describe


def _value(x: Value) -> Any:
    if isinstance(x, Range):
        return {"min": x.min, "max": x.max}
    if isinstance(x, Entry):
        return {
            "date": x.date.isoformat(),
            "value": x.value,
            "confidence": x.confidence,
            "note": x.note,
            # Only on a self-graded check-in: diffs without one read as before.
            **({"score": x.score} if x.score is not None else {}),
            # Only on a redacted key result's check-in (its `value` is null).
            **({"progress": x.progress} if x.progress is not None else {}),
        }
    if isinstance(x, tuple):  # contributors (names), links or a plan's points
        return [_item(i) for i in x]
    return x


def _item(i: str | Link | PlanPoint) -> Any:
    if isinstance(i, Link):
        return {"title": i.title, "url": i.url}
    if isinstance(i, PlanPoint):
        return {"date": i.date.isoformat(), "value": i.value}
    return i


def change(c: Change) -> dict[str, Any]:
    return {
        "kind": c.kind.value,
        "ref": c.ref,
        "title": c.title,
        "field": c.field,
        "old": _value(c.old),
        "new": _value(c.new),
        "direction": c.direction,
        "eases": c.eases,
        "unit": c.unit,
        "warning": c.sign.value if c.sign else None,
        "reason": c.reason,
        "message": describe(c),
        "path": c.where.path if c.where else None,
        "line": c.where.line if c.where else None,
        "side": "base" if c.in_base else "working",
    }


def render(report: DiffReport, style: Style) -> str:
    document = {
        "base": {
            "revision": report.base_name,
            "commit": report.base_commit,
            "merge_base": report.merge_base,
        },
        "as_of": report.as_of.isoformat(),
        "summary": {
            "changes": len(report.changes),
            "warnings": len(report.warnings),
            "by_kind": {kind.value: report.count(kind) for kind in Kind if report.count(kind)},
        },
        "changes": [change(c) for c in report.changes],
        "incomplete_files": [
            {"path": f.path, "side": f.side, "problems": f.problems} for f in report.incomplete
        ],
    }
    return escape.json_text(document) + "\n"

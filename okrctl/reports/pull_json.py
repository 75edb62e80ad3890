"""`okrctl pull --format json`: every source, its status and its new values, as one document."""

from __future__ import annotations

from typing import Any

from okrctl.compute.pull import PulledSource, PullReport
from okrctl.reports import Style, escape


def source_document(source: PulledSource) -> dict[str, Any]:
    return {
        "ref": source.ref,
        "kind": source.kind,
        "path": source.path,
        "line": source.line,
        "status": source.status,
        "error": source.error,
        "disagreements": list(source.disagreements),
        "values": [{"date": v.day.isoformat(), "value": v.value} for v in source.values],
        "written": source.written,
    }


def render(report: PullReport, style: Style) -> str:
    document = {
        "as_of": report.as_of.isoformat(),
        "dry_run": report.dry_run,
        "sources": [source_document(s) for s in report.sources],
    }
    return escape.json_text(document, ensure_ascii=True) + "\n"

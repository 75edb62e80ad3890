"""`okrctl suggest --format json`: each suggestion with its draft as data and as YAML."""

from __future__ import annotations

from datetime import date
from typing import Any

from okrctl.compute.suggestions import Suggestion, SuggestionReport
from okrctl.reports import Style, escape
from okrctl.reports.draft_yaml import to_yaml


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data.isoformat() if isinstance(data, date) else data


def suggestion_document(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "kind": suggestion.kind,
        "team": suggestion.team,
        "about": suggestion.about,
        "reason": suggestion.reason,
        "where": suggestion.where,
        "draft": _plain(suggestion.draft),
        "yaml": to_yaml(suggestion.draft),
    }


def document(report: SuggestionReport) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "suggestions": [suggestion_document(s) for s in report.suggestions],
        "skipped": list(report.skipped),
    }


def render(report: SuggestionReport, style: Style) -> str:
    return escape.json_text(document(report)) + "\n"

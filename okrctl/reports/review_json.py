"""`okrctl review --format json`: the whole review as one document.

Objectives, key results, team scores, KPIs, suggestions and lint findings are built by the same
functions as `score`, `kpi check`, `suggest` and `lint --format json`, so their field names
are the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from okrctl.compute.review import Attention, ReviewReport, ReviewSummary, TeamReview
from okrctl.reports import Style, escape
from okrctl.reports.calibration_json import calibration_document
from okrctl.reports.impact_json import impact_document
from okrctl.reports.jsonstream import stream
from okrctl.reports.kpi_json import kpi_document
from okrctl.reports.lint_json import finding_document
from okrctl.reports.score_json import objective_document, team_document
from okrctl.reports.suggest_json import suggestion_document


def attention_document(item: Attention) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "ref": item.ref,
        "team": item.team,
        "title": item.title,
        "owner": item.owner,
        "reason": item.reason,
    }


def summary_document(summary: ReviewSummary) -> dict[str, Any]:
    return {
        "objectives": summary.objectives,
        "on_track": summary.on_track,
        "at_risk": summary.at_risk,
        "off_track": summary.off_track,
        "met": summary.met,
        "success": summary.success,
        "missed": summary.missed,
        "no_data": summary.no_data,
        "kpis": summary.kpis,
        "in_breach": summary.in_breach,
        "in_warn": summary.in_warn,
        "stale": summary.stale,
        "attention": [attention_document(a) for a in summary.attention],
    }


def team_review_document(team: TeamReview) -> dict[str, Any]:
    """One team's part; `kpis` and `objectives` in the order the report lists them."""
    return {
        "team": team.team,
        "scores": [team_document(s) for s in team.scores],
        "objectives": [objective_document(o) for o in team.objectives],
        "kpis": [kpi_document(k.status) for k in team.kpis],
        "suggestions": [suggestion_document(s) for s in team.suggestions],
        "warnings": [finding_document(f) for f in team.warnings],
    }


def _fields(report: ReviewReport) -> list[tuple[str, Any]]:
    """The document's fields in order; the teams (most of a large tree's review) as an
    iterator, made one team at a time."""
    period = report.period
    fields: list[tuple[str, Any]] = [
        ("cadence", report.cadence),
        ("as_of", report.as_of.isoformat()),
        (
            "period",
            None
            if period is None
            else {
                "label": period.label,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
        ),
        ("team", report.team),
        ("note", report.note),
        ("summary", summary_document(report.summary)),
        ("teams", (team_review_document(t) for t in report.teams)),
        ("skipped", list(report.skipped)),
    ]
    # Only when there is impact to show: a review without it reads as it always did.
    if report.impact:
        fields.append(("impact", [impact_document(i) for i in report.impact]))
    # Issue 20, only when there is something to say: outputs without it read as before.
    if report.retros_wanted:
        fields.append(("retros_wanted", list(report.retros_wanted)))
    if report.calibration is not None:
        fields.append(("calibration", calibration_document(report.calibration)))
    if report.monthly is not None:  # only in a monthly review: the others read as they did
        from okrctl.reports.monthly_json import monthly_document

        fields.append(("monthly", monthly_document(report.monthly)))
    return fields


def document(report: ReviewReport) -> dict[str, Any]:
    return {
        name: list(value) if isinstance(value, Iterator) else value
        for name, value in _fields(report)
    }


def render(report: ReviewReport, style: Style) -> Iterator[str]:
    """The same text as `escape.json_text(document(report))`, one team at a time: the
    document of a large tree's review is several times the size of its text."""
    return stream(_fields(report), dumps=escape.json_text)

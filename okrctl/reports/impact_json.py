"""`okrctl impact --format json`: every judged KPI with its numbers, as one document."""

from __future__ import annotations

from typing import Any

from okrctl.compute.impact import Impact, ImpactReport
from okrctl.model.period import Period
from okrctl.reports import Style, escape


def _period(period: Period | None) -> dict[str, str] | None:
    if period is None:
        return None
    return {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def impact_document(impact: Impact) -> dict[str, Any]:
    goal = impact.goal
    return {
        "kind": impact.kind,
        "ref": impact.ref,
        "team": impact.team,
        "title": impact.title,
        "owner": impact.owner,
        "kpi": impact.kpi,
        "unit": impact.unit,
        "key_result": impact.key_result,
        "period": _period(impact.period),
        "following": _period(impact.following),
        "through": _period(impact.through),
        "goal": None
        if goal is None
        else {
            "target": goal.target,
            "direction": None
            if goal.increasing is None
            else ("increase" if goal.increasing else "decrease"),
            "band": None if goal.band is None else {"min": goal.band.min, "max": goal.band.max},
        },
        "before": impact.before,
        "end": impact.end,
        "after": impact.after,
        "slipped": None
        if impact.slipped is None
        else {"date": impact.slipped.date.isoformat(), "value": impact.slipped.value},
        "measured_after": impact.measured_after,
        "verdict": impact.verdict,
        "reason": impact.reason,
    }


def document(report: ImpactReport) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "period": _period(report.period),
        "impacts": [impact_document(i) for i in report.impacts],
        "skipped": list(report.skipped),
    }


def render(report: ImpactReport, style: Style) -> str:
    return escape.json_text(document(report)) + "\n"

"""`okrctl score --format json`: the score report as one JSON document.

`review --format json` embeds the same objects, so the field names are defined once, here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from okrctl.compute.initiatives import InitiativeLine
from okrctl.compute.scoring import KeyResultScore, ObjectiveScore, ScoreReport, TeamScore
from okrctl.model.goals import Link, Retro
from okrctl.reports import Style, escape
from okrctl.reports.jsonstream import stream


def link_document(link: Link) -> dict[str, str]:
    return {"title": link.title, "url": link.url}


def written_extras(
    priority: str | None,
    contributors: tuple[str, ...],
    links: tuple[Link, ...],
    description: str | None = None,
) -> dict[str, Any]:
    """The optional fields a goal file may write, each only when it is written: a file without
    them gives the same document as before they existed."""
    extras: dict[str, Any] = {}
    if description is not None:
        extras["description"] = description
    if priority is not None:
        extras["priority"] = priority
    if contributors:
        extras["contributors"] = list(contributors)
    if links:
        extras["links"] = [link_document(link) for link in links]
    return extras


def initiative_extras(initiatives: tuple[InitiativeLine, ...]) -> dict[str, Any]:
    """`initiatives`, only when some are written (issue 20): each as written, its links with
    the name reports show (`org/repo#123` for an issue or pull request)."""
    if not initiatives:
        return {}
    return {
        "initiatives": [
            {
                "id": i.id,
                "title": i.title,
                "owner": i.owner,
                "status": i.status,
                "start": _day(i.start),
                "done": _day(i.done),
                "links": [{"name": name, "url": url} for name, url in i.links],
            }
            for i in initiatives
        ]
    }


def history_extras(kr: KeyResultScore) -> dict[str, Any]:
    """`historical_forecast`, only on a key result given one (`scoring.forecast: historical`,
    issue 20): the score it is headed for, the median gap it adds, and what that is made of."""
    h = kr.historical
    if h is None:
        return {}
    return {
        "historical_forecast": {
            "score": h.score,
            "gap": h.gap,
            "key_results": h.key_results,
            "periods": h.periods,
        }
    }


def retro_extras(retro: Retro | None) -> dict[str, Any]:
    """`retro`, only on an objective that writes one (issue 20): each part, null when not
    written."""
    if retro is None:
        return {}
    return {"retro": {"worked": retro.worked, "didnt": retro.didnt, "next": retro.next}}


def level_extras(kr: KeyResultScore) -> dict[str, Any]:
    """`commit`, `stretch` and `zone`, only for a key result that writes a level (the zone is
    null while it has no value to place)."""
    if not kr.levels:
        return {}
    return {"commit": kr.commit, "stretch": kr.stretch, "zone": kr.zone}


def plan_extras(kr: KeyResultScore) -> dict[str, Any]:
    """`plan`, the value `planned` by the as-of date, the `expected` score it earns and
    `expected_from` (`plan`; `elapsed` when there is no start to plan from, a KPI never
    measured), only for a key result that writes a plan."""
    if not kr.plan:
        return {}
    return {
        "plan": [{"date": point.date.isoformat(), "value": point.value} for point in kr.plan],
        "planned": kr.planned,
        "expected": kr.expected,
        "expected_from": "plan" if kr.expected is not None else "elapsed",
    }


def objective_plan_extras(objective: ObjectiveScore) -> dict[str, Any]:
    """The score an objective's pace was judged against, only when a key result of it has a
    plan (docs/scoring.md)."""
    if objective.expected is None:
        return {}
    return {"expected": objective.expected, "expected_from": "plan"}


def key_result_document(kr: KeyResultScore) -> dict[str, Any]:
    return {
        "ref": kr.ref,
        "id": kr.id,
        "title": kr.title,
        "kind": kr.kind,
        "start": kr.start,
        "target": kr.target,
        "current": kr.current,
        "progress": kr.progress,
        "score": kr.score,
        "weight": kr.weight,
        "grade": kr.grade,
        "status": kr.status,
        "confidence": kr.confidence,
        "unit": kr.unit,
        "owner": kr.owner,
        "no_data": kr.no_data,
        "last_checkin": kr.last_checkin.isoformat() if kr.last_checkin else None,
        "note": kr.note,
        "forecast": kr.forecast,
        **level_extras(kr),
        **plan_extras(kr),
        **written_extras(kr.priority, kr.contributors, kr.links),
        **initiative_extras(kr.initiatives),
        **history_extras(kr),
        # Only when a check-in graded it by hand (absent: computed), and only on a dropped key
        # result: files without either read as before, byte for byte.
        **({"score_source": "self"} if kr.score_source == "self" else {}),
        **({"reason": kr.reason, "dropped_on": _day(kr.dropped_on)} if kr.dropped else {}),
    }


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def objective_document(objective: ObjectiveScore) -> dict[str, Any]:
    return {
        "ref": objective.ref,
        "team": objective.team,
        "period": objective.period,
        "id": objective.id,
        "title": objective.title,
        "type": objective.type,
        "owner": objective.owner,
        # No key result has a value yet: no score and no grade, rather than a fake 0.
        "score": None if objective.no_data else objective.score,
        "grade": None if objective.no_data else objective.grade,
        "status": objective.status,
        "as_of": objective.as_of.isoformat(),
        "elapsed": objective.elapsed,
        "note": objective.note,
        **objective_plan_extras(objective),
        **written_extras(
            objective.priority, objective.contributors, objective.links, objective.description
        ),
        **initiative_extras(objective.initiatives),
        **retro_extras(objective.retro),
        "key_results": [key_result_document(kr) for kr in objective.key_results],
    }


def team_document(team: TeamScore) -> dict[str, Any]:
    return {
        "team": team.team,
        "period": team.period,
        "score": None if team.no_data else team.score,
        "grade": None if team.no_data else team.grade,
        "as_of": team.as_of.isoformat(),
    }


def document(report: ScoreReport) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "teams": [team_document(t) for t in report.teams],
        "objectives": [objective_document(o) for o in report.objectives],
        "skipped": list(report.skipped),
    }


def render(report: ScoreReport, style: Style) -> Iterator[str]:
    """The same text as `escape.json_text(document(report))`, one objective at a time."""
    return stream(
        (
            ("as_of", report.as_of.isoformat()),
            ("teams", [team_document(t) for t in report.teams]),
            ("objectives", (objective_document(o) for o in report.objectives)),
            ("skipped", list(report.skipped)),
        ),
        dumps=escape.json_text,
    )

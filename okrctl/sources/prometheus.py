"""`kind: prometheus`: the value at each day's end, through the HTTP API's `query_range`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from okrctl.model.sources import PrometheusSource
from okrctl.sources.base import Reading, Request, SourceError, as_number
from okrctl.sources.http import get

_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _day_end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def fetch(source: PrometheusSource, request: Request) -> list[Reading]:
    first = request.since + timedelta(days=1)
    if first > request.as_of:
        return []
    step = int(source.step[:-1]) * _UNIT[source.step[-1]]
    query = urlencode(
        {
            "query": source.query,
            "start": f"{_day_end(first).timestamp():.0f}",
            "end": f"{_day_end(request.as_of).timestamp():.0f}",
            "step": str(step),
        }
    )
    base = request.expand(source.url, "url").rstrip("/")
    body = get(f"{base}/api/v1/query_range?{query}", {}, source.seconds)
    try:
        answer = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SourceError("the answer is not JSON: is the URL a Prometheus server?") from None
    if not isinstance(answer, dict) or answer.get("status") != "success":
        error = answer.get("error") if isinstance(answer, dict) else None
        raise SourceError(f"Prometheus refused the query: {str(error)[:200]}")
    series = (answer.get("data") or {}).get("result") or []
    if len(series) > 1:
        raise SourceError(
            f"the query returned {len(series)} series: aggregate it to one (e.g. sum(...))"
        )
    readings: dict[date, Reading] = {}
    for stamp, value in series[0].get("values", []) if series else []:
        day = datetime.fromtimestamp(float(stamp), UTC).date()
        readings[day] = Reading(day, as_number(value, f"the value at {day}"))
    return list(readings.values())

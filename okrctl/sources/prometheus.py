"""`kind: prometheus`: the value at each day's end, through the HTTP API's `query_range`.

A day's value is the query evaluated at 23:59:59 UTC that day (so today's comes once today
has ended: before, the server has no samples there). A query that is no PromQL, or that the
server cannot run, is the server's own error text on one line; a query that gives no value
over two days or more is a failure too (a misspelt metric or label would otherwise pull
nothing, silently, forever). A check (`pull --check`) runs one instant query instead.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from okrctl.model.sources import PrometheusSource
from okrctl.sources.base import Reading, Request, SourceError, as_number
from okrctl.sources.http import HttpStatusError, get

_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _day_end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def _stamp(day: date) -> str:
    return f"{_day_end(day).timestamp():.0f}"


def fetch(source: PrometheusSource, request: Request) -> list[Reading]:
    first = request.since + timedelta(days=1)
    if request.check:
        # One instant query at the first day a pull would ask for (the as-of date at most).
        day = min(first, request.as_of)
        data = _ask(source, request, "query", {"query": source.query, "time": _stamp(day)})
        series = _one_series(data)
        if series is None:
            return []
        stamp, value = series.get("value") or (None, None)
        return [] if stamp is None else [_reading(stamp, value)]
    if first > request.as_of:
        return []
    step = int(source.step[:-1]) * _UNIT[source.step[-1]]
    parameters = {
        "query": source.query,
        "start": _stamp(first),
        "end": _stamp(request.as_of),
        "step": str(step),
    }
    series = _one_series(_ask(source, request, "query_range", parameters))
    if series is None:
        if first < request.as_of:
            raise SourceError(
                f"the query gave no value from {first} to {request.as_of}: check the metric "
                "and label names (a query that may have no data can end in `or vector(0)`)"
            )
        return []
    readings: dict[date, Reading] = {}
    for stamp, value in series.get("values") or []:
        reading = _reading(stamp, value)
        readings[reading.day] = reading  # the day's last value (a step under a day)
    return list(readings.values())


def _reading(stamp: Any, value: Any) -> Reading:
    day = datetime.fromtimestamp(float(stamp), UTC).date()
    return Reading(day, as_number(value, f"the value at {day}"))


def _ask(
    source: PrometheusSource, request: Request, endpoint: str, parameters: dict[str, str]
) -> dict[str, Any]:
    """The `data` of the server's answer to /api/v1/`endpoint`."""
    base = request.expand(source.url, "url").rstrip("/")
    url = f"{base}/api/v1/{endpoint}?{urlencode(parameters)}"
    try:
        body = get(url, {}, source.seconds, attempts=1 if request.check else None)
    except HttpStatusError as error:
        # Prometheus answers a bad query with 400 (or 422, 503) and its reason in JSON.
        said = _error(error.body)
        if said is None:
            raise
        raise SourceError(f"Prometheus refused the query: {said}") from None
    try:
        answer = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SourceError("the answer is not JSON: is the URL a Prometheus server?") from None
    if not isinstance(answer, dict) or answer.get("status") != "success":
        said = _error(body) or "no reason given"
        raise SourceError(f"Prometheus refused the query: {said}")
    data = answer.get("data")
    if not isinstance(data, dict):
        raise SourceError("the answer has no data: is the URL a Prometheus server?")
    return data


def _error(body: bytes) -> str | None:
    """The `error` of a Prometheus error answer, on one line; None for any other body."""
    try:
        answer = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(answer, dict) or answer.get("status") != "error":
        return None
    return " ".join(str(answer.get("error") or answer.get("errorType") or "").split())[:300]


def _one_series(data: dict[str, Any]) -> dict[str, Any] | None:
    """The one series (or sample) of an answer; None when there is none."""
    result = data.get("result")
    if data.get("resultType") == "scalar" and isinstance(result, list):
        return {"value": result, "values": [result]}
    series = result if isinstance(result, list) else []
    if len(series) > 1:
        raise SourceError(
            f"the query returned {len(series)} series: aggregate it to one (e.g. sum(...))"
        )
    if not series or not isinstance(series[0], dict):
        return None
    found: dict[str, Any] = series[0]
    return found

"""`kind: http-json`: a value (or dated values) picked out of a JSON answer by JSON Pointers."""

from __future__ import annotations

import json
from typing import Any

from okrctl.model.sources import HttpJsonSource
from okrctl.sources.base import Reading, Request, SourceError, as_day, as_number
from okrctl.sources.http import get
from okrctl.sources.pointer import resolve


def fetch(source: HttpJsonSource, request: Request) -> list[Reading]:
    url = request.expand(source.url, "url")
    headers = {
        name: request.expand(value, f"header {name}")
        for name, value in (source.headers or {}).items()
    }
    # A check is one GET: a failure shows at once, not after the retries.
    body = get(url, headers, source.seconds, attempts=1 if request.check else None)
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SourceError("the answer is not JSON") from None
    if source.rows is None:
        return [_reading(document, source, request, "")]
    rows = resolve(document, source.rows)
    if not isinstance(rows, list):
        raise SourceError(f"{source.rows} is not a list")
    return [
        _reading(row, source, request, f"{source.rows}/{index}") for index, row in enumerate(rows)
    ]


def _reading(item: Any, source: HttpJsonSource, request: Request, where: str) -> Reading:
    value = as_number(resolve(item, source.value), f"{where}{source.value}:")
    if source.date is None:
        return Reading(request.as_of, value)
    return Reading(as_day(resolve(item, source.date), f"{where}{source.date}:"), value)

"""Running sources: the kind's fetch, then `scale` and `round`, every failure one SourceError."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from okrctl.model.sources import AnySource
from okrctl.sources.base import Reading, Request, SourceError

# Sources wait on networks and databases, not the CPU: a few at a time, never unbounded.
WORKERS = 8


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one source gave: readings, or the cause of its failure (secrets redacted)."""

    readings: tuple[Reading, ...] = ()
    error: str | None = None


def _kind(source: AnySource) -> Callable[[Any, Request], list[Reading]]:
    from okrctl.sources import command, csvfile, httpjson, prometheus, sql

    kinds: dict[str, Callable[[Any, Request], list[Reading]]] = {
        "sql": sql.fetch,
        "csv": csvfile.fetch,
        "http-json": httpjson.fetch,
        "prometheus": prometheus.fetch,
        "command": command.fetch,
    }
    return kinds[source.kind]


def _adjusted(reading: Reading, source: AnySource) -> Reading:
    value = reading.value
    if source.scale is not None:
        value = value * source.scale
    if source.round is not None:
        value = round(value, source.round)
        if source.round == 0:
            value = int(value)
    elif isinstance(value, float) and value.is_integer() and isinstance(reading.value, int):
        value = int(value)
    return Reading(reading.day, value)


def fetch(source: AnySource, request: Request) -> Outcome:
    """Run one source; never raises for what the source does."""
    try:
        readings = [_adjusted(r, source) for r in _kind(source)(source, request)]
        future = [r.day for r in readings if r.day > request.as_of]
        if future:
            raise SourceError(f"a value dated {max(future)}, after the as-of date {request.as_of}")
        days = sorted({r.day for r in readings})
        if len(days) != len(readings):
            raise SourceError("two values on the same date")
        return Outcome(tuple(sorted(readings, key=lambda r: r.day)))
    except SourceError as error:
        return Outcome(error=request.redact(str(error)))
    except Exception as error:  # a library's own failure: its type, never its text (secrets)
        return Outcome(error=request.redact(f"unexpected {type(error).__name__}: {error}")[:300])


def fetch_all(jobs: Sequence[tuple[AnySource, Request]]) -> list[Outcome]:
    """Run every source, a few at a time; outcomes in the order of `jobs`."""
    if len(jobs) <= 1:
        return [fetch(source, request) for source, request in jobs]
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(jobs))) as pool:
        return list(pool.map(lambda job: fetch(*job), jobs))

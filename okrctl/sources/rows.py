"""Turning what a source gave (rows, lines, one value) into dated readings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from okrctl.sources.base import Reading, Request, SourceError, as_day, as_number


def from_rows(rows: Iterable[Sequence[Any]], request: Request, what: str) -> list[Reading]:
    """Rows of (date, value); or one row of one value, recorded at the as-of date."""
    readings: list[Reading] = []
    for number, row in enumerate(rows, 1):
        if len(row) == 1 and number == 1:
            readings.append(Reading(request.as_of, as_number(row[0], f"{what} value")))
            continue
        if len(row) != 2:
            raise SourceError(
                f"{what} row {number} has {len(row)} columns: expected (date, value), or one value"
            )
        readings.append(
            Reading(
                as_day(row[0], f"{what} row {number}: date"),
                as_number(row[1], f"{what} row {number}: value"),
            )
        )
    return readings


def from_lines(text: str, request: Request, what: str) -> list[Reading]:
    """One number, or lines of `DATE VALUE`."""
    lines = [line.split() for line in text.splitlines() if line.strip()]
    if len(lines) == 1 and len(lines[0]) == 1:
        return [Reading(request.as_of, as_number(lines[0][0], f"{what} printed"))]
    readings = []
    for number, words in enumerate(lines, 1):
        if len(words) != 2:
            shown = " ".join(words)[:60]
            raise SourceError(
                f"{what} line {number} is `{shown}`: expected one number, or lines of DATE VALUE"
            )
        readings.append(
            Reading(
                as_day(words[0], f"{what} line {number}: date"),
                as_number(words[1], f"{what} line {number}: value"),
            )
        )
    return readings

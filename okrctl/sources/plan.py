"""What a pull writes, given what the file holds and what the source gave (pure).

One entry per date after the last one recorded; a date already recorded is never written
again: the same value is nothing to do, a different one is a disagreement (a finding, never
an edit), whether the entry was typed by hand or pulled before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from okrctl.sources.base import Reading

# How far back a KPI with no measurement is pulled from.
KPI_HISTORY_DAYS = 400


@dataclass(frozen=True, slots=True)
class Recorded:
    """An entry already in the file: its date, its value (None: a score alone), its mark."""

    day: date
    value: int | float | None
    pulled: bool


@dataclass(frozen=True, slots=True)
class Disagreement:
    day: date
    recorded: int | float
    pulled: int | float
    by_hand: bool


@dataclass(frozen=True, slots=True)
class Plan:
    new: tuple[Reading, ...]
    disagreements: tuple[Disagreement, ...]


def since(recorded: Sequence[Recorded], floor: date) -> date:
    """The `:since` of a query: the last date recorded, else `floor`."""
    return max((r.day for r in recorded), default=floor)


def kpi_floor(as_of: date) -> date:
    return as_of - timedelta(days=KPI_HISTORY_DAYS)


def plan(
    recorded: Sequence[Recorded],
    readings: Sequence[Reading],
    first: date | None = None,
    last: date | None = None,
) -> Plan:
    """The readings to write (dated after the last entry, inside [first, last] when given)
    and the ones that disagree with an entry on their date."""
    by_day = {r.day: r for r in recorded}
    latest = max(by_day, default=None)
    new: list[Reading] = []
    disagreements: list[Disagreement] = []
    for reading in sorted(readings, key=lambda r: r.day):
        if (first is not None and reading.day < first) or (last is not None and reading.day > last):
            continue
        have = by_day.get(reading.day)
        if have is not None:
            if have.value is not None and have.value != reading.value:
                disagreements.append(
                    Disagreement(reading.day, have.value, reading.value, not have.pulled)
                )
            continue
        if latest is None or reading.day > latest:
            new.append(reading)
    return Plan(tuple(new), tuple(disagreements))

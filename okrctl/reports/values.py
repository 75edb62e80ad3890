"""How values read in reports: one place, so every format shows a number the same way."""

from __future__ import annotations

from okrctl.compute.scoring import KeyResultScore
from okrctl.model.kinds import kind_named
from okrctl.wording import number, value

__all__ = ["NO_DATA", "grade", "journey", "number", "score", "scored", "status", "value"]

# What a report shows for an objective (or a team) none of whose key results has a value yet.
NO_DATA = "no data"


def journey(kr: KeyResultScore) -> str:
    """`52 -> 31 -> 25 min` (start -> current -> target), or `not done (target: done)` for a
    milestone: in its kind's words."""
    return kind_named(kr.kind).journey(kr)


def score(value: float) -> str:
    """Three decimals, as judged: 0.999 (committed: missed) must not read 1.00."""
    return f"{value:.3f}"


def scored(value: float, no_data: bool) -> str:
    """An objective's or a team's score: three decimals, or `no data` (never a fake 0.000)."""
    return NO_DATA if no_data else score(value)


def grade(value: str, no_data: bool) -> str:
    """A grade, or `-` where there is no score to grade."""
    return "-" if no_data else value


def status(kr_or_objective_status: str, confidence: float | None = None) -> str:
    if confidence is None:
        return kr_or_objective_status
    return f"{kr_or_objective_status} (conf. {number(confidence)})"

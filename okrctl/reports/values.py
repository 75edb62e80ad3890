"""How values read in reports: one place, so every format shows a number the same way."""

from __future__ import annotations

from okrctl.compute.scoring import KeyResultScore
from okrctl.model.kinds import kind_named
from okrctl.model.kinds.base import levels_words, plan_words
from okrctl.wording import number, value

__all__ = [
    "NO_DATA",
    "NO_SCORE",
    "SELF_MARK",
    "dropped",
    "grade",
    "journey",
    "kr_grade",
    "kr_no_data",
    "kr_score",
    "number",
    "score",
    "scored",
    "status",
    "value",
]

# What a report shows for an objective (or a team) none of whose key results has a value yet.
NO_DATA = "no data"
NO_SCORE = "no score"  # an objective (or team) whose key results are all dropped
SELF_MARK = "(self)"  # beside a key result's score that a check-in graded by hand


def journey(kr: KeyResultScore) -> str:
    """`52 -> 31 -> 25 min` (start -> current -> target), or `not done (target: done)` for a
    milestone: in its kind's words."""
    return kind_named(kr.kind).journey(kr)


def journey_parts(kr: KeyResultScore) -> tuple[str, str]:
    """The journey split for a table: `52 -> 31 -> 25 min`, which is never cut, and the words
    on its levels and plan (`commit 40, stretch 75; zone: fail`), which go with the title that
    gives way, so a key result with both does not push a row past the width."""
    full = journey(kr)
    extras = levels_words(kr) + plan_words(kr)
    if extras and full.endswith(extras):
        return full[: -len(extras)], extras.strip()
    return full, ""


def score(value: float | None) -> str:
    """Three decimals, as judged: 0.999 (committed: missed) must not read 1.00; `no score`
    for an objective whose key results are all dropped."""
    return NO_SCORE if value is None else f"{value:.3f}"


def grade(value: str | None, no_data: bool = False) -> str:
    """The grade, or `-` where there is no score to grade (no data, or every key result
    dropped)."""
    return "-" if no_data or value is None else value


def kr_no_data(kr: KeyResultScore) -> bool:
    """Whether a key result has nothing to score yet (no value and no self score): its score
    of 0 is a placeholder (JSON `no_data`), never shown as a real zero."""
    return kr.no_data and kr.score_source != "self"


def kr_grade(kr: KeyResultScore) -> str:
    """A key result's grade, or `-` when there is nothing to score yet."""
    return grade(kr.grade, kr_no_data(kr))


def kr_score(kr: KeyResultScore) -> str:
    """A key result's score, marked `(self)` when a check-in graded it by hand; `no data`
    when there is nothing to score yet."""
    if kr_no_data(kr):
        return NO_DATA
    return f"{score(kr.score)} {SELF_MARK}" if kr.score_source == "self" else score(kr.score)


def dropped(kr: KeyResultScore) -> str:
    """`dropped on 2026-11-20: blocked on the supplier` (its reason), for a dropped one."""
    when = f" on {kr.dropped_on.isoformat()}" if kr.dropped_on else ""
    return f"dropped{when}: {kr.reason}" if kr.reason else f"dropped{when}"


def scored(value: float | None, no_data: bool) -> str:
    """An objective's or a team's score: three decimals, `no data` (never a fake 0.000), or
    `no score` (every key result dropped)."""
    return NO_DATA if no_data else score(value)


def status(kr_or_objective_status: str, confidence: float | None = None) -> str:
    if confidence is None:
        return kr_or_objective_status
    return f"{kr_or_objective_status} (conf. {number(confidence)})"

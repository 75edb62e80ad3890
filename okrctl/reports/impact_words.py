"""Impact in words, shared by `okrctl impact` and the review's Impact section in every format:
the numbers of one judged KPI in a sentence, and what it was judged against."""

from __future__ import annotations

from okrctl.compute.impact import Impact, goal_words
from okrctl.wording import value as show

HEADING = "Impact: did the OKR move the needle?"
GRADUATED_HEADING = "KPIs graduated from a key result: is the new band defended?"


def _at(value: float | None, unit: str | None) -> str:
    return "no data" if value is None else show(value, unit)


def numbers(impact: Impact) -> str:
    """`15.5% on 2026-04-01 -> 14% on 2026-06-30 -> 10% on 2026-09-30`: the KPI on the period's
    first day, at its end (or the as-of date) and at the following period's end (or now)."""
    period, unit = impact.period, impact.unit
    parts = [
        f"{_at(impact.before, unit)} on {period.start}",
        f"{_at(impact.end, unit)} at the end of {period.label}"
        if impact.ended
        else f"{_at(impact.end, unit)} so far",
    ]
    if impact.after is not None:
        if impact.kind == "graduated":
            parts.append(f"{show(impact.after, unit)} now")
        else:
            so_far = "" if impact.following.end <= impact.as_of else "so far "
            parts.append(f"{show(impact.after, unit)} {so_far}in {impact.following.label}")
    return " -> ".join(parts)


def about(impact: Impact) -> str:
    """What the KPI was judged against, and through which key result."""
    aim = goal_words(impact.goal, impact.unit) if impact.goal else "nothing to judge against"
    if impact.kind == "graduated":
        return f"graduated from {impact.key_result}; judged against {aim}"
    kr = impact.key_result
    through = f" (key result {kr.rsplit('/', 1)[-1]})" if kr else " (from_kpi)"
    return f"{impact.kpi} against {aim}{through}"


def line(impact: Impact) -> str:
    """The verdict and why, in one sentence."""
    return f"{impact.verdict}: {impact.reason}"

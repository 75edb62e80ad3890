"""The words several reports share, written once: what needs attention, what a suggestion is,
the title of a review. A reporter takes its words from here, never from another reporter."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrctl.compute.review import ReviewReport

# Why a review lists something under "needs attention", by the kind of attention.
ATTENTION_WORDS = {
    "kpi-breach": "KPI in breach",
    "objective-off-track": "off-track",
    "objective-missed": "missed",
    "kpi-warn": "KPI in warn",
    "kpi-stale": "KPI stale",
    "objective-at-risk": "at-risk",
}

# What a suggestion proposes, by its kind (okrctl suggest, and the review's suggestions).
SUGGESTION_TITLES = {
    "kpi-to-okr": "KPI out of band -> next period's objective",
    "okr-to-kpi": "Key result achieved -> KPI to defend it",
    "tighten-band": "Key result achieved -> tighter KPI band",
    "hold-as-kpi": "A level to hold -> KPI, not OKR",
}


def review_heading(report: ReviewReport) -> list[str]:
    """A review's title line, and for a quarterly review the period's dates."""
    team = f" · team {report.team}" if report.team else ""
    period = report.period
    if report.cadence == "quarterly" and period is not None:
        return [
            f"Quarterly review of {period.label}{team}",
            f"{period.start} to {period.end}, as of {report.as_of}",
        ]
    named = f" · {period.label}" if period is not None else ""
    return [f"Weekly review as of {report.as_of}{named}{team}"]


def note_heading(own_notes: list[str | None]) -> str:
    """The heading of a column of key-result notes: "Last check-in note" as it always was, or
    "Latest note" when a key result writes a `note` of its own (shown when its latest check-in
    has none)."""
    return "Latest note" if any(note is not None for note in own_notes) else "Last check-in note"


def people(contributors: tuple[str, ...]) -> str:
    """`with sam, priya`: the contributors beside an owner, or nothing."""
    return f"with {', '.join(contributors)}" if contributors else ""

"""The words several reports share, written once: what needs attention, what a suggestion is,
the title of a review. A reporter takes its words from here, never from another reporter."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrctl.compute.review import ReviewReport, ReviewSummary
    from okrctl.compute.scoring import KeyResultScore, ObjectiveScore
    from okrctl.model.period import PeriodKind

# Why a review lists something under "needs attention", by the kind of attention.
ATTENTION_WORDS = {
    "kpi-breach": "KPI in breach",
    "objective-off-track": "off-track",
    "objective-missed": "missed",
    "kpi-warn": "KPI in warn",
    "kpi-stale": "KPI stale",
    "source-stale": "KPI source stale",
    "objective-at-risk": "at-risk",
}

# What a suggestion proposes, by its kind (okrctl suggest, and the review's suggestions).
SUGGESTION_TITLES = {
    "kpi-to-okr": "KPI out of band -> next period's objective",
    "okr-to-kpi": "Key result achieved -> KPI to defend it",
    "tighten-band": "Key result achieved -> tighter KPI band",
    "hold-as-kpi": "A level to hold -> KPI, not OKR",
}


# A period review's title, by the kind of period reviewed.
REVIEW_TITLES: dict[PeriodKind, str] = {
    "quarter": "Quarterly review",
    "half": "Half-year review",
    "year": "Annual review",
    "fiscal-year": "Fiscal-year review",
    "range": "Review",
}


def objective_counts(summary: ReviewSummary) -> list[list[tuple[str, int]]]:
    """The summary's objective counts, named, in groups: the verdicts of the objectives whose
    period has ended, then the pace of the others (with neither, the pace counts, all 0), then
    those with no data yet, if any."""
    groups = []
    if summary.ended:
        groups.append(
            [("met", summary.met), ("success", summary.success), ("missed", summary.missed)]
        )
    if summary.running or not summary.ended:
        groups.append(
            [
                ("on track", summary.on_track),
                ("at risk", summary.at_risk),
                ("off track", summary.off_track),
            ]
        )
    if summary.no_data:
        groups.append([("no data", summary.no_data)])
    return groups


def review_heading(report: ReviewReport) -> list[str]:
    """A review's title line (named by the kind of period), and for a period review its dates
    and the note on the period shown, if any."""
    if report.monthly is not None:
        from okrctl.reports.monthly_words import heading

        return heading(report)
    team = f" · team {report.team}" if report.team else ""
    period = report.period
    note = [f"Note: {report.note}."] if report.note else []
    if report.cadence == "quarterly" and period is not None:
        return [
            f"{REVIEW_TITLES[period.kind]} of {period.label}{team}",
            f"{period.start} to {period.end}, as of {report.as_of}",
            *note,
        ]
    named = f" · {period.label}" if period is not None else ""
    return [f"Weekly review as of {report.as_of}{named}{team}", *note]


def note_heading(own_notes: list[str | None]) -> str:
    """The heading of a column of key-result notes: "Last check-in note" as it always was, or
    "Latest note" when a key result writes a `note` of its own (shown when its latest check-in
    has none)."""
    return "Latest note" if any(note is not None for note in own_notes) else "Last check-in note"


def people(contributors: tuple[str, ...]) -> str:
    """`with sam, priya`: the contributors beside an owner, or nothing."""
    return f"with {', '.join(contributors)}" if contributors else ""


RETRO_ASKED = (
    "retro: none yet; missed, so worth one: what worked, what didn't, what next? "
    "(`retro: {worked, didnt, next}` on the objective)"
)


def retro_lines(objective: ObjectiveScore, wanted: bool) -> list[str]:
    """An objective's retro, part by part (`worked: ...`), or the review's request for one on a
    missed objective without it (issue 20); nothing otherwise."""
    retro = objective.retro
    if retro is None:
        return [RETRO_ASKED] if wanted else []
    parts = (("worked", retro.worked), ("didn't", retro.didnt), ("next", retro.next))
    return [f"retro, {name}: {text}" for name, text in parts if text is not None]


def historical_words(kr: KeyResultScore) -> str | None:
    """`0.492 (score now + 0.292, the median gap of 10 key results of 2 past periods)`: the
    historical forecast of a key result given one (`scoring.forecast: historical`); else None."""
    h = kr.historical
    if h is None:
        return None
    gap = f"+ {h.gap:.3f}" if h.gap >= 0 else f"- {-h.gap:.3f}"
    return (
        f"{h.score:.3f} (score now {gap}, the median gap of "
        f"{h.key_results} key results of {h.periods} past periods)"
    )

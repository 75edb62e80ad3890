"""The words of the monthly KPI review that every format shares: heading, trend, breaches."""

from __future__ import annotations

from okrctl.compute.monthly import BreachRun, KpiMonth, MonthlyReview, WarnCrossing, band_words
from okrctl.compute.review import ReviewReport
from okrctl.wording import number, plural
from okrctl.wording import value as show

SUGGESTION_TITLES = {
    "tighten": "Tighter band",
    "reset": "Re-set the band",
    "no-early-warning": "Earlier warning",
}
GOOD_WORDS = {
    "higher": "higher is better",
    "lower": "lower is better",
    "target": "closer to the target is better",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def monthly_of(report: ReviewReport) -> MonthlyReview:
    assert report.monthly is not None  # the reporters call this for a monthly review only
    return report.monthly


def heading(report: ReviewReport) -> list[str]:
    """The title line, then the window's dates."""
    monthly = monthly_of(report)
    team = f" · team {report.team}" if report.team else ""
    months = monthly.months
    span = months[0] if len(months) == 1 else f"{months[0]} to {months[-1]}"
    return [
        f"Monthly KPI review of {span}{team}",
        f"{monthly.start} to {monthly.end}, as of {report.as_of}",
    ]


def counts(monthly: MonthlyReview) -> str:
    """`12 KPIs · 1 with a breach · 3 warn crossings · 6 suggestions`."""
    breached = sum(1 for k in monthly.kpis if k.breaches)
    crossings = sum(len(k.crossings) for k in monthly.kpis)
    suggestions = sum(len(k.suggestions) for k in monthly.kpis)
    return " · ".join(
        (
            plural(len(monthly.kpis), "KPI"),
            f"{breached} with a breach",
            plural(crossings, "warn crossing"),
            plural(suggestions, "suggestion"),
        )
    )


def bands(kpi: KpiMonth) -> str:
    """`band at most 45 min, warn at most 35 min`."""
    text = f"band {band_words(kpi.band, kpi.unit)}"
    return text + (f", warn {band_words(kpi.warn, kpi.unit)}" if kpi.warn is not None else "")


def trend(kpi: KpiMonth) -> str:
    """`30 (Jul 31) -> 31 (Aug 31) -> 34 (Sep 30) -> 43 min (Oct 31): up 13 min, worse`."""
    points = " -> ".join(
        f"{show(e.value, kpi.unit)} ({MONTHS[e.date.month - 1]} {e.date.day})"
        for e in kpi.month_ends
    )
    if kpi.change is None:
        return f"{points}: too few values for a trend"
    moved = (
        "flat" if kpi.direction == "flat" else f"{kpi.direction} {show(abs(kpi.change), kpi.unit)}"
    )
    judged = {
        "better": f", better ({GOOD_WORDS[kpi.good]})" if kpi.good else "",
        "worse": f", worse ({GOOD_WORDS[kpi.good]})" if kpi.good else "",
        "flat": "",
        "unknown": ", no good direction (a two-sided band without a target)",
    }[kpi.verdict]
    return f"{points}: {moved}{judged}"


def inside(kpi: KpiMonth, start: object) -> str:
    """`inside its band on 69 of 91 days (76%)`, and from when, if not the window's start."""
    if kpi.share is None:
        return "no value in the window"
    since = f" (first measured {kpi.counted_from})" if kpi.counted_from != start else ""
    if kpi.band is None:
        return f"no band: {plural(kpi.days, 'day')} counted{since}"
    return (
        f"inside its band on {kpi.inside} of {plural(kpi.days, 'day')} "
        f"({number(round(kpi.share * 100))}%){since}"
    )


def breach(run: BreachRun, unit: str | None) -> str:
    """`above its band from 2026-11-09, ongoing: 22 days, worst 52 min; warned (44 min ...)`."""
    until = "ongoing" if run.end is None else f"to {run.end}"
    if run.warned is True:
        warned = f"; warned: the reading before, {show(run.lead, unit)}, was in the warn zone"
    elif run.warned is False:
        warned = (
            f"; no warning: the reading before, {show(run.lead, unit)}, was inside the warn band"
        )
    else:
        warned = ""
    return (
        f"{run.side} its band from {run.start}, {until}: {plural(run.days, 'day')}, worst "
        f"{show(run.worst, unit)}{warned}"
    )


def crossing(item: WarnCrossing, unit: str | None) -> str:
    """`2026-10-05: 34 -> 36 min, into the warn zone`."""
    return f"{item.date}: {show(item.previous)} -> {show(item.value, unit)}, into the warn zone"

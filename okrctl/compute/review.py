"""The review: one result for each meeting of the rhythm, composed from scores, KPIs and lint.

Seed 002's rhythm: weekly, scan the KPI board and flag anything outside its band; quarterly,
review OKR progress, set next quarter's OKRs and promote earned outcomes to KPIs. A review
composes what `score`, `kpi check`, `suggest` and `lint` compute into one `ReviewReport`,
which every format renders; nothing here prints or formats a table.

Cadence, when not asked for: quarterly when a period is named (`--period`), when the as-of
is `end-of-period`, or when a quarter ended at most 14 days before the as-of date (its last
day counts); monthly in a month's first seven days when okrctl.yaml asks for it
(`review: monthly: first_week: true`); weekly otherwise. The monthly review is of KPIs only
(compute/monthly.py).

What is reviewed:

- quarterly: the named period; else, with `end-of-period`, the quarter containing today;
  else the quarter that ended most recently. Objectives of that period and of periods that
  contain it (the company's year) are scored, and KPIs checked, at one date: the period's
  last day, or the as-of date when that comes first (a period named while it runs gets its
  pace). Suggestions are made at that date; lint warnings that matter at review time are
  listed for the files of those periods and the KPI files (taken from the tree's lint, made
  once by the command: the review does not lint).
- weekly: objectives whose period contains the as-of date (or, if one is named, of that
  period), and every KPI, at the as-of date. Objectives and key results are listed worst
  first: off-track (or missed), then at-risk, then on-track; within each, higher priority
  first (P0 to P4, then those without one), then lowest score first.

A quarterly review also judges impact (compute/impact.py): the KPI-linked and `from_kpi`
objectives of the period and of the one before it, and the KPIs graduated from a key result.

Priority orders a quarterly review too: each team's objectives, and each objective's key
results, P0 first and those without a priority last, in file order otherwise. It never
changes a score.

The three things that need attention now are ranked by kind, then within a kind:

1. a KPI in breach (longest breach streak first);
2. a committed objective off-track or missed (lowest score first);
3. a KPI in its warn zone;
4. an aspirational objective off-track or missed (lowest score first);
5. a KPI whose source has stopped giving values (`source-stale`, oldest pulled value first;
   never pulled before all), then a stale KPI (oldest measurement first; never measured
   before all);
6. an objective at-risk (committed first, then lowest score).

Remaining ties go by ref, so the same tree and date always give the same three.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal, TypeVar

from okrctl.compute.errors import UnknownTeam, WeeklyEndOfPeriod
from okrctl.compute.impact import Impact, review_impact
from okrctl.compute.kpi_health import BandValue, KpiReport, KpiState, KpiStatus, check_kpis, state
from okrctl.compute.learning import CalibrationReport, calibrate, wanted_retros
from okrctl.compute.monthly import MonthlyReview, in_first_week, monthly_review
from okrctl.compute.periods import find_period, latest_period, tree_periods
from okrctl.compute.scoring import (
    AsOf,
    KeyResultScore,
    ObjectiveScore,
    ScoreReport,
    TeamScore,
    score_tree,
)
from okrctl.compute.suggestions import Suggestion, SuggestionReport, suggest
from okrctl.findings import Finding, Severity
from okrctl.model.period import Period, quarter_of
from okrctl.model.tree import GoalTree
from okrctl.wording import number, plural
from okrctl.wording import value as show

Cadence = Literal["weekly", "monthly", "quarterly"]
CADENCES: tuple[Cadence, ...] = ("weekly", "monthly", "quarterly")
AttentionKind = Literal[
    "kpi-breach",
    "objective-off-track",
    "objective-missed",
    "kpi-warn",
    "kpi-stale",
    "source-stale",
    "objective-at-risk",
]

QUARTERLY_WINDOW_DAYS = 14  # a quarterly review happens in the two weeks after a quarter ends
ATTENTION_ITEMS = 3
# The lint rules whose warnings matter at review time: who is accountable, focus, KPI hygiene.
# None of them depends on the date, so the tree's lint (made at today's date) serves a review
# made at any date.
REVIEW_RULES = (
    "missing-owner",
    "too-many-objectives",
    "key-result-count",
    "too-many-kpis",
    "kpi-without-band",
    "kpi-without-cadence",
)
# Worst first: how objectives and key results are ordered in a weekly review (a key result out
# of range cannot be judged, so it comes first, with the worst).
STATUS_RANK = {
    "off-track": 0,
    "missed": 0,
    "out-of-range": 0,
    "no-data": 0,
    "at-risk": 1,
    "on-track": 2,
    "met": 2,
    "success": 2,
    "dropped": 3,  # left out of the score: listed last
}


@dataclass(frozen=True, slots=True)
class KpiPoint:
    """One measurement on a KPI's chart, judged against the KPI's band as it is written now."""

    date: date
    value: float
    state: KpiState


@dataclass(frozen=True, slots=True)
class KpiReview:
    status: KpiStatus
    points: tuple[KpiPoint, ...]  # the same measurements as status.history


@dataclass(frozen=True, slots=True)
class Attention:
    """One of the things that need attention now, with why in a sentence."""

    kind: AttentionKind
    ref: str
    team: str
    title: str
    owner: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    """The counts on top of a review. Objectives still running count by pace (on_track,
    at_risk, off_track), those whose period has ended by verdict (met, success, missed)."""

    objectives: int
    on_track: int
    at_risk: int
    off_track: int
    kpis: int
    in_breach: int
    in_warn: int
    stale: int
    attention: tuple[Attention, ...]
    met: int = 0
    success: int = 0
    missed: int = 0
    no_data: int = 0  # objectives none of whose key results has a value yet

    @property
    def ended(self) -> int:
        """How many objectives were judged with a verdict (their period had ended)."""
        return self.met + self.success + self.missed

    @property
    def running(self) -> int:
        """How many objectives were judged by their pace (their period was under way)."""
        return self.on_track + self.at_risk + self.off_track


@dataclass(frozen=True, slots=True)
class TeamReview:
    """One team's part of the review, in the order the report lists it."""

    team: str
    scores: tuple[TeamScore, ...]
    objectives: tuple[ObjectiveScore, ...]
    key_results: tuple[KeyResultScore, ...]
    kpis: tuple[KpiReview, ...]
    suggestions: tuple[Suggestion, ...]
    warnings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class ReviewReport:
    """Everything `okrctl review` reports: one object, rendered by every format."""

    cadence: Cadence
    as_of: date  # the date everything was computed at
    period: Period | None  # the period reviewed (quarterly), or the one named
    team: str | None
    summary: ReviewSummary
    teams: tuple[TeamReview, ...]
    scores: ScoreReport
    kpis: KpiReport
    suggestions: SuggestionReport
    warnings: tuple[Finding, ...]
    skipped: tuple[str, ...] = ()
    # Why the report shows another period than the default one (every period has ended), or
    # which periods --period takes when there is none to show; None for the default.
    note: str | None = None
    # Where the whole report can be read (`okrctl review --link`), for a chat digest that is
    # cut to its platform's size; None: the digest names the command instead.
    full_report: str | None = None
    # Quarterly: did the OKRs move their KPIs (compute/impact.py, `review_impact`); empty
    # when no objective of the period (or the one before) is KPI-linked and no KPI graduated.
    impact: tuple[Impact, ...] = ()
    # Learning from past quarters (issue 20; quarterly only, compute/learning.py): the missed
    # objectives it asks a retro for, and the confidence calibration as of its date (None
    # when no team or owner has enough finished key results for a number).
    retros_wanted: tuple[str, ...] = ()
    calibration: CalibrationReport | None = None
    monthly: MonthlyReview | None = None  # the monthly KPI review (cadence monthly only)


def last_ended_quarter(day: date, fiscal_year_start: int = 1) -> Period:
    """The quarter that ended most recently on or before `day` (its last day included)."""
    quarter = quarter_of(day, fiscal_year_start)
    if day >= quarter.end:
        return quarter
    return quarter_of(quarter.start - timedelta(days=1), fiscal_year_start)


def choose_cadence(
    asked: Cadence | None,
    as_of: AsOf,
    period_named: bool,
    fiscal_year_start: int = 1,
    monthly_first_week: bool = False,
) -> Cadence:
    """The cadence asked for, else the rule in the module docstring."""
    if asked is not None:
        return asked
    if period_named or as_of.end_of_period:
        return "quarterly"
    ended = last_ended_quarter(as_of.day, fiscal_year_start)
    if (as_of.day - ended.end).days <= QUARTERLY_WINDOW_DAYS:
        return "quarterly"
    return "monthly" if monthly_first_week and in_first_week(as_of.day) else "weekly"


def named_period(tree: GoalTree, label: str) -> Period:
    """The period `--period` names, as the tree knows it: a period of its objectives or one
    they contain (UnknownPeriod otherwise, listing the periods the tree has)."""
    return find_period(tree, label, containing=True)


def _check_team(tree: GoalTree, team: str | None) -> None:
    if team is None:
        return
    known = {p.team for p in tree.objectives} | {k.team for k in tree.kpis.values()}
    if team not in known:
        raise UnknownTeam(team, sorted(known))


def _band_words(band: BandValue | None, unit: str | None) -> str:
    if band is None:
        return "no band"
    if band.min is not None and band.max is not None:
        return f"between {show(band.min)} and {show(band.max, unit)}"
    if band.min is not None:
        return f"at least {show(band.min, unit)}"
    return f"at most {show(band.max, unit)}"


def _points(tree: GoalTree, kpi: KpiStatus) -> tuple[KpiPoint, ...]:
    placed = tree.find_kpi(kpi.ref)
    assert placed is not None
    band, warn = placed.kpi.band, placed.kpi.warn
    return tuple(KpiPoint(day, value, state(value, band, warn)) for day, value in kpi.history)


def _measurements(count: int) -> str:
    return "1 measurement" if count == 1 else f"{count} measurements"


def _attention(
    objectives: Sequence[ObjectiveScore], kpis: Sequence[KpiStatus]
) -> tuple[Attention, ...]:
    """The first three of the ranking in the module docstring."""
    ranked: list[tuple[tuple[object, ...], Attention]] = []

    def add(rank: tuple[object, ...], item: Attention) -> None:
        ranked.append(((*rank, item.ref), item))

    for kpi in kpis:
        now = show(kpi.value, kpi.unit)
        if kpi.status == "breach":
            band = _band_words(kpi.band, kpi.unit)
            reason = (
                f"{now}, outside its band ({band}) for {_measurements(kpi.breach_streak)} in a row"
            )
            add(
                (0, -kpi.breach_streak),
                Attention("kpi-breach", kpi.ref, kpi.team, kpi.title, kpi.owner, reason),
            )
        elif kpi.status == "warn":
            warn = _band_words(kpi.warn, kpi.unit)
            reason = f"{now}, past its warn line ({warn}) though still inside its band"
            add((2,), Attention("kpi-warn", kpi.ref, kpi.team, kpi.title, kpi.owner, reason))
        elif kpi.source_stale:
            # Only a KPI with a source and a cadence is ever source-stale.
            if kpi.pulled_days is None:
                reason = f"its source ({kpi.source}) has never given a value"
            else:
                days = plural(kpi.pulled_days, "day")
                reason = f"its source ({kpi.source}) last gave a value {days} ago"
            reason += f", though it is measured {kpi.cadence}"
            pulled_age = kpi.pulled_days if kpi.pulled_days is not None else 10**9
            add(
                (4, 0, -pulled_age),
                Attention("source-stale", kpi.ref, kpi.team, kpi.title, kpi.owner, reason),
            )
        elif kpi.stale:
            # Only a KPI with a cadence is ever stale.
            if kpi.age_days is None:
                reason = f"never measured, though it is measured {kpi.cadence}"
            else:
                reason = (
                    f"last measured {plural(kpi.age_days, 'day')} ago, though it is measured "
                    f"{kpi.cadence}"
                )
            age = kpi.age_days if kpi.age_days is not None else 10**9
            stale = Attention("kpi-stale", kpi.ref, kpi.team, kpi.title, kpi.owner, reason)
            add((4, 1, -age), stale)

    for o in objectives:
        if o.score is None:  # every key result dropped: nothing to judge
            continue
        committed = o.type == "committed"
        when = (
            f"when {o.period} ended"
            if o.ended
            else f"with {round(o.elapsed * 100)}% of {o.period} gone"
        )
        reason = f"{o.type} objective scored {number(o.score)} {when}"
        if o.expected is not None and not o.ended:
            reason += f" and {number(o.expected)} expected by plan"
        if o.status in ("off-track", "missed"):
            missed = o.status == "missed"
            kind: AttentionKind = "objective-missed" if missed else "objective-off-track"
            if missed and committed:
                reason += " (a committed objective is met only at 1.0)"
            add(
                (1 if committed else 3, o.score),
                Attention(kind, o.ref, o.team, o.title, o.owner, reason),
            )
        elif o.status == "at-risk":
            add(
                (5, 0 if committed else 1, o.score),
                Attention("objective-at-risk", o.ref, o.team, o.title, o.owner, reason),
            )
    ranked.sort(key=lambda pair: pair[0])
    return tuple(item for _, item in ranked[:ATTENTION_ITEMS])


Scored = TypeVar("Scored", ObjectiveScore, KeyResultScore)
UNPRIORITIZED = 5  # after P4: the items a team ranked come before those it did not


def priority_rank(priority: str | None) -> int:
    """0 for P0 ... 4 for P4; 5 without a priority."""
    return int(priority[1:]) if priority is not None else UNPRIORITIZED


def _worst_first(items: Sequence[Scored]) -> list[Scored]:
    """Off-track (or missed) first, then at-risk, then on-track, then dropped; in each, higher
    priority first, then lowest score first."""
    return sorted(
        items,
        key=lambda item: (
            STATUS_RANK[item.status],
            priority_rank(item.priority),
            item.score if item.score is not None else 1.0,
        ),
    )


def _by_priority(items: Sequence[Scored]) -> list[Scored]:
    """P0 first, those without a priority last; file order otherwise (the sort is stable)."""
    return sorted(items, key=lambda item: priority_rank(item.priority))


def _key_results_by_priority(objective: ObjectiveScore) -> ObjectiveScore:
    ordered = tuple(_by_priority(objective.key_results))
    return (
        objective if ordered == objective.key_results else replace(objective, key_results=ordered)
    )


def review_warnings(
    findings: Sequence[Finding], keep: Callable[[str], bool] = lambda path: True
) -> list[Finding]:
    """The review-time rules' findings among the tree's lint findings, at warning or above.

    The lint made them as `okrctl lint` reports them, under okrctl.yaml's settings: a rule
    ignored there made none, a rule demoted to `severity: info` is left out here, and a
    `# okrctl: disable=RULE` comment silenced its line.
    """
    return [
        f
        for f in findings
        if f.severity.rank >= Severity.WARNING.rank and f.rule in REVIEW_RULES and keep(f.path)
    ]


def reviewed_period(
    tree: GoalTree, cadence: Cadence, as_of: AsOf, period: str | Period | None
) -> tuple[Period | None, date]:
    """The period a review covers (None: the current ones, weekly) and the date it is made at."""
    fiscal = tree.config.fiscal_year_start
    reviewed = named_period(tree, period) if isinstance(period, str) else period
    if cadence != "quarterly":
        if as_of.end_of_period:
            raise WeeklyEndOfPeriod(cadence)
        return reviewed, as_of.day
    if reviewed is None:
        # end-of-period: the quarter running now, judged as if it had ended.
        pick = quarter_of if as_of.end_of_period else last_ended_quarter
        reviewed = pick(as_of.day, fiscal)
    return reviewed, reviewed.end if as_of.end_of_period else min(as_of.day, reviewed.end)


def _team_reviews(
    cadence: Cadence,
    objectives: Sequence[ObjectiveScore],
    scores: ScoreReport,
    kpis: Sequence[KpiReview],
    suggestions: Sequence[Suggestion],
    warnings: Sequence[tuple[str, Finding]],
) -> tuple[TeamReview, ...]:
    """Each team's part, in report order (worst first in a weekly review)."""
    names = sorted(
        {o.team for o in objectives}
        | {k.status.team for k in kpis}
        | {s.team for s in suggestions}
        | {team for team, _ in warnings}
    )
    teams = []
    for name in names:
        own = [o for o in objectives if o.team == name]
        if cadence == "quarterly":
            ordered = [_key_results_by_priority(o) for o in _by_priority(own)]
        else:
            ordered = _worst_first(own)
        key_results = [kr for o in ordered for kr in o.key_results]
        teams.append(
            TeamReview(
                team=name,
                scores=tuple(t for t in scores.teams if t.team == name),
                objectives=tuple(ordered),
                key_results=tuple(
                    key_results if cadence == "quarterly" else _worst_first(key_results)
                ),
                kpis=tuple(k for k in kpis if k.status.team == name),
                suggestions=tuple(s for s in suggestions if s.team == name),
                warnings=tuple(f for team, f in warnings if team == name),
            )
        )
    return tuple(teams)


def _summary(objectives: Sequence[ObjectiveScore], kpis: Sequence[KpiStatus]) -> ReviewSummary:
    statuses = [o.status for o in objectives]
    return ReviewSummary(
        objectives=len(objectives),
        on_track=statuses.count("on-track"),
        at_risk=statuses.count("at-risk"),
        off_track=statuses.count("off-track"),
        met=statuses.count("met"),
        success=statuses.count("success"),
        missed=statuses.count("missed"),
        no_data=statuses.count("no-data"),
        kpis=len(kpis),
        in_breach=sum(1 for k in kpis if k.status == "breach"),
        in_warn=sum(1 for k in kpis if k.status == "warn"),
        stale=sum(1 for k in kpis if k.stale),
        attention=_attention(objectives, kpis),
    )


def build_review(
    tree: GoalTree,
    as_of: AsOf,
    findings: Sequence[Finding],
    *,
    cadence: Cadence | None = None,
    period: str | None = None,
    team: str | None = None,
    skipped: tuple[str, ...] = (),
) -> ReviewReport:
    """The review of the tree as of a date; see the module docstring for what it holds.

    `findings` is the tree's lint (`CheckedTree.lint.findings`): the review lists warnings
    from it. Every key result is scored once and every KPI checked once; the suggestions
    are made from those results, not computed again.
    """
    config = tree.config
    chosen = choose_cadence(
        cadence,
        as_of,
        period is not None,
        config.fiscal_year_start,
        config.review.monthly.first_week,
    )
    _check_team(tree, team)
    reviewed, day = reviewed_period(tree, chosen, as_of, period)
    if chosen == "monthly":
        # A period named: the months that ended by its end (2026-Q3: July to September).
        end = day if reviewed is None else min(day, reviewed.end)
        return _monthly(tree, end, findings, team, skipped)

    def in_scope(candidate: Period) -> bool:
        return candidate.covers(reviewed) if reviewed is not None else candidate.contains(day)

    def ours(of_team: str) -> bool:
        return team is None or of_team == team

    note: str | None = None
    mine = [p for p in tree.objectives if ours(p.team)]
    if period is None and mine and not any(in_scope(p.period) for p in mine):
        # Nothing in the periods a default picks (every period has ended, or none has begun):
        # review the latest period with objectives rather than print an empty report.
        latest = latest_period(mine, as_of.day)
        if latest is None:
            labels = ", ".join(p.label for p in tree_periods(mine))
            note = f"no objectives in the period reviewed; --period takes {labels}"
        else:
            chosen = cadence or "quarterly"
            reviewed, day = reviewed_period(tree, chosen, as_of, latest)
            note = f"showing {latest.label}, the latest period with objectives"

    periods = {p.ref: p.period for p in tree.objectives}
    # Every team's objectives are scored (suggestions about this team's KPIs can come from
    # another team's key results). A quarterly review scores each period at its last day or
    # at `day`, whichever comes first: that is `day` for every period it reviews (they end
    # on or after it) and what the suggestions need for the periods that ended before. A
    # weekly review makes no suggestions and judges even a named, ended period at `day`.
    everything = score_tree(tree, AsOf(day), explicit_date=chosen == "weekly")
    objectives = tuple(
        o for o in everything.objectives if ours(o.team) and in_scope(periods[o.ref])
    )
    groups = {(o.team, o.period) for o in objectives}
    scores = ScoreReport(
        day, tuple(t for t in everything.teams if (t.team, t.period) in groups), objectives, skipped
    )
    every_kpi = check_kpis(tree, day)
    kpis = KpiReport(day, tuple(k for k in every_kpi.kpis if ours(k.team)), skipped)
    made = suggest(tree, day, everything, every_kpi).suggestions if chosen == "quarterly" else ()
    suggestions = SuggestionReport(day, tuple(s for s in made if ours(s.team)), skipped)

    teams_of = {file.path: file.team for file in tree.files}
    files_in_scope = {
        file.path
        for file in tree.files
        if file.team is not None
        and (team is None or file.team == team)
        and (file.period is None or in_scope(file.period))
    }
    warnings = tuple(review_warnings(findings, files_in_scope.__contains__))
    reviews = [
        KpiReview(k, _points(tree, k))
        for k in sorted(kpis.kpis, key=lambda k: (-k.level(), -k.breach_streak))
    ]
    teams = _team_reviews(
        chosen,
        objectives,
        scores,
        reviews,
        suggestions.suggestions,
        [(teams_of[f.path] or "", f) for f in warnings],
    )
    learned = _learning(tree, chosen, day, team, objectives)
    return ReviewReport(
        cadence=chosen,
        as_of=day,
        period=reviewed,
        team=team,
        summary=_summary(objectives, kpis.kpis),
        teams=teams,
        scores=scores,
        kpis=kpis,
        suggestions=suggestions,
        warnings=warnings,
        skipped=skipped,
        note=note,
        impact=review_impact(tree, day, reviewed, team)
        if chosen == "quarterly" and reviewed is not None
        else (),
        retros_wanted=learned[0],
        calibration=learned[1],
    )


def _learning(
    tree: GoalTree,
    cadence: Cadence,
    day: date,
    team: str | None,
    objectives: Sequence[ObjectiveScore],
) -> tuple[tuple[str, ...], CalibrationReport | None]:
    """A quarterly review's retros asked for and calibration (shown only with a number)."""
    if cadence != "quarterly":
        return (), None
    calibration = calibrate(tree, day, team=team)
    return wanted_retros(tree, objectives), calibration if calibration.shown else None


def _monthly(
    tree: GoalTree,
    day: date,
    findings: Sequence[Finding],
    team: str | None,
    skipped: tuple[str, ...],
) -> ReviewReport:
    """The monthly review: KPIs only (compute/monthly.py), with their health at `day` and the
    review-time warnings of the KPI files, so the summary and the chat digests read as ever."""
    kpis = KpiReport(day, check_kpis(tree, day, team=team).kpis, skipped)
    kpi_files = {p.file.path for p in tree.kpis.values() if team is None or p.team == team}
    warnings = tuple(review_warnings(findings, kpi_files.__contains__))
    teams_of = {file.path: file.team for file in tree.files}
    reviews = [
        KpiReview(k, _points(tree, k))
        for k in sorted(kpis.kpis, key=lambda k: (-k.level(), -k.breach_streak))
    ]
    scores = ScoreReport(day, (), (), skipped)
    return ReviewReport(
        cadence="monthly",
        as_of=day,
        period=None,
        team=team,
        summary=_summary((), kpis.kpis),
        teams=_team_reviews(
            "monthly", (), scores, reviews, (), [(teams_of[f.path] or "", f) for f in warnings]
        ),
        scores=scores,
        kpis=kpis,
        suggestions=SuggestionReport(day, (), skipped),
        warnings=warnings,
        skipped=skipped,
        monthly=monthly_review(tree, day, team),
    )

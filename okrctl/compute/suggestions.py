"""The loop between KPIs and OKRs: what should become an objective, and what a KPI.

A KPI out of its band for two consecutive measurements should become next period's
objective (the KPI is the early warning, the OKR the focused response; a breach last measured
longer ago than the KPI's stale limit is said to be stale); a key result that reached its
target in an ended period should become a KPI that defends the new level (so one-time wins do
not drift back to baseline), when it sets a level worth holding (not a one-off: "Run 3 user
tests"); and a key result or objective that only holds a level, or an objective repeated
period after period, is a KPI already. Each suggestion carries a draft: goal-file data that
`okrctl lint` accepts once pasted in. A drafted objective names the KPI it answers
(`from_kpi`), and a breach that an earlier objective set out to fix and did not (not moved, or
moved and slipped: compute/impact.py) says so; a key result a KPI names as its `from_kr` has
graduated already and is not suggested again.

Pure functions of the goal tree, an as-of date and what `score` and `kpi check` computed at
that date (review has them already, so nothing is scored twice); rendering the drafts is the
reporters' job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from okrctl.compute.impact import Impact, failed_before
from okrctl.compute.kpi_health import KpiReport, KpiStatus
from okrctl.compute.scoring import KeyResultScore, ScoreReport, score_key_result
from okrctl.model.common import holding_objectives, holdings, recurrences
from okrctl.model.goals import AnyKeyResult
from okrctl.model.kinds import kind_of
from okrctl.model.period import next_quarter
from okrctl.model.titles import describes_activity
from okrctl.model.tree import GoalTree, PlacedKeyResult, PlacedObjective
from okrctl.wording import plural
from okrctl.wording import value as show

Kind = Literal["kpi-to-okr", "okr-to-kpi", "tighten-band", "hold-as-kpi"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: Kind
    team: str
    about: str  # the ref of the KPI, key result or objective it is about
    reason: str
    draft: dict[str, Any]  # goal-file data: a whole file, or (tighten-band) the KPI's new band
    where: str  # where the draft goes, in a few words


@dataclass(frozen=True, slots=True)
class SuggestionReport:
    as_of: date
    suggestions: tuple[Suggestion, ...]
    skipped: tuple[str, ...] = field(default=())


# The score of a key result as suggest needs it: at its period's last day, or at the as-of
# date while its period runs.
ScoreOf = Callable[[PlacedKeyResult], KeyResultScore]


def scores_of(tree: GoalTree, scores: ScoreReport, as_of: date) -> ScoreOf:
    """Look key results up in `scores`, which must hold every objective of the tree scored as
    `score_tree(tree, AsOf(as_of))` scores it (each period at its last day or `as_of`,
    whichever comes first); ValueError when it does not, rather than a wrong suggestion."""
    ends = {placed.ref: placed.period.end for placed in tree.objectives}
    by_ref: dict[str, tuple[KeyResultScore, ...]] = {}
    repeated: set[str] = set()
    for objective in scores.objectives:
        if objective.ref in by_ref:
            repeated.add(objective.ref)
        by_ref[objective.ref] = objective.key_results
        day = min(as_of, ends[objective.ref])
        if objective.as_of != day:
            raise ValueError(
                f"{objective.ref} was scored at {objective.as_of}; suggest needs it at {day}"
            )
    settings = tree.config.scoring

    def score_of(placed: PlacedKeyResult) -> KeyResultScore:
        ref = placed.parent.ref
        if ref in repeated:
            # Two objectives share this ref (only when duplicate-id is ignored): the report
            # cannot say which score is whose, so this key result is scored on its own.
            return score_key_result(placed, tree, min(as_of, placed.parent.period.end), settings)
        found = by_ref.get(ref)
        if found is None:
            raise ValueError(f"{ref} is not in the scores suggest was given")
        # The report lists an objective's key results in the order the objective holds them.
        written = placed.parent.objective.key_results
        return found[next(i for i, kr in enumerate(written) if kr is placed.kr)]

    return score_of


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].strip("-") or "kpi"


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _band_for(target: float, increasing: bool) -> dict[str, float]:
    return {"min": target} if increasing else {"max": target}


def restore_objectives(tree: GoalTree, kpis: list[KpiStatus], as_of: date) -> list[Suggestion]:
    """KPI deviation triggers an OKR: a breach streak becomes next period's objective."""
    streak = tree.config.kpi.breach_streak
    fiscal = tree.config.fiscal_year_start
    upcoming = next_quarter(as_of, fiscal)
    addressed = {
        linked
        for placed in tree.key_results()
        if (linked := kind_of(placed.kr).linked_kpi(placed.kr)) is not None
        and placed.parent.period.end >= as_of
    } | {
        placed.objective.from_kpi
        for placed in tree.objectives
        if placed.objective.from_kpi is not None and placed.period.end >= as_of
    }
    taken: dict[str, set[str]] = {}
    for placed in tree.objectives:
        if placed.period.label == upcoming.label:
            taken.setdefault(placed.team, set()).add(placed.objective.id)
    found = []
    failed: dict[str, Impact] | None = None  # made once, when a breach first needs it
    for kpi in kpis:
        if kpi.breach_streak < streak or kpi.ref in addressed or kpi.band is None:
            continue
        assert kpi.value is not None
        above = kpi.band.max is not None and kpi.value > kpi.band.max
        edge = kpi.band.max if above else kpi.band.min
        target = kpi.target if kpi.target is not None else edge
        assert target is not None
        # "Restore median ...", but an acronym keeps its case: "Restore NPS", not "nPS".
        lower = kpi.title if kpi.title[1:2].isupper() else kpi.title[:1].lower() + kpi.title[1:]
        objective = {
            "id": _unique(f"restore-{kpi.id}", taken.setdefault(kpi.team, set())),
            "title": f"Restore {lower}",
            "type": "committed",
            "owner": kpi.owner,
            # The link back to the KPI: `okrctl impact` judges the objective by it.
            "from_kpi": kpi.ref,
            "key_results": [
                {
                    "id": kpi.id,
                    "title": f"{kpi.title} back to {show(target, kpi.unit)}",
                    "kpi": kpi.ref,
                    "start": kpi.value,
                    "target": target,
                },
                {
                    "title": f"Top causes of the {lower} breach found and removed",
                    "done": False,
                },
            ],
        }
        measured = plural(kpi.breach_streak, "measurement")
        last = show(kpi.value, kpi.unit)
        if kpi.stale:
            # The breach is what was last known, not what is known now: say so.
            reason = (
                f"{kpi.ref} was outside its band for {measured} in a row, but its last "
                f"measurement ({last} on {kpi.date}, {plural(kpi.age_days or 0, 'day')} ago) "
                "is stale: measure it again before committing to this objective; if the "
                "breach holds, next period's objective is the focused response"
            )
        else:
            reason = (
                f"{kpi.ref} has been outside its band for {measured} in a row (now {last}): the "
                "KPI is the early warning, next period's objective is the focused response"
            )
        if failed is None:
            failed = failed_before(tree, as_of)
        earlier = failed.get(kpi.ref)
        if earlier is not None:
            # The loop's last step (issue 20): an OKR that did not fix it is worth knowing
            # before writing the same one again.
            reason += (
                f"; an earlier objective already failed to fix it: {earlier.ref} "
                f"({earlier.verdict}: {earlier.reason})"
            )
        found.append(
            Suggestion(
                kind="kpi-to-okr",
                team=kpi.team,
                about=kpi.ref,
                reason=reason,
                draft={"team": kpi.team, "period": upcoming.label, "objectives": [objective]},
                where=f"a new objective for {kpi.team} in {upcoming.label}",
            )
        )
    return found


def one_off(kr: AnyKeyResult) -> bool:
    """Whether a key result counts something done once rather than setting a level worth
    holding: its title describes an activity ("Run 3 user tests", "Publish 4 blog posts"), or
    it goes from 0 to 1 with no unit (one thing happens: "Workshop for the camp")."""
    if describes_activity(kr.title) is not None:
        return True
    scale = kind_of(kr).scale(kr)
    unit = kind_of(kr).unit(kr)
    return scale is not None and scale.start == 0 and scale.target == 1 and not unit


def _kpi_draft(
    placed: PlacedKeyResult, as_of: date, score_of: ScoreOf, taken: set[str]
) -> dict[str, Any] | None:
    """A KPI defending the level a key result reaches (a numeric one's target), with its latest
    value as a measurement; None for a key result with no level of its own to hold (a
    milestone, a KPI-linked one, a one-off)."""
    kr = placed.kr
    owner = placed.owner
    level = kind_of(kr).defended_level(kr)
    if level is None or owner is None or one_off(kr):
        return None
    draft: dict[str, Any] = {
        "id": _unique(kr.id or slug(kr.title), taken),
        "title": kr.title,
        "owner": owner,
    }
    if level.unit:
        draft["unit"] = level.unit
    draft["cadence"] = "monthly"
    draft["band"] = _band_for(level.target, level.increasing)
    scored = score_of(placed)
    if isinstance(scored.current, int | float) and not isinstance(scored.current, bool):
        day = scored.last_checkin or min(as_of, placed.parent.period.end)
        draft["measurements"] = [{"date": day, "value": scored.current}]
    return draft


def _latest_ended(tree: GoalTree, as_of: date) -> dict[str, list[PlacedObjective]]:
    """Per team, the objectives of its most recently ended period."""
    ended: dict[str, list[PlacedObjective]] = {}
    for placed in tree.objectives:
        if placed.period.end > as_of:
            continue
        current = ended.get(placed.team)
        if current is None or placed.period.end > current[0].period.end:
            ended[placed.team] = [placed]
        elif placed.period.end == current[0].period.end:
            current.append(placed)
    return ended


def graduations(
    tree: GoalTree, as_of: date, score_of: ScoreOf, taken: dict[str, set[str]]
) -> list[Suggestion]:
    """OKR completion creates a KPI; a KPI-linked key result that got there tightens its KPI."""
    found = []
    # Key results a KPI already graduated from (its `from_kr`): the KPI exists.
    graduated = {
        id(origin.kr)
        for kpi in tree.kpis.values()
        if kpi.kpi.from_kr is not None
        and (origin := tree.find_key_result(kpi.kpi.from_kr)) is not None
    }
    for team, objectives in sorted(_latest_ended(tree, as_of).items()):
        for objective in objectives:
            for placed in objective.key_results():
                kr = placed.kr
                if id(kr) in graduated:
                    continue
                scored = score_of(placed)  # at the period's last day: the period has ended
                if scored.score < 1.0 or scored.no_data:
                    continue
                if scored.dropped or scored.score_source == "self":
                    continue  # "reached its target" must be what its values say
                level = kind_of(kr).defended_level(kr)
                if level is not None:
                    draft = _kpi_draft(placed, as_of, score_of, taken.setdefault(team, set()))
                    if draft is None:
                        continue
                    found.append(
                        Suggestion(
                            kind="okr-to-kpi",
                            team=team,
                            about=placed.ref,
                            reason=(
                                f"{placed.ref} reached its target "
                                f"{show(level.target, level.unit)} in "
                                f"{objective.period.label}: a KPI with a band defends the new "
                                "level, so the win does not drift back to baseline"
                            ),
                            draft={"team": team, "kpis": [draft]},
                            where=f"a new KPI in {team}'s KPI file",
                        )
                    )
                elif kind_of(kr).linked_kpi(kr) is not None:
                    tightened = _tightened_band(tree, placed)
                    if tightened is not None:
                        found.append(tightened)
    return found


def _tightened_band(tree: GoalTree, placed: PlacedKeyResult) -> Suggestion | None:
    """The band of the KPI a key result is linked to, tightened to the key result's target."""
    kind = kind_of(placed.kr)
    ref, scale = kind.linked_kpi(placed.kr), kind.scale(placed.kr)
    kpi = tree.find_kpi(ref) if ref is not None else None
    start = kind.bounds(placed, tree).start
    if kpi is None or start is None or scale is None:
        return None
    increasing = scale.direction == "increase" if scale.direction else scale.target >= start
    band = kpi.kpi.band
    if increasing and band is not None and band.min is not None and band.min >= scale.target:
        return None
    if not increasing and band is not None and band.max is not None and band.max <= scale.target:
        return None
    new_band: dict[str, float] = {}
    if band is not None and band.min is not None:
        new_band["min"] = band.min
    if band is not None and band.max is not None:
        new_band["max"] = band.max
    new_band["min" if increasing else "max"] = scale.target
    draft: dict[str, Any] = {"band": {k: new_band[k] for k in ("min", "max") if k in new_band}}
    warn = kpi.kpi.warn
    reason_extra = ""
    if warn is not None:
        # The new band's edge moves to the target; a warn edge beyond it leaves the band.
        edges = [edge for edge in (warn.min, warn.max) if edge is not None]
        outside = any(edge < scale.target if increasing else edge > scale.target for edge in edges)
        if outside:
            reason_extra = "; delete its warn band, which would no longer lie inside the band"
    return Suggestion(
        kind="tighten-band",
        team=kpi.team,
        about=kpi.ref,
        reason=(
            f"{placed.ref} took {kpi.ref} to its target {show(scale.target, kpi.kpi.unit)}: "
            f"the KPI's band should now defend that level{reason_extra}"
        ),
        draft=draft,
        where=f"the band of {kpi.ref} in {kpi.file.path}",
    )


def standards(
    tree: GoalTree, as_of: date, score_of: ScoreOf, taken: dict[str, set[str]]
) -> list[Suggestion]:
    """Key results and objectives that hold a level, and objectives that recur, are KPIs
    already."""
    found = []
    held = list(holdings(tree))
    for holding in held:
        placed = holding.placed
        if kind_of(placed.kr).linked_kpi(placed.kr) is not None:
            tightened = _tightened_band(tree, placed)
            if tightened is not None:
                found.append(
                    Suggestion(
                        "hold-as-kpi",
                        tightened.team,
                        placed.ref,
                        holding.reason,
                        tightened.draft,
                        tightened.where,
                    )
                )
            continue
        team = placed.parent.team
        draft = _kpi_draft(placed, as_of, score_of, taken.setdefault(team, set()))
        if draft is not None:
            found.append(
                Suggestion(
                    "hold-as-kpi",
                    team,
                    placed.ref,
                    holding.reason,
                    {"team": team, "kpis": [draft]},
                    f"a new KPI in {team}'s KPI file",
                )
            )
    drafted = {id(holding.placed.kr) for holding in held}
    for objective in holding_objectives(tree):
        placed_objective = objective.placed
        team = placed_objective.team
        drafts = [
            d
            for kr in placed_objective.key_results()
            if id(kr.kr) not in drafted  # drafted above, on its own
            and (d := _kpi_draft(kr, as_of, score_of, taken.setdefault(team, set()))) is not None
        ]
        if drafts:
            found.append(
                Suggestion(
                    "hold-as-kpi",
                    team,
                    placed_objective.ref,
                    f"{placed_objective.ref} says `{objective.word}`: an objective that holds "
                    "a level is a KPI already; hold its metrics with bands instead",
                    {"team": team, "kpis": drafts},
                    f"new KPIs in {team}'s KPI file",
                )
            )
    for recurrence in recurrences(tree):
        later = recurrence.later
        drafts = [
            d
            for kr in later.key_results()
            if (d := _kpi_draft(kr, as_of, score_of, taken.setdefault(later.team, set())))
            is not None
        ]
        if drafts:
            found.append(
                Suggestion(
                    "hold-as-kpi",
                    later.team,
                    later.ref,
                    f"{later.ref} repeats {recurrence.earlier.ref} from the previous period: an "
                    "OKR kept period after period is a KPI; hold its metrics with bands instead",
                    {"team": later.team, "kpis": drafts},
                    f"new KPIs in {later.team}'s KPI file",
                )
            )
    return found


def suggest(
    tree: GoalTree,
    as_of: date,
    scores: ScoreReport,
    kpis: KpiReport,
    skipped: tuple[str, ...] = (),
) -> SuggestionReport:
    """The suggestions at `as_of`, from what was computed at that date: `scores`, every
    objective as `score_tree(tree, AsOf(as_of))` scores it, and `kpis`, every KPI as
    `check_kpis(tree, as_of)` checks it (the suggestions of all teams are made from them)."""
    if kpis.as_of != as_of:
        raise ValueError(f"the KPIs were checked at {kpis.as_of}; suggest needs them at {as_of}")
    score_of = scores_of(tree, scores, as_of)
    taken: dict[str, set[str]] = {}
    for placed in tree.kpis.values():
        taken.setdefault(placed.team, set()).add(placed.kpi.id)
    suggestions = [
        *restore_objectives(tree, list(kpis.kpis), as_of),
        *graduations(tree, as_of, score_of, taken),
        *standards(tree, as_of, score_of, taken),
    ]
    return SuggestionReport(as_of, tuple(suggestions), skipped)

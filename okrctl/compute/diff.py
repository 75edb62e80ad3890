"""What a change to the goal files does to the goals: the comparison behind `okrctl diff`.

A pure function of two goal trees (the base, as it was at a git revision, and the working
tree) and an as-of date. Objectives are matched by ref (team, period as written, id), key
results by id, else by title, KPIs by ref, check-ins and measurements by date.

Three kinds of change are warning signs (docs/diff.md):

- goalposts moved: once a period has started, a key result's target, commit or stretch level
  made easier (or its stretch level removed, which makes the target score 1.0), its plan
  eased (pushed later or lowered: less expected by some day, more by none), or, while
  it runs, a key result or an objective deleted; a key result given `status: dropped` in the
  second half of its period (or after it), which takes a likely miss out of the score; a
  KPI's band (or warn range) widened on the side the KPI is outside of at its latest
  measurement. KPIs have no period, and adjusting a
  band while the KPI is inside it is routine (seed 002's monthly review), so a band change
  counts only when it makes a current breach disappear;
- type changed late: committed <-> aspirational once the period has started (seed 002: set
  the type when you write the objective, not at the end of the quarter);
- history rewritten: a check-in or measurement dated before the as-of date whose value or
  confidence was edited, or which was deleted.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from okrctl.compute.plan import Path, planned_path, planned_value
from okrctl.compute.scoring import written
from okrctl.findings import Location
from okrctl.model.common import serving
from okrctl.model.goals import (
    Band,
    Initiative,
    Link,
    Model,
    Objective,
    PlanPoint,
    normalize_title,
)
from okrctl.model.kinds import kind_of
from okrctl.model.period import Period
from okrctl.model.tree import GoalTree, PlacedKeyResult, PlacedKpi, PlacedObjective
from okrctl.model.types import aligns_to_refs
from okrctl.wording import value


class Kind(StrEnum):
    """What changed, in goal terms (the order reports list them in)."""

    OBJECTIVE_ADDED = "objective-added"
    OBJECTIVE_REMOVED = "objective-removed"
    KEY_RESULT_ADDED = "key-result-added"
    KEY_RESULT_REMOVED = "key-result-removed"
    KEY_RESULT_DROPPED = "key-result-dropped"  # `status: dropped` written
    INITIATIVE_ADDED = "initiative-added"  # `field`: its id or title; `new`: its status
    INITIATIVE_REMOVED = "initiative-removed"
    INITIATIVE_CHANGED = "initiative-changed"  # its status: `old` -> `new`
    # A key result that had an initiative (its own or its objective's) and has none left that
    # is not dropped: "no link between KPI and action" (seed 004).
    KEY_RESULT_WITHOUT_INITIATIVE = "key-result-without-initiative"
    KPI_ADDED = "kpi-added"
    KPI_REMOVED = "kpi-removed"
    TYPE_CHANGED = "type-changed"
    TARGET_CHANGED = "target-changed"
    LEVEL_CHANGED = "level-changed"  # a commit or stretch level raised, lowered, set or removed
    PLAN_CHANGED = "plan-changed"  # a planned path added, removed, lowered, raised or reshaped
    START_CHANGED = "start-changed"
    BAND_CHANGED = "band-changed"
    OWNER_CHANGED = "owner-changed"
    # title, weight, unit, direction, aligns_to, kpi, current, from_kpi, from_kr...
    FIELD_CHANGED = "field-changed"
    CHECKIN_ADDED = "checkin-added"
    CHECKIN_REWRITTEN = "checkin-rewritten"
    CHECKIN_DELETED = "checkin-deleted"
    MEASUREMENT_ADDED = "measurement-added"
    MEASUREMENT_REWRITTEN = "measurement-rewritten"
    MEASUREMENT_DELETED = "measurement-deleted"


class Sign(StrEnum):
    """A change the seeds call out as a warning sign."""

    GOALPOSTS_MOVED = "goalposts-moved"
    TYPE_CHANGED_LATE = "type-changed-late"
    HISTORY_REWRITTEN = "history-rewritten"


@dataclass(frozen=True, slots=True)
class Range:
    """A KPI band as compared: either side may be open."""

    min: float | None
    max: float | None

    def contains(self, x: float) -> bool:
        return (self.min is None or x >= self.min) and (self.max is None or x <= self.max)


@dataclass(frozen=True, slots=True)
class Entry:
    """A check-in or a measurement as compared (a measurement has no confidence)."""

    date: date
    value: float | bool | None  # None: the check-in gives only a self-graded score
    confidence: float | None
    note: str | None
    score: float | None = None  # a check-in's self-graded score
    progress: float | None = None  # a redacted key result's check-in: a share, 0 to 1


# A tuple: contributors (names), links, a plan's points, or the parents of a list in
# `aligns_to`.
Value = float | bool | str | Range | Entry | tuple[str | Link | PlanPoint, ...] | None


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one goal. `where` is in the working tree, or in the base tree for what
    was removed (`in_base`)."""

    kind: Kind
    ref: str
    title: str
    field: str | None = None
    old: Value = None
    new: Value = None
    direction: str | None = None  # raised, lowered; widened, narrowed, shifted, added, removed
    eases: bool | None = None  # whether it makes the goal easier to meet, when that is known
    unit: str | None = None
    sign: Sign | None = None
    reason: str | None = None  # why it is a warning sign
    where: Location | None = None
    in_base: bool = False

    @property
    def entry(self) -> Entry | None:
        """The check-in or measurement this change is about."""
        found = self.new if isinstance(self.new, Entry) else self.old
        return found if isinstance(found, Entry) else None


@dataclass(frozen=True, slots=True)
class IncompleteFile:
    """A goal file with errors: only the parts of it that validated were compared."""

    path: str
    side: str  # "base" or "working"
    problems: int


@dataclass(frozen=True, slots=True)
class DiffReport:
    """Everything `okrctl diff` reports: the base it compared with, the changes, the gaps."""

    base_name: str  # the revision as named, or the default branch of a merge base
    base_commit: str
    merge_base: bool
    as_of: date
    changes: tuple[Change, ...]
    incomplete: tuple[IncompleteFile, ...]
    folder: str = ""  # the current folder from the repository's root, which paths start from

    def from_root(self, path: str) -> str:
        """A path from the repository's root, as GitHub and pull requests name files."""
        return posixpath.normpath(posixpath.join(self.folder, path)) if self.folder else path

    @property
    def warnings(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.sign is not None)

    def count(self, kind: Kind) -> int:
        return sum(1 for c in self.changes if c.kind is kind)


def diff_report(
    base: GoalTree,
    working: GoalTree,
    as_of: date,
    *,
    base_name: str,
    base_commit: str,
    merge_base: bool,
    folder: str = "",
) -> DiffReport:
    incomplete = tuple(
        # With the problems the loader only counted (past the lint cap, a flood's).
        IncompleteFile(file.path, side, len(problems) + sum(file.counted.values()))
        for side, tree in (("base", base), ("working", working))
        for file in tree.files
        if (problems := [p for p in file.problems if p.rule != "symlink-outside-tree"])
    )
    changes = compare(base, working, as_of)
    return DiffReport(base_name, base_commit, merge_base, as_of, changes, incomplete, folder)


def compare(base: GoalTree, working: GoalTree, as_of: date) -> tuple[Change, ...]:
    """Every change from `base` to `working`, ordered by ref, then kind, field and date."""
    changes = [*_objectives(base, working, as_of), *_kpis(base, working, as_of)]
    rank = {kind: index for index, kind in enumerate(Kind)}

    def order(change: Change) -> tuple[str, int, str, date]:
        entry = change.entry
        return (
            change.ref,
            rank[change.kind],
            change.field or "",
            entry.date if entry else date.min,
        )

    return tuple(sorted(changes, key=order))


def _same(a: Any, b: Any) -> bool:
    """Equal as written values: `1` and `1.0` are, `1` and `true` are not."""
    return bool(a == b) and isinstance(a, bool) == isinstance(b, bool)


def _started(period: Period, as_of: date) -> bool:
    return period.start <= as_of


def _running(period: Period, as_of: date) -> bool:
    return period.start <= as_of <= period.end


# Objectives and key results ----------------------------------------------------------------


def _by_ref(objectives: Iterable[PlacedObjective]) -> dict[str, PlacedObjective]:
    found: dict[str, PlacedObjective] = {}
    for placed in objectives:
        found.setdefault(placed.ref, placed)  # a duplicate id is lint's business
    return found


def _written(tree: GoalTree) -> set[str]:
    """Refs of every objective written, valid or not: one that failed validation is not gone."""
    return {f"{d.team}/{d.period.label}/{d.id}" for d in tree.declared_objectives if d.period}


def _objectives(base: GoalTree, working: GoalTree, as_of: date) -> Iterator[Change]:
    old, new = _by_ref(base.objectives), _by_ref(working.objectives)
    written_before, written_now = _written(base), _written(working)
    for ref, placed in new.items():
        if ref not in old and ref not in written_before:
            objective = placed.objective
            yield Change(Kind.OBJECTIVE_ADDED, ref, objective.title, where=objective.where())
    for ref, placed in old.items():
        if ref not in new and ref not in written_now:
            objective = placed.objective
            yield _removed(
                Kind.OBJECTIVE_REMOVED, ref, objective.title, placed.period, as_of,
                objective.where(),
            )  # fmt: skip
    for ref in new.keys() & old.keys():
        yield from _objective(old[ref], new[ref], base, as_of)


def _removed(
    kind: Kind, ref: str, title: str, period: Period, as_of: date, where: Location
) -> Change:
    """An objective or key result dropped: moving the goalposts while its period runs (after
    it, removing old objectives is tidying up)."""
    what = "an objective" if kind is Kind.OBJECTIVE_REMOVED else "a key result"
    sign = reason = None
    if _running(period, as_of):
        sign = Sign.GOALPOSTS_MOVED
        reason = (
            f"{period.label} is under way (it started on {period.start.isoformat()}): dropping "
            f"{what} mid-period moves the goalposts; score it and let it miss"
        )
    return Change(kind, ref, title, sign=sign, reason=reason, where=where, in_base=True)


def _objective(
    old: PlacedObjective, new: PlacedObjective, base: GoalTree, as_of: date
) -> Iterator[Change]:
    ref, o, n, period = new.ref, old.objective, new.objective, new.period
    if o.type != n.type:
        sign = reason = None
        if _started(period, as_of):
            sign = Sign.TYPE_CHANGED_LATE
            reason = (
                f"{period.label} started on {period.start.isoformat()}: set the type when the "
                "objective is written, not once the period is under way"
            )
        yield Change(
            Kind.TYPE_CHANGED, ref, n.title, field="type", old=o.type, new=n.type,
            sign=sign, reason=reason, where=n.where("type"),
        )  # fmt: skip
    if old.owner != new.owner:
        where = n.where("owner") if n.owner else n.where()
        yield Change(Kind.OWNER_CHANGED, ref, n.title, "owner", old.owner, new.owner, where=where)
    # `from_kpi`: the KPI breach the objective answers (`okrctl impact`), set, changed or
    # removed; no warning sign: it changes no score.
    for name in ("title", "aligns_to", "description", "from_kpi"):
        if name == "aligns_to":
            yield from _aligns_to(ref, o, n)
            continue
        before, after = getattr(o, name), getattr(n, name)
        if before != after:
            where = n.where(name) if after is not None else n.where()
            yield Change(Kind.FIELD_CHANGED, ref, n.title, name, before, after, where=where)
    yield from _retro(ref, o, n)
    yield from _written_extras(ref, o, n)
    pairs, removed, added = _pairs(list(old.key_results()), list(new.key_results()))
    if old.complete:  # else a key result that failed validation before would look added
        for placed in added:
            kr = placed.kr
            yield Change(Kind.KEY_RESULT_ADDED, placed.ref, kr.title, where=kr.where())
    if new.complete:  # else one that fails validation now would look removed
        for placed in removed:
            kr = placed.kr
            yield _removed(
                Kind.KEY_RESULT_REMOVED, placed.ref, kr.title, old.period, as_of, kr.where()
            )
    yield from _initiatives(ref, n.title, o.initiatives, n.initiatives, n)
    for before, after in pairs:
        yield from _key_result(before, after, base, as_of)
        if serving(before) and not serving(after) and not after.kr.dropped_on(as_of):
            last = ", ".join(
                i.name for i in (*(after.kr.initiatives or ()), *(n.initiatives or ()))
            )
            kr = after.kr
            yield Change(
                Kind.KEY_RESULT_WITHOUT_INITIATIVE, after.ref, kr.title, "initiatives",
                old=last or None, where=kr.where("initiatives") if kr.initiatives else kr.where(),
            )  # fmt: skip


def _retro(ref: str, o: Objective, n: Objective) -> Iterator[Change]:
    """A retro's parts (issue 20) written, rewritten or removed, each as `retro.worked`, ...:
    text, like a description."""
    for part in ("worked", "didnt", "next"):
        before = getattr(o.retro, part) if o.retro is not None else None
        after = getattr(n.retro, part) if n.retro is not None else None
        if before != after:
            if after is not None and n.retro is not None:
                where = n.retro.where(part)
            else:
                where = n.where("retro") if n.retro is not None else n.where()
            yield Change(
                Kind.FIELD_CHANGED, ref, n.title, f"retro.{part}", before, after, where=where
            )


def _initiatives(
    ref: str,
    title: str,
    old: Sequence[Initiative] | None,
    new: Sequence[Initiative] | None,
    holder: Model,
) -> Iterator[Change]:
    """An objective's or key result's initiatives added, removed, or given another status;
    matched by id, else by title."""

    def key(initiative: Initiative) -> str:
        return initiative.id or normalize_title(initiative.title)

    before = {key(i): i for i in old or ()}
    after = {key(i): (index, i) for index, i in enumerate(new or ())}
    for name, (index, initiative) in after.items():
        where = holder.where_path("initiatives", index)
        was = before.get(name)
        if was is None:
            yield Change(
                Kind.INITIATIVE_ADDED, ref, title, initiative.name, new=initiative.status,
                where=where,
            )  # fmt: skip
        elif was.status != initiative.status:
            yield Change(
                Kind.INITIATIVE_CHANGED, ref, title, initiative.name, was.status,
                initiative.status, where=holder.where_path("initiatives", index, "status"),
            )  # fmt: skip
    for name, initiative in before.items():
        if name not in after:
            where = holder.where("initiatives") if new else holder.where()
            yield Change(
                Kind.INITIATIVE_REMOVED, ref, title, initiative.name, old=initiative.status,
                where=where,
            )  # fmt: skip


Pair = tuple[PlacedKeyResult, PlacedKeyResult]


def _pairs(
    old: list[PlacedKeyResult], new: list[PlacedKeyResult]
) -> tuple[list[Pair], list[PlacedKeyResult], list[PlacedKeyResult]]:
    """Key results matched by id, then the rest by title; what is left was added or removed."""
    pairs: list[Pair] = []
    keys: tuple[Callable[[PlacedKeyResult], str | None], ...] = (
        lambda placed: placed.kr.id,
        lambda placed: normalize_title(placed.kr.title),
    )
    for key in keys:
        waiting: dict[str, PlacedKeyResult] = {}
        for placed in new:
            found = key(placed)
            if found is not None:
                waiting.setdefault(found, placed)
        unmatched = []
        for placed in old:
            found = key(placed)
            partner = waiting.pop(found, None) if found is not None else None
            if partner is None:
                unmatched.append(placed)
            else:
                pairs.append((placed, partner))
        matched = {id(partner) for _, partner in pairs}
        old, new = unmatched, [placed for placed in new if id(placed) not in matched]
    return pairs, old, new


def _key_result(
    old: PlacedKeyResult, new: PlacedKeyResult, base: GoalTree, as_of: date
) -> Iterator[Change]:
    ref, o, n, period = new.ref, old.kr, new.kr, new.parent.period
    unit = kind_of(n).unit(n) or kind_of(o).unit(o)
    old_scale, new_scale = kind_of(o).scale(o), kind_of(n).scale(n)
    same_kind = o.kind == n.kind
    if not same_kind:
        yield Change(Kind.FIELD_CHANGED, ref, n.title, "kind", o.kind, n.kind, where=n.where())
    if (o.owner or n.owner) and old.owner != new.owner:
        where = n.where("owner") if n.owner else n.where()
        yield Change(Kind.OWNER_CHANGED, ref, n.title, "owner", old.owner, new.owner, where=where)
    old_target = old_scale.target if old_scale else None
    new_target = new_scale.target if new_scale else None
    if old_target is not None and new_target is not None and not _same(old_target, new_target):
        raised = new_target > old_target
        increasing = kind_of(o).increasing(old, base)
        eases = None if increasing is None else raised != increasing
        sign = reason = None
        if eases and _started(period, as_of):
            sign = Sign.GOALPOSTS_MOVED
            reason = (
                f"{period.label} started on {period.start.isoformat()}: a target made easier "
                "once the period is under way moves the goalposts"
            )
        yield Change(
            Kind.TARGET_CHANGED, ref, n.title, field="target", old=old_target, new=new_target,
            direction="raised" if raised else "lowered", eases=eases, unit=unit, sign=sign,
            reason=reason, where=n.where("target"),
        )  # fmt: skip
    if old_scale is not None and new_scale is not None:
        yield from _levels(old, new, base, as_of, unit)
        yield from _plan(old, new, base, as_of, unit)
    old_start = old_scale.start if old_scale else None
    new_start = new_scale.start if new_scale else None
    if not _same(old_start, new_start) and old_scale is not None and new_scale is not None:
        where = n.where("start") if new_start is not None else n.where()
        yield Change(
            Kind.START_CHANGED, ref, n.title, "start", old_start, new_start, unit=unit,
            where=where,
        )  # fmt: skip
    # A kind's own fields are compared only between key results of that kind (a change of
    # kind says it all).
    yield from _written_extras(ref, o, n)
    yield from _aligns_to(ref, o, n)
    if o.note != n.note:
        where = n.where("note") if n.note is not None else n.where()
        yield Change(Kind.FIELD_CHANGED, ref, n.title, "note", o.note, n.note, where=where)
    for name in ("title", "weight", *(kind_of(n).compared_fields if same_kind else ())):
        before, after = getattr(o, name, None), getattr(n, name, None)
        if not _same(before, after):
            where = n.where(name) if after is not None else n.where()
            yield Change(
                Kind.FIELD_CHANGED, ref, n.title, name, before, after, unit=unit, where=where
            )
    yield from _dropped(old, new, as_of)
    yield from _initiatives(ref, n.title, o.initiatives, n.initiatives, n)
    checkins = getattr(n, "checkins", None) or []
    yield from _entries(
        ref, n.title, unit, getattr(o, "checkins", None) or [], checkins, as_of,
        what="check-in",
        at=lambda index, field: n.where_path("checkins", index, field),
        gone=n.where("checkins") if checkins else n.where(),
    )  # fmt: skip


def _levels(
    old: PlacedKeyResult, new: PlacedKeyResult, base: GoalTree, as_of: date, unit: str | None
) -> Iterator[Change]:
    """The commit and stretch levels (docs/scoring.md) changed, in goal terms: a level eased
    once the period has started moves the goalposts, like a target; so does a stretch level
    removed (the target then scores 1.0 instead of 0.7). A level added makes the goal harder
    (a stretch) or is a new checkpoint on the way (a commit)."""
    ref, o, n, period = new.ref, old.kr, new.kr, new.parent.period
    increasing = kind_of(o).increasing(old, base)
    for name in ("commit", "stretch"):
        before, after = getattr(o, name, None), getattr(n, name, None)
        if _same(before, after):
            continue
        eases: bool | None
        if before is not None and after is not None:
            raised = after > before
            direction = "raised" if raised else "lowered"
            eases = None if increasing is None else raised != increasing
        elif after is None:
            direction, eases = "removed", name == "stretch"
        else:
            direction, eases = "added", (False if name == "stretch" else None)
        sign = reason = None
        if eases and _started(period, as_of):
            sign = Sign.GOALPOSTS_MOVED
            what = f"a {name} level made easier" if after is not None else "a stretch removed"
            reason = (
                f"{period.label} started on {period.start.isoformat()}: {what} once the "
                "period is under way moves the goalposts"
            )
        yield Change(
            Kind.LEVEL_CHANGED, ref, n.title, field=name, old=before, new=after,
            direction=direction, eases=eases, unit=unit, sign=sign, reason=reason,
            where=n.where(name) if after is not None else n.where(),
        )  # fmt: skip


def _dropped(old: PlacedKeyResult, new: PlacedKeyResult, as_of: date) -> Iterator[Change]:
    """`status: dropped` written, taken back, or its reason or date changed."""
    ref, o, n, period = new.ref, old.kr, new.kr, new.parent.period
    if o.status is None and n.status == "dropped":
        day = n.date or as_of
        sign = reason = None
        if period.elapsed(day) > 0.5:
            sign = Sign.GOALPOSTS_MOVED
            share = round(period.elapsed(day) * 100)
            reason = (
                f"dropped on {day.isoformat()}, with {share}% of {period.label} gone: dropping "
                "a key result late takes a likely miss out of the score; drop it early, or "
                "score it and let it miss"
            )
        yield Change(
            Kind.KEY_RESULT_DROPPED, ref, n.title, field="status", old=None, new=n.reason,
            sign=sign, reason=reason, where=n.where("status"),
        )  # fmt: skip
        return
    if o.status == "dropped" and n.status is None:
        yield Change(Kind.FIELD_CHANGED, ref, n.title, "status", o.status, None, where=n.where())
        return
    for name in ("reason", "date"):
        before, after = getattr(o, name), getattr(n, name)
        if before != after:
            shown_before = before.isoformat() if isinstance(before, date) else before
            shown_after = after.isoformat() if isinstance(after, date) else after
            where = n.where(name) if after is not None else n.where()
            yield Change(
                Kind.FIELD_CHANGED, ref, n.title, name, shown_before, shown_after, where=where
            )


def _plan(
    old: PlacedKeyResult, new: PlacedKeyResult, base: GoalTree, as_of: date, unit: str | None
) -> Iterator[Change]:
    """The planned path (docs/scoring.md) changed, in goal terms. Both paths are drawn from
    the new start to the new target (a changed target or start is a change of its own), no
    plan being the straight line between them, and compared day by day: a plan that expects
    less by some day and more by none eases the goal (pushed later, lowered, a back-loaded
    plan added), which once the period has started moves the goalposts."""
    ref, o, n, period = new.ref, old.kr, new.kr, new.parent.period
    before = tuple(getattr(o, "plan", None) or ())
    after = tuple(getattr(n, "plan", None) or ())
    if [(p.date, written(p.value)) for p in before] == [(p.date, written(p.value)) for p in after]:
        return
    increasing = kind_of(o).increasing(old, base)
    scale = kind_of(n).scale(n)
    start = scale.start if scale is not None else None
    eases: bool | None = None
    if scale is not None and start is not None and increasing is not None:
        way = 1 if increasing else -1
        old_path, new_path = (
            planned_path(
                period, written(start), written(scale.target),
                [(p.date, written(p.value)) for p in plan],
            )
            for plan in (before, after)
        )  # fmt: skip
        eases = _path_eases(old_path, new_path, way)
    if not before:
        direction = "added"
    elif not after:
        direction = "removed"
    elif [p.value for p in before] == [p.value for p in after] and all(
        b.date <= a.date for b, a in zip(before, after, strict=True)
    ):
        direction = "pushed later"
    else:
        direction = {True: "lowered", False: "raised", None: "reshaped"}[eases]
    sign = reason = None
    if eases and _started(period, as_of):
        sign = Sign.GOALPOSTS_MOVED
        reason = (
            f"{period.label} started on {period.start.isoformat()}: a plan that expects less "
            "once the period is under way moves the goalposts"
        )
    yield Change(
        Kind.PLAN_CHANGED, ref, n.title, field="plan", old=before or None, new=after or None,
        direction=direction, eases=eases, unit=unit, sign=sign, reason=reason,
        where=n.where("plan") if after else n.where(),
    )  # fmt: skip


def _path_eases(old: Path, new: Path, way: int) -> bool | None:
    """True when the new path expects less than the old by some day and more by none, False
    for the reverse, None when it does both or neither. Both are straight between their
    points, so comparing them on every point of either is comparing them on every day."""
    days = sorted({day for day, _ in old} | {day for day, _ in new})
    gaps = [way * (planned_value(new, day) - planned_value(old, day)) for day in days]
    behind, ahead = any(gap < 0 for gap in gaps), any(gap > 0 for gap in gaps)
    if behind != ahead:
        return behind
    return None


def _priority_rank(priority: str | None) -> int:
    return int(priority[1:]) if priority is not None else 5  # none: below P4


def _written_extras(ref: str, o: Any, n: Any) -> Iterator[Change]:
    """Priority, contributors and links of an objective or key result. A priority raised or
    lowered says which (P2 -> P0 is raised); none of them moves a goalpost: none changes a
    score."""
    if o.priority != n.priority:
        raised = _priority_rank(n.priority) < _priority_rank(o.priority)
        where = n.where("priority") if n.priority is not None else n.where()
        yield Change(
            Kind.FIELD_CHANGED, ref, n.title, field="priority", old=o.priority, new=n.priority,
            direction="raised" if raised else "lowered", where=where,
        )  # fmt: skip
    for name in ("contributors", "links"):
        before, after = tuple(getattr(o, name) or ()), tuple(getattr(n, name) or ())
        if before != after:
            where = n.where(name) if after else n.where()
            yield Change(
                Kind.FIELD_CHANGED, ref, n.title, name, before or None, after or None, where=where
            )


def _aligns_to(ref: str, o: Any, n: Any) -> Iterator[Change]:
    """The parents of an objective or key result. One reference for another is `changed from
    X to Y`, as ever; when either side is a list, the parents added and removed are compared
    as a list (`parents: company/growth added`), whatever their order."""
    before, after = o.aligns_to, n.aligns_to
    if before == after:
        return
    where = n.where("aligns_to") if after is not None else n.where()
    if isinstance(before, list) or isinstance(after, list):
        old_refs, new_refs = tuple(aligns_to_refs(before)), tuple(aligns_to_refs(after))
        if set(old_refs) == set(new_refs):
            return  # reordered: no parent came or went
        yield Change(
            Kind.FIELD_CHANGED, ref, n.title, "aligns_to", old_refs or None, new_refs or None,
            where=where,
        )  # fmt: skip
        return
    yield Change(Kind.FIELD_CHANGED, ref, n.title, "aligns_to", before, after, where=where)


# Check-ins and measurements ----------------------------------------------------------------


def _entry(item: Any) -> Entry:
    return Entry(
        item.date,
        getattr(item, "value", None),
        getattr(item, "confidence", None),
        item.note,
        getattr(item, "score", None),
        getattr(item, "progress", None),
    )


def _by_date(items: Sequence[Any]) -> dict[tuple[date, int], tuple[int, Entry]]:
    """Entries keyed by (date, how many came before on that date), with their list index."""
    seen: dict[date, int] = defaultdict(int)
    keyed = {}
    for index, item in enumerate(items):
        entry = _entry(item)
        keyed[(entry.date, seen[entry.date])] = (index, entry)
        seen[entry.date] += 1
    return keyed


_ENTRY_KINDS = {
    "check-in": (Kind.CHECKIN_ADDED, Kind.CHECKIN_REWRITTEN, Kind.CHECKIN_DELETED),
    "measurement": (
        Kind.MEASUREMENT_ADDED,
        Kind.MEASUREMENT_REWRITTEN,
        Kind.MEASUREMENT_DELETED,
    ),
}


def _entries(
    ref: str,
    title: str,
    unit: str | None,
    old: Sequence[Any],
    new: Sequence[Any],
    as_of: date,
    *,
    what: str,
    at: Callable[[int, str], Location],
    gone: Location,
) -> Iterator[Change]:
    """Check-ins (or measurements) added, rewritten and deleted; `gone` is where the list is
    now, to point at for one deleted."""
    added, rewritten, deleted = _ENTRY_KINDS[what]
    before, after = _by_date(old), _by_date(new)

    def history(entry: Entry, doing: str) -> tuple[Sign | None, str | None]:
        if entry.date >= as_of:  # today's or a future one may still be corrected
            return None, None
        return Sign.HISTORY_REWRITTEN, (
            f"The {what} of {entry.date.isoformat()} is history: {doing} it rewrites the "
            f"record; add a new {what} instead"
        )

    for key, (index, entry) in after.items():
        if key not in before:
            yield Change(added, ref, title, new=entry, unit=unit, where=at(index, "date"))
            continue
        previous = before[key][1]
        edited = not (
            _same(previous.value, entry.value)
            and _same(previous.confidence, entry.confidence)
            and _same(previous.score, entry.score)
            and _same(previous.progress, entry.progress)
        )
        if not edited and previous.note == entry.note:
            continue
        sign, reason = history(entry, "editing") if edited else (None, None)
        field = (
            "value"
            if entry.value is not None
            else "progress"
            if entry.progress is not None
            else "score"
        )
        yield Change(
            rewritten, ref, title, old=previous, new=entry, unit=unit, sign=sign, reason=reason,
            where=at(index, field),
        )  # fmt: skip
    for key, (_, entry) in before.items():
        if key not in after:
            sign, reason = history(entry, "deleting")
            yield Change(
                deleted, ref, title, old=entry, unit=unit, sign=sign, reason=reason, where=gone
            )


# KPIs --------------------------------------------------------------------------------------


def _range(band: Band | None) -> Range | None:
    return None if band is None else Range(band.min, band.max)


def band_direction(old: Range | None, new: Range | None) -> str | None:
    """How a band changed: added, removed, widened, narrowed, shifted; None if it did not."""
    if old == new:
        return None
    if old is None:
        return "added"
    if new is None:
        return "removed"
    wider = narrower = False
    for before, after, lower in ((old.min, new.min, True), (old.max, new.max, False)):
        if before == after:
            continue
        opened = after is None
        moved_out = before is not None and after is not None and (after < before) == lower
        if opened or moved_out:
            wider = True
        else:
            narrower = True
    if wider and narrower:
        return "shifted"
    return "widened" if wider else "narrowed"


# Whether a band change makes the KPI's standard easier to meet (a shift both ways: unknown).
_BAND_EASES = {"widened": True, "removed": True, "narrowed": False, "added": False}


def _widens_toward(old: Range, new: Range | None, x: float) -> bool:
    """Whether the new band gives way toward a value outside the old one (or is gone)."""
    if new is None:
        return True
    if old.max is not None and x > old.max:
        return new.max is None or new.max > old.max
    if old.min is not None and x < old.min:
        return new.min is None or new.min < old.min
    return False


def _kpis(base: GoalTree, working: GoalTree, as_of: date) -> Iterator[Change]:
    old, new = base.kpis, working.kpis
    written_before = {f"{d.team}/{d.id}" for d in base.declared_kpis}
    written_now = {f"{d.team}/{d.id}" for d in working.declared_kpis}
    for ref, placed in new.items():
        if ref not in old and ref not in written_before:
            yield Change(Kind.KPI_ADDED, ref, placed.kpi.title, where=placed.kpi.where())
    for ref, placed in old.items():
        if ref not in new and ref not in written_now:
            kpi = placed.kpi
            yield Change(Kind.KPI_REMOVED, ref, kpi.title, where=kpi.where(), in_base=True)
    for ref in new.keys() & old.keys():
        yield from _kpi(old[ref], new[ref], as_of)


def _kpi(old: PlacedKpi, new: PlacedKpi, as_of: date) -> Iterator[Change]:
    ref, o, n = new.ref, old.kpi, new.kpi
    unit = n.unit or o.unit
    if o.owner != n.owner:
        where = n.where("owner")
        yield Change(Kind.OWNER_CHANGED, ref, n.title, "owner", o.owner, n.owner, where=where)
    if o.target is not None and n.target is not None and not _same(o.target, n.target):
        yield Change(
            Kind.TARGET_CHANGED, ref, n.title, field="target", old=o.target, new=n.target,
            direction="raised" if n.target > o.target else "lowered", unit=unit,
            where=n.where("target"),
        )  # fmt: skip
    # `from_kr`: the key result the KPI graduated from (`okrctl impact`).
    for name in ("title", "unit", "cadence", "target", "from_kr"):
        before, after = getattr(o, name), getattr(n, name)
        both_targets = name == "target" and before is not None and after is not None
        if not _same(before, after) and not both_targets:
            where = n.where(name) if after is not None else n.where()
            yield Change(
                Kind.FIELD_CHANGED, ref, n.title, name, before, after, unit=unit, where=where
            )
    latest = new.value_on(as_of)
    for name, words in (("band", "band"), ("warn", "warn range")):
        before, after = _range(getattr(o, name)), _range(getattr(n, name))
        direction = band_direction(before, after)
        if direction is None:
            continue
        sign = reason = None
        if (
            before is not None
            and latest is not None
            and not before.contains(latest.value)
            and _widens_toward(before, after, latest.value)
        ):
            sign = Sign.GOALPOSTS_MOVED
            verb = {"removed": "removing", "shifted": "shifting"}.get(direction, "widening")
            reason = (
                f"The KPI is outside its {words} (latest {value(latest.value, unit)} on "
                f"{latest.date.isoformat()}): {verb} it now makes the breach disappear "
                "instead of restoring the KPI"
            )
        yield Change(
            Kind.BAND_CHANGED, ref, n.title, field=name, old=before, new=after,
            direction=direction, eases=_BAND_EASES.get(direction),
            unit=unit, sign=sign, reason=reason,
            where=n.where(name) if after is not None else n.where(),
        )  # fmt: skip
    yield from _entries(
        ref, n.title, unit, o.measurements, n.measurements, as_of,
        what="measurement",
        at=lambda index, field: n.where_path("measurements", index, field),
        gone=n.where("measurements") if n.measurements else n.where(),
    )  # fmt: skip

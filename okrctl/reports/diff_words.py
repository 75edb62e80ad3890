"""How a change to the goals reads in words: one place, so every `okrctl diff` format agrees."""

from __future__ import annotations

from okrctl.compute.diff import Change, DiffReport, Entry, Kind, Range, Sign, Value
from okrctl.model.goals import Link, PlanPoint
from okrctl.wording import number, value

# (one, many) for the summary line
KIND_WORDS: dict[Kind, tuple[str, str]] = {
    Kind.OBJECTIVE_ADDED: ("objective added", "objectives added"),
    Kind.OBJECTIVE_REMOVED: ("objective removed", "objectives removed"),
    Kind.KEY_RESULT_ADDED: ("key result added", "key results added"),
    Kind.KEY_RESULT_REMOVED: ("key result removed", "key results removed"),
    Kind.KEY_RESULT_DROPPED: ("key result dropped", "key results dropped"),
    Kind.INITIATIVE_ADDED: ("initiative added", "initiatives added"),
    Kind.INITIATIVE_REMOVED: ("initiative removed", "initiatives removed"),
    Kind.INITIATIVE_CHANGED: ("initiative changed", "initiatives changed"),
    Kind.KEY_RESULT_WITHOUT_INITIATIVE: (
        "key result left without initiative",
        "key results left without initiative",
    ),
    Kind.KPI_ADDED: ("KPI added", "KPIs added"),
    Kind.KPI_REMOVED: ("KPI removed", "KPIs removed"),
    Kind.TYPE_CHANGED: ("type changed", "types changed"),
    Kind.TARGET_CHANGED: ("target changed", "targets changed"),
    Kind.LEVEL_CHANGED: ("level changed", "levels changed"),
    Kind.PLAN_CHANGED: ("plan changed", "plans changed"),
    Kind.START_CHANGED: ("start changed", "starts changed"),
    Kind.BAND_CHANGED: ("band changed", "bands changed"),
    Kind.OWNER_CHANGED: ("owner changed", "owners changed"),
    Kind.FIELD_CHANGED: ("other field changed", "other fields changed"),
    Kind.CHECKIN_ADDED: ("check-in added", "check-ins added"),
    Kind.CHECKIN_REWRITTEN: ("check-in rewritten", "check-ins rewritten"),
    Kind.CHECKIN_DELETED: ("check-in deleted", "check-ins deleted"),
    Kind.MEASUREMENT_ADDED: ("measurement added", "measurements added"),
    Kind.MEASUREMENT_REWRITTEN: ("measurement rewritten", "measurements rewritten"),
    Kind.MEASUREMENT_DELETED: ("measurement deleted", "measurements deleted"),
}

SIGN_WORDS: dict[Sign, str] = {
    Sign.GOALPOSTS_MOVED: "goalposts moved",
    Sign.TYPE_CHANGED_LATE: "type changed late",
    Sign.HISTORY_REWRITTEN: "history rewritten",
}

# Which part of a report a change belongs in.
GOALS = "Objectives and key results"
KPIS = "KPIs"
PROGRESS = "Check-ins and measurements"
_ENTRY_KINDS = {
    Kind.CHECKIN_ADDED,
    Kind.CHECKIN_REWRITTEN,
    Kind.CHECKIN_DELETED,
    Kind.MEASUREMENT_ADDED,
    Kind.MEASUREMENT_REWRITTEN,
    Kind.MEASUREMENT_DELETED,
}


def section(change: Change) -> str:
    if change.kind in _ENTRY_KINDS:
        return PROGRESS
    if change.kind in (Kind.KPI_ADDED, Kind.KPI_REMOVED, Kind.BAND_CHANGED):
        return KPIS
    return KPIS if change.ref.count("/") == 1 else GOALS


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary(report: DiffReport) -> str:
    """`2 warning signs · 1 objective added · 3 check-ins added`, or `no goal changes`."""
    if not report.changes:
        return "no goal changes"
    parts = [plural(len(report.warnings), "warning sign", "warning signs")]
    parts += [plural(report.count(kind), *KIND_WORDS[kind]) for kind in Kind if report.count(kind)]
    return " · ".join(parts)


def base(report: DiffReport) -> str:
    """`3f2a1c9 (the merge base of main and HEAD)` or `3f2a1c9 (HEAD~1)`."""
    how = report.base_name
    if report.merge_base:
        how = f"the merge base of {how} and HEAD"
    return f"{report.base_commit[:7]} ({how})"


def band(bounds: Range | None, unit: str | None) -> str:
    """A band in words: `at most 45 min`, `at least 99.5%`, `20 to 30 min`, `none`."""
    if bounds is None:
        return "none"
    if bounds.min is not None and bounds.max is not None:
        return f"{number(bounds.min)} to {value(bounds.max, unit)}"
    if bounds.min is not None:
        return f"at least {value(bounds.min, unit)}"
    return f"at most {value(bounds.max, unit)}"


def shown(x: Value, unit: str | None = None) -> str:
    """A value as written in a report: numbers with their unit, `done`, text as it is."""
    if isinstance(x, Range):
        return band(x, unit)
    if isinstance(x, Entry):
        return entry(x, unit)
    if isinstance(x, str):
        return x
    if isinstance(x, tuple):
        return ", ".join(_item(i, unit) for i in x)
    return value(x, unit)


def _item(item: str | Link | PlanPoint, unit: str | None) -> str:
    """A contributor, a link, or a plan's point (`20% by 2026-11-30`)."""
    if isinstance(item, Link):
        return f"{item.title} <{item.url}>"
    if isinstance(item, PlanPoint):
        return f"{value(item.value, unit)} by {item.date.isoformat()}"
    return item


def entry(item: Entry, unit: str | None) -> str:
    """`36 min (confidence 0.6): Triage rota live`; `36 min, self score 0.4`."""
    parts = [] if item.value is None else [shown(item.value, unit)]
    if item.progress is not None:  # a redacted key result's: a share, never a value
        parts.append(f"progress {number(item.progress)}")
    if item.score is not None:
        parts.append(f"self score {number(item.score)}")
    text = ", ".join(parts)
    if item.confidence is not None:
        text += f" (confidence {number(item.confidence)})"
    if item.note:
        text += f": {item.note}"
    return text


def _edits(old: Entry, new: Entry, unit: str | None) -> str:
    edits = []
    if old.value != new.value or isinstance(old.value, bool) != isinstance(new.value, bool):
        edits.append(f"value {shown(old.value, unit)} -> {shown(new.value, unit)}")
    if old.progress != new.progress:
        edits.append(f"progress {shown(old.progress)} -> {shown(new.progress)}")
    if old.score != new.score:
        edits.append(f"self score {shown(old.score)} -> {shown(new.score)}")
    if old.confidence != new.confidence:
        edits.append(f"confidence {shown(old.confidence)} -> {shown(new.confidence)}")
    if old.note != new.note:
        edits.append(f"note {old.note or '-'!r} -> {new.note or '-'!r}")
    return ", ".join(edits)


def _listed(field: str, old: Value, new: Value) -> str:
    """`contributors: sam added, ana removed`: what joined and what left a list."""
    assert isinstance(old, tuple) and isinstance(new, tuple)
    added = tuple(i for i in new if i not in old)
    removed = tuple(i for i in old if i not in new)
    parts = [
        f"{shown(added)} added" if added else "",
        f"{shown(removed)} removed" if removed else "",
    ]
    said = ", ".join(p for p in parts if p)
    return f"{field}: {said or 'reordered'}"


# Fields whose name, its underscore made a space, would not read: the links `okrctl impact`
# follows (`from KPI set to support/csat`).
_FIELD_WORDS = {"from_kpi": "from KPI", "from_kr": "from key result"}


def describe(change: Change) -> str:
    """What changed, in one phrase: `target raised from 25 to 30 min (easier)`."""
    kind, unit, old, new = change.kind, change.unit, change.old, change.new
    if kind in (Kind.CHECKIN_ADDED, Kind.MEASUREMENT_ADDED):
        assert isinstance(new, Entry)
        return f"{KIND_WORDS[kind][0]}: {new.date.isoformat()}, {entry(new, unit)}"
    if kind in (Kind.CHECKIN_DELETED, Kind.MEASUREMENT_DELETED):
        assert isinstance(old, Entry)
        what = KIND_WORDS[kind][0].split()[0]
        return f"{what} of {old.date.isoformat()} deleted (was {entry(old, unit)})"
    if kind in (Kind.CHECKIN_REWRITTEN, Kind.MEASUREMENT_REWRITTEN):
        assert isinstance(old, Entry) and isinstance(new, Entry)
        what = KIND_WORDS[kind][0].split()[0]
        return f"{what} of {new.date.isoformat()} rewritten: {_edits(old, new, unit)}"
    if kind is Kind.KEY_RESULT_DROPPED:
        return f"dropped during the period: {new}" if new else "dropped during the period"
    if kind is Kind.INITIATIVE_ADDED:
        return f"initiative added: {change.field} ({new})"
    if kind is Kind.INITIATIVE_REMOVED:
        return f"initiative removed: {change.field} (was {old})"
    if kind is Kind.INITIATIVE_CHANGED:
        return f"initiative {change.field}: {old} -> {new}"
    if kind is Kind.KEY_RESULT_WITHOUT_INITIATIVE:
        last = f" ({old} dropped or removed)" if old else " (removed)"
        return f"no initiative left on it{last}: no link between the key result and action"
    if kind is Kind.TARGET_CHANGED:
        ease = {True: " (easier)", False: " (harder)", None: ""}[change.eases]
        return f"target {change.direction} from {shown(old, unit)} to {shown(new, unit)}{ease}"
    if kind is Kind.LEVEL_CHANGED:
        ease = {True: " (easier)", False: " (harder)", None: ""}[change.eases]
        if change.direction == "added":
            return f"{change.field} level added: {shown(new, unit)}{ease}"
        if change.direction == "removed":
            return f"{change.field} level removed (was {shown(old, unit)}){ease}"
        return (
            f"{change.field} level {change.direction} from {shown(old, unit)} to "
            f"{shown(new, unit)}{ease}"
        )
    if kind is Kind.PLAN_CHANGED:
        ease = {True: " (easier)", False: " (harder)", None: ""}[change.eases]
        if change.direction == "added":
            return f"plan added: {shown(new, unit)}{ease}"
        if change.direction == "removed":
            return f"plan removed (was {shown(old, unit)}){ease}"
        return f"plan {change.direction} from {shown(old, unit)} to {shown(new, unit)}{ease}"
    if kind is Kind.BAND_CHANGED:
        name = "band" if change.field == "band" else "warn range"
        if change.direction == "added":
            return f"{name} added: {shown(new, unit)}"
        if change.direction == "removed":
            return f"{name} removed (was {shown(old, unit)})"
        return f"{name} {change.direction} from {shown(old, unit)} to {shown(new, unit)}"
    if change.field == "priority" and old is not None and new is not None:
        return f"priority {change.direction} from {shown(old)} to {shown(new)}"
    if change.field in ("contributors", "links") and old is not None and new is not None:
        return _listed(change.field, old, new)
    if change.field == "aligns_to" and isinstance(old, tuple) and isinstance(new, tuple):
        return _listed("parents", old, new)
    if change.field is not None:
        field = _FIELD_WORDS.get(change.field) or change.field.replace("_", " ")
        if old is None:
            return f"{field} set to {shown(new, unit)}"
        if new is None:
            return f"{field} removed (was {shown(old, unit)})"
        return f"{field} changed from {shown(old, unit)} to {shown(new, unit)}"
    return KIND_WORDS[kind][0]

"""Find what a command-line reference names: a key result, an objective or a KPI, and where it
is written.

`TEAM/PERIOD/OBJECTIVE_ID/KR` names a key result (by id, or by 1-based position) and
`TEAM/PERIOD/OBJECTIVE_ID` an objective; PERIOD may be left out when the team has exactly one
period containing today. `TEAM/KPI_ID` names a KPI. Each miss says what there is instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from okrctl.errors import UsageError
from okrctl.model.files import LoadedFile
from okrctl.model.goals import AnyKeyResult, Kpi, Objective
from okrctl.model.period import LABEL, TYPED_RANGE, Period
from okrctl.model.tree import GoalTree, PlacedKeyResult, PlacedKpi, PlacedObjective
from okrctl.model.types import SLUG
from okrctl.spelling import did_you_mean


@dataclass(frozen=True, slots=True)
class KeyResultRef:
    """A key result named on the command line, resolved to its file."""

    team: str
    period: Period
    objective: str
    key_result: str  # its id, or its 1-based position as text
    placed: PlacedKeyResult

    @property
    def ref(self) -> str:
        """The canonical reference: the key result's id, or its position when it has none."""
        return self.placed.ref

    @property
    def file(self) -> str:
        return self.placed.parent.file.path


@dataclass(frozen=True, slots=True)
class ObjectiveRef:
    """An objective named on the command line, resolved to its file."""

    team: str
    period: Period
    objective: str
    placed: PlacedObjective

    @property
    def ref(self) -> str:
        """The canonical reference, TEAM/PERIOD/OBJECTIVE_ID."""
        return self.placed.ref

    @property
    def file(self) -> str:
        return self.placed.file.path


def _teams(tree: GoalTree) -> list[str]:
    return sorted({f.team for f in tree.files if f.team})


def _unknown_team(tree: GoalTree, team: str) -> UsageError:
    teams = _teams(tree)
    # A file that could not be read names no team: the one asked for may be in it.
    unread = [f.path for f in tree.files if f.team is None]
    listed = f" (teams: {', '.join(teams)})" if teams else ""
    if unread:
        which = unread[0] if len(unread) == 1 else f"{len(unread)} files"
        listed += f"; {which} could not be read (okrctl lint shows why)"
    elif not teams:
        listed = " (it has no goal files)"
    return UsageError(f"no team `{team}` in the goal tree{did_you_mean(team, teams)}{listed}")


def _declares(tree: GoalTree, team: str, objective_id: str, period: Period | None = None) -> bool:
    """Whether an objective with this id is written for `team` (in `period`, if given), valid
    or not: one that failed validation is in no index, but the user did write it."""
    return any(
        d.team == team and d.id == objective_id and (period is None or d.period == period)
        for d in tree.declared_objectives
    )


def _has_errors(team: str, objective_id: str) -> UsageError:
    return UsageError(
        f"objective `{objective_id}` of team `{team}` has errors; fix them first "
        "(okrctl lint shows them)"
    )


def find_key_result(tree: GoalTree, ref: str, today: date) -> KeyResultRef:
    parts = ref.strip().split("/")
    if len(parts) not in (3, 4) or not all(parts):
        raise UsageError(
            f"`{ref}` is not a key-result reference: write TEAM/PERIOD/OBJECTIVE_ID/KR "
            "(KR is an id or a position, 1 for the first)"
        )
    team, objective_id, kr = parts[0], parts[-2], parts[-1]
    placed = [p for p in tree.objectives if p.team == team]
    if not placed:
        if _declares(tree, team, objective_id):
            raise _has_errors(team, objective_id)
        raise _unknown_team(tree, team)
    periods = {p.period.label: p.period for p in placed}
    if len(parts) == 4:
        label = parts[1]
        if label not in periods:
            raise UsageError(
                f"team `{team}` has no objectives for {label}{did_you_mean(label, periods)} "
                f"(it has {', '.join(sorted(periods))})"
            )
        period = periods[label]
    else:
        current = sorted({p for p in periods.values() if p.contains(today)}, key=lambda p: p.start)
        if len(current) != 1:
            have = ", ".join(p.label for p in current) or "none"
            raise UsageError(
                f"name the period in `{ref}`: write {team}/PERIOD/{objective_id}/{kr} "
                f"(periods of team `{team}` containing today, {today}: {have})"
            )
        period = current[0]
    candidates = [p for p in placed if p.period == period]
    found = next((p for p in candidates if p.objective.id == objective_id), None)
    if found is None:
        if _declares(tree, team, objective_id, period):
            raise _has_errors(team, objective_id)
        ids = [p.objective.id for p in candidates]
        hint = did_you_mean(objective_id, ids)
        raise UsageError(
            f"no objective `{objective_id}` in {team}/{period.label}{hint} "
            f"(objectives: {', '.join(ids)})"
        )
    key_result = pick_key_result(found.objective, kr, f"{team}/{period.label}/{objective_id}")
    return KeyResultRef(team, period, objective_id, kr, PlacedKeyResult(found, key_result))


def _period_named(placed: list[PlacedObjective], piece: str) -> Period | None:
    """The period of these objectives that `piece` names: its label, or its first and last
    day as `START..END` (the way to write a year whose label could be an objective id)."""
    for candidate in placed:
        if candidate.period.label == piece:
            return candidate.period
    match = TYPED_RANGE.fullmatch(piece)
    if match is not None:
        bounds = (match.group("start"), match.group("end"))
        for candidate in placed:
            period = candidate.period
            if (period.start.isoformat(), period.end.isoformat()) == bounds:
                return period
    return None


def find_objective(tree: GoalTree, ref: str, today: date) -> ObjectiveRef:
    """The objective `TEAM/PERIOD/OBJECTIVE_ID` (or `TEAM/OBJECTIVE_ID`, in the one period of
    the team containing today) names."""
    parts = ref.strip().split("/")
    if len(parts) not in (2, 3) or not all(parts):
        raise UsageError(f"`{ref}` is not an objective reference: write TEAM/PERIOD/OBJECTIVE_ID")
    team, objective_id = parts[0], parts[-1]
    placed = [p for p in tree.objectives if p.team == team]
    if not placed:
        if _declares(tree, team, objective_id):
            raise _has_errors(team, objective_id)
        raise _unknown_team(tree, team)
    if len(parts) == 3:
        period = _period_named(placed, parts[1])
        if period is None:
            labels = sorted({p.period.label for p in placed})
            raise UsageError(
                f"team `{team}` has no objectives for {parts[1]}"
                f"{did_you_mean(parts[1], labels)} (it has {', '.join(labels)})"
            )
    else:
        current = sorted(
            {p.period for p in placed if p.period.contains(today)}, key=lambda p: p.start
        )
        if len(current) != 1:
            have = ", ".join(p.label for p in current) or "none"
            raise UsageError(
                f"name the period in `{ref}`: write {team}/PERIOD/{objective_id} "
                f"(periods of team `{team}` containing today, {today}: {have})"
            )
        period = current[0]
    candidates = [p for p in placed if p.period == period]
    found = next((p for p in candidates if p.objective.id == objective_id), None)
    if found is None:
        if _declares(tree, team, objective_id, period):
            raise _has_errors(team, objective_id)
        ids = [p.objective.id for p in candidates]
        raise UsageError(
            f"no objective `{objective_id}` in {team}/{period.label}"
            f"{did_you_mean(objective_id, ids)} (objectives: {', '.join(ids)})"
        )
    return ObjectiveRef(team, period, objective_id, found)


def find_objective_or_key_result(
    tree: GoalTree, ref: str, today: date
) -> ObjectiveRef | KeyResultRef:
    """What a reference to an objective or a key result names (`okrctl initiative`).

    Four pieces name a key result and two an objective. Three read two ways,
    TEAM/PERIOD/OBJECTIVE_ID and TEAM/OBJECTIVE_ID/KR (its period left out): the middle piece
    is read as a period when it cannot be an objective id (`2026-Q4`), or when it names one
    of the team's periods and the key-result reading names nothing; when both readings name
    something (a year `2026` and an objective with the id `2026`), the error names both and
    how to write each, never a guess.
    """
    parts = ref.strip().split("/")
    if len(parts) not in (2, 3, 4) or not all(parts):
        raise UsageError(
            f"`{ref}` is not a key-result or objective reference: write "
            "TEAM/PERIOD/OBJECTIVE_ID/KR (KR is an id or a position, 1 for the first) or "
            "TEAM/PERIOD/OBJECTIVE_ID"
        )
    if len(parts) == 2:
        return find_objective(tree, ref, today)
    if len(parts) == 4:
        return find_key_result(tree, ref, today)
    team, middle = parts[0], parts[1]
    if not SLUG.fullmatch(middle) and (LABEL.fullmatch(middle) or TYPED_RANGE.fullmatch(middle)):
        return find_objective(tree, ref, today)  # a period (`2026-Q4`), never an objective id
    if _period_named([p for p in tree.objectives if p.team == team], middle) is None:
        return find_key_result(tree, ref, today)
    if _period_named([p for p in tree.objectives if p.team == team], parts[1]) is None:
        return find_key_result(tree, ref, today)
    try:
        key_result: KeyResultRef | None = find_key_result(tree, ref, today)
    except UsageError:
        key_result = None
    if key_result is None:
        return find_objective(tree, ref, today)
    try:
        objective = find_objective(tree, ref, today)
    except UsageError:
        return key_result
    period = objective.period
    raise UsageError(
        f"`{ref}` names both the objective {objective.ref} and the key result "
        f"{key_result.ref}: write {team}/{period.start}..{period.end}/{objective.objective} "
        f"for the objective, {key_result.ref} for the key result"
    )


def pick_key_result(objective: Objective, kr: str, where: str) -> AnyKeyResult:
    """The key result of `objective` with id `kr`, or at 1-based position `kr`."""
    results = objective.key_results
    for key_result in results:
        if key_result.id == kr:
            return key_result
    if kr.isdigit():
        for key_result in results:
            if int(key_result._at[-1]) + 1 == int(kr):
                return key_result
    names = [r.id or str(int(r._at[-1]) + 1) for r in results]
    raise UsageError(
        f"objective {where} has no key result `{kr}`{did_you_mean(kr, names)} "
        f"(its key results: {', '.join(names)})"
    )


def objective_in(file: LoadedFile, objective_id: str) -> Objective | None:
    """The objective with this id in a file as loaded (under the edit lock)."""
    if file.goal is None:
        return None
    return next((o for o in file.goal.objectives if o.id == objective_id), None)


def find_kpi(tree: GoalTree, ref: str) -> PlacedKpi:
    parts = ref.strip().split("/")
    if len(parts) != 2 or not all(parts):
        raise UsageError(f"`{ref}` is not a KPI reference: write TEAM/KPI_ID")
    team, kpi_id = parts
    kpis = [k for k in tree.kpis.values() if k.team == team]
    found = next((k for k in kpis if k.kpi.id == kpi_id), None)
    if found is not None:
        return found
    if team not in _teams(tree):
        raise _unknown_team(tree, team)
    if tree.kpi_written_invalid(ref.strip()):
        raise UsageError(f"KPI `{ref}` has errors; fix them first (okrctl lint shows them)")
    ids = [k.kpi.id for k in kpis]
    listed = f" (its KPIs: {', '.join(ids)})" if ids else " (it has no KPIs)"
    raise UsageError(f"team `{team}` has no KPI `{kpi_id}`{did_you_mean(kpi_id, ids)}{listed}")


def kpi_in(file: LoadedFile, kpi_id: str) -> Kpi | None:
    """The KPI with this id in a file as loaded (under the edit lock)."""
    if file.goal is None:
        return None
    return next((k for k in file.goal.kpis if k.id == kpi_id), None)

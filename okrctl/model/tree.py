"""The goal tree: every loaded file, indexed by team, period and id, with the config in force."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date

from okrctl.model.config import Config
from okrctl.model.files import Declared, LoadedConfig, LoadedFile
from okrctl.model.goals import AnyKeyResult, GoalFile, Kpi, Measurement, Objective
from okrctl.model.period import Period
from okrctl.model.types import Reference, aligns_to_refs, parse_reference


@dataclass(frozen=True, slots=True)
class PlacedObjective:
    """An objective with the team, period and file it belongs to."""

    team: str
    period: Period
    objective: Objective
    file: LoadedFile
    index: int  # position in its file's `objectives` list
    owner: str | None  # its own owner, else the file's

    @property
    def ref(self) -> str:
        return f"{self.team}/{self.period.label}/{self.objective.id}"

    @property
    def complete(self) -> bool:
        """False when one of its key results failed validation (and so is missing here)."""
        return self.index not in self.file.incomplete

    def key_results(self) -> Iterator[PlacedKeyResult]:
        for kr in self.objective.key_results:
            yield PlacedKeyResult(self, kr)


@dataclass(frozen=True, slots=True)
class PlacedKeyResult:
    """A key result with the objective it belongs to."""

    parent: PlacedObjective
    kr: AnyKeyResult

    @property
    def position(self) -> int:
        """1-based position in the objective's list, as written (refs use it when no id)."""
        return int(self.kr._at[-1]) + 1

    @property
    def ref(self) -> str:
        return f"{self.parent.ref}/{self.kr.id or self.position}"

    @property
    def owner(self) -> str | None:
        return self.kr.owner or self.parent.owner

    def same(self, other: object) -> bool:
        """Whether `other` is this key result (placed objects are made afresh on each walk)."""
        return (
            isinstance(other, PlacedKeyResult)
            and other.parent is self.parent
            and other.kr is self.kr
        )


# What an `aligns_to` reference resolves to.
Aligned = PlacedObjective | PlacedKeyResult


@dataclass(frozen=True, slots=True)
class WrittenReference:
    """One reference written in an `aligns_to` (its list index, None for a single string)."""

    text: str
    index: int | None

    @property
    def at(self) -> tuple[str | int, ...]:
        """The YAML path of the value below its holder."""
        return ("aligns_to",) if self.index is None else ("aligns_to", self.index)


def written_references(holder: Objective | AnyKeyResult) -> list[WrittenReference]:
    """The references of a holder's `aligns_to`, in order (none when it is unset or invalid)."""
    if not holder.valid("aligns_to"):
        return []
    value = holder.aligns_to
    refs = aligns_to_refs(value)
    if isinstance(value, str):
        return [WrittenReference(refs[0], None)]
    return [WrittenReference(ref, index) for index, ref in enumerate(refs)]


@dataclass(frozen=True, slots=True)
class PlacedKpi:
    """A KPI with its team and file."""

    team: str
    kpi: Kpi
    file: LoadedFile

    @property
    def ref(self) -> str:
        return f"{self.team}/{self.kpi.id}"

    def value_on(self, day: date) -> Measurement | None:
        """The latest measurement on or before `day` (ties: the later one in the file)."""
        latest: Measurement | None = None
        measurements = self.kpi.measurements
        if not self.kpi.valid("measurements"):  # salvaged: skip a measurement with a bad field
            measurements = [m for m in measurements if hasattr(m, "date") and hasattr(m, "value")]
        for measurement in measurements:
            if measurement.date <= day and (latest is None or measurement.date >= latest.date):
                latest = measurement
        return latest


@dataclass(slots=True)
class GoalTree:
    """All goal files of one run, plus the configuration, with lookups the rules share."""

    files: list[LoadedFile]
    loaded_config: LoadedConfig = field(default_factory=lambda: LoadedConfig(Config()))
    # With the parts that failed validation, kept as far as valid (`LoadedFile.salvaged`):
    # the tree the rules check. Computations never see one (`salvaged` is False by default).
    salvaged: bool = False
    # Every KPI reference of the whole tree, when this one holds only part of it (the lint
    # engine re-checks the teams an edit touched: linting.lint_scanned): "did you mean" hints
    # name any KPI of the tree, not only the part's; in the whole tree's order (a hint
    # prefers the first name equal but for case). None: this tree is whole.
    known_kpis: tuple[str, ...] | None = None
    objectives: list[PlacedObjective] = field(init=False)
    kpis: dict[str, PlacedKpi] = field(init=False)
    declared_objectives: list[Declared] = field(init=False)
    declared_kpis: list[Declared] = field(init=False)
    _by_team_id: dict[tuple[str, str], list[PlacedObjective]] = field(init=False)
    # Every key result placed, made on the first walk: each rule walks them all, and placing
    # them anew for each was a tenth of the rules' time.
    _placed_key_results: list[PlacedKeyResult] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.objectives = []
        self.kpis = {}
        self.declared_objectives = []
        self.declared_kpis = []
        self._by_team_id = defaultdict(list)
        for file in self.files:
            self.declared_objectives.extend(file.declared_objectives)
            self.declared_kpis.extend(file.declared_kpis)
            goal = self.goal_of(file)
            if goal is None:
                continue
            for objective in goal.objectives:
                if file.period is None:
                    continue
                placed = PlacedObjective(
                    goal.team,
                    file.period,
                    objective,
                    file,
                    int(objective._at[-1]),
                    objective.owner or goal.owner,
                )
                self.objectives.append(placed)
                self._by_team_id[(goal.team, objective.id)].append(placed)
            for kpi in goal.kpis:
                self.kpis.setdefault(f"{goal.team}/{kpi.id}", PlacedKpi(goal.team, kpi, file))

    @property
    def config(self) -> Config:
        return self.loaded_config.config

    def goal_of(self, file: LoadedFile) -> GoalFile | None:
        """A file's goal as this tree sees it: with its salvaged parts when it is the rules'."""
        return (file.salvaged or file.goal) if self.salvaged else file.goal

    def for_rules(self) -> GoalTree:
        """This tree with the parts that failed validation kept as far as they are valid,
        for the rules (itself when no part failed, or when it already is that tree)."""
        if self.salvaged or all(file.salvaged is None for file in self.files):
            return self
        return GoalTree(self.files, self.loaded_config, salvaged=True, known_kpis=self.known_kpis)

    def key_results(self) -> Iterator[PlacedKeyResult]:
        if self._placed_key_results is None:
            self._placed_key_results = [
                placed for objective in self.objectives for placed in objective.key_results()
            ]
        return iter(self._placed_key_results)

    def kpi_refs(self) -> Collection[str]:
        """The references of every KPI of the whole tree (for hints: see `known_kpis`)."""
        return self.kpis.keys() if self.known_kpis is None else self.known_kpis

    def find_kpi(self, ref: str) -> PlacedKpi | None:
        return self.kpis.get(ref)

    def find_key_result(self, ref: str) -> PlacedKeyResult | None:
        """The key result a `TEAM/PERIOD/OBJECTIVE_ID/KR_ID` reference names (a KPI's
        `from_kr`): the period is written out, so there is nothing to search for."""
        parsed = parse_reference(ref)
        if parsed is None or parsed.period is None or parsed.key_result is None:
            return None
        for placed in self._by_team_id.get((parsed.team, parsed.objective), []):
            if placed.period.label == parsed.period:
                return key_result_named(placed, parsed.key_result)
        return None

    def kpi_written_invalid(self, ref: str) -> bool:
        """Whether a KPI with this ref is written but failed validation (so it is not indexed)."""
        valid = {(kpi.kpi.path, kpi.kpi._at) for kpi in self.kpis.values()}
        return any(
            f"{d.team}/{d.id}" == ref and (d.source.path, d.at) not in valid
            for d in self.declared_kpis
        )

    def aligned_parent(self, child: PlacedObjective, ref: str) -> PlacedObjective | None:
        """The objective `ref` names for `child`: same period, or one that contains it."""
        parts = ref.split("/")
        if len(parts) == 3:
            team, label, ident = parts
            return next(
                (p for p in self._by_team_id.get((team, ident), []) if p.period.label == label),
                None,
            )
        candidates = self.aligned_candidates(child, ref)
        return candidates[0] if candidates else None

    def resolve(self, holder: Aligned, ref: str) -> Aligned | None:
        """What an `aligns_to` reference of `holder` (an objective or a key result) names: an
        objective, found as `aligned_parent` finds one (for a key result, from its objective's
        period), or a key result of one, by id or else by its 1-based position."""
        parsed = parse_reference(ref)
        if parsed is None:
            return None
        child = holder if isinstance(holder, PlacedObjective) else holder.parent
        if parsed.key_result is None:
            return self.aligned_parent(child, parsed.objective_ref)
        for objective in self.reference_candidates(holder, parsed)[:1]:
            return key_result_named(objective, parsed.key_result)
        return None

    def reference_candidates(self, holder: Aligned, parsed: Reference) -> list[PlacedObjective]:
        """The objectives a reference from `holder` may land in: the one of the period written,
        else those of the closest containing period (more than one: ambiguous). A key-result
        reference from a key result skips only its own objective when that holds the key
        result itself and another candidate exists (its objective's own key results are
        named like any other's)."""
        child = holder if isinstance(holder, PlacedObjective) else holder.parent
        if parsed.period is not None:
            return [
                p
                for p in self._by_team_id.get((parsed.team, parsed.objective), [])
                if p.period.label == parsed.period
            ]
        if parsed.key_result is None or isinstance(holder, PlacedObjective):
            return self.aligned_candidates(child, parsed.objective_ref)
        found = [
            p
            for p in self._by_team_id.get((parsed.team, parsed.objective), [])
            if p.period.covers(child.period)
        ]
        named = key_result_named(child, parsed.key_result)
        itself = named is not None and named.same(holder)
        others = [p for p in found if not (itself and p is child)]
        return _closest(others or found)

    def aligned_candidates(self, child: PlacedObjective, ref: str) -> list[PlacedObjective]:
        """The objectives a `TEAM/ID` reference from `child` may name, all of the closest
        containing period (more than one: the reference is ambiguous). `child` itself only
        when it is the only one: `company/x` from company's own 2022-Q1 objective `x` names
        company's 2022 objective `x` when there is one, the parent in a containing period."""
        team, ident = ref.split("/")[0], ref.split("/")[-1]
        found = [
            p for p in self._by_team_id.get((team, ident), []) if p.period.covers(child.period)
        ]
        others = [p for p in found if p is not child]
        return _closest(others or found)

    def objective_written_invalid(self, ref: str) -> bool:
        """Whether an objective `ref` names is written but failed validation (so not indexed)."""
        parts = ref.split("/")
        team, ident = parts[0], parts[-1]
        valid = {(p.file.path, p.objective._at) for p in self._by_team_id.get((team, ident), [])}
        return any(
            d.team == team and d.id == ident and (d.source.path, d.at) not in valid
            for d in self.declared_objectives
        )


def _closest(candidates: list[PlacedObjective]) -> list[PlacedObjective]:
    """The candidates of the shortest period: a quarter's objective over the year's."""
    if not candidates:
        return []
    days = min(p.period.days for p in candidates)
    return [p for p in candidates if p.period.days == days]


def key_result_named(objective: PlacedObjective, ident: str) -> PlacedKeyResult | None:
    """The key result of `objective` with id `ident`, else the one at that 1-based position
    when `ident` is a number and that key result has no id (refs use positions then)."""
    placed = list(objective.key_results())
    for kr in placed:
        if kr.kr.id == ident:
            return kr
    if ident.isdigit() and 1 <= int(ident) <= len(placed):
        kr = placed[int(ident) - 1]
        if kr.kr.id is None:
            return kr
    return None

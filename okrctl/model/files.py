"""The records of files as read: a goal file's models, ids and problems; the config in force.

The loader (okrctl.load) fills them in; everything above it only reads them. Positions come
with them (okrctl.source.Positions), recorded when the file was parsed, so no lookup does IO.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from okrctl.findings import Location, Problem
from okrctl.model.config import Config
from okrctl.model.goals import GoalFile
from okrctl.model.period import Period
from okrctl.source import Positions, Suppressions, YamlPath


@dataclass(frozen=True, slots=True)
class Declared:
    """An id as written, valid or not, so references and duplicates see every part."""

    team: str
    period: Period | None  # objectives only; compared by dates, so 2026-Q4 is its own range
    id: str
    source: Positions
    at: YamlPath  # the objective's or KPI's place in its file

    @property
    def location(self) -> Location:
        """Where the id is written (looked up only when a finding needs it)."""
        return self.source.value(self.at + ("id",))


@dataclass(slots=True)
class LoadedFile:
    """One goal file after loading: the parts that validated, and every problem found."""

    path: str
    source: Positions
    problems: list[Problem]
    suppressions: Suppressions
    goal: GoalFile | None = None  # its valid parts: what computations use
    # With the parts that failed validation kept as far as they are valid: what the rules
    # check, so one mistake does not hide the findings beside it. None when no part failed.
    salvaged: GoalFile | None = None
    period: Period | None = None
    declared_objectives: list[Declared] = field(default_factory=list)
    declared_kpis: list[Declared] = field(default_factory=list)
    # Objectives with a key result the rules cannot see (not even salvaged: not a mapping).
    incomplete: set[int] = field(default_factory=set)
    modeline: str | None = None  # the schema its first line's modeline names (for okrctl new)
    # Problems past the lint cap, by rule, that the loader counted instead of keeping (a flood
    # of bad items), and the cap they were counted under: the lint engine adds them to the
    # count of its summary finding, as if they were kept.
    counted: dict[str, int] = field(default_factory=dict)
    counted_under: int = 0

    @property
    def team(self) -> str | None:
        return self.goal.team if self.goal else None


@dataclass(slots=True)
class LoadedConfig:
    """The configuration in force, and where it came from (None: built-in defaults)."""

    config: Config
    path: str | None = None
    source: Positions | None = None
    problems: list[Problem] = field(default_factory=list)
    suppressions: Suppressions = field(default_factory=Suppressions)

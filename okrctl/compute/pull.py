"""What one `okrctl pull` came to, as its reporters show it: each source's new values, failure,
disagreements, and the KPIs whose status the new values change (pure; no source runs here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from okrctl.compute.kpi_health import KpiState, state
from okrctl.model.goals import Kpi

# The words of a status change in the pull request's body: "moved into breach".
MOVED_INTO = {"breach": "into breach", "warn": "into warn", "ok": "back to ok"}


@dataclass(frozen=True, slots=True)
class PulledValue:
    """One value a source gave that the pull writes (or would write, in a dry run)."""

    day: date
    value: int | float


@dataclass(frozen=True, slots=True)
class StatusMove:
    """A KPI whose newest pulled value puts it in another state than its newest recorded one."""

    before: KpiState
    after: KpiState

    @property
    def words(self) -> str:
        """`into breach`, `into warn`, `back to ok`."""
        return MOVED_INTO.get(self.after, f"to {self.after}")


@dataclass(frozen=True, slots=True)
class PulledSource:
    """One KPI or key result with a source, and what its pull came to."""

    ref: str
    team: str
    kind: str  # the source's kind: sql, csv, ...
    path: str
    line: int  # of its `source` key
    unit: str | None
    values: tuple[PulledValue, ...] = ()
    error: str | None = None
    disagreements: tuple[str, ...] = ()
    written: bool = False
    move: StatusMove | None = None

    @property
    def status(self) -> str:
        """`failed`, `disagrees` or `ok`."""
        return "failed" if self.error else "disagrees" if self.disagreements else "ok"

    def finding(self, cause: str) -> str:
        """One line naming the goal file, the line and the source, with `cause`."""
        return f"{self.path}:{self.line}: source of `{self.ref}` ({self.kind}): {cause}"


@dataclass(frozen=True, slots=True)
class PullReport:
    """Every source a pull ran, in the order found, and the edits it made or would make."""

    as_of: date
    dry_run: bool
    sources: tuple[PulledSource, ...]
    # What the editor printed: a unified diff (dry run) or a `FILE: pulled REF: ...` line a file.
    edits: str = ""

    @property
    def failed(self) -> bool:
        """A source failed or disagreed with the file: exit status 1."""
        return any(s.error or s.disagreements for s in self.sources)

    @property
    def findings(self) -> list[str]:
        """The failures, then the disagreements, one line each."""
        lines = [s.finding(s.error) for s in self.sources if s.error]
        return lines + [s.finding(d) for s in self.sources for d in s.disagreements]


def status_move(kpi: Kpi, new: Sequence[PulledValue], as_of: date) -> StatusMove | None:
    """How the newest of `new` changes the KPI's state from its newest measurement on or
    before `as_of` (`no-data` without one); None when it does not change it."""
    if not new:
        return None
    before = [m for m in kpi.measurements if m.date <= as_of]
    old: KpiState = state(before[-1].value, kpi.band, kpi.warn) if before else "no-data"
    after = state(new[-1].value, kpi.band, kpi.warn)
    return None if after == old else StatusMove(old, after)

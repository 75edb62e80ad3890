"""What every rule is: a few constants, a docstring that documents it, and a `check` generator."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from okrctl.findings import Location, Problem, Severity
from okrctl.model.tree import GoalTree


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule is given: the whole goal tree, today's date and its own options."""

    tree: GoalTree
    today: date
    options: Mapping[str, Any] = field(default_factory=dict)


class Rule(Protocol):
    """A rule module. `check` is None for rules the loader reports while reading files.

    A module may also say `PER_FILE = True`: what it finds in a file depends on that file
    alone (and on the config, its options and the day), never on another file, so the lint
    engine keeps its problems by file and runs it on changed files only. Without it, a rule
    runs on the whole tree every time (tests/test_per_file_rules.py holds each PER_FILE rule
    to finding in a file what it finds in that file alone).

    Or `PER_TEAM = True`: what it finds in a team's files depends only on them and on the
    files of the teams their references name (`aligns_to: company/growth`, `kpi:
    platform/uptime`, `from_kr`, `from_kpi`), through those teams' references in turn; a
    "did you mean" hint may name any KPI of the tree (GoalTree.kpi_refs). When every rule
    selected is one or the other, an edit re-checks only the teams it can change
    (linting.lint_by_team; tests/test_per_team_rules.py holds each PER_TEAM rule to finding
    in a team's files what it finds in the part of the tree they reach)."""

    CODE: str
    NAME: str
    SEVERITY: Severity
    OPTIONS: Mapping[str, int]
    __doc__: str | None

    @property
    def check(self) -> Callable[[RuleContext], Iterable[Problem]] | None: ...


def problem(rule: str, location: Location, message: str) -> Problem:
    """Shorthand used by rule modules."""
    return Problem(rule, location, message)

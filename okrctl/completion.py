"""Shell completion of what the goal tree names: teams, key-result refs and KPI refs.

The shell asks on every TAB, so the goal files are read as plain YAML, without building the
models (validating a tree takes longer than parsing it), and nothing here ever fails: a tree
that cannot be read completes nothing, and a file that cannot be read is skipped. A ref
offered for a file with errors may still be refused by the command, which validates it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer


@dataclass(frozen=True, slots=True)
class Named:
    """Something completion can offer: the text to insert and a line of help for it."""

    value: str
    help: str


@dataclass(frozen=True, slots=True)
class GoalRefs:
    """Every team, key result and KPI written in a goal tree, in tree order."""

    teams: tuple[Named, ...]
    key_results: tuple[Named, ...]
    kpis: tuple[Named, ...]


def _read(path: Path, limit: int) -> str | None:
    """A goal file's text, or None: only regular files, never past the size limit.

    The loader's read_text does more (it explains every refusal), but the loader brings the
    models with it, and completion only needs to skip what it cannot read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
                return None
            raw = handle.read(limit + 1)
        return raw.decode("utf-8-sig") if len(raw) <= limit else None
    except (OSError, UnicodeDecodeError):
        return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _period_label(period: Any) -> str | None:
    """The period as refs write it: `2026-Q4`, `2026`, or `START..END` for a range."""
    from okrctl.model.period import parse_label

    if isinstance(period, int) and not isinstance(period, bool):
        period = str(period)
    if isinstance(period, str):
        return period if parse_label(period) is not None else None
    if isinstance(period, dict):
        start, end = period.get("start"), period.get("end")
        if isinstance(start, str) and isinstance(end, str):
            return f"{start}..{end}"
    return None


def _mappings(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """The mappings in a list, with their 1-based positions (refs count from 1)."""
    if isinstance(value, list):
        for position, item in enumerate(value, start=1):
            if isinstance(item, dict):
                yield position, item


def goal_refs(roots: Sequence[Path]) -> GoalRefs:
    """Read the refs of the goal trees (or files) at `roots`; never raises for bad content."""
    from okrctl.load.discover import goal_files
    from okrctl.load.yamlparse import Limits, parse_yaml

    limits = Limits()
    teams: dict[str, Named] = {}
    key_results: list[Named] = []
    kpis: list[Named] = []
    for file in goal_files([root for root in roots if root.exists()]).files:
        text = _read(file, limits.max_file_size)
        if text is None:
            continue
        data = parse_yaml(text, file.as_posix(), limits).data
        if not isinstance(data, dict) or not isinstance(data.get("team"), str):
            continue
        team = data["team"]
        teams.setdefault(team, Named(team, f"team ({file.as_posix()})"))
        period = _period_label(data.get("period"))
        for _, objective in _mappings(data.get("objectives")) if period else ():
            objective_id = _text(objective.get("id"))
            if not objective_id:
                continue
            for position, kr in _mappings(objective.get("key_results")):
                kr_id = _text(kr.get("id")) or str(position)
                ref = f"{team}/{period}/{objective_id}/{kr_id}"
                key_results.append(Named(ref, _text(kr.get("title"))))
        for _, kpi in _mappings(data.get("kpis")):
            kpi_id = _text(kpi.get("id"))
            if kpi_id:
                kpis.append(Named(f"{team}/{kpi_id}", _text(kpi.get("title"))))
    return GoalRefs(tuple(teams.values()), tuple(key_results), tuple(kpis))


def _roots(ctx: typer.Context) -> list[Path]:
    """Where the command being completed will look: its --tree, its paths, else `.`."""
    params = ctx.params or {}
    tree = params.get("tree")
    if isinstance(tree, Path):
        return [tree]
    paths = params.get("paths")
    if isinstance(paths, list) and paths:
        return [Path(path) for path in paths]
    return [Path(".")]


def _matching(items: Sequence[Named], incomplete: str) -> list[tuple[str, str]]:
    return [(item.value, item.help) for item in items if item.value.startswith(incomplete)]


def complete_team(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Teams of the goal tree, for `--team` and `okrctl new ... TEAM`."""
    try:
        return _matching(goal_refs(_roots(ctx)).teams, incomplete)
    except Exception:  # completion must never print a traceback into the user's prompt
        return []


def complete_key_result(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Key-result refs, TEAM/PERIOD/OBJECTIVE_ID/KR, for `okrctl checkin`."""
    try:
        return _matching(goal_refs(_roots(ctx)).key_results, incomplete)
    except Exception:
        return []


def complete_kpi(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """KPI refs, TEAM/KPI_ID, for `okrctl kpi record`."""
    try:
        return _matching(goal_refs(_roots(ctx)).kpis, incomplete)
    except Exception:
        return []

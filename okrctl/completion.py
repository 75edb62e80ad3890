"""Shell completion of what the goal tree names: teams, objective, key-result and KPI refs.

The shell asks on every TAB, so the goal files are read as plain YAML, without building the
models (validating a tree takes longer than parsing it), and nothing here ever fails: a tree
that cannot be read completes nothing, and a file that cannot be read is skipped. A ref
offered for a file with errors may still be refused by the command, which validates it.

`okrctl checkin` refuses a date outside the key result's period, so its completion offers the
key results whose period holds the check-in's date (`--date`, else today), written the way the
command finds them (a range that is exactly a quarter is that quarter); `--all` offers the
others after them, for the user who is about to add a `--date`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from okrctl.model.period import Period


@dataclass(frozen=True, slots=True)
class Named:
    """Something completion can offer: the text to insert and a line of help for it."""

    value: str
    help: str


@dataclass(frozen=True, slots=True)
class KeyResultName:
    """A key result's ref and title, with the period `checkin` checks its date against."""

    named: Named
    period: Period


@dataclass(frozen=True, slots=True)
class GoalRefs:
    """Every team, key result and KPI written in a goal tree, in tree order."""

    teams: tuple[Named, ...]
    key_results: tuple[KeyResultName, ...]
    kpis: tuple[Named, ...]
    # Every objective (TEAM/PERIOD/OBJECTIVE_ID) followed by its key results, in tree order,
    # each with its period: what `okrctl initiative` edits.
    holders: tuple[KeyResultName, ...] = ()


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


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _period(period: Any, fiscal_year_start: int) -> Period | None:
    """The period as the loader resolves it, under the label refs use: `2026-Q4`, `2026`, or
    `START..END` for a range that is no named period; None for what is no period."""
    from okrctl.model.period import named_range, parse_label, resolve_label

    if isinstance(period, int) and not isinstance(period, bool):
        period = str(period)
    if isinstance(period, str):
        return resolve_label(period, fiscal_year_start) if parse_label(period) else None
    if isinstance(period, dict):
        start, end = _day(period.get("start")), _day(period.get("end"))
        if start is not None and end is not None and start <= end:
            return named_range(start, end, fiscal_year_start)
    return None


def _fiscal_year_start(config: Path | None) -> int:
    """`fiscal_year_start` of the config file (1, calendar years, when there is none or it
    cannot be read): named periods end where the loader says they do."""
    from okrctl.load.yamlparse import Limits, parse_yaml

    limits = Limits()
    text = _read(config, limits.max_file_size) if config is not None else None
    if config is None or text is None:
        return 1
    data = parse_yaml(text, config.as_posix(), limits).data
    month = data.get("fiscal_year_start") if isinstance(data, dict) else None
    if isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12:
        return month
    return 1


def _mappings(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """The mappings in a list, with their 1-based positions (refs count from 1)."""
    if isinstance(value, list):
        for position, item in enumerate(value, start=1):
            if isinstance(item, dict):
                yield position, item


def goal_refs(roots: Sequence[Path], fiscal_year_start: int = 1) -> GoalRefs:
    """Read the refs of the goal trees (or files) at `roots`; never raises for bad content."""
    from okrctl.load.discover import goal_files
    from okrctl.load.yamlparse import Limits, parse_yaml

    limits = Limits()
    teams: dict[str, Named] = {}
    key_results: list[KeyResultName] = []
    kpis: list[Named] = []
    holders: list[KeyResultName] = []
    for file in goal_files([root for root in roots if root.exists()]).files:
        text = _read(file, limits.max_file_size)
        if text is None:
            continue
        data = parse_yaml(text, file.as_posix(), limits).data
        if not isinstance(data, dict) or not isinstance(data.get("team"), str):
            continue
        team = data["team"]
        teams.setdefault(team, Named(team, f"team ({file.as_posix()})"))
        period = _period(data.get("period"), fiscal_year_start)
        for _, objective in _mappings(data.get("objectives")) if period else ():
            objective_id = _text(objective.get("id"))
            if not objective_id or period is None:
                continue
            ref = f"{team}/{period.label}/{objective_id}"
            holders.append(KeyResultName(Named(ref, _text(objective.get("title"))), period))
            for position, kr in _mappings(objective.get("key_results")):
                kr_id = _text(kr.get("id")) or str(position)
                ref = f"{team}/{period.label}/{objective_id}/{kr_id}"
                key_results.append(KeyResultName(Named(ref, _text(kr.get("title"))), period))
                holders.append(key_results[-1])
        for _, kpi in _mappings(data.get("kpis")):
            kpi_id = _text(kpi.get("id"))
            if kpi_id:
                kpis.append(Named(f"{team}/{kpi_id}", _text(kpi.get("title"))))
    return GoalRefs(tuple(teams.values()), tuple(key_results), tuple(kpis), tuple(holders))


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


def _checkin_day(ctx: typer.Context) -> date:
    """The date the check-in will have: `--date` as `checkin` reads it, else today (a date
    the command would refuse leaves the choice to today's periods)."""
    from okrctl import clock

    today = clock.today()
    typed = (ctx.params or {}).get("day")
    word = typed.strip().lower() if isinstance(typed, str) else "today"
    if word == "yesterday":
        return today - timedelta(days=1)
    day = _day(word) if word != "today" else None
    return day if day is not None and day <= today else today


def checkin_offers(
    key_results: Sequence[KeyResultName], day: date, every: bool = False
) -> list[Named]:
    """The key results a check-in dated `day` may go to (their period holds it), in tree
    order; with `every`, the others after them, those that ended latest first, then those
    that have not started."""
    open_ = [kr.named for kr in key_results if kr.period.contains(day)]
    if not every:
        return open_
    ended = sorted(
        (kr for kr in key_results if kr.period.end < day),
        key=lambda kr: -kr.period.end.toordinal(),
    )
    later = [kr.named for kr in key_results if kr.period.start > day]
    return open_ + [kr.named for kr in ended] + later


def complete_key_result(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Key-result refs, TEAM/PERIOD/OBJECTIVE_ID/KR, for `okrctl checkin`: those the command
    accepts on the check-in's date (every one, those first, with `--all`)."""
    try:
        from okrctl.load.discover import find_config

        roots = _roots(ctx)
        config = (ctx.params or {}).get("config")
        fiscal = _fiscal_year_start(config if isinstance(config, Path) else find_config(roots))
        refs = goal_refs(roots, fiscal).key_results
        every = (ctx.params or {}).get("every") is True
        return _matching(checkin_offers(refs, _checkin_day(ctx), every), incomplete)
    except Exception:
        return []


def complete_initiative_holder(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Objective refs and key-result refs, for `okrctl initiative`: those of the periods that
    hold its date first (`--date`, else today), then the others, as `checkin --all` orders them."""
    try:
        from okrctl.load.discover import find_config

        roots = _roots(ctx)
        config = (ctx.params or {}).get("config")
        fiscal = _fiscal_year_start(config if isinstance(config, Path) else find_config(roots))
        holders = goal_refs(roots, fiscal).holders
        return _matching(checkin_offers(holders, _checkin_day(ctx), every=True), incomplete)
    except Exception:
        return []


def complete_kpi(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """KPI refs, TEAM/KPI_ID, for `okrctl kpi record`."""
    try:
        return _matching(goal_refs(_roots(ctx)).kpis, incomplete)
    except Exception:
        return []

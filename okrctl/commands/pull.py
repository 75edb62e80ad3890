"""`okrctl pull`: run the `source` of every KPI and key result, and record the new values."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from okrctl.commands.options import ConfigOption, PathsArgument, format_option, split
from okrctl.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from okrctl.reports import PULL
from okrctl.terminal import Terminal
from okrctl.wording import value as show

if TYPE_CHECKING:
    from okrctl.compute.pull import PullReport
    from okrctl.edit.document import Document
    from okrctl.model.files import LoadedFile
    from okrctl.model.goals import Kpi, NumericKeyResult
    from okrctl.model.sources import AnySource
    from okrctl.model.tree import GoalTree
    from okrctl.sources.base import Reading
    from okrctl.sources.plan import Recorded


@dataclass(frozen=True, slots=True)
class Options:
    """Run the `source` of every KPI and key result, and record the new values.

    New values are appended (after the last one recorded, marked `source: pulled`) to the
    KPI's measurements or the key result's check-ins; comments and formatting are kept, and a
    value typed by hand is never overwritten (a pulled value that disagrees with it is a
    finding). A source that fails is one line (file, line, source, cause) and its goal file
    is left untouched; the others still run. Exit status 1 when a source failed or disagreed.

    Example: okrctl pull examples/ --dry-run
    """

    paths: PathsArgument = None
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="YYYY-MM-DD, today or yesterday. Default: today."),
    ] = None
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help="Only this KPI (TEAM/KPI_ID), key result (TEAM/PERIOD/OBJECTIVE/KR) or team; "
            "repeat or separate with commas.",
        ),
    ] = None
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Print what would be written (a unified diff); write nothing."
        ),
    ] = False
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Only check that each source works: connect and read one row (LIMIT 1), "
            "write nothing; print ok or the failure for each.",
        ),
    ] = False
    output_format: Annotated[
        str, format_option("text, json, or markdown (a pull request's body)."), PULL
    ] = PULL.default
    config: ConfigOption = None


@dataclass(slots=True)
class Target:
    """One KPI or key result with a source, and what its pull came to."""

    ref: str
    team: str
    what: str  # "KPI" or "key result"
    title: str
    unit: str | None
    path: str
    line: int
    source: AnySource
    recorded: list[Recorded]
    first: date | None
    last: date | None
    kpi: Kpi | None = None
    error: str | None = None
    new: list[Reading] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    written: bool = False

    def finding(self, cause: str) -> str:
        """One line naming the goal file, the line and the source (`pull --check` prints it;
        a pull's reporters print the same line from compute/pull.py's `PulledSource`)."""
        return f"{self.path}:{self.line}: source of `{self.ref}` ({self.source.kind}): {cause}"


def _recorded(entries: Any) -> list[Recorded]:
    from okrctl.sources.plan import Recorded

    return [
        Recorded(e.date, getattr(e, "value", None), getattr(e, "source", None) == "pulled")
        for e in entries or ()
        if hasattr(e, "date")
    ]


def _targets(tree: GoalTree, only: list[str]) -> list[Target]:
    from okrctl.model.goals import NumericKeyResult

    found: list[Target] = []
    for placed in tree.kpis.values():
        kpi = placed.kpi
        if kpi.source is not None:
            found.append(
                Target(
                    placed.ref, placed.team, "KPI", kpi.title, kpi.unit, placed.file.path,
                    kpi.where_key("source").line, kpi.source, _recorded(kpi.measurements),
                    None, None, kpi,
                )
            )  # fmt: skip
    for placed_kr in tree.key_results():
        kr = placed_kr.kr
        if isinstance(kr, NumericKeyResult) and kr.source is not None:
            period = placed_kr.parent.period
            target = Target(
                placed_kr.ref, placed_kr.parent.team, "key result", kr.title, kr.unit,
                placed_kr.parent.file.path, kr.where_key("source").line, kr.source,
                _recorded(kr.checkins), period.start, period.end,
            )  # fmt: skip
            if kr.current is not None:
                target.error = (
                    "the key result has `current`; move it into a first check-in so pulled "
                    "check-ins can follow it"
                )
            found.append(target)
    if not only:
        return found
    chosen = [t for t in found if any(t.ref == o or t.team == o for o in only)]
    for name in only:
        if not any(t.ref == name or t.team == name for t in found):
            refs = ", ".join(t.ref for t in found) or "none"
            raise UsageError(
                f"--only {name}: no KPI, key result or team with a source by that name "
                f"(sources: {refs})"
            )
    return chosen


def _fetch(targets: list[Target], as_of: date, environ: dict[str, str], today: date) -> None:
    from okrctl.sources.base import Request
    from okrctl.sources.plan import kpi_floor, plan, since
    from okrctl.sources.run import fetch_all

    runnable = [t for t in targets if t.error is None]
    jobs = []
    for target in runnable:
        floor = target.first if target.first is not None else kpi_floor(as_of)
        until = min(as_of, target.last) if target.last is not None else as_of
        # An answer's undated value is the value now: it is the value on `until` only when
        # that is today (not with a past --as-of, nor for a key result's ended period).
        request = Request(since(target.recorded, floor), until, Path(target.path).parent, environ,
                          current=until == today)  # fmt: skip
        jobs.append((target.source, request))
    for target, outcome in zip(runnable, fetch_all(jobs), strict=True):
        if outcome.error is not None:
            target.error = outcome.error
            continue
        planned = plan(target.recorded, outcome.readings, target.first, target.last)
        target.new = list(planned.new)
        for d in planned.disagreements:
            by = "typed by hand" if d.by_hand else "pulled before"
            target.disagreements.append(
                f"on {d.day} the source gives {show(d.pulled, target.unit)}, the file has "
                f"{show(d.recorded, target.unit)} ({by}); it is left as it is"
            )


def _insert(document: Document, raw: Any, at: tuple[Any, ...], key: str, entries: Any,
            readings: list[Reading]) -> None:  # fmt: skip
    """Append each reading as a `{date, value, source: pulled}` entry, in date order."""
    from okrctl.edit.document import as_parsed

    items = [{"date": r.day, "value": r.value, "source": "pulled"} for r in readings]
    existing = raw.get(key)
    if not isinstance(existing, list) or not existing:
        document.set_list(at, key, items, replacing=key if key in raw else None)
        raw[key] = [as_parsed(item) for item in items]
        return
    days = [e.date for e in entries]
    for item, reading in zip(items, readings, strict=True):
        index = len([d for d in days if d < reading.day])
        document.insert_item(at + (key,), index, item)
        existing.insert(index, as_parsed(item))
        days.insert(index, reading.day)


def _unreadable(tree: GoalTree) -> list[str]:
    """One line per problem of a goal file that did not load, or that has a part that did not."""
    return [
        f"{p.location.path}:{p.location.line}:{p.location.column}: {p.message}; pull skips "
        f"{'this file' if file.goal is None else 'this part'} (okrctl lint shows every problem)"
        for file in tree.files
        if file.goal is None or file.salvaged is not None
        for p in file.problems
    ]


def _edit(tree: GoalTree, path: str, targets: list[Target], out: StringIO, as_of: date,
          dry_run: bool, today: date) -> None:  # fmt: skip
    from okrctl.edit.document import EditError
    from okrctl.edit.refs import kpi_in, objective_in
    from okrctl.edit.session import edit_file
    from okrctl.model.goals import NumericKeyResult
    from okrctl.sources.plan import plan

    def change(document: Document, file: LoadedFile, data: Any) -> str:
        lines = []
        for target in targets:
            if target.kpi is not None:
                owner: Kpi | NumericKeyResult | None = kpi_in(file, target.kpi.id)
                key = "measurements"
            else:
                parts = target.ref.split("/")
                objective = objective_in(file, parts[2])
                kr_id = parts[3]
                krs = objective.key_results if objective else []
                owner = next(
                    (k for k in krs if (k.id or str(int(k._at[-1]) + 1)) == kr_id
                     and isinstance(k, NumericKeyResult)), None,
                )  # fmt: skip
                key = "checkins"
            if owner is None:
                raise EditError(f"{target.ref} is no longer in {path}; run the command again")
            entries = getattr(owner, key) or []
            # Planned again on the file as read under the lock: a concurrent edit counts.
            new = list(plan(_recorded(entries), target.new, target.first, target.last).new)
            if not new:
                continue
            raw = data
            for part in owner._at:
                raw = raw[part]
            _insert(document, raw, owner._at, key, entries, new)
            values = ", ".join(f"{show(r.value, target.unit)} on {r.day}" for r in new)
            lines.append(f"{path}: pulled {target.ref}: {values}")
            target.written = not dry_run
        return "\n".join(lines)

    edit_file(tree, path, change, out, today=today, dry_run=dry_run)


def run(options: Options, terminal: Terminal) -> int:
    from okrctl import clock
    from okrctl.commands.emit import emit
    from okrctl.edit.atomic import WriteError
    from okrctl.edit.document import EditError
    from okrctl.edit.session import RefusedError
    from okrctl.edit.values import parse_day
    from okrctl.load.goal_tree import load_tree

    today = clock.today()
    as_of = parse_day(options.as_of, today, "--as-of")
    tree = load_tree(options.paths or [Path(".")], options.config)
    # A file (or a part of it) that does not load has sources pull cannot see: say so.
    unread = _unreadable(tree)
    terminal.err.write("".join(line + "\n" for line in unread))
    targets = _targets(tree, split(options.only))
    if options.check:
        from okrctl.commands.pull_check import check

        code = check(targets, as_of, terminal, options.output_format)
        return EXIT_FINDINGS if unread and code == EXIT_OK else code
    _fetch(targets, as_of, dict(terminal.environ), today)
    by_file: dict[str, list[Target]] = defaultdict(list)
    for target in targets:
        by_file[target.path].append(target)
    shown = StringIO()
    for path, in_file in by_file.items():
        # A file with a failing source is left untouched: its values are written together.
        if any(t.error for t in in_file) or not any(t.new for t in in_file):
            continue
        try:
            _edit(tree, path, in_file, shown, as_of, options.dry_run, today)
        except (EditError, WriteError, RefusedError) as error:  # this file only: the rest go on
            cause = str(error).splitlines()[0]
            if isinstance(error, RefusedError):
                first = error.findings[0]
                cause = f"writing would add the lint error `{first.message}`; nothing was written"
            for target in in_file:
                target.error, target.written = cause, False
    report = _report(targets, as_of, options.dry_run, shown.getvalue())
    emit(report, PULL, options.output_format, terminal)
    return EXIT_FINDINGS if report.failed or unread else EXIT_OK


def _report(targets: list[Target], as_of: date, dry_run: bool, edits: str) -> PullReport:
    """What the pull came to, for its reporters (okrctl/reports/pull_*.py)."""
    from okrctl.compute.pull import PulledSource, PulledValue, PullReport, status_move

    sources = []
    for t in targets:
        values = tuple(PulledValue(r.day, r.value) for r in t.new)
        move = None
        if t.kpi is not None and not t.error:
            move = status_move(t.kpi, values, as_of)
        sources.append(
            PulledSource(
                t.ref, t.team, t.source.kind, t.path, t.line, t.unit, values, t.error,
                tuple(t.disagreements), t.written, move,
            )
        )  # fmt: skip
    return PullReport(as_of, dry_run, tuple(sources), edits)

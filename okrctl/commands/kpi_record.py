"""`okrctl kpi record`: add a KPI measurement in date order, and change nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from okrctl.commands.options import ConfigOption, DateOption, DryRunOption, NoteOption, TreeOption
from okrctl.completion import complete_kpi
from okrctl.errors import EXIT_OK, UsageError
from okrctl.reports import escape
from okrctl.terminal import Terminal
from okrctl.wording import value as show

if TYPE_CHECKING:
    from okrctl.edit.document import Document
    from okrctl.model.files import LoadedFile


@dataclass(frozen=True, slots=True)
class Options:
    """Record a KPI measurement, in date order, in the KPI's goal file.

    Only the KPI's `measurements:` list changes; every other byte stays as it was. A second
    measurement on the same date is refused unless --replace.

    Example: okrctl kpi record support/first-response-time 41 --date 2026-11-20
    """

    ref: Annotated[str, typer.Argument(help="The KPI: TEAM/KPI_ID.", autocompletion=complete_kpi)]
    value: Annotated[str, typer.Argument(help="The measured value, a number.")]
    day: DateOption = None
    note: NoteOption = None
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a measurement already on that date.")
    ] = False
    dry_run: DryRunOption = False
    tree: TreeOption = Path(".")
    config: ConfigOption = None


def run(options: Options, terminal: Terminal) -> int:
    """Record one measurement; a second one on the same day needs `--replace`."""
    from okrctl import clock
    from okrctl.edit.document import EditError, as_parsed
    from okrctl.edit.refs import find_kpi, kpi_in
    from okrctl.edit.session import edit_file
    from okrctl.edit.values import parse_day, parse_note, parse_number
    from okrctl.load.goal_tree import load_tree

    today = clock.today()
    ref, value, day, note, replace = (
        options.ref,
        options.value,
        options.day,
        options.note,
        options.replace,
    )
    when = parse_day(day, today)
    measured = parse_number(value)
    remark = parse_note(note)
    goal_tree = load_tree([options.tree], options.config)
    placed = find_kpi(goal_tree, ref)
    kpi_ref = placed.ref
    item: dict[str, Any] = {"date": when, "value": measured}
    if remark is not None:
        item["note"] = remark

    def change(document: Document, file: LoadedFile, data: Any) -> str:
        kpi = kpi_in(file, placed.kpi.id)
        if kpi is None:
            raise EditError(f"{kpi_ref} is no longer in {file.path}; run the command again")
        at = kpi._at
        raw = data
        for part in at:
            raw = raw[part]
        unit = kpi.unit
        same_day = [i for i, m in enumerate(kpi.measurements) if m.date == when]
        existing = raw.get("measurements")
        if same_day and not replace:
            old = kpi.measurements[same_day[0]]
            raise UsageError(
                f"{kpi_ref} already has a measurement on {when} ({show(old.value, unit)}); "
                "pass --replace to replace it"
            )
        if len(same_day) > 1:
            raise UsageError(
                f"{kpi_ref} has {len(same_day)} measurements on {when}; remove all but one "
                "by hand first"
            )
        path = at + ("measurements",)
        if same_day:
            index = same_day[0]
            old = kpi.measurements[index]
            document.replace_item(path, index, item)
            existing[index] = as_parsed(item)
            return (
                f"{file.path}: replaced {kpi_ref} on {when}: {show(old.value, unit)} -> "
                f"{show(measured, unit)}"
            )
        # After every measurement dated before it, so a list in date order stays in order.
        before = [i for i, m in enumerate(kpi.measurements) if m.date < when]
        index = before[-1] + 1 if before else 0
        if isinstance(existing, list):
            document.insert_item(path, index, item)
            existing.insert(index, as_parsed(item))
        else:
            document.set_list(at, "measurements", [item], replacing="measurements")
            raw["measurements"] = [as_parsed(item)]
        return f"{file.path}: recorded {kpi_ref} = {show(measured, unit)} on {when}"

    shown = StringIO()  # the summary and a dry run's diff quote the goal file: shown escaped
    edit_file(goal_tree, placed.file.path, change, shown, today=today, dry_run=options.dry_run)
    terminal.out.write(escape.text_lines(shown.getvalue()))
    return EXIT_OK

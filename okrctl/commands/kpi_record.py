"""`okrctl kpi record`: add a KPI measurement in date order, and change nothing else."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, TextIO

from okrctl import clock
from okrctl.edit.document import Document, EditError, as_parsed
from okrctl.edit.refs import find_kpi, kpi_in
from okrctl.edit.session import edit_file
from okrctl.edit.values import parse_day, parse_note, parse_number
from okrctl.errors import EXIT_OK, UsageError
from okrctl.load.goal_tree import load_tree
from okrctl.load.loader import LoadedFile
from okrctl.wording import value as show


def run(
    ref: str,
    value: str,
    out: TextIO,
    err: TextIO,
    *,
    tree: Path = Path("."),
    day: str | None = None,
    note: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    config: Path | None = None,
    today: date | None = None,
    color: bool = False,
) -> int:
    """Record one measurement; a second one on the same day needs `replace`."""
    today = today or clock.today()
    when = parse_day(day, today)
    measured = parse_number(value)
    remark = parse_note(note)
    goal_tree = load_tree([tree], config)
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

    edit_file(goal_tree, placed.file.path, change, out, today=today, dry_run=dry_run)
    return EXIT_OK

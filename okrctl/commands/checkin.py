"""`okrctl checkin`: record a key result's progress in its goal file, and change nothing else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from okrctl import clock
from okrctl.edit.document import Document, EditError, as_parsed
from okrctl.edit.refs import KeyResultRef, find_key_result, objective_in, pick_key_result
from okrctl.edit.session import edit_file
from okrctl.edit.values import parse_confidence, parse_day, parse_done, parse_note, parse_number
from okrctl.errors import EXIT_OK, UsageError
from okrctl.load.goal_tree import load_tree
from okrctl.load.loader import LoadedFile
from okrctl.model.goals import AnyKeyResult, BinaryKeyResult, KpiKeyResult, NumericKeyResult
from okrctl.wording import number
from okrctl.wording import value as show


def _parse_value(kr: AnyKeyResult, text: str, ref: str) -> int | float | bool:
    if isinstance(kr, KpiKeyResult):
        raise UsageError(
            f"{ref} is KPI-linked: its value is {kr.kpi}'s latest measurement; record one "
            f"with `okrctl kpi record {kr.kpi} VALUE`"
        )
    if isinstance(kr, BinaryKeyResult):
        try:
            return parse_done(text)
        except UsageError:
            raise UsageError(
                f"{ref} is a milestone: VALUE is done or not-done, got `{text}`"
            ) from None
    try:
        return parse_number(text)
    except UsageError as error:
        if text.strip().lower() in ("done", "not-done", "true", "false"):
            span = f"{number(kr.start)} to {show(kr.target, kr.unit)}"
            raise UsageError(
                f"{ref} is numeric (from {span}): VALUE is a number, got `{text}`"
            ) from None
        raise error


def _written_value(kr: AnyKeyResult) -> tuple[str, Any] | None:
    """The `current:` (numeric) or `done:` (milestone) a key result holds instead of check-ins."""
    if isinstance(kr, NumericKeyResult) and kr.current is not None:
        return "current", kr.current
    if isinstance(kr, BinaryKeyResult) and kr.done is not None:
        return "done", kr.done
    return None


def _conversion_question(target: KeyResultRef, field: str, value: Any) -> str:
    shown = str(value).lower() if isinstance(value, bool) else number(value)
    return (
        f"{target.ref} holds its value as `{field}: {shown}`. Convert it into a first "
        f"check-in dated {target.period.start} (the period's start)?"
    )


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def run(
    ref: str,
    value: str,
    out: TextIO,
    err: TextIO,
    *,
    tree: Path = Path("."),
    day: str | None = None,
    confidence: str | None = None,
    note: str | None = None,
    convert: bool = False,
    dry_run: bool = False,
    config: Path | None = None,
    today: date | None = None,
    confirm: Callable[[str], bool] | None = None,
    color: bool = False,
) -> int:
    """Append a check-in to a key result; `confirm` asks before converting `current:`."""
    today = today or clock.today()
    when = parse_day(day, today)
    sure = parse_confidence(confidence) if confidence is not None else None
    remark = parse_note(note)
    goal_tree = load_tree([tree], config)
    target = find_key_result(goal_tree, ref, today)
    kr = target.placed.kr
    new_value = _parse_value(kr, value, target.ref)
    period = target.period
    if not period.contains(when):
        raise UsageError(
            f"--date {when} is outside the period {period.label} of {target.ref} "
            f"({period.start} to {period.end})"
        )
    written = _written_value(kr)
    if written is not None and not convert:
        question = _conversion_question(target, *written)
        if confirm is None:
            raise UsageError(
                f"{question.split('. ')[0]}; pass --convert to turn it into a first check-in "
                f"dated {period.start} (the period's start), so no history is invented silently"
            )
        if not confirm(question):
            raise UsageError("not converted; nothing was written")
    agreed = written

    item: dict[str, Any] = {"date": when, "value": new_value}
    if sure is not None:
        item["confidence"] = sure
    if remark is not None:
        item["note"] = remark

    def change(document: Document, file: LoadedFile, data: Any) -> str:
        objective = objective_in(file, target.objective)
        if objective is None or file.period != period:
            raise EditError(f"{target.ref} is no longer in {file.path}; run the command again")
        key_result = pick_key_result(objective, target.key_result, target.ref)
        if key_result.kind != kr.kind:
            raise EditError(f"{target.ref} changed kind in {file.path}; run the command again")
        at = key_result._at
        raw = _at(data, at)
        found = _written_value(key_result)
        if found is not None:
            if agreed is None or found[0] != agreed[0]:
                raise EditError(f"{target.ref} changed in {file.path}; run the command again")
            field, old = found
            first = {"date": period.start, "value": old}
            document.set_list(at, "checkins", [first, item], replacing=field)
            del raw[field]
            raw["checkins"] = [as_parsed(first), as_parsed(item)]
            shown_old = str(old).lower() if isinstance(old, bool) else number(old)
            extra = f"; `{field}: {shown_old}` is now a check-in dated {period.start}"
        else:
            checkins = getattr(key_result, "checkins", None) or []
            index = sum(1 for c in checkins if c.date <= when)
            existing = raw.get("checkins")
            if isinstance(existing, list):
                document.insert_item(at + ("checkins",), index, item)
                existing.insert(index, as_parsed(item))
            else:
                document.set_list(at, "checkins", [item], replacing="checkins")
                raw["checkins"] = [as_parsed(item)]
            extra = ""
        unit = getattr(key_result, "unit", None)
        confidence_text = f", confidence {number(sure)}" if sure is not None else ""
        return (
            f"{file.path}: checked in {target.ref} at {show(new_value, unit)} on {when}"
            f"{confidence_text}{extra}"
        )

    edit_file(goal_tree, target.file, change, out, today=today, dry_run=dry_run)
    return EXIT_OK

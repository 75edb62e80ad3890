"""`okrctl checkin`: record a key result's progress (or drop it) in its goal file, and change
nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from okrctl.commands.options import ConfigOption, DateOption, DryRunOption, NoteOption, TreeOption
from okrctl.completion import complete_key_result
from okrctl.errors import EXIT_OK, UsageError
from okrctl.reports import escape
from okrctl.terminal import Terminal
from okrctl.wording import number
from okrctl.wording import value as show

if TYPE_CHECKING:
    from datetime import date

    from okrctl.edit.document import Document
    from okrctl.edit.refs import KeyResultRef
    from okrctl.model.files import LoadedFile
    from okrctl.model.tree import GoalTree


@dataclass(frozen=True, slots=True)
class Options:
    """Record progress on a key result: append a dated check-in to its goal file.

    Only the key result's `checkins:` list changes; every other byte of the file stays as it
    was. The file is checked before it is written and written atomically. A value of the
    wrong kind, a date outside the period or a confidence outside 0..1 is refused, and so is
    a second check-in on the same date unless --replace. `--score` records a self-graded score
    (with or without a value); `--drop --reason TEXT` marks the key result dropped instead
    (`status: dropped`, its reason and date), which leaves it out of its objective's score.

    Example: okrctl checkin support/2026-Q4/faster-replies/first-response 36 --confidence 0.6
    """

    ref: Annotated[
        str,
        typer.Argument(
            help="The key result: TEAM/PERIOD/OBJECTIVE_ID/KR, KR an id or a position (1 is "
            "the first). PERIOD may be left out when the team has one period containing today.",
            autocompletion=complete_key_result,
        ),
    ]
    value: Annotated[
        str | None,
        typer.Argument(
            help="A number; done or not-done for a milestone. May be left out with --score."
        ),
    ] = None
    day: DateOption = None
    confidence: Annotated[
        str | None, typer.Option(help="How likely the key result will be met, 0 to 1.")
    ] = None
    note: NoteOption = None
    score: Annotated[
        str | None,
        typer.Option(
            help="A self-graded score, 0 to 1 (three decimals at most): from this date on it "
            "is the key result's score, for every kind."
        ),
    ] = None
    drop: Annotated[
        bool,
        typer.Option(
            "--drop",
            help="Mark the key result dropped (needs --reason): it is left out of its "
            "objective's score from --date on.",
        ),
    ] = False
    reason: Annotated[
        str | None, typer.Option(help="Why the key result is dropped, in one line (--drop).")
    ] = None
    convert: Annotated[
        bool,
        typer.Option(
            "--convert",
            help="If the key result holds its value as `current:` (or `done:`), turn that into "
            "a first check-in dated at the period's start (asked on a terminal otherwise).",
        ),
    ] = False
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace a check-in already on that date (its confidence and note too).",
        ),
    ] = False
    dry_run: DryRunOption = False
    every: Annotated[
        bool,
        typer.Option(
            "--all",
            help="For TAB completion of REF: offer the key results of every period, those "
            "open on --date first (without it, only those). The check-in is the same.",
        ),
    ] = False
    tree: TreeOption = Path(".")
    config: ConfigOption = None


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


def _same_day(target: KeyResultRef, field: str, value: Any, when: date) -> UsageError:
    """Converting `current:` on the period's first day would date two values that day."""
    shown = str(value).lower() if isinstance(value, bool) else number(value)
    return UsageError(
        f"{target.ref}'s `{field}: {shown}` would become a check-in on {when}, the date of "
        "this one; pass --replace to replace it"
    )


def _shown_checkin(value: Any, score: Any, unit: str | None) -> str:
    """What a check-in says, for a message: its value, else its self-graded score."""
    if value is None and score is not None:
        return f"self score {number(score)}"
    return show(value, unit)


def run(options: Options, terminal: Terminal) -> int:
    """Append a check-in to a key result; the terminal's `confirm` asks before converting
    `current:`, and a check-in already on that date is replaced only with `--replace`."""
    from okrctl import clock
    from okrctl.edit.document import EditError, as_parsed
    from okrctl.edit.refs import find_key_result, objective_in, pick_key_result
    from okrctl.edit.session import edit_file
    from okrctl.edit.values import parse_confidence, parse_day, parse_note, parse_score
    from okrctl.load.goal_tree import load_tree
    from okrctl.model.kinds import kind_of

    today = clock.today()
    ref, value, day, confidence, note = (
        options.ref,
        options.value,
        options.day,
        options.confidence,
        options.note,
    )
    _check_combination(options)
    confirm = terminal.confirm
    when = parse_day(day, today)
    sure = parse_confidence(confidence) if confidence is not None else None
    graded = parse_score(options.score) if options.score is not None else None
    remark = parse_note(note)
    goal_tree = load_tree([options.tree], options.config)
    target = find_key_result(goal_tree, ref, today)
    kr = target.placed.kr
    period = target.period
    if not period.contains(when):
        raise UsageError(
            f"--date {when} is outside the period {period.label} of {target.ref} "
            f"({period.start} to {period.end})"
        )
    if options.drop:
        return _drop(options, terminal, goal_tree, target, when, today)
    new_value = (
        kind_of(kr).parse_checkin(kr, value, target.ref, "VALUE") if value is not None else None
    )
    written = kind_of(kr).written_value(kr)
    if written is not None and when == period.start and not options.replace:
        raise _same_day(target, *written, when)  # refused before asking to convert
    if written is not None and not options.convert:
        question = _conversion_question(target, *written)
        if confirm is None:
            raise UsageError(
                f"{question.split('. ')[0]}; pass --convert to turn it into a first check-in "
                f"dated {period.start} (the period's start), so no history is invented silently"
            )
        if not confirm(question):
            raise UsageError("not converted; nothing was written")
    agreed = written

    item: dict[str, Any] = {"date": when}
    if new_value is not None:
        item["value"] = new_value
    if graded is not None:
        item["score"] = graded
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
        found = kind_of(key_result).written_value(key_result)
        if found is not None:
            if agreed is None or found[0] != agreed[0]:
                raise EditError(f"{target.ref} changed in {file.path}; run the command again")
            field, old = found
            shown_old = str(old).lower() if isinstance(old, bool) else number(old)
            first = {"date": period.start, "value": old}
            # On the period's first day the new check-in takes the converted value's date.
            items = [item] if when == period.start else [first, item]
            if when == period.start and not options.replace:
                raise _same_day(target, field, old, when)
            document.set_list(at, "checkins", items, replacing=field)
            del raw[field]
            raw["checkins"] = [as_parsed(i) for i in items]
            if when == period.start:
                extra = f"; it replaces `{field}: {shown_old}`"
            else:
                extra = f"; `{field}: {shown_old}` is now a check-in dated {period.start}"
        else:
            checkins = getattr(key_result, "checkins", None) or []
            same_day = [i for i, c in enumerate(checkins) if c.date == when]
            existing = raw.get("checkins")
            unit = getattr(key_result, "unit", None)
            if same_day and not options.replace:
                before = checkins[same_day[0]]
                old_value = _shown_checkin(
                    getattr(before, "value", None), getattr(before, "score", None), unit
                )
                raise UsageError(
                    f"{target.ref} already has a check-in on {when} ({old_value}); pass "
                    "--replace to replace it"
                )
            if len(same_day) > 1:
                raise UsageError(
                    f"{target.ref} has {len(same_day)} check-ins on {when}; remove all but one "
                    "by hand first"
                )
            if same_day:
                index = same_day[0]
                replaced = checkins[index]
                assert isinstance(existing, list)  # the model read check-ins from it
                document.replace_item(at + ("checkins",), index, item)
                existing[index] = as_parsed(item)
                confidence_text = f", confidence {number(sure)}" if sure is not None else ""
                return (
                    f"{file.path}: replaced {target.ref} on {when}: "
                    f"{_shown_checkin(getattr(replaced, 'value', None), replaced.score, unit)} -> "
                    f"{_shown_checkin(new_value, graded, unit)}"
                    f"{confidence_text}"
                )
            # After every check-in dated before it, so a list in date order stays in order.
            index = sum(1 for c in checkins if c.date < when)
            if isinstance(existing, list):
                document.insert_item(at + ("checkins",), index, item)
                existing.insert(index, as_parsed(item))
            else:
                document.set_list(at, "checkins", [item], replacing="checkins")
                raw["checkins"] = [as_parsed(item)]
            extra = ""
        unit = getattr(key_result, "unit", None)
        confidence_text = f", confidence {number(sure)}" if sure is not None else ""
        if new_value is None and graded is not None:
            what = f"self-scored {target.ref} at {number(graded)}"
        else:
            what = f"checked in {target.ref} at {show(new_value, unit)}"
            if graded is not None:
                what += f", self score {number(graded)}"
        return f"{file.path}: {what} on {when}{confidence_text}{extra}"

    shown = StringIO()  # the summary and a dry run's diff quote the goal file: shown escaped
    edit_file(goal_tree, target.file, change, shown, today=today, dry_run=options.dry_run)
    terminal.out.write(escape.text_lines(shown.getvalue()))
    return EXIT_OK


def _check_combination(options: Options) -> None:
    """What goes together: a check-in is a VALUE and/or --score; a drop is --drop --reason."""
    if options.drop:
        if options.reason is None:
            raise UsageError("--drop needs --reason: say why the key result is dropped")
        extra = [
            name
            for name, given in (
                ("VALUE", options.value is not None),
                ("--score", options.score is not None),
                ("--confidence", options.confidence is not None),
                ("--note", options.note is not None),
                ("--convert", options.convert),
            )
            if given
        ]
        if extra:
            raise UsageError(
                f"--drop records no check-in: leave out {', '.join(extra)} (--reason says why)"
            )
        return
    if options.reason is not None:
        raise UsageError("--reason goes with --drop (a check-in's words go in --note)")
    if options.value is None and options.score is None:
        raise UsageError("give a VALUE, a self-graded --score, or both (or --drop --reason)")


def _drop(
    options: Options,
    terminal: Terminal,
    goal_tree: GoalTree,
    target: KeyResultRef,
    when: date,
    today: date,
) -> int:
    """Write `status: dropped`, its reason and date on the key result."""
    from okrctl.edit.document import EditError, as_parsed
    from okrctl.edit.refs import objective_in, pick_key_result
    from okrctl.edit.session import edit_file
    from okrctl.edit.values import parse_note

    kr = target.placed.kr
    if kr.status == "dropped":
        since = f" on {kr.date}" if kr.date else ""
        raise UsageError(f"{target.ref} was dropped already{since}: {kr.reason}")
    reason = parse_note(options.reason, "--reason")
    if reason is None:
        raise UsageError("--reason is empty: say why the key result is dropped")
    period = target.period

    def change(document: Document, file: LoadedFile, data: Any) -> str:
        objective = objective_in(file, target.objective)
        if objective is None or file.period != period:
            raise EditError(f"{target.ref} is no longer in {file.path}; run the command again")
        key_result = pick_key_result(objective, target.key_result, target.ref)
        if key_result.status == "dropped":
            raise EditError(f"{target.ref} changed in {file.path}; run the command again")
        fields = {"status": "dropped", "reason": reason, "date": when}
        document.set_fields(key_result._at, fields)
        _at(data, key_result._at).update(as_parsed(fields))
        return (
            f"{file.path}: dropped {target.ref} on {when}: {reason} (left out of its "
            "objective's score from that day)"
        )

    shown = StringIO()
    edit_file(goal_tree, target.file, change, shown, today=today, dry_run=options.dry_run)
    terminal.out.write(escape.text_lines(shown.getvalue()))
    return EXIT_OK

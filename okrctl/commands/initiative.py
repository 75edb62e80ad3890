"""`okrctl initiative`: add an initiative to a key result or an objective, or change one's
status, in its goal file, and change nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer

from okrctl.commands.options import ConfigOption, DateOption, DryRunOption, TreeOption
from okrctl.completion import complete_initiative_holder
from okrctl.errors import EXIT_OK, UsageError
from okrctl.model.types import InitiativeStatus
from okrctl.reports import escape
from okrctl.spelling import did_you_mean
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from datetime import date

    from okrctl.edit.document import Document
    from okrctl.model.files import LoadedFile
    from okrctl.model.goals import AnyKeyResult, Initiative, Objective

STATUSES: tuple[str, ...] = get_args(InitiativeStatus)


@dataclass(frozen=True, slots=True)
class Options:
    """Add an initiative to a key result or an objective, or set an initiative's status.

    Initiatives are the work meant to move a key result (never scored); one listed on an
    objective serves all its key results. `--add TITLE` appends one to the `initiatives:` list
    of the key result or objective REF names (planned unless --status says otherwise);
    `--status STATUS` changes the status of the initiative --name names (its id or title; it
    may be left out when there is one initiative). Becoming active writes its
    `start` day and becoming done its `done` day (--date, today by default). Only those lines
    change; the file is checked before it is written and written atomically.

    Example: okrctl initiative support/2026-Q4/faster-replies/first-response --add "Triage rota"

    Example: okrctl initiative support/2026-Q4/faster-replies --add "Macros"
    """

    ref: Annotated[
        str,
        typer.Argument(
            help="The key result, TEAM/PERIOD/OBJECTIVE_ID/KR (KR an id or a position, 1 is "
            "the first), or the objective, TEAM/PERIOD/OBJECTIVE_ID. PERIOD may be left out "
            "when the team has one period containing today.",
            autocompletion=complete_initiative_holder,
        ),
    ]
    add: Annotated[
        str | None, typer.Option(help="Add an initiative with this title, in one line.")
    ] = None
    status: Annotated[
        str | None,
        typer.Option(
            help="planned, active, done or dropped: of the new initiative with --add, "
            "else of the one --name names."
        ),
    ] = None
    name: Annotated[
        str | None,
        typer.Option(help="The initiative whose --status changes: its id or title."),
    ] = None
    owner: Annotated[
        str | None, typer.Option(help="The one person who drives the new initiative (--add).")
    ] = None
    day: DateOption = None
    dry_run: DryRunOption = False
    tree: TreeOption = Path(".")
    config: ConfigOption = None


def _status(text: str | None) -> str | None:
    if text is None:
        return None
    word = text.strip().lower()
    if word not in STATUSES:
        raise UsageError(
            f"--status `{text}` is not one of {', '.join(STATUSES)}{did_you_mean(word, STATUSES)}"
        )
    return word


def _dated(status: str, when: date, initiative: Initiative | None = None) -> dict[str, Any]:
    """The fields a status brings: `done` for done, `start` for active (kept when written)."""
    if status == "done":
        return {"done": when}
    if status == "active" and (initiative is None or initiative.start is None):
        return {"start": when}
    return {}


def _named(holder: Objective | AnyKeyResult, name: str | None, ref: str) -> int:
    """The position of the initiative `name` names on the key result or objective."""
    initiatives = holder.initiatives or []
    if not initiatives:
        raise UsageError(f"{ref} has no initiatives; add one with --add TITLE")
    if name is None:
        if len(initiatives) > 1:
            names = ", ".join(f"`{i.name}`" for i in initiatives)
            raise UsageError(
                f"{ref} has {len(initiatives)} initiatives ({names}): pick one with --name"
            )
        return 0
    wanted = name.strip()
    found = [i for i, item in enumerate(initiatives) if wanted in (item.id, item.title)]
    if len(found) != 1:
        known = [item.name for item in initiatives]
        if found:
            raise UsageError(f"{ref} has {len(found)} initiatives named `{wanted}`: give them ids")
        raise UsageError(f"{ref} has no initiative `{wanted}`{did_you_mean(wanted, known)}")
    return found[0]


def run(options: Options, terminal: Terminal) -> int:
    """Add an initiative, or change one's status, with the same round-trip edit as `checkin`."""
    from okrctl import clock
    from okrctl.edit.document import EditError, as_parsed
    from okrctl.edit.refs import (
        ObjectiveRef,
        find_objective_or_key_result,
        objective_in,
        pick_key_result,
    )
    from okrctl.edit.session import edit_file
    from okrctl.edit.values import parse_day, parse_note
    from okrctl.load.goal_tree import load_tree

    today = clock.today()
    status = _status(options.status)
    if options.add is None and status is None:
        raise UsageError("give --add TITLE to add an initiative, or --status STATUS to change one")
    if options.add is not None and options.name is not None:
        raise UsageError(
            "--name picks an initiative whose --status changes; leave it out with --add"
        )
    if options.add is None and options.owner is not None:
        raise UsageError("--owner goes with --add (a new initiative's owner)")
    title = parse_note(options.add, "--add")
    owner = parse_note(options.owner, "--owner")
    when = parse_day(options.day, today)
    goal_tree = load_tree([options.tree], options.config)
    target = find_objective_or_key_result(goal_tree, options.ref, today)
    period = target.period
    held = target.placed.objective if isinstance(target, ObjectiveRef) else target.placed.kr
    index = _named(held, options.name, target.ref) if title is None else None

    def change(document: Document, file: LoadedFile, data: Any) -> str:
        objective = objective_in(file, target.objective)
        if objective is None or file.period != period:
            raise EditError(f"{target.ref} is no longer in {file.path}; run the command again")
        holder: Objective | AnyKeyResult = (
            objective
            if isinstance(target, ObjectiveRef)
            else pick_key_result(objective, target.key_result, target.ref)
        )
        at = holder._at
        raw = data
        for part in at:
            raw = raw[part]
        if title is not None:
            item: dict[str, Any] = {"title": title}
            if owner is not None:
                item["owner"] = owner
            item["status"] = status or "planned"
            item.update(_dated(item["status"], when))
            existing = raw.get("initiatives")
            if isinstance(existing, list):
                document.insert_item(at + ("initiatives",), len(existing), item)
                existing.append(as_parsed(item))
            else:
                # An objective's list goes before its key results, among its own fields.
                before = "key_results" if isinstance(target, ObjectiveRef) else None
                document.set_list(at, "initiatives", [item], replacing="initiatives", before=before)
                raw["initiatives"] = [as_parsed(item)]
            return f"{file.path}: added initiative `{title}` ({item['status']}) to {target.ref}"
        assert index is not None and status is not None
        initiatives = holder.initiatives or []
        if index >= len(initiatives):
            raise EditError(f"{target.ref} changed in {file.path}; run the command again")
        initiative = initiatives[index]
        if initiative.status == status:
            raise UsageError(f"initiative `{initiative.name}` of {target.ref} is {status} already")
        if initiative.done is not None:
            raise UsageError(
                f"initiative `{initiative.name}` of {target.ref} was done on {initiative.done}: "
                "edit its `status` and `done` by hand to reopen it"
            )
        fields = {"status": status, **_dated(status, when, initiative)}
        document.set_fields(at + ("initiatives", index), fields)
        raw["initiatives"][index].update(as_parsed(fields))
        day = f" on {when}" if status in ("done", "active") and len(fields) > 1 else ""
        return (
            f"{file.path}: initiative `{initiative.name}` of {target.ref}: "
            f"{initiative.status} -> {status}{day}"
        )

    shown = StringIO()  # the summary and a dry run's diff quote the goal file: shown escaped
    edit_file(goal_tree, target.file, change, shown, today=today, dry_run=options.dry_run)
    terminal.out.write(escape.text_lines(shown.getvalue()))
    return EXIT_OK

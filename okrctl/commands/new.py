"""`okrctl new objective` and `okrctl new kpi`: append one to the team's goal file.

On a terminal every missing value is asked for, with a default where one makes sense and a
check at each prompt; otherwise the options must say everything. The objective or KPI is
appended with the same round-trip care as a check-in (the rest of the file stays as it was),
or a new file is created for it; either way the tree must lint without new errors.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Annotated, Any, TextIO, TypeVar

import typer

from okrctl import clock
from okrctl.commands.options import ConfigOption, DryRunOption, TreeOption
from okrctl.completion import complete_team
from okrctl.compute.suggestions import slug
from okrctl.edit.document import Document, Layout, render_block
from okrctl.edit.session import create_file, edit_file
from okrctl.edit.values import one_line, parse_number
from okrctl.errors import EXIT_OK, UsageError
from okrctl.load.goal_tree import load_tree
from okrctl.load.loader import display_path
from okrctl.model import kinds
from okrctl.model.files import LoadedFile
from okrctl.model.period import Period, parse_label, quarter_of, resolve_label
from okrctl.model.schema import modeline
from okrctl.model.tree import GoalTree
from okrctl.model.types import SLUG, URL
from okrctl.reports import escape
from okrctl.spelling import did_you_mean
from okrctl.terminal import Terminal
from okrctl.wording import excerpt

T = TypeVar("T")
TYPES = ("committed", "aspirational")
CADENCES = ("daily", "weekly", "monthly", "quarterly")
# `contributors: [priya, sam]`, as docs/format.md writes it (block style if the file does).
FLOW_KEYS = ("contributors",)


TeamArgument = Annotated[
    str,
    typer.Argument(help="The team, as in its goal files' `team:`.", autocompletion=complete_team),
]
FileOption = Annotated[
    Path | None,
    typer.Option(help="The goal file to add to, when the team has several that fit."),
]


@dataclass(frozen=True, slots=True)
class ObjectiveOptions:
    """Add an objective to the team's file for the period (created if there is none).

    On a terminal, okrctl asks for every value not given, checking each answer; otherwise
    --title, --type and at least one --kr are required.

    Example: okrctl new objective support --title "Answers while customers still care"
    --type committed --kr "First-response time: 52 -> 25 min" --kr "CSAT: support/csat -> 4.6"
    """

    team: TeamArgument
    period: Annotated[
        str | None,
        typer.Option(
            help="2026-Q4, 2026-H1 or 2026. Default: the team's period containing "
            "today, else the current quarter."
        ),
    ] = None
    objective_id: Annotated[
        str | None, typer.Option("--id", help="Default: made from the title.")
    ] = None
    title: Annotated[str | None, typer.Option(help="The change you want.")] = None
    objective_type: Annotated[
        str | None, typer.Option("--type", help="committed or aspirational.")
    ] = None
    owner: Annotated[str | None, typer.Option(help="One person. Default: the file's.")] = None
    aligns_to: Annotated[
        list[str] | None,
        typer.Option(
            help="The parent objective, TEAM/OBJECTIVE_ID, or key result, "
            "TEAM/OBJECTIVE_ID/KR_ID; repeat it for several parents."
        ),
    ] = None
    key_results: Annotated[
        list[str] | None,
        typer.Option(
            "--kr",
            help="A key result, repeated: 'TITLE: START -> TARGET [UNIT]', "
            "'TITLE: TEAM/KPI -> TARGET' or a milestone's 'TITLE'; levels may follow "
            "a target: '(commit 40, stretch 75)'.",
        ),
    ] = None
    description: Annotated[
        str | None, typer.Option(help="Why this objective, in one line of prose.")
    ] = None
    priority: Annotated[str | None, typer.Option(help="P0 (highest) to P4.")] = None
    contributors: Annotated[
        list[str] | None,
        typer.Option(
            "--contributor",
            help="A person who works on it beside the owner; repeat it for several.",
        ),
    ] = None
    links: Annotated[
        list[str] | None,
        typer.Option(
            "--link",
            help="A page that goes with it, 'TITLE=URL' (an http:// or https:// address); "
            "repeat it for several.",
        ),
    ] = None
    file: FileOption = None
    dry_run: DryRunOption = False
    tree: TreeOption = Path(".")
    config: ConfigOption = None


@dataclass(frozen=True, slots=True)
class KpiOptions:
    """Add a KPI to the team's KPI file (created if there is none).

    On a terminal, okrctl asks for every value not given, checking each answer; otherwise
    --title and --owner are required.

    Example: okrctl new kpi support --title "Median first-response time" --owner lin
    --unit min --cadence weekly --band-max 45 --warn-max 35 --target 25
    """

    team: TeamArgument
    kpi_id: Annotated[str | None, typer.Option("--id", help="Default: made from the title.")] = None
    title: Annotated[str | None, typer.Option(help="What is measured.")] = None
    owner: Annotated[
        str | None, typer.Option(help="The one person alerted when it leaves its band.")
    ] = None
    unit: Annotated[str | None, typer.Option(help="%, min, EUR...")] = None
    cadence: Annotated[str | None, typer.Option(help="daily, weekly, monthly or quarterly.")] = None
    band_min: Annotated[str | None, typer.Option(help="Lowest normal value.")] = None
    band_max: Annotated[str | None, typer.Option(help="Highest normal value.")] = None
    warn_min: Annotated[str | None, typer.Option(help="Early warning below this.")] = None
    warn_max: Annotated[str | None, typer.Option(help="Early warning above this.")] = None
    target: Annotated[str | None, typer.Option(help="The ideal value.")] = None
    file: FileOption = None
    dry_run: DryRunOption = False
    tree: TreeOption = Path(".")
    config: ConfigOption = None


def parse_key_result(spec: str) -> dict[str, Any]:
    """`TITLE: START -> TARGET [UNIT]` (numeric), `TITLE: TEAM/KPI -> TARGET` (KPI-linked) or
    `TITLE` alone (a milestone, not done yet)."""
    return kinds.parse_spec(spec, "--kr")


PRIORITIES = ("P0", "P1", "P2", "P3", "P4")
LINK_FORM = "write `TITLE=URL`, as in `Onboarding plan=https://wiki.example.com/onboarding`"
# The `=` that ends a link's title is the one just before its address: a title rarely holds
# `=`, an address often does (`?id=4`).
_LINK = re.compile(r"(?P<title>.*?)=\s*(?P<url>(?i:https?)://.*)", re.DOTALL)


def parse_priority(text: str) -> str:
    """`P0` to `P4` (`p1` is read as `P1`)."""
    written = text.strip().upper()
    if written not in PRIORITIES:
        raise UsageError(f"--priority is P0 (highest) to P4, got `{excerpt(text)}`")
    return written


def parse_link(text: str) -> dict[str, str]:
    """`TITLE=URL` as a link, `{title, url}`; the address is checked as the loader checks it."""
    found = _LINK.fullmatch(text.strip())
    if found is None:
        raise UsageError(f"--link `{excerpt(text)}` has no title and address: {LINK_FORM}")
    title, url = found["title"].strip(), found["url"].strip()
    if not title:
        raise UsageError(f"--link `{excerpt(text)}` has no title before the `=`: {LINK_FORM}")
    if not one_line(title):
        raise UsageError("--link: the title is one line of text")
    if not URL.fullmatch(url):
        raise UsageError(
            f"--link `{excerpt(text)}`: `{excerpt(url)}` is not a web address: write a full "
            "http:// or https:// URL"
        )
    return {"title": title, "url": url}


def _text(what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        if not value or not one_line(value):
            raise UsageError(f"{what} is one line of text")
        return value

    return check


def _optional(parse: Callable[[str], T]) -> Callable[[str], T | None]:
    return lambda value: parse(value) if value.strip() else None


def _slug(what: str, taken: set[str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        if not SLUG.fullmatch(value):
            raise UsageError(
                f"{what} `{value}` is not a valid id: lowercase letters, digits, `-` and `_`"
            )
        if value in taken:
            raise UsageError(f"{what} `{value}` is taken")
        return value

    return check


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _owner(tree: GoalTree, what: str = "the owner") -> Callable[[str], str]:
    people = tree.config.people

    def check(value: str) -> str:
        value = _text(what)(value)
        if people is not None and value not in people:
            hint = did_you_mean(value, people)
            raise UsageError(
                f"{what}: `{value}` is not in the roster (`people` in okrctl.yaml){hint}: "
                f"{', '.join(people)}"
            )
        return value

    return check


@dataclass(frozen=True, slots=True)
class Destination:
    """The goal file the new entry goes to: an existing one, or one to create."""

    shown: str
    exists: bool


def _team_folder(tree: GoalTree, team: str, root: Path) -> Path:
    folders = [Path(f.path).parent for f in tree.files if f.team == team]
    if folders:
        return folders[0]
    folder = root / team
    # The tree walker does not enter a folder that is a link, so a new file there would be
    # written outside the tree, wherever the link points.
    if folder.is_symlink():
        raise UsageError(
            f"{display_path(folder)} is a symbolic link; okrctl creates goal files only inside "
            "the tree (name the file with --file)"
        )
    return folder


def _destination(
    tree: GoalTree,
    team: str,
    root: Path,
    fits: Callable[[LoadedFile], bool],
    new_name: str,
    file: Path | None,
    what: str,
) -> Destination:
    if file is not None:
        shown = display_path(file)
        loaded = next((f for f in tree.files if f.path == shown), None)
        if loaded is None:
            if file.exists():
                raise UsageError(f"--file {shown} is not a goal file of the tree")
            return Destination(shown, False)
        if loaded.team != team:
            raise UsageError(f"--file {shown} belongs to team `{loaded.team}`, not `{team}`")
        return Destination(shown, True)
    matches = [f for f in tree.files if f.team == team and fits(f)]
    if len(matches) > 1:
        listed = ", ".join(f.path for f in matches)
        raise UsageError(
            f"team `{team}` has {len(matches)} files for {what} ({listed}): pass --file"
        )
    if matches:
        return Destination(matches[0].path, True)
    shown = display_path(_team_folder(tree, team, root) / new_name)
    return Destination(shown, False)


def _check_team(tree: GoalTree, team: str) -> None:
    if not SLUG.fullmatch(team):
        raise UsageError(f"`{team}` is not a team slug: lowercase letters, digits, `-` and `_`")


def _append(key: str, item: dict[str, Any], flow_keys: Sequence[str]) -> Callable[..., str]:
    what = "objective" if key == "objectives" else "KPI"

    def change(document: Document, file: LoadedFile, data: Any) -> str:
        flow = frozenset(
            k for k in flow_keys if document.mapping_style(k) and document.flow_list(k)
        )
        document.append_block(key, item, flow)
        if isinstance(data.get(key), list):
            data[key].append(item)
        else:
            data[key] = [item]
        return f"{file.path}: added {what} `{item['id']}`"

    return change


def _write(
    tree: GoalTree,
    destination: Destination,
    key: str,
    item: dict[str, Any],
    new_file: str,
    flow_keys: Sequence[str],
    out: TextIO,
    *,
    today: date,
    dry_run: bool,
) -> None:
    """Append `item` to the list `key` of the destination, or create it with `new_file`."""
    shown = StringIO()  # the summary and a dry run's diff quote the goal file: shown escaped
    if destination.exists:
        change = _append(key, item, flow_keys)
        edit_file(tree, destination.shown, change, shown, today=today, dry_run=dry_run)
    else:
        what = "objective" if key == "objectives" else "KPI"
        create_file(
            tree,
            destination.shown,
            new_file,
            f"{destination.shown}: created, with {what} `{item['id']}`",
            shown,
            today=today,
            dry_run=dry_run,
        )
    out.write(escape.text_lines(shown.getvalue()))


def _new_file(
    comment: str, data: dict[str, Any], flow_keys: Sequence[str], modeline: str = ""
) -> str:
    body = "\n".join(render_block(data, Layout(), frozenset(flow_keys)))
    return modeline + comment + body + "\n"


def _modeline(tree: GoalTree, team: str, new_path: str) -> str:
    """The schema modeline for a new goal file, if the tree's goal files have one: the
    convention of the team's own files first, else of any goal file (`okrctl init` writes it),
    its path made relative to the new file's folder. No modeline in the tree, none here."""
    files = sorted(tree.files, key=lambda f: (f.team != team, f.path))
    for file in files:
        schema = file.modeline
        if schema is None:
            continue
        if "://" not in schema:
            target = os.path.normpath(os.path.join(os.path.dirname(file.path), schema))
            schema = Path(os.path.relpath(target, os.path.dirname(new_path) or ".")).as_posix()
        return modeline(schema) + "\n"
    return ""


def _period(tree: GoalTree, team: str, label: str | None, today: date) -> Period:
    fiscal = tree.config.fiscal_year_start
    if label is not None:
        if parse_label(label) is None:
            raise UsageError(f"--period: `{label}` is not a period: write 2026-Q4, 2026-H1 or 2026")
        return resolve_label(label, fiscal)
    current = {
        f.period for f in tree.files if f.team == team and f.period and f.period.contains(today)
    }
    if len(current) == 1:
        return current.pop()
    return quarter_of(today, fiscal)


def run_objective(options: ObjectiveOptions, terminal: Terminal) -> int:
    team, tree, period, objective_id = (
        options.team,
        options.tree,
        options.period,
        options.objective_id,
    )
    title, objective_type, owner = options.title, options.objective_type, options.owner
    # One parent is written as a string (as ever), several as a list.
    parents_given = options.aligns_to or []
    aligns_to: str | list[str] | None = (
        None
        if not parents_given
        else parents_given[0]
        if len(parents_given) == 1
        else parents_given
    )
    key_results = options.key_results or []
    description = (
        None if options.description is None else _text("--description")(options.description)
    )
    priority = None if options.priority is None else parse_priority(options.priority)
    links = [parse_link(text) for text in options.links or []]
    file, dry_run, config = options.file, options.dry_run, options.config
    out, prompter = terminal.out, terminal.prompter
    today = clock.today()
    goal_tree = load_tree([tree], config)
    _check_team(goal_tree, team)
    when = _period(goal_tree, team, period, today)
    destination = _destination(
        goal_tree,
        team,
        tree,
        lambda f: f.period is not None and (f.period.start, f.period.end) == (when.start, when.end),
        f"{when.label}.yaml",
        file,
        when.label,
    )
    taken = {p.objective.id for p in goal_tree.objectives if p.team == team and p.period == when}
    file_owner = next(
        (f.goal.owner for f in goal_tree.files if f.path == destination.shown and f.goal), None
    )
    ask = prompter
    if ask is None:
        missing = [
            name
            for name, value in (("--title", title), ("--type", objective_type))
            if value is None
        ] + ([] if key_results else ["--kr"])
        if missing:
            raise UsageError(
                f"{', '.join(missing)} required when stdin is not a terminal "
                "(on a terminal, okrctl asks for each value)"
            )
    else:
        ask.say(f"A new objective for {team} in {when.label} ({destination.shown}).")
    if title is None:
        assert ask is not None
        title = ask.ask("Title (the change you want, in words people remember)", _text("a title"))
    else:
        title = _text("--title")(title)
    default_id = _unique(slug(title), taken)
    if objective_id is None:
        objective_id = (
            ask.ask("Id", _slug("the id", taken), default_id) if ask is not None else default_id
        )
    else:
        objective_id = _slug("--id", taken)(objective_id)
    if objective_type is None:
        assert ask is not None
        objective_type = ask.choose(
            "Type: committed (must be met in full) or aspirational (0.7 is success)", TYPES
        )
    elif objective_type not in TYPES:
        raise UsageError(f"--type is committed or aspirational, got `{objective_type}`")
    if owner is None and ask is not None:
        owner = ask.ask(
            "Owner (one person; empty for the file's owner)"
            if file_owner
            else "Owner (one person)",
            _optional(_owner(goal_tree)) if file_owner else _owner(goal_tree),
            file_owner,
        )
    elif owner is not None:
        owner = _owner(goal_tree, "--owner")(owner)
    contributors = [_owner(goal_tree, "--contributor")(name) for name in options.contributors or []]
    for index, name in enumerate(contributors):
        if name in contributors[:index]:
            raise UsageError(f"--contributor `{name}` is given twice")
        if name == (owner or file_owner):
            raise UsageError(
                f"--contributor `{name}` is the objective's owner; contributors are the others"
            )
    if aligns_to is None and ask is not None:
        parents = sorted(
            {
                f"{p.team}/{p.objective.id}"
                for p in goal_tree.objectives
                if p.period.covers(when) and not (p.team == team and p.period == when)
            }
        )
        if parents:
            ask.say(f"Objectives it can align to: {', '.join(parents)}")
            aligns_to = ask.ask(
                "Aligns to (TEAM/OBJECTIVE_ID; empty for none)", _optional(_aligned(parents))
            )
    results = [parse_key_result(spec) for spec in key_results]
    if ask is not None and not results:
        ask.say(
            "Key results, two to five, one per line: `TITLE: START -> TARGET [UNIT]` for a "
            "number, `TITLE: TEAM/KPI -> TARGET` for a KPI, or the title alone for a milestone. "
            "Empty when done."
        )
        while True:
            number = len(results) + 1
            spec = ask.ask(
                f"Key result {number}", _optional(parse_key_result) if results else parse_key_result
            )
            if spec is None:
                break
            results.append(spec)
    objective: dict[str, Any] = {"id": objective_id, "title": title, "type": objective_type}
    if owner and owner != file_owner and destination.exists:
        objective["owner"] = owner
    # In the order docs/format.md writes them: who, how important, why, where to read more.
    if contributors:
        objective["contributors"] = contributors
    if priority:
        objective["priority"] = priority
    if description:
        objective["description"] = description
    if links:
        objective["links"] = links
    if aligns_to:
        objective["aligns_to"] = aligns_to
    objective["key_results"] = results
    # A new file names the owner once, for all the objectives to come.
    header: dict[str, Any] = {"team": team, "period": when.label}
    if owner:
        header["owner"] = owner
    new_file = _new_file(
        f"# {team}'s objectives for {when.label} ({when.start} to {when.end}).\n",
        {**header, "objectives": [objective]},
        FLOW_KEYS,
        _modeline(goal_tree, team, destination.shown),
    )
    _write(
        goal_tree,
        destination,
        "objectives",
        objective,
        new_file,
        FLOW_KEYS,
        out,
        today=today,
        dry_run=dry_run,
    )
    return EXIT_OK


def _aligned(parents: Sequence[str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in parents:
            raise UsageError(f"`{value}` names no objective here{did_you_mean(value, parents)}")
        return value

    return check


def _band(low: float | None, high: float | None) -> dict[str, float] | None:
    band = {k: v for k, v in (("min", low), ("max", high)) if v is not None}
    return band or None


def run_kpi(options: KpiOptions, terminal: Terminal) -> int:
    team, tree, kpi_id, title, owner, unit, cadence = (
        options.team,
        options.tree,
        options.kpi_id,
        options.title,
        options.owner,
        options.unit,
        options.cadence,
    )
    band_min, band_max, warn_min, warn_max, target = (
        options.band_min,
        options.band_max,
        options.warn_min,
        options.warn_max,
        options.target,
    )
    file, dry_run, config = options.file, options.dry_run, options.config
    out, prompter = terminal.out, terminal.prompter
    today = clock.today()
    goal_tree = load_tree([tree], config)
    _check_team(goal_tree, team)
    destination = _destination(
        goal_tree,
        team,
        tree,
        lambda f: f.goal is not None and bool(f.goal.kpis or f.declared_kpis),
        "kpis.yaml",
        file,
        "KPIs",
    )
    taken = {k.kpi.id for k in goal_tree.kpis.values() if k.team == team}
    ask = prompter
    if ask is None:
        missing = [n for n, v in (("--title", title), ("--owner", owner)) if v is None]
        if missing:
            raise UsageError(
                f"{', '.join(missing)} required when stdin is not a terminal "
                "(on a terminal, okrctl asks for each value)"
            )
    else:
        ask.say(f"A new KPI for {team} ({destination.shown}).")

    def number(what: str) -> Callable[[str], float]:
        return lambda text: parse_number(text, what)

    if title is None:
        assert ask is not None
        title = ask.ask("Title (what is measured)", _text("a title"))
    else:
        title = _text("--title")(title)
    default_id = _unique(slug(title), taken)
    if kpi_id is None:
        kpi_id = ask.ask("Id", _slug("the id", taken), default_id) if ask else default_id
    else:
        kpi_id = _slug("--id", taken)(kpi_id)
    if owner is None:
        assert ask is not None
        owner = ask.ask("Owner (the one person alerted when it leaves its band)", _owner(goal_tree))
    else:
        owner = _owner(goal_tree, "--owner")(owner)
    if ask is not None:
        if unit is None:
            unit = ask.ask("Unit (%, min, EUR; empty for none)", _optional(_text("a unit")))
        if cadence is None:
            cadence = ask.choose("Cadence", CADENCES, "weekly")
    values: dict[str, float | None] = {}
    for name, given, question in (
        ("band_min", band_min, "Lowest normal value (empty for no lower bound)"),
        ("band_max", band_max, "Highest normal value (empty for no upper bound)"),
        ("warn_min", warn_min, "Early warning below (empty for none)"),
        ("warn_max", warn_max, "Early warning above (empty for none)"),
        ("target", target, "Target, the ideal value (empty for none)"),
    ):
        option = "--" + name.replace("_", "-")
        if given is not None:
            values[name] = number(option)(given)
        elif ask is not None:
            values[name] = ask.ask(question, _optional(number("the value")))
        else:
            values[name] = None
    if cadence is not None and cadence not in CADENCES:
        raise UsageError(f"--cadence is one of {', '.join(CADENCES)}, got `{cadence}`")
    kpi: dict[str, Any] = {"id": kpi_id, "title": title, "owner": owner}
    if unit:
        kpi["unit"] = _text("--unit")(unit)
    if cadence:
        kpi["cadence"] = cadence
    band = _band(values["band_min"], values["band_max"])
    warn = _band(values["warn_min"], values["warn_max"])
    if band is not None:
        kpi["band"] = band
    if warn is not None:
        kpi["warn"] = warn
    if values["target"] is not None:
        kpi["target"] = values["target"]
    flow_keys = ("band", "warn")
    new_file = _new_file(
        f"# {team}'s KPIs.\n",
        {"team": team, "kpis": [kpi]},
        flow_keys,
        _modeline(goal_tree, team, destination.shown),
    )
    _write(
        goal_tree,
        destination,
        "kpis",
        kpi,
        new_file,
        flow_keys,
        out,
        today=today,
        dry_run=dry_run,
    )
    return EXIT_OK

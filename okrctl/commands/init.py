"""`okrctl init`: a starter goal tree that lints clean, written without overwriting anything."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel

from okrctl import clock
from okrctl.edit.atomic import create_atomically, locked
from okrctl.edit.document import Layout, render_block
from okrctl.edit.session import load_text
from okrctl.edit.values import one_line
from okrctl.errors import EXIT_OK, UsageError
from okrctl.findings import Finding
from okrctl.linting import build_selection, lint
from okrctl.load.loader import display_path
from okrctl.load.yamlparse import parse_yaml
from okrctl.model.config import Config, KpiSettings, LimitSettings, ScoringSettings
from okrctl.model.files import LoadedConfig
from okrctl.model.period import Period, quarter_of
from okrctl.model.schema import KINDS, modeline
from okrctl.model.schema import render as render_schema
from okrctl.model.tree import GoalTree
from okrctl.model.types import SLUG
from okrctl.terminal import Terminal

# The JSON Schemas go here, so editors with yaml-language-server give completion and hover
# docs in the starter files through their first line (docs/editors.md).
SCHEMAS = "schemas"
GOAL_MODELINE = modeline(f"../{SCHEMAS}/{KINDS['goal'].file_name}")  # from a team's folder
# Where the goal files go when the folder holds other YAML files (docker-compose.yml, k8s/,
# CI workflows): okrctl.yaml's `include` then names this folder, and those files stay out.
GOALS = "goals"
# Other YAML files named in what init says, at most.
SHOWN_OTHERS = 5


@dataclass(frozen=True, slots=True)
class Options:
    """Start a goal tree: okrctl.yaml, one team's OKRs for this quarter, its KPIs, a hook.

    Writes okrctl.yaml (commented settings), TEAM/PERIOD.yaml (the current quarter),
    TEAM/kpis.yaml and a .pre-commit-config.yaml that lints the tree; they lint clean. The
    JSON Schemas go in schemas/, and each YAML file starts with the modeline that points
    editors at its schema (docs/editors.md). Nothing is written if any of them exists already.

    In a folder that already holds other YAML files (a repository's root, with
    docker-compose.yml or Kubernetes manifests), the team's files and the schemas go in
    goals/, and okrctl.yaml's `include` reads goal files only from there (and from folders
    already holding goal files), so the other YAML files are not linted as goal files.

    Example: okrctl init goals --team support --owner lin
    """

    folder: Annotated[
        Path, typer.Argument(help="The folder for the goal tree (created if needed). Default: `.`.")
    ] = Path(".")
    team: Annotated[str, typer.Option(help="The team of the starter files.")] = "my-team"
    owner: Annotated[
        str | None, typer.Option(help="The person who owns them. Default: your login name.")
    ] = None
    fiscal_year_start: Annotated[
        int, typer.Option(help="First month of the fiscal year (1 = calendar years).")
    ] = 1


@dataclass(frozen=True, slots=True)
class StarterFile:
    relative: str  # below the tree's folder
    text: str


def _scalar(value: str) -> str:
    """A string as a YAML scalar, quoted only if it has to be."""
    line = render_block({"x": value}, Layout())[0]
    return line[len("x: ") :]


def _defaults(model: type[BaseModel], name: str) -> str:
    """A commented-out settings block with the model's defaults, so the file cannot drift."""
    lines = [f"# {name}:"]
    for field_name, field in model.model_fields.items():
        lines.append(f"#   {field_name}: {field.default}")
    return "\n".join(lines)


def _scope_text(include: list[str] | None, others: list[str]) -> str:
    """The settings that say which YAML files are goal files: set when the folder holds other
    YAML files, else commented out."""
    if include is None:
        return (
            "# Which YAML files are goal files: gitignore-style patterns, relative to this "
            "folder.\n"
            "# By default every .yaml/.yml file is, except those .gitignore ignores.\n"
            "# include: [goals/]\n"
            "# exclude: [docker-compose.yml, k8s/]\n"
            "# respect_gitignore: true\n"
        )
    lines = render_block({"include": include}, Layout())
    return (
        "# Which YAML files are goal files: gitignore-style patterns, relative to this folder.\n"
        f"# Only these: this folder holds other YAML files too ({_listed(others)}).\n"
        + "\n".join(lines)
        + "\n"
    )


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_OTHERS])
    rest = len(names) - SHOWN_OTHERS
    return shown if rest <= 0 else f"{shown} and {rest} more"


def config_text(
    owner: str,
    fiscal_year_start: int,
    include: list[str] | None = None,
    others: tuple[str, ...] = (),
    schemas: str = SCHEMAS,
) -> str:
    return f"""\
{modeline(f"{schemas}/{KINDS['config'].file_name}")}
# okrctl settings for this goal tree. Every key is optional; the blocks commented out show
# the defaults. Reference: docs/format.md, "The configuration file okrctl.yaml".

# The roster: every owner in a goal file must be one of these people (rule unknown-owner).
people: [{_scalar(owner)}]

# First month of the fiscal year; 1 means calendar years (2026-Q4 is October to December).
fiscal_year_start: {fiscal_year_start}

# When a score is red, yellow or green, and what counts as on track (docs/scoring.md).
{_defaults(ScoringSettings, "scoring")}

# When a KPI is stale (cadence intervals without a measurement), and how many measurements
# out of band make `okrctl suggest` propose an objective.
{_defaults(KpiSettings, "kpi")}

{_scope_text(include, list(others))}
# Which lint rules run and how severe they are (`okrctl rules` lists them).
# lint:
#   ignore: [output-not-outcome]
#   rules:
#     too-many-objectives: {{max: 4}}
#     missing-owner: {{severity: error}}

# Limits on each file read, against hostile or broken input.
{_defaults(LimitSettings, "limits")}
"""


def objectives_text(team: str, owner: str, period: Period) -> str:
    example = f"{team}/{period.label}/faster-onboarding/time-to-value"
    return f"""\
{GOAL_MODELINE}
# {team}'s objectives for {period.label} ({period.start} to {period.end}).
#
# An objective is a change the team wants, in words people remember; two to five key results
# say how you will know it happened. Replace the example with your own, then record progress
# as the quarter goes:
#
#   okrctl checkin {example} 11 --confidence 0.7
team: {team}
period: {period.label}
owner: {_scalar(owner)}

objectives:
  - id: faster-onboarding
    title: New customers get value from the product in their first week
    type: aspirational  # or committed (must be met in full): decide it when you write it
    key_results:
      - id: time-to-value
        title: Median days from sign-up to first report down from 14 to 7
        start: 14
        target: 7
        unit: days
      - id: first-week-activation
        title: New workspaces active in their first week up from 30% to 45%
        start: 30
        target: 45
        unit: "%"
"""


def kpis_text(team: str, owner: str) -> str:
    return f"""\
{GOAL_MODELINE}
# {team}'s KPIs: always-on health signals, each with a normal band and one owner whose phone
# goes off when it leaves the band. Replace the example with your own.
#
#   okrctl kpi record {team}/uptime 99.95     # a measurement, dated today
#   okrctl kpi check                          # the board
team: {team}

kpis:
  - id: uptime
    title: Service availability
    owner: {_scalar(owner)}
    unit: "%"
    cadence: weekly
    band: {{min: 99.5}}
    warn: {{min: 99.8}}
    target: 99.9
"""


def _git_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def pre_commit_text(folder: Path) -> str:
    """A pre-commit hook that lints the tree; paths relative to the repository's root."""
    resolved = folder.resolve()
    root = _git_root(resolved)
    relative = resolved.relative_to(root).as_posix() if root else "."
    if relative == ".":
        where, files = "", r"\.ya?ml$"
        note = ""
    else:
        where, files = " " + shlex.quote(relative), "^" + re.escape(relative) + "/"
        note = (
            f"# This folder is {relative}/ in its repository: copy the hook into the\n"
            "# .pre-commit-config.yaml at the repository's root.\n"
        )
    return f"""\
# pre-commit (https://pre-commit.com): lint the goal tree in every commit that changes it.
# Run `pre-commit install` once per clone.
{note}repos:
  - repo: local
    hooks:
      - id: okrctl-lint
        name: okrctl lint
        entry: okrctl lint{where}
        language: system
        files: {_scalar(files)}
        pass_filenames: false
"""


@dataclass(frozen=True, slots=True)
class Neighbours:
    """What a folder holds before init: YAML files that are not goal files, and the goal
    files already there (below the folder, with `/`)."""

    others: tuple[str, ...] = ()
    goal_files: tuple[str, ...] = ()

    def include(self) -> list[str] | None:
        """okrctl.yaml's `include` when the folder holds other YAML files: goals/, and the
        top folders already holding goal files (or the goal file itself, where its top
        folder holds other YAML files too)."""
        if not self.others:
            return None
        other_tops = {name.split("/")[0] for name in self.others if "/" in name}
        found: set[str] = set()
        for name in self.goal_files:
            top = name.split("/")[0]
            found.add(f"{top}/" if "/" in name and top not in other_tops else f"/{name}")
        return [f"{GOALS}/", *sorted(found - {f"{GOALS}/"})]


def neighbours(folder: Path) -> Neighbours:
    """The YAML files in `folder` that okrctl would read as goal files (hidden folders and
    what .gitignore ignores are not), sorted into goal files and others."""
    from okrctl.load.discover import goal_files
    from okrctl.load.loader import read_text
    from okrctl.source import Limits

    if not folder.is_dir():
        return Neighbours()
    others: list[str] = []
    goals: list[str] = []
    for path in goal_files([folder]).files:
        relative = path.relative_to(folder).as_posix()
        text, _ = read_text(path, relative, Limits())
        data = parse_yaml(text, relative).data if text is not None else None
        # A goal file names its team; a compose file, a manifest or a workflow does not.
        is_goal = isinstance(data, dict) and isinstance(data.get("team"), str)
        (goals if is_goal else others).append(relative)
    return Neighbours(tuple(sorted(others)), tuple(sorted(goals)))


def starter_files(
    team: str,
    owner: str,
    period: Period,
    folder: Path,
    fiscal: int,
    around: Neighbours = Neighbours(),
) -> list[StarterFile]:
    include = around.include()
    below = f"{GOALS}/" if include is not None else ""
    return [
        StarterFile(
            "okrctl.yaml",
            config_text(owner, fiscal, include, around.others, f"{below}{SCHEMAS}"),
        ),
        StarterFile(f"{below}{team}/{period.label}.yaml", objectives_text(team, owner, period)),
        StarterFile(f"{below}{team}/kpis.yaml", kpis_text(team, owner)),
        StarterFile(".pre-commit-config.yaml", pre_commit_text(folder)),
        *(
            StarterFile(f"{below}{SCHEMAS}/{kind.file_name}", render_schema(kind.name))
            for kind in KINDS.values()
        ),
    ]


def _self_check(files: list[StarterFile], owner: str, fiscal: int, today: date) -> None:
    """The starter tree lints clean under its own config, or nothing is written."""
    config_data = parse_yaml(files[0].text, files[0].relative).data
    config = Config.model_validate(config_data)
    tree = GoalTree([], LoadedConfig(config))
    loaded = [load_text(f.text, f.relative, tree).file for f in files[1:3]]
    goal_tree = GoalTree(loaded, LoadedConfig(config))
    selection, _ = build_selection(goal_tree, (), ())
    findings: tuple[Finding, ...] = lint(goal_tree, selection, today).findings
    if findings:
        first = findings[0]
        raise UsageError(f"the starter tree would not lint clean: {first.message}")


def run(options: Options, terminal: Terminal) -> int:
    import getpass

    today = clock.today()
    folder, team, fiscal_year_start = options.folder, options.team, options.fiscal_year_start
    if not SLUG.fullmatch(team):
        raise UsageError(
            f"--team: `{team}` is not a team slug: lowercase letters, digits, `-` and `_`"
        )
    owner = (options.owner if options.owner is not None else getpass.getuser()).strip()
    if not owner or not one_line(owner):
        raise UsageError("--owner: name the one person who owns the starter goals")
    if not 1 <= fiscal_year_start <= 12:
        raise UsageError("--fiscal-year-start is a month, 1 to 12")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{display_path(folder)} exists and is not a folder")
    period = quarter_of(today, fiscal_year_start)
    around = neighbours(folder)
    files = starter_files(team, owner, period, folder, fiscal_year_start, around)
    taken = [display_path(folder / f.relative) for f in files if (folder / f.relative).exists()]
    if taken:
        verb = "exists" if len(taken) == 1 else "exist"
        raise UsageError(
            f"{', '.join(taken)} already {verb}; okrctl init never overwrites a file, and "
            "wrote nothing"
        )
    _self_check(files, owner, fiscal_year_start, today)
    created: list[Path] = []
    try:
        for starter in files:
            path = folder / starter.relative
            shown = display_path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            with locked(path, shown):
                create_atomically(path, shown, starter.text.encode("utf-8"))
            created.append(path)
    except BaseException:
        for path in created:  # all or nothing: remove what this run created
            path.unlink(missing_ok=True)
        raise
    for path in created:
        terminal.out.write(f"created {display_path(path)}\n")
    shown_folder = display_path(folder)
    include = around.include()
    if include is not None:
        where = "This folder" if shown_folder == "." else shown_folder
        terminal.out.write(
            f"\n{where} holds other YAML files ({_listed(list(around.others))}): "
            f"{display_path(folder / files[0].relative)} reads goal files only from "
            f"{', '.join(include)} (its `include`).\n"
        )
    terminal.out.write(
        f"\nNext: edit {display_path(folder / files[1].relative)}, then run "
        f"`okrctl lint {shlex.quote(shown_folder)}`.\n"
    )
    return EXIT_OK

"""The commands okrctl has, by the words that run them, without importing any of them.

This is the one list: okrctl/cli.py builds the typer command of the command that runs (and
only that one) from it, and `okrctl --help` is printed from it without importing typer or any
command (okrctl/entry.py), because shells, editors and the pre-commit hook call okrctl often.
Each command's summary is the first line of its options' docstring, which is its `--help`;
a test keeps the two equal (tests/test_cli_registry.py).
"""

from __future__ import annotations

# NamedTuple, not a dataclass: importing dataclasses (and the inspect module it imports) would
# double the time `okrctl --version` takes.
from typing import NamedTuple

HELP = "Lint, score and review OKRs and KPIs kept as YAML goal files next to your code."


class Command(NamedTuple):
    """One command: the module that declares its options and runs it."""

    name: str  # the word that runs it
    summary: str  # the first line of its help, for `okrctl --help`
    module: str  # okrctl.commands.X
    options: str = "Options"  # the frozen dataclass of its options in that module
    run: str = "run"  # its `run(options, terminal) -> int` in that module


class Group(NamedTuple):
    """Commands run by two words, `okrctl kpi check`: the first word and its commands."""

    name: str
    help: str
    commands: tuple[Command, ...]

    @property
    def summary(self) -> str:
        return self.help


COMMANDS: tuple[Command, ...] = (
    Command(
        "lint",
        "Validate goal files and check them against the lint rules.",
        "okrctl.commands.lint",
    ),
    Command(
        "score",
        "Score key results and objectives: grade, verdict after the period, pace during it.",
        "okrctl.commands.score",
    ),
    Command(
        "tree",
        "Show the alignment tree: each objective under the one it aligns to, with its score.",
        "okrctl.commands.tree",
    ),
    Command(
        "suggest",
        "Suggest objectives from KPIs out of band, and KPIs from key results achieved.",
        "okrctl.commands.suggest",
    ),
    Command(
        "review",
        "The report for the review meeting: a summary, then each team's KPIs and OKRs.",
        "okrctl.commands.review",
    ),
    Command(
        "impact",
        "Did the OKR move the needle? Each KPI an objective set out to move, and held since.",
        "okrctl.commands.impact",
    ),
    Command(
        "calibration",
        "How well the confidence in check-ins foretold the verdicts, per team and per owner.",
        "okrctl.commands.calibration",
    ),
    Command(
        "checkin",
        "Record progress on a key result: append a dated check-in to its goal file.",
        "okrctl.commands.checkin",
    ),
    Command(
        "pull",
        "Run the `source` of every KPI and key result, and record the new values.",
        "okrctl.commands.pull",
    ),
    Command(
        "initiative",
        "Add an initiative to a key result or an objective, or set an initiative's status.",
        "okrctl.commands.initiative",
    ),
    Command(
        "init",
        "Start a goal tree: okrctl.yaml, one team's OKRs for this quarter, its KPIs, a hook.",
        "okrctl.commands.init",
    ),
    Command(
        "schema",
        "Print the JSON Schema of goal files or of okrctl.yaml, for editors and CI.",
        "okrctl.commands.schema",
    ),
    Command(
        "classify",
        "OKR key result or KPI? A decision quiz: seven questions, a recommendation, a draft.",
        "okrctl.commands.classify",
    ),
    Command(
        "diff",
        "What changed in the goals since a git revision, with the warning signs first.",
        "okrctl.commands.diff",
    ),
    Command(
        "rules",
        "List the lint rules, or print one rule's documentation.",
        "okrctl.commands.rules",
    ),
    Command(
        "clean",
        "Remove the cache of read goal files (.okrctl_cache beside okrctl.yaml).",
        "okrctl.commands.clean",
    ),
)

GROUPS: tuple[Group, ...] = (
    Group(
        "kpi",
        "KPIs: the board of health signals, checked against their bands.",
        (
            Command(
                "check",
                "Check every KPI against its band: ok, warn, breach or no-data; stale; "
                "breach streak.",
                "okrctl.commands.kpi_check",
            ),
            Command(
                "record",
                "Record a KPI measurement, in date order, in the KPI's goal file.",
                "okrctl.commands.kpi_record",
            ),
        ),
    ),
    Group(
        "new",
        "Add an objective or a KPI to a team's goal file (asks on a terminal).",
        (
            Command(
                "objective",
                "Add an objective to the team's file for the period (created if there is none).",
                "okrctl.commands.new",
                options="ObjectiveOptions",
                run="run_objective",
            ),
            Command(
                "kpi",
                "Add a KPI to the team's KPI file (created if there is none).",
                "okrctl.commands.new",
                options="KpiOptions",
                run="run_kpi",
            ),
        ),
    ),
)


def find(name: str) -> Command | Group | None:
    """The command or group the word `name` runs."""
    entries: tuple[Command | Group, ...] = (*COMMANDS, *GROUPS)
    for entry in entries:
        if entry.name == name:
            return entry
    return None


def top_level_help() -> str:
    """`okrctl --help`: the same text typer prints for the whole app, listed from here."""
    entries: tuple[Command | Group, ...] = (*COMMANDS, *GROUPS)
    rows = [(entry.name, entry.summary) for entry in entries]
    width = max(len(name) for name, _ in rows)
    commands = "".join(f"  {name:<{width}}  {text}\n" for name, text in rows)
    return (
        "Usage: okrctl [OPTIONS] COMMAND [ARGS]...\n\n"
        f"  {HELP}\n\n"
        "Options:\n"
        "  --version             Show the version.\n"
        "  -v, --verbose         Say how the tree was read (time, processes).\n"
        "  --no-cache            Read every goal file; do not use or fill the cache.\n"
        "  --clear-cache         Empty the cache of read goal files first.\n"
        "  --install-completion  Install completion for the current shell.\n"
        "  --show-completion     Show completion for the current shell, to copy it or\n"
        "                        customize the installation.\n"
        "  -h, --help            Show this message and exit.\n\n"
        f"Commands:\n{commands}\n"
        "Run `okrctl COMMAND --help` for a command's options and an example.\n"
    )


def version() -> str:
    from okrctl import __version__

    return f"okrctl {__version__}\n"


def answer_without_typer(argv: list[str]) -> str | None:
    """The answer to `okrctl --version` and `okrctl --help`, which need no command built."""
    if argv == ["--version"]:
        return version()
    if argv in (["--help"], ["-h"]):
        return top_level_help()
    return None

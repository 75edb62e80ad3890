"""Options several commands share, declared once: the goal tree to read, its config, the date
to report as of. A command's own options are declared in its module, beside its `run`.

A command's options are a frozen dataclass whose fields carry typer's metadata in `Annotated`;
okrctl/cli.py builds the typer command from it. A `--format` field names the reporter registry
its choices come from (okrctl/reports/__init__.py) as one more `Annotated` item.
Imported whenever a command is built, so it imports nothing but typer and completion.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.models import OptionInfo


def format_option(help: str = "Report format.") -> OptionInfo:
    """`--format`/`-f`; its choices are the registry's formats (named beside it)."""
    option: OptionInfo = typer.Option("--format", "-f", help=help)
    return option


def split(values: list[str] | None) -> list[str]:
    """A repeatable option's values, each also comma-separated: `--select a,b --select c`."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


# Not `readable` (typer's check, a usage error in a box): a file or folder okrctl cannot
# read is a finding at its path, named on the command line or found in a tree.
PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Goal files or goal trees (directories). Default: `.`.", readable=False),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        help="Config file. Default: okrctl.yaml in the tree or a parent folder.", readable=False
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="YYYY-MM-DD, today, yesterday or end-of-period. Default: today, or the last "
        "day of a period that has ended.",
    ),
]
DayAsOfOption = Annotated[  # for what has no period: KPIs, suggestions
    str | None,
    typer.Option("--as-of", help="YYYY-MM-DD, today or yesterday. Default: today."),
]
SkipInvalidOption = Annotated[
    bool,
    typer.Option(help="Leave out files with errors (and list them) instead of stopping."),
]
TreeOption = Annotated[
    Path, typer.Option("--tree", help="The goal tree (a folder) to find REF in. Default: `.`.")
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the change as a unified diff; write nothing.")
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", help="YYYY-MM-DD, today or yesterday. Default: today."),
]
NoteOption = Annotated[str | None, typer.Option(help="What happened, in one line.")]
WidthOption = Annotated[
    int | None,
    typer.Option(
        "--width",
        # okrctl.terminal.MIN_WIDTH and MAX_WIDTH, written out: this module imports only typer
        # (a test checks they agree).
        min=40,
        max=1000,
        help="Lay text tables out at this many columns. Default: the terminal's width; piped, "
        "$COLUMNS or 80.",
    ),
]

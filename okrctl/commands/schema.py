"""`okrctl schema`: the JSON Schema of goal files or of okrctl.yaml, printed or to a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import typer

from okrctl.commands.emit import emit
from okrctl.errors import EXIT_OK
from okrctl.reports import SCHEMA
from okrctl.terminal import Terminal


@dataclass(frozen=True, slots=True)
class Options:
    """Print the JSON Schema of goal files or of okrctl.yaml, for editors and CI.

    Editors with yaml-language-server (VS Code, JetBrains, Neovim) give completion and hover
    docs in a goal file that starts with `# yaml-language-server: $schema=PATH_OR_URL`
    (docs/editors.md).

    Example: okrctl schema --output schemas/goal-file.schema.json
    """

    kind: Annotated[
        Literal["goal", "config"],
        typer.Option("--kind", "-k", help="goal: goal files; config: okrctl.yaml."),
    ] = "goal"
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the schema to this file (atomically)."),
    ] = None


def run(options: Options, terminal: Terminal) -> int:
    emit(options.kind, SCHEMA, SCHEMA.default, terminal, options.output)
    return EXIT_OK

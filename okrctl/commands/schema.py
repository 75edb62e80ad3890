"""`okrctl schema`: the JSON Schema of goal files or of okrctl.yaml, printed or to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from okrctl.errors import EXIT_OK, UsageError
from okrctl.model.schema import KINDS, render
from okrctl.output import write_atomically


def run(out: TextIO, *, kind: str = "goal", output: Path | None = None) -> int:
    if kind not in KINDS:
        raise UsageError(f"--kind: one of {', '.join(KINDS)}, got `{kind}`")
    text = render(kind)
    if output is None:
        out.write(text)
    else:
        write_atomically(output, text)
    return EXIT_OK

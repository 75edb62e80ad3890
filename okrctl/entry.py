"""The console script: answers `--version` and `--help` from the command registry, without
importing typer or any command, then hands over to the CLI.

`okrctl --version` is called by shells, editors and pre-commit often enough that importing
typer (and building every command) just to print one line would be felt.
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    # A closed stream (`okrctl lint >&-`) is None in Python: what would go there is dropped,
    # as print() drops it, and the exit status still says how the run went.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    from okrctl.registry import answer_without_typer

    answer = answer_without_typer(sys.argv[1:])
    if answer is not None:
        sys.stdout.write(answer)
        return
    # okrctl's models are its own: pydantic plugins (observability hooks for an application's
    # validation) have nothing to observe here, and finding them means reading the entry
    # points of every installed package before the first file is validated.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # A goal tree is thousands of objects that live until the process ends, and Python's
    # collector, run every 700 allocations, walks more of them the larger the tree: it made
    # linting 5,000 files a third slower than it is with collections 300 times rarer (the
    # threshold mypy uses for the same reason). Peak memory does not change (bench/).
    gc.set_threshold(200_000, 30, 30)
    from okrctl.cli import main as cli_main

    cli_main()

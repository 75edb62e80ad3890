"""The console script: answers `--version` before importing anything, then hands over to the CLI.

`okrctl --version` is called by shells, editors and pre-commit often enough that importing
typer (and building every command) just to print one line would be felt.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from okrctl import __version__

        sys.stdout.write(f"okrctl {__version__}\n")
        return
    from okrctl.cli import main as cli_main

    cli_main()

"""The console script: answers `--version` and `--help` before importing anything, then hands
over to the CLI.

`okrctl --version` is called by shells, editors and pre-commit often enough that importing
typer (and building every command) just to print one line would be felt.
"""

from __future__ import annotations

import gc
import os
import sys

# `okrctl --help`: a copy of okrctl.cli._top_level_help(), kept equal by a test
# (tests/test_performance.py), so the answer needs no import at all.
TOP_LEVEL_HELP = (
    "Usage: okrctl [OPTIONS] COMMAND [ARGS]...\n"
    "\n"
    "  Lint, score and review OKRs and KPIs kept as YAML goal files next to your code.\n"
    "\n"
    "Options:\n"
    "  --version             Show the version.\n"
    "  -v, --verbose         Say how the tree was read (time, processes).\n"
    "  --install-completion  Install completion for the current shell.\n"
    "  --show-completion     Show completion for the current shell, to copy it or\n"
    "                        customize the installation.\n"
    "  -h, --help            Show this message and exit.\n"
    "\n"
    "Commands:\n"
    "  lint      Validate goal files and check them against the lint rules.\n"
    "  score     Score key results and objectives: grade, verdict after the period, pace during it.\n"
    "  tree      Show the alignment tree: each objective under the one it aligns to, with its score.\n"
    "  suggest   Suggest objectives from KPIs out of band, and KPIs from key results achieved.\n"
    "  review    The report for the review meeting: a summary, then each team's KPIs and OKRs.\n"
    "  checkin   Record progress on a key result: append a dated check-in to its goal file.\n"
    "  init      Start a goal tree: okrctl.yaml, one team's OKRs for this quarter, its KPIs, a hook.\n"
    "  schema    Print the JSON Schema of goal files or of okrctl.yaml, for editors and CI.\n"
    "  classify  OKR key result or KPI? The seeds' quiz: seven questions, a recommendation, a draft.\n"
    "  diff      What changed in the goals since a git revision, with the warning signs first.\n"
    "  rules     List the lint rules, or print one rule's documentation.\n"
    "  kpi       KPIs: the board of health signals, checked against their bands.\n"
    "  new       Add an objective or a KPI to a team's goal file (asks on a terminal).\n"
    "\n"
    "Run `okrctl COMMAND --help` for a command's options and an example.\n"
)


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from okrctl import __version__

        sys.stdout.write(f"okrctl {__version__}\n")
        return
    if sys.argv[1:] in (["--help"], ["-h"]):
        sys.stdout.write(TOP_LEVEL_HELP)
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

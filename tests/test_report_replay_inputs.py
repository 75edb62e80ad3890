"""Inputs of a report that live outside the goal tree and okrctl's own code (red team on the
report cache, commands/pipeline.py): a change to any of them is a miss, never a replay of a
report drawn under the old one."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from tests.test_cache import AS_OF, copy_examples
from tests.test_report_cache import run

REPLAYED = "okrctl: the report came from the cache"


@pytest.mark.parametrize("library", ["rich", "python-dateutil"])
def test_another_version_of_a_library_reports_are_drawn_with_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    """rich lays the text tables out (cell widths, wrapping) and dateutil does the calendar
    arithmetic; neither is in the per-file cache's context (a loaded file does not depend on
    them), so an upgrade (a CI venv rebuilt under a restored .okrctl_cache) must not replay
    a report drawn by the old one. The upgrade is simulated where okrctl learns it: the
    installed distribution's version."""
    tree = copy_examples(tmp_path)
    args = ("-v", "score", "--as-of", AS_OF, ".")
    run(tree, *args)
    assert REPLAYED in run(tree, *args)[2]
    installed = importlib.metadata.version

    def upgraded(name: str) -> str:
        return "999.0.0" if name == library else installed(name)

    monkeypatch.setattr(importlib.metadata, "version", upgraded)
    assert REPLAYED not in run(tree, *args)[2]
    assert REPLAYED in run(tree, *args)[2]


@pytest.mark.parametrize("words", [("score",), ("review",), ("kpi", "check"), ("tree",)])
def test_a_dumb_terminal_is_in_the_key(tmp_path: Path, words: tuple[str, ...]) -> None:
    """rich reads the environment behind the Style okrctl gives it: on a terminal in colour
    whose TERM is `dumb` or `unknown` (an Emacs shell, many CI runners) it lays tables out
    80 columns wide whatever the width asked, unless LINES is set. A report drawn under one
    TERM is not replayed under another that draws it otherwise."""
    tree = copy_examples(tmp_path)
    args = (*words, "--width", "120", "--as-of", AS_OF, ".")
    colour: dict[str, str | None] = {"NO_COLOR": None, "FORCE_COLOR": "1", "LINES": None}
    for term in ("xterm-256color", "dumb", "unknown", "xterm-256color"):
        env = {**colour, "TERM": term}
        without = run(tree, *args, cache=False, env=env)
        assert run(tree, *args, env=env) == without, term
        assert run(tree, *args, env=env) == without, term
    dumb_with_lines = {**colour, "TERM": "dumb", "LINES": "40"}
    without = run(tree, *args, cache=False, env=dumb_with_lines)
    assert run(tree, *args, env=dumb_with_lines) == without

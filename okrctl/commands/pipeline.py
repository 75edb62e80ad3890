"""The pipeline of every command that reports on a checked goal tree (score, tree, kpi check,
suggest, review, impact, calibration): parse --as-of, load the tree and refuse one with
errors, compute, emit; with a cache, replay what a run on the very same inputs wrote.

The report cache. What such a command writes (the report on the terminal or in the --output
file, the text report beside the file, the GitHub job summary) and its exit status are a
function of: the goal files' names and bytes, okrctl.yaml and okrctl's code
(`ScannedTree.digest`), the command and its options that change the output (its Options'
fields but the paths, the config and the --output file, which the digest and the places
written stand for), the as-of date (the day, end-of-period, explicit or not), today (the lint
findings a review shows depend on it), the lint selection, the formats rendered with the
Style each is drawn with (colour, width; and on a terminal in colour, what rich reads of
the environment besides: RICH_READS), and the versions of the libraries they are drawn
with (DRAWN_WITH). compute/ and reports/ read no environment, git or
clock (their only inputs are the tree, the lint result, the as-of date and the options):
keep it so, or put what they read in the key. All of it is the key of a result entry
(`FileCache.put_result`); under an unchanged key the texts are written again and the status
returned, and nothing is parsed, linted or computed. The key, not the text, is trusted: an
entry whole and checked is written as it is. An entry of another shape is a miss, recomputed
and rewritten. Without a cache (--no-cache, OKRCTL_NO_CACHE) nothing is kept or read, and
the report is emitted (streamed) exactly as without this.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from okrctl.commands.emit import Rendered, emit, put_out, render, styles
from okrctl.errors import EXIT_OK
from okrctl.reports import Registry, Style
from okrctl.terminal import Terminal

if TYPE_CHECKING:
    from okrctl.checked import CheckedTree
    from okrctl.compute.scoring import AsOf
    from okrctl.load.goal_tree import ScannedTree

Result = TypeVar("Result")

# Options fields that are no part of a report cache key: the digest names the files the
# paths found and the config's path and bytes; where the texts go is in the key apart.
NOT_IN_KEY = frozenset({"paths", "config", "output"})
# The option values a key can hold (repr is exact and stable for each).
_PLAIN = (str, int, float, bool, type(None), Path)
REPLAYED = "the report came from the cache"
# The libraries reports are computed and drawn with, beyond those in the cache's context
# (okrctl's code, Python, pydantic, ruamel.yaml: what a loaded file depends on): rich lays
# the text tables out (cell widths, wrapping), dateutil does compute/'s calendar arithmetic.
# Their installed versions are in the key: an upgrade (a CI venv rebuilt under a restored
# cache) draws anew. Read from the distributions' metadata: a replay never imports rich.
DRAWN_WITH = ("rich", "python-dateutil")
# The environment variables rich reads behind the Style okrctl hands it (which sets width,
# colour and terminal explicitly): drawing in colour (a "terminal" to rich), a TERM of
# `dumb` or `unknown` lays tables out 80 wide whatever the width asked, unless LINES is set.
# In the key as they are, only for a run that draws in colour (rich ignores them otherwise).
RICH_READS = ("TERM", "LINES")
# What checked.lint_selection adds to okrctl.yaml's lint settings: no --select, no --ignore.
LINT_SELECTION = ("select", (), "ignore", ())


@dataclass(frozen=True, slots=True)
class When:
    """The date a report is as of, and whether --as-of named it (not a default)."""

    as_of: AsOf
    explicit: bool


def _ok(_: object) -> int:
    return EXIT_OK


def report_on_tree(
    paths: Sequence[Path] | None,
    terminal: Terminal,
    compute: Callable[[CheckedTree, When], Result],
    reporters: Registry[Result],
    output_format: str,
    *,
    options: object,
    status: Callable[[Result], int] = _ok,
    as_of: str | None = None,
    config: Path | None = None,
    skip_invalid: bool = False,
    output: Path | None = None,
    dates_only: str | None = None,
    width: int | None = None,
) -> int:
    """Compute a report on the goal tree at `paths` and emit it; the exit status `status`
    derives from the result (EXIT_OK by default).

    `options`: the command's Options (a dataclass), whose fields but NOT_IN_KEY are in the
    report cache's key. `dates_only` is the error for an `--as-of end-of-period` the report
    has no use for (KPIs and suggestions have no period). `width` (`--width`) lays text
    tables out at that many columns, on the terminal and in the `--output` file. A tree with
    errors is refused (an error that carries its findings, for the error handler to list)
    before anything is computed.
    """
    import time

    from okrctl import clock
    from okrctl.checked import lint_checked
    from okrctl.compute.asof import parse_as_of
    from okrctl.errors import UsageError
    from okrctl.load.goal_tree import scan_tree, tell_replayed

    today = clock.today()
    day, explicit = parse_as_of(as_of, today)
    if dates_only is not None and day.end_of_period:
        raise UsageError(dates_only)
    scanned = scan_tree(paths or [Path(".")], config)
    try:
        start = time.perf_counter()
        drawn = styles(reporters, output_format, terminal, output, width)
        # os.environ, not terminal.environ: rich reads the process' environment.
        key = _key(scanned, options, as_of, When(day, explicit), today, drawn, os.environ)
        places = tuple(where for where, _, _ in drawn)
        if key is not None and scanned.cache is not None:
            # Looked up before the lint: an entry is only ever kept for a tree the lint let
            # through with these very inputs, so a hit is never a tree to refuse.
            kept = _kept(scanned.cache.get_result(key), places)
            if kept is not None:
                code, texts = kept
                tell_replayed(scanned, time.perf_counter() - start, REPLAYED)
                put_out(texts, terminal, output)
                return code
        linted = lint_checked(scanned, skip_invalid=skip_invalid, today=today)
        result = compute(linted.checked(), When(day, explicit))
        if key is None or scanned.cache is None:
            emit(result, reporters, output_format, terminal, output, width=width)
            return status(result)
        texts = render(result, reporters, output_format, terminal, output, width=width)
        code = status(result)
        scanned.cache.put_result(key, (code, texts))
        put_out(texts, terminal, output)
        return code
    finally:
        scanned.close()


def _key(
    scanned: ScannedTree,
    options: object,
    as_of: str | None,
    when: When,
    today: date,
    drawn: Sequence[tuple[str, str, Style]],
    environ: Mapping[str, str],
) -> str | None:
    """The report cache key of a run (the module docstring says what is in it), or None:
    no cache, or an option whose value a key cannot hold (then nothing is kept)."""
    if scanned.cache is None or not dataclasses.is_dataclass(options):
        return None
    chosen: list[tuple[str, str]] = []
    for field in dataclasses.fields(options):
        if field.name in NOT_IN_KEY:
            continue
        value = getattr(options, field.name)
        if not isinstance(value, _PLAIN):
            return None
        chosen.append((field.name, repr(value)))
    digest = scanned.digest(
        "report",
        f"{type(options).__module__}.{type(options).__qualname__}",
        chosen,
        as_of,
        when.as_of.day.toordinal(),
        when.as_of.end_of_period,
        when.explicit,
        today.toordinal(),
        [(where, name, repr(style)) for where, name, style in drawn],
        [environ.get(name) for name in RICH_READS] if any(s.color for _, _, s in drawn) else None,
        # The lint selection's inputs as checked.lint_selection takes them: okrctl.yaml (in
        # the digest) and no --select or --ignore. Not the selection itself: building it
        # imports every rule, which a replay has no use for.
        LINT_SELECTION,
        _versions(),
    )
    # `report-`: the kind of result it is, by the result store's convention (the text before
    # a key's last `-`), so that the newest reports and lint results are kept apart and do
    # not evict each other.
    return None if digest is None else f"report-{digest}"


def _versions() -> list[tuple[str, str | None]]:
    """The installed version of each of DRAWN_WITH (None: not found as a distribution)."""
    from importlib import metadata

    found: list[tuple[str, str | None]] = []
    for name in DRAWN_WITH:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, None))
    return found


def _kept(value: object, places: tuple[str, ...]) -> tuple[int, Rendered] | None:
    """A kept (status, texts) when `value` is one, with a text for each of `places` in
    order; None for anything else (a miss: any plain value can come back from a folder
    someone else wrote)."""
    if type(value) is not tuple or len(value) != 2:
        return None
    code, texts = value
    if type(code) is not int or type(texts) is not tuple or len(texts) != len(places):
        return None
    for text, where in zip(texts, places, strict=True):
        if type(text) is not tuple or len(text) != 2:
            return None
        if text[0] != where or type(text[0]) is not str or type(text[1]) is not str:
            return None
    return code, texts

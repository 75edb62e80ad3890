"""`okrctl pull --check`: run each source with LIMIT-1 semantics, write nothing, say what fails.

Each source is run as a pull would run it (the same dates, environment and secrets), but
reads as little as shows that it works (`Request.check`: one row of a query, one GET without
retries, one instant Prometheus query, a CSV's header and first row; a command runs). The
report is one line per source, `ok` with the first value read or the failure line a pull
would print, then a count; or JSON. Exit status 1 when any source failed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from okrctl.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from okrctl.reports import escape
from okrctl.terminal import Terminal
from okrctl.wording import plural
from okrctl.wording import value as show

if TYPE_CHECKING:
    from okrctl.commands.pull import Target
    from okrctl.sources.base import Reading


def check(targets: list[Target], as_of: date, terminal: Terminal, output_format: str) -> int:
    """Check every target's source; print ok or the failure of each; 1 when any failed."""
    if output_format not in ("text", "json"):
        raise UsageError(f"--check prints text or json, not {output_format}")
    first = _run(targets, as_of, dict(terminal.environ))
    if output_format == "json":
        terminal.out.write(_json(targets, first, as_of))
    else:
        terminal.out.write(escape.text_lines(_text(targets, first)))
    return EXIT_FINDINGS if any(t.error for t in targets) else EXIT_OK


def _run(targets: list[Target], as_of: date, environ: dict[str, str]) -> dict[str, Reading]:
    """Run the sources (errors onto the targets); the first value each one read, by ref."""
    from okrctl.sources.base import Request
    from okrctl.sources.plan import kpi_floor, since
    from okrctl.sources.run import fetch_all

    runnable = [t for t in targets if t.error is None]
    jobs = []
    for target in runnable:
        # The dates a pull would give the source (pull.py's _fetch), with check set.
        floor = target.first if target.first is not None else kpi_floor(as_of)
        until = min(as_of, target.last) if target.last is not None else as_of
        folder = Path(target.path).parent
        request = Request(since(target.recorded, floor), until, folder, environ, check=True)
        jobs.append((target.source, request))
    first: dict[str, Reading] = {}
    for target, outcome in zip(runnable, fetch_all(jobs), strict=True):
        if outcome.error is not None:
            target.error = outcome.error
        elif outcome.readings:
            first[target.ref] = outcome.readings[0]
    return first


def _ok(target: Target, reading: Reading | None) -> str:
    if reading is None:
        return "ok (no new value)"
    return f"ok ({show(reading.value, target.unit)} on {reading.day})"


def _text(targets: list[Target], first: dict[str, Reading]) -> str:
    if not targets:
        return "no KPI or key result has a source\n"
    lines = [t.finding(t.error or _ok(t, first.get(t.ref))) for t in targets]
    failed = sum(1 for t in targets if t.error)
    summary = f"{plural(len(targets), 'source')} checked: {len(targets) - failed} ok"
    lines.append(f"{summary}, {failed} failed" if failed else summary)
    return "".join(line + "\n" for line in lines)


def _json(targets: list[Target], first: dict[str, Reading], as_of: date) -> str:
    document = {
        "as_of": as_of.isoformat(),
        "check": True,
        "sources": [
            {
                "ref": t.ref,
                "kind": t.source.kind,
                "path": t.path,
                "line": t.line,
                "status": "failed" if t.error else "ok",
                "error": t.error,
                "value": None
                if t.ref not in first or t.error
                else {"date": first[t.ref].day.isoformat(), "value": first[t.ref].value},
            }
            for t in targets
        ],
    }
    return json.dumps(document, indent=2) + "\n"

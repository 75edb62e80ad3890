"""The region each finding marks, start to end, for report formats that show one (SARIF).

A finding records where its token starts; the end is read from the file again, only for
files with findings and only when such a format is asked for, so ordinary runs pay nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from okrctl.findings import Finding, Location
from okrctl.load.loader import read_text
from okrctl.load.yamlparse import Limits, token_ends

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def finding_ends(
    findings: Iterable[Finding], limits: Limits | None = None
) -> dict[Location, tuple[int, int]]:
    """The end of each finding's region: the end of the scalar (a value or a key) that starts
    at its position, else the end of its line; (line, column) with the column just after the
    last character. A file that cannot be read again gives no ends (reporters then mark the
    start alone)."""
    by_path: dict[str, list[Location]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding.location)
    ends: dict[Location, tuple[int, int]] = {}
    for path, locations in by_path.items():
        text, _ = read_text(Path(path), path, limits or Limits())
        if text is None:
            continue
        tokens = token_ends(text)
        lines = _LINE_BREAK.split(text)
        for where in locations:
            end = tokens.get((where.line, where.column))
            if end is None and 1 <= where.line <= len(lines):
                end = (where.line, max(where.column, len(lines[where.line - 1]) + 1))
            if end is not None:
                ends[where] = end
    return ends

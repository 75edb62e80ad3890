"""The region each finding marks, start to end, for report formats that show one (SARIF).

A finding records where its token starts; where the token ends was recorded when its file
was parsed (okrctl.source.Positions), so no file is read again for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from okrctl.findings import Finding, Location
from okrctl.model.tree import GoalTree
from okrctl.source import Positions


def finding_ends(findings: Iterable[Finding], tree: GoalTree) -> dict[Location, tuple[int, int]]:
    """The end of each finding's region: the end of the scalar (a value or a key) that starts
    at its position, else the end of its line; (line, column) with the column just after the
    last character. A file that was not read gives no ends (reporters then mark the start
    alone)."""
    sources: dict[str, Positions] = {}
    config = tree.loaded_config
    if config.path is not None and config.source is not None:
        sources[config.path] = config.source
    for file in tree.files:
        sources.setdefault(file.path, file.source)
    by_path: dict[str, list[Location]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding.location)
    ends: dict[Location, tuple[int, int]] = {}
    for path, locations in by_path.items():
        source = sources.get(path)
        if source is None:
            continue
        found = source.ends((where.line, where.column) for where in locations)
        for where in locations:
            end = found.get((where.line, where.column))
            if end is not None:
                ends[where] = end
    return ends

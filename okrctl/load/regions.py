"""The region each finding marks, start to end, for report formats that show one (SARIF), and
the YAML node each finding is about, for the fingerprints of the formats that track findings
from run to run (SARIF, GitLab).

A finding records where its token starts; where the token ends, and which node starts there,
were recorded when its file was parsed (okrctl.source.Positions), so no file is read again.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from okrctl.findings import Finding, Location
from okrctl.load.yamlparse import SourceMap
from okrctl.model.tree import GoalTree
from okrctl.source import Point, Positions, YamlPath


def _sources(tree: GoalTree) -> dict[str, Positions]:
    """The recorded positions of every file of the tree, okrctl.yaml's included."""
    sources: dict[str, Positions] = {}
    config = tree.loaded_config
    if config.path is not None and config.source is not None:
        sources[config.path] = config.source
    for file in tree.files:
        sources.setdefault(file.path, file.source)
    return sources


def finding_anchors(findings: Iterable[Finding], tree: GoalTree) -> dict[Location, YamlPath]:
    """The YAML path of the node each finding is about: the outermost node (a value, or a
    mapping key) that starts at its position, else the last one that starts before it (a
    finding inside a text, or where a syntax error stopped the parse), else the root `()`.

    Lines added or removed above a finding move every position alike, so the node found is
    the same: this is what fingerprints are made of instead of line numbers."""
    sources = _sources(tree)
    by_path: dict[str, list[Location]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding.location)
    anchors: dict[Location, YamlPath] = {}
    for path, locations in by_path.items():
        source = sources.get(path)
        if not isinstance(source, SourceMap):  # a file that was not read has no nodes
            anchors.update((where, ()) for where in locations)
            continue
        # The outermost node at each start: a list item's mapping starts where its first
        # key does, and the finding is about the item (e.g. a field it is missing).
        outermost: dict[Point, YamlPath] = {}
        for table in (source.values, source.keys):
            for node, start in table.items():
                if start not in outermost or len(node) < len(outermost[start]):
                    outermost[start] = node
        starts = sorted(outermost)
        for where in locations:
            index = bisect_right(starts, (where.line, where.column)) - 1
            anchors[where] = outermost[starts[index]] if index >= 0 else ()
    return anchors


def finding_ends(findings: Iterable[Finding], tree: GoalTree) -> dict[Location, tuple[int, int]]:
    """The end of each finding's region, and of each place it points at: the end of the
    scalar (a value or a key) that starts at its position, else the end of its line; (line,
    column) with the column just after the last character. A file that was not read gives
    no ends (reporters then mark the start alone)."""
    sources = _sources(tree)
    by_path: dict[str, list[Location]] = {}
    for finding in findings:
        # The places a finding points at are regions too (SARIF's related locations).
        for where in (finding.location, *(related.location for related in finding.related)):
            by_path.setdefault(where.path, []).append(where)
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

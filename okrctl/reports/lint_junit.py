"""The lint report as JUnit XML, for CI dashboards that show test results (GitLab, Jenkins).

One test suite per file reported on, named by its path from the repository's root, with the
path in its `properties` (`file`); in it, one test case per finding, or, for a clean file, one
passing test case, so dashboards list every file checked. A finding at the failing level
(errors; warnings too with `--strict`) is a failed test case; one below it is a passed test
case with the finding in its `system-out`, as lint passed it: a dashboard then shows the run
as green when the job is, and the advice is still there to read. The XML is what the
Jenkins xunit plugin's schema (junit-10.xsd) and Ant's accept: `time`, `timestamp` and
`hostname` on each suite, no attribute they do not define, and class names with no dot,
which Jenkins would read as a package separator.
"""

from __future__ import annotations

import posixpath
from datetime import UTC
from xml.etree import ElementTree

from okrctl.findings import Finding
from okrctl.linting import LintResult
from okrctl.reports import Style, escape

CLEAN = "okrctl lint"


def classname(path: str) -> str:
    """A file's class name: its path without the suffix, and no dot left in it (Jenkins
    splits a class name at its last dot into a package and a class: `d/v1.2 draft` would be
    class `2 draft` in package `d/v1`)."""
    return posixpath.splitext(path)[0].replace(".", "_")


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _case(suite: ElementTree.Element, path: str, name: str) -> ElementTree.Element:
    # A case's own time is not measured: files are checked together, not one case at a time.
    attributes = {"classname": escape.xml(classname(path)), "name": escape.xml(name), "time": "0"}
    return ElementTree.SubElement(suite, "testcase", attributes)


def _line(path: str, f: Finding) -> str:
    return f"{path}:{f.line}:{f.column}: {f.severity.value}: {f.message} [{f.code} {f.rule}]"


def render(result: LintResult, style: Style) -> str:
    by_path: dict[str, list[Finding]] = {path: [] for path in result.paths}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    failing = result.failing.rank
    failures = sum(1 for f in result.findings if f.severity.rank >= failing)
    root = ElementTree.Element(
        "testsuites",
        {
            "name": "okrctl lint",
            "tests": str(sum(max(1, len(found)) for found in by_path.values())),
            "failures": str(failures),
            "errors": "0",
            "time": _seconds(result.seconds),
        },
    )
    # The run's time shared among the files (checked together, not one by one), so that the
    # suites add up to the whole.
    share = result.seconds / len(by_path) if by_path else 0.0
    started = result.started
    timestamp = started.astimezone(UTC).replace(tzinfo=None) if started is not None else None
    for shown, findings in by_path.items():
        path = result.from_root(shown)
        failed = [f for f in findings if f.severity.rank >= failing]
        attributes = {
            "name": escape.xml(path),
            "tests": str(max(1, len(findings))),
            "failures": str(len(failed)),
            "errors": "0",
            "skipped": "0",
            "time": _seconds(share),
        }
        if timestamp is not None:
            # ISO 8601 in UTC without an offset: the form Ant's schema allows.
            attributes["timestamp"] = timestamp.isoformat(timespec="seconds")
        if result.hostname:
            attributes["hostname"] = escape.xml(result.hostname)
        suite = ElementTree.SubElement(root, "testsuite", attributes)
        properties = ElementTree.SubElement(suite, "properties")
        ElementTree.SubElement(properties, "property", {"name": "file", "value": escape.xml(path)})
        if not findings:
            _case(suite, path, CLEAN)
        for f in findings:
            case = _case(suite, path, f"{f.code} {f.rule} at {f.line}:{f.column}")
            if f.severity.rank >= failing:
                failure = ElementTree.SubElement(
                    case, "failure", {"type": f.severity.value, "message": escape.xml(f.message)}
                )
                failure.text = escape.xml(_line(path, f))
            else:
                ElementTree.SubElement(case, "system-out").text = escape.xml(_line(path, f))
    ElementTree.indent(root)
    # A message's line breaks stay in the XML text: no line of it may run as a CI command.
    return escape.lines(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )

"""The lint report as JUnit XML, for CI dashboards that show test results (GitLab, Jenkins).

One test suite per file reported on, named by its path from the repository's root; in it,
one failed test case per finding (warnings and infos too: the XML has no milder verdict, and
the exit status, not this report, decides whether the job fails), or, for a clean file, one
passing test case, so dashboards list every file checked.
"""

from __future__ import annotations

import posixpath
from xml.etree import ElementTree

from okrctl.findings import Finding
from okrctl.linting import LintResult
from okrctl.reports import Style, escape

CLEAN = "okrctl lint"


def _case(suite: ElementTree.Element, path: str, name: str, line: int = 1) -> ElementTree.Element:
    # Dashboards read dots in a class name as packages: the file's suffix is left out.
    classname = posixpath.splitext(path)[0]
    return ElementTree.SubElement(
        suite,
        "testcase",
        {
            "classname": escape.xml(classname),
            "name": escape.xml(name),
            "file": escape.xml(path),
            "line": str(line),
        },
    )


def render(result: LintResult, style: Style) -> str:
    by_path: dict[str, list[Finding]] = {path: [] for path in result.paths}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    root = ElementTree.Element(
        "testsuites",
        {
            "name": "okrctl lint",
            "tests": str(sum(max(1, len(found)) for found in by_path.values())),
            "failures": str(len(result.findings)),
            "errors": "0",
        },
    )
    for shown, findings in by_path.items():
        path = result.from_root(shown)
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            {
                "name": escape.xml(path),
                "tests": str(max(1, len(findings))),
                "failures": str(len(findings)),
                "errors": "0",
                "skipped": "0",
            },
        )
        if not findings:
            _case(suite, path, CLEAN)
        for f in findings:
            case = _case(suite, path, f"{f.code} {f.rule} at {f.line}:{f.column}", f.line)
            failure = ElementTree.SubElement(
                case, "failure", {"type": f.severity.value, "message": escape.xml(f.message)}
            )
            failure.text = escape.xml(
                f"{path}:{f.line}:{f.column}: {f.severity.value}: {f.message} [{f.code} {f.rule}]"
            )
    ElementTree.indent(root)
    # A message's line breaks stay in the XML text: no line of it may run as a CI command.
    return escape.lines(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )

"""JUnit that CI test pages read right (issue 19, item 5).

The report is read with junitparser (PyPI), as a dashboard would: only findings at the
failing level are failed tests (errors; warnings too with `--strict`), the others passed tests
with the finding in `system-out`; every suite has `time`, `timestamp` and `hostname`, and its
file in `properties`. It is checked against the attributes and elements the Jenkins xunit
plugin's schema (junit-10.xsd) defines, and validated against that schema file itself with
xmlschema when one is given in OKRCTL_JUNIT_XSD (the schema is not kept in this repository).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema
from junitparser import Failure, JUnitXml

from tests.conftest import GoalTree, okrctl
from tests.test_fingerprints import write

XSD = "OKRCTL_JUNIT_XSD"
# What junit-10.xsd of the Jenkins xunit plugin allows on each element.
SUITES = {"name", "time", "tests", "failures", "errors"}
SUITE = {
    "name",
    "tests",
    "failures",
    "errors",
    "group",
    "time",
    "skipped",
    "timestamp",
    "hostname",
    "id",
    "package",
    "file",
    "log",
    "url",
}
CASE = {"name", "time", "classname", "group"}
CASE_CHILDREN = {"skipped", "error", "failure", "system-out", "system-err"}
SUREFIRE_TIME = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?")


def junit(root: Path, *args: str) -> tuple[int, Path]:
    out = root.parent / f"{root.name}-junit.xml"
    result = okrctl("lint", ".", "--format", "junit", "--output", str(out), *args, cwd=root)
    return result.returncode, out


def check_jenkins_shape(path: Path) -> None:
    """The attributes and children junit-10.xsd allows, and its time pattern."""
    root = ElementTree.parse(path).getroot()
    assert root.tag == "testsuites"
    assert set(root.attrib) <= SUITES
    assert SUREFIRE_TIME.fullmatch(root.get("time", ""))
    for suite in root:
        assert suite.tag == "testsuite"
        assert set(suite.attrib) <= SUITE
        assert {"name", "tests", "failures", "errors"} <= set(suite.attrib)
        assert SUREFIRE_TIME.fullmatch(suite.get("time", ""))
        for child in suite:
            assert child.tag in {"properties", "testcase"}
            if child.tag == "testcase":
                assert set(child.attrib) <= CASE
                assert {item.tag for item in child} <= CASE_CHILDREN
    schema = os.environ.get(XSD)
    if schema:
        xmlschema.XMLSchema(schema).validate(str(path))


@pytest.fixture
def broken(goals: GoalTree) -> GoalTree:
    write(goals, above=0, top=0)
    # A warning-only file whose name Jenkins would split at its dots.
    goals.write(
        "d/v1.2 draft.yaml",
        """
        team: delta
        kpis:
          - {id: a, title: A, owner: lin, cadence: weekly}
        """,
    )
    return goals


def test_only_errors_fail_warnings_pass_with_the_finding_in_system_out(broken: GoalTree) -> None:
    status, path = junit(broken.root)
    assert status == 1
    check_jenkins_shape(path)
    xml = JUnitXml.fromfile(str(path))
    cases = {(suite.name, case.name): case for suite in xml for case in suite}
    draft = cases[("d/v1.2 draft.yaml", "OK106 kpi-without-band at 3:5")]
    assert draft.is_passed and not draft.is_failure
    assert draft.classname == "d/v1_2 draft"  # no dot for Jenkins to split at
    assert draft.system_out == (
        "d/v1.2 draft.yaml:3:5: warning: KPI `delta/a` has no `band`: without a normal range "
        "nobody knows when to act [OK106 kpi-without-band]"
    )
    syntax = cases[("support/broken.yaml", "OK001 yaml-syntax at 7:10")]
    assert syntax.is_failure
    (failure,) = syntax.result
    assert isinstance(failure, Failure)
    assert failure.type == "error"
    # Every error fails, every warning passes; the counts say so.
    failed = [key for key, case in cases.items() if case.is_failure]
    passed = [key for key, case in cases.items() if case.is_passed]
    assert len(failed) == 8
    assert sorted(passed) == [
        ("d/v1.2 draft.yaml", "OK106 kpi-without-band at 3:5"),
        ("support/2026-Q4-more.yaml", "OK104 key-result-count at 8:5"),
    ]
    root = ElementTree.parse(path).getroot()
    assert (root.get("tests"), root.get("failures")) == (str(len(cases)), "8")


def test_strict_makes_warnings_failures(broken: GoalTree) -> None:
    status, path = junit(broken.root, "--strict")
    assert status == 1
    check_jenkins_shape(path)
    xml = JUnitXml.fromfile(str(path))
    draft = next(suite for suite in xml if suite.name == "d/v1.2 draft.yaml")
    (case,) = list(draft)
    assert case.is_failure
    (failure,) = case.result
    assert failure.type == "warning"
    assert draft.failures == 1


def test_suites_have_time_timestamp_hostname_and_the_file_in_properties(
    broken: GoalTree,
) -> None:
    _, path = junit(broken.root)
    xml = JUnitXml.fromfile(str(path))
    total = 0.0
    for suite in xml:
        assert suite.timestamp == "2026-11-29T09:30:00"  # tests' now, in UTC
        assert suite.hostname
        assert suite.time >= 0
        total += suite.time
        assert [(p.name, p.value) for p in suite.properties()] == [("file", suite.name)]
    root = ElementTree.parse(path).getroot()
    assert abs(total - float(root.get("time", "0"))) < 0.01 * len(root) + 0.001


def test_a_clean_file_is_one_passing_case(goals: GoalTree) -> None:
    goals.write(
        "gamma.yaml",
        "team: gamma\nkpis:\n  - {id: g, title: G, owner: lin, cadence: weekly, band: {max: 5}}\n",
    )
    status, path = junit(goals.root)
    assert status == 0
    check_jenkins_shape(path)
    (suite,) = list(JUnitXml.fromfile(str(path)))
    (case,) = list(suite)
    assert (suite.name, case.name, case.classname, case.is_passed) == (
        "gamma.yaml",
        "okrctl lint",
        "gamma",
        True,
    )
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (1, 0, 0, 0)

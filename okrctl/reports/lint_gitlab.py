"""The lint report as a GitLab Code Quality report, shown in merge requests and pipelines.

Severities map as GitLab's own linters map theirs: an error is `major`, a warning `minor`, an
info `info`; `critical` and `blocker` are left for what breaks production, which a goal file
cannot. `check_name` is the rule's code, as in SARIF; files are named from the repository's
root, as GitLab expects.
"""

from __future__ import annotations

from okrctl.findings import Severity
from okrctl.linting import LintResult
from okrctl.reports import Style, escape
from okrctl.reports.fingerprints import fingerprints

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(result: LintResult, style: Style) -> str:
    issues = [
        {
            "type": "issue",
            "engine_name": "okrctl",
            "check_name": finding.code,
            "description": f"{finding.message} [{finding.code} {finding.rule}]",
            "fingerprint": fingerprint,
            "severity": SEVERITY[finding.severity],
            "location": {
                "path": result.from_root(finding.path),
                "lines": {"begin": finding.line},
            },
        }
        for finding, fingerprint in zip(result.findings, fingerprints(result), strict=True)
    ]
    return escape.json_text(issues) + "\n"

"""The lint report as one JSON document, for scripts and CI.

`review --format json` embeds the same finding objects, so their fields are defined once, here.
"""

from __future__ import annotations

from typing import Any

from okrctl.findings import Finding, Severity
from okrctl.linting import LintResult
from okrctl.reports import Style, escape


def finding_document(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
    }


def render(result: LintResult, style: Style) -> str:
    document = {
        "findings": [finding_document(f) for f in result.findings],
        "summary": {
            "files": result.files,
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "infos": result.count(Severity.INFO),
        },
    }
    return escape.json_text(document) + "\n"

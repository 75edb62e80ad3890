"""The lint report as one JSON document, for scripts and CI."""

from __future__ import annotations

import json

from okrctl.findings import Severity
from okrctl.linting import LintResult


def render(result: LintResult, color: bool = False) -> str:
    document = {
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "code": f.code,
                "rule": f.rule,
                "severity": f.severity.value,
                "message": f.message,
            }
            for f in result.findings
        ],
        "summary": {
            "files": result.files,
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "infos": result.count(Severity.INFO),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

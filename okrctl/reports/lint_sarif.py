"""The lint report as SARIF 2.1.0, the format GitHub code scanning (and many editors) read.

Rules are identified by their code (`OK007`), which is stable and what `--select`, `--ignore`
and `# okrctl: disable=` accept; the kebab-case name is the rule's `name`. Every rule is
described, whether it found something or not, with its documentation as help. Files are named
from the repository's root (`%SRCROOT%`), and columns count characters (Unicode code points).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from okrctl import __version__
from okrctl.findings import Severity
from okrctl.linting import LintResult
from okrctl.reports import Style, escape
from okrctl.reports.fingerprints import fingerprints
from okrctl.rules import all_rules
from okrctl.rules.base import Rule
from okrctl.rules.docs import documentation, explanation, markdown_help, summary

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/okrctl/"
SOURCE_ROOT = "%SRCROOT%"
FINGERPRINT = "okrctl/v1"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _descriptor(rule: Rule) -> dict[str, Any]:
    short = summary(rule)
    return {
        "id": rule.CODE,
        "name": rule.NAME,
        "shortDescription": {"text": short},
        "fullDescription": {"text": f"{short} {explanation(rule)}".strip()},
        "help": {"text": documentation(rule), "markdown": markdown_help(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.SEVERITY]},
    }


def _artifact(path: str) -> dict[str, str]:
    """A file as SARIF names it: a relative URI against the source root, when it can be."""
    if PurePosixPath(path).is_absolute():  # outside the current directory's drive or tree
        return {"uri": "file://" + quote(path, safe="/")}
    return {"uri": quote(path, safe="/"), "uriBaseId": SOURCE_ROOT}


def render(result: LintResult, style: Style) -> str:
    rules = all_rules()
    index = {rule.CODE: position for position, rule in enumerate(rules)}
    results = []
    for finding, fingerprint in zip(result.findings, fingerprints(result), strict=True):
        end_line, end_column = result.ends.get(finding.location, (finding.line, finding.column))
        results.append(
            {
                "ruleId": finding.code,
                "ruleIndex": index[finding.code],
                "level": LEVEL[finding.severity],
                "message": {"text": finding.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": _artifact(result.from_root(finding.path)),
                            "region": {
                                "startLine": finding.line,
                                "startColumn": finding.column,
                                "endLine": end_line,
                                "endColumn": end_column,
                            },
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT: fingerprint},
            }
        )
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "okrctl",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(rule) for rule in rules],
                    }
                },
                "invocations": [{"executionSuccessful": True}],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return escape.json_text(document) + "\n"

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
from okrctl.findings import Finding, Location, Severity
from okrctl.linting import LintResult
from okrctl.reports import Style, escape
from okrctl.reports.fingerprints import NAME as FINGERPRINT
from okrctl.reports.fingerprints import fingerprints
from okrctl.rules import all_rules
from okrctl.rules.base import Rule
from okrctl.rules.docs import documentation, explanation, markdown_help, summary

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/okrctl/"
SOURCE_ROOT = "%SRCROOT%"
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


def _physical(result: LintResult, where: Location) -> dict[str, Any]:
    end_line, end_column = result.ends.get(where, (where.line, where.column))
    return {
        "artifactLocation": _artifact(result.from_root(where.path)),
        "region": {
            "startLine": where.line,
            "startColumn": where.column,
            "endLine": end_line,
            "endColumn": end_column,
        },
    }


def _link_text(text: str) -> str:
    """Text for a message with embedded links, in which `[`, `]` and `\\` are literal only
    when escaped (SARIF 2.1.0, 3.11.6)."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _message(finding: Finding) -> str:
    """The finding's message; a place it names by line is a link to a related location
    instead (`[first use](1)`), so the message holds no line number."""
    if not finding.related:
        return finding.message
    text = _link_text(finding.message)
    for number, related in enumerate(finding.related, start=1):
        text = text.replace(_link_text(related.mention), f"[{related.label}]({number})", 1)
    return text


def _related(result: LintResult, finding: Finding) -> list[dict[str, Any]]:
    return [
        {
            "id": number,
            "physicalLocation": _physical(result, related.location),
            "message": {"text": related.label},
        }
        for number, related in enumerate(finding.related, start=1)
    ]


def render(result: LintResult, style: Style) -> str:
    rules = all_rules()
    index = {rule.CODE: position for position, rule in enumerate(rules)}
    results = []
    for finding, fingerprint in zip(result.findings, fingerprints(result), strict=True):
        entry: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": LEVEL[finding.severity],
            "message": {"text": _message(finding)},
            "locations": [{"physicalLocation": _physical(result, finding.location)}],
            "partialFingerprints": {FINGERPRINT: fingerprint},
        }
        if finding.related:
            entry["relatedLocations"] = _related(result, finding)
        results.append(entry)
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

"""The lint report as SARIF 2.1.0, the format GitHub code scanning (and many editors) read.

Rules are identified by their code (`OK007`), which is stable and what `--select`, `--ignore`
and `# okrctl: disable=` accept; the kebab-case name is the rule's `name`. Every rule is
described, whether it found something or not, with its documentation as help, a link to its
section of docs/rules.md (`helpUri`), and the `tags` and `precision` GitHub code scanning
filters and ranks alerts by. Files are named from the repository's root (`%SRCROOT%`, whose
absolute URI is in `originalUriBaseIds`), and columns count characters (Unicode code points).
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
# The rules page of the release that wrote the report, on okrctl's repository; a rule's section
# is `#<name>` (docs/rules.md heads each section with the rule's name). OKRCTL_RULES_URL names
# another page (`LintResult.rules_url`), for a team that hosts its own copy.
RULES_PAGE = "https://github.com/okrctl/okrctl/blob/v{version}/docs/rules.md"
SOURCE_ROOT = "%SRCROOT%"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# How often a rule's findings are right (GitHub's `precision`: very-high, high, medium, low).
# Rules that read the structure of the files are always right; these guess from wording or
# from likeness, and a goal can be written on purpose the way they warn about.
PRECISION = {
    "target-already-met": "high",
    "comment-in-text": "high",
    "placeholder": "high",
    "recurring-objective": "medium",
    "output-not-outcome": "medium",
    "title-target-mismatch": "medium",
}
# What a rule is about, beyond `correctness` (an error: the file is wrong) or `maintainability`
# (a warning or an info: the goals could be better), as tags to filter alerts by.
TOPIC = {
    "yaml-syntax": "yaml",
    "duplicate-key": "yaml",
    "comment-in-text": "yaml",
    "unknown-field": "format",
    "missing-field": "format",
    "invalid-value": "format",
    "duplicate-id": "references",
    "unresolved-reference": "references",
    "missing-owner": "ownership",
    "unknown-owner": "ownership",
    "too-many-objectives": "focus",
    "key-result-count": "focus",
    "too-many-kpis": "focus",
    "kpi-without-band": "kpis",
    "kpi-without-cadence": "kpis",
    "checkin-outside-period": "dates",
    "future-date": "dates",
    "symlink-outside-tree": "files",
}


def sentence(text: str) -> str:
    """Text as a sentence: a capital first letter and a full stop (the multitool and GitHub
    show descriptions as sentences)."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _descriptor(rule: Rule, rules_url: str) -> dict[str, Any]:
    short = sentence(summary(rule))
    page = rules_url or RULES_PAGE.format(version=__version__)
    category = "correctness" if rule.SEVERITY is Severity.ERROR else "maintainability"
    tags = [category, *([TOPIC[rule.NAME]] if rule.NAME in TOPIC else [])]
    return {
        "id": rule.CODE,
        "name": rule.NAME,
        "shortDescription": {"text": short},
        "fullDescription": {"text": f"{short} {explanation(rule)}".strip()},
        "help": {"text": documentation(rule), "markdown": markdown_help(rule)},
        "helpUri": f"{page.split('#', 1)[0]}#{rule.NAME}",
        "defaultConfiguration": {"level": LEVEL[rule.SEVERITY]},
        "properties": {"tags": tags, "precision": PRECISION.get(rule.NAME, "very-high")},
    }


def _root_uri(root: str) -> str:
    """The absolute folder `%SRCROOT%` stands for, as a file URI ending in `/` (SARIF)."""
    path = quote(root.rstrip("/"), safe="/:")
    return f"file://{path}/" if path.startswith("/") else f"file:///{path}/"


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


def _base_ids(result: LintResult) -> dict[str, Any]:
    """`originalUriBaseIds`: where `%SRCROOT%` is, when the command said (always, for lint)."""
    if not result.root:
        return {}
    where = {
        "uri": _root_uri(result.root),
        "description": {"text": "The root of the repository the goal files were linted in."},
    }
    return {"originalUriBaseIds": {SOURCE_ROOT: where}}


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
                        "rules": [_descriptor(rule, result.rules_url) for rule in rules],
                    }
                },
                **_base_ids(result),
                "invocations": [{"executionSuccessful": True}],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return escape.json_text(document) + "\n"

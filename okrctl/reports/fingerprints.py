"""Fingerprints of findings for CI systems that track them from run to run (SARIF, GitLab).

A fingerprint is made of the rule, the file (from the repository's root) and the message,
not the line: a finding keeps its fingerprint when lines above it are added or removed, so
code scanning and GitLab do not report it as fixed and new again. Identical findings in one
file are told apart by their order, so every fingerprint in a run is unique.
"""

from __future__ import annotations

import hashlib

from okrctl.linting import LintResult


def fingerprints(result: LintResult) -> list[str]:
    """One fingerprint per finding, in report order; the same input gives the same output."""
    seen: dict[tuple[str, str, str], int] = {}
    prints = []
    for finding in result.findings:
        key = (finding.code, result.from_root(finding.path), finding.message)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        text = "\0".join((*key, str(occurrence)))
        prints.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
    return prints

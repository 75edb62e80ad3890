"""Fingerprints of findings for CI systems that track them from run to run (SARIF, GitLab).

A fingerprint is made of the rule's code, the file (from the repository's root) and the YAML
path of the node the finding is about (`LintResult.anchors`), never of a line number or of
the message (which may name a line: "first defined at line 21"): a finding keeps its
fingerprint when lines above it, in its file or in another one, are added or removed, so
GitLab and code scanning do not report it as fixed and new again. Findings of one rule at one
node are told apart by their order there (a stable discriminator: it changes only when a
finding of that rule appears at that node before it), so every fingerprint in a run is unique.
"""

from __future__ import annotations

import hashlib
import json

from okrctl.linting import LintResult

# The name SARIF gives the fingerprint (`partialFingerprints`): v2 is the YAML-path one; v1
# hashed the message, so a v1 print is never compared with a v2 one.
NAME = "okrctl/v2"


def fingerprints(result: LintResult) -> list[str]:
    """One fingerprint per finding, in report order; the same input gives the same output."""
    seen: dict[tuple[str, str, str], int] = {}
    prints = []
    for finding in result.findings:
        # JSON keeps the path's parts apart and tells the item 1 from the key "1".
        node = json.dumps(list(result.anchors.get(finding.location, ())), ensure_ascii=False)
        key = (finding.code, result.from_root(finding.path), node)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        text = "\0".join((*key, str(occurrence)))
        prints.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
    return prints

"""The lint report as a Markdown job summary for GitHub Actions (`$GITHUB_STEP_SUMMARY`).

GitHub shows only ten annotations of each kind per step; the summary has the counts per
severity and per rule, and a table of the first findings, so a long list is not lost.
"""

from __future__ import annotations

from collections import Counter

from okrctl.findings import Severity
from okrctl.linting import LintResult
from okrctl.reports import Style, escape

# Enough to act on; past it the annotations, the SARIF alerts or a local run have the rest.
MAX_ROWS = 50


def _cell(text: str) -> str:
    """Text safe in a table cell: one line, no column break, no HTML, no mention."""
    return escape.markdown(text, every_angle=True)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(result: LintResult, style: Style) -> str:
    files = _plural(result.files, "file")
    if not result.findings:
        return f"### okrctl lint\n\nAll checks passed ({files}).\n\n"
    counts = Counter(f.severity for f in result.findings)
    affected = len({f.path for f in result.findings})
    found = ", ".join(
        _plural(counts[severity], word)
        for severity, word in (
            (Severity.ERROR, "error"),
            (Severity.WARNING, "warning"),
            (Severity.INFO, "info"),
        )
        if counts[severity]
    )
    lines = [
        "### okrctl lint",
        "",
        f"Found {found} in {affected} of {files}.",
        "",
        "| severity | findings |",
        "|---|---:|",
        *(f"| {severity.value} | {counts[severity]} |" for severity in Severity),
        "",
        "| rule | severity | findings |",
        "|---|---|---:|",
    ]
    rules = Counter((f.code, f.rule, f.severity) for f in result.findings)
    for (code, rule, severity), count in sorted(rules.items()):
        lines.append(f"| {code} {rule} | {severity.value} | {count} |")
    lines += ["", "| where | severity | rule | message |", "|---|---|---|---|"]
    for f in result.findings[:MAX_ROWS]:
        where = _cell(f"{result.from_root(f.path)}:{f.line}:{f.column}")
        lines.append(f"| {where} | {f.severity.value} | {f.code} {f.rule} | {_cell(f.message)} |")
    hidden = len(result.findings) - MAX_ROWS
    if hidden > 0:
        lines += [
            "",
            f"... and {_plural(hidden, 'more finding')}: run `okrctl lint` for all of them.",
        ]
    return escape.lines("\n".join(lines) + "\n\n")

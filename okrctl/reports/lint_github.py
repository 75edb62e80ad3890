"""The lint report as GitHub Actions workflow commands, shown as annotations on the diff.

Files are named from the repository's root, which is where GitHub looks for them whatever the
step's working directory. GitHub shows at most ten annotations of each kind (error, warning,
notice) per step and drops the rest without a word, so the ones shown are chosen: findings in
the files the pull request changes first (when git can tell, `LintResult.changed`), then
errors before warnings before infos, ten of each; one last `::notice` says how many more
there are and where they are (the job summary counts them all, `okrctl lint` lists them).
"""

from __future__ import annotations

from collections import Counter

from okrctl.findings import Finding, Severity
from okrctl.linting import LintResult
from okrctl.reports import Style, escape

# The escapes under their former names here (tests and scripts import them from this module).
escape_data = escape.command_data
escape_property = escape.command_property

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_WORD = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}

# Annotations GitHub shows per step of each kind; the rest are dropped without notice.
PER_KIND = 10


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _annotation(result: LintResult, f: Finding) -> str:
    properties = [f"file={escape.command_property(result.from_root(f.path))}", f"line={f.line}"]
    end_line, end_column = result.ends.get(f.location, (f.line, f.column))
    # GitHub's end column is the finding's last character (SARIF's, the one after it), and it
    # takes columns on one line only (@actions/core refuses endColumn across lines).
    on_one_line = end_line == f.line and end_column > f.column
    if end_line > f.line or on_one_line:
        properties.append(f"endLine={end_line}")
    properties.append(f"col={f.column}")
    if on_one_line:
        properties.append(f"endColumn={end_column - 1}")
    properties.append(f"title={escape.command_property(f'{f.code} {f.rule}')}")
    return f"::{_LEVEL[f.severity]} {','.join(properties)}::{escape.command_data(f.message)}\n"


def shown(result: LintResult) -> tuple[list[Finding], Counter[Severity]]:
    """The findings annotated, in the order written, and how many of each severity are not."""
    changed = result.changed

    def rank(numbered: tuple[int, Finding]) -> tuple[int, int, int]:
        index, finding = numbered
        outside = changed is not None and result.from_root(finding.path) not in changed
        return (int(outside), _ORDER[finding.severity], index)

    ordered = [finding for _, finding in sorted(enumerate(result.findings), key=rank)]
    counts = Counter(finding.severity for finding in ordered)
    overflow = any(count > PER_KIND for count in counts.values())
    # The closing notice is a notice too: with it, one notice less is left for infos.
    room = {severity: PER_KIND - (severity is Severity.INFO and overflow) for severity in Severity}
    kept: list[Finding] = []
    taken: Counter[Severity] = Counter()
    hidden: Counter[Severity] = Counter()
    for finding in ordered:
        if taken[finding.severity] < room[finding.severity]:
            taken[finding.severity] += 1
            kept.append(finding)
        else:
            hidden[finding.severity] += 1
    return kept, hidden


def render(result: LintResult, style: Style) -> str:
    kept, hidden = shown(result)
    lines = [_annotation(result, f) for f in kept]
    more = sum(hidden.values())
    if more:
        counts = ", ".join(
            _plural(hidden[severity], _WORD[severity]) for severity in Severity if hidden[severity]
        )
        text = (
            f"{_plural(more, 'more finding')} ({counts}) not shown as annotations: GitHub shows "
            f"{PER_KIND} of each kind per step. The job summary counts every finding; "
            "`okrctl lint` lists them all."
        )
        lines.append(f"::notice title=okrctl lint::{escape.command_data(text)}\n")
    return "".join(lines)

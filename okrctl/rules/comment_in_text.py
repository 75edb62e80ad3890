"""comment-in-text: a `#` comment most likely cut a title, a note or a unit short.

YAML reads ` #` and everything after it on the line as a comment, so `title: Latency is no
longer our #1 complaint` stores the title "Latency is no longer our", and nothing says so. A
text value (a `title`, `description`, `note`, `reason` or `unit`, a link's `title` too)
written without quotes is reported when a comment follows it on the same line and

- the comment has no space after its `#` (`#1`, `#hashtag`, `#42`): it reads as part of the
  text; or
- the value is a `title`, a `description`, a `note` or a dropped key result's `reason`: free
  text, which a comment most likely cut.

A quoted value keeps its `#`, and a `# okrctl: disable=...` comment is not reported. The
finding points at the `#`, and its message shows the whole line and the value quoted.

Failing:

    - title: Latency is no longer our #1 complaint
      done: false
    - title: Reduce churn   # see the finance model
      start: 2.6
      target: 2.0

Passing:

    - title: "Latency is no longer our #1 complaint"
      done: false
    # see the finance model
    - title: Reduce churn
      start: 2.6
      target: 2.0

Fix: quote the value (`title: "Latency is no longer our #1 complaint"`), or move the comment
to a line of its own.
"""

import re
from collections.abc import Iterator, Sequence
from typing import Protocol

from okrctl.findings import Location, Problem, Severity
from okrctl.model.goals import GoalFile, NumericKeyResult
from okrctl.rules.base import RuleContext, problem

CODE = "OK114"
NAME = "comment-in-text"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True

FREE_TEXT = ("title", "description", "note", "reason")
# A comment starts at a `#` after a space or tab; `# okrctl: ...` silences rules, it cuts nothing.
_COMMENT = re.compile(r"[ \t]#")
_DIRECTIVE = re.compile(r"#\s*okrctl:")
# A line worth a closer look: a comment with no space after its `#`, or free text.
_SUSPECT = re.compile(r"[ \t]#(?!\s|$|\s*okrctl:)|\b(?:title|description|note|reason)\s*:")
# What a value that is not plain (quoted, block, flow, anchored, tagged) starts with.
_NOT_PLAIN = frozenset("\"'|>[{&!*")


class _Noted(Protocol):
    """A check-in of either kind: what this rule reads of it."""

    @property
    def note(self) -> str | None: ...


def _text_values(goal: GoalFile) -> Iterator[tuple[str, str, Location]]:
    """(field, value, where) of every title, description, note and unit of a goal file, in
    file order."""
    # A part that failed validation in part is checked as far as it is valid (`valid`).
    for objective in goal.objectives:
        if objective.valid("title"):
            yield "title", objective.title, objective.where("title")
        if objective.description is not None and objective.valid("description"):
            yield "description", objective.description, objective.where("description")
        for index, link in enumerate(objective.links or ()):
            yield "title", link.title, objective.where_path("links", index, "title")
        for kr in objective.key_results:
            if kr.valid("title"):
                yield "title", kr.title, kr.where("title")
            if kr.note is not None and kr.valid("note"):
                yield "note", kr.note, kr.where("note")
            for index, link in enumerate(kr.links or ()):
                yield "title", link.title, kr.where_path("links", index, "title")
            if isinstance(kr, NumericKeyResult) and kr.unit is not None:
                yield "unit", kr.unit, kr.where("unit")
            if kr.valid("reason") and kr.reason is not None:  # unset when it failed
                yield "reason", kr.reason, kr.where("reason")
            # Every kind has check-ins (a KPI-linked key result's are self-graded scores).
            checkins: Sequence[_Noted] = kr.checkins or ()
            for index, checkin in enumerate(checkins):
                note: str | None = getattr(checkin, "note", None)  # unset: failed validation
                if note is not None:
                    yield "note", note, kr.where_path("checkins", index, "note")
    for kpi in goal.kpis:
        if kpi.valid("title"):
            yield "title", kpi.title, kpi.where("title")
        if kpi.unit is not None:
            yield "unit", kpi.unit, kpi.where("unit")
        for index, measurement in enumerate(kpi.measurements):
            said: str | None = getattr(measurement, "note", None)
            if said is not None:
                yield "note", said, kpi.where_path("measurements", index, "note")


def _quoted(text: str) -> str:
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _cut(field: str, value: str, where: Location, line: str) -> Problem | None:
    """The finding for a plain value at `where` on `line`, if a comment follows it there."""
    start = where.column - 1
    if start >= len(line) or line[start] in _NOT_PLAIN:
        return None
    comment_at = _COMMENT.search(line, start)
    if comment_at is None:
        return None
    # The value must be the text before the comment: a plain scalar on one line, not one
    # that ended earlier (at a `,` or `}` of a flow mapping) or goes on below.
    if line[start : comment_at.start()].strip() != value:
        return None
    comment = line[comment_at.start() + 1 :].rstrip()
    tight = len(comment) > 1 and not comment[1].isspace()
    if _DIRECTIVE.match(comment) or not (tight or field in FREE_TEXT):
        return None
    whole = line[start:].rstrip()
    other = "" if tight else "; or put the comment on a line of its own"
    return problem(
        NAME,
        Location(where.path, where.line, comment_at.start() + 2),
        f"a comment cuts the {field} short: in `{line.strip()}` YAML reads `{comment}` as a "
        f"comment and keeps `{value}`; quote the value if the text goes on: "
        f"`{field}: {_quoted(whole)}`{other}",
    )


def check(ctx: RuleContext) -> Iterator[Problem]:
    for file in ctx.tree.files:
        commented = file.suppressions.commented
        goal = ctx.tree.goal_of(file)
        if goal is None or not any(_SUSPECT.search(line) for line in commented.values()):
            continue  # positions are looked up only in a file that may have a cut value
        for field, value, where in _text_values(goal):
            line = commented.get(where.line)
            if line is not None:
                found = _cut(field, value, where, line)
                if found is not None:
                    yield found

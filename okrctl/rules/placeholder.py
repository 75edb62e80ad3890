"""placeholder: a title still holds a placeholder or a reviewer's question.

Goals are drafted from templates and reviewed in comments; what is left over reads like a
goal to a tool and to a dashboard, but nobody can be held to "Reduce churn to X%". A title of
an objective, a key result or a KPI is reported when it holds

- a placeholder word: TBD, TBC, TBA, TODO, FIXME, XX, XXX;
- a placeholder number: `X%`, `N%`, `XX%`, `$XK`, `$X`, `X.X`, a lone `N` or `N/A`, or a
  lone `X`, `Y`, `Z` where a number goes ("from X to Y", "to X");
- two or more question marks (`??`, `???`), or a template slot such as `<metric>`;
- a reviewer's note: an `@name`, or a parenthesis that starts with confirm, check, verify,
  validate, ask, needs or pending ("Churn down to 2% (confirm with finance)");
- a reviewer's question: a question mark ("CSAT reaches 4.6 (is this realistic?)"); a title
  states what will be true, it does not ask.

Failing:

    - title: Reduce monthly churn to X%
      start: 2.6
      target: 2.0
    - title: CSAT reaches 4.6 (is this realistic?)
      start: 4.1
      target: 4.6

Passing:

    - title: Reduce monthly churn to 2%
      start: 2.6
      target: 2.0

Fix: fill in the real value, answer the question, and write the title the team commits to.
"""

import re
from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.goals import Model
from okrctl.rules.base import RuleContext, problem

CODE = "OK115"
NAME = "placeholder"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, int] = {}
# What it finds in a file depends on that file alone: the lint engine keeps it by file.
PER_FILE = True

# What is left where a value should be; the `slot` group, where there is one, is what is shown.
_PLACEHOLDERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:TBD|TBC|TBA)\b", re.IGNORECASE), "placeholder"),
    (re.compile(r"\b(?:TODO|FIXME|XXX?)\b"), "placeholder"),
    (
        re.compile(r"(?<![\w$€£])[$€£]?(?:X+|N+|x{2,}|n{2,})(?:\.[Xx]+)?(?:%|[kKMB]\b)"),
        "placeholder",
    ),
    (re.compile(r"(?<![\w])[$€£](?:X+|N+)\b"), "placeholder"),
    (re.compile(r"(?<![\w.])X\.X\b"), "placeholder"),
    (
        re.compile(
            r"\b(?:from|to|by|reach(?:es)?|of|at|under|below|above|over)\s+"
            r"(?P<slot>X|Y|N|Z)\b(?![-.])"
        ),
        "placeholder",
    ),
    (re.compile(r"(?<![\w-])(?P<slot>N(?:/A)?)(?![\w.-])"), "placeholder"),  # Hire N engineers
    (re.compile(r"\?{2,}"), "placeholder"),
    (re.compile(r"<[^<>\n]{1,40}>"), "template slot"),
    (
        re.compile(
            r"\((?:confirm|check|verify|validate|ask|needs?|pending)\b[^)]*\)?", re.IGNORECASE
        ),
        "reviewer's note",
    ),
    (re.compile(r"(?<![\w.])@[A-Za-z][\w.-]*"), "reviewer's note"),
)
# A title is a statement: a question in it was asked by someone reviewing it.
_QUESTION = re.compile(r"\?")
# What every pattern above needs, to pass over most titles with one search.
_MAYBE = re.compile(r"[?<(@XYNZ]|xx|nn|(?i:tb[dca]|todo|fixme)")


def _found(title: str) -> tuple[str, str] | None:
    """The first placeholder or reviewer's note or question in a title, and what it is."""
    if _MAYBE.search(title) is None:
        return None
    for pattern, what in _PLACEHOLDERS:
        found = pattern.search(title)
        if found:
            slot = found.groupdict().get("slot") or found.group(0)
            return slot.strip(), what
    found = _QUESTION.search(title)
    if found:
        return _question(title, found.end()), "reviewer's question"
    return None


def _question(title: str, end: int) -> str:
    """The words of the question ending at `end`: from the nearest opening bracket, dash,
    colon or comma before it (or the start of the title)."""
    marks = ("(", "[", " - ", " – ", ": ")
    starts = [at + len(mark) for mark in marks if (at := title.rfind(mark, 0, end)) >= 0]
    return title[max(starts, default=0) : end].strip()


def _titled(ctx: RuleContext) -> Iterator[tuple[str, str, Model]]:
    """(what, title, model) of every objective, key result and KPI, in tree order. The title's
    location is looked up only for a finding: it costs a parse of the file."""
    # A part that failed validation in part is checked as far as it is valid (`valid`).
    for placed in ctx.tree.objectives:
        objective = placed.objective
        if objective.valid("title"):
            yield "objective", objective.title, objective
        for kr in objective.key_results:
            if kr.valid("title"):
                yield "key result", kr.title, kr
    for kpi in ctx.tree.kpis.values():
        if kpi.kpi.valid("title"):
            yield "KPI", kpi.kpi.title, kpi.kpi


def check(ctx: RuleContext) -> Iterator[Problem]:
    for what, title, model in _titled(ctx):
        found = _found(title)
        if found is None:
            continue
        text, kind = found
        if kind.startswith("reviewer's"):
            advice = "settle it, then write the title the team commits to"
        else:
            advice = "fill in the real value before the period starts"
        yield problem(
            NAME,
            model.where("title"),
            f"{what} title `{title}` still holds a {kind} `{text}`: {advice}",
        )

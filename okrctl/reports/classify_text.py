"""`okrctl classify`: the answers, the recommendation with its reasons, and the draft."""

from __future__ import annotations

import textwrap

from okrctl.compute.classify import LEANS, Classification
from okrctl.reports import Style, escape
from okrctl.reports.draft_yaml import to_yaml


def _bullets(lines: list[str], wrap: int) -> str:
    return "".join(
        textwrap.fill(escape.text(line), wrap, initial_indent="  - ", subsequent_indent="    ")
        + "\n"
        for line in lines
    )


def render(result: Classification, style: Style) -> str:
    width = style.width
    verdict, draft = result.verdict, result.draft
    wrap = (width or 80) - 2
    parts = ["Answers:\n"]
    for number, (question, option) in enumerate(verdict.answers, start=1):
        parts.append(
            f"  {number}. {escape.text(question.text)}\n"
            f"     {option.key}: {escape.text(option.text)} "
            f"({LEANS[option.lean]})\n"
        )
    total = len(verdict.answers)
    parts.append(
        f"\nRecommendation: {LEANS[verdict.recommendation]} "
        f"({verdict.votes} of {total} answers)\n\nWhy:\n{_bullets(verdict.reasons, wrap)}"
    )
    if verdict.against:
        parts.append(f"\nAgainst:\n{_bullets(verdict.against, wrap)}")
    for note in verdict.notes:
        parts.append("\n" + textwrap.fill(escape.text(note), wrap) + "\n")
    if draft.data is None:
        parts.append(f"\nNo draft: {escape.text(str(draft.missing))}.\n")
    else:
        body = textwrap.indent(to_yaml(draft.data), "    ")
        parts.append(f"\nDraft, for {escape.text(draft.where)}:\n\n{body}")
        if draft.advice:
            parts.append("\n" + _bullets(list(draft.advice), wrap))
    return escape.lines("".join(parts))

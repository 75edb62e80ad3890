"""`okrctl classify --format yaml`: the draft alone, the recommendation in comments."""

from __future__ import annotations

import textwrap

from okrctl.compute.classify import LEANS, Classification
from okrctl.reports import Style, escape
from okrctl.reports.draft_yaml import to_yaml


def render(result: Classification, style: Style) -> str:
    verdict, draft = result.verdict, result.draft
    assert draft.data is not None  # the command refuses --format yaml without a draft
    total = len(verdict.answers)
    lines = [
        f"{LEANS[verdict.recommendation]} ({verdict.votes} of {total} answers): "
        + "; ".join(verdict.reasons)
        + ".",
        f"Goes into: {draft.where}.",
        *draft.advice,
    ]
    header = "".join(
        f"# {line}\n" for text in lines for line in textwrap.wrap(escape.text(text), 96)
    )
    return escape.lines(header + to_yaml(draft.data))

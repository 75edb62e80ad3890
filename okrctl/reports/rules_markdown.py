"""`okrctl rules --format markdown`: every rule's documentation, the page docs/rules.md is."""

from __future__ import annotations

from okrctl.reports import Style
from okrctl.rules.docs import RuleDocs, markdown


def render(docs: RuleDocs, style: Style) -> str:
    return markdown()  # the whole page, whichever rule is named: it is the docs' one page

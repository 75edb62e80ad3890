"""`okrctl rules`: one rule's documentation, or every rule on a line."""

from __future__ import annotations

from okrctl.reports import Style
from okrctl.rules import all_rules
from okrctl.rules.docs import RuleDocs, documentation, summary


def render(docs: RuleDocs, style: Style) -> str:
    if docs.rule is not None:
        return documentation(docs.rule)
    width = max(len(r.NAME) for r in all_rules())
    lines = [
        f"{rule.CODE}  {rule.NAME:<{width}}  {rule.SEVERITY.value:<7}  {summary(rule)}\n"
        for rule in all_rules()
    ]
    return "".join(lines) + "\nRun `okrctl rules NAME` for a rule's documentation.\n"

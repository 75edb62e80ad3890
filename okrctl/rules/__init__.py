"""The lint rules. One module per rule; its docstring is the rule's documentation.

The registry lists them once, in code order; `okrctl rules`, the lint engine and the
documentation all read this one list.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import cast

from okrctl.rules.base import Rule

RULE_MODULES = (
    "yaml_syntax",
    "duplicate_key",
    "unknown_field",
    "missing_field",
    "invalid_value",
    "duplicate_id",
    "unresolved_reference",
    "no_change_target",
    "level_order",
    "alignment_cycle",
    "plan_order",
    "secret_in_source",
    "missing_owner",
    "unknown_owner",
    "too_many_objectives",
    "key_result_count",
    "too_many_kpis",
    "kpi_without_band",
    "kpi_without_cadence",
    "target_already_met",
    "recurring_objective",
    "output_not_outcome",
    "checkin_outside_period",
    "future_date",
    "symlink_outside_tree",
    "comment_in_text",
    "placeholder",
    "title_target_mismatch",
    "self_score_disagrees",
    "kr_without_initiative",
    "initiative_without_result",
    "missing_retro",
    "source_sql",
)


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in code order."""
    return tuple(
        cast(Rule, importlib.import_module(f"okrctl.rules.{name}")) for name in RULE_MODULES
    )


@cache
def rules_by_key() -> dict[str, Rule]:
    """Rules by name and by code, for lookups from the command line and the config."""
    index: dict[str, Rule] = {}
    for rule in all_rules():
        index[rule.NAME] = rule
        index[rule.CODE] = rule
    return index


def find_rule(key: str) -> Rule | None:
    return rules_by_key().get(key.strip())

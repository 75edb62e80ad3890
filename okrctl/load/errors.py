"""Turn pydantic validation errors into problems at the exact key or value they are about."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from okrctl.findings import Problem
from okrctl.source import Positions, YamlPath
from okrctl.spelling import did_you_mean
from okrctl.wording import excerpt

_QUOTED = re.compile(r"'([^']*)'")

# What nested mappings are, by the field that holds them, for unknown-field suggestions.
NestedFields = Mapping[str, Iterable[str]]


def dotted(loc: tuple[Any, ...]) -> str:
    """`checkins[2].value` for the loc ("checkins", 2, "value")."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def translate(
    error: Mapping[str, Any],
    at: YamlPath,
    source: Positions,
    what: str,
    fields: Iterable[str],
    nested: NestedFields,
    foreign: Iterable[str] = (),
) -> Problem:
    """One pydantic error on the part `what` (e.g. "key result") read at `at` -> one Problem.

    `fields` are the part's own field names; `nested` the field names of mappings nested in it
    (checkins, band, ...); `foreign` names that belong to a sibling kind, for a better message.
    """
    loc: tuple[Any, ...] = tuple(error["loc"])
    kind: str = error["type"]
    if kind in ("missing", "missing_argument"):  # the second from pydantic dataclasses
        # A validator's own "missing" error names the field it misses and its hint in `ctx`
        # (a check-in without `value` or `score`, a dropped key result without `reason`).
        ctx = error.get("ctx") or {}
        name = excerpt(str(ctx.get("field", loc[-1])))
        parent = loc[:-1]
        place = f"{what} `{dotted(parent)}`" if parent else what
        hint = ctx.get("hint", _MISSING_HINTS.get(name, ""))
        return Problem(
            "missing-field", source.value(at + parent), f"{place} is missing `{name}`{hint}"
        )
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        name = str(loc[-1])
        holder = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), None)
        known = list(nested[holder]) if holder is not None and holder in nested else list(fields)
        if holder not in nested and name in foreign:
            message = (
                f"`{name}` does not belong in this {what}: a key result is exactly one of "
                "numeric (`start`/`target`), binary (`done`) or KPI-linked (`kpi`/`target`)"
            )
        else:
            hint = did_you_mean(name, known) if len(name) < 100 else ""
            message = f"unknown field `{excerpt(name)}` in {what}{hint}"
        return Problem("unknown-field", source.key(at + loc), message)
    message = _message(kind, error)
    field = dotted(loc)
    return Problem(
        "invalid-value", source.value(at + loc), f"`{field}`: {message}" if field else message
    )


_MISSING_HINTS = {
    "type": " (committed or aspirational: set it when the objective is written)",
    "owner": " (the one person who answers for it)",
    "target": " (the value that means the key result is met)",
    "start": " (the value when the period began)",
    "title": "",
}


def _message(kind: str, error: Mapping[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "literal_error":
        allowed = _QUOTED.findall(str(ctx.get("expected", "")))
        # Quoted short: a value made by aliases can be megabytes long.
        text = excerpt(value)
        hint = did_you_mean(text, allowed) if isinstance(value, str) and len(value) < 100 else ""
        return f"`{text}` is not one of {', '.join(allowed)}{hint}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        from okrctl.model.types import describe

        return f"expected a mapping, got {describe(value)}"
    if kind == "list_type":
        from okrctl.model.types import describe

        return f"expected a list, got {describe(value)}"
    if kind == "too_short":
        return "this list is empty"
    return excerpt(str(error["msg"]), 300)

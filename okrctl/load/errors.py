"""Turn pydantic validation errors into problems at the exact key or value they are about."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic_core import ErrorDetails

from okrctl.findings import Problem
from okrctl.model.sources import SOURCE_KINDS
from okrctl.source import Positions, YamlPath
from okrctl.spelling import closest, did_you_mean
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


# Fields whose value is free text: a comma inside one, in a flow mapping, ends the value.
_TEXT_FIELDS = ("note", "title", "unit", "worked", "didnt", "next")
# Lists of dated items, and what one item is called in a message.
_DATED_ITEMS = {"checkins": "check-in", "measurements": "measurement"}


def translate_all(
    errors: list[ErrorDetails],
    at: YamlPath,
    source: Positions,
    what: str,
    fields: Iterable[str],
    nested: NestedFields,
    foreign: Iterable[str] = (),
    data: Any = None,
) -> Iterator[Problem]:
    """The problems of all pydantic errors on one part, each error let go once translated.

    A misspelt key (`taget`) is two errors, an unknown field and a missing one; the missing
    field is dropped when the misspelling's suggestion is that very field, so the typo is
    reported once, at the key, with its did-you-mean. `data` is the part as written, to name
    a check-in by its date and to see a note a comma split. The list is emptied as it goes:
    a million bad items must not be held twice (as errors, then as problems).
    """
    fields = list(fields)
    for error in errors:
        error["loc"] = _untagged(tuple(error["loc"]))
    missing = {_missed(error) for error in errors if error["type"] in _MISSING}
    explained: set[tuple[Any, ...]] = set()
    if missing:
        parents = {loc[:-1] for loc in missing}
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"] in _EXTRA and loc[:-1] in parents and isinstance(loc[-1], str):
                meant = closest(loc[-1], _known(loc, fields, nested))
                if meant is not None and loc[:-1] + (meant,) in missing:
                    explained.add(loc[:-1] + (meant,))
    errors.reverse()
    while errors:
        error = errors.pop()
        if explained and error["type"] in _MISSING and _missed(error) in explained:
            continue
        yield translate(error, at, source, what, fields, nested, foreign, data)


def _untagged(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """`loc` without the union tag pydantic puts after `source` (`source.sql.query`): the
    YAML has no such key."""
    for index, part in enumerate(loc[:-1]):
        if part == "source" and loc[index + 1] in SOURCE_KINDS:
            return loc[: index + 1] + loc[index + 2 :]
    return loc


_EXTRA = ("extra_forbidden", "unexpected_keyword_argument")  # the second: pydantic dataclasses
_MISSING = ("missing", "missing_argument")


def _missed(error: ErrorDetails) -> tuple[Any, ...]:
    """Where the missing field of a "missing" error is: a validator's own error names it in
    `ctx` (a check-in's `value`, missed where its `score` is checked)."""
    loc = tuple(error["loc"])
    ctx = error.get("ctx") or {}
    return loc[:-1] + (ctx.get("field", loc[-1]),) if loc else loc


def _known(loc: tuple[Any, ...], fields: Iterable[str], nested: NestedFields) -> list[str]:
    """The field names known where the unknown field at `loc` is written."""
    holder = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), None)
    return list(nested[holder]) if holder is not None and holder in nested else list(fields)


def _walk(data: Any, loc: tuple[Any, ...]) -> Any:
    """The value at `loc` inside the part as written, or None when it is not there."""
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _holder_name(what: str, loc: tuple[Any, ...], data: Any) -> str:
    """`check-in 2026-10-15 of numeric key result `Title`` for an unknown field in a check-in;
    `what` for one in the part itself (or anywhere else)."""
    if len(loc) < 3 or loc[0] not in _DATED_ITEMS or not isinstance(loc[1], int):
        return what
    item = _walk(data, loc[:2])
    day = item.get("date") if isinstance(item, dict) else None
    which = (
        f"{_DATED_ITEMS[loc[0]]} {excerpt(day)}"
        if day is not None
        else (f"{_DATED_ITEMS[loc[0]]} {loc[1] + 1} (`{dotted(loc[:2])}`)")
    )
    name = data.get("title") if isinstance(data, dict) else None
    if what == "KPI" and isinstance(data, dict) and isinstance(data.get("id"), str):
        name = data["id"]
    return f"{which} of {what} `{excerpt(name)}`" if isinstance(name, str) else f"{which} of {what}"


def _split_text(loc: tuple[Any, ...], data: Any) -> str | None:
    """The message for an unknown key that is the tail of a text a comma cut, else None.

    In a flow mapping (`{date: 2026-10-01, note: Mid-Q actual blank, projection 0.4}`) a
    comma ends a plain value, so the note's tail becomes a key of its own, with no value.
    """
    name = loc[-1]
    holder = _walk(data, loc[:-1])
    if not isinstance(name, str) or not isinstance(holder, dict) or holder.get(name) is not None:
        return None
    keys = list(holder)
    place = keys.index(name) if name in keys else 0
    before = keys[place - 1] if place > 0 else None
    if before not in _TEXT_FIELDS or not isinstance(holder.get(before), str):
        return None
    whole = f"{holder[before]}, {name}"
    return (
        f"`{excerpt(name)}` is not a field: a comma ended the `{before}` before it (in a flow "
        f"mapping `{{...}}` a comma separates fields); quote the {before}: "
        f'{before}: "{excerpt(whole, 120)}"'
    )


def translate(
    error: Mapping[str, Any],
    at: YamlPath,
    source: Positions,
    what: str,
    fields: Iterable[str],
    nested: NestedFields,
    foreign: Iterable[str] = (),
    data: Any = None,
) -> Problem:
    """One pydantic error on the part `what` (e.g. "key result") read at `at` -> one Problem.

    `fields` are the part's own field names; `nested` the field names of mappings nested in it
    (checkins, band, ...); `foreign` names that belong to a sibling kind, for a better message;
    `data` the part as written (to name a check-in by its date), when the caller has it.
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
        split = _split_text(loc, data) if data is not None else None
        if split is not None:
            message = split
        elif holder not in nested and name in foreign:
            message = (
                f"`{name}` does not belong in this {what}: a key result is exactly one of "
                "numeric (`start`/`target`), binary (`done`), KPI-linked (`kpi`/`target`) or "
                "redacted (`target: redacted`)"
            )
        else:
            hint = did_you_mean(name, known) if len(name) < 100 else ""
            message = f"unknown field `{excerpt(name)}` in {_holder_name(what, loc, data)}{hint}"
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

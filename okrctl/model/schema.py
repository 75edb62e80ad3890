"""The JSON Schema of goal files and of `okrctl.yaml`, generated from the models, for editors.

yaml-language-server (VS Code, JetBrains, Neovim) reads it through a
`# yaml-language-server: $schema=...` modeline and gives completion, hover docs and
validation as you type. The schema declares draft 2020-12 but uses only keywords that mean the
same in draft-07, which is what yaml-language-server validates with.

The schema never rejects a file okrctl accepts (an editor must not flag a valid file); it may
accept a file okrctl rejects, because some checks need the whole tree (references, duplicate
ids) or compare values (`start` equal to `target`).

A key result's kind is chosen the way the loader chooses it (`key_result_kind`: `kpi`, else
`start`, else `done`, ...), as a chain of `if`/`then`/`else` on those fields, so an editor
checks the key result against that one kind and says what lint says (`Property current is not
allowed` in a KPI-linked key result). A bare `oneOf` of the kinds made yaml-language-server
report the complaints of the kinds the key result is not (`Missing property start`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class SchemaKind:
    """One of the two kinds of file okrctl reads, and how its schema is named."""

    name: str  # as given to `okrctl schema --kind`
    id: str
    title: str
    description: str
    file_name: str  # the conventional file name, as `okrctl init` writes it


KINDS: dict[str, SchemaKind] = {
    kind.name: kind
    for kind in (
        SchemaKind(
            "goal",
            "urn:okrctl:schema:goal-file:1",
            "okrctl goal file",
            "A team's objectives for a period, its KPIs, or both (okrctl goal-file format, "
            "version 1). Reference: docs/format.md.",
            "goal-file.schema.json",
        ),
        SchemaKind(
            "config",
            "urn:okrctl:schema:config:1",
            "okrctl.yaml",
            "okrctl's settings for a goal tree: roster, fiscal year, scoring, KPI and lint "
            "settings, limits. Every key is optional. Reference: docs/format.md.",
            "okrctl-config.schema.json",
        ),
    )
}


def _model(kind: str) -> type[BaseModel]:
    if kind == "goal":
        from okrctl.model.goals import GoalFile

        return GoalFile
    from okrctl.model.config import Config

    return Config


def _kind(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _any_field(*names: str) -> dict[str, Any]:
    return {"anyOf": [{"required": [name]} for name in names]}


def _checkins_holding(item: dict[str, Any], without: dict[str, Any] | None = None) -> Any:
    """The key result has a `checkins` list with an item like `item` (and none like
    `without`)."""
    checkins: dict[str, Any] = {"type": "array", "contains": {"type": "object", **item}}
    if without is not None:
        checkins["not"] = {"contains": {"type": "object", **without}}
    return {"required": ["checkins"], "properties": {"checkins": checkins}}


def key_result_schema(kind_keys: dict[str, Any]) -> dict[str, Any]:
    """A key result, checked against the one kind its fields make it, in the order of
    `okrctl.model.goals.key_result_kind`: `kpi`; else `target: redacted`; else `start`; else
    `done`; else `target`, `current`, `direction` or `unit`; else its check-ins (a true/false
    value, or only self-graded scores, make a milestone); else numeric. That last branch also
    lists `kind_keys`, so an editor offers them on a key result that has no kind yet."""
    true_or_false = {"required": ["value"], "properties": {"value": {"type": "boolean"}}}
    steps: list[tuple[dict[str, Any], str]] = [
        ({"required": ["kpi"]}, "KpiKeyResult"),
        (
            {"required": ["target"], "properties": {"target": {"const": "redacted"}}},
            "RedactedKeyResult",
        ),
        ({"required": ["start"]}, "NumericKeyResult"),
        ({"required": ["done"]}, "BinaryKeyResult"),
        (_any_field("target", "current", "direction", "unit"), "NumericKeyResult"),
        (_checkins_holding(true_or_false), "BinaryKeyResult"),
        (
            _checkins_holding({"required": ["score"]}, without={"required": ["value"]}),
            "BinaryKeyResult",
        ),
    ]
    # `allOf`, not `$ref` with siblings, which draft-07 (yaml-language-server) would ignore.
    schema: dict[str, Any] = {"properties": kind_keys, "allOf": [_kind("NumericKeyResult")]}
    for condition, kind in reversed(steps):
        schema = {"if": condition, "then": _kind(kind), "else": schema}
    return schema


def _kind_keys(defs: dict[str, Any]) -> dict[str, Any]:
    """The keys that make a key result binary or KPI-linked, with their docs and no checks of
    their own (the kind checks them), for a key result that has no kind yet."""
    keys = {}
    for name, kind, makes in (
        ("kpi", "KpiKeyResult", "a KPI-linked key result"),
        ("done", "BinaryKeyResult", "a milestone (binary key result)"),
    ):
        field = defs[kind]["properties"][name]
        keys[name] = {
            "description": f"{field['description']} Makes {makes}.",
            "examples": field["examples"]
            if "examples" in field
            else next(choice["examples"] for choice in field["anyOf"] if "examples" in choice),
        }
    return keys


def _discriminate_key_results(schema: dict[str, Any]) -> None:
    """Replace pydantic's `oneOf` of the key-result kinds with `key_result_schema`."""
    key_results = schema["$defs"]["Objective"]["properties"]["key_results"]
    assert set(key_results["items"]) == {"oneOf"}, "the key-result union changed shape"
    key_results["items"] = key_result_schema(_kind_keys(schema["$defs"]))


def _stray_value_first(schema: dict[str, Any]) -> None:
    """A KPI-linked key result's check-in needs its `score` only when it has no `value`: one
    with a `value` is told that `value` does not belong (lint's meaning), not that `score` is
    missing, which yaml-language-server would say first."""
    checkin = schema["$defs"]["ScoreCheckin"]
    checkin["required"].remove("score")
    checkin["if"] = {"not": {"required": ["value"]}}
    checkin["then"] = {"required": ["score"]}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a goal file (`goal`) or of okrctl.yaml (`config`)."""
    info = KINDS[kind]
    generated = _model(kind).model_json_schema()
    if kind == "goal":
        _discriminate_key_results(generated)
        _stray_value_first(generated)
    generated.pop("title", None)
    generated.pop("description", None)
    return {
        "$schema": DIALECT,
        "$id": info.id,
        "title": info.title,
        "description": info.description,
        **generated,
    }


def modeline(schema: str) -> str:
    """The comment that points yaml-language-server at a schema: a URL, or a path relative to
    the YAML file it is in."""
    return f"# yaml-language-server: $schema={schema}"


_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)\s*")


def modeline_schema(line: str) -> str | None:
    """The schema a modeline points at (the inverse of `modeline`), or None for another line."""
    match = _MODELINE.fullmatch(line.rstrip("\r\n"))
    return match.group(1) if match else None


def render(kind: str) -> str:
    """The schema as a JSON document, the same bytes on every run."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"

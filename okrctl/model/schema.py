"""The JSON Schema of goal files and of `okrctl.yaml`, generated from the models, for editors.

yaml-language-server (VS Code, JetBrains, Neovim) reads it through a
`# yaml-language-server: $schema=...` modeline and gives completion, hover docs and
validation as you type. The schema declares draft 2020-12 but uses only keywords that mean the
same in draft-07, which is what yaml-language-server validates with.

The schema never rejects a file okrctl accepts (an editor must not flag a valid file); it may
accept a file okrctl rejects, because some checks need the whole tree (references, duplicate
ids) or compare values (`start` equal to `target`).
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


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a goal file (`goal`) or of okrctl.yaml (`config`)."""
    info = KINDS[kind]
    generated = _model(kind).model_json_schema()
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

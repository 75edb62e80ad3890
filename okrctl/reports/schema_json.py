"""`okrctl schema`: the JSON Schema of goal files or of okrctl.yaml."""

from __future__ import annotations

from okrctl.model.schema import render as schema
from okrctl.reports import Style


def render(kind: str, style: Style) -> str:
    return schema(kind)

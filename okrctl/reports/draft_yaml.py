"""Goal-file drafts as YAML a person would write: block style, small mappings inline."""

from __future__ import annotations

from io import StringIO
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from okrctl.reports import escape

# Mappings under these keys, and items of these lists, read best on one line.
INLINE_MAPPINGS = frozenset({"band", "warn"})
INLINE_ITEMS = frozenset({"measurements", "checkins"})


def _styled(data: Any, key: str | None = None) -> Any:
    if isinstance(data, dict):
        mapping = CommentedMap((k, _styled(v, k)) for k, v in data.items())
        if key in INLINE_MAPPINGS:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(data, list):
        items = CommentedSeq(_styled(item) for item in data)
        if key in INLINE_ITEMS:
            for item in items:
                if isinstance(item, CommentedMap):
                    item.fa.set_flow_style()
        return items
    if isinstance(data, str) and escape.yaml_needs_escapes(data):
        return DoubleQuotedScalarString(data)  # escaped below, so it never shows raw
    return data


def to_yaml(data: dict[str, Any]) -> str:
    """YAML for a draft; keys keep their order, strings are quoted only where YAML needs it, or
    where text from a goal file must be escaped to be shown (reports/escape.py)."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    buffer = StringIO()
    yaml.dump(_styled(data), buffer)
    return escape.yaml(buffer.getvalue())

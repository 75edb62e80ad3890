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
WIDTH = 100
# ruamel.yaml folds a long double-quoted string right after an escape sequence without the `\`
# that keeps the break out of the value (it reads back with a space added): a draft with an
# escaped string is written unfolded.
UNFOLDED = 1_000_000


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


def _escaped(data: Any) -> bool:
    """Whether some string in `data` is written with escapes."""
    if isinstance(data, dict):
        return any(_escaped(value) for value in data.values())
    if isinstance(data, list):
        return any(_escaped(item) for item in data)
    return isinstance(data, str) and escape.yaml_needs_escapes(data)


def to_yaml(data: dict[str, Any]) -> str:
    """YAML for a draft; keys keep their order, strings are quoted only where YAML needs it, or
    where text from a goal file must be escaped to be shown (reports/escape.py)."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = UNFOLDED if _escaped(data) else WIDTH
    buffer = StringIO()
    yaml.dump(_styled(data), buffer)
    return escape.yaml(buffer.getvalue())

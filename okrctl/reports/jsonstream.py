"""JSON documents written piece by piece: a large tree's report never exists whole in memory.

The text is exactly `json.dumps(document, indent=2, ensure_ascii=False) + "\\n"`; only a
top-level value given as an iterator (not a list) is produced item by item.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

INDENT = "    "  # the depth of a top-level list's items at indent=2


def _item(value: Any) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return INDENT + text.replace("\n", "\n" + INDENT)


def stream(fields: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """Yield a JSON object's text; a field whose value is an iterator is streamed lazily."""
    yield "{"
    first = True
    for name, value in fields:
        yield ("\n" if first else ",\n") + f"  {json.dumps(name, ensure_ascii=False)}: "
        first = False
        if isinstance(value, Iterator):
            opened = False
            for element in value:
                yield ("[\n" if not opened else ",\n") + _item(element)
                opened = True
            yield "\n  ]" if opened else "[]"
        else:
            yield json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    yield "\n}\n" if not first else "}\n"

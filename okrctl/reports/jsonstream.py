"""JSON documents written piece by piece: a large tree's report never exists whole in memory.

The text is exactly `json.dumps(document, indent=2, ensure_ascii=False) + "\\n"`; only a
top-level value given as an iterator (not a list) is produced item by item. Reports pass
`dumps=escape.json_text`, the strict JSON every report writes (reports/escape.py), which is
`json.dumps` itself for every finite number and ordinary text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

INDENT = "    "  # the depth of a top-level list's items at indent=2


class Dumps(Protocol):
    """What writes one value as JSON text (`json.dumps` with these arguments)."""

    def __call__(self, value: Any, *, indent: int | None = 2) -> str: ...


def dumps(value: Any, *, indent: int | None = 2) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=False)


def _item(value: Any, dumps: Dumps) -> str:
    text = dumps(value)
    return INDENT + text.replace("\n", "\n" + INDENT)


def stream(fields: Iterable[tuple[str, Any]], dumps: Dumps = dumps) -> Iterator[str]:
    """Yield a JSON object's text; a field whose value is an iterator is streamed lazily."""
    yield "{"
    first = True
    for name, value in fields:
        yield ("\n" if first else ",\n") + f"  {dumps(name, indent=None)}: "
        first = False
        if isinstance(value, Iterator):
            opened = False
            for element in value:
                yield ("[\n" if not opened else ",\n") + _item(element, dumps)
                opened = True
            yield "\n  ]" if opened else "[]"
        else:
            yield dumps(value).replace("\n", "\n  ")
    yield "\n}\n" if not first else "}\n"

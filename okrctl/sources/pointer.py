"""JSON Pointer (RFC 6901): the value a pointer names inside a JSON document."""

from __future__ import annotations

from typing import Any

from okrctl.sources.base import SourceError


def resolve(document: Any, pointer: str) -> Any:
    """The value at `pointer` ("" is the whole document); SourceError when it is not there."""
    if pointer == "":
        return document
    value = document
    walked = ""
    for token in pointer[1:].split("/"):
        name = token.replace("~1", "/").replace("~0", "~")
        walked += "/" + token
        if isinstance(value, dict):
            if name not in value:
                raise SourceError(f"the answer has nothing at {walked}")
            value = value[name]
        elif isinstance(value, list):
            if not (name.isdigit() and (name == "0" or not name.startswith("0"))):
                raise SourceError(f"{walked}: `{name}` is not an index of a list")
            if int(name) >= len(value):
                raise SourceError(f"the answer has nothing at {walked} (the list has {len(value)})")
            value = value[int(name)]
        else:
            raise SourceError(f"the answer has nothing at {walked}")
    return value

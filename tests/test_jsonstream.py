"""Streamed JSON reports are byte for byte what json.dumps(indent=2) gives for the whole."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from okrctl.reports.jsonstream import stream

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
documents = st.dictionaries(st.text(min_size=1), values, max_size=5)


@settings(max_examples=50)
@given(documents, st.lists(values, max_size=5))
def test_stream_equals_json_dumps(head: dict[str, Any], items: list[Any]) -> None:
    whole = {**head, "streamed": items}
    expected = json.dumps(whole, indent=2, ensure_ascii=False) + "\n"
    fields = [*((k, v) for k, v in head.items() if k != "streamed"), ("streamed", iter(items))]
    assert "".join(stream(fields)) == expected


def test_empty_object_and_empty_stream() -> None:
    assert "".join(stream([])) == "{}\n"
    assert "".join(stream([("a", iter([]))])) == json.dumps({"a": []}, indent=2) + "\n"

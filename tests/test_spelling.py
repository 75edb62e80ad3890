"""Did-you-mean hints (okrctl.spelling)."""

from __future__ import annotations

from okrctl.spelling import closest, did_you_mean


def test_a_misspelling_gets_the_closest_name() -> None:
    assert did_you_mean("taget", ["start", "target", "unit"]) == " (did you mean `target`?)"
    assert closest("p1", ["P0", "P1", "P2"]) == "P1"  # case alone, however short


def test_the_word_itself_is_never_suggested() -> None:
    # `value` is refused in a KPI-linked check-in although check-ins elsewhere have it.
    assert did_you_mean("value", ["date", "score", "value"]) == ""
    assert closest("value", ["value"]) is None

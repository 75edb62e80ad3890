"""okrctl.typed: a number typed on the command line, and what a refusal says to type instead."""

from __future__ import annotations

import pytest

from okrctl.errors import UsageError
from okrctl.typed import parse_number


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        # A decimal comma: one comma followed by other than exactly three digits ...
        ("99,3", "write 99.3 (a decimal point, not a comma)"),
        ("12,75", "write 12.75 (a decimal point, not a comma)"),
        ("10,00", "write 10.00 (a decimal point, not a comma)"),
        ("1,5000", "write 1.5000 (a decimal point, not a comma)"),
        ("-0,5", "write -0.5 (a decimal point, not a comma)"),
        (",5", "write 0.5 (a decimal point, not a comma)"),
        # ... or after a leading 0 or more than three digits (no thousands group reads so),
        ("0,500", "write 0.500 (a decimal point, not a comma)"),
        ("1234,567", "write 1234.567 (a decimal point, not a comma)"),
        # ... or after dots that group thousands.
        ("1.234,5", "write 1234.5 (a decimal point, not a comma)"),
        # A thousands separator: groups of three, more than one, or before a decimal point,
        ("1,000,000", "write 1000000 (no digit separators)"),
        ("12,500.5", "write 12500.5 (no digit separators)"),
        # or `,000`, which as a decimal (1.000) nobody writes.
        ("1,000", "write 1000 (no digit separators)"),
        ("25,000", "write 25000 (no digit separators)"),
        # Either: both readings are named.
        (
            "1,500",
            "write 1500 if the comma separates thousands, or 1.500 if it is a decimal comma",
        ),
        (
            "999,999",
            "write 999999 if the comma separates thousands, or 999.999 if it is a decimal comma",
        ),
        # Neither: the separators are dropped, as before.
        ("1_000", "write 1000 (no digit separators)"),
        ("1,00,000", "write 100000 (no digit separators)"),
    ],
)
def test_a_comma_is_refused_with_what_it_most_likely_meant(text: str, hint: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_number(text)
    assert str(raised.value) == f"VALUE: `{text}` is not a number: {hint}"


@pytest.mark.parametrize(("text", "expected"), [("99.3", 99.3), ("1000", 1000), ("0.5", 0.5)])
def test_what_the_hints_say_to_write_is_read(text: str, expected: float) -> None:
    assert parse_number(text) == expected

"""How numbers read in messages and text reports (okrctl.wording.number)."""

from __future__ import annotations

import pytest

from okrctl.wording import number


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (52, "52"),
        (4.6, "4.6"),
        (0.778, "0.778"),
        (25.0, "25"),
        (0, "0"),
        (-3.5, "-3.5"),
        (123_456_789_012_345, "123456789012345"),  # under 1e15: every digit is the file's
        # Too large or too small for plain digits: 1e308 was 309 digits, 1.5e-300 was "0".
        (1e308, "1e+308"),
        (10**20, "1e+20"),
        (1.5e-300, "1.5e-300"),
        (-2e-7, "-2e-07"),
    ],
)
def test_a_number_reads_as_written_and_never_misleads(value: float, shown: str) -> None:
    assert number(value) == shown

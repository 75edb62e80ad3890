"""How numbers and values read in words, shared by computations' reasons and every report."""

from __future__ import annotations

import reprlib
import sys
from decimal import Decimal
from typing import Any

# A whole number with more bits than this is not printed digit by digit (Python refuses to
# convert more than 4,300 digits, and no message needs them).
_PRINTABLE_BITS = 4_000


# Past these, plain digits mislead: 1e308 would print as 309 digits (all but 17 of them noise
# of the binary float), and 1.5e-300 as 0, a value the file does not hold.
_PLAIN_UP_TO = 1e15
_PLAIN_FROM = 1e-6
_FLOAT_MAX = sys.float_info.max


def number(value: float) -> str:
    """`52`, `4.6`, `0.778`: as written, no trailing zeros; an exponent (`1.5e+300`) only for
    a number too large or too small to read in plain digits."""
    magnitude = abs(value)
    if magnitude >= _PLAIN_UP_TO or 0 < magnitude < _PLAIN_FROM:
        if isinstance(value, int) and magnitude > _FLOAT_MAX:
            # An exact difference of two large floats (the monthly trend's change) may pass
            # the largest float: Decimal rounds it without converting.
            mantissa, _, exponent = f"{Decimal(value):.6g}".partition("e")
            return f"{mantissa.rstrip('0').rstrip('.') if '.' in mantissa else mantissa}e{exponent}"
        return f"{float(value):.6g}"
    if isinstance(value, int):
        return str(value)
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def value(value: float | bool | None, unit: str | None = None) -> str:
    """A value with its unit: `52 min`, `18%`, `4.6/5`; `done`/`not done`; `-` for none."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "done" if value else "not done"
    text = number(value)
    if unit:
        text = f"{text}{unit}" if unit[0] in "%/°‰" else f"{text} {unit}"
    return text


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 suggestion`, `2 suggestions`, `0 KPIs`: a count with its noun in the right number
    (`many` defaults to `one` plus s)."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def _elide(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    keep = max(limit - 1, 2)
    head = keep - keep // 3
    return f"{text[:head]}…{text[len(text) - (keep - head) :]}"


_SHORT = reprlib.Repr()
_SHORT.maxlevel = 2
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = _SHORT.maxset = 4
_SHORT.maxstring = _SHORT.maxother = 80


def excerpt(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: at most `limit` characters, the middle elided (`…`).

    Every message that quotes something a user wrote goes through here, so a 10 MB value
    (an alias that expands a long text many times) costs a line of output, not 10 MB.
    """
    if isinstance(value, str):
        return _elide(value, limit)
    spelling = getattr(value, "spelling", None)  # a whole number as written (`007`, `0x1f`)
    if isinstance(spelling, str):
        return _elide(spelling, limit)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return _elide(str(value), limit)
    if isinstance(value, int):
        if value.bit_length() > _PRINTABLE_BITS:
            return f"a whole number of about {int(value.bit_length() * 0.30103):,} digits"
        return _elide(str(value), limit)
    if isinstance(value, list | dict | tuple | set):
        return _elide(_SHORT.repr(value), limit)
    return _elide(str(value), limit)

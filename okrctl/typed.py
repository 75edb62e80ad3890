"""Numbers typed on the command line (an argument, an option, a `--kr` spec), read as YAML.

The inverse of wording.py: a number reads as it would in a goal file. It is in the base layer
so that the key-result kinds (model layer) read check-in values and `--kr` specs with the
same rules and the same words as every command.
"""

from __future__ import annotations

import math
import re
import sys

from okrctl.errors import UsageError
from okrctl.wording import excerpt

_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_INTEGER = re.compile(r"[-+]?[0-9]+")
_SEPARATED = re.compile(r"[-+]?[0-9][0-9,_]*(?:\.[0-9]+)?")

# The range of numbers okrctl accepts, in goal files and on the command line: what a 64-bit
# float holds, finite (about 15 significant digits; values are compared and scored as
# floats). A whole number past it is refused when it is read, not when a report draws it.
MAX_NUMBER = sys.float_info.max
# Whole numbers longer than this cannot fit, whatever their digits (1.8e308 has 309 digits);
# checking the length first keeps a number of a million digits cheap to refuse.
_MAX_DIGITS = 309
RANGE = f"okrctl reads numbers as 64-bit floats, at most {MAX_NUMBER!r} in size"


def in_range(value: int | float) -> bool:
    """Whether okrctl can hold `value`: finite, and a whole number that converts to a float."""
    if isinstance(value, float):
        return math.isfinite(value)
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def parse_number(text: str, what: str = "VALUE") -> int | float:
    """A plain decimal number: `44`, `72.5`, `-2`, `1e6`.

    `_DECIMAL` is the YAML 1.2 core schema's float form (its int form included), so a number
    reads here as it would in a goal file: digits alone are an int (`007` is 7), the rest a
    float. The value is written back into a goal file, so it is a plain int or float.
    """
    word = text.strip()
    if _DECIMAL.fullmatch(word):
        whole = _INTEGER.fullmatch(word) is not None
        if whole and len(word.lstrip("+-").lstrip("0")) > _MAX_DIGITS:
            value: int | float = math.inf  # too long for int() to convert, and out of range
        else:
            value = int(word) if whole else float(word)
        if not in_range(value):
            raise UsageError(
                f"{what}: `{excerpt(text)}` is too large to be a number okrctl can score"
            )
        return value
    hint = "write a plain number such as 42 or 0.95"
    if _SEPARATED.fullmatch(word):
        hint = f"write {word.replace(',', '').replace('_', '')} (no digit separators)"
    elif re.match(r"[-+]?[0-9.]", word):
        hint = "write the number alone; the unit belongs in the key result's or KPI's `unit`"
    raise UsageError(f"{what}: `{excerpt(text)}` is not a number: {hint}")

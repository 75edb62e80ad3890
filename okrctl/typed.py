"""Numbers typed on the command line (an argument, an option, a `--kr` spec), read as YAML.

The inverse of wording.py: a number reads as it would in a goal file. It is in the base layer
so that the key-result kinds (model layer) read check-in values and `--kr` specs with the
same rules and the same words as every command.

A comma is never read, but the refusal says what it most likely meant (docs/editing.md):
- a thousands separator when it can only be one: one to three digits (not starting with 0),
  then groups of exactly three (`1,000,000`, `12,500.5`), and also `1,000` and the like, whose
  decimal reading (1.000) nobody writes: "write 1000 (no digit separators)";
- a decimal comma when it can only be one: one comma followed by other than exactly three
  digits (`99,3`, `12,75`), or after a leading 0 or more than three digits (`0,500`,
  `1234,567`), or after dots grouping thousands (`1.234,5`): "write 99.3";
- otherwise one comma between one to three digits and exactly three (`1,500`) could be
  either, and the refusal names both readings.
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
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"(?:[0-9]*|[1-9][0-9]{0,2}(?:\.[0-9]{3})+),[0-9]+")

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
    hint = comma_hint(word)
    if hint is None:
        if _SEPARATED.fullmatch(word):
            hint = f"write {word.replace(',', '').replace('_', '')} (no digit separators)"
        elif re.match(r"[-+]?[0-9.,]", word):
            hint = "write the number alone; the unit belongs in the key result's or KPI's `unit`"
        else:
            hint = "write a plain number such as 42 or 0.95"
    raise UsageError(f"{what}: `{excerpt(text)}` is not a number: {hint}")


def comma_hint(word: str) -> str | None:
    """What a number written with a comma most likely meant (the module's docstring), or None
    when the comma is neither a thousands separator nor a decimal comma (`1,,2`)."""
    sign = word[:1] if word[:1] in "+-" else ""
    body = word[len(sign) :]
    thousands = _THOUSANDS.fullmatch(body) is not None
    decimal = _DECIMAL_COMMA.fullmatch(body) is not None
    whole = sign + body.replace(",", "")
    point = sign + ("0" if body.startswith(",") else "") + body.replace(".", "").replace(",", ".")
    if thousands and decimal and not body.endswith(",000"):
        return (
            f"write {whole} if the comma separates thousands, or {point} if it is a decimal comma"
        )
    if thousands:
        return f"write {whole} (no digit separators)"
    if decimal:
        return f"write {point} (a decimal point, not a comma)"
    return None

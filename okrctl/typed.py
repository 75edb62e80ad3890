"""Numbers typed on the command line (an argument, an option, a `--kr` spec), read as YAML.

The inverse of wording.py: a number reads as it would in a goal file. It is in the base layer
so that the key-result kinds (model layer) read check-in values and `--kr` specs with the
same rules and the same words as every command.
"""

from __future__ import annotations

import math
import re

from okrctl.errors import UsageError

_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_INTEGER = re.compile(r"[-+]?[0-9]+")
_SEPARATED = re.compile(r"[-+]?[0-9][0-9,_]*(?:\.[0-9]+)?")


def parse_number(text: str, what: str = "VALUE") -> int | float:
    """A plain decimal number: `44`, `72.5`, `-2`, `1e6`.

    `_DECIMAL` is the YAML 1.2 core schema's float form (its int form included), so a number
    reads here as it would in a goal file: digits alone are an int (`007` is 7), the rest a
    float. The value is written back into a goal file, so it is a plain int or float.
    """
    word = text.strip()
    if _DECIMAL.fullmatch(word):
        value = int(word) if _INTEGER.fullmatch(word) else float(word)
        if isinstance(value, float) and not math.isfinite(value):
            raise UsageError(f"{what}: `{text}` is too large to be a number okrctl can score")
        return value
    hint = "write a plain number such as 42 or 0.95"
    if _SEPARATED.fullmatch(word):
        hint = f"write {word.replace(',', '').replace('_', '')} (no digit separators)"
    elif re.match(r"[-+]?[0-9.]", word):
        hint = "write the number alone; the unit belongs in the key result's or KPI's `unit`"
    raise UsageError(f"{what}: `{text}` is not a number: {hint}")

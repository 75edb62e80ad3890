"""How numbers and values read in words, shared by computations' reasons and every report."""

from __future__ import annotations


def number(value: float) -> str:
    """`52`, `4.6`, `0.778`: as written, no trailing zeros, never an exponent."""
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

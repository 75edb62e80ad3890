"""How values read in reports: one place, so every format shows a number the same way."""

from __future__ import annotations

from okrctl.compute.scoring import KeyResultScore, Value


def number(value: float) -> str:
    """`52`, `4.6`, `0.778`: as written, no trailing zeros, never an exponent."""
    if isinstance(value, int):
        return str(value)
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def value(value: Value, unit: str | None = None) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "done" if value else "not done"
    text = number(value)
    if unit:
        text = f"{text}{unit}" if unit[0] in "%/°‰" else f"{text} {unit}"
    return text


def journey(kr: KeyResultScore) -> str:
    """`52 -> 31 -> 25 min` (start -> current -> target), or `not done -> done` for milestones."""
    if kr.kind == "binary":
        return f"{value(kr.current) if not kr.no_data else 'no data'} (target: done)"
    current = "no data" if kr.no_data and kr.current is None else value(kr.current)
    return f"{value(kr.start)} -> {current} -> {value(kr.target, kr.unit)}"


def score(value: float) -> str:
    return f"{value:.2f}"


def status(kr_or_objective_status: str, confidence: float | None = None) -> str:
    if confidence is None:
        return kr_or_objective_status
    return f"{kr_or_objective_status} (conf. {number(confidence)})"

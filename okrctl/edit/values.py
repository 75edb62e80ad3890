"""Values typed on the command line for a write: numbers, confidences, dates, notes.

Each is checked before anything is read or written, and each rejection says what to type
instead, in the same words as the goal-file format's own errors. Numbers are read by
okrctl.typed (the key-result kinds read check-in values with it too); a milestone's
done/not-done is read by its kind (okrctl.model.kinds.milestone).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from okrctl.errors import UsageError
from okrctl.typed import parse_number

__all__ = [
    "one_line",
    "parse_confidence",
    "parse_day",
    "parse_note",
    "parse_number",
    "parse_score",
]


def parse_confidence(text: str) -> int | float:
    value = parse_number(text, "--confidence")
    if not 0 <= value <= 1:
        raise UsageError(f"--confidence is between 0 and 1, got {text.strip()} (write 0.7 for 70%)")
    return value


def parse_score(text: str) -> int | float:
    """A self-graded score: 0 to 1, at most three decimals (as the goal file takes it)."""
    value = parse_number(text, "--score")
    if not 0 <= value <= 1:
        raise UsageError(f"--score is between 0 and 1, got {text.strip()} (write 0.4 for 40%)")
    if round(value, 3) != value:
        raise UsageError(f"--score has at most three decimals, got {text.strip()}")
    return value


def parse_day(text: str | None, today: date, what: str = "--date") -> date:
    """YYYY-MM-DD, today or yesterday; never after today (nobody measured tomorrow)."""
    if text is None or text.strip().lower() == "today":
        return today
    word = text.strip().lower()
    if word == "yesterday":
        return today - timedelta(days=1)
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", word):
        raise UsageError(f"{what}: `{text}` is not a date; write YYYY-MM-DD, today or yesterday")
    try:
        day = date.fromisoformat(word)
    except ValueError as error:
        raise UsageError(f"{what}: `{text}` is not a real date: {error}") from None
    if day > today:
        raise UsageError(f"{what}: {day} is after today ({today}); nobody has measured it yet")
    return day


def one_line(text: str) -> bool:
    """Whether `text` fits on one line of a goal file: no control characters, no line breaks."""
    return not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text)


def parse_note(text: str | None, what: str = "--note") -> str | None:
    """A note (or a reason) is one line of text (it goes on one line of the goal file)."""
    if text is None:
        return None
    note = text.strip()
    if not note:
        raise UsageError(f"{what} is empty; leave it out instead")
    if not one_line(note):
        raise UsageError(f"{what} is one line of plain text, without line breaks or tabs")
    return note

"""Values typed on the command line for a write: numbers, done/not-done, dates, notes.

Each is checked before anything is read or written, and each rejection says what to type
instead, in the same words as the goal-file format's own errors.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, timedelta

from okrctl.errors import UsageError
from okrctl.load.yamlparse import resolve_plain

_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_SEPARATED = re.compile(r"[-+]?[0-9][0-9,_]*(?:\.[0-9]+)?")
DONE = {"done": True, "true": True, "not-done": False, "false": False}


def parse_number(text: str, what: str = "VALUE") -> int | float:
    """A plain decimal number: `44`, `72.5`, `-2`, `1e6`."""
    word = text.strip()
    if _DECIMAL.fullmatch(word):
        value = resolve_plain(word)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if isinstance(value, float) and not math.isfinite(value):
                raise UsageError(f"{what}: `{text}` is too large to be a number okrctl can score")
            # A plain int (not `007`'s SpelledInt): it is written back into a goal file.
            return int(value) if isinstance(value, int) else value
    hint = "write a plain number such as 42 or 0.95"
    if _SEPARATED.fullmatch(word):
        hint = f"write {word.replace(',', '').replace('_', '')} (no digit separators)"
    elif re.match(r"[-+]?[0-9.]", word):
        hint = "write the number alone; the unit belongs in the key result's or KPI's `unit`"
    raise UsageError(f"{what}: `{text}` is not a number: {hint}")


def parse_done(text: str) -> bool:
    """A milestone's state: done or not-done (true or false also work)."""
    word = text.strip().lower()
    if word in DONE:
        return DONE[word]
    raise UsageError(f"VALUE: `{text}` is not done or not-done (true and false also work)")


def parse_confidence(text: str) -> int | float:
    value = parse_number(text, "--confidence")
    if not 0 <= value <= 1:
        raise UsageError(f"--confidence is between 0 and 1, got {text.strip()} (write 0.7 for 70%)")
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


def parse_note(text: str | None) -> str | None:
    """A note is one line of text (it goes on one line of the goal file)."""
    if text is None:
        return None
    note = text.strip()
    if not note:
        raise UsageError("--note is empty; leave it out instead")
    if not one_line(note):
        raise UsageError("--note is one line of plain text, without line breaks or tabs")
    return note

"""What every source kind shares: the request, the readings, the one error, secrets kept out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from okrctl.errors import UsageError
from okrctl.model.sources import VARIABLE
from okrctl.typed import comma_hint, in_range, parse_number

# A response or output over this is refused (a runaway query, the wrong URL).
MAX_BYTES = 10 * 1024 * 1024


class SourceError(Exception):
    """A source that did not give values; the text is its cause, with no secret in it."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One value a source gave, on its day."""

    day: date
    value: int | float


@dataclass(slots=True)
class Request:
    """What a source is run with: the dates, the goal file's folder, the environment."""

    since: date
    as_of: date
    folder: Path
    environment: Mapping[str, str]
    # The values `${VAR}` expanded to, so that no error message ever prints them.
    secrets: set[str] = field(default_factory=set)
    # `okrctl pull --check`: LIMIT-1 semantics, as little as shows that the source works
    # (one row of a query, one GET without retries, an instant query, a CSV's first row).
    check: bool = False
    # Whether `as_of` is the day the pull is as of. Not so for a key result whose period
    # ended before it: `as_of` is then the period's end, and a value an answer gives with
    # no date (the value now) is not the value on that day.
    current: bool = True

    def expand(self, template: str, what: str) -> str:
        """`template` with each `${NAME}` replaced from the environment."""

        def value(found: re.Match[str]) -> str:
            name = found.group(1)
            if name not in self.environment:
                raise SourceError(f"{what}: the environment variable {name} is not set")
            expanded = self.environment[name]
            if expanded:
                self.secrets.add(expanded)
            return expanded

        expanded = "$".join(VARIABLE.sub(value, part) for part in template.split("$$"))
        if not expanded.strip():  # a variable set but empty: its own message, not the library's
            names = ", ".join(VARIABLE.findall(template))
            raise SourceError(f"{what} is empty: the environment variable {names} is set but empty")
        return expanded

    def redact(self, text: str) -> str:
        """`text` with every expanded value replaced by `***` (longest first), also as a
        library's message may show it: escaped as in a Python repr (`\\r\\n`)."""
        forms = {form for secret in self.secrets for form in (secret, repr(secret)[1:-1])}
        for secret in sorted(forms, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text


def as_day(value: Any, what: str) -> date:
    """A date from a database, a JSON answer or a text: `2026-11-20`, a datetime, a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        # A date, or a date and a time (`2026-11-20T10:00:00Z`, `2026-11-20 10:00`): the time
        # is dropped, but nothing else after the date is (`2026-11-200` is no date).
        if len(text) > 10 and text[10] in "T t":
            text = text[:10]
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    shown = repr(value) if not isinstance(value, str) else f'"{value[:40]}"'
    raise SourceError(f"{what} {shown} is not a date (YYYY-MM-DD)")


def as_number(value: Any, what: str) -> int | float:
    """A finite number from a database, a JSON answer or a text."""
    number: int | float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float):
        number = value
    elif isinstance(value, str):
        try:
            number = parse_number(value.strip())
        except UsageError:
            number = None
    else:
        try:  # Decimal from a database
            number = float(value)
        except (TypeError, ValueError):
            number = None
    if value is None:  # SQL's NULL, JSON's null, an empty cell
        raise SourceError(f"{what} is empty (null), not a number")
    if isinstance(value, bool):  # shown as JSON writes it, not as Python does
        raise SourceError(f"{what} {str(value).lower()} is not a number")
    if number is None or not in_range(number):  # NaN, inf, or an int too large for a float
        shown = f'"{value[:40]}"' if isinstance(value, str) else repr(value)[:40]
        # `3,5` from a spreadsheet in another locale: what it most likely meant.
        hint = comma_hint(value.strip()) if isinstance(value, str) else None
        raise SourceError(f"{what} {shown} is not a number" + (f"; {hint}" if hint else ""))
    return number

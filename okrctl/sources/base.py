"""What every source kind shares: the request, the readings, the one error, secrets kept out."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from okrctl.errors import UsageError
from okrctl.model.sources import VARIABLE
from okrctl.typed import parse_number

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

        return "$".join(VARIABLE.sub(value, part) for part in template.split("$$"))

    def redact(self, text: str) -> str:
        """`text` with every expanded value replaced by `***` (longest first)."""
        for secret in sorted(self.secrets, key=len, reverse=True):
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
        try:
            return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
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
    if number is None or (isinstance(number, float) and not math.isfinite(number)):
        shown = f'"{value[:40]}"' if isinstance(value, str) else repr(value)[:40]
        raise SourceError(f"{what} {shown} is not a number")
    return number

"""The `--as-of` option: ISO dates and a few plain words."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from okrctl.compute.scoring import AsOf
from okrctl.errors import UsageError

WORDS = ("today", "yesterday", "end-of-period")


def parse_as_of(text: str | None, today: date) -> tuple[AsOf, bool]:
    """The as-of date and whether the user gave one explicitly.

    None means today; for a period that has ended, scoring then stops at its last day.
    """
    if text is None:
        return AsOf(today), False
    word = text.strip().lower()
    if word == "today":
        return AsOf(today), True
    if word == "yesterday":
        return AsOf(today + relativedelta(days=-1)), True
    if word == "end-of-period":
        return AsOf(today, end_of_period=True), False
    try:
        return AsOf(date.fromisoformat(word)), True
    except ValueError:
        raise UsageError(
            f"--as-of: `{text}` is not a date; write YYYY-MM-DD, {', '.join(WORDS)}"
        ) from None

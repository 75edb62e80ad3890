"""As-of dates as written: ISO dates and a few plain words (`--as-of` takes them)."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from okrctl.compute.errors import NotADate
from okrctl.compute.scoring import AsOf

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
        raise NotADate(text, WORDS) from None

"""As-of dates as written: ISO dates and a few plain words (`--as-of` takes them)."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from okrctl.compute.errors import DateOutOfRange, NotADate
from okrctl.compute.scoring import AsOf

WORDS = ("today", "yesterday", "end-of-period")

# The as-of dates every report can work with: a period label has a four-digit year, and impact,
# the reviews and suggest look one period either side of the as-of date's (9999-Q4's next is in
# year 10000, 1000-Q1's previous in year 999).
FIRST = date(1001, 1, 1)
LAST = date(9998, 12, 31)


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
        day = date.fromisoformat(word)
    except ValueError:
        raise NotADate(text, WORDS) from None
    if not FIRST <= day <= LAST:
        raise DateOutOfRange(text, FIRST.isoformat(), LAST.isoformat())
    return AsOf(day), True

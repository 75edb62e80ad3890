"""Today's date and the time now, read in one place: tests set them, so no result ever depends on
the real clock."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, date, datetime

# Tests (and embedders) set this to a fixed day; the command line leaves it at the real one.
TODAY: ContextVar[Callable[[], date]] = ContextVar("okrctl_today", default=date.today)


def today() -> date:
    """The date okrctl takes as today: `--as-of` defaults, check-in dates, warning windows."""
    return TODAY.get()()


def _real_now() -> datetime:
    return datetime.now(UTC)


# The moment a report says it was made (JUnit's `timestamp`), timezone-aware; tests fix it.
NOW: ContextVar[Callable[[], datetime]] = ContextVar("okrctl_now", default=_real_now)


def now() -> datetime:
    """The time okrctl takes as now, in UTC: when a report was made."""
    return NOW.get()()

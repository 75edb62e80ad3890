"""Today's date, read in one place: tests set it, so no result ever depends on the real clock."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from datetime import date

# Tests (and embedders) set this to a fixed day; the command line leaves it at the real one.
TODAY: ContextVar[Callable[[], date]] = ContextVar("okrctl_today", default=date.today)


def today() -> date:
    """The date okrctl takes as today: `--as-of` defaults, check-in dates, warning windows."""
    return TODAY.get()()

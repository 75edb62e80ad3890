"""Write examples/data/metrics.db: the SQLite database the examples' `source` blocks read.

It stands for the systems that already hold Acme's numbers (billing's month-end churn, the
monitoring warehouse, the onboarding dashboard). The series match the values recorded in the
goal files, and go further where a newer value exists, so that `okrctl pull --dry-run
examples/` on 2026-11-29 shows what the next scheduled pull writes:

- growth/monthly-churn and platform/p95-latency (monthly, month end): nothing new until
  November closes;
- support/2026-Q4/enterprise-onboarding/enterprise-ttv (a key result, weekly on Fridays):
  22 days on 2026-11-27, a new check-in.

Deterministic (no clock, no randomness): run it again and the tables hold the same rows.
Run: python3 examples/data/make_metrics.py [PATH]  (default: metrics.db beside this script)
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path


def weekly(first: date, values: list[float]) -> list[tuple[str, float]]:
    return [((first + timedelta(weeks=n)).isoformat(), v) for n, v in enumerate(values)]


# Logo churn in %, per month (its last day).
MONTH_ENDS = [
    "2025-12-31", "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31",
    "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31",
]  # fmt: skip
CHURN = list(zip(MONTH_ENDS, [2.6, 2.5, 2.4, 2.3, 2.2, 2.3, 2.2, 2.1, 2.2, 2.4, 2.7], strict=True))
# p95 API latency in ms, per month (its last day), since May.
P95_LATENCY: list[tuple[str, float]] = list(
    zip(MONTH_ENDS[5:], [285, 290, 262, 241, 226, 218], strict=True)
)
# Enterprise time-to-value in days, per week (Fridays); the key result's check-ins are every
# other Friday, on the same values.
TIME_TO_VALUE = weekly(date(2026, 10, 2), [34, 33, 31, 29, 27, 26, 25, 24, 22])

TABLES: dict[str, tuple[str, str, list[tuple[str, float]]]] = {
    "churn_monthly": ("month_end", "churn_pct", CHURN),
    "p95_latency_monthly": ("month_end", "p95_ms", P95_LATENCY),
    "enterprise_ttv_weekly": ("week", "days", TIME_TO_VALUE),
}


def write(path: Path) -> None:
    """(Re)create the database at `path` with every table's rows."""
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        with connection:
            for table, (day, value, rows) in TABLES.items():
                connection.execute(f"create table {table} ({day} text, {value} numeric)")
                connection.executemany(f"insert into {table} values (?, ?)", rows)
        connection.execute("vacuum")
    finally:
        connection.close()


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("metrics.db"))

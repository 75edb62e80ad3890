"""Periods: calendar and fiscal quarters, halves and years; follows, covers, elapsed.

Every bound and ratio below is counted by hand on a calendar.
"""

from __future__ import annotations

from datetime import date

import pytest

from okrctl.model.period import Period, named_range, parse_label, resolve_label, typed_period
from tests.conftest import GoalTree


def bounds(label: str, fiscal_year_start: int = 1) -> tuple[date, date]:
    period = resolve_label(label, fiscal_year_start)
    assert period.label == label
    return period.start, period.end


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
    ],
)
def test_calendar_periods(label: str, start: date, end: date) -> None:
    assert bounds(label) == (start, end)


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        # Fiscal years are named by the calendar year they end in.
        ("2027", date(2026, 10, 1), date(2027, 9, 30)),
        ("2027-Q1", date(2026, 10, 1), date(2026, 12, 31)),
        ("2027-Q2", date(2027, 1, 1), date(2027, 3, 31)),
        ("2027-Q3", date(2027, 4, 1), date(2027, 6, 30)),
        ("2027-Q4", date(2027, 7, 1), date(2027, 9, 30)),
        ("2027-H1", date(2026, 10, 1), date(2027, 3, 31)),
        ("2027-H2", date(2027, 4, 1), date(2027, 9, 30)),
    ],
)
def test_fiscal_year_starting_in_october(label: str, start: date, end: date) -> None:
    assert bounds(label, 10) == (start, end)


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        # Fiscal 2024 (February start) ends on 2024-01-31, before the leap day.
        ("2024", date(2023, 2, 1), date(2024, 1, 31)),
        ("2024-Q4", date(2023, 11, 1), date(2024, 1, 31)),
        # Fiscal 2025 starts on 2024-02-01 and holds 2024-02-29.
        ("2025", date(2024, 2, 1), date(2025, 1, 31)),
        ("2025-Q1", date(2024, 2, 1), date(2024, 4, 30)),
        ("2025-H1", date(2024, 2, 1), date(2024, 7, 31)),
        ("2025-H2", date(2024, 8, 1), date(2025, 1, 31)),
    ],
)
def test_fiscal_year_starting_in_february_across_a_leap_year(
    label: str, start: date, end: date
) -> None:
    assert bounds(label, 2) == (start, end)


def test_leap_day_counts() -> None:
    q1_leap = resolve_label("2025-Q1", 2)
    assert q1_leap.contains(date(2024, 2, 29))
    assert q1_leap.days == 29 + 31 + 30  # Feb 2024, Mar, Apr
    q1_plain = resolve_label("2026-Q1", 2)
    assert q1_plain.days == 28 + 31 + 30  # Feb 2025, Mar, Apr
    assert resolve_label("2025", 2).days == 366  # 2024-02-01 .. 2025-01-31 holds Feb 29
    assert resolve_label("2024").days == 366
    assert resolve_label("2026").days == 365


def test_fiscal_period_ending_on_the_leap_day() -> None:
    # March start: fiscal 2024 runs 2023-03-01 .. 2024-02-29, its Q4 is Dec 2023 .. Feb 2024.
    assert bounds("2024", 3) == (date(2023, 3, 1), date(2024, 2, 29))
    assert bounds("2024-Q4", 3) == (date(2023, 12, 1), date(2024, 2, 29))
    assert bounds("2024-H2", 3) == (date(2023, 9, 1), date(2024, 2, 29))
    assert bounds("2025-Q4", 3) == (date(2024, 12, 1), date(2025, 2, 28))


def test_fiscal_year_starting_in_december() -> None:
    assert bounds("2027-Q1", 12) == (date(2026, 12, 1), date(2027, 2, 28))
    assert bounds("2027", 12) == (date(2026, 12, 1), date(2027, 11, 30))


@pytest.mark.parametrize("label", ["2026-Q5", "2026-Q0", "2026-H3", "26-Q1", "2026Q1", "2026-q1"])
def test_malformed_labels(label: str) -> None:
    assert parse_label(label) is None
    with pytest.raises(ValueError, match="is not a period"):
        resolve_label(label)


def test_parse_label() -> None:
    assert parse_label("2026-Q4") == (2026, "Q", 4)
    assert parse_label("2026-H2") == (2026, "H", 2)
    assert parse_label("2026") == (2026, "Y", 1)


def test_follows() -> None:
    q4_2025, q1, q2, q3 = (resolve_label(x) for x in ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"))
    assert q1.follows(q4_2025)  # 2025-12-31 + 1 day = 2026-01-01
    assert q2.follows(q1)
    assert not q3.follows(q1)  # a gap of one quarter
    assert not q1.follows(q2)  # order matters
    assert not q1.follows(q1)
    assert resolve_label("2026-H2").follows(resolve_label("2026-H1"))
    assert resolve_label("2027").follows(resolve_label("2026"))
    # A quarter that starts the day after a year ends follows it, whatever their lengths.
    assert resolve_label("2027-Q1").follows(resolve_label("2026"))
    # Fiscal quarters: fiscal 2027-Q1 (Oct-Dec 2026) follows fiscal 2026-Q4 (Jul-Sep 2026).
    assert resolve_label("2027-Q1", 10).follows(resolve_label("2026-Q4", 10))


def test_covers() -> None:
    year, h1, h2 = resolve_label("2026"), resolve_label("2026-H1"), resolve_label("2026-H2")
    q3, q4 = resolve_label("2026-Q3"), resolve_label("2026-Q4")
    assert year.covers(q4)
    assert year.covers(year)
    assert h2.covers(q3)
    assert h2.covers(q4)
    assert not h1.covers(q3)
    assert not q4.covers(year)
    assert not resolve_label("2025").covers(q4)
    # A range straddling a quarter boundary is covered by the year, not by either quarter.
    straddle = Period("x", date(2026, 9, 15), date(2026, 10, 15))
    assert year.covers(straddle)
    assert not q3.covers(straddle)
    assert not q4.covers(straddle)


def test_elapsed() -> None:
    # Days since the first day over days in the period; 0.0 on the first day and before,
    # 1.0 from the last day on.
    q4 = resolve_label("2026-Q4")  # 31 + 30 + 31 = 92 days
    assert q4.days == 92
    assert q4.elapsed(date(2026, 9, 30)) == 0.0
    assert q4.elapsed(date(2026, 10, 1)) == 0.0
    assert q4.elapsed(date(2026, 10, 2)) == 1 / 92
    assert q4.elapsed(date(2026, 11, 22)) == 52 / 92  # 31 October days + 21 November days
    assert q4.elapsed(date(2026, 12, 30)) == 90 / 92
    assert q4.elapsed(date(2026, 12, 31)) == 1.0
    assert q4.elapsed(date(2027, 3, 1)) == 1.0
    year = resolve_label("2026")
    # 31 + 28 + 31 + 30 + 31 + 30 = 181 days from January 1 to July 1, plus 1 to July 2.
    assert year.elapsed(date(2026, 7, 2)) == 182 / 365
    leap_q1 = resolve_label("2024-Q1")  # 31 + 29 + 31 = 91 days
    assert leap_q1.days == 91
    assert leap_q1.elapsed(date(2024, 2, 29)) == 59 / 91
    assert leap_q1.elapsed(date(2024, 3, 1)) == 60 / 91


def test_contains() -> None:
    q4 = resolve_label("2026-Q4")
    assert q4.contains(date(2026, 10, 1))
    assert q4.contains(date(2026, 12, 31))
    assert not q4.contains(date(2026, 9, 30))
    assert not q4.contains(date(2027, 1, 1))


# --- through the CLI: the config's fiscal_year_start decides a file's period ----------------

FISCAL_FILE = """
team: support
period: 2027-Q1
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
      - title: First-response time down to 25 minutes
        start: 52
        target: 25
        checkins:
          - {date: 2026-10-15, value: 47}
      - title: CSAT reaches 4.6
        start: 4.1
        target: 4.6
"""


def test_fiscal_year_start_puts_an_october_checkin_inside_fiscal_q1(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "fiscal_year_start: 10\n")
    goals.write("support.yaml", FISCAL_FILE)
    result = goals.lint()
    assert result.findings == []
    assert result.exit_code == 0


def test_without_fiscal_year_the_october_checkin_is_outside_calendar_q1(goals: GoalTree) -> None:
    goals.write("support.yaml", FISCAL_FILE)
    result = goals.lint()
    # line 13, `          - {date: 2026-10-15, value: 47}`: `{` in column 13, the date in 20.
    assert result.findings == [("support.yaml", 13, 20, "checkin-outside-period")]
    assert result.messages("checkin-outside-period") == [
        "check-in dated 2026-10-15 is outside the period 2027-Q1 (2027-01-01 to 2027-03-31)"
    ]
    assert result.exit_code == 1


def test_fiscal_checkin_before_the_fiscal_quarter_is_outside(goals: GoalTree) -> None:
    goals.write("okrctl.yaml", "fiscal_year_start: 10\n")
    goals.write("support.yaml", FISCAL_FILE.replace("2026-10-15", "2026-09-30"))
    result = goals.lint()
    assert result.findings == [("support.yaml", 13, 20, "checkin-outside-period")]
    assert result.messages("checkin-outside-period") == [
        "check-in dated 2026-09-30 is outside the period 2027-Q1 (2026-10-01 to 2026-12-31)"
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("start", "end", "fiscal_year_start", "label"),
    [
        (date(2026, 10, 1), date(2026, 12, 31), 1, "2026-Q4"),
        (date(2026, 7, 1), date(2026, 12, 31), 1, "2026-H2"),
        (date(2026, 1, 1), date(2026, 12, 31), 1, "2026"),
        # Under a fiscal year starting in October, the same days are fiscal 2027's first quarter.
        (date(2026, 10, 1), date(2026, 12, 31), 10, "2027-Q1"),
        (date(2027, 4, 1), date(2027, 9, 30), 10, "2027-H2"),
        (date(2026, 10, 1), date(2027, 9, 30), 10, "2027"),
        # A calendar year is no period under a fiscal year: it stays a range.
        (date(2026, 1, 1), date(2026, 12, 31), 10, "2026-01-01..2026-12-31"),
        # Three months that are not a quarter, a quarter less a day: ranges.
        (date(2026, 11, 1), date(2027, 1, 31), 1, "2026-11-01..2027-01-31"),
        (date(2026, 10, 1), date(2026, 12, 30), 1, "2026-10-01..2026-12-30"),
        (date(2026, 10, 2), date(2026, 12, 31), 1, "2026-10-02..2026-12-31"),
    ],
)
def test_a_range_equal_to_a_named_period_is_that_period(
    start: date, end: date, fiscal_year_start: int, label: str
) -> None:
    period = named_range(start, end, fiscal_year_start)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("2026-Q4", "2026-Q4"),
        ("2026Q4", "2026-Q4"),
        ("2026q4", "2026-Q4"),
        (" 2026-h1 ", "2026-H1"),
        ("2026", "2026"),
        ("2026-10-01..2026-12-31", "2026-Q4"),
        ("2026-10-01..2026-11-15", "2026-10-01..2026-11-15"),
        ("2026-Q9", None),
        ("2026-H3", None),
        ("Q4", None),
        ("2026-12-31..2026-10-01", None),
        ("2026-02-30..2026-03-31", None),
    ],
)
def test_typed_periods(typed: str, label: str | None) -> None:
    period = typed_period(typed)
    assert (period.label if period is not None else None) == label


@pytest.mark.parametrize(
    ("label", "fiscal_year_start", "kind"),
    [
        ("2026-Q4", 1, "quarter"),
        ("2026-H1", 1, "half"),
        ("2026", 1, "year"),
        ("2027", 10, "fiscal-year"),
    ],
)
def test_period_kinds(label: str, fiscal_year_start: int, kind: str) -> None:
    assert resolve_label(label, fiscal_year_start).kind == kind
    assert named_range(date(2026, 10, 1), date(2026, 10, 31)).kind == "range"


@pytest.mark.parametrize(
    ("label", "fiscal"), [("9999-Q4", 1), ("9999-H2", 1), ("9999", 1), ("0001-Q1", 4)]
)
def test_a_period_beyond_the_dates_python_counts_says_so(label: str, fiscal: int) -> None:
    with pytest.raises(ValueError) as raised:
        resolve_label(label, fiscal)
    assert str(raised.value) == (
        f"period `{label}` is outside the dates okrctl can count: the years 1 to 9999, "
        "up to the day after the period ends"
    )
    assert resolve_label("9999-Q3").end == date(9999, 9, 30)

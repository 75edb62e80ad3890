"""future-date: a check-in or KPI measurement dated after today."""

from datetime import date, timedelta

from okrctl import clock
from tests.conftest import GoalTree, SetDay

# Check-ins on lines 13 and 16; `          - {date: ` is 19 characters, so each date value is
# at column 20. The period is the one the dates fall in, so only their being in the future
# is wrong.
OKRS = """
team: support
period: 2099-Q1
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
          - {date: 2099-01-15, value: 48}
      - title: Help-centre articles cover the top 20 questions
        checkins:
          - {date: 2099-02-01, value: false}
"""

PAST_OKRS = (
    OKRS.replace("2099-Q1", "2020-Q1")
    .replace("2099-01-15", "2020-01-15")
    .replace("2099-02-01", "2020-02-01")
)

# Measurements on lines 9 and 10; `      - {date: ` is 15 characters: column 16.
KPIS = """
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: lin
    cadence: monthly
    band: {max: 30}
    measurements:
      - {date: 2020-01-31, value: 31}
      - {date: 2099-12-01, value: 29}
"""


def test_checkins_in_the_future_are_reported(goals: GoalTree) -> None:
    goals.write("support.yaml", OKRS)
    result = goals.lint()
    today = clock.today()
    assert result.findings == [
        ("support.yaml", 13, 20, "future-date"),
        ("support.yaml", 16, 20, "future-date"),
    ]
    assert result.messages("future-date") == [
        f"check-in dated 2099-01-15, after today ({today})",
        f"check-in dated 2099-02-01, after today ({today})",
    ]
    assert result.document["findings"][0]["severity"] == "warning"
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_checkins_in_the_past_pass(goals: GoalTree) -> None:
    goals.write("support.yaml", PAST_OKRS)
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_measurement_in_the_future_is_reported(goals: GoalTree) -> None:
    goals.write("kpis.yaml", KPIS)
    result = goals.lint()
    assert result.findings == [("kpis.yaml", 10, 16, "future-date")]
    assert result.messages("future-date") == [
        f"measurement of `support/first-response-time` dated 2099-12-01, after today "
        f"({clock.today()})"
    ]
    assert result.exit_code == 0


def test_measurements_in_the_past_pass(goals: GoalTree) -> None:
    goals.write("kpis.yaml", KPIS.replace("2099-12-01", "2020-02-29"))
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_today_is_not_the_future_but_tomorrow_is(goals: GoalTree) -> None:
    today = clock.today()
    tomorrow = today + timedelta(days=1)
    text = KPIS.replace("2020-01-31", today.isoformat()).replace("2099-12-01", tomorrow.isoformat())
    goals.write("kpis.yaml", text)
    result = goals.lint()
    assert result.findings == [("kpis.yaml", 10, 16, "future-date")]
    assert f"dated {tomorrow}, after today ({today})" in result.messages("future-date")[0]


def test_checkins_and_measurements_together(goals: GoalTree) -> None:
    goals.write("support/2099-Q1.yaml", OKRS)
    goals.write("support/kpis.yaml", KPIS)
    result = goals.lint("--strict")
    assert result.findings == [
        ("support/2099-Q1.yaml", 13, 20, "future-date"),
        ("support/2099-Q1.yaml", 16, 20, "future-date"),
        ("support/kpis.yaml", 10, 16, "future-date"),
    ]
    assert result.exit_code == 1


def test_today_is_okrctl_s_today_not_the_real_one(goals: GoalTree, on_day: SetDay) -> None:
    """The rule reads okrctl's clock: on 2099-01-20 the check-in of 2099-01-15 is history and
    only the one of 2099-02-01 is in the future."""
    on_day(date(2099, 1, 20))
    goals.write("support.yaml", OKRS)
    result = goals.lint()
    assert result.findings == [("support.yaml", 16, 20, "future-date")]
    assert result.messages("future-date") == ["check-in dated 2099-02-01, after today (2099-01-20)"]

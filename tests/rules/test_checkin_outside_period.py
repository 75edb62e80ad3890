"""checkin-outside-period: a check-in dated before its file's period starts or after it ends."""

from tests.conftest import GoalTree

# 2026-Q2 runs from 2026-04-01 to 2026-06-30. The check-ins are on lines 13, 14, 17 and 18;
# `          - {date: ` is 19 characters, so each date value is at column 20.
FILE = """
team: support
period: 2026-Q2
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
          - {date: 2026-04-01, value: 48}
          - {date: 2026-06-30, value: 30}
      - title: Help-centre articles cover the top 20 questions
        checkins:
          - {date: 2026-04-01, value: false}
          - {date: 2026-06-30, value: true}
"""


def test_first_and_last_day_of_the_period_are_inside(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_the_day_before_and_the_day_after_are_outside(goals: GoalTree) -> None:
    text = FILE.replace("{date: 2026-04-01, value: 48}", "{date: 2026-03-31, value: 48}")
    text = text.replace("{date: 2026-06-30, value: true}", "{date: 2026-07-01, value: true}")
    goals.write("support.yaml", text)
    result = goals.lint()
    assert result.findings == [
        ("support.yaml", 13, 20, "checkin-outside-period"),
        ("support.yaml", 18, 20, "checkin-outside-period"),
    ]
    assert result.messages("checkin-outside-period") == [
        "check-in dated 2026-03-31 is outside the period 2026-Q2 (2026-04-01 to 2026-06-30)",
        "check-in dated 2026-07-01 is outside the period 2026-Q2 (2026-04-01 to 2026-06-30)",
    ]
    assert result.document["findings"][0]["severity"] == "error"
    assert result.exit_code == 1


def test_block_style_checkin_is_reported_at_its_date(goals: GoalTree) -> None:
    text = FILE.replace(
        "          - {date: 2026-06-30, value: 30}\n",
        "          - date: 2026-09-28\n            value: 30\n",
    )
    goals.write("support.yaml", text)
    result = goals.lint()
    # `          - date: ` is 18 characters: the date value is at line 14, column 19.
    assert result.findings == [("support.yaml", 14, 19, "checkin-outside-period")]


def test_explicit_period_range(goals: GoalTree) -> None:
    text = FILE.replace("period: 2026-Q2", "period: {start: 2026-05-10, end: 2026-06-20}")
    text = text.replace("{date: 2026-04-01, value: 48}", "{date: 2026-05-09, value: 48}")
    text = text.replace("{date: 2026-06-30, value: 30}", "{date: 2026-05-10, value: 30}")
    text = text.replace("{date: 2026-04-01, value: false}", "{date: 2026-06-20, value: false}")
    text = text.replace("{date: 2026-06-30, value: true}", "{date: 2026-06-21, value: true}")
    goals.write("support.yaml", text)
    result = goals.lint()
    # 2026-05-10 (first day) and 2026-06-20 (last day) are inside.
    assert result.findings == [
        ("support.yaml", 13, 20, "checkin-outside-period"),
        ("support.yaml", 18, 20, "checkin-outside-period"),
    ]
    assert result.messages("checkin-outside-period") == [
        "check-in dated 2026-05-09 is outside the period 2026-05-10..2026-06-20 "
        "(2026-05-10 to 2026-06-20)",
        "check-in dated 2026-06-21 is outside the period 2026-05-10..2026-06-20 "
        "(2026-05-10 to 2026-06-20)",
    ]
    assert result.exit_code == 1


def test_fiscal_quarters_follow_the_config(goals: GoalTree) -> None:
    # With the fiscal year starting in October, fiscal 2026 began on 2025-10-01 and its Q3 is
    # April to June 2026: every check-in is inside.
    goals.write("okrctl.yaml", "fiscal_year_start: 10\n")
    goals.write("support.yaml", FILE.replace("period: 2026-Q2", "period: 2026-Q3"))
    assert goals.lint("--strict").findings == []


def test_calendar_quarters_without_the_config(goals: GoalTree) -> None:
    # The same file on calendar quarters: 2026-Q3 is July to September, so all four are out.
    goals.write("support.yaml", FILE.replace("period: 2026-Q2", "period: 2026-Q3"))
    result = goals.lint()
    assert result.findings == [
        ("support.yaml", 13, 20, "checkin-outside-period"),
        ("support.yaml", 14, 20, "checkin-outside-period"),
        ("support.yaml", 17, 20, "checkin-outside-period"),
        ("support.yaml", 18, 20, "checkin-outside-period"),
    ]
    assert result.messages("checkin-outside-period")[0] == (
        "check-in dated 2026-04-01 is outside the period 2026-Q3 (2026-07-01 to 2026-09-30)"
    )

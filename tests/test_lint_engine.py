"""The lint engine (okrctl/linting.py) over what the rules find: one finding per place, rule
and message, however many times the same thing is found there."""

from __future__ import annotations

from tests.conftest import GoalTree

# The second key result is an alias of the first: its two check-ins have no place of their
# own, so both are reported where the alias is written (line 16), with the same message.
ALIASED = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster
    type: committed
    title: Customers get answers while they still care
    key_results:
      - &kr
        title: Conversion up from 12% to 18%
        start: 12
        target: 18
        checkins:
          - {date: 2026-09-01, value: 13}
          - {date: 2026-09-01, value: 14}
      - *kr
"""


def test_the_same_finding_at_the_same_place_is_reported_once(goals: GoalTree) -> None:
    goals.write("support.yaml", ALIASED)
    result = goals.lint()
    assert result.findings == [
        ("support.yaml", 14, 20, "checkin-outside-period"),
        ("support.yaml", 15, 20, "checkin-outside-period"),
        ("support.yaml", 16, 9, "checkin-outside-period"),  # the alias's two, once
    ]
    message = "check-in dated 2026-09-01 is outside the period 2026-Q4 (2026-10-01 to 2026-12-31)"
    assert set(result.messages("checkin-outside-period")) == {message}
    assert result.document["summary"] == {"files": 1, "errors": 3, "warnings": 0, "infos": 0}

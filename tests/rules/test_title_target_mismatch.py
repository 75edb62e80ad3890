"""title-target-mismatch: a number in the title that is neither the start nor the target."""

from __future__ import annotations

from tests.conftest import GoalTree

FILE = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed
    key_results:
      - title: First-response time down to 25 minutes
        start: 52
        target: 30
        unit: min
      - title: CSAT from 4.1 to 4.6
        start: 4.0
        target: 4.6
"""


def test_a_title_number_that_is_not_the_target_is_reported(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    result = goals.lint()
    # `      - title: ` is 15 characters: each title's value is at line 9 or 13, column 16.
    assert result.findings == [
        ("support.yaml", 9, 16, "title-target-mismatch"),
        ("support.yaml", 13, 16, "title-target-mismatch"),
    ]
    assert result.messages("title-target-mismatch") == [
        "the title says 25, but the target is 30 min (start 52): correct the title or the target",
        "the title says from 4.1 to 4.6, but the key result goes from 4 to 4.6: correct the "
        "title or the numbers",
    ]
    finding = result.document["findings"][0]
    assert (finding["severity"], finding["code"]) == ("warning", "OK116")
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_titles_that_agree_pass(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE.replace("target: 30", "target: 25").replace("4.0", "4.1"))
    assert goals.lint("--strict").findings == []


KPIS = """
team: support
kpis:
  - id: csat
    title: Customer satisfaction
    owner: lin
    unit: /5
    cadence: monthly
    band: {min: 3.8}
    measurements:
      - {date: 2026-09-30, value: 4.12}
"""

LINKED = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: happy
    title: Customers leave happier than they came
    type: aspirational
    key_results:
      - title: CSAT from 4.1 to 4.6
        kpi: support/csat
        target: 4.6
      - title: Help-centre article for every top-20 ticket reason
        done: false
"""


def test_a_kpi_linked_start_is_the_kpi_on_the_first_day(goals: GoalTree) -> None:
    # 4.12 on 2026-09-30 is the start; the title's 4.1 is it, rounded as written.
    goals.write("support/kpis.yaml", KPIS)
    goals.write("support/2026-Q4.yaml", LINKED)
    assert goals.lint("--strict").findings == []
    goals.write("support/kpis.yaml", KPIS.replace("4.12", "3.9"))
    result = goals.lint()
    assert result.findings == [("support/2026-Q4.yaml", 9, 16, "title-target-mismatch")]
    assert result.messages("title-target-mismatch") == [
        "the title says from 4.1 to 4.6, but the key result goes from 3.9 to 4.6: correct the "
        "title or the numbers"
    ]


# Titles as real teams write them: (title, start, target, unit), all consistent.
AGREE = [
    ("First-response time down from 52 to 25 minutes", 52, 25, "min"),
    ("Reduce first-response time to 25 minutes", 52, 25, "min"),
    ("MRR grows from $500K to $750K", 500000, 750000, None),
    ("MRR grows from $500K to $750K", 500, 750, "$K"),
    ("ARR reaches $1.2M", 800000, 1234567, None),
    ("Trial-to-paid conversion from 12% to 18%", 0.12, 0.18, None),
    ("CSAT reaches 4.6/5", 4.1, 4.6, "/5"),
    ("Deliver 400 MQLs to sales (a 28% increase)", 312, 400, None),
    ("Close 10 enterprise deals in Q3", 2, 10, None),
    ("Top 3 customer complaints resolved for 90% of accounts", 40, 90, "%"),
    ("Enterprise deals closed above $50K ACV reach 10", 3, 10, None),
    ("p95 latency for accounts above 1M events a day from 620 ms to 300 ms", 620, 300, "ms"),
    ("Critical vulnerabilities open longer than 7 days down from 9 to 0", 9, 0, None),
    ("Tickets per 100 active accounts down from 42 to 30", 42, 30, None),
    ("Uptime at 99.95% in 2026", 99.9, 99.95, "%"),
    ("Launch 2 partner integrations by 2027", 0, 2, None),
    ("Time to first value under 10 minutes", 1800, 600, "s"),
    ("Monthly logo churn down from 2.6% to 2.0%", 2.6, 2.0, "%"),
    ("7-day activation rate from 34% to 40%", 34, 40, "%"),
    ("Reach 2,000 weekly active teams", 1200, 2000, None),
    ("Net revenue retention rises to 115% by Q4", 104, 115, "%"),
    ("Cut support cost per ticket by 20% to $12", 15, 12, "$"),
    ("Grow weekly active contributors 2x to 400", 200, 400, None),
    ("Hire 5 backend engineers", 0, 5, None),
    ("Sev-1 incidents down to 2 per quarter", 6, 2, None),
    ("NPS from 30 to 45 (a 15-point gain)", 30, 45, None),
    ("Mean time to recover from a Sev-1 down from 48 min to 15 min", 48, 15, "min"),
    ("Infrastructure cost per active account from $4.10 to $3.20", 4.1, 3.2, "$"),
    ("99.9% API uptime", 99.5, 99.9, "%"),
    ("Onboarding completion rate reaches 60% (from 41%)", 41, 60, "%"),
    ("Weekly active teams on the new editor: 1.5k -> 4k", 1500, 4000, None),
    ("Open tickets older than 48 hours under 20", 60, 20, None),
    ("Reduce P1/P2 bug backlog by 50% to 120 issues", 240, 120, None),
    ("Achieve 95% of quota in 3 of 4 regions", 80, 95, "%"),
    ("Improve docs satisfaction to 4.5 out of 5", 4.1, 4.5, None),
    ("1 million monthly downloads", 600000, 1000000, None),
    ("NPS above 40 for 3 consecutive months", 32, 40, None),
    ("MTTR under 1 hour", 120, 60, "min"),
    ("Page load under 2s", 3500, 2000, "ms"),
    ("Error rate below 0.1%", 0.004, 0.001, None),
    ("Q4: 50 new logos", 0, 50, None),
    ("Response time at p95 to 200ms", 450, 200, "ms"),
    ("Grow community to 5k members", 3100, 5000, None),
    ("Reduce flaky tests from ~300 to <50", 300, 50, None),
    ("Ship v2.0 of the API to 3 design partners", 0, 3, None),
    ("Migrate 100% of repos to the new CI by 2026-12-31", 40, 100, "%"),
    ("Increase ACV by $5K to $45K", 40000, 45000, "$"),
    ("Onboard 3 new maintainers in 2026", 0, 3, None),
    ("Reduce support tickets per 1,000 users to 12", 18, 12, None),
    ("CSAT ≥ 4.5", 4.2, 4.5, None),
]
# ... and with a number that is neither: (title, start, target, unit, message).
DISAGREE = [
    ("First-response time down to 25 minutes", 52, 30, "min", "says 25, but the target is 30 min"),
    ("MRR grows from $500K to $750K", 500000, 700000, None, "from $500K to $750K, but the key"),
    ("Trial-to-paid conversion from 12% to 18%", 0.12, 0.2, None, "goes from 0.12 to 0.2:"),
    ("Monthly logo churn down from 2.6% to 2.0%", 2.8, 2.0, "%", "goes from 2.8 to 2%:"),
    ("CSAT reaches 4.6/5", 4.1, 4.5, "/5", "says 4.6/5, but the target is 4.5/5 (start 4.1)"),
    ("Deliver 400 MQLs to sales (a 28% increase)", 312, 450, None, "says 400, but the"),
    ("Close 10 enterprise deals in Q3", 2, 12, None, "says 10, but the target is 12"),
    ("Reach 2,000 weekly active teams", 1200, 2500, None, "says 2,000, but the target is 2500"),
    ("ARR reaches $1.2M", 800000, 1500000, None, "says $1.2M, but the target is 1500000"),
    ("Uptime at 99.95% in 2026", 99.9, 99.99, "%", "says 99.95%, but the target is 99.99%"),
    ("Cut support cost per ticket by 20% to $12", 15, 11, "$", "says $12, but the target is"),
    ("Sev-1 incidents down to 2 per quarter", 6, 1, None, "says 2, but the target is 1"),
    ("99.9% API uptime", 99.5, 99.99, "%", "says 99.9%, but the target is 99.99%"),
    ("Tickets per 100 active accounts down from 42 to 30", 42, 25, None, "from 42 to 30, but"),
    ("Hire 5 backend engineers", 0, 4, None, "says 5, but the target is 4 (start 0)"),
    ("Open tickets older than 48 hours under 20", 60, 15, None, "says 20, but the target is 15"),
    ("Grow community to 5k members", 3100, 6000, None, "says 5k, but the target is 6000"),
    ("Reduce flaky tests from ~300 to <50", 300, 40, None, "from 300 to 50, but the key"),
    ("Increase ACV by $5K to $45K", 40000, 50000, "$", "says $45K, but the target is 50000 $"),
    ("CSAT ≥ 4.5", 4.2, 4.6, None, "says 4.5, but the target is 4.6 (start 4.2)"),
    ("1 million monthly downloads", 600000, 2000000, None, "says 1 million, but the target"),
]


def table_file(rows: list[tuple[str, float, float, str | None]]) -> tuple[str, list[int]]:
    """One objective holding every row as a numeric key result; the line of each title."""
    lines = [
        "team: growth",
        "period: 2026-Q4",
        "owner: priya",
        "objectives:",
        "  - id: table",
        "    title: Titles as real teams write them",
        "    type: aspirational",
        "    key_results:",
    ]
    title_lines = []
    for title, start, target, unit in rows:
        title_lines.append(len(lines) + 1)
        lines += [
            f'      - title: "{title}"',
            f"        start: {start}",
            f"        target: {target}",
        ]
        if unit:
            lines.append(f'        unit: "{unit}"')
    return "\n".join(lines) + "\n", title_lines


def test_a_table_of_real_titles_both_ways(goals: GoalTree) -> None:
    rows = AGREE + [(title, start, target, unit) for title, start, target, unit, _ in DISAGREE]
    text, title_lines = table_file(rows)
    goals.write("growth.yaml", text)
    result = goals.lint()
    reported = title_lines[len(AGREE) :]
    assert result.of("title-target-mismatch") == [
        ("growth.yaml", line, 16, "title-target-mismatch") for line in reported
    ]
    for message, row in zip(result.messages("title-target-mismatch"), DISAGREE, strict=True):
        assert row[4] in message, (row[0], message)

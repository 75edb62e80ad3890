"""comment-in-text: a `#` comment that cut a title, note or unit short (issue 15)."""

from tests.conftest import GoalTree

FILE = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: latency
    title: Latency is no longer our #1 complaint
    type: committed
    key_results:
      - title: p95 latency down from 900 ms to 300 ms   # per the SLO doc
        start: 900
        target: 300
        unit: ms #milliseconds
        checkins:
          - date: 2026-10-15
            value: 700
            note: Cache live #perf
      - title: Latency tickets per week down from 40 to 10
        start: 40
        target: 10
kpis:
  - id: p95
    title: p95 API latency #all-regions
    owner: lin
    unit: ms  # milliseconds
    cadence: weekly
    band: {max: 400}
    measurements:
      - date: 2026-11-20
        value: 310
        note: After the cache rollout  # measured by Grafana
"""


def test_comments_that_cut_text_are_reported_at_the_hash(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    result = goals.lint()
    assert result.findings == [
        ("support.yaml", 6, 37, "comment-in-text"),  # `#1 complaint` after a title
        ("support.yaml", 9, 57, "comment-in-text"),  # a spaced comment after a title
        ("support.yaml", 12, 18, "comment-in-text"),  # `#milliseconds` after a unit
        ("support.yaml", 16, 30, "comment-in-text"),  # `#perf` after a check-in note
        ("support.yaml", 22, 28, "comment-in-text"),  # `#all-regions` after a KPI title
        ("support.yaml", 30, 40, "comment-in-text"),  # a spaced comment after a note
    ]  # not line 25: `unit: ms  # milliseconds` is a unit with a comment, as meant
    messages = result.messages("comment-in-text")
    assert messages[0] == (
        "a comment cuts the title short: in `title: Latency is no longer our #1 complaint` "
        "YAML reads `#1 complaint` as a comment and keeps `Latency is no longer our`; quote "
        'the value if the text goes on: `title: "Latency is no longer our #1 complaint"`'
    )
    assert messages[1] == (
        "a comment cuts the title short: in `- title: p95 latency down from 900 ms to 300 ms   "
        "# per the SLO doc` YAML reads `# per the SLO doc` as a comment and keeps `p95 latency "
        'down from 900 ms to 300 ms`; quote the value if the text goes on: `title: "p95 '
        'latency down from 900 ms to 300 ms   # per the SLO doc"`; or put the comment on a '
        "line of its own"
    )
    assert messages[2] == (
        "a comment cuts the unit short: in `unit: ms #milliseconds` YAML reads `#milliseconds` "
        'as a comment and keeps `ms`; quote the value if the text goes on: `unit: "ms '
        '#milliseconds"`'
    )
    finding = result.document["findings"][0]
    assert (finding["severity"], finding["code"]) == ("warning", "OK114")
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_quoted_values_and_comments_on_their_own_line_pass(goals: GoalTree) -> None:
    text = (
        FILE.replace(
            "Latency is no longer our #1 complaint", '"Latency is no longer our #1 complaint"'
        )
        .replace(
            "      - title: p95 latency down from 900 ms to 300 ms   # per the SLO doc\n",
            "      # per the SLO doc\n      - title: p95 latency down from 900 ms to 300 ms\n",
        )
        .replace("unit: ms #milliseconds", "unit: ms # milliseconds")
        .replace("note: Cache live #perf", "note: 'Cache live #perf'")
        .replace("p95 API latency #all-regions", "'p95 API latency #all-regions'")
        .replace(
            "note: After the cache rollout  # measured by Grafana", "note: After the cache rollout"
        )
    )
    goals.write("support.yaml", text)
    result = goals.lint("--strict")
    assert result.findings == []


def test_okrctl_directives_are_not_comments_that_cut(goals: GoalTree) -> None:
    goals.write(
        "support.yaml",
        """
        team: support
        period: 2026-Q4
        owner: lin
        objectives:
          - id: latency
            title: Latency is no longer a top complaint  # okrctl: disable=placeholder
            type: committed
            key_results:
              - title: Fewer latency tickets #1 # okrctl: disable=comment-in-text
                start: 40
                target: 10
              - title: p95 latency down from 900 to 300 ms
                start: 900
                target: 300
        """,
    )
    # Line 6's comment only silences rules; line 9's cut is silenced on its line.
    assert goals.lint("--strict").findings == []


def test_windows_line_endings_and_tabs(goals: GoalTree) -> None:
    path = goals.write("support.yaml", FILE)
    text = path.read_text(encoding="utf-8").replace("our #1", "our\t#1").replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8"))
    result = goals.lint()
    assert result.of("comment-in-text")[0] == ("support.yaml", 6, 37, "comment-in-text")
    assert "keeps `Latency is no longer our`" in result.messages("comment-in-text")[0]


def test_the_loader_keeps_only_the_lines_where_a_comment_follows_a_value() -> None:
    from okrctl.load.yamlparse import parse_suppressions

    text = (
        "# okrctl goals\n"
        "team: support  # the team\n"
        "period: 2026-Q4\n"
        "    # indented comment\n"
        'owner: "lin #1"\n'
        "unit: ms#no-space\r\n"
    )
    # Line 5 is kept though its `#` is inside quotes: the rule looks at each value's position.
    assert parse_suppressions(text).commented == {
        2: "team: support  # the team",
        5: 'owner: "lin #1"',
    }


def test_a_dropped_key_results_reason_and_a_self_scores_note_are_free_text(
    goals: GoalTree,
) -> None:
    goals.write(
        "support.yaml",
        "team: support\nperiod: 2026-Q4\nowner: lin\nobjectives:\n  - id: faster\n"
        "    title: Customers get answers while they still care\n    type: committed\n"
        "    key_results:\n"
        "      - title: Runbook for every escalation\n        done: false\n"
        "        status: dropped\n"
        "        reason: blocked on ticket #42 from the vendor\n"  # line 12, `#` at 35
        "      - title: CSAT up\n        kpi: support/csat\n        target: 4.6\n"
        "        checkins:\n"
        "          - {date: 2026-11-02, score: 0.4}\n"
        "          - date: 2026-11-20\n            score: 0.5\n"
        "            note: survey vendor # changed\n",  # line 20, `#` at 33
    )
    goals.write(
        "kpis.yaml",
        "team: support\nkpis:\n  - id: csat\n    title: CSAT\n    owner: lin\n"
        "    cadence: monthly\n    band: {min: 3.8}\n",
    )
    assert goals.lint().of("comment-in-text") == [
        ("support.yaml", 12, 35, "comment-in-text"),
        ("support.yaml", 20, 33, "comment-in-text"),
    ]

"""`kpi check` and `review` show a KPI's latest value that came from its source (`source:
pulled`) and flag `source-stale`: a KPI with a source whose newest pulled value is older than
its stale limit (the limit of `stale`: 1.5 cadence intervals), or that has never given one."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import okrctl

KPIS = """
team: support
kpis:
  - id: churn
    title: Monthly churn
    owner: lin
    unit: "%"
    cadence: weekly
    band: {max: 2.5}
    measurements:
      - {date: 2026-11-09, value: 2.25}
      - {date: 2026-11-16, value: 2.0, source: pulled}
      - {date: 2026-11-23, value: 2.75, source: pulled}
    source:
      kind: sql
      url: sqlite:///data/metrics.db
      query: select day, churn_pct from churn_daily where day > :since
  - id: tickets
    title: Open tickets
    owner: sam
    cadence: daily
    band: {max: 100}
    measurements:
      - {date: 2026-11-20, value: 80, source: pulled}
      - {date: 2026-11-28, value: 90}
    source:
      kind: csv
      path: data/tickets.csv
      date_column: day
      value_column: open
  - id: csat
    title: Customer satisfaction
    owner: sam
    cadence: weekly
    band: {min: 4}
    measurements:
      - {date: 2026-11-25, value: 4.5}
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "kpis.yaml").write_text(textwrap.dedent(KPIS).lstrip("\n"), encoding="utf-8")
    return tmp_path


def test_the_board_marks_pulled_values_and_a_stopped_source(tree: Path) -> None:
    result = okrctl("kpi", "check", cwd=tree)
    assert result.stdout == (
        "KPI board as of 2026-11-29\n\n"
        "support\n"
        "KPI       Value   Band      Recent   Status             Owner          Last\n"
        "---------------------------------------------------------------------------\n"
        "churn     2.75%   <= 2.5%   ▃▁█      breach             lin     6d (pulled)\n"
        "tickets      90   <= 100    ▁█       ok, source-stale   sam              1d\n"
        "csat        4.5   >= 4      ▄        ok                 sam              4d\n\n"
        "3 KPIs: 1 in breach, 0 warn, 2 ok, 0 without data; 0 stale, 1 source-stale.\n"
    )
    assert result.returncode == 1  # the breach
    # A source that stopped is staleness: --fail-on stale counts it.
    assert okrctl("kpi", "check", "--team", "support", "--fail-on", "stale", cwd=tree).returncode
    markdown = okrctl("kpi", "check", "-f", "markdown", cwd=tree).stdout
    assert "| **ok, source-stale** | sam | 1 day ago |" in markdown
    assert "| **breach** | lin | 6 days ago (pulled) |" in markdown


def test_json_has_a_source_field_only_for_a_kpi_with_a_source(tree: Path) -> None:
    document = json.loads(okrctl("kpi", "check", "-f", "json", cwd=tree).stdout)
    sources = {k["id"]: k.get("source") for k in document["kpis"]}
    assert sources == {
        "churn": {"kind": "sql", "pulled": True, "last_pulled": "2026-11-23", "stale": False},
        "tickets": {"kind": "csv", "pulled": False, "last_pulled": "2026-11-20", "stale": True},
        "csat": None,
    }
    assert "source" not in document["kpis"][2]


def test_the_review_lists_a_stopped_source_as_needing_attention(tree: Path) -> None:
    text = okrctl("review", cwd=tree).stdout
    assert (
        "2. support/tickets, KPI source stale (owner sam): its source (csv) last gave a\n"
        "   value 9 days ago, though it is measured daily\n"
    ) in text
    assert text.endswith(
        "Warnings\n- support/tickets is source-stale: its source (csv) last gave a value 9 days "
        "ago\n"
    )
    markdown = okrctl("review", "-f", "markdown", cwd=tree).stdout
    assert "- `support/tickets` is source-stale: its source (csv) last gave a value 9 days ago" in (
        markdown
    )
    attention = json.loads(okrctl("review", "-f", "json", cwd=tree).stdout)["summary"]["attention"]
    assert [(a["kind"], a["ref"]) for a in attention] == [
        ("kpi-breach", "support/churn"),
        ("source-stale", "support/tickets"),
    ]


def test_a_source_that_never_gave_a_value_is_source_stale(tree: Path) -> None:
    kpis = tree / "kpis.yaml"
    kpis.write_text(
        kpis.read_text().replace("value: 80, source: pulled", "value: 80"), encoding="utf-8"
    )
    text = okrctl("review", cwd=tree).stdout
    assert "- support/tickets is source-stale: its source (csv) has never given a value\n" in text
    # Pulled yesterday: fresh again, and no longer said.
    kpis.write_text(
        kpis.read_text().replace("{date: 2026-11-28, value: 90}", "{date: 2026-11-28, value: 90, "
                                 "source: pulled}"),
        encoding="utf-8",
    )  # fmt: skip
    again = okrctl("kpi", "check", cwd=tree).stdout
    assert "tickets      90   <= 100    ▁█       ok       sam     1d (pulled)\n" in again
    assert "source-stale" not in again

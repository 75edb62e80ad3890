"""okrctl review (issue 7): the weekly and quarterly reports, through the real CLI.

Golden files under tests/golden/review/ pin every format on the examples at two dates:
2026-11-16 (weekly: Q3 ended 47 days before, more than 14) and 2026-10-05 (quarterly: Q3
ended 5 days before, so Q3 is reviewed as of its last day, 2026-09-30). After an intended
change to a report, regenerate them and read the diff before committing:

    OKRCTL_REGENERATE=1 python -m pytest tests/test_review.py

The golden files alone would pin whatever the program printed, so the facts that matter are
also asserted one by one, with numbers worked out by hand from the example files.

Weekly as of 2026-11-16: Q4 is 46 of 92 days gone (e = 0.5), the year 2026 319 of 365
(e = 0.874). Objectives in periods containing that day: company 3, growth 3, platform 3,
support 2 = 11. Off-track (committed, below e - 0.25):
- growth/2026-Q4/expansion-revenue: nrr (102.2 - 101) / 7 = 0.171, business-upgrades 29 / 60
  = 0.483, usage-add-on not done on 2026-11-16 (done on 11-17, after the as-of) = 0;
  mean 0.218 < 0.25.
- company/2026/efficient-growth: mrr (634 - 500) / 250 = 0.536 weighted 2, nrr (102.5 - 98)
  / 10 = 0.45, churn (2.7 - 2.6) / (2.0 - 2.6) < 0 so 0; (2 x 0.536 + 0.45) / 4 = 0.381 <
  0.874 - 0.25.
At-risk (committed, from e - 0.25, below e - 0.1): company/2026/scalable-success
((61-20)/60 = 0.683, (14-30)/(10-30) = 0.8, (4.2-3.9)/0.7 = 0.429: 0.637, between 0.624 and
0.774) and support/2026-Q4/enterprise-onboarding ((66 is after the as-of) 25/45 = 0.556,
8/14 = 0.571, 0: 0.376, between 0.25 and 0.4). The other 7 are on track.
KPIs: 14 (platform/automated-evidence, graduated from a Q3 key result, since issue 20); in
breach only support/first-response-time (49 then 52 min, band max 45: a streak
of 2); in warn only growth/monthly-churn (2.7%, warn max 2.5, band max 3); none stale.

Quarterly as of 2026-10-05 (so 2026-09-30): the six Q3 objectives are met or a success, and
the company's 2026 objectives are reviewed with them at e = 272 / 365 = 0.745:
enterprise-fit (aspirational) 0.5 on track (from 0.7 x 0.745 - 0.1 = 0.422),
efficient-growth (2 x 0.472 + 0.3 + 0.333) / 4 = 0.394 off track (below 0.495),
scalable-success (0.583 + 0.7 + 0.286) / 3 = 0.523 at risk. So 9: 7 on track, 1, 1.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from okrctl.commands import review as review_command
from okrctl.reports.values import score as shown
from okrctl.terminal import Terminal
from tests.browser import CHROMIUM, chromium
from tests.conftest import EXAMPLES, REPO, GoalTree, okrctl
from tests.editing import run_on

GOLDEN = Path(__file__).parent / "golden" / "review"
REGENERATE = os.environ.get("OKRCTL_REGENERATE") == "1"
WEEKLY = ("--as-of", "2026-11-16")
QUARTERLY = ("--as-of", "2026-10-05")
CASES = {"weekly-2026-11-16": WEEKLY, "quarterly-2026-Q3": QUARTERLY}
EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json", "html": "html"}
BOX_DRAWING = re.compile("[\u2500-\u257f]")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def review(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    result = okrctl("review", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result


def review_json(*args: str, cwd: Path = REPO) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(review(*args, "--format", "json", cwd=cwd).stdout)
    return document


# --- golden files ---------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", sorted(EXTENSIONS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_files(case: str, output_format: str) -> None:
    result = review("examples/", *CASES[case], "--format", output_format)
    golden = GOLDEN / f"{case}.{EXTENSIONS[output_format]}"
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert golden.exists(), "no golden file: OKRCTL_REGENERATE=1 pytest tests/test_review.py"
    assert result.stdout == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; if the change is intended, regenerate with "
        "OKRCTL_REGENERATE=1 pytest tests/test_review.py and review the diff"
    )


# --- what the weekly and quarterly reviews say about the examples ------------------------------


def test_weekly_summary_counts_and_what_needs_attention() -> None:
    document = review_json("examples/", *WEEKLY)
    assert document["cadence"] == "weekly"
    assert document["as_of"] == "2026-11-16"
    assert document["period"] is None
    summary = document["summary"]
    counts = {k: v for k, v in summary.items() if k != "attention"}
    assert counts == {
        "objectives": 11,
        "on_track": 7,
        "at_risk": 2,
        "off_track": 2,
        "met": 0,
        "success": 0,
        "missed": 0,
        "no_data": 0,
        "kpis": 14,
        "in_breach": 1,
        "in_warn": 1,
        "stale": 0,
    }
    # The breach first; then the committed objectives off track, the lower score first. The
    # KPI in warn (growth/monthly-churn) ranks after them and so is not among the three.
    assert [(a["kind"], a["ref"]) for a in summary["attention"]] == [
        ("kpi-breach", "support/first-response-time"),
        ("objective-off-track", "growth/2026-Q4/expansion-revenue"),
        ("objective-off-track", "company/2026/efficient-growth"),
    ]
    assert summary["attention"][0]["owner"] == "sam"
    assert summary["attention"][0]["reason"] == (
        "52 min, outside its band (at most 45 min) for 2 measurements in a row"
    )
    # (nrr 1.2/7 + business-upgrades 0.3 x 29/40, short of its commit level + 0) / 3 = 0.130
    # nrr's plan (101 on 10-01, 102 by 10-31, 104 by 11-30) expects 102 + 2 x 16/30 = 103.067
    # on 11-16, which scores 2.067/7 = 0.2952; the other two expect 46/92 = 0.5 each:
    # (0.2952 + 0.5 + 0.5) / 3 = 0.432.
    assert summary["attention"][1]["reason"] == (
        "committed objective scored 0.13 with 50% of 2026-Q4 gone and 0.432 expected by plan"
    )
    assert summary["attention"][2]["reason"] == (
        "committed objective scored 0.381 with 87% of 2026 gone"
    )


def test_weekly_lists_breaches_and_off_track_items_first() -> None:
    document = review_json("examples/", *WEEKLY)
    teams = {t["team"]: t for t in document["teams"]}
    assert list(teams) == ["company", "growth", "platform", "support"]
    support = teams["support"]
    assert support["kpis"][0]["ref"] == "support/first-response-time"
    assert [k["status"] for k in support["kpis"]] == ["breach", "ok", "ok", "ok"]
    assert teams["growth"]["kpis"][0]["ref"] == "growth/monthly-churn"  # in warn
    assert [(o["id"], o["status"]) for o in support["objectives"]] == [
        ("enterprise-onboarding", "at-risk"),
        ("support-as-retention", "on-track"),
    ]
    assert [(o["id"], o["status"], o["score"]) for o in teams["growth"]["objectives"]] == [
        ("expansion-revenue", "off-track", 0.13),
        ("enterprise-ready-trials", "on-track", 0.325),
        # trial-to-paid has a stretch level: 0.7 x (17.6 - 16.8) / (20 - 16.8) = 0.175;
        # (0.175 + 0.5 + 0.4) / 3 = 0.358
        ("paid-plan-default", "on-track", 0.358),
    ]
    # Only the current periods: Q3 is not in a weekly review in November.
    periods = {o["period"] for t in document["teams"] for o in t["objectives"]}
    assert periods == {"2026", "2026-Q4"}
    # Weekly reviews make no suggestions: drafting objectives is the quarterly meeting's job.
    assert all(t["suggestions"] == [] for t in document["teams"])

    text = review("examples/", *WEEKLY).stdout
    lines = text.splitlines()
    attention = lines.index("Needs attention now:")
    assert lines[attention + 1].startswith("1. support/first-response-time, KPI in breach")
    support_board = lines.index(next(line for line in lines if line.startswith("support ---")))
    first_kpi_row = next(
        line for line in lines[support_board:] if line.startswith("first-response-time")
    )
    assert first_kpi_row.split() == [
        "first-response-time",
        "52",
        "min",
        "<=",
        "45",
        first_kpi_row.split()[5],
        "breach",
        "x2",
        "sam",
        "0d",
    ]


def test_weekly_key_results_worst_first_with_pace_and_confidence() -> None:
    document = review_json("examples/", *WEEKLY)
    support = next(t for t in document["teams"] if t["team"] == "support")
    text = review("examples/", *WEEKLY).stdout
    section = text[text.index("support ---") :]
    table = section[section.index("Key result") :].split("\n\n", 1)[0].splitlines()
    lines = table[2:]  # after the header and its rule
    rows = [line for line in lines if not line.startswith(" ")]  # titles follow, indented
    # 6 key results in support's two Q4 objectives, one row each, named by their refs: the SSO
    # milestone first (not done: 0, off-track; confidence 0.9 from 2026-10-23, as 2026-11-20
    # is after the as-of), then CSAT (4.2 - 4.1) / 0.5 = 0.2, at-risk: below 0.7 x 0.5 - 0.1 =
    # 0.25, from 0.1. At 80 columns each title follows its row, whole.
    assert len(rows) == 6
    assert rows[0].split() == [
        "enterprise-onboarding/sso-guide",
        "0.000",
        "off-track",
        "0.9",
        "aiko",
    ]
    assert rows[1].split() == ["support-as-retention/csat", "0.200", "at-risk", "-", "lin"]
    assert lines[lines.index(rows[1]) + 1] == "  CSAT rises from 4.1 to 4.6"
    key_results = [kr for o in support["objectives"] for kr in o["key_results"]]
    assert len(key_results) == 6


def test_quarterly_reviews_the_quarter_just_ended_at_its_last_day() -> None:
    document = review_json("examples/", *QUARTERLY)
    assert document["cadence"] == "quarterly"
    assert document["as_of"] == "2026-09-30"
    assert document["period"] == {"label": "2026-Q3", "start": "2026-07-01", "end": "2026-09-30"}
    counts = {k: v for k, v in document["summary"].items() if k != "attention"}
    assert counts == {
        "objectives": 9,
        # Q3 has ended: its six objectives count by verdict; the company's 2026 ones by pace.
        "on_track": 1,
        "at_risk": 1,
        "off_track": 1,
        "met": 3,
        "success": 3,
        "missed": 0,
        "no_data": 0,
        "kpis": 14,
        "in_breach": 0,
        "in_warn": 0,
        "stale": 0,
    }
    assert [(a["kind"], a["ref"]) for a in document["summary"]["attention"]] == [
        ("objective-off-track", "company/2026/efficient-growth"),
        ("objective-at-risk", "company/2026/scalable-success"),
    ]
    objectives = {o["ref"]: o for t in document["teams"] for o in t["objectives"]}
    assert {ref: (o["score"], o["status"]) for ref, o in objectives.items()} == {
        "company/2026/enterprise-fit": (0.5, "on-track"),
        "company/2026/efficient-growth": (0.394, "off-track"),
        "company/2026/scalable-success": (0.523, "at-risk"),
        "growth/2026-Q3/first-report-fast": (1.0, "met"),
        "growth/2026-Q3/trial-funnel": (0.7, "success"),
        "platform/2026-Q3/audit-ready": (1.0, "met"),
        "platform/2026-Q3/instant-api": (0.7, "success"),
        "support/2026-Q3/tame-escalations": (1.0, "met"),
        "support/2026-Q3/self-serve-answers": (0.7, "success"),
    }
    support = next(t for t in document["teams"] if t["team"] == "support")
    assert support["scores"] == [
        {
            "team": "support",
            "period": "2026-Q3",
            "score": 0.85,
            "grade": "green",
            "as_of": "2026-09-30",
        }
    ]
    # Each key result with its last check-in note, as of the period's end.
    runbooks = support["objectives"][0]["key_results"][1]
    assert (runbooks["start"], runbooks["current"], runbooks["target"]) == (18, 50, 50)
    assert runbooks["note"] == (
        "last two (billing export, SSO group sync) signed off by engineering"
    )
    # KPIs at the period end: first-response-time was 34 min on 2026-09-28, inside its band.
    frt = next(k for k in support["kpis"] if k["id"] == "first-response-time")
    assert (frt["value"], frt["date"], frt["status"]) == (34, "2026-09-28", "ok")
    # The graduations of Q3: two in each team (the README's "key results that reached 1.0"),
    # but platform's automated-evidence has graduated already: platform/automated-evidence
    # names it as its `from_kr` (issue 20), so it is not suggested again.
    about = {t["team"]: [s["about"] for s in t["suggestions"]] for t in document["teams"]}
    assert about == {
        "company": [],
        "growth": ["growth/activation-rate", "growth/2026-Q3/first-report-fast/setup-steps"],
        "platform": ["platform/2026-Q3/audit-ready/access-reviews"],
        "support": [
            "support/escalation-rate",
            "support/2026-Q3/tame-escalations/runbook-coverage",
        ],
    }


def test_naming_the_period_reviews_it_the_same_way() -> None:
    named = review_json("examples/", "--period", "2026-Q3", "--as-of", "2026-11-16")
    assert named == review_json("examples/", *QUARTERLY)


def test_a_period_named_while_it_runs_gets_its_pace() -> None:
    document = review_json("examples/", "--period", "2026-Q4", *WEEKLY)
    assert document["cadence"] == "quarterly"
    assert document["as_of"] == "2026-11-16"
    statuses = {o["status"] for t in document["teams"] for o in t["objectives"]}
    assert statuses <= {"on-track", "at-risk", "off-track"}
    assert document["summary"]["objectives"] == 11


def test_team_filter() -> None:
    document = review_json("examples/", *WEEKLY, "--team", "support")
    assert document["team"] == "support"
    assert [t["team"] for t in document["teams"]] == ["support"]
    assert document["summary"]["objectives"] == 2
    assert document["summary"]["kpis"] == 4
    result = okrctl("review", "examples/", "--team", "suport", cwd=REPO)
    assert result.returncode == 2
    assert result.stderr == (
        "okrctl: error: --team: no objectives or KPIs of team `suport` (did you mean `support`?)\n"
    )


# --- the cadence rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "cadence", "as_of"),
    [
        (("--as-of", "2026-09-29"), "weekly", "2026-09-29"),  # Q3 not over yet
        (("--as-of", "2026-09-30"), "quarterly", "2026-09-30"),  # Q3's last day
        (("--as-of", "2026-10-14"), "quarterly", "2026-09-30"),  # 14 days after
        (("--as-of", "2026-10-15"), "weekly", "2026-10-15"),  # 15 days after
        (("--as-of", "2026-10-05", "--cadence", "weekly"), "weekly", "2026-10-05"),
        (("--as-of", "2026-11-16", "--cadence", "quarterly"), "quarterly", "2026-09-30"),
        (("--as-of", "end-of-period"), "quarterly", "2026-12-31"),  # today's quarter, at its end
    ],
)
def test_cadence_default_rule(args: tuple[str, ...], cadence: str, as_of: str) -> None:
    document = review_json("examples/", *args)
    assert (document["cadence"], document["as_of"]) == (cadence, as_of)


def test_a_period_that_is_not_one_is_a_usage_error() -> None:
    result = okrctl("review", "examples/", "--period", "2026-Q5", cwd=REPO)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "okrctl: error: --period: `2026-Q5` is not a period: write 2026-Q4, 2026-H1 or 2026 "
        "(periods with objectives: 2026, 2026-Q2, 2026-Q3, 2026-Q4) (did you mean `2026-Q4`?)\n"
    )


def test_end_of_period_is_not_a_weekly_date() -> None:
    result = okrctl(
        "review", "examples/", "--cadence", "weekly", "--as-of", "end-of-period", cwd=REPO
    )
    assert result.returncode == 2
    assert "end-of-period is for a quarterly review" in result.stderr


# --- JSON: the same objects as score, kpi check and suggest -----------------------------------


def test_json_reuses_score_kpi_and_suggest_documents() -> None:
    document = review_json("examples/", *WEEKLY)
    score = json.loads(okrctl("score", "examples/", *WEEKLY, "-f", "json", cwd=REPO).stdout)
    kpis = json.loads(okrctl("kpi", "check", "examples/", *WEEKLY, "-f", "json", cwd=REPO).stdout)
    scored = {o["ref"]: o for o in score["objectives"]}
    checked = {k["ref"]: k for k in kpis["kpis"]}
    for team in document["teams"]:
        for objective in team["objectives"]:
            assert objective == scored[objective["ref"]]
        for kpi in team["kpis"]:
            assert kpi == checked[kpi["ref"]]
        for team_score in team["scores"]:
            assert team_score in score["teams"]
    assert sum(len(t["kpis"]) for t in document["teams"]) == len(kpis["kpis"])

    quarterly = review_json("examples/", *QUARTERLY)
    suggest = json.loads(
        okrctl("suggest", "examples/", "--as-of", "2026-09-30", "-f", "json", cwd=REPO).stdout
    )
    made = [s for t in quarterly["teams"] for s in t["suggestions"]]
    assert sorted(made, key=json.dumps) == sorted(suggest["suggestions"], key=json.dumps)
    any_kr = quarterly["teams"][1]["objectives"][0]["key_results"][0]
    assert list(any_kr) == list(score["objectives"][0]["key_results"][0])


# --- text: 80 columns, plain when piped --------------------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_text_fits_80_columns_and_is_plain_when_piped(case: str) -> None:
    text = review("examples/", *CASES[case]).stdout
    assert "\x1b" not in text
    assert not BOX_DRAWING.search(text)
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert all(line == line.rstrip() for line in text.splitlines())


@pytest.mark.parametrize("as_of", ["2026-11-16", "2026-10-05"])
def test_text_in_colour_on_an_80_column_terminal(as_of: str) -> None:
    out, err = StringIO(), StringIO()
    code = run_on(
        date(2026, 11, 22),
        review_command.run,
        review_command.Options([EXAMPLES], as_of=as_of),
        Terminal(out, err, color=True, width=80),
    )
    assert code == 0
    coloured = out.getvalue()
    assert "\x1b[" in coloured
    plain = ANSI.sub("", coloured)
    assert max(cell_len(line) for line in plain.splitlines()) <= 80
    # Colour never carries meaning alone: the words are there without it.
    assert "off-track" in plain and "red" in plain


# --- Markdown -----------------------------------------------------------------------------------


def test_markdown_headings_tables_and_status_words() -> None:
    text = review("examples/", *QUARTERLY, "--format", "markdown").stdout
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## company",
        "## growth",
        "## platform",
        "## support",
        "## Impact: did the OKR move the needle?",  # issue 20: support's Q2 objective held
        "## Confidence calibration as of 2026-09-30",  # issue 20: after the teams
    ]
    assert "| Key result | Start → current → target | Score | Grade | Status |" in text
    assert (
        "| Top-50 ticket categories with a tier-1 runbook reach 50 | 18 -> 50 -> 50 categories "
        f"| {shown(1.0)} | green | met | 1 | last two (billing export, SSO group sync) signed off "
        "by engineering |"
    ) in text
    # No emoji: every character outside ASCII is a typographic one or a sparkline block.
    allowed = set("·→▁▂▃▄▅▆▇█—")
    assert {c for c in text if ord(c) > 127} <= allowed


# --- HTML: self-contained ----------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_html_is_self_contained(case: str) -> None:
    page = review("examples/", *CASES[case], "--format", "html").stdout
    document = review_json("examples/", *CASES[case])
    lowered = page.lower()
    assert "<script" not in lowered
    # A goal's `links` are anchors a reader may follow, never fetched: the rest has no address.
    unlinked = re.sub(r'<a href="https?://[^"]*" rel="noopener noreferrer">', "<a>", lowered)
    assert "http://" not in unlinked and "https://" not in unlinked
    assert "<link" not in lowered and "@import" not in lowered and "url(" not in lowered
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
    ) in page
    charts = re.findall(r'<svg class="chart".*?</svg>', page, flags=re.S)
    kpi_refs = [k["ref"] for t in document["teams"] for k in t["kpis"]]
    assert len(charts) == len(kpi_refs) == 14
    for chart, ref in zip(charts, kpi_refs, strict=True):
        assert f'data-kpi="{ref}"' in chart
        assert re.search(r'<title id="[^"]+">[^<]+</title>', chart)
        assert "<desc " in chart
    # A progress bar per key result (and per objective in a weekly review), with the marker.
    key_results = [
        kr for t in document["teams"] for o in t["objectives"] for kr in o["key_results"]
    ]
    # Bars are SVG, not CSS backgrounds, so they print with "background graphics" off.
    bars = page.count('<svg class="bar"')
    markers = page.count('<rect class="elapsed"')
    objectives = sum(len(t["objectives"]) for t in document["teams"])
    expected = len(key_results) + (objectives if document["cadence"] == "weekly" else 0)
    assert bars == markers == expected
    # Real tables with header cells.
    assert page.count("<table") == page.count("<caption>")
    assert '<th scope="col"' in page and '<th scope="row"' in page


@pytest.mark.parametrize("case", sorted(CASES))
def test_html_cells_labelled_with_their_column_for_the_narrow_layout(case: str) -> None:
    # Under 600px a row is a card and each cell shows its `data-label`: its column's header.
    dom = Dom()
    dom.feed(review("examples/", *CASES[case], "--format", "html").stdout)
    tables = dom.root.all("table")
    assert tables
    for table in tables:
        headers = [th.text() for th in table.all("th", scope="col")]
        for row in table.all("tbody")[0].all("tr"):
            cells = [c for c in row.children if isinstance(c, Element)]
            assert len(cells) == len(headers)
            for cell, header in zip(cells, headers, strict=True):
                if cell.tag == "td":
                    assert cell.attrs["data-label"] == header
                else:
                    assert "data-label" not in cell.attrs and cell.attrs["scope"] == "row"


def test_html_chart_words_for_the_breach() -> None:
    # The chart shows the latest 12 weekly measurements: 2026-08-31 (31 min) to 11-16 (52).
    page = review("examples/", *WEEKLY, "--format", "html").stdout
    assert (
        "From 31 min on 2026-08-31 to 52 min on 2026-11-16. Band &lt;= 45 min, warn band "
        "&lt;= 35 min. 2 measurements outside the band: 49 min on 2026-11-09, 52 min on "
        "2026-11-16."
    ) in page


# --- --output -----------------------------------------------------------------------------------


def test_output_writes_only_the_file_named(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "review.html"
    result = okrctl(
        "review", str(EXAMPLES), *WEEKLY, "--format", "html", "--output", str(target), cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    # As with lint (docs/ci.md): the --format report to the file, the text one to the terminal.
    assert result.stdout == review(str(EXAMPLES), *WEEKLY).stdout
    assert sorted(p.name for p in folder.iterdir()) == ["review.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    printed = review(str(EXAMPLES), *WEEKLY, "--format", "html").stdout
    assert target.read_text(encoding="utf-8") == printed

    # Written again: replaced whole, still nothing else in the folder.
    target.write_text("old", encoding="utf-8")
    okrctl("review", str(EXAMPLES), *WEEKLY, "-f", "json", "-o", str(target), cwd=REPO)
    assert json.loads(target.read_text(encoding="utf-8"))["cadence"] == "weekly"
    assert sorted(p.name for p in folder.iterdir()) == ["review.html"]


def test_output_text_has_no_colour_even_when_forced(tmp_path: Path) -> None:
    target = tmp_path / "review.txt"
    result = okrctl(
        "review", str(EXAMPLES), *WEEKLY, "-o", str(target),
        env={"NO_COLOR": None, "FORCE_COLOR": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in target.read_text(encoding="utf-8")


def test_output_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = okrctl("review", str(EXAMPLES), "-o", str(tmp_path / "nope" / "r.md"), cwd=REPO)
    assert result.returncode == 2
    assert result.stderr.startswith("okrctl: error: --output ")
    assert list(tmp_path.iterdir()) == []


# --- trees with errors, review-time warnings, the ranking ---------------------------------------

ERRORS = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster
    title: Customers get answers fast
    type: committed
    key_results:
      - {title: Replies within an hour reach 10, start: 0, taget: 10, current: 1}
      - {title: Replies within a day reach 10, start: 0, target: 10, current: 1}
"""


def test_a_tree_with_errors_exits_2_and_writes_nothing(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", ERRORS)
    result = okrctl("review", ".", *WEEKLY, "-o", "review.md", cwd=goals.root)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "support/2026-Q4.yaml:9:" in result.stderr and "unknown-field" in result.stderr
    assert result.stderr.endswith(
        "okrctl: error: the goal tree has 1 error (listed above); fix them, or pass "
        "--skip-invalid to report on the rest\n"
    )
    assert not (goals.root / "review.md").exists()


def test_skip_invalid_reviews_the_rest_and_names_what_it_left_out(goals: GoalTree) -> None:
    goals.write("support/2026-Q4.yaml", ERRORS)
    goals.write("growth/kpis.yaml", KPIS.format(team="growth"))
    result = okrctl("review", ".", *WEEKLY, "--skip-invalid", "-f", "json", cwd=goals.root)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["skipped"] == ["support/2026-Q4.yaml (1 error)"]  # `taget`: one error
    assert [t["team"] for t in document["teams"]] == ["growth"]


def objective(ident: str, current: float, type: str = "committed", owner: str = "lin") -> str:
    """An objective with two key results from 0 to 10, both at `current`: it scores current/10."""
    owner_line = f"    owner: {owner}\n" if owner else ""
    return (
        f"  - id: {ident}\n    title: Objective {ident}\n    type: {type}\n{owner_line}"
        "    key_results:\n"
        f"      - {{title: Count A reaches 10, start: 0, target: 10, current: {current}}}\n"
        f"      - {{title: Count B reaches 10, start: 0, target: 10, current: {current}}}\n"
    )


def goal_file(*objectives: str, period: str = "2026-Q4") -> str:
    return f"team: support\nperiod: {period}\nobjectives:\n" + "".join(objectives)


# breach: 50 then 52 over max 45 (streak 2); warn: 40 over warn max 35, inside max 45;
# stale: weekly, last measured 2026-11-01, 15 days before the as-of (> 1.5 x 7 = 10.5).
KPIS = """
team: {team}
kpis:
  - id: breach
    title: Breaching KPI
    owner: lin
    cadence: weekly
    band: {{max: 45}}
    measurements:
      - {{date: 2026-11-09, value: 50}}
      - {{date: 2026-11-16, value: 52}}
  - id: warn
    title: Warning KPI
    owner: lin
    cadence: weekly
    band: {{max: 45}}
    warn: {{max: 35}}
    measurements:
      - {{date: 2026-11-16, value: 40}}
  - id: stale
    title: Stale KPI
    owner: lin
    cadence: weekly
    band: {{max: 45}}
    measurements:
      - {{date: 2026-11-01, value: 30}}
"""


def test_attention_breach_then_committed_off_track_lowest_score_first(goals: GoalTree) -> None:
    # e = 0.5: committed off-track below 0.25, at-risk from 0.25, on-track from 0.4.
    goals.write(
        "support/2026-Q4.yaml",
        goal_file(objective("grow", 2), objective("ship", 1), objective("fine", 5)),
    )
    goals.write("support/kpis.yaml", KPIS.format(team="support"))
    document = review_json(".", *WEEKLY, cwd=goals.root)
    summary = document["summary"]
    assert [(a["kind"], a["ref"]) for a in summary["attention"]] == [
        ("kpi-breach", "support/breach"),
        ("objective-off-track", "support/2026-Q4/ship"),  # 0.1
        ("objective-off-track", "support/2026-Q4/grow"),  # 0.2
    ]
    assert (summary["on_track"], summary["at_risk"], summary["off_track"]) == (1, 0, 2)
    assert (summary["in_breach"], summary["in_warn"], summary["stale"]) == (1, 1, 1)


def test_attention_warn_then_aspirational_off_track_then_stale(goals: GoalTree) -> None:
    # Aspirational: expected 0.7 x 0.5 = 0.35; 0.05 is below 0.35 - 0.25 = 0.1: off-track.
    # Committed 0.3 is at-risk (from 0.25, below 0.4): ranked after a stale KPI, so not shown.
    goals.write(
        "support/2026-Q4.yaml",
        goal_file(objective("dream", 0.5, type="aspirational"), objective("risky", 3)),
    )
    without_breach = KPIS.format(team="support").replace("50}", "40}").replace("52}", "41}")
    goals.write("support/kpis.yaml", without_breach)
    document = review_json(".", *WEEKLY, cwd=goals.root)
    assert [(a["kind"], a["ref"]) for a in document["summary"]["attention"]] == [
        ("kpi-warn", "support/warn"),
        ("objective-off-track", "support/2026-Q4/dream"),
        ("kpi-stale", "support/stale"),
    ]
    assert document["summary"]["attention"][2]["reason"] == (
        "last measured 15 days ago, though it is measured weekly"
    )
    text = review(".", *WEEKLY, cwd=goals.root).stdout
    assert "- support/stale is stale: last measured 15 days ago" in text


def test_review_time_warnings_of_the_periods_reviewed(goals: GoalTree) -> None:
    goals.write(
        "support/2026-Q4.yaml",
        goal_file(objective("mine", 5), objective("nobody", 5, owner="")),
    )
    goals.write(
        "support/2026-Q3.yaml",
        goal_file(objective("orphan", 10, owner=""), objective("done", 10), period="2026-Q3"),
    )
    goals.write(
        "support/kpis.yaml",
        "team: support\nkpis:\n  - {id: rate, title: A rate, owner: lin, band: {max: 45}}\n",
    )
    weekly = review_json(".", *WEEKLY, cwd=goals.root)
    warnings = [(w["path"], w["line"], w["rule"]) for w in weekly["teams"][0]["warnings"]]
    assert warnings == [
        ("support/2026-Q4.yaml", 11, "missing-owner"),
        ("support/kpis.yaml", 3, "kpi-without-cadence"),
    ]
    quarterly = review_json(".", "--period", "2026-Q3", *WEEKLY, cwd=goals.root)
    warnings = [(w["path"], w["line"], w["rule"]) for w in quarterly["teams"][0]["warnings"]]
    assert warnings == [
        ("support/2026-Q3.yaml", 4, "missing-owner"),
        ("support/kpis.yaml", 3, "kpi-without-cadence"),
    ]
    text = review(".", *WEEKLY, cwd=goals.root).stdout
    assert (
        "- support/2026-Q4.yaml:11: objective `nobody` has no owner: name the one person "
        "accountable (or set `owner` at the top of the file) [OK101 missing-owner]"
    ) in text.replace("\n  ", " ")


# --- headless Chromium ---------------------------------------------------------------------------


class Dom(HTMLParser):
    """Just enough of a DOM: each element's tag, attributes, children and text."""

    VOID = frozenset({"br", "meta", "img", "input", "link", "hr", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


class Element:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag, self.attrs = tag, attrs
        self.children: list[Element | str] = []

    def all(self, tag: str, **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag and all(
                    value in child.attrs.get(name.replace("_", "-"), "").split()
                    or child.attrs.get(name.replace("_", "-")) == value
                    for name, value in attrs.items()
                ):
                    found.append(child)
                found += child.all(tag, **attrs)
        return found

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


def rendered_dom(page: Path, profile: Path) -> tuple[Element, str]:
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = Dom()
    dom.feed(result.stdout)
    return dom.root, result.stderr


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on PATH: install Debian's `chromium` package (.ci/run does) to render "
    "the HTML report in a real browser",
)
@pytest.mark.parametrize("case", sorted(CASES))
def test_html_rendered_in_headless_chromium(case: str, tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    result = okrctl("review", "examples/", *CASES[case], "-f", "html", "-o", str(page), cwd=REPO)
    assert result.returncode == 0, result.stderr
    document = review_json("examples/", *CASES[case])
    root, log = rendered_dom(page, tmp_path / "profile")

    # The page broke none of its own Content-Security-Policy (Chromium logs each violation).
    assert "Content Security Policy" not in log

    # Summary counts as in the JSON.
    counts = {
        td.attrs["data-count"]: int(td.text()) for td in root.all("td") if "data-count" in td.attrs
    }
    s = document["summary"]
    # Verdicts are counted when some objective's period has ended (the quarterly case).
    verdicts = {"Met": s["met"], "Success": s["success"], "Missed": s["missed"]}
    assert counts == {
        "Objectives": s["objectives"],
        **(verdicts if any(verdicts.values()) else {}),
        "On track": s["on_track"],
        "At risk": s["at_risk"],
        "Off track": s["off_track"],
        "KPIs": s["kpis"],
        "In breach": s["in_breach"],
        "In warn": s["in_warn"],
        "Stale": s["stale"],
    }
    attention = [li.attrs["data-ref"] for li in root.all("li") if "data-kind" in li.attrs]
    assert attention == [a["ref"] for a in s["attention"]]

    # One chart per KPI, each with a title, a point per measurement, breaches marked.
    charts = {svg.attrs["data-kpi"]: svg for svg in root.all("svg", **{"class": "chart"})}
    kpis = {k["ref"]: k for t in document["teams"] for k in t["kpis"]}
    assert set(charts) == set(kpis)
    for ref, kpi in kpis.items():
        svg = charts[ref]
        titles = [e for e in svg.children if isinstance(e, Element) and e.tag == "title"]
        assert len(titles) == 1 and kpi["title"] in titles[0].text()
        points = svg.all("g", **{"class": "point"})
        assert [float(p.attrs["data-value"]) for p in points] == [
            h["value"] for h in kpi["history"]
        ]
        band = kpi["band"]
        outside = [
            h["value"]
            for h in kpi["history"]
            if (band["max"] is not None and h["value"] > band["max"])
            or (band["min"] is not None and h["value"] < band["min"])
        ]
        breaches = [float(p.attrs["data-value"]) for p in svg.all("g", **{"class": "breach"})]
        assert breaches == outside
        row = next(tr for tr in root.all("tr") if tr.attrs.get("data-ref") == ref)
        assert float(row.attrs["data-value"]) == kpi["value"]
        assert row.attrs["data-status"] == kpi["status"]
        assert kpi["status"] in row.text()

    # A progress bar per key result whose fill is the score and whose marker is the time gone,
    # or the score its plan expects (growth's nrr).
    for team in document["teams"]:
        for objective in team["objectives"]:
            for kr in objective["key_results"]:
                row = next(tr for tr in root.all("tr") if tr.attrs.get("data-ref") == kr["ref"])
                (bar,) = row.all("svg", **{"class": "bar"})
                assert float(bar.attrs["data-score"]) == kr["score"]
                assert bar.attrs["role"] == "img" and bar.attrs["aria-label"]
                (fill,) = bar.all("rect", **{"class": "fill"})
                assert fill.attrs["width"] == f"{kr['score'] * 100:g}%"
                (marker,) = bar.all("rect", **{"class": "elapsed"})
                mark = kr.get("expected", objective["elapsed"])
                assert marker.attrs["x"] == f"{round(mark * 100, 1):g}%"
                assert shown(kr["score"]) in row.text()
                assert kr["status"] in row.text()


# The page's background in each scheme, as getComputedStyle reports it.
BACKGROUNDS = {"light": "rgb(255, 255, 255)", "dark": "rgb(13, 17, 23)"}
# The bars' fills in the light scheme (the one a printed page uses), as PDF `rg` operands.
FILLS = {"green": "#2da44e", "yellow": "#d4a72c", "red": "#cf222e"}
# The screenshots in docs/review.md, written with OKRCTL_REGENERATE=1: the top of the page, down
# to the first team's objectives on a phone and to the first KPI charts at 1280 px.
SCREENSHOT_HEIGHT = {390: 1400, 1280: 2100}


def _pdf_colour(hex_colour: str) -> str:
    """`#2da44e` as Chromium's PDF writer sets it as the fill colour: `.1765 .6431 .3059 rg`."""
    channels = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return " ".join(f"{c:.4f}".rstrip("0").rstrip(".").removeprefix("0") or "0" for c in channels)


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on PATH: install Debian's `chromium` package (.ci/run does) to render "
    "the HTML report in a real browser",
)
@pytest.mark.parametrize("case", sorted(CASES))
def test_html_on_a_phone_in_the_dark_and_on_paper(case: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    page = tmp_path / "review.html"
    result = okrctl("review", "examples/", *CASES[case], "-f", "html", "-o", str(page), cwd=REPO)
    assert result.returncode == 0, result.stderr
    document = review_json("examples/", *CASES[case])
    bars = [
        (o["score"], o["grade"])
        for t in document["teams"]
        for o in t["objectives"]
        if document["cadence"] == "weekly" and o["score"] is not None
    ] + [
        (kr["score"], kr["grade"])
        for t in document["teams"]
        for o in t["objectives"]
        for kr in o["key_results"]
    ]
    with chromium(tmp_path / "profile") as browser:
        for width in (390, 1280):
            for scheme in ("light", "dark"):
                browser.viewport(width, 900, mobile=width < 600)
                browser.colour_scheme(scheme)
                browser.load(page)
                where = f"{width}px, {scheme}"
                # No sideways scrolling: the page fits the phone's width.
                scroll_width = browser.evaluate("document.scrollingElement.scrollWidth")
                assert scroll_width <= width, where
                # The scheme took: the page's background is the scheme's.
                background = browser.evaluate("getComputedStyle(document.body).backgroundColor")
                assert background == BACKGROUNDS[scheme], where
                # Every bar drawn (the SVG's box as wide as the bar), whatever the layout.
                drawn = browser.evaluate(
                    "[...document.querySelectorAll('svg.bar')].map(b => b.getBoundingClientRect()"
                    ".width)"
                )
                assert drawn == [144] * len(bars), where
                # axe-core, colour contrast included, in both schemes and both widths.
                assert browser.axe() == [], where
                if REGENERATE and case == "weekly-2026-11-16":
                    shot = REPO / "docs" / f"review-{width}-{scheme}.png"
                    shot.write_bytes(browser.screenshot(height=SCREENSHOT_HEIGHT[width]))
        # Printed as the print dialog prints by default: without background graphics.
        browser.colour_scheme("dark")  # a reader in dark mode who prints gets the light page
        browser.viewport(1280, 900, mobile=False)
        browser.load(page)
        pdf = PdfReader(BytesIO(browser.pdf(backgrounds=False)))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    streams = [p.get_contents() for p in pdf.pages]
    content = "\n".join(c.get_data().decode("latin-1") for c in streams if c is not None)
    # Every bar's value is on paper as text: each score as many times as there are bars of it.
    for score, count in Counter(shown(score) for score, _ in bars).items():
        assert len(re.findall(rf"(?<![\d.]){re.escape(score)}(?![\d])", text)) >= count, score
    # And the bars themselves: the fill of each grade a bar has is painted (as CSS backgrounds
    # they were dropped whole).
    for grade in {grade for score, grade in bars if score > 0}:
        assert f"{_pdf_colour(FILLS[grade])} rg" in content, grade
    # Dark text on white paper: the dark scheme is for screens only.
    assert _pdf_colour("#e6edf3") + " rg" not in content


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on PATH (see above)")
def test_html_on_a_phone_with_words_that_do_not_break(goals: GoalTree, tmp_path: Path) -> None:
    long = "A" * 120
    goals.write(
        "t/2026-Q4.yaml",
        "team: t\nperiod: 2026-Q4\nowner: sam\nobjectives:\n  - id: long\n"
        f"    type: committed\n    title: {long}\n    key_results:\n"
        f"      - {{id: {'k' * 80}, title: {long}, start: 0, target: {10**29},"
        f" current: {10**28}}}\n",
    )
    goals.write(
        "t/kpis.yaml",
        f"team: t\nkpis:\n  - id: {'i' * 80}\n    title: {long}\n    owner: sam\n"
        f"    cadence: weekly\n    unit: {'u' * 60}\n    band: {{min: 1e21, max: 2e24}}\n"
        "    measurements:\n      - {date: 2026-11-20, value: 1.5e24}\n",
    )
    page = tmp_path / "review.html"
    result = okrctl(
        "review", ".", "--as-of", "2026-11-25", "-f", "html", "-o", str(page), cwd=goals.root
    )
    assert result.returncode == 0, result.stderr
    with chromium(tmp_path / "profile") as browser:
        browser.viewport(390, 900, mobile=True)
        browser.load(page)
        assert browser.evaluate("document.scrollingElement.scrollWidth") <= 390


def test_docs_show_the_review_at_both_widths_in_both_schemes() -> None:
    guide = (REPO / "docs" / "review.md").read_text(encoding="utf-8")
    for width in (390, 1280):
        for scheme in ("light", "dark"):
            name = f"review-{width}-{scheme}.png"
            assert (REPO / "docs" / name).read_bytes().startswith(b"\x89PNG"), name
            assert f"]({name})" in guide, name


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: Any) -> None:
    target = tmp_path / "review.md"
    target.write_text("the previous report", encoding="utf-8")

    def refuse(source: str, destination: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    from okrctl.errors import UsageError
    from okrctl.output import write_atomically

    with pytest.raises(UsageError, match="cannot write it: Permission denied"):
        write_atomically(target, "a new report")
    assert [p.name for p in tmp_path.iterdir()] == ["review.md"]
    assert target.read_text(encoding="utf-8") == "the previous report"


# --- the README -----------------------------------------------------------------------------------


def test_readme_main_command_and_its_terminal_report() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = readme.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert commands[0] == (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/okrctl review examples/"
        " && .venv/bin/okrctl pull --dry-run examples/"
    )
    # The main command works on any day (a weekly or a quarterly review of today).
    assert review("examples/").stdout.startswith(("Weekly review as of ", "Quarterly review of "))
    # The report pasted in the README is the real one, byte for byte.
    prompt = "$ okrctl review examples/ --team support --as-of 2026-11-22\n"
    pasted = readme.split(prompt, 1)[1].split("```", 1)[0]
    assert pasted == review("examples/", "--team", "support", "--as-of", "2026-11-22").stdout

"""Initiatives in the chat digests, `--format slack` and `teams` (issue 20, item 1), and what
the digest of a monthly review says.

(The weekly text board lists none, on purpose: tests/test_initiatives.py.)

The examples' support team as of 2026-11-16: an initiative on each of its two objectives'
records (sso-templates and import-wizard on enterprise-onboarding, renewal-calls on
support-as-retention) and on two key results (reopen-checklist and reopen-survey on
reopen-rate, a planned one without id on first-contact-resolution).
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.conftest import REPO, okrctl

WEEKLY = ("review", "examples/", "--as-of", "2026-11-16", "--team", "support")


def run(*args: str) -> str:
    result = okrctl(*args, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return result.stdout


SLACK_LINES = [
    "*initiative done 2026-10-28:* Pre-built SSO templates for Okta and Entra · "
    "enterprise-onboarding · owner priya · example/onboarding!112",
    "*initiative active:* Self-serve data import wizard · enterprise-onboarding · owner aiko",
    "*initiative active:* Support joins renewal calls of at-risk accounts · "
    "support-as-retention · owner lin",
    "*initiative done 2026-10-30:* Resolution checklist before closing a ticket · "
    "support-as-retention/reopen-rate · owner sam · example/support-tools#41",
    "*initiative active:* Ask why on every reopened ticket · support-as-retention/reopen-rate "
    "· owner sam",
    "*initiative planned:* Macros for the twenty most common questions · "
    "support-as-retention/first-contact-resolution",
]


def test_the_slack_digest_has_a_line_per_initiative_under_its_objective() -> None:
    message: dict[str, Any] = json.loads(run(*WEEKLY, "--format", "slack"))
    text = "\n".join(
        b["text"]["text"] for b in message["blocks"] if b["type"] == "section" and "text" in b
    )
    lines = text.split("\n")
    found = [line for line in lines if line.startswith("*initiative ")]
    assert found == SLACK_LINES
    # Each under its objective's line: enterprise-onboarding's two right after it.
    at = lines.index(next(line for line in lines if " · enterprise-onboarding · 0." in line))
    assert lines[at + 1 : at + 3] == SLACK_LINES[:2]


def test_the_teams_digest_has_the_same_lines() -> None:
    message = run(*WEEKLY, "--format", "teams")
    runs = re.findall(r'"text": "((?:[^"\\]|\\.)*)"', message)
    assert "initiative planned: " in runs
    assert "Macros for the twenty most common questions" in runs
    assert " · support-as-retention/first-contact-resolution" in runs
    assert runs.count("initiative active: ") == 3


def test_the_monthly_digest_counts_kpis_only() -> None:
    message: dict[str, Any] = json.loads(
        run("review", "examples/", "--cadence", "monthly", "--as-of", "2026-12-02", "-f", "slack")
    )
    fields = next(b["fields"] for b in message["blocks"] if "fields" in b)
    assert [f["text"].split("\n")[0] for f in fields] == [
        "*KPIs*",
        "*In breach*",
        "*In warn*",
        "*Stale*",
    ]


def test_the_monthly_digest_lists_the_bands_to_recalibrate() -> None:
    message: dict[str, Any] = json.loads(
        run("review", "examples/", "--cadence", "monthly", "--as-of", "2026-12-02", "-f", "slack")
    )
    text = "\n".join(
        b["text"]["text"] for b in message["blocks"] if b["type"] == "section" and "text" in b
    )
    # p95 latency, first measured 2026-05-31 (285), held 218 to 290 ms from June on, under its
    # 400 ms band: room 0.2 x 400 = 80 and 400 - 290 = 110; the new edge 290 + 0.1 x 400 = 330.
    assert (
        "*Tighter band:* p95 API latency, all customers · platform/p95-latency · tighten to at "
        "most 330 ms: held inside 218 to 290 ms over 6 whole months, room to spare in its band "
        "(at most 400 ms); inside it since 2026-05-31"
    ) in text.split("\n")

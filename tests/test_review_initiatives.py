"""Initiatives in the weekly text review and in the chat digests (issue 20, item 1).

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


def test_the_weekly_text_lists_the_initiatives_under_the_tables() -> None:
    text = run(*WEEKLY, "--width", "200")
    # In the order of the objectives (worst first), each objective's own, then its key
    # results', named by the ref below the team and period of the section's heading.
    assert text.endswith(
        "\nInitiatives\n"
        "  enterprise-onboarding: Pre-built SSO templates for Okta and Entra (done 2026-10-28, "
        "owner priya, example/onboarding!112)\n"
        "  enterprise-onboarding: Self-serve data import wizard (active, owner aiko)\n"
        "  support-as-retention: Support joins renewal calls of at-risk accounts (active, owner "
        "lin)\n"
        "  support-as-retention/reopen-rate: Resolution checklist before closing a ticket (done "
        "2026-10-30, owner sam, example/support-tools#41)\n"
        "  support-as-retention/reopen-rate: Ask why on every reopened ticket (active, owner "
        "sam)\n"
        "  support-as-retention/first-contact-resolution: Macros for the twenty most common "
        "questions (planned)\n"
    )


def test_a_team_without_initiatives_has_no_such_list() -> None:
    assert "Initiatives" not in run(
        "review", "examples/", "--as-of", "2026-11-16", "--team", "growth"
    )


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

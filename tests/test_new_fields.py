"""`okrctl new objective` writes issue 16's fields: description, priority, contributors, links,
and commit/stretch levels in a `--kr` spec; command line in, exact file text out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.editing import cli, snapshot

SUPPORT = """\
# Support OKRs.
team: support
period: 2026-Q4
owner: lin

objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
      - title: First-response time down to 25 minutes
        start: 52
        target: 25
        unit: "min"
      - title: CSAT up to 4.6
        kpi: support/csat
        target: 4.6
"""
KPIS = """\
team: support
kpis:
  - id: csat
    title: Customer satisfaction
    owner: lin
    cadence: monthly
    band: {min: 4.2}
"""
CONFIG = "people: [lin, sam, priya]\n"
NEW = ("new", "objective", "support", "--period", "2026-Q4")


@pytest.fixture
def support(tmp_path: Path) -> Path:
    (tmp_path / "okrctl.yaml").write_text(CONFIG)
    (tmp_path / "support").mkdir()
    (tmp_path / "support/2026-Q4.yaml").write_text(SUPPORT)
    (tmp_path / "support/kpis.yaml").write_text(KPIS)
    return tmp_path


def test_every_new_objective_field_is_written_in_the_documented_order(support: Path) -> None:
    result = cli(
        support,
        *NEW,
        "--title",
        "Enterprise accounts onboard alone",
        "--type",
        "committed",
        "--owner",
        "sam",
        "--contributor",
        "lin",
        "--contributor",
        "priya",
        "--priority",
        "p0",
        "--description",
        "Enterprise accounts are a third of new revenue: each one a CSM carries costs its margin.",
        "--link",
        "Onboarding plan=https://wiki.acme.example/onboarding?id=4&v=2",
        "--link",
        "TTV = dashboard= https://grafana.acme.example/d/ttv",
        "--kr",
        "Business upgrades: 0 -> 60 accounts (commit 40, stretch 75)",
        "--kr",
        "Median onboarding time: 9 -> 3 days (stretch 2; commit 6)",
        "--kr",
        "Satisfaction: support/csat -> 4.6 (commit 4.4, stretch 4.8)",
        "--kr",
        "Trial conversion: 12% -> 20% (stretch 30%)",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "support/2026-Q4.yaml: added objective `enterprise-accounts-onboard-alone`\n"
    )
    assert (support / "support/2026-Q4.yaml").read_text() == SUPPORT + (
        "  - id: enterprise-accounts-onboard-alone\n"
        "    title: Enterprise accounts onboard alone\n"
        "    type: committed\n"
        "    owner: sam\n"
        "    contributors: [lin, priya]\n"
        "    priority: P0\n"
        '    description: "Enterprise accounts are a third of new revenue: each one a CSM '
        'carries costs its margin."\n'
        "    links:\n"
        "      - title: Onboarding plan\n"
        "        url: https://wiki.acme.example/onboarding?id=4&v=2\n"
        "      - title: TTV = dashboard\n"
        "        url: https://grafana.acme.example/d/ttv\n"
        "    key_results:\n"
        "      - title: Business upgrades\n"
        "        start: 0\n"
        "        commit: 40\n"
        "        target: 60\n"
        "        stretch: 75\n"
        "        unit: accounts\n"
        "      - title: Median onboarding time\n"
        "        start: 9\n"
        "        commit: 6\n"
        "        target: 3\n"
        "        stretch: 2\n"
        "        unit: days\n"
        "      - title: Satisfaction\n"
        "        kpi: support/csat\n"
        "        commit: 4.4\n"
        "        target: 4.6\n"
        "        stretch: 4.8\n"
        "      - title: Trial conversion\n"
        "        start: 12\n"
        "        target: 20\n"
        "        stretch: 30\n"
        '        unit: "%"\n'
    )
    assert cli(support, "lint", "--strict", ".").exit_code == 0
    scored = cli(support, "score", "--format", "json", ".")
    assert scored.exit_code == 0, scored.stderr
    assert '"zone"' in scored.stdout and '"priority": "P0"' in scored.stdout


def test_a_new_file_gets_the_fields_too(support: Path) -> None:
    result = cli(
        support,
        "new",
        "objective",
        "support",
        "--period",
        "2027-Q1",
        "--id",
        "self-serve",
        "--title",
        "Customers answer their own questions",
        "--type",
        "aspirational",
        "--owner",
        "lin",
        "--contributor",
        "sam",
        "--priority",
        "P2",
        "--description",
        "Half of our tickets ask what the help centre already says.",
        "--kr",
        "Tickets solved by the help centre: 20 -> 35 % (commit 25)",
    )
    assert result.exit_code == 0, result.stderr
    assert (support / "support/2027-Q1.yaml").read_text() == (
        "# support's objectives for 2027-Q1 (2027-01-01 to 2027-03-31).\n"
        "team: support\n"
        "period: 2027-Q1\n"
        "owner: lin\n"
        "objectives:\n"
        "  - id: self-serve\n"
        "    title: Customers answer their own questions\n"
        "    type: aspirational\n"
        "    contributors: [sam]\n"
        "    priority: P2\n"
        "    description: Half of our tickets ask what the help centre already says.\n"
        "    key_results:\n"
        "      - title: Tickets solved by the help centre\n"
        "        start: 20\n"
        "        commit: 25\n"
        "        target: 35\n"
        '        unit: "%"\n'
    )
    assert cli(support, "lint", ".").exit_code == 0


def test_contributors_follow_a_file_that_writes_them_as_a_block_list(support: Path) -> None:
    block = SUPPORT.replace(
        "    type: committed\n",
        "    type: committed\n    contributors:\n      - sam\n",
    )
    (support / "support/2026-Q4.yaml").write_text(block)
    args = ("--title", "Fewer repeat tickets", "--type", "committed", "--kr", "Runbooks")
    result = cli(support, *NEW, *args, "--contributor", "sam", "--contributor", "priya")
    assert result.exit_code == 0, result.stderr
    assert (support / "support/2026-Q4.yaml").read_text() == block + (
        "  - id: fewer-repeat-tickets\n"
        "    title: Fewer repeat tickets\n"
        "    type: committed\n"
        "    contributors:\n"
        "      - sam\n"
        "      - priya\n"
        "    key_results:\n"
        "      - title: Runbooks\n"
        "        done: false\n"
    )


def test_a_milestone_title_may_end_in_words_in_parentheses(support: Path) -> None:
    args = ("--title", "Fewer repeat tickets", "--type", "committed")
    result = cli(support, *NEW, *args, "--kr", "Pilot the new triage (commit phase)")
    assert result.exit_code == 0, result.stderr
    assert (
        (support / "support/2026-Q4.yaml")
        .read_text()
        .endswith("      - title: Pilot the new triage (commit phase)\n        done: false\n")
    )


LEVEL_FORMS = (
    "write the levels in parentheses after the target, as in "
    "`Upgrades: 0 -> 60 accounts (commit 40, stretch 75)`: `commit N`, `stretch N` or both"
)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--priority", "high"], "--priority is P0 (highest) to P4, got `high`"),
        (["--priority", "P5"], "--priority is P0 (highest) to P4, got `P5`"),
        (
            ["--link", "https://wiki.example.com/plan"],
            "--link `https://wiki.example.com/plan` has no title and address: write "
            "`TITLE=URL`, as in `Onboarding plan=https://wiki.example.com/onboarding`",
        ),
        (
            ["--link", "=https://wiki.example.com/plan"],
            "--link `=https://wiki.example.com/plan` has no title before the `=`: write "
            "`TITLE=URL`, as in `Onboarding plan=https://wiki.example.com/onboarding`",
        ),
        (
            ["--link", "Plan=javascript:alert(1)"],
            "--link `Plan=javascript:alert(1)` has no title and address: write `TITLE=URL`, as "
            "in `Onboarding plan=https://wiki.example.com/onboarding`",
        ),
        (
            ["--link", "Plan=https://"],
            "--link `Plan=https://`: `https://` is not a web address: write a full http:// or "
            "https:// URL",
        ),
        (
            ["--contributor", "kim"],
            "--contributor: `kim` is not in the roster (`people` in okrctl.yaml): lin, sam, priya",
        ),
        (["--contributor", "sam", "--contributor", "sam"], "--contributor `sam` is given twice"),
        (
            ["--contributor", "lin"],
            "--contributor `lin` is the objective's owner; contributors are the others",
        ),
        (["--description", "  "], "--description is one line of text"),
        (
            ["--kr", "Upgrades: 0 -> 60 (commit 70, stretch 75)"],
            "--kr `Upgrades: 0 -> 60 (commit 70, stretch 75)`: commit 70 is not between start 0 "
            "and target 60 (the metric goes up)",
        ),
        (
            ["--kr", "Onboarding: 9 -> 3 days (stretch 4)"],
            "--kr `Onboarding: 9 -> 3 days (stretch 4)`: stretch 4 is not beyond the target 3 "
            "(the metric goes down)",
        ),
        (
            ["--kr", "Upgrades: 0 -> 60 (commit 40 stretch 75)"],
            f"--kr `Upgrades: 0 -> 60 (commit 40 stretch 75)`: cannot read "
            f"`(commit 40 stretch 75)`: {LEVEL_FORMS}",
        ),
        (
            ["--kr", "Upgrades: 0 -> 60 (commit 40, target 60)"],
            f"--kr `Upgrades: 0 -> 60 (commit 40, target 60)`: cannot read "
            f"`(commit 40, target 60)`: {LEVEL_FORMS}",
        ),
        (
            ["--kr", "Upgrades: 0 -> 60 (commit 40, commit 50)"],
            f"--kr `Upgrades: 0 -> 60 (commit 40, commit 50)`: `commit` is given twice: "
            f"{LEVEL_FORMS}",
        ),
        (
            ["--kr", "Conversion: 12% -> 18% (commit 15 pp)"],
            "--kr `Conversion: 12% -> 18% (commit 15 pp)`: a level is in `pp`, not in the key "
            "result's unit `%`; write it in that unit",
        ),
        (
            ["--kr", "Upgrades 0 -> 60 (commit 40)"],
            "--kr `Upgrades 0 -> 60 (commit 40)`: levels go with a number's change: write "
            "`TITLE: START -> TARGET [UNIT]`",
        ),
        (
            ["--kr", "Upgrades: soon (commit 40)"],
            "--kr `Upgrades: soon (commit 40)` looks like a number's change but cannot be read",
        ),
        (
            ["--kr", "CSAT: support/csat -> 4.6 (commit 4,4)"],
            "--kr: `4,4` is not a number: write 4.4 (a decimal point, not a comma)",
        ),
    ],
)
def test_malformed_fields_are_refused_and_nothing_is_written(
    support: Path, extra: list[str], message: str
) -> None:
    files = snapshot(support)
    args = ["--title", "Fewer repeat tickets", "--type", "committed"]
    if "--kr" not in extra:
        args += ["--kr", "Runbooks for the top ten ticket reasons"]
    result = cli(support, *NEW, *args, *extra)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith(f"okrctl: error: {message}"), result.stderr
    assert snapshot(support) == files

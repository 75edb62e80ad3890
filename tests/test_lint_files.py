"""`okrctl lint FILE...`, as the pre-commit hook runs it: the goal tree around the files is read
for context, and only findings in the files named are reported.

The tree around them is the folder of okrctl.yaml (found in the files' folder or a parent),
else the deepest folder holding every file named.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import GoalTree, Lint

COMPANY = """
team: company
period: 2026
owner: maria
objectives:
  - id: delight-customers
    title: Customers recommend us to their peers
    type: committed
    key_results:
      - title: NPS from 30 to 45
        start: 30
        target: 45
      - title: Logo churn from 3% to 2%
        start: 3
        target: 2
        unit: "%"
"""

SUPPORT = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed
    aligns_to: company/delight-customers
    key_results:
      - title: First-response time from 52 to 25 minutes
        start: 52
        target: 25
      - title: CSAT from 4.1 to 4.6
        start: 4.1
        target: 4.6
"""

# Line 5, column 9: the repeated id. Line 8, column 16: the reference to nothing.
EXTRA = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Tickets closed for good
    type: committed
    aligns_to: company/nope
    key_results:
      - title: Reopened tickets from 9% to 4%
        start: 9
        target: 4
      - title: First-contact resolution from 55% to 70%
        start: 55
        target: 70
"""

# A mistake already in the tree, in a file nobody is committing: never reported here.
PLATFORM = """
team: platform
kpis:
  - id: uptime
    title: Uptime
    owner: omar
    cadence: weekly
    band: {min: 99.9}
    colour: green
"""

DUPLICATE = (
    "objective id `faster-replies` is already used by team `support` in 2026-Q4 "
    "(at goals/support/2026-Q4.yaml:5)"
)
UNRESOLVED = (
    "`company/nope` names no objective of team `company` in 2026-Q4 or a period containing it"
)


@pytest.fixture
def repo(goals: GoalTree) -> GoalTree:
    """A repository whose goal tree is goals/, with its okrctl.yaml there, not at the root."""
    goals.write("goals/okrctl.yaml", "people: [maria, lin, omar]\n")
    goals.write("goals/company/2026.yaml", COMPANY)
    goals.write("goals/support/2026-Q4.yaml", SUPPORT)
    goals.write("goals/platform/kpis.yaml", PLATFORM)
    return goals


def test_a_good_file_is_checked_against_the_tree_around_it(repo: GoalTree) -> None:
    # From the repository's root, as pre-commit runs: okrctl.yaml is found above the file,
    # so company/ is read and the `aligns_to` resolves; platform's mistake is not reported.
    result = repo.lint("goals/support/2026-Q4.yaml")
    assert (result.exit_code, result.findings) == (0, [])
    assert result.document["summary"]["files"] == 1


def test_without_the_tree_the_same_file_would_not_resolve(repo: GoalTree, tmp_path: Path) -> None:
    """The control experiment: the file on its own has an unresolved reference."""
    alone = GoalTree(tmp_path / "alone")
    alone.write("2026-Q4.yaml", SUPPORT)
    assert alone.lint("2026-Q4.yaml").of("unresolved-reference") == [
        ("2026-Q4.yaml", 8, 16, "unresolved-reference")
    ]


def test_cross_file_findings_about_the_named_file_are_reported(repo: GoalTree) -> None:
    """2026-Q4-extra.yaml sorts before 2026-Q4.yaml, so a lint of the whole tree reports the
    repeated id in 2026-Q4.yaml; with the file named, the clash is reported in it."""
    repo.write("goals/support/2026-Q4-extra.yaml", EXTRA)
    result = repo.lint("goals/support/2026-Q4-extra.yaml")
    assert result.exit_code == 1
    assert result.findings == [
        ("goals/support/2026-Q4-extra.yaml", 5, 9, "duplicate-id"),
        ("goals/support/2026-Q4-extra.yaml", 8, 16, "unresolved-reference"),
    ]
    assert result.messages("duplicate-id") == [DUPLICATE]
    assert result.messages("unresolved-reference") == [UNRESOLVED]
    assert result.document["summary"]["files"] == 1


def test_findings_in_other_files_are_not_reported(repo: GoalTree) -> None:
    whole = repo.lint("goals")
    assert whole.findings == [("goals/platform/kpis.yaml", 8, 5, "unknown-field")]
    assert repo.lint("goals/company/2026.yaml").findings == []
    # Named with the faulty file, both are reported on, and only it has a finding.
    both = repo.lint("goals/company/2026.yaml", "goals/platform/kpis.yaml")
    assert both.findings == [("goals/platform/kpis.yaml", 8, 5, "unknown-field")]
    assert both.document["summary"]["files"] == 2


def test_the_config_file_is_reported_on_only_when_named(repo: GoalTree) -> None:
    repo.write("goals/okrctl.yaml", "people: [maria, lin, omar]\nfiscal_year_begin: 1\n")
    assert repo.lint("goals/company/2026.yaml").findings == []
    result = repo.lint("goals/company/2026.yaml", "goals/okrctl.yaml")
    assert result.findings == [("goals/okrctl.yaml", 2, 1, "unknown-field")]
    assert result.document["summary"]["files"] == 2


def test_without_a_config_the_tree_is_the_folder_holding_the_files(goals: GoalTree) -> None:
    goals.write("goals/company/2026.yaml", COMPANY)
    goals.write("goals/support/2026-Q4.yaml", SUPPORT)
    goals.write("goals/support/2026-Q4-extra.yaml", EXTRA.replace("faster-replies", "reopens"))
    # Outside goals/: would clash with support's `faster-replies` if it were read.
    goals.write("elsewhere/2026-Q4.yaml", SUPPORT)
    # Named together, the files' common folder is goals/: the reference resolves, and the
    # broken one in the extra file (read, not named) is not reported; elsewhere/ is not read.
    result = goals.lint("goals/support/2026-Q4.yaml", "goals/company/2026.yaml")
    assert result.findings == []
    # Named alone, the tree is goals/support/: company/ is not in it.
    result = goals.lint("goals/support/2026-Q4.yaml")
    assert result.findings == [("goals/support/2026-Q4.yaml", 8, 16, "unresolved-reference")]


def test_an_explicit_config_sets_the_tree(repo: GoalTree) -> None:
    os.rename(repo.root / "goals" / "okrctl.yaml", repo.root / "okrctl-goals.yaml")
    repo.write("goals/okrctl.yaml", "people: [nobody]\n")  # not the config in force now
    # --config at the root: the tree is the whole repository, and the roster is the one given.
    result = repo.lint("--config", "okrctl-goals.yaml", "goals/support/2026-Q4.yaml")
    assert result.findings == []
    result = repo.lint("goals/support/2026-Q4.yaml")
    assert [f[3] for f in result.findings] == ["unknown-owner"]


def test_directories_are_still_linted_as_named(repo: GoalTree) -> None:
    """Folders are trees of their own, as before: nothing around them is read, and every
    finding in them is reported (company/ is not named, so the reference does not resolve)."""
    result: Lint = repo.lint("goals/support", "goals/platform")
    assert result.findings == [
        ("goals/platform/kpis.yaml", 8, 5, "unknown-field"),
        ("goals/support/2026-Q4.yaml", 8, 16, "unresolved-reference"),
    ]
    assert result.document["summary"]["files"] == 2

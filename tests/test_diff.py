"""`okrctl diff`: real git repositories, a base tree committed, a change made, the exact changes.

Every test commits a small goal tree to a fresh repository (`main`), changes it, and reads
`okrctl diff --format json` in-process. As of 2026-11-22, 2026-Q4 (October to December) is
under way and 2026-Q3 has ended.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.editing import Run, cli, snapshot

AS_OF = "2026-11-22"

OKRCTL_YAML = "people: [lin, sam, omar]\n"

Q4 = """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed
    key_results:
      - id: first-response
        title: Median first-response time down from 52 to 25 minutes
        start: 52
        target: 25
        unit: min
        checkins:
          - {date: 2026-10-15, value: 44, confidence: 0.7}
          - {date: 2026-11-12, value: 36, confidence: 0.6, note: Triage rota live}
      - id: conversion
        title: Trial-to-paid conversion up from 12% to 18%
        start: 12
        target: 18
        unit: "%"
        current: 14
      - id: help-centre
        title: Help-centre article for every top-20 ticket reason
        done: false
      - id: csat
        title: CSAT rises to 4.6
        kpi: support/csat
        target: 4.6
"""

Q3 = """\
team: support
period: 2026-Q3
objectives:
  - id: triage
    title: Every ticket triaged within the hour
    type: committed
    owner: sam
    key_results:
      - title: Untriaged tickets older than an hour down from 40 to 5
        start: 40
        target: 5
"""

KPIS = """\
team: support
kpis:
  - id: csat
    title: Customer satisfaction
    owner: sam
    unit: /5
    cadence: monthly
    band: {min: 4.2}
    warn: {min: 4.4}
    measurements:
      - {date: 2026-09-30, value: 4.3}
      - {date: 2026-10-31, value: 4.1}
  - id: first-response-time
    title: Median first-response time
    owner: lin
    unit: min
    cadence: weekly
    band: {max: 45}
    measurements:
      - {date: 2026-11-09, value: 40}
      - {date: 2026-11-16, value: 38}
"""

FR = "support/2026-Q4/faster-replies/first-response"
CONVERSION = "support/2026-Q4/faster-replies/conversion"


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@e", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


class Repo:
    """A git repository with a goal tree at its root."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str = "change") -> None:
        git(self.root, "add", "--all")
        git(self.root, "commit", "--quiet", "--allow-empty", "-m", message)

    def diff(self, *args: str) -> Run:
        return cli(self.root, "diff", *args)

    def changes(self, *args: str) -> list[dict[str, Any]]:
        result = self.diff("--format", "json", "--as-of", AS_OF, *args)
        assert result.exit_code == 0, result.stderr
        changes: list[dict[str, Any]] = json.loads(result.stdout)["changes"]
        return changes


# Each repository is made once per module with git, then copied for each test that uses it
# (a copy costs no git process; git re-reads the copied files' stat data by itself).


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The goal tree committed on `main`."""
    root = tmp_path_factory.mktemp("base-repo")
    git(root, "init", "--quiet", "--initial-branch=main")
    made = Repo(root)
    made.write("okrctl.yaml", OKRCTL_YAML)
    made.write("support/2026-Q4.yaml", Q4)
    made.write("support/2026-Q3.yaml", Q3)
    made.write("support/kpis.yaml", KPIS)
    made.commit("goals")
    return root


def copied(template: Path, root: Path) -> Repo:
    shutil.copytree(template, root, symlinks=True, dirs_exist_ok=True)
    return Repo(root)


@pytest.fixture
def repo(base_repo: Path, tmp_path: Path) -> Repo:
    return copied(base_repo, tmp_path)


def work_tree(root: Path) -> dict[str, bytes]:
    """Every file outside .git, with its bytes."""
    return {name: data for name, data in snapshot(root).items() if not name.startswith(".git/")}


def brief(changes: list[dict[str, Any]], *fields: str) -> list[tuple[Any, ...]]:
    """(kind, ref, *fields, warning) of each change."""
    return [(c["kind"], c["ref"], *(c[f] for f in fields), c["warning"]) for c in changes]


# Nothing changed -------------------------------------------------------------------------


def test_no_change_is_said_plainly(repo: Repo) -> None:
    result = repo.diff("--as-of", AS_OF)
    commit = git(repo.root, "rev-parse", "--short=7", "HEAD")
    assert (result.exit_code, result.stdout) == (
        0,
        f"Goal changes since {commit} (the merge base of main and HEAD), as of {AS_OF}\n"
        "no goal changes\n",
    )
    assert repo.changes() == []


# Objectives and key results --------------------------------------------------------------


def test_objectives_and_key_results_added_and_removed(repo: Repo) -> None:
    repo.edit(
        "support/2026-Q4.yaml",
        "      - id: help-centre\n"
        "        title: Help-centre article for every top-20 ticket reason\n"
        "        done: false\n",
        "      - id: macros\n"
        "        title: Macros cover the ten most common questions\n"
        "        done: false\n",
    )
    repo.write(
        "support/2026-Q4-extra.yaml",
        """\
        team: support
        period: 2026-Q4
        objectives:
          - id: self-serve
            title: Customers solve simple problems themselves
            type: aspirational
            key_results:
              - {title: Self-serve share up from 20% to 35%, start: 20, target: 35}
        """,
    )
    (repo.root / "support/2026-Q3.yaml").unlink()
    assert brief(repo.changes(), "title", "side") == [
        ("objective-removed", "support/2026-Q3/triage", "Every ticket triaged within the hour",
         "base", None),  # 2026-Q3 has ended: tidying up, not moving goalposts
        ("key-result-removed", "support/2026-Q4/faster-replies/help-centre",
         "Help-centre article for every top-20 ticket reason", "base", "goalposts-moved"),
        ("key-result-added", "support/2026-Q4/faster-replies/macros",
         "Macros cover the ten most common questions", "working", None),
        ("objective-added", "support/2026-Q4/self-serve",
         "Customers solve simple problems themselves", "working", None),
    ]  # fmt: skip


def test_dropping_a_key_result_mid_period_says_why(repo: Repo) -> None:
    repo.edit("support/2026-Q4.yaml", "      - id: conversion\n", "      - id: conversion-rate\n")
    # matched by title, so a new id is not a removal...
    assert repo.changes() == []
    repo.edit(
        "support/2026-Q4.yaml",
        "        title: Trial-to-paid conversion up from 12% to 18%\n",
        "        title: More trials convert\n",
    )
    # ...but a new id and a new title are another key result
    (removed, added) = sorted(repo.changes(), key=lambda c: c["kind"], reverse=True)
    assert (added["kind"], added["ref"]) == (
        "key-result-added",
        "support/2026-Q4/faster-replies/conversion-rate",
    )
    assert removed["reason"] == (
        "2026-Q4 is under way (it started on 2026-10-01): dropping a key result mid-period "
        "moves the goalposts; score it and let it miss"
    )
    assert (removed["path"], removed["line"], removed["side"]) == (
        "support/2026-Q4.yaml", 17, "base"
    )  # fmt: skip


def test_targets_raised_and_lowered_and_which_ones_move_the_goalposts(repo: Repo) -> None:
    repo.edit("support/2026-Q4.yaml", "        target: 25\n", "        target: 30\n")  # easier
    repo.edit("support/2026-Q4.yaml", "        target: 18\n", "        target: 20\n")  # harder
    repo.edit("support/2026-Q4.yaml", "        target: 4.6\n", "        target: 4.4\n")  # easier
    assert brief(repo.changes(), "old", "new", "direction", "eases") == [
        ("target-changed", CONVERSION, 18, 20, "raised", False, None),
        ("target-changed", "support/2026-Q4/faster-replies/csat", 4.6, 4.4, "lowered", True,
         "goalposts-moved"),  # KPI-linked: start is csat on 2026-10-01 (4.3), higher is better
        ("target-changed", FR, 25, 30, "raised", True, "goalposts-moved"),  # lower is better
    ]  # fmt: skip


def test_a_target_eased_before_the_period_starts_is_no_warning_sign(repo: Repo) -> None:
    repo.edit("support/2026-Q4.yaml", "        target: 18\n", "        target: 16\n")
    result = repo.diff("--format", "json", "--as-of", "2026-09-28")
    (change,) = json.loads(result.stdout)["changes"]
    assert (change["direction"], change["eases"], change["warning"]) == ("lowered", True, None)
    assert brief(repo.changes(), "direction")[0][-1] == "goalposts-moved"


def test_start_type_owner_and_other_fields(repo: Repo) -> None:
    repo.edit("support/2026-Q4.yaml", "        start: 52\n", "        start: 55\n")
    repo.edit("support/2026-Q4.yaml", "    type: committed\n", "    type: aspirational\n")
    repo.edit("support/2026-Q4.yaml", "owner: lin\n", "owner: omar\n")
    repo.edit("support/2026-Q4.yaml", "        current: 14\n", "        current: 15\n")
    repo.edit(
        "support/2026-Q4.yaml",
        "        done: false\n",
        "        owner: sam\n        done: true\n",
    )
    assert brief(repo.changes(), "field", "old", "new") == [
        ("type-changed", "support/2026-Q4/faster-replies", "type", "committed", "aspirational",
         "type-changed-late"),
        ("owner-changed", "support/2026-Q4/faster-replies", "owner", "lin", "omar", None),
        ("field-changed", CONVERSION, "current", 14, 15, None),
        ("start-changed", FR, "start", 52, 55, None),
        ("owner-changed", "support/2026-Q4/faster-replies/help-centre", "owner", "lin", "sam",
         None),  # its own owner now, where it had the objective's (then lin) before
        ("field-changed", "support/2026-Q4/faster-replies/help-centre", "done", False, True,
         None),
    ]  # fmt: skip


def test_a_type_switched_before_the_period_starts_is_no_warning_sign(repo: Repo) -> None:
    repo.edit("support/2026-Q4.yaml", "    type: committed\n", "    type: aspirational\n")
    result = repo.diff("--format", "json", "--as-of", "2026-09-30")
    (change,) = json.loads(result.stdout)["changes"]
    assert (change["kind"], change["warning"]) == ("type-changed", None)
    (late,) = repo.changes()
    assert late["reason"] == (
        "2026-Q4 started on 2026-10-01: set the type when the objective is written, not once "
        "the period is under way"
    )


# KPIs ------------------------------------------------------------------------------------


def test_bands_widened_and_narrowed_and_when_a_widening_counts(repo: Repo) -> None:
    repo.edit("support/kpis.yaml", "    band: {min: 4.2}\n", "    band: {min: 4.0}\n")
    repo.edit("support/kpis.yaml", "    warn: {min: 4.4}\n", "")
    repo.edit("support/kpis.yaml", "    band: {max: 45}\n", "    band: {max: 50}\n")
    changes = repo.changes()
    assert brief(changes, "field", "old", "new", "direction", "eases") == [
        # csat's latest (4.1 on 2026-10-31) is below its band: widening it hides the breach
        ("band-changed", "support/csat", "band", {"min": 4.2, "max": None},
         {"min": 4.0, "max": None}, "widened", True, "goalposts-moved"),
        ("band-changed", "support/csat", "warn", {"min": 4.4, "max": None}, None, "removed",
         True, "goalposts-moved"),
        # first-response-time's latest (38 on 2026-11-16) is inside: a routine adjustment
        ("band-changed", "support/first-response-time", "band", {"min": None, "max": 45},
         {"min": None, "max": 50}, "widened", True, None),
    ]  # fmt: skip
    assert changes[0]["reason"] == (
        "The KPI is outside its band (latest 4.1/5 on 2026-10-31): widening it now makes the "
        "breach disappear instead of restoring the KPI"
    )
    assert changes[0]["message"] == "band widened from at least 4.2/5 to at least 4/5"


def test_bands_narrowed_added_shifted_and_kpi_fields(repo: Repo) -> None:
    repo.edit("support/kpis.yaml", "    band: {min: 4.2}\n", "    band: {min: 4.0, max: 4.9}\n")
    repo.edit("support/kpis.yaml", "    warn: {min: 4.4}\n", "    warn: {min: 4.4, max: 4.8}\n")
    repo.edit("support/kpis.yaml", "    band: {max: 45}\n", "    band: {max: 40}\n")
    repo.edit("support/kpis.yaml", "    owner: lin\n", "    owner: omar\n")
    repo.edit("support/kpis.yaml", "    cadence: weekly\n", "    cadence: daily\n")
    changes = repo.changes()
    assert brief(changes, "field", "direction", "eases") == [
        # wider below (where csat is), narrower above: a shift that still hides the breach
        ("band-changed", "support/csat", "band", "shifted", None, "goalposts-moved"),
        ("band-changed", "support/csat", "warn", "narrowed", False, None),
        ("band-changed", "support/first-response-time", "band", "narrowed", False, None),
        ("owner-changed", "support/first-response-time", "owner", None, None, None),
        ("field-changed", "support/first-response-time", "cadence", None, None, None),
    ]
    assert [c["message"] for c in changes] == [
        "band shifted from at least 4.2/5 to 4 to 4.9/5",
        "warn range narrowed from at least 4.4/5 to 4.4 to 4.8/5",
        "band narrowed from at most 45 min to at most 40 min",
        "owner changed from lin to omar",
        "cadence changed from weekly to daily",
    ]


def test_kpis_added_and_removed(repo: Repo) -> None:
    repo.edit(
        "support/kpis.yaml",
        "  - id: first-response-time\n    title: Median first-response time\n",
        "  - id: reply-time\n    title: Median first-response time\n",
    )
    assert brief(repo.changes(), "side") == [
        ("kpi-removed", "support/first-response-time", "base", None),
        ("kpi-added", "support/reply-time", "working", None),
    ]


# Check-ins and measurements --------------------------------------------------------------


def test_check_ins_added_rewritten_and_deleted(repo: Repo) -> None:
    repo.edit(
        "support/2026-Q4.yaml",
        "          - {date: 2026-10-15, value: 44, confidence: 0.7}\n"
        "          - {date: 2026-11-12, value: 36, confidence: 0.6, note: Triage rota live}\n",
        "          - {date: 2026-11-12, value: 36, confidence: 0.6, note: Triage rota in place}\n"
        "          - {date: 2026-11-20, value: 31, confidence: 0.6}\n"
        "          - {date: 2026-11-22, value: 30}\n",
    )
    changes = repo.changes()
    assert brief(changes, "message") == [
        ("checkin-added", FR, "check-in added: 2026-11-20, 31 min (confidence 0.6)", None),
        ("checkin-added", FR, "check-in added: 2026-11-22, 30 min", None),
        ("checkin-rewritten", FR,
         "check-in of 2026-11-12 rewritten: note 'Triage rota live' -> 'Triage rota in place'",
         None),  # a note reworded: context, not the record
        ("checkin-deleted", FR, "check-in of 2026-10-15 deleted (was 44 min (confidence 0.7))",
         "history-rewritten"),
    ]  # fmt: skip
    assert changes[3]["reason"] == (
        "The check-in of 2026-10-15 is history: deleting it rewrites the record; add a new "
        "check-in instead"
    )


def test_a_past_check_in_edited_is_history_rewritten_and_today_s_is_not(repo: Repo) -> None:
    repo.edit(
        "support/2026-Q4.yaml",
        "value: 36, confidence: 0.6,",
        "value: 34, confidence: 0.6,",
    )
    (change,) = repo.changes()
    assert (change["kind"], change["warning"], change["message"]) == (
        "checkin-rewritten",
        "history-rewritten",
        "check-in of 2026-11-12 rewritten: value 36 min -> 34 min",
    )
    assert change["old"] == {
        "date": "2026-11-12",
        "value": 36,
        "confidence": 0.6,
        "note": "Triage rota live",
    }
    result = repo.diff("--format", "json", "--as-of", "2026-11-12")  # corrected the same day
    assert json.loads(result.stdout)["changes"][0]["warning"] is None


def test_measurements_added_rewritten_and_deleted(repo: Repo) -> None:
    repo.edit(
        "support/kpis.yaml",
        "      - {date: 2026-11-09, value: 40}\n      - {date: 2026-11-16, value: 38}\n",
        "      - {date: 2026-11-16, value: 39, note: recount}\n"
        "      - {date: 2026-11-23, value: 37}\n",
    )
    assert brief(repo.changes(), "message") == [
        ("measurement-added", "support/first-response-time",
         "measurement added: 2026-11-23, 37 min", None),
        ("measurement-rewritten", "support/first-response-time",
         "measurement of 2026-11-16 rewritten: value 38 min -> 39 min, note '-' -> 'recount'",
         "history-rewritten"),
        ("measurement-deleted", "support/first-response-time",
         "measurement of 2026-11-09 deleted (was 40 min)", "history-rewritten"),
    ]  # fmt: skip


# Reports -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def moved_repo(base_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pull request that eases a target, widens a breached band and adds a check-in."""
    repo = copied(base_repo, tmp_path_factory.mktemp("moved-repo"))
    git(repo.root, "checkout", "--quiet", "-b", "ease-targets")
    repo.edit("support/2026-Q4.yaml", "        target: 18\n", "        target: 16\n")
    repo.edit("support/kpis.yaml", "    band: {min: 4.2}\n", "    band: {min: 4.0}\n")
    repo.edit(
        "support/2026-Q4.yaml",
        "note: Triage rota live}\n",
        "note: Triage rota live}\n          - {date: 2026-11-19, value: 33}\n",
    )
    repo.commit("ease")
    return repo.root


@pytest.fixture
def moved(moved_repo: Path, tmp_path: Path) -> Repo:
    return copied(moved_repo, tmp_path)


def test_the_markdown_report_is_a_pull_request_comment(moved: Repo) -> None:
    result = moved.diff("--format", "markdown", "--as-of", AS_OF)
    base = git(moved.root, "rev-parse", "--short=7", "main")
    assert result.exit_code == 0
    assert result.stdout == textwrap.dedent(
        f"""\
        <!-- okrctl-diff -->
        ## Goal changes

        **2 warning signs** · 1 target changed · 1 band changed · 1 check-in added

        Compared with {base} (the merge base of main and HEAD), as of 2026-11-22.

        ### ⚠️ Warning signs

        | Warning sign | Goal | Change | Why it matters | Where |
        |---|---|---|---|---|
        | **goalposts moved** | `{CONVERSION}` | target lowered from 18% to 16% (easier) | 2026-Q4 started on 2026-10-01: a target made easier once the period is under way moves the goalposts | `support/2026-Q4.yaml:21` |
        | **goalposts moved** | `support/csat` | band widened from at least 4.2/5 to at least 4/5 | The KPI is outside its band (latest 4.1/5 on 2026-10-31): widening it now makes the breach disappear instead of restoring the KPI | `support/kpis.yaml:8` |

        ### Objectives and key results

        | Goal | Change | Where |
        |---|---|---|
        | `{CONVERSION}` Trial-to-paid conversion up from 12% to 18% | target lowered from 18% to 16% (easier) ⚠️ | `support/2026-Q4.yaml:21` |

        ### KPIs

        | Goal | Change | Where |
        |---|---|---|
        | `support/csat` Customer satisfaction | band widened from at least 4.2/5 to at least 4/5 ⚠️ | `support/kpis.yaml:8` |

        ### Check-ins and measurements

        | Goal | Change | Where |
        |---|---|---|
        | `{FR}` Median first-response time down from 52 to 25 minutes | check-in added: 2026-11-19, 33 min | `support/2026-Q4.yaml:17` |
        """  # noqa: E501
    )


def test_the_json_report_has_every_field(moved: Repo) -> None:
    result = moved.diff("--format", "json", "--as-of", AS_OF)
    document = json.loads(result.stdout)
    assert document["base"] == {
        "revision": "main",
        "commit": git(moved.root, "rev-parse", "main"),
        "merge_base": True,
    }
    assert document["as_of"] == AS_OF
    assert document["summary"] == {
        "changes": 3,
        "warnings": 2,
        "by_kind": {"target-changed": 1, "band-changed": 1, "checkin-added": 1},
    }
    assert document["changes"][0] == {
        "kind": "target-changed",
        "ref": CONVERSION,
        "title": "Trial-to-paid conversion up from 12% to 18%",
        "field": "target",
        "old": 18,
        "new": 16,
        "direction": "lowered",
        "eases": True,
        "unit": "%",
        "warning": "goalposts-moved",
        "reason": "2026-Q4 started on 2026-10-01: a target made easier once the period is "
        "under way moves the goalposts",
        "message": "target lowered from 18% to 16% (easier)",
        "path": "support/2026-Q4.yaml",
        "line": 21,
        "side": "working",
    }
    assert document["changes"][1]["new"] == {
        "date": "2026-11-19",
        "value": 33,
        "confidence": None,
        "note": None,
    }
    assert document["incomplete_files"] == []


def test_the_github_report_annotates_each_warning_sign(moved: Repo) -> None:
    result = moved.diff("--format", "github", "--as-of", AS_OF)
    base = git(moved.root, "rev-parse", "--short=7", "main")
    assert result.stdout.splitlines() == [
        "::warning file=support/2026-Q4.yaml,line=21,col=17,title=okrctl diff%3A goalposts "
        f"moved::{CONVERSION}: target lowered from 18%25 to 16%25 (easier). 2026-Q4 started on "
        "2026-10-01: a target made easier once the period is under way moves the goalposts",
        "::warning file=support/kpis.yaml,line=8,col=11,title=okrctl diff%3A goalposts moved::"
        "support/csat: band widened from at least 4.2/5 to at least 4/5. The KPI is outside "
        "its band (latest 4.1/5 on 2026-10-31): widening it now makes the breach disappear "
        "instead of restoring the KPI",
        f"::notice title=okrctl diff::Goal changes since {base} (the merge base of main and "
        "HEAD): 2 warning signs · 1 target changed · 1 band changed · 1 check-in added",
    ]


def test_the_text_report_puts_warning_signs_first(moved: Repo) -> None:
    result = moved.diff("--as-of", AS_OF)
    lines = result.stdout.splitlines()
    assert lines[1:4] == [
        "2 warning signs · 1 target changed · 1 band changed · 1 check-in added",
        "",
        "Warning signs",
    ]
    assert lines[4:8] == [
        f"  goalposts moved: {CONVERSION}",
        "    target lowered from 18% to 16% (easier)",
        "    2026-Q4 started on 2026-10-01: a target made easier once the period is under way "
        "moves the goalposts",
        "    at support/2026-Q4.yaml:21",
    ]
    assert lines[-7:] == [
        "Changes",
        f"  {CONVERSION}  Trial-to-paid conversion up from 12% to 18%",
        "    target lowered from 18% to 16% (easier)  !",
        f"  {FR}  Median first-response time down from 52 to 25 minutes",
        "    check-in added: 2026-11-19, 33 min",
        "  support/csat  Customer satisfaction",
        "    band widened from at least 4.2/5 to at least 4/5  !",
    ]


def test_the_readme_example_is_real(moved: Repo) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = "$ okrctl diff main --as-of 2026-11-22\n"
    shown = readme[readme.index(command) + len(command) :].split("...\n```", 1)[0]
    result = moved.diff("main", "--as-of", AS_OF)
    commit = git(moved.root, "rev-parse", "--short=7", "main")
    assert result.stdout.startswith(shown.replace("3f2a1c9", commit))


def test_fail_on_warning_exits_1_only_with_a_warning_sign(moved: Repo) -> None:
    assert moved.diff("--as-of", AS_OF).exit_code == 0
    assert moved.diff("--as-of", AS_OF, "--fail-on-warning").exit_code == 1
    moved.edit("support/kpis.yaml", "    band: {min: 4.0}\n", "    band: {min: 4.2}\n")
    assert moved.diff("--as-of", AS_OF, "--fail-on-warning").exit_code == 1  # the target
    # before 2026-Q4 starts, easing a target is planning
    assert moved.diff("--as-of", "2026-09-28", "--fail-on-warning").exit_code == 0


# Which base ------------------------------------------------------------------------------


def test_the_default_base_is_the_merge_base_with_main(moved: Repo) -> None:
    """Changes made on main after the branch started are not the pull request's."""
    git(moved.root, "checkout", "--quiet", "main")
    moved.edit("support/2026-Q4.yaml", "        start: 52\n", "        start: 50\n")
    moved.commit("main moves on")
    git(moved.root, "checkout", "--quiet", "ease-targets")
    assert [c["kind"] for c in moved.changes()] == [
        "target-changed",
        "checkin-added",
        "band-changed",
    ]
    # main itself, as given: its later start looks undone by the branch
    assert [c["kind"] for c in moved.changes("main")][:3] == [
        "target-changed",
        "start-changed",
        "checkin-added",
    ]
    assert moved.changes("main...") == moved.changes()


def test_origin_head_names_the_default_branch(moved: Repo) -> None:
    first = git(moved.root, "rev-list", "--max-parents=0", "HEAD")
    git(moved.root, "update-ref", "refs/remotes/origin/trunk", first)
    git(moved.root, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
    git(moved.root, "branch", "--quiet", "-m", "main", "elsewhere")
    result = moved.diff("--format", "json", "--as-of", AS_OF)
    assert json.loads(result.stdout)["base"] == {
        "revision": "origin/trunk",
        "commit": first,
        "merge_base": True,
    }


def test_master_is_the_fallback_and_without_one_the_base_must_be_named(repo: Repo) -> None:
    git(repo.root, "branch", "--quiet", "-m", "main", "master")
    result = repo.diff("--format", "json")
    assert json.loads(result.stdout)["base"]["revision"] == "master"
    git(repo.root, "branch", "--quiet", "-m", "master", "work")
    result = repo.diff()
    assert (result.exit_code, result.stderr) == (
        2,
        "okrctl: error: cannot tell the default branch (no origin/HEAD, main or master): name "
        "the revision to compare with, e.g. `okrctl diff HEAD~1`\n",
    )
    assert repo.diff("HEAD").exit_code == 0


def test_a_pull_request_merge_commit_compares_with_its_first_parent(moved: Repo) -> None:
    """What the documented GitHub workflow runs: `okrctl diff HEAD^1` on the merge commit."""
    git(moved.root, "checkout", "--quiet", "main")
    git(moved.root, "merge", "--quiet", "--no-ff", "-m", "merge", "ease-targets")
    assert [c["kind"] for c in moved.changes("HEAD^1")] == [
        "target-changed",
        "checkin-added",
        "band-changed",
    ]


def test_base_may_be_left_out_before_paths(moved: Repo) -> None:
    moved.write("growth/kpis.yaml", "team: growth\nkpis: []\n")
    assert moved.changes("support") == moved.changes()
    assert moved.changes("main", "support/kpis.yaml") == [
        c for c in moved.changes() if c["ref"] == "support/csat"
    ]


def test_annotations_name_files_from_the_repository_root(tmp_path: Path) -> None:
    """Run from the goal tree's folder, GitHub and the pull request still see repo paths."""
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    repo = Repo(tmp_path)
    repo.write("plans/goals/okrctl.yaml", OKRCTL_YAML)
    repo.write("plans/goals/support/2026-Q4.yaml", Q4)
    repo.commit()
    repo.edit("plans/goals/support/2026-Q4.yaml", "        target: 18\n", "        target: 16\n")
    goals = tmp_path / "plans/goals"
    github = cli(goals, "diff", "--format", "github", "--as-of", AS_OF).stdout
    assert github.startswith("::warning file=plans/goals/support/2026-Q4.yaml,line=20,col=17,")
    markdown = cli(goals, "diff", "--format", "markdown", "--as-of", AS_OF).stdout
    assert "| `plans/goals/support/2026-Q4.yaml:20` |" in markdown
    text = cli(goals, "diff", "--as-of", AS_OF).stdout
    assert "    at support/2026-Q4.yaml:20\n" in text  # the terminal: from where you are


# The work tree, as it is ---------------------------------------------------------------


def test_uncommitted_and_untracked_files_are_compared_and_nothing_is_touched(repo: Repo) -> None:
    repo.write(
        "ops/kpis.yaml",
        "team: ops\nkpis:\n  - {id: uptime, title: Uptime, owner: omar, cadence: weekly, "
        "band: {min: 99.5}}\n",
    )
    repo.edit("support/2026-Q4.yaml", "        start: 52\n", "        start: 53\n")
    status = git(repo.root, "status", "--porcelain")
    before = work_tree(repo.root)
    assert brief(repo.changes()) == [
        ("kpi-added", "ops/uptime", None),
        ("start-changed", FR, None),
    ]
    assert work_tree(repo.root) == before
    assert git(repo.root, "status", "--porcelain") == status


def test_a_file_with_errors_is_compared_in_part_not_reported_removed(repo: Repo) -> None:
    repo.edit("support/2026-Q4.yaml", "    type: committed\n", "    type: maybe\n")
    result = repo.diff("--format", "json", "--as-of", AS_OF)
    document = json.loads(result.stdout)
    assert document["changes"] == []
    assert document["incomplete_files"] == [
        {"path": "support/2026-Q4.yaml", "side": "working", "problems": 1}
    ]
    text = repo.diff("--as-of", AS_OF).stdout
    assert text.endswith(
        "Compared in part: these files have errors (run `okrctl lint`)\n"
        "  support/2026-Q4.yaml (now): 1 problem\n"
    )


def test_a_findings_flood_counts_every_problem_on_both_sides(repo: Repo) -> None:
    """Past the lint cap (100) the loader only counts a flood's items; the count of problems
    a file has is the same."""
    repo.write("flood/kpis.yaml", "team: flood\nkpis:\n" + "- 1\n" * 150)
    repo.commit("a flood")
    repo.write("flood/kpis.yaml", "team: flood\nkpis:\n" + "- 1\n" * 120)
    document = json.loads(repo.diff("--format", "json", "--as-of", AS_OF).stdout)
    assert document["incomplete_files"] == [
        {"path": "flood/kpis.yaml", "side": "base", "problems": 150},
        {"path": "flood/kpis.yaml", "side": "working", "problems": 120},
    ]


def test_old_files_are_read_as_they_were_committed(repo: Repo) -> None:
    """The old tree comes from git, not from the disk: a file deleted now is still read."""
    (repo.root / "support/kpis.yaml").unlink()
    assert brief(repo.changes("HEAD")) == [
        ("kpi-removed", "support/csat", None),
        ("kpi-removed", "support/first-response-time", None),
    ]


HOSTILE = REPO / "tests" / "data" / "hostile"


@pytest.mark.parametrize("case", sorted(p.name for p in HOSTILE.glob("*.yaml")))
def test_hostile_files_before_or_after_give_a_clean_report(repo: Repo, case: str) -> None:
    """A hostile file committed at the base (read from git) or in the working tree (read
    from disk) is compared in part, never a crash."""
    hostile = repo.root / "support/hostile.yaml"
    shutil.copyfile(HOSTILE / case, hostile)
    repo.commit("hostile")
    hostile.write_text(KPIS.replace("support", "ops"))
    before = repo.diff("HEAD", "--format", "json", "--as-of", AS_OF)  # hostile in git
    shutil.copyfile(HOSTILE / case, hostile)
    now = repo.diff("HEAD~1", "--format", "json", "--as-of", AS_OF)  # hostile on disk
    for result in (before, now):
        assert result.exit_code == 0, result.stderr
        json.loads(result.stdout)


# Errors ----------------------------------------------------------------------------------


def test_outside_a_git_repository(tmp_path: Path) -> None:
    result = cli(tmp_path, "diff")
    assert (result.exit_code, result.stderr) == (
        2,
        "okrctl: error: the current folder is not in a git repository; okrctl diff compares "
        "the goal tree with a git revision\n",
    )


def test_an_unknown_revision(repo: Repo) -> None:
    for revision in ("nosuch", "-x", "nosuch..."):
        result = repo.diff("--", revision)
        assert (result.exit_code, result.stderr) == (
            2,
            f"okrctl: error: unknown revision `{revision.removesuffix('...')}`\n",
        )


def test_a_path_that_exists_neither_now_nor_before(repo: Repo) -> None:
    result = repo.diff("main", "growth")
    assert (result.exit_code, result.stderr) == (
        2,
        "okrctl: error: growth: no such file or directory, now or before\n",
    )


def test_without_git(repo: Repo, tmp_path_factory: pytest.TempPathFactory) -> None:
    empty = tmp_path_factory.mktemp("no-git-here")
    path = os.environ["PATH"]
    os.environ["PATH"] = str(empty)
    try:
        result = repo.diff()
    finally:
        os.environ["PATH"] = path
    assert (result.exit_code, result.stderr) == (
        2,
        "okrctl: error: git is not installed (or not on PATH); okrctl diff needs it\n",
    )


def test_a_repository_without_commits(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    result = cli(tmp_path, "diff")
    assert (result.exit_code, result.stderr) == (
        2,
        "okrctl: error: the repository has no commits yet: there is nothing to compare\n",
    )


def test_as_of_end_of_period_is_a_usage_error(repo: Repo) -> None:
    result = repo.diff("--as-of", "end-of-period")
    assert (result.exit_code, result.stderr) == (
        2,
        "okrctl: error: --as-of: a diff has no period of its own; write a date, today or "
        "yesterday\n",
    )


# Dropped key results and self-graded scores (issue 16) -----------------------------------

DROPPED = """\
        current: 14
        status: dropped
        reason: Pricing page work moved to Q1
"""


def test_a_key_result_dropped_late_in_the_period_is_a_warning_sign(repo: Repo) -> None:
    # 2026-11-22 is 52 of 92 days into 2026-Q4 (57%): past the half.
    repo.edit("support/2026-Q4.yaml", "        current: 14\n", DROPPED)
    changes = repo.changes()
    assert brief(changes, "new") == [
        ("key-result-dropped", CONVERSION, "Pricing page work moved to Q1", "goalposts-moved")
    ]
    assert changes[0]["reason"] == (
        "dropped on 2026-11-22, with 57% of 2026-Q4 gone: dropping a key result late takes a "
        "likely miss out of the score; drop it early, or score it and let it miss"
    )
    text = repo.diff("--as-of", AS_OF).stdout
    assert "dropped during the period: Pricing page work moved to Q1" in text
    assert "1 warning sign · 1 key result dropped" in text


def test_a_key_result_dropped_early_is_no_warning_sign(repo: Repo) -> None:
    repo.edit(
        "support/2026-Q4.yaml", "        current: 14\n", DROPPED + "        date: 2026-10-20\n"
    )
    assert brief(repo.changes(), "new") == [
        ("key-result-dropped", CONVERSION, "Pricing page work moved to Q1", None)
    ]


def test_a_drop_taken_back_and_a_reason_changed_are_field_changes(repo: Repo) -> None:
    repo.edit("support/2026-Q4.yaml", "        current: 14\n", DROPPED)
    repo.commit("dropped")
    repo.edit("support/2026-Q4.yaml", "moved to Q1", "moved to 2027")
    assert brief(repo.changes("HEAD"), "field", "old", "new") == [
        (
            "field-changed",
            CONVERSION,
            "reason",
            "Pricing page work moved to Q1",
            "Pricing page work moved to 2027",
            None,
        )
    ]
    repo.edit("support/2026-Q4.yaml", DROPPED.replace("Q1", "2027"), "        current: 14\n")
    assert brief(repo.changes("HEAD"), "field", "old", "new") == [
        ("field-changed", CONVERSION, "status", "dropped", None, None)
    ]


def test_a_self_graded_check_in_added_and_rewritten(repo: Repo) -> None:
    repo.edit(
        "support/2026-Q4.yaml",
        "note: Triage rota live}\n",
        "note: Triage rota live}\n          - {date: 2026-11-20, score: 0.5}\n",
    )
    changes = repo.changes()
    assert brief(changes) == [("checkin-added", FR, None)]
    assert changes[0]["new"] == {
        "date": "2026-11-20",
        "value": None,
        "confidence": None,
        "note": None,
        "score": 0.5,
    }
    assert "check-in added: 2026-11-20, self score 0.5" in repo.diff("--as-of", AS_OF).stdout
    repo.commit("self score")
    repo.edit("support/2026-Q4.yaml", "score: 0.5}", "score: 0.7}")
    text = repo.diff("--as-of", AS_OF, "HEAD").stdout
    assert "check-in of 2026-11-20 rewritten: self score 0.5 -> 0.7" in text
    assert "history rewritten" in text


def test_initiatives_added_dropped_and_a_key_result_left_without_one(repo: Repo) -> None:
    repo.edit(
        "support/2026-Q4.yaml",
        "        unit: min\n        checkins:",
        "        unit: min\n"
        "        initiatives:\n"
        "          - {id: rota, title: Triage rota, status: active}\n"
        "        checkins:",
    )
    repo.edit(
        "support/2026-Q4.yaml",
        "        current: 14\n",
        "        current: 14\n        initiatives:\n          - {title: Pricing page test}\n",
    )
    repo.commit("initiatives")
    repo.edit("support/2026-Q4.yaml", "status: active}", "status: dropped}")
    repo.edit(
        "support/2026-Q4.yaml",
        "          - {title: Pricing page test}\n",
        "          - {title: Pricing page test, status: active}\n"
        "          - {title: Onboarding emails}\n",
    )
    changes = repo.changes("HEAD")
    assert brief(changes, "field", "old", "new") == [
        ("initiative-added", CONVERSION, "Onboarding emails", None, "planned", None),
        ("initiative-changed", CONVERSION, "Pricing page test", "planned", "active", None),
        ("initiative-changed", FR, "rota", "active", "dropped", None),
        ("key-result-without-initiative", FR, "initiatives", "rota", None, None),
    ]
    assert [c["message"] for c in changes] == [
        "initiative added: Onboarding emails (planned)",
        "initiative Pricing page test: planned -> active",
        "initiative rota: active -> dropped",
        "no initiative left on it (rota dropped or removed): no link between the key result "
        "and action",
    ]
    text = repo.diff("HEAD", "--as-of", AS_OF).stdout
    assert "1 key result left without initiative" in text


def test_a_retro_written_then_rewritten(repo: Repo) -> None:
    """Issue 20: each part of a retro is a text field of its objective (`retro.worked`, ...)."""
    ref = "support/2026-Q4/faster-replies"
    repo.edit(
        "support/2026-Q4.yaml",
        "    type: committed\n    key_results:\n      - id: first-response\n",
        "    type: committed\n    retro: {worked: Renewal calls}\n    key_results:\n"
        "      - id: first-response\n",
    )
    changes = repo.changes("HEAD")
    assert brief(changes, "field", "old", "new") == [
        ("field-changed", ref, "retro.worked", None, "Renewal calls", None)
    ]
    repo.commit("retro")
    repo.edit(
        "support/2026-Q4.yaml",
        "    retro: {worked: Renewal calls}\n",
        "    retro: {worked: Renewal calls with the account manager, next: Start in week one}\n",
    )
    changes = repo.changes("HEAD")
    assert brief(changes, "field", "old", "new") == [  # by field
        ("field-changed", ref, "retro.next", None, "Start in week one", None),
        ("field-changed", ref, "retro.worked", "Renewal calls",
         "Renewal calls with the account manager", None),
    ]  # fmt: skip
    assert [c["message"] for c in changes] == [
        "retro.next set to Start in week one",
        "retro.worked changed from Renewal calls to Renewal calls with the account manager",
    ]


def test_from_kpi_and_from_kr_set_changed_and_removed(repo: Repo) -> None:
    # The links `okrctl impact` follows: an objective answering a KPI breach, a KPI that
    # graduated from a key result. Set now, against a base without them.
    repo.edit(
        "support/2026-Q4.yaml",
        "    type: committed\n",
        "    type: committed\n    from_kpi: support/csat\n",
    )
    repo.edit(
        "support/kpis.yaml",
        "    cadence: weekly\n",
        f"    cadence: weekly\n    from_kr: {FR}\n",
    )
    objective = "support/2026-Q4/faster-replies"
    changes = repo.changes()
    assert brief(changes, "field", "old", "new", "path", "line") == [
        ("field-changed", objective, "from_kpi", None, "support/csat",
         "support/2026-Q4.yaml", 8, None),
        ("field-changed", "support/first-response-time", "from_kr", None, FR,
         "support/kpis.yaml", 18, None),
    ]  # fmt: skip
    assert [c["message"] for c in changes] == [
        "from KPI set to support/csat",
        f"from key result set to {FR}",
    ]
    text = repo.diff("--as-of", AS_OF).stdout
    assert "0 warning signs · 2 other fields changed\n" in text
    assert (
        f"  {objective}  Customers get answers while they still care\n"
        "    from KPI set to support/csat\n"
        "  support/first-response-time  Median first-response time\n"
        f"    from key result set to {FR}\n"
    ) in text
    markdown = repo.diff("--format", "markdown", "--as-of", AS_OF).stdout
    assert (
        f"| `{objective}` Customers get answers while they still care | from KPI set to "
        "support/csat | `support/2026-Q4.yaml:8` |\n"
    ) in markdown
    # No warning sign: the GitHub format only counts them.
    github = repo.diff("--format", "github", "--as-of", AS_OF).stdout
    assert github.count("::warning") == 0 and "2 other fields changed" in github
    repo.commit("links")
    # Changed, then removed.
    repo.edit(
        "support/2026-Q4.yaml", "from_kpi: support/csat", "from_kpi: support/first-response-time"
    )
    repo.edit("support/kpis.yaml", f"    from_kr: {FR}\n", "")
    changes = repo.changes("HEAD")
    assert brief(changes, "field", "old", "new") == [
        ("field-changed", objective, "from_kpi", "support/csat", "support/first-response-time",
         None),
        ("field-changed", "support/first-response-time", "from_kr", FR, None, None),
    ]  # fmt: skip
    assert [c["message"] for c in changes] == [
        "from KPI changed from support/csat to support/first-response-time",
        f"from key result removed (was {FR})",
    ]
    repo.edit("support/2026-Q4.yaml", "    from_kpi: support/first-response-time\n", "")
    assert [c["message"] for c in repo.changes("HEAD")] == [
        "from KPI removed (was support/csat)",
        f"from key result removed (was {FR})",
    ]

"""Initiatives (issue 20, item 1): written on objectives and key results, shown, never scored."""

import json

from okrctl.model.goals import short_name
from tests.conftest import GoalTree, okrctl

OKRS = """
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    initiatives:
      - {title: Macros, status: planned}
    key_results:
      - id: first-response
        title: Median first-response time down to 25 minutes
        start: 52
        target: 25
        checkins:
          - {date: 2026-11-20, value: 43}
        initiatives:
          - title: Triage rota
            owner: sam
            status: done
            start: 2026-10-01
            done: 2026-10-31
            links:
              - {title: Issue, url: "https://github.com/acme/support/issues/12"}
              - {title: Plan, url: "https://wiki.example.com/rota"}
"""
PLAIN = OKRS.replace("    initiatives:\n      - {title: Macros, status: planned}\n", "").split(
    "        initiatives:\n"
)[0]


def test_short_names_of_issues_and_pull_requests() -> None:
    assert short_name("https://github.com/acme/support/issues/12") == "acme/support#12"
    assert short_name("https://github.com/acme/support/pull/7") == "acme/support#7"
    assert short_name("https://gitlab.com/acme/tools/app/-/issues/3") == "acme/tools/app#3"
    assert short_name("https://git.example.com/acme/app/-/merge_requests/9") == "acme/app!9"
    assert short_name("https://github.com/acme/support") is None
    assert short_name("https://wiki.example.com/rota") is None


def test_initiatives_are_never_scored(goals: GoalTree) -> None:
    goals.write("support.yaml", OKRS)
    with_them = json.loads(okrctl("score", "--format", "json", cwd=goals.root).stdout)
    goals.write("support.yaml", PLAIN)
    without = json.loads(okrctl("score", "--format", "json", cwd=goals.root).stdout)
    objective = with_them["objectives"][0]
    # (43 - 52) / (25 - 52) = 1/3 -> 0.333, with or without initiatives.
    assert objective["key_results"][0]["score"] == 0.333
    assert objective["initiatives"] == [
        {
            "id": None,
            "title": "Macros",
            "owner": None,
            "status": "planned",
            "start": None,
            "done": None,
            "links": [],
        }
    ]
    assert objective["key_results"][0]["initiatives"][0]["links"] == [
        {"name": "acme/support#12", "url": "https://github.com/acme/support/issues/12"},
        {"name": "Plan", "url": "https://wiki.example.com/rota"},
    ]
    del objective["initiatives"], objective["key_results"][0]["initiatives"]
    assert with_them == without  # a file without them gives the same document as before


def test_the_review_shows_each_key_results_initiatives_with_status(goals: GoalTree) -> None:
    goals.write("support.yaml", OKRS)
    text = okrctl("review", "--period", "2026-Q4", cwd=goals.root).stdout
    assert "initiative: Macros (planned)\n" in text
    assert (
        "  initiative first-response: Triage rota (done 2026-10-31, owner sam,\n"
        "  acme/support#12, Plan)\n"
    ) in text
    markdown = okrctl("review", "--period", "2026-Q4", "--format", "markdown", cwd=goals.root)
    assert "Initiatives: Macros (planned)\n" in markdown.stdout
    assert (
        "- Median first-response time down to 25 minutes: initiatives: Triage rota "
        "(done 2026-10-31, owner sam, [acme/support#12](https://github.com/acme/support/issues/12)"
        ", [Plan](https://wiki.example.com/rota))\n"
    ) in markdown.stdout
    html = okrctl("review", "--period", "2026-Q4", "--format", "html", cwd=goals.root).stdout
    assert (
        '<p class="meta">Initiatives: Macros (planned)</p>' in html
        and 'rel="noopener noreferrer">acme/support#12</a>' in html
    )
    # The weekly board stays a board: its text lists no initiatives (its JSON does).
    weekly = okrctl("review", "--cadence", "weekly", cwd=goals.root).stdout
    assert "Triage rota" not in weekly
    review = json.loads(okrctl("review", "--format", "json", cwd=goals.root).stdout)
    kr = review["teams"][0]["objectives"][0]["key_results"][0]
    assert [i["status"] for i in kr["initiatives"]] == ["done"]


def test_done_is_only_for_a_finished_initiative(goals: GoalTree) -> None:
    goals.write("support.yaml", OKRS.replace("status: done", "status: active"))
    result = goals.lint()
    assert result.messages("invalid-value") == [
        "`initiatives[0].done`: only a finished initiative has a `done` day: set "
        "`status: done`, or remove it"
    ]
    goals.write("support.yaml", OKRS.replace("status: planned", "status: started"))
    assert len(goals.lint().of("invalid-value")) == 1


FILE = """team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers fast
    type: committed
    key_results:
      - id: first-response
        title: Median first-response time down to 25 minutes
        start: 52
        target: 25  # minutes
      - id: csat
        title: CSAT up to 4.6
        start: 4.1
        target: 4.6
        initiatives:
          - {id: survey, title: Survey every closed ticket, status: active}
          - title: Follow-up calls
"""
FR = "support/2026-Q4/faster-replies/first-response"
CSAT = "support/faster-replies/csat"


def test_initiative_add_writes_only_the_new_lines(goals: GoalTree) -> None:
    path = goals.write("support.yaml", FILE)
    done = okrctl("initiative", FR, "--add", "Triage rota", "--owner", "sam", cwd=goals.root)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"support.yaml: added initiative `Triage rota` (planned) to {FR}\n"
    assert path.read_text() == FILE.replace(
        "        target: 25  # minutes\n",
        "        target: 25  # minutes\n"
        # written like the file's other `initiatives` lists
        "        initiatives:\n          - {title: Triage rota, owner: sam, status: planned}\n",
    )
    # Another goes after the last, styled like it; done takes the --date as its `done` day.
    done = okrctl(
        "initiative", CSAT, "--add", "Macros", "--status", "done", "--date", "2026-11-20",
        cwd=goals.root,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (
        "          - title: Follow-up calls\n"
        "          - title: Macros\n"
        "            status: done\n"
        "            done: 2026-11-20\n"
    ) in path.read_text()


def test_initiative_status_changes_one_value(goals: GoalTree) -> None:
    path = goals.write("support.yaml", FILE)
    done = okrctl("initiative", CSAT, "--name", "survey", "--status", "done", cwd=goals.root)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "support.yaml: initiative `survey` of support/2026-Q4/faster-replies/csat: "
        "active -> done on 2026-11-29\n"
    )
    assert path.read_text() == FILE.replace(
        "{id: survey, title: Survey every closed ticket, status: active}",
        "{id: survey, title: Survey every closed ticket, status: done, done: 2026-11-29}",
    )
    done = okrctl(
        "initiative", CSAT, "--name", "Follow-up calls", "--status", "active", cwd=goals.root
    )
    assert done.returncode == 0, done.stderr
    assert "          - title: Follow-up calls\n            status: active\n" in path.read_text()
    assert "            start: 2026-11-29\n" in path.read_text()


def test_initiative_refuses_what_it_cannot_tell(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    cases = {
        ("--status", "done"): "has 2 initiatives (`survey`, `Follow-up calls`): pick one with "
        "--name",
        ("--name", "surve", "--status", "done"): "has no initiative `surve` (did you mean "
        "`survey`?)",
        ("--name", "survey", "--status", "finished"): "--status `finished` is not one of "
        "planned, active, done, dropped",
        ("--name", "survey", "--status", "active"): "is active already",
        (): "give --add TITLE to add an initiative, or --status STATUS to change one",
    }
    for args, message in cases.items():
        result = okrctl("initiative", CSAT, *args, cwd=goals.root)
        assert result.returncode != 0 and message in result.stderr, (args, result.stderr)
    assert (goals.root / "support.yaml").read_text() == FILE


OBJECTIVE = "support/faster-replies"


def test_initiative_add_to_an_objective_goes_before_its_key_results(goals: GoalTree) -> None:
    text = FILE.replace(
        "    type: committed\n",
        "    type: committed\n    description: Speed matters  # why\n\n    # what we measure\n",
    )
    path = goals.write("support.yaml", text)
    done = okrctl("initiative", OBJECTIVE, "--add", "Macros", "--owner", "sam", cwd=goals.root)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "support.yaml: added initiative `Macros` (planned) to support/2026-Q4/faster-replies\n"
    )
    # Among the objective's own fields, above the blank line and the comment that introduce
    # its key results; written like the file's other `initiatives` lists.
    assert path.read_text() == text.replace(
        "    description: Speed matters  # why\n",
        "    description: Speed matters  # why\n"
        "    initiatives:\n      - {title: Macros, owner: sam, status: planned}\n",
    )
    done = okrctl(
        "initiative", "support/2026-Q4/faster-replies", "--add", "Rota", "--status", "active",
        "--date", "2026-11-20", cwd=goals.root,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (
        "      - {title: Macros, owner: sam, status: planned}\n"
        "      - {title: Rota, status: active, start: 2026-11-20}\n"
        "\n    # what we measure\n    key_results:\n"
    ) in path.read_text()
    review = json.loads(okrctl("score", "--format", "json", cwd=goals.root).stdout)
    assert [i["title"] for i in review["objectives"][0]["initiatives"]] == ["Macros", "Rota"]


def test_initiative_on_an_objective_without_blank_lines_or_comments(goals: GoalTree) -> None:
    text = FILE.replace(
        "          - {id: survey, title: Survey every closed ticket, status: active}\n",
        "          - id: survey\n            title: Survey every closed ticket\n",
    )
    path = goals.write("support.yaml", text)
    done = okrctl("initiative", OBJECTIVE, "--add", "Macros", cwd=goals.root)
    assert done.returncode == 0, done.stderr
    # The file's other `initiatives` list is block style: the new one is too.
    assert path.read_text() == text.replace(
        "    type: committed\n",
        "    type: committed\n    initiatives:\n      - title: Macros\n        status: planned\n",
    )


def test_initiative_status_on_an_objective(goals: GoalTree) -> None:
    text = FILE.replace(
        "    type: committed\n",
        "    type: committed\n    initiatives:\n      - {id: macros, title: Macros}\n",
    )
    path = goals.write("support.yaml", text)
    done = okrctl(
        "initiative", OBJECTIVE, "--status", "done", "--date", "2026-11-27", cwd=goals.root
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "support.yaml: initiative `macros` of support/2026-Q4/faster-replies: "
        "planned -> done on 2026-11-27\n"
    )
    assert path.read_text() == text.replace(
        "{id: macros, title: Macros}", "{id: macros, title: Macros, status: done, done: 2026-11-27}"
    )
    # The key result's own list is not the objective's.
    done = okrctl("initiative", OBJECTIVE + "/1", "--name", "macros", "--status", "active",
                  cwd=goals.root)  # fmt: skip
    assert done.returncode != 0
    assert "support/2026-Q4/faster-replies/first-response has no initiatives" in done.stderr


AMBIGUOUS = """team: support
period: 2026-Q4
owner: lin
objectives:
  - id: "2025"
    title: Last year's debt paid off
    type: committed
    key_results:
      - id: faster-replies
        title: Backlog down to 10 tickets
        start: 80
        target: 10
"""
LAST_YEAR = FILE.replace("period: 2026-Q4", "period: 2025")


def test_three_pieces_read_as_a_key_result_or_an_objective(goals: GoalTree) -> None:
    goals.write("support.yaml", FILE)
    # A period label is no objective id: the objective of that period.
    done = okrctl("initiative", "support/2026-Q4/faster-replies", "--add", "A", cwd=goals.root)
    assert done.stdout.endswith("to support/2026-Q4/faster-replies\n"), done.stderr
    # Else an objective and its key result, the period left out: as before.
    done = okrctl("initiative", "support/faster-replies/csat", "--add", "B", cwd=goals.root)
    assert done.stdout.endswith("to support/2026-Q4/faster-replies/csat\n"), done.stderr
    misses = {
        "support/2027-Q1/faster-replies": "team `support` has no objectives for 2027-Q1 (did "
        "you mean `2026-Q4`?) (it has 2026-Q4)",
        "support/faster-replie/csat": "no objective `faster-replie` in support/2026-Q4 (did you "
        "mean `faster-replies`?)",
        "support/faster-replie": "no objective `faster-replie` in support/2026-Q4 (did you "
        "mean `faster-replies`?) (objectives: faster-replies)",
        "support": "`support` is not a key-result or objective reference: write "
        "TEAM/PERIOD/OBJECTIVE_ID/KR (KR is an id or a position, 1 for the first) or "
        "TEAM/PERIOD/OBJECTIVE_ID",
        "support/a/b/c/d": "is not a key-result or objective reference",
    }
    for ref, message in misses.items():
        result = okrctl("initiative", ref, "--add", "C", cwd=goals.root)
        assert result.returncode != 0 and message in result.stderr, (ref, result.stderr)


def test_a_ref_that_names_an_objective_and_a_key_result_is_refused(goals: GoalTree) -> None:
    goals.write("support.yaml", AMBIGUOUS)
    goals.write("last-year.yaml", LAST_YEAR)
    before = (goals.root / "support.yaml").read_text(), (goals.root / "last-year.yaml").read_text()
    # Objective `faster-replies` of 2025, or key result `faster-replies` of objective `2025`
    # in the current quarter: both exist, so neither is picked.
    result = okrctl("initiative", "support/2025/faster-replies", "--add", "X", cwd=goals.root)
    assert result.returncode != 0
    assert result.stderr == (
        "okrctl: error: `support/2025/faster-replies` names both the objective "
        "support/2025/faster-replies and the key result support/2026-Q4/2025/faster-replies: "
        "write support/2025-01-01..2025-12-31/faster-replies for the objective, "
        "support/2026-Q4/2025/faster-replies for the key result\n"
    )
    assert (
        (goals.root / "support.yaml").read_text(),
        (goals.root / "last-year.yaml").read_text(),
    ) == before
    # Each way the error offers names one of them.
    done = okrctl("initiative", "support/2025-01-01..2025-12-31/faster-replies", "--add", "X",
                  cwd=goals.root)  # fmt: skip
    assert (
        done.stdout
        == "last-year.yaml: added initiative `X` (planned) to support/2025/faster-replies\n"
    )
    done = okrctl("initiative", "support/2026-Q4/2025/faster-replies", "--add", "Y", cwd=goals.root)
    assert done.stdout == (
        "support.yaml: added initiative `Y` (planned) to support/2026-Q4/2025/faster-replies\n"
    )
    # One reading naming nothing leaves the other: the key result of objective `2025`.
    goals.write("last-year.yaml", LAST_YEAR.replace("id: faster-replies", "id: older"))
    done = okrctl("initiative", "support/2025/faster-replies", "--add", "Z", cwd=goals.root)
    assert done.stdout.endswith("to support/2026-Q4/2025/faster-replies\n"), done.stderr

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

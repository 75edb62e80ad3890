"""Check once, carry it: each command loads and lints the tree once and computes each thing once.

`okrctl review` used to lint the tree twice (once to refuse a broken tree, again for its
review-time warnings), check the KPIs twice and score again, for `suggest`, key results that
were already scored. These tests count the calls, in-process, through the real command line
(`okrctl.cli.main`): every rule's check runs once, every key result is scored once and every
KPI checked once. The review-time warnings now come from that one lint, so the tests also pin
that they still follow okrctl.yaml (ignored rules, severities); and errors that carry findings
are shown by the CLI's one error handler exactly as `okrctl lint` lists them.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from okrctl import clock
from okrctl.cli import main
from okrctl.compute import kpi_health, scoring, suggestions
from okrctl.compute.errors import UnknownPeriod, UnknownTeam
from okrctl.compute.kpi_health import check_kpis
from okrctl.compute.review import build_review
from okrctl.compute.scoring import AsOf, score_tree
from okrctl.compute.suggestions import suggest
from okrctl.load.goal_tree import load_tree
from okrctl.rules import all_rules
from tests.conftest import EXAMPLES

TODAY = date(2026, 11, 22)
QUARTERLY = "2026-10-05"  # a week after 2026-Q3 ended: a quarterly review, with suggestions


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    token = clock.TODAY.set(lambda: TODAY)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield
    clock.TODAY.reset(token)


def okrctl(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The whole command line, in-process: exit status, stdout, stderr."""
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    captured = capsys.readouterr()
    code = exited.value.code
    return code if isinstance(code, int) else 0, captured.out, captured.err


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


class Calls:
    """Counts calls of the real functions, by what they were called on; they still run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.rules: Counter[str] = Counter()
        self.key_results: Counter[str] = Counter()
        self.kpis: Counter[str] = Counter()
        for rule in all_rules():
            if rule.check is not None:
                monkeypatch.setattr(rule, "check", self._count(self.rules, rule.NAME, rule.check))
        score = self._count_by_ref(self.key_results, scoring.score_key_result)
        # Both names a key result can be scored through: scoring's own (score_objective) and
        # the one suggestions imported.
        monkeypatch.setattr(scoring, "score_key_result", score)
        monkeypatch.setattr(suggestions, "score_key_result", score)
        monkeypatch.setattr(
            kpi_health, "kpi_status", self._count_by_ref(self.kpis, kpi_health.kpi_status)
        )

    @staticmethod
    def _count(counter: Counter[str], key: str, function: Callable[..., Any]) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            counter[key] += 1
            return function(*args, **kwargs)

        return counted

    @staticmethod
    def _count_by_ref(counter: Counter[str], function: Callable[..., Any]) -> Any:
        def counted(placed: Any, *args: Any, **kwargs: Any) -> Any:
            counter[placed.ref] += 1
            return function(placed, *args, **kwargs)

        return counted


def every_key_result_and_kpi(root: Path) -> tuple[list[str], list[str]]:
    tree = load_tree([root], None)
    return [kr.ref for kr in tree.key_results()], sorted(tree.kpis)


# --- counting -----------------------------------------------------------------------------------


def test_review_lints_once_scores_once_and_checks_kpis_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_results, kpis = every_key_result_and_kpi(EXAMPLES)
    calls = Calls(monkeypatch)
    code, out, err = okrctl(capsys, "review", str(EXAMPLES), "--as-of", QUARTERLY, "-f", "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["cadence"] == "quarterly"
    kinds = {s["kind"] for team in document["teams"] for s in team["suggestions"]}
    assert "okr-to-kpi" in kinds  # graduations: suggest looked at scored key results
    checked = [rule.NAME for rule in all_rules() if rule.check is not None]
    assert calls.rules == Counter(dict.fromkeys(checked, 1))
    assert sorted(calls.key_results.elements()) == sorted(key_results)  # each one, once
    assert sorted(calls.kpis.elements()) == kpis


def test_suggest_scores_once_and_checks_kpis_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_results, kpis = every_key_result_and_kpi(EXAMPLES)
    calls = Calls(monkeypatch)
    code, out, err = okrctl(capsys, "suggest", str(EXAMPLES), "--as-of", QUARTERLY, "-f", "json")
    assert code == 0, err
    assert json.loads(out)["suggestions"]
    assert set(calls.rules.values()) == {1}
    assert sorted(calls.key_results.elements()) == sorted(key_results)
    assert sorted(calls.kpis.elements()) == kpis


def test_suggest_works_from_the_scores_and_kpis_it_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree = load_tree([EXAMPLES], None)
    day = date.fromisoformat(QUARTERLY)
    scores, kpis = score_tree(tree, AsOf(day)), check_kpis(tree, day)
    expected = suggest(tree, day, scores, kpis)
    assert {s.kind for s in expected.suggestions} >= {"okr-to-kpi", "tighten-band"}

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("suggest computed again what it was given")

    monkeypatch.setattr(scoring, "score_key_result", never)
    monkeypatch.setattr(suggestions, "score_key_result", never)
    monkeypatch.setattr(kpi_health, "kpi_status", never)
    assert suggest(tree, day, scores, kpis) == expected


def test_suggest_refuses_scores_of_another_date() -> None:
    tree = load_tree([EXAMPLES], None)
    day = date.fromisoformat(QUARTERLY)
    # An explicit date scores ended periods at that date too, not at their last day.
    scored_late = score_tree(tree, AsOf(day), explicit_date=True)
    with pytest.raises(ValueError, match="suggest needs it at 2026-09-30"):
        suggest(tree, day, scored_late, check_kpis(tree, day))
    with pytest.raises(ValueError, match="the KPIs were checked at 2026-11-22"):
        suggest(tree, day, score_tree(tree, AsOf(day)), check_kpis(tree, TODAY))


# --- the review's warnings come from the one lint, under okrctl.yaml ---------------------------

GOALS = {
    "support/2026-Q4.yaml": """
        team: support
        period: 2026-Q4
        objectives:
          - id: mine
            title: Replies come fast
            type: committed
            owner: lin
            key_results:
              - {title: Count A reaches 10, start: 0, target: 10, current: 5}
              - {title: Count B reaches 10, start: 0, target: 10, current: 5}
          - id: nobody
            title: Nobody owns this
            type: committed
            key_results:
              - {title: Count C reaches 10, start: 0, target: 10, current: 5}
              - {title: Count D reaches 10, start: 0, target: 10, current: 5}
        """,
    # No band and no cadence: kpi-without-band and kpi-without-cadence.
    "support/kpis.yaml": """
        team: support
        kpis:
          - {id: rate, title: A rate, owner: lin}
        """,
}


def review_warnings(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str
) -> list[tuple[str, str]]:
    code, out, err = okrctl(
        capsys, "review", str(root), "--as-of", "2026-11-16", "-f", "json", *args
    )
    assert code == 0, err
    teams = json.loads(out)["teams"]
    return [(w["rule"], w["severity"]) for team in teams for w in team["warnings"]]


def test_review_warnings_without_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write(tmp_path, {**GOALS, "okrctl.yaml": "people: [lin]\n"})
    assert review_warnings(capsys, root) == [
        ("missing-owner", "warning"),
        ("kpi-without-band", "warning"),
        ("kpi-without-cadence", "warning"),
    ]


def test_review_warnings_follow_ignore_and_severity_in_okrctl_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = """
        people: [lin]
        lint:
          ignore: [kpi-without-band]
          rules:
            missing-owner: {severity: info}
            kpi-without-cadence: {severity: error}
        """
    # kpi-without-cadence as an error would stop the review: it is disabled on its line
    # instead, and a disabled finding is not a review warning either.
    kpis = GOALS["support/kpis.yaml"].replace(
        "owner: lin}", "owner: lin}  # okrctl: disable=kpi-without-cadence"
    )
    root = write(tmp_path, {**GOALS, "support/kpis.yaml": kpis, "okrctl.yaml": config})
    assert review_warnings(capsys, root) == []


def test_a_warning_demoted_to_info_is_not_a_review_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "people: [lin]\nlint:\n  rules:\n    missing-owner: {severity: info}\n"
    root = write(tmp_path, {**GOALS, "okrctl.yaml": config})
    assert review_warnings(capsys, root) == [
        ("kpi-without-band", "warning"),
        ("kpi-without-cadence", "warning"),
    ]


def test_an_ignored_rule_is_not_a_review_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "people: [lin]\nlint:\n  ignore: [missing-owner, OK106]\n"
    root = write(tmp_path, {**GOALS, "okrctl.yaml": config})
    assert review_warnings(capsys, root) == [("kpi-without-cadence", "warning")]


def test_skip_invalid_review_warns_about_the_tree_it_reviews(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Three objectives for support in 2026-Q4, over the limit of 2, but the third is in a
    # file with an error, which --skip-invalid leaves out: the tree reviewed has two.
    config = "people: [lin]\nlint:\n  rules:\n    too-many-objectives: {max: 2}\n"
    extra = """
        team: support
        period: 2026-Q4
        owner: lin
        objectives:
          - id: extra
            title: One more thing
            type: committed
            key_results:
              - {title: Count E reaches 10, start: 0, target: 10, curent: 5}
              - {title: Count F reaches 10, start: 0, target: 10, current: 5}
        """
    root = write(tmp_path, {**GOALS, "support/2026-Q4-extra.yaml": extra, "okrctl.yaml": config})
    warnings = review_warnings(capsys, root, "--skip-invalid")
    assert ("too-many-objectives", "warning") not in warnings
    assert ("missing-owner", "warning") in warnings


# --- errors carry their findings; the one handler shows them ----------------------------------

BROKEN = {
    "okrctl.yaml": "people: [lin]\n",
    "support/2026-Q4.yaml": """
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
        """,
}


@pytest.mark.parametrize(
    "command", [["score"], ["tree"], ["kpi", "check"], ["suggest"], ["review"]]
)
def test_a_broken_tree_is_listed_as_lint_lists_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    root = write(tmp_path, BROKEN)
    code, listing, _ = okrctl(capsys, "lint", str(root))
    assert code == 1
    code, out, err = okrctl(capsys, *command, str(root))
    assert (code, out) == (2, "")
    # `taget` is one error: the typo, not also a missing `target` (issue 15).
    assert err == listing + (
        "okrctl: error: the goal tree has 1 error (listed above); fix them, or pass "
        "--skip-invalid to report on the rest\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--team", "suport"],
            "--team: no objectives or KPIs of team `suport` (did you mean `support`?)",
        ),
        (["--period", "2026-Q9"], "--period: `2026-Q9` is not a period: write 2026-Q4, 2026-H1"),
        (
            ["--cadence", "weekly", "--as-of", "end-of-period"],
            "--as-of end-of-period is for a quarterly review; give a date for a weekly one",
        ),
        (
            ["--as-of", "soon"],
            "--as-of: `soon` is not a date; write YYYY-MM-DD, today, yesterday, end-of-period",
        ),
    ],
)
def test_domain_errors_are_shown_with_the_option_they_came_from(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = okrctl(capsys, "review", str(EXAMPLES), *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"okrctl: error: {message}")
    assert err.count("\n") == 1


def test_computations_name_no_option() -> None:
    tree = load_tree([EXAMPLES], None)
    with pytest.raises(UnknownTeam) as team:
        build_review(tree, AsOf(TODAY), (), team="suport")
    assert (team.value.team, str(team.value)) == (
        "suport",
        "no objectives or KPIs of team `suport` (did you mean `support`?)",
    )
    with pytest.raises(UnknownPeriod) as period:
        build_review(tree, AsOf(TODAY), (), period="2026-Q9")
    assert period.value.label == "2026-Q9"
    assert not str(period.value).startswith("--")


# --- colour: one rule for every listing on stderr (a deliberate change) ------------------------


def test_a_listing_is_coloured_like_every_other_with_review_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before, `review --output` printed the listing plain because its report (going to the
    # file) is plain; the listing goes to the terminal, as every other command's does.
    monkeypatch.setenv("FORCE_COLOR", "1")
    root = write(tmp_path / "goals", BROKEN)
    _, _, scored = okrctl(capsys, "score", str(root))
    code, _, reviewed = okrctl(capsys, "review", str(root), "-o", str(tmp_path / "review.md"))
    assert code == 2
    assert "\x1b[1;31merror\x1b[0m" in scored
    assert reviewed == scored
    assert not (tmp_path / "review.md").exists()


def test_a_refused_new_file_is_listed_like_a_refused_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before, a refused new file's findings were always plain, a refused edit's coloured.
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.chdir(write(tmp_path, {**GOALS, "okrctl.yaml": "people: [lin]\n"}))
    new = ["new", "objective", "support", "--title", "Answers come by themselves"]
    new += ["--type", "committed", "--owner", "lin", "--aligns-to", "company/nothing"]
    new += ["--kr", "Tickets solved by the help centre: 20 -> 35 %", "--kr", "Articles written"]
    _, _, edited = okrctl(capsys, *new, "--period", "2026-Q4")
    code, _, created = okrctl(capsys, *new, "--period", "2027-Q1")
    assert code == 2
    assert not (tmp_path / "support/2027-Q1.yaml").exists()

    def listing(path: str, period: str) -> str:
        return (
            f"\x1b[1m{path}\x1b[0m: \x1b[1;31merror\x1b[0m: `company/nothing` names no objective "
            f"of team `company` in {period} or a period containing it "
            "\x1b[2m[OK007 unresolved-reference]\x1b[0m\n\n"
            "\x1b[1mFound 1 error in 1 of 1 file.\x1b[0m\n"
            "okrctl: error: the change would add 1 lint error (listed above); nothing was written\n"
        )

    assert edited == listing("support/2026-Q4.yaml:21:16", "2026-Q4")
    assert created == listing("support/2027-Q1.yaml:9:16", "2027-Q1")


def test_suggest_tells_apart_objectives_that_share_a_ref(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # With duplicate-id ignored, two objectives are `support/2026-Q3/same`: the scores cannot
    # be told apart by ref, so each key result is judged on its own numbers.
    def objective(title: str, first: int, second: int) -> str:
        return f"""
            team: support
            period: 2026-Q3
            owner: lin
            objectives:
              - id: same
                title: {title}
                type: committed
                key_results:
                  - {{title: {title} A reaches 10, start: 0, target: 10, current: {first}}}
                  - {{title: {title} B reaches 10, start: 0, target: 10, current: {second}}}
            """

    config = "people: [lin]\nlint:\n  ignore: [duplicate-id]\n"
    root = write(
        tmp_path,
        {
            "okrctl.yaml": config,
            "support/2026-Q3.yaml": objective("Replies", 10, 2),
            "support/2026-Q3-more.yaml": objective("Articles", 3, 10),
        },
    )
    code, out, err = okrctl(capsys, "suggest", str(root), "--as-of", QUARTERLY, "-f", "json")
    assert code == 0, err
    drafted = [
        kpi["title"]
        for s in json.loads(out)["suggestions"]
        if s["kind"] == "okr-to-kpi"
        for kpi in s["draft"]["kpis"]
    ]
    assert sorted(drafted) == ["Articles B reaches 10", "Replies A reaches 10"]

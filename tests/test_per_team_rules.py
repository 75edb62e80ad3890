"""The rules marked PER_TEAM find in a team's files what they find in the part of the tree those
files reach through their references, so after an edit the lint engine re-checks only the teams
the edit can change and keeps what it showed in the others (linting.lint_by_team).

A team reaches the teams its references name (`aligns_to: company/growth`, `kpi:
platform/uptime`, `from_kr`, `from_kpi`), and the teams those name in turn. An edit of a file
of team T changes what is found in T and in every team that reaches T; the rules re-check
those teams with every team they reach beside them, and the findings of the rest are those
kept from the run before.
"""

from __future__ import annotations

import json
import marshal
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrctl.findings import Problem
from okrctl.linting import _links, _reached, build_selection
from okrctl.load.cache import _RESULT_MAGIC, _sealed, _unwrap
from okrctl.load.goal_tree import load_tree
from okrctl.model.files import LoadedFile
from okrctl.model.tree import GoalTree
from okrctl.rules import all_rules
from okrctl.rules.base import Rule, RuleContext
from tests.conftest import EXAMPLES, REPO, okrctl
from tests.test_parallel_rules import MESSY

DAY = date(2026, 11, 29)
PER_TEAM = [rule for rule in all_rules() if getattr(rule, "PER_TEAM", False)]
ON = {"OKRCTL_NO_CACHE": None}

# Teams that reach across: alpha aligns to beta and links a KPI of a team that does not exist
# (a hint names the closest KPI of the whole tree); beta and gamma reach nobody; delta and
# epsilon align to each other (a cycle across two teams); gamma repeats an objective of its
# last quarter.
CROSSED = {
    "alpha/2026-Q4.yaml": """\
team: alpha
period: 2026-Q4
objectives:
  - id: a1
    title: Partners bring a third of new business
    type: committed
    owner: lin
    aligns_to: beta/b1
    key_results:
      - title: Partner-sourced pipeline share from 10% to 30%
        start: 10
        target: 25
        unit: "%"
      - title: Satisfaction of partner customers reaches 4.5
        kpi: suport/csat
        target: 4.5
""",
    "beta/2026-Q4.yaml": """\
team: beta
period: 2026-Q4
objectives:
  - id: b1
    title: Every partner closes a deal this quarter
    type: committed
    owner: sam
    key_results:
      - {title: Partners with a closed deal from 0 to 12, start: 0, target: 12}
kpis:
  - id: csat
    title: Partner CSAT
    owner: sam
    unit: points
    band: {min: 4}
    measurements: [{date: 2026-09-30, value: 4.1}]
""",
    "zeta/2026-Q3.yaml": """\
team: zeta
period: 2026-Q3
objectives:
  - id: z1
    title: Invoices go out on the first day
    type: committed
    owner: kim
    key_results:
      - {title: Invoices sent on day one from 60% to 95%, start: 60, target: 95}
    retro:
      worked: The new billing run
      didnt: Manual corrections
      next: Automate corrections
  - id: z2
    title: Refunds take an hour
    type: committed
    owner: kim
    key_results:
      - {title: Median refund time from 48 to 1 hours, start: 48, target: 1}
""",
    "zeta/2026-Q4.yaml": """\
team: zeta
period: 2026-Q4
objectives:
  - id: z3
    title: Partner customers are delighted
    type: committed
    owner: kim
    key_results:
      - title: Partner CSAT reaches 4.5
        kpi: beta/csat
        target: 4.5
        commit: 4.8
        stretch: 4.9
      - title: Median first-response time down to 25 minutes
        start: 52
        target: 25
        plan:
          - {date: 2026-11-30, value: 30}
          - {date: 2026-10-31, value: 40}
        checkins:
          - {date: 2026-10-01, value: 50}
          - {date: 2026-11-20, value: 51, score: 0.9}
        initiatives:
          - {title: Triage rota, owner: kim, status: done, start: 2026-10-01, done: 2026-10-31}
      - {title: Tickets solved on first contact from 40 to 60, start: 40, target: 60}
""",
    "gamma/2026-Q3.yaml": """\
team: gamma
period: 2026-Q3
objectives:
  - id: g1
    title: Onboarding takes a day, not a week
    type: committed
    owner: kim
    key_results:
      - {title: Median onboarding time from 7 to 1 days, start: 7, target: 1}
""",
    "gamma/2026-Q4.yaml": """\
team: gamma
period: 2026-Q4
objectives:
  - id: g1
    title: Onboarding takes a day, not a week
    type: committed
    owner: kim
    key_results:
      - {title: Median onboarding time from 7 to 1 days, start: 7, target: 2}
      - {title: Maintain the docs, start: 0, target: 1}
""",
    "delta/2026-Q4.yaml": """\
team: delta
period: 2026-Q4
objectives:
  - id: d1
    title: Releases ship weekly
    type: committed
    owner: ana
    aligns_to: epsilon/e1
    key_results:
      - {title: Releases per month from 1 to 4, start: 1, target: 4}
""",
    "epsilon/2026-Q4.yaml": """\
team: epsilon
period: 2026-Q4
objectives:
  - id: e1
    title: Releases are boring
    type: committed
    owner: ana
    aligns_to: delta/d1
    key_results:
      - {title: Failed releases from 5 to 0, start: 5, target: 0}
""",
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "okrctl.yaml").write_text("people: [lin, sam, kim, ana]\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> list[GoalTree]:
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate  # type: ignore[import-not-found]  # bench/, on sys.path

    root = tmp_path_factory.mktemp("per-team")
    shutil.copytree(EXAMPLES, root / "examples", ignore=shutil.ignore_patterns(".okrctl_cache"))
    (root / "examples" / "messy.yaml").write_text(MESSY, encoding="utf-8")
    generate(root / "generated", 30, seed=5)
    shutil.copytree(REPO / "tests" / "data" / "hostile", root / "hostile")
    write_tree(root / "crossed", CROSSED)
    return [load_tree([root / name]) for name in ("examples", "generated", "hostile", "crossed")]


def _part_for(tree: GoalTree, team: str) -> GoalTree:
    """The files of every team `team` reaches (itself included), in the tree's order, with
    the whole tree's KPI names: what lint_by_team checks the team's files in."""
    links = {file.path: _links(file) for file in tree.files}
    edges: dict[str, set[str]] = {}
    for teams, reach, _ in links.values():
        for one in teams:
            edges.setdefault(one, set()).update(reach)
    context = _reached({team}, edges)
    files = [file for file in tree.files if not context.isdisjoint(links[file.path][0])]
    return GoalTree(files, tree.loaded_config, known_kpis=tuple(tree.kpis))


def _in(problems: Iterable[Problem], files: Iterable[LoadedFile]) -> list[Problem]:
    paths = {file.path for file in files}
    return sorted(
        (problem for problem in problems if problem.location.path in paths),
        key=lambda problem: (problem.location, problem.message),
    )


def mismatches(
    check: Callable[[RuleContext], Iterable[Problem]], tree: GoalTree, options: dict[str, int]
) -> list[str]:
    """The teams (and the files of no team) where `check` finds in the whole tree something
    other than what it finds in the part lint_by_team would give it."""
    whole = list(check(RuleContext(tree.for_rules(), DAY, options)))
    wrong = []
    teams = sorted({team for file in tree.files for team in _links(file)[0]})
    for team in teams:
        own = [file for file in tree.files if team in _links(file)[0]]
        part = _part_for(tree, team).for_rules()
        if _in(check(RuleContext(part, DAY, options)), own) != _in(whole, own):
            wrong.append(team)
    for file in tree.files:
        if not _links(file)[0]:  # a file of no team is checked alone when it changes
            alone = GoalTree([file], tree.loaded_config, known_kpis=tuple(tree.kpis))
            if _in(check(RuleContext(alone.for_rules(), DAY, options)), [file]) != _in(
                whole, [file]
            ):
                wrong.append(file.path)
    return wrong


@pytest.mark.parametrize("rule", PER_TEAM, ids=lambda rule: rule.NAME)
def test_a_per_team_rule_finds_in_a_team_what_it_finds_in_the_part_the_team_reaches(
    rule: Rule, trees: list[GoalTree]
) -> None:
    assert rule.check is not None
    found_any = False
    for tree in trees:
        options = build_selection(tree)[0].options_of(rule)
        assert mismatches(rule.check, tree, options) == [], rule.NAME
        found_any = found_any or any(rule.check(RuleContext(tree.for_rules(), DAY, options)))
    assert found_any, f"{rule.NAME} finds nothing here: test it on more"


def test_a_rule_that_looks_at_every_team_fails_the_comparison(trees: list[GoalTree]) -> None:
    """The comparison above catches a rule that is not PER_TEAM: one that counts the whole
    tree's objectives in each file's message."""

    def counts_everything(ctx: RuleContext) -> Iterable[Problem]:
        total = len(ctx.tree.objectives)
        for placed in ctx.tree.objectives:
            yield Problem("placeholder", placed.objective.where(), f"{total} objectives")

    assert mismatches(counts_everything, trees[3], {}) != []


def test_every_rule_is_kept_by_file_or_by_team() -> None:
    """So a lint with the default selection re-checks only what an edit can change; a new
    rule says which it is (or neither, and every lint runs it on the whole tree)."""
    for rule in all_rules():
        if rule.check is not None:
            marks = (getattr(rule, "PER_FILE", False), getattr(rule, "PER_TEAM", False))
            assert marks in ((True, False), (False, True)), rule.NAME


# -- end to end, with the cache ---------------------------------------------------------------


def lint(tree: Path, cache: bool = True) -> tuple[int, str]:
    words = () if cache else ("--no-cache",)
    result = okrctl(*words, "lint", "--format", "json", ".", cwd=tree, env=ON)
    return result.returncode, result.stdout


def _kept_entry(tree: Path) -> tuple[Path, str]:
    (entry,) = (tree / ".okrctl_cache").glob("result-teams-*.okc")
    return entry, entry.name.removeprefix("result-").removesuffix(".okc")


def forge(tree: Path, shown: str, finding: tuple[object, ...]) -> None:
    """Add `finding` (as result_to_plain writes one) to what was kept for the file `shown`;
    drop the whole tree's results, so the next run starts from what was kept by team."""
    entry, key = _kept_entry(tree)
    value = _unwrap(entry.read_bytes(), _RESULT_MAGIC, key)
    forged = tuple((*row[:5], (*row[5], finding)) if row[0] == shown else row for row in value)
    assert forged != value, shown
    entry.write_bytes(_sealed(_RESULT_MAGIC, marshal.dumps((key, forged))))
    for result in (tree / ".okrctl_cache").glob("result-*.okc"):
        if not result.name.startswith(("result-teams-", "result-files-")):
            result.unlink()


def forged(shown: str, rule: str = "placeholder", code: str = "OK104") -> tuple[object, ...]:
    return ((shown, 1, 1), code, rule, "warning", "FORGED", ())


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def crossed(tmp_path: Path) -> Path:
    tree = write_tree(tmp_path / "crossed", CROSSED)
    assert lint(tree) == lint(tree, cache=False)  # fills the cache
    return tree


def test_an_edit_keeps_what_was_found_in_the_teams_it_cannot_change(crossed: Path) -> None:
    """What was kept for gamma is shown as kept (here, forged) after an edit in beta, which
    gamma does not reach; an edit in gamma re-checks it."""
    code = next(rule.CODE for rule in all_rules() if rule.NAME == "placeholder")
    forge(crossed, "gamma/2026-Q4.yaml", forged("gamma/2026-Q4.yaml", code=code))
    append(crossed / "beta/2026-Q4.yaml", "# edited\n")
    assert "FORGED" in lint(crossed)[1]
    append(crossed / "gamma/2026-Q3.yaml", "# edited\n")
    assert lint(crossed) == lint(crossed, cache=False)


def test_an_edit_rechecks_the_teams_that_reach_it(crossed: Path) -> None:
    """alpha aligns to beta: an edit in beta re-checks alpha (what was kept for it is not
    shown), and renaming the objective alpha aligns to is found in alpha's file."""
    code = next(rule.CODE for rule in all_rules() if rule.NAME == "placeholder")
    forge(crossed, "alpha/2026-Q4.yaml", forged("alpha/2026-Q4.yaml", code=code))
    append(crossed / "beta/2026-Q4.yaml", "# edited\n")
    assert lint(crossed) == lint(crossed, cache=False)
    beta = crossed / "beta/2026-Q4.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("id: b1", "id: b2"))
    status, out = lint(crossed)
    assert (status, out) == lint(crossed, cache=False)
    assert '"path": "alpha/2026-Q4.yaml"' in out and "names no objective of team `beta`" in out


def test_an_edit_in_a_cycle_rechecks_both_teams(crossed: Path) -> None:
    epsilon = crossed / "epsilon/2026-Q4.yaml"
    epsilon.write_text(epsilon.read_text(encoding="utf-8").replace("    aligns_to: delta/d1\n", ""))
    before = lint(crossed, cache=False)
    assert "alignment cycle" not in before[1]
    assert lint(crossed) == before


def test_a_kpi_added_in_a_team_nobody_reaches_changes_the_hints(crossed: Path) -> None:
    """alpha links `suport/csat`, a team that does not exist: its hint names the closest KPI
    of the whole tree, so a KPI added anywhere re-checks every team."""
    assert "did you mean `support/csat`" not in lint(crossed)[1]
    (crossed / "support").mkdir()
    (crossed / "support/kpis.yaml").write_text(
        "team: support\nkpis:\n  - id: csat\n    title: CSAT\n    owner: lin\n"
        "    unit: points\n    measurements: [{date: 2026-10-01, value: 4.2}]\n",
        encoding="utf-8",
    )
    status, out = lint(crossed)
    assert (status, out) == lint(crossed, cache=False)
    assert "did you mean `support/csat`" in out
    # Re-checked alone with beta, which it reaches, alpha's hint still names support's KPI.
    append(crossed / "alpha/2026-Q4.yaml", "# edited\n")
    assert lint(crossed) == (status, out)


def test_a_file_moved_to_another_team_rechecks_both(crossed: Path) -> None:
    gamma = crossed / "gamma/2026-Q4.yaml"
    gamma.write_text(gamma.read_text(encoding="utf-8").replace("team: gamma", "team: beta"))
    assert lint(crossed) == lint(crossed, cache=False)
    gamma.unlink()
    assert lint(crossed) == lint(crossed, cache=False)


@pytest.mark.parametrize(
    "finding",
    [
        pytest.param(forged("beta/2026-Q4.yaml"), id="a finding kept for a file in another"),
        pytest.param(forged("gamma/2026-Q4.yaml", rule="no-such-rule"), id="no such rule"),
        pytest.param(forged("gamma/2026-Q4.yaml", code="OK999"), id="another rule's code"),
    ],
)
def test_a_kept_entry_that_cannot_be_is_ignored(crossed: Path, finding: tuple[object, ...]) -> None:
    forge(crossed, "gamma/2026-Q4.yaml", finding)
    append(crossed / "beta/2026-Q4.yaml", "# edited\n")
    assert lint(crossed) == lint(crossed, cache=False)


def test_a_team_read_for_context_that_shows_otherwise_means_a_whole_lint(crossed: Path) -> None:
    """beta is read to re-check alpha, which reaches it; what the rules find in beta then is
    what was kept for it, or the premise failed: the whole tree is linted instead."""
    code = next(rule.CODE for rule in all_rules() if rule.NAME == "placeholder")
    forge(crossed, "beta/2026-Q4.yaml", forged("beta/2026-Q4.yaml", code=code))
    append(crossed / "alpha/2026-Q4.yaml", "# edited\n")
    assert lint(crossed) == lint(crossed, cache=False)


def test_verbose_counts_the_files_not_parsed_as_from_the_cache(crossed: Path) -> None:
    append(crossed / "beta/2026-Q4.yaml", "# edited\n")
    verbose = okrctl("-v", "lint", ".", cwd=crossed, env=ON)
    files = len(CROSSED)
    assert f"read {files} goal files" in verbose.stderr
    assert f"{files - 1} from the cache" in verbose.stderr  # the one edited was parsed


# -- a lint of named files (the pre-commit hook's) ----------------------------------------------


def lint_named(tree: Path, *names: str, cache: bool = True) -> tuple[int, str]:
    words = () if cache else ("--no-cache",)
    result = okrctl(*words, "lint", "--format", "json", *names, cwd=tree, env=ON)
    return result.returncode, result.stdout


def test_a_named_file_is_linted_against_the_teams_it_reaches(crossed: Path) -> None:
    """The hook names the staged files: after an edit of one, it is linted against its own
    team's files and the teams it reaches (what each file is of and names was kept), and
    says what a run without the cache says."""
    for name in ("gamma/2026-Q4.yaml", "alpha/2026-Q4.yaml", "zeta/2026-Q4.yaml"):
        append(crossed / name, "# staged\n")
        expected = lint_named(crossed, name, cache=False)
        assert expected[1].count('"rule"') > 0, name
        assert lint_named(crossed, name) == expected, name
    # Two named at once, one of them renamed away from what the other aligns to.
    beta = crossed / "beta/2026-Q4.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("id: b1", "id: b9"))
    names = ("alpha/2026-Q4.yaml", "beta/2026-Q4.yaml")
    assert lint_named(crossed, *names) == lint_named(crossed, *names, cache=False)


def test_a_named_file_first_reads_the_whole_tree_then_only_what_it_reaches(
    tmp_path: Path,
) -> None:
    tree = write_tree(tmp_path / "crossed", CROSSED)
    name = "gamma/2026-Q4.yaml"
    assert lint_named(tree, name) == lint_named(tree, name, cache=False)  # no whole lint yet
    append(tree / name, "# staged\n")
    assert lint_named(tree, name) == lint_named(tree, name, cache=False)
    # What was kept of each file is what says which teams to read: told that gamma's other
    # file is of another team, the lint does not read it, and misses the repeated objective.
    entry, key = _kept_entry(tree)
    value = _unwrap(entry.read_bytes(), _RESULT_MAGIC, key)
    assert all(row[5] is None for row in value)  # no whole lint: findings not known
    moved = tuple(
        (row[0], row[1], ("elsewhere",), *row[3:]) if row[0] == "gamma/2026-Q3.yaml" else row
        for row in value
    )
    entry.write_bytes(_sealed(_RESULT_MAGIC, marshal.dumps((key, moved))))
    append(tree / name, "# staged again\n")
    assert "recurring-objective" in lint_named(tree, name, cache=False)[1]
    assert "recurring-objective" not in lint_named(tree, name)[1]
    # A whole lint after it treats the files whose findings are not known as changed.
    assert lint(tree) == lint(tree, cache=False)


# -- found by attacking the reuse: each is a sequence after which a warm lint showed otherwise --

SHIP = """\
team: ship
period: 2026-Q4
objectives:
  - id: faster
    title: Releases reach customers the day they are ready
    type: committed
    owner: kim
    key_results:
      - {title: Deploys per week from 1 to 5, start: 1, target: 5}
"""


def test_the_same_files_read_in_another_order_are_checked_anew(tmp_path: Path) -> None:
    """`okrctl lint x y` then `okrctl lint y x`: the same files, in another order. Which of
    two is the first use of an id (and which objective is one too many, which KPI of two the
    tree keeps) follows the order the files are read in, so nothing kept in the first order
    is shown in the second."""
    tree = write_tree(tmp_path / "ordered", {"x/ship.yaml": SHIP, "y/ship.yaml": SHIP})

    def lint_in(*roots: str, cache: bool = True) -> tuple[int, str]:
        words = () if cache else ("--no-cache",)
        result = okrctl(*words, "lint", "--format", "json", *roots, cwd=tree, env=ON)
        return result.returncode, result.stdout

    assert lint_in("x", "y") == lint_in("x", "y", cache=False)
    status, out = lint_in("y", "x")
    assert (status, out) == lint_in("y", "x", cache=False)
    assert "already used by team `ship` in 2026-Q4 (at y/ship.yaml:4)" in out


NUMBERED_TEAM = """\
team: 5
owner: 7
kpis:
  - id: csat
    title: CSAT
    owner: kim
    unit: points
    band: {min: 4}
    measurements: [{date: 2026-09-30, value: 4.6}]
"""


def test_a_copy_of_a_salvaged_file_of_a_numbered_team_defines_its_kpi_again(
    tmp_path: Path,
) -> None:
    """`team: 5` is the team `5`, but a file whose header fails (`owner: 7`) declares its KPIs
    under no team: the copy added beside it defines `5/csat` again, which the tree keeps
    from the first file, so what the per-file rules found in the copy alone is not what they
    find in it in the tree (a `kpi-without-cadence` of the copy's KPI, shown warm only)."""
    tree = write_tree(tmp_path / "numbered", {"a/kpis.yaml": NUMBERED_TEAM})
    assert lint(tree) == lint(tree, cache=False)
    (tree / "b").mkdir()
    (tree / "b/kpis.yaml").write_text(NUMBERED_TEAM, encoding="utf-8")
    status, out = lint(tree)
    assert (status, out) == lint(tree, cache=False)
    cadence = [f["path"] for f in json.loads(out)["findings"] if f["rule"] == "kpi-without-cadence"]
    assert cadence == ["a/kpis.yaml"]


# -- a search: random goal files of a few teams that reach each other, random edits ------------

TEAMS = ("a", "b", "c", "5")
REFERENCES = st.builds(
    "/".join,
    st.tuples(st.sampled_from(TEAMS), st.sampled_from(("o1", "2026/o1", "o2", "o1/x"))),
)
OBJECTIVES = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.sampled_from(("o1", "o2")),
            "title": st.sampled_from(("Ship it faster", "Maintain uptime")),
            "aligns_to": st.none() | REFERENCES,
            "kpi": st.none()
            | st.builds("{}/k{}".format, st.sampled_from(TEAMS), st.integers(1, 2)),
            "retro": st.booleans(),
        }
    ),
    max_size=2,
)
GOAL_FILES = st.fixed_dictionaries(
    {
        "team": st.sampled_from(TEAMS),
        "salvaged": st.booleans(),  # a header that fails (`owner: 7`): the rules see the rest
        "period": st.sampled_from(("2026-Q3", "2026-Q4", "2026")),
        "objectives": OBJECTIVES,
        "kpis": st.lists(st.sampled_from(("k1", "k2")), max_size=2),
    }
)
EDITS = st.lists(
    st.tuples(
        st.sampled_from(("write", "delete", "copy", "reverse")), st.integers(0, 9), GOAL_FILES
    ),
    min_size=1,
    max_size=4,
)


def goal_text(spec: dict[str, Any]) -> str:
    lines = [f"team: {spec['team']}", f"period: {spec['period']}"]
    lines += ["owner: 7"] if spec["salvaged"] else []
    lines += ["objectives:"] if spec["objectives"] else []
    for objective in spec["objectives"]:
        lines += [
            f"  - id: {objective['id']}",
            f"    title: {objective['title']}",
            "    type: committed",
            "    owner: kim",
            *([f"    aligns_to: {objective['aligns_to']}"] if objective["aligns_to"] else []),
            *(["    retro: {worked: a, didnt: b, next: c}"] if objective["retro"] else []),
            "    key_results:",
            "      - {id: x, title: Latency from 50 to 20, start: 50, target: 20, commit: 10}",
        ]
        if objective["kpi"]:
            lines.append(
                f"      - {{title: CSAT reaches 4.5, kpi: {objective['kpi']}, target: 4.5}}"
            )
    lines += ["kpis:"] if spec["kpis"] else []
    for ident in spec["kpis"]:
        lines += [
            f"  - {{id: {ident}, title: CSAT, owner: kim, unit: points,",
            "     measurements: [{date: 2026-09-30, value: 4.6}]}",
        ]
    return "\n".join(lines) + "\n"


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(files=st.lists(GOAL_FILES, min_size=1, max_size=6), edits=EDITS)
def test_warm_lints_of_teams_that_reach_each_other_equal_lints_without_cache(
    files: list[dict[str, Any]], edits: list[tuple[str, int, dict[str, Any]]]
) -> None:
    """Whatever the teams, their references and the edits, a warm lint shows what a lint
    without the cache shows (the files sit in two folders, linted as `x y` or `y x`)."""
    with tempfile.TemporaryDirectory() as folder:
        tree = write_tree(
            Path(folder),
            {f"{'xy'[n % 2]}/f{n}.yaml": goal_text(spec) for n, spec in enumerate(files)},
        )
        roots = ["x", "y"]
        for root in roots:
            (tree / root).mkdir(exist_ok=True)
        for step, (edit, pick, spec) in enumerate([("write", 0, files[0]), *edits]):
            names = sorted(path.relative_to(tree).as_posix() for path in tree.glob("*/*.yaml"))
            name = names[pick % len(names)] if names else f"x/new{step}.yaml"
            if edit == "write":
                (tree / name).write_text(goal_text(spec), encoding="utf-8")
            elif edit == "delete" and names:
                (tree / name).unlink()
            elif edit == "copy" and names:
                shutil.copy(tree / name, tree / f"{'yx'[step % 2]}/copy{step}.yaml")
            else:
                roots.reverse()
            args = ("lint", "--format", "json", *roots)
            warm = okrctl(*args, cwd=tree, env=ON)
            cold = okrctl("--no-cache", *args, cwd=tree, env=ON)
            assert (warm.returncode, warm.stdout) == (cold.returncode, cold.stdout)

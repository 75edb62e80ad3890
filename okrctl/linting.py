"""The lint engine: run the rules over a goal tree and decide which problems become findings.

Which problems are shown, and how severe they are, is decided here and only here: rules and
the loader report problems; this module applies `select`/`ignore`, severity overrides,
`# okrctl: disable=RULE` comments, when files are named on the command line, which files
are reported on, and how many findings of one rule one file may show (`max_findings_per_rule`:
the rest are summarised in one finding, so a file of a million bad list items is a short
report, not a million lines).
"""

from __future__ import annotations

import contextlib
import posixpath
import sys
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from operator import attrgetter
from typing import Any

from okrctl.errors import UsageError
from okrctl.findings import Finding, Location, Problem, Related, Severity
from okrctl.load.goal_tree import OBSERVER, ReadFile, ScannedTree, jobs_for, jobs_used
from okrctl.model.config import MAX_FINDINGS_PER_RULE
from okrctl.model.files import LoadedFile
from okrctl.model.tree import GoalTree
from okrctl.rules import all_rules, find_rule, rules_by_key
from okrctl.rules.base import Rule, RuleContext
from okrctl.source import Suppressions, YamlPath
from okrctl.spelling import did_you_mean


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rules run, at which severity, with which options."""

    enabled: frozenset[str]
    severity: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Findings of one rule shown per file; the rest become one summary finding (0: no cap).
    max_findings_per_rule: int = MAX_FINDINGS_PER_RULE

    def severity_of(self, rule: Rule) -> Severity:
        return self.severity.get(rule.NAME, rule.SEVERITY)

    def options_of(self, rule: Rule) -> dict[str, Any]:
        return {**rule.OPTIONS, **self.options.get(rule.NAME, {})}


@dataclass(frozen=True, slots=True)
class LintResult:
    """Everything `okrctl lint` found, in report order."""

    findings: tuple[Finding, ...]
    files: int
    # The files reported on, in tree order (the config file last): formats that list clean
    # files too (JUnit) need them; empty when only the count is known.
    paths: tuple[str, ...] = ()
    # The current directory's path from the repository's root ('' at the root, or outside a
    # repository): CI formats name files from the root, as the CI system does.
    base: str = ""
    # The folder files are named from (the repository's root, else the current directory),
    # absolute, with forward slashes: SARIF's `%SRCROOT%`; '' when no format asked for it.
    root: str = ""
    # The files the pull request being checked changes, from the repository's root (GitHub
    # annotations show their findings first); None when unknown or not asked for.
    changed: frozenset[str] | None = None
    # Findings at or above this severity fail the run (`--strict`: warnings): JUnit lists
    # only those as failed tests.
    failing: Severity = Severity.ERROR
    # When the run was, how long it took, on which machine: JUnit's `timestamp` (UTC),
    # `time` and `hostname`; unset when no format asked for them.
    started: datetime | None = None
    seconds: float = 0.0
    hostname: str = ""
    # Where each rule's documentation is (a rule's section is `#<name>` on it): SARIF's
    # `helpUri`; '' for okrctl's own (OKRCTL_RULES_URL sets another).
    rules_url: str = ""
    # Where each finding's token ends, (line, column after it), for formats that mark a
    # region (SARIF); filled only when such a format is asked for.
    ends: Mapping[Location, tuple[int, int]] = field(default_factory=dict)
    # The YAML path of the node each finding is about (the outermost one starting at its
    # position, else the last one before it), for fingerprints that survive moved lines
    # (SARIF, GitLab); filled only when such a format is asked for.
    anchors: Mapping[Location, YamlPath] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def fails(self, level: Severity) -> bool:
        """Whether any finding is at or above `level`."""
        return any(f.severity.rank >= level.rank for f in self.findings)

    def from_root(self, path: str) -> str:
        """A finding's path from the repository's root, with forward slashes."""
        return posixpath.normpath(posixpath.join(self.base, path)) if self.base else path


def _names(keys: Iterable[str], where: str) -> set[str]:
    names: set[str] = set()
    for key in keys:
        for part in key.split(","):
            if not part.strip():
                continue
            rule = find_rule(part)
            if rule is None:
                hint = did_you_mean(part.strip(), rules_by_key())
                raise UsageError(f"{where}: no rule named `{part.strip()}`{hint}")
            names.add(rule.NAME)
    return names


def build_selection(
    tree: GoalTree, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> tuple[Selection, list[Problem]]:
    """Combine okrctl.yaml's lint settings with the command line; config mistakes are problems.

    A rule name the command line does not know is a usage error (exit 2); one the config does
    not know is an `invalid-value` finding at its line, like any other mistake in a file.
    """
    settings = tree.config.lint
    problems: list[Problem] = []

    def unknown_rule(key: str, *at: str | int, field: bool = False) -> None:
        problems.append(
            Problem(
                "invalid-value",
                settings.where_path(*at, key=field),
                f"no rule named `{key}`{did_you_mean(key, rules_by_key())}",
            )
        )

    def config_names(keys: list[str], name: str) -> set[str]:
        names: set[str] = set()
        for index, key in enumerate(keys):
            rule = find_rule(key)
            if rule is None:
                unknown_rule(key, name, index)
            else:
                names.add(rule.NAME)
        return names

    if select:
        enabled = _names(select, "--select")
    elif settings.select is not None:
        enabled = config_names(settings.select, "select")
    else:
        enabled = {rule.NAME for rule in all_rules()}
    enabled -= config_names(settings.ignore, "ignore")
    enabled -= _names(ignore, "--ignore")

    severity: dict[str, Severity] = {}
    options: dict[str, dict[str, Any]] = {}
    for key, values in settings.rules.items():
        rule = find_rule(key)
        if rule is None:
            unknown_rule(key, "rules", key, field=True)
            continue
        for option, value in (values or {}).items():
            here = settings.where_path("rules", key, option)
            if option == "severity":
                if value in ("error", "warning", "info"):
                    severity[rule.NAME] = Severity(value)
                else:
                    message = f"`severity` is one of error, warning, info, got `{value}`"
                    problems.append(Problem("invalid-value", here, message))
            elif option not in rule.OPTIONS:
                known = ["severity", *rule.OPTIONS]
                problems.append(
                    Problem(
                        "unknown-field",
                        settings.where_path("rules", key, option, key=True),
                        f"rule `{rule.NAME}` has no option `{option}`"
                        f"{did_you_mean(option, known)} (it has: {', '.join(known)})",
                    )
                )
            elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
                message = f"`{option}` of `{rule.NAME}` is a whole number, got `{value}`"
                problems.append(Problem("invalid-value", here, message))
            else:
                options.setdefault(rule.NAME, {})[option] = value
    return (
        Selection(frozenset(enabled), severity, options, settings.max_findings_per_rule),
        problems,
    )


def lint(
    tree: GoalTree,
    selection: Selection,
    today: date,
    extra_problems: Iterable[Problem] = (),
    only: Collection[str] | None = None,
) -> LintResult:
    return lint_reusing(tree, selection, today, extra_problems, only)[0]


def lint_reusing(
    tree: GoalTree,
    selection: Selection,
    today: date,
    extra_problems: Iterable[Problem] = (),
    only: Collection[str] | None = None,
    reuse: Mapping[str, Sequence[Problem]] | None = None,
) -> tuple[LintResult, dict[str, list[Problem]] | None]:
    """Run the selected rules; return the findings left after selection and suppression.

    With `only` (display paths), the tree is context: the rules see all of it, but only
    findings located in those files are reported, and only they are counted. This is how
    `okrctl lint FILE...` (the pre-commit hook) checks staged files against the whole tree.

    `reuse` (lint_reusing): what the rules that read one file at a time (`PER_FILE`) found
    before in files of the same name and bytes, by path; those rules then run on the other
    files only. Besides the result, lint_reusing gives what those rules found in every file,
    by path, for a later run to reuse (None when it cannot be told apart by file).
    """
    suppressions: dict[str, Suppressions] = {}
    loaded_config = tree.loaded_config
    # Mistakes in okrctl.yaml (and in its lint settings) are shown whatever the selection: a
    # misspelt `select` must not silence the finding that reports it.
    forced = [*loaded_config.problems, *extra_problems]
    problems: list[Problem] = list(forced)
    if loaded_config.path is not None:
        suppressions[loaded_config.path] = loaded_config.suppressions
    # Problems the loader counted past the cap instead of keeping them, by file and rule.
    counted: dict[tuple[str, str], int] = {}
    for file in tree.files:
        problems.extend(file.problems)
        suppressions[file.path] = file.suppressions
        for name, count in file.counted.items():
            counted[(file.path, name)] = count
            _check_counted_under(file.path, file.counted_under, selection.max_findings_per_rule)
    # The rules check the parts that failed validation too, as far as they are valid.
    checked = tree.for_rules()
    selected = [
        rule for rule in all_rules() if rule.check is not None and rule.NAME in selection.enabled
    ]
    hidden = _hidden(checked)
    if reuse is not None and hidden:
        reuse = None
    per_file = [rule for rule in selected if getattr(rule, "PER_FILE", False)]
    fresh = checked
    if reuse is not None:
        fresh = GoalTree(
            [file for file in tree.files if file.path not in reuse], loaded_config
        ).for_rules()
    work = [
        (
            rule,
            RuleContext(fresh if rule in per_file else checked, today, selection.options_of(rule)),
        )
        for rule in selected
    ]
    found = rule_problems(work, len(tree.files))
    # A file whose KPI another one hides gives the rules something else alone: what they
    # found in it now is not kept by its name and bytes (the file hiding it is what it is).
    by_file: dict[str, list[Problem]] | None = {
        file.path: [] for file in tree.files if file.path not in hidden
    }
    for (rule, _), items in zip(work, found, strict=True):
        problems.extend(items)
        if rule in per_file and by_file is not None:
            by_file = _by_file(items, by_file, hidden)
    if reuse is not None:
        for file in tree.files:
            kept = reuse.get(file.path)
            if kept is not None:
                problems.extend(kept)
                if by_file is not None:
                    by_file[file.path] = list(kept)

    index = rules_by_key()
    # Problems kept, by file and rule: a flood of one rule in one file is capped as a group.
    groups: dict[tuple[str, str], list[Problem]] = {}
    for item in problems:
        rule = index[item.rule]
        if rule.NAME not in selection.enabled and item not in forced:
            continue
        where = item.location
        if only is not None and where.path not in only:
            continue
        silenced = suppressions.get(where.path)
        if silenced is not None and silenced.silences(rule.NAME, rule.CODE, where.line):
            continue
        group = groups.get((where.path, rule.NAME))
        if group is None:
            groups[(where.path, rule.NAME)] = [item]
        else:
            group.append(item)
    findings: list[Finding] = []
    for (path, name), group in groups.items():
        rule = index[name]
        # Counted problems were past the cap: they share their kept ones' fate (selection,
        # `only`, a `disable-file` comment); a `disable` comment on their line kept them.
        more = counted.get((path, name), 0)
        findings.extend(
            _capped(group, rule, selection.severity_of(rule), selection.max_findings_per_rule, more)
        )
    ordered = sorted(findings, key=Finding.sort_key)
    paths = [file.path for file in tree.files]
    if loaded_config.path is not None:
        paths.append(loaded_config.path)
    if only is not None:
        paths = [path for path in paths if path in only]
    return LintResult(tuple(ordered), len(paths), tuple(paths)), by_file


def _reusable(tree: GoalTree) -> bool:
    """Whether the per-file rules find in each file of `tree` what they find in it alone.
    Not when two files define the same KPI: the tree keeps the first one's (GoalTree.kpis),
    so what the rules see of the second file depends on the first."""
    return not _hidden(tree)


def _hidden(tree: GoalTree) -> set[str]:
    """The files defining a KPI an earlier file defines too: the tree keeps the first one's
    (GoalTree.kpis), so what the rules find in these files depends on another one."""
    files_of: dict[str, str] = {}
    hidden: set[str] = set()
    for declared in tree.declared_kpis:
        ref = f"{declared.team}/{declared.id}"
        path = declared.source.path
        if files_of.setdefault(ref, path) != path:
            hidden.add(path)
    # And as the rules' tree places them: a salvaged file's KPIs are placed under the team
    # its header validated to, which its declarations may lack (`team: 5` is the team `5`,
    # but declared by no team), so two copies of it define one KPI undeclared.
    checked = tree.for_rules()
    placed: dict[str, str] = {}
    for file in tree.files:
        goal = checked.goal_of(file)
        if goal is None:
            continue
        for kpi in goal.kpis:
            if placed.setdefault(f"{goal.team}/{kpi.id}", file.path) != file.path:
                hidden.add(file.path)
    return hidden


def _by_file(
    problems: list[Problem], by_file: dict[str, list[Problem]], hidden: Collection[str] = ()
) -> dict[str, list[Problem]] | None:
    """`problems` added to their files' lists; None when one is about another file too (a
    related place elsewhere) or about no goal file of the tree: such a rule's problems cannot
    be kept by file. Problems in `hidden` files are not kept (those files are not in
    `by_file`)."""
    for problem in problems:
        path = problem.location.path
        kept = by_file.get(path)
        if kept is None:
            if path in hidden:
                continue
            return None
        if any(related.location.path != path for related in problem.related):
            return None
        kept.append(problem)
    return by_file


# Seconds the parent waits for the forked child at least, however quick its own half was.
CHILD_GRACE = 10.0


def rule_problems(work: Sequence[tuple[Rule, RuleContext]], files: int) -> list[list[Problem]]:
    """What each rule of `work` finds in its context's tree, rule by rule in the order given.

    On a tree large enough to be read by several processes (`files` of them:
    goal_tree.jobs_for), half of the rules run in a forked copy of this process while this one
    runs the other half: the rules are half the time of linting a large tree, and a fork
    shares the tree without copying or pickling it; only the problems come back. The result
    is the serial one: the same rules on the same tree, in the same order. A child that fails
    in any way (killed, out of memory, a rule raising) is not trusted: its rules run here, so
    an error surfaces as it would without the fork.
    """
    fork = _fork_context() if len(work) > 1 and jobs_for(files) > 1 else None
    found: list[list[Problem] | None] = [None] * len(work)
    if fork is not None:
        theirs = list(range(1, len(work), 2))  # alternate: neighbouring rules cost alike
        reader, writer = fork.Pipe(duplex=False)
        child = fork.Process(
            target=_check_in_child, args=(writer, [work[i] for i in theirs], reader), daemon=True
        )
        # Nothing buffered may be copied into the child: its exit flushes what it has.
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            child.start()
        except OSError:  # no process to be had (a limit on processes, no memory): serially
            reader.close()
            writer.close()
        else:
            writer.close()  # this process's end: a child that dies leaves the pipe at its end
            sent = None
            try:
                started = time.perf_counter()
                for index in range(0, len(work), 2):
                    found[index] = _checked(*work[index])
                # The child has as much to do: one that takes far longer is stuck (a lock
                # held by another thread when it was forked) and its rules are run here.
                spent = time.perf_counter() - started
                if reader.poll(max(CHILD_GRACE, 3 * spent)):
                    with contextlib.suppress(Exception):  # ended without sending, or nonsense
                        sent = reader.recv()
            finally:
                reader.close()
                child.join(timeout=1)  # it has sent all it had: only its exit is left
                if child.is_alive():
                    child.kill()
                    child.join()
            if isinstance(sent, list) and len(sent) == len(theirs):
                for index, problems in zip(theirs, sent, strict=True):
                    found[index] = problems
    return [
        problems if problems is not None else _checked(*work[index])
        for index, problems in enumerate(found)
    ]


def _checked(rule: Rule, context: RuleContext) -> list[Problem]:
    assert rule.check is not None  # (only rules with a check are run)
    return list(rule.check(context))


def _check_in_child(writer: Any, work: list[tuple[Rule, RuleContext]], reader: Any = None) -> None:
    """A forked child's part of rule_problems: the problems of each rule, sent back whole;
    nothing at all when a rule raises (the parent runs the rules again and sees it).

    `reader`, the parent's end of the pipe, is closed first: a copy held here would keep the
    pipe open when the parent dies (killed, out of memory), and a child waiting to send more
    than the pipe holds would wait forever. Nothing is printed, whatever happens (a rule
    raising, Ctrl-C while sending, a parent gone): multiprocessing would print a traceback
    under the parent's output, which has its own say."""
    try:
        if reader is not None:
            reader.close()
        found = [_checked(rule, context) for rule, context in work]
        writer.send(found)
    except BaseException:  # quietly (see above); the parent runs these rules itself
        pass
    finally:
        with contextlib.suppress(BaseException):
            writer.close()


def _fork_context() -> Any:
    """multiprocessing's fork context where the system has one (Linux, the BSDs), else None:
    without fork, a child would have to be sent the tree, which costs what it saves."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


# Where a problem is, as a key to sort and group by (attrgetter: no Python call per problem).
_PLACE = attrgetter("location.line", "location.column")


def _check_counted_under(path: str, counted_under: int, cap: int) -> None:
    """The loader counts problems past a cap only for a lint under that cap or a lower one:
    under no cap, or a higher one, they would have had to be listed."""
    if cap == 0 or cap > counted_under:
        raise ValueError(
            f"{path} was loaded for a cap of {counted_under} findings per rule, "
            f"not {cap or 'none'}: load it again with that cap"
        )


def _capped(
    group: list[Problem], rule: Rule, severity: Severity, cap: int, counted: int = 0
) -> list[Finding]:
    """The findings of one rule in one file: each distinct problem once (the same message at
    the same place is one finding), in report order, at most `cap` of them (0: no cap) and
    then one finding, at the place of the first left out, that says how many more there are.
    `counted`: how many more distinct problems the loader counted past the cap (it keeps
    more than `cap` of them, so the summary finding is always made then).

    Only the findings shown are built: a flood costs the sort of its problems, not a finding
    each (`group` is sorted in place; it is the caller's own list).
    """

    def finding(problem: Problem, message: str | None = None) -> Finding:
        if message is None:
            return Finding(
                problem.location, rule.CODE, rule.NAME, severity, problem.message, problem.related
            )
        return Finding(problem.location, rule.CODE, rule.NAME, severity, message)

    if cap == 0 or len(group) <= cap:
        distinct: dict[tuple[Location, str], Problem] = {}
        for problem in group:
            distinct.setdefault((problem.location, problem.message), problem)
        return [finding(problem) for problem in distinct.values()]
    # Report order within one file and rule is by position, then message (Finding.sort_key).
    group.sort(key=_PLACE)
    shown: list[Finding] = []
    first_left_out: Problem | None = None
    more = counted
    for _, run in groupby(group, key=_PLACE):
        if first_left_out is not None:
            more += len({problem.message for problem in run})  # only counted now
            continue
        # The problems at one place: each distinct message once, in message order.
        at_place = {problem.message: problem for problem in run}
        for message in sorted(at_place):
            if len(shown) < cap:
                shown.append(finding(at_place[message]))
            else:
                if first_left_out is None:
                    first_left_out = at_place[message]
                more += 1
    if first_left_out is not None:
        noun = "finding" if more == 1 else "findings"
        shown.append(
            finding(
                first_left_out,
                f"... and {more:,} more `{rule.NAME}` {noun} in this file (only the first "
                f"{cap:,} are listed: `lint.max_findings_per_rule` in okrctl.yaml)",
            )
        )
    return shown


def lint_scanned(
    scanned: ScannedTree,
    tree: Callable[[], GoalTree],
    selection: Selection,
    today: date,
    extra_problems: list[Problem],
    only: Collection[str] | None = None,
    told: bool = False,
) -> LintResult:
    """`lint(tree(), ...)` of a scanned tree, from its cache when it has the result.
    `told`: the load observer was told of the files already (the tree was loaded), so a
    replayed result is not reported as a read of them.

    The findings are a function of the files' bytes and names, the config, the selection,
    the files reported on and the day, all in the key (ScannedTree.digest): with a cache, a
    result kept under the same key is replayed without parsing a file (`tree` is not called).
    """

    key = scanned.digest(
        "lint",
        sorted(selection.enabled),
        sorted(selection.severity.items()),
        sorted((name, sorted(values.items())) for name, values in selection.options.items()),
        selection.max_findings_per_rule,
        extra_problems,
        None if only is None else sorted(only),
        today.toordinal(),
    )
    cache = scanned.cache
    if key is not None and cache is not None:
        start = time.perf_counter()
        kept = cache.get_result(key)
        if kept is not None:
            try:
                result = result_from_plain(kept)
            except Exception:  # a malformed value is a miss, and rewritten
                pass
            else:
                observer = None if told else OBSERVER.get()
                if observer is not None:
                    files = len(scanned.paths)
                    observer.started(files, 1)
                    observer.cached(files, cache.stats.notes)
                    observer.finished(files, time.perf_counter() - start, 1)
                return result
    if key is None or cache is None or scanned.read is None:
        return lint(tree(), selection, today, extra_problems, only=only)
    # What the per-file rules found in files of the same name and bytes, under this
    # selection and day: kept by file, whatever the rest of the tree was then.
    per_file_key = "files-" + cache.key(
        repr(
            [
                "per-file",
                sorted(
                    (name, sorted(selection.options.get(name, {}).items()))
                    for name in selection.enabled
                ),
                today.toordinal(),
            ]
        ).encode()
    )
    kept_by_file = _by_file_from_plain(cache.get_result(per_file_key))
    by_team = None
    team_key = None
    if _team_scoped(selection):
        # What every file showed, kept by file with its team and the teams it names: an
        # edit re-checks the teams it can change (lint_by_team), and a lint of named files
        # reads only the teams they reach (lint_named_by_team).
        team_key = "teams-" + cache.key(
            repr(
                [
                    "per-team",
                    sorted(selection.enabled),
                    sorted(selection.severity.items()),
                    sorted(
                        (name, sorted(values.items())) for name, values in selection.options.items()
                    ),
                    selection.max_findings_per_rule,
                    extra_problems,
                    today.toordinal(),
                ]
            ).encode()
        )
        team_kept = _kept_from_plain(cache.get_result(team_key))
        if only is None:
            by_team = lint_by_team(
                scanned, selection, today, extra_problems, kept_by_file, team_key, team_kept
            )
        else:
            by_team = lint_named_by_team(
                scanned, selection, today, extra_problems, only, kept_by_file, team_kept
            )
    if by_team is not None:
        result, by_file, fresh_files = by_team
    else:
        reuse = {
            file.shown: kept_by_file[(file.shown, file.key)]
            for file in scanned.read
            if file.key and (file.shown, file.key) in kept_by_file
        }
        whole = tree()
        result, by_file = lint_reusing(whole, selection, today, extra_problems, only, reuse)
        fresh_files = len(reuse) < len(scanned.read)
        if team_key is not None and only is not None and not team_kept:
            # Every file was read: what the next lint of named files needs to know of
            # each (its teams, the teams it names), without what a whole lint shows in it.
            keys = {file.shown: file.key for file in scanned.read if file.key}
            cache.put_result(
                team_key,
                tuple(
                    (file.path, keys[file.path], *_links(file), None)
                    for file in whole.files
                    if file.path in keys
                ),
            )
    cache.put_result(key, result_to_plain(result))
    if by_file is not None and fresh_files:
        cache.put_result(
            per_file_key,
            tuple(
                (file.shown, file.key, tuple(map(_plain_problem, by_file[file.shown])))
                for file in scanned.read
                if file.key and file.shown in by_file
            ),
        )
    return result


def _team_scoped(selection: Selection) -> bool:
    """Whether every selected rule finds in a team's files what those files and the files of
    the teams they name give (`PER_FILE` or `PER_TEAM`): only then are findings kept by team."""
    return all(
        getattr(rule, "PER_FILE", False) or getattr(rule, "PER_TEAM", False)
        for rule in all_rules()
        if rule.check is not None and rule.NAME in selection.enabled
    )


@dataclass(frozen=True, slots=True)
class _Kept:
    """What lint_by_team keeps of a file: its content key, the teams it is of, the teams its
    references name, the KPIs it adds to the tree (in order) and what the lint showed in it."""

    key: str
    teams: tuple[str, ...]
    reach: tuple[str, ...]
    kpis: tuple[str, ...]
    # As result_to_plain writes them; None when not known (kept by a lint of named files).
    findings: tuple[object, ...] | None
    shown: tuple[Finding, ...]  # the same, read back


# The fields of goal-file parts that name another team's goals (`TEAM/...`): a rule that
# looks across teams does so only through them (PER_TEAM in rules/base.py).
_OBJECTIVE_REFERENCES = ("aligns_to", "from_kpi")
_KEY_RESULT_REFERENCES = ("aligns_to", "kpi")
_KPI_REFERENCES = ("from_kr",)


def _links(file: LoadedFile) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A file's teams (its own, and those of the ids it declares), the teams its references
    name (every `TEAM/...` it writes, valid or not: more is only slower) and the KPI
    references it adds to the tree, as the rules' tree sees it."""
    teams: set[str] = set()
    written: set[str] = set()

    def add(part: object, names: tuple[str, ...]) -> None:
        # The model's own dict: a salvaged part may leave a field unset.
        fields = getattr(part, "__dict__", None) or {}
        for name in names:
            value = fields.get(name)
            if isinstance(value, str):
                written.add(value)
            elif isinstance(value, list):
                written.update(item for item in value if isinstance(item, str))

    for goal in (file.goal, file.salvaged):
        if goal is None:
            continue
        team = getattr(goal, "team", None)
        if isinstance(team, str):
            teams.add(team)
        for kpi in getattr(goal, "kpis", None) or ():
            add(kpi, _KPI_REFERENCES)
        for objective in getattr(goal, "objectives", None) or ():
            add(objective, _OBJECTIVE_REFERENCES)
            for key_result in getattr(objective, "key_results", None) or ():
                add(key_result, _KEY_RESULT_REFERENCES)
    reach = {ref.split("/", 1)[0] for ref in written}
    for declared in (*file.declared_objectives, *file.declared_kpis):
        teams.add(declared.team)
    goal = file.salvaged or file.goal
    kpis = () if goal is None else tuple(f"{goal.team}/{kpi.id}" for kpi in goal.kpis)
    return tuple(sorted(teams)), tuple(sorted(reach)), kpis


def _reached(start: Iterable[str], edges: Mapping[str, Collection[str]]) -> set[str]:
    """`start` and every team reached from it along `edges`."""
    seen = set(start)
    todo = list(seen)
    while todo:
        for team in edges.get(todo.pop(), ()):
            if team not in seen:
                seen.add(team)
                todo.append(team)
    return seen


_Links = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _read_changed(
    scanned: ScannedTree, kept: Mapping[str, _Kept], findings_known: bool
) -> tuple[dict[int, LoadedFile], dict[int, _Links], Callable[[int], _Links]]:
    """The files of the tree that changed since what was `kept` (or were not kept, or, with
    `findings_known`, were kept without what a whole lint shows in them), loaded by position;
    their links; and the links of any file: the loaded one's, else the kept."""
    read = scanned.read
    assert read is not None
    changed = [
        position
        for position, file in enumerate(read)
        if not file.key
        or file.shown not in kept
        or kept[file.shown].key != file.key
        or (findings_known and kept[file.shown].findings is None)
    ]
    loaded = dict(zip(changed, scanned.load_some(changed), strict=True))
    links = {position: _links(file) for position, file in loaded.items()}

    def link(position: int) -> _Links:
        found = links.get(position)
        if found is None:
            entry = kept[read[position].shown]
            found = (entry.teams, entry.reach, entry.kpis)
        return found

    return loaded, links, link


def lint_by_team(
    scanned: ScannedTree,
    selection: Selection,
    today: date,
    extra_problems: list[Problem],
    kept_by_file: Mapping[tuple[str, str], list[Problem]],
    team_key: str,
    kept: dict[str, _Kept],
) -> tuple[LintResult, dict[str, list[Problem]] | None, bool] | None:
    """The lint of the whole tree, re-checking only the teams an edit can change; None when
    it cannot be done so (the caller lints the whole tree).

    Every rule that runs is PER_FILE or PER_TEAM: what it finds in a team's files depends on
    them and on the files of the teams their references name (`company/growth`), through
    those teams' references in turn. So the findings of a team none of whose reached teams
    has a file added, removed or changed are those kept from the last run (`team_key`), and
    the rules run on the files of the other teams, and of the teams those reach, only. The
    KPI names "did you mean" hints offer are the whole tree's (GoalTree.known_kpis); when
    they changed, every team is checked; so too when the files kept are read in another
    order (which of a team's files comes first is in what the rules find). Also the result:
    what the per-file rules found, by file (see lint_reusing), and whether any file was
    checked anew."""
    cache, read = scanned.cache, scanned.read
    assert cache is not None and read is not None
    loaded_config = scanned.loaded_config
    outside = scanned.outside_files()
    goal_paths = {file.shown for file in read} | {file.path for file in outside}
    forced = [*loaded_config.problems, *extra_problems]
    if any(problem.location.path in goal_paths for problem in forced):
        return None
    if len(goal_paths) < len(read) + len(outside):  # a name twice: not kept by name
        return None
    started = time.perf_counter()
    hits_before = cache.stats.hits
    names = {file.shown for file in read}
    if [file.shown for file in read if file.shown in kept] != [
        shown for shown in kept if shown in names
    ]:
        # The files kept are read in another order (`lint y x` after `lint x y`): which of
        # a team's files is first (the first use of an id, the KPI of two the tree keeps)
        # changed with it, in every team. Nothing kept is shown: every team is checked.
        kept = {}
    loaded, links, link = _read_changed(scanned, kept, findings_known=True)
    changed = list(loaded)

    def teams_of(position: int) -> tuple[str, ...]:
        return link(position)[0]

    everything = range(len(read))
    known_kpis = tuple(dict.fromkeys(ref for position in everything for ref in link(position)[2]))
    kept_kpis = tuple(dict.fromkeys(ref for entry in kept.values() for ref in entry.kpis))
    if not kept or known_kpis != kept_kpis:
        # Every hint may change (or nothing is kept): every team is checked.
        subset: list[int] = list(everything)
        fresh = {file.shown for file in read}
    else:
        current = {file.shown for file in read}
        dirty: set[str] = set()
        for position in changed:
            dirty.update(teams_of(position))
            old = kept.get(read[position].shown)
            if old is not None:
                dirty.update(old.teams)
        for shown, entry in kept.items():
            if shown not in current:
                dirty.update(entry.teams)
        edges: dict[str, set[str]] = {}
        backwards: dict[str, set[str]] = {}
        for position in everything:
            for team in teams_of(position):
                for target in link(position)[1]:
                    edges.setdefault(team, set()).add(target)
                    backwards.setdefault(target, set()).add(team)
        checked = _reached(dirty, backwards)  # the teams whose findings may have changed
        context = _reached(checked, edges)  # and every team the rules look into for them
        subset = [
            position
            for position in everything
            if position in loaded or not context.isdisjoint(teams_of(position))
        ]
        fresh = {
            read[position].shown
            for position in subset
            if position in loaded or not checked.isdisjoint(teams_of(position))
        }
    rest = [position for position in subset if position not in loaded]
    loaded.update(zip(rest, scanned.load_some(rest), strict=True))
    for position in rest:
        links[position] = _links(loaded[position])
    whole = len(subset) == len(read)
    part = GoalTree(
        [loaded[position] for position in subset] + outside,
        loaded_config,
        known_kpis=None if whole else known_kpis,
    )
    reuse = {
        read[position].shown: kept_by_file[(read[position].shown, read[position].key)]
        for position in subset
        if read[position].key and (read[position].shown, read[position].key) in kept_by_file
    }
    result, by_file = lint_reusing(part, selection, today, extra_problems, None, reuse)
    found: dict[str, list[Finding]] = {}
    for finding in result.findings:
        found.setdefault(finding.location.path, []).append(finding)
    findings: list[Finding] = []
    entries: list[tuple[object, ...]] = []
    in_subset = set(subset)
    for position, file in enumerate(read):
        if position in in_subset:
            mine = found.pop(file.shown, [])
            plain = result_to_plain(LintResult(tuple(mine), 0))[0]
            if file.shown not in fresh and plain != kept[file.shown].findings:
                # Read for context, it shows what was kept for it, or the premise failed.
                return None
            findings.extend(mine)
            teams, reach, kpis = links[position]
        else:
            entry = kept[file.shown]
            plain, teams, reach, kpis = entry.findings, entry.teams, entry.reach, entry.kpis
            findings.extend(entry.shown)
        if file.key:
            entries.append((file.shown, file.key, teams, reach, kpis, plain))
    for rest_of in found.values():  # the config file's, and the links out of the tree
        findings.extend(rest_of)
    cache.put_result(team_key, tuple(entries))
    subset_paths = {read[position].shown for position in subset}
    by_file = _with_kept(by_file, read, subset_paths, kept_by_file)
    _tell(scanned, len(subset) - (cache.stats.hits - hits_before), started)
    paths = [*(file.shown for file in read), *(file.path for file in outside)]
    if loaded_config.path is not None:
        paths.append(loaded_config.path)
    ordered = tuple(sorted(findings, key=Finding.sort_key))
    return LintResult(ordered, len(paths), tuple(paths)), by_file, bool(subset)


def lint_named_by_team(
    scanned: ScannedTree,
    selection: Selection,
    today: date,
    extra_problems: list[Problem],
    only: Collection[str],
    kept_by_file: Mapping[tuple[str, str], list[Problem]],
    kept: Mapping[str, _Kept],
) -> tuple[LintResult, dict[str, list[Problem]] | None, bool] | None:
    """The lint of the files named (`only`, the pre-commit hook's), reading only the teams
    they reach; None when it cannot be done so (nothing kept of the tree's files yet: the
    caller reads it all, and keeps what this needs).

    What the rules find in a named file depends only on the files of the teams it reaches
    (PER_FILE and PER_TEAM rules, see lint_by_team), in the order they are linted in: the
    named files last (commands/lint.py: arranged). Which teams an unchanged file is of and
    names is what was kept of it; a changed one is read. Nothing is kept from this run by
    team (a whole lint keeps what it shows in every file)."""
    cache, read = scanned.cache, scanned.read
    assert cache is not None and read is not None
    loaded_config = scanned.loaded_config
    outside = scanned.outside_files()
    if len({file.shown for file in read}) < len(read):
        return None
    if not kept:
        return None
    started = time.perf_counter()
    hits_before = cache.stats.hits
    loaded, _, link = _read_changed(scanned, kept, findings_known=False)

    edges: dict[str, set[str]] = {}
    for position in range(len(read)):
        teams, reach, _ = link(position)
        for team in teams:
            edges.setdefault(team, set()).update(reach)
    named = [position for position, file in enumerate(read) if file.shown in only]
    context = _reached((team for position in named for team in link(position)[0]), edges)
    subset = [
        position
        for position in range(len(read))
        if position in named or not context.isdisjoint(link(position)[0])
    ]
    rest = [position for position in subset if position not in loaded]
    loaded.update(zip(rest, scanned.load_some(rest), strict=True))
    # In the order a lint of named files reads the tree: the named files last.
    order = [p for p in range(len(read)) if p not in named] + named
    known_kpis = tuple(dict.fromkeys(ref for p in order for ref in link(p)[2]))
    files = [loaded[position] for position in subset] + outside
    part = GoalTree(
        [file for file in files if file.path not in only]
        + [file for file in files if file.path in only],
        loaded_config,
        known_kpis=known_kpis,
    )
    reuse = {
        read[position].shown: kept_by_file[(read[position].shown, read[position].key)]
        for position in subset
        if read[position].key and (read[position].shown, read[position].key) in kept_by_file
    }
    result, by_file = lint_reusing(part, selection, today, extra_problems, only, reuse)
    subset_paths = {read[position].shown for position in subset}
    by_file = _with_kept(by_file, read, subset_paths, kept_by_file)
    _tell(scanned, len(subset) - (cache.stats.hits - hits_before), started)
    return result, by_file, len(reuse) < len(subset)


def _with_kept(
    by_file: dict[str, list[Problem]] | None,
    read: Sequence[ReadFile],
    checked: Collection[str],
    kept_by_file: Mapping[tuple[str, str], list[Problem]],
) -> dict[str, list[Problem]] | None:
    """What the per-file rules found by file: in the files `checked`, `by_file`; in the
    others, what was kept for them (None when something is not known)."""
    if by_file is None:
        return None
    for file in read:
        if file.shown not in checked:
            previous = kept_by_file.get((file.shown, file.key))
            if previous is None:
                return None  # what the per-file rules found there is not known
            by_file[file.shown] = list(previous)
    return by_file


def _tell(scanned: ScannedTree, parsed: int, started: float) -> None:
    """Tell the load observer how the tree was read: `parsed` files, the rest from the
    cache (their entries, or what was kept of them)."""
    observer = OBSERVER.get()
    if observer is None or scanned.read is None or scanned.cache is None:
        return
    total = len(scanned.read)
    jobs = jobs_used(parsed)
    observer.started(total, jobs)
    observer.cached(total - parsed, scanned.cache.stats.notes)
    observer.finished(total, time.perf_counter() - started, jobs)


def _kept_from_plain(value: object) -> dict[str, _Kept]:
    """What lint_by_team kept, by file name; empty for anything malformed (every team is
    checked, and it is rewritten)."""
    if value is None:
        return {}
    index = rules_by_key()
    try:
        kept: dict[str, _Kept] = {}
        for raw in _tuple(value):
            shown, key, teams, reach, kpis, findings = _tuple(raw)
            entry = _Kept(
                _text(key),
                tuple(map(_text, _tuple(teams))),
                tuple(map(_text, _tuple(reach))),
                tuple(map(_text, _tuple(kpis))),
                None if findings is None else _tuple(findings),
                () if findings is None else result_from_plain((findings, 0, ())).findings,
            )
            for finding in entry.shown:
                rule = index.get(finding.rule)
                if rule is None or (finding.rule, finding.code) != (rule.NAME, rule.CODE):
                    raise ValueError(f"no such rule: {finding.rule}")
                if finding.location.path != shown:
                    raise ValueError("a finding kept for a file is in another one")
            kept[_text(shown)] = entry
        return kept
    except Exception:  # any malformed value is no value
        return {}


# -- a lint result as plain values, to keep in the cache (okrctl.load.cache.put_result) --------


def _plain_location(location: Location) -> tuple[str, int, int]:
    return (location.path, location.line, location.column)


def _plain_problem(problem: Problem) -> tuple[object, ...]:
    return (
        problem.rule,
        _plain_location(problem.location),
        problem.message,
        tuple((_plain_location(r.location), r.mention, r.label) for r in problem.related),
    )


def _by_file_from_plain(value: object) -> dict[tuple[str, str], list[Problem]]:
    """What the per-file rules found, by (file name, content key), as lint_scanned keeps it;
    empty for anything malformed (a miss: the rules run on every file, and it is rewritten):
    of another shape, or not what a per-file rule can find there (a rule okrctl does not
    have or that is not one of them, a place in another file)."""
    if value is None:
        return {}
    index = rules_by_key()
    try:
        kept: dict[tuple[str, str], list[Problem]] = {}
        for raw in _tuple(value):
            shown, key, problems = _tuple(raw)
            path = _text(shown)
            found = [
                Problem(
                    _text(rule),
                    _location(where),
                    _text(message),
                    tuple(
                        Related(_location(at), _text(mention), _text(label))
                        for at, mention, label in map(_tuple, _tuple(related))
                    ),
                )
                for rule, where, message, related in map(_tuple, _tuple(problems))
            ]
            for problem in found:
                rule = index.get(problem.rule)
                if (
                    rule is None
                    or problem.rule != rule.NAME
                    or not getattr(rule, "PER_FILE", False)
                ):
                    raise ValueError(f"not a per-file rule: {problem.rule}")
                places = [problem.location, *(related.location for related in problem.related)]
                if any(place.path != path for place in places):
                    raise ValueError(f"a problem kept for {path} is in another file")
            kept[(path, _text(key))] = found
        return kept
    except Exception:  # any malformed value is no value
        return {}


def result_to_plain(result: LintResult) -> tuple[object, ...]:
    """The findings, file count and paths of a result as tuples of text and numbers (what
    `rule`'s checks and the loader made of the files; the run's other fields are filled by
    the command each time)."""
    findings = tuple(
        (
            _plain_location(f.location),
            f.code,
            f.rule,
            f.severity.value,
            f.message,
            tuple((_plain_location(r.location), r.mention, r.label) for r in f.related),
        )
        for f in result.findings
    )
    return (findings, result.files, result.paths)


def _text(value: object) -> str:
    if type(value) is not str:
        raise ValueError("not text")
    return value


def _number(value: object) -> int:
    if type(value) is not int:
        raise ValueError("not a whole number")
    return value


def _location(value: object) -> Location:
    if type(value) is not tuple or len(value) != 3:
        raise ValueError("not a location")
    path, line, column = value
    return Location(_text(path), _number(line), _number(column))


def _tuple(value: object) -> tuple[object, ...]:
    if type(value) is not tuple:
        raise ValueError("not a tuple")
    return value


def result_from_plain(value: object) -> LintResult:
    """The result result_to_plain made; ValueError (or another error of a malformed value)
    for anything else: every part is checked to be of its type."""
    findings_raw, files, paths = _tuple(value)
    findings: list[Finding] = []
    for raw in _tuple(findings_raw):
        where, code, rule, severity, message, related = _tuple(raw)
        findings.append(
            Finding(
                _location(where),
                _text(code),
                _text(rule),
                Severity(_text(severity)),
                _text(message),
                tuple(
                    Related(_location(at), _text(mention), _text(label))
                    for at, mention, label in map(_tuple, _tuple(related))
                ),
            )
        )
    return LintResult(tuple(findings), _number(files), tuple(_text(path) for path in _tuple(paths)))

"""Guards for the speed work: light start-up, parallel reads equal serial ones, exact positions
on the fast path, a working pure-Python fallback, and a benchmark that runs.

Speed itself is measured by bench/run.py and bench/limits.py, never by a timed test.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from okrctl.load.yamlparse import SourceMap, parse_yaml
from okrctl.source import YamlPath
from tests.conftest import EXAMPLES, REPO, okrctl, okrctl_process

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # type: ignore[import-not-found]  # bench/, put on sys.path

HEAVY = ("pydantic", "ruamel", "rich", "annotated_types", "okrctl.model", "okrctl.load")


def imported_modules(*args: str) -> set[str]:
    """Every module a command line imports, through `import` or importlib (which
    `-X importtime` does not report), as the console script runs it."""
    script = (
        "import atexit, sys; "
        "atexit.register(lambda: sys.__stderr__.write("
        "'\\n'.join(['', '--modules', *sys.modules]))); "
        f"sys.argv = ['okrctl', *{list(args)!r}]; "
        "from okrctl.entry import main; main()"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return set(result.stderr.split("\n--modules\n", 1)[1].splitlines())


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("-h",)])
def test_version_and_help_import_nothing_heavy(args: tuple[str, ...]) -> None:
    modules = imported_modules(*args)
    heavy = sorted(m for m in modules if m.startswith(HEAVY))
    assert heavy == []


def test_version_does_not_even_import_typer() -> None:
    assert not any(m.startswith("typer") for m in imported_modules("--version"))


def test_fast_help_lists_every_command() -> None:
    result = okrctl_process("--help")
    assert result.returncode == 0
    for command in ("lint", "score", "tree", "suggest", "rules", "kpi"):
        assert f"\n  {command} " in result.stdout
    for command in ("lint", "score", "kpi"):
        assert okrctl(command, "--help").returncode == 0


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # With OKRCTL_JOBS set, even a tree this small is read in parallel: 100 files in chunks
    # of 7 (100 / (2 jobs x 8)), more chunks than the window of 4 kept in flight.
    root = tmp_path_factory.mktemp("generated")
    assert generate(root, 100, seed=11) == 100
    return root


def run_with_jobs(jobs: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in-process, reading the tree with `jobs` processes (forked from this one)."""
    return okrctl(*args, cwd=cwd, env={"OKRCTL_JOBS": jobs})


@pytest.mark.parametrize(
    "args",
    [
        ("lint", "--format", "json", "."),
        ("score", "--as-of", "2026-11-22", "--format", "json", "."),
        ("kpi", "check", "--as-of", "2026-11-22", "--format", "json", "."),
    ],
)
def test_parallel_read_gives_exactly_the_serial_result(
    generated: Path, args: tuple[str, ...]
) -> None:
    serial = run_with_jobs("1", generated, *args)
    parallel = run_with_jobs("2", generated, *args)
    assert serial.returncode in (0, 1), serial.stderr
    assert (parallel.returncode, parallel.stdout) == (serial.returncode, serial.stdout)
    assert json.loads(serial.stdout)  # a real report, not two empty ones


def test_generated_tree_has_findings_to_compare(generated: Path) -> None:
    # The comparison above would be empty if the generated tree produced no findings at all.
    result = run_with_jobs("2", generated, "lint", "--format", "json", ".")
    assert json.loads(result.stdout)["summary"]["warnings"] > 0


def roundtrip_positions(
    text: str,
) -> tuple[dict[YamlPath, tuple[int, int]], dict[YamlPath, tuple[int, int]]]:
    """Key and value positions as ruamel.yaml's round-trip loader records them (1-based)."""
    keys: dict[YamlPath, tuple[int, int]] = {}
    values: dict[YamlPath, tuple[int, int]] = {}

    def walk(node: object, at: YamlPath) -> None:
        if isinstance(node, CommentedMap):
            for key in node:
                line, column = node.lc.key(key)
                keys[at + (key,)] = (line + 1, column + 1)
                vline, vcolumn = node.lc.value(key)
                child = node[key]
                # ruamel records a collection value's position at its first item or key; only
                # scalar values are compared to the value's own start.
                if not isinstance(child, CommentedMap | CommentedSeq):
                    values[at + (key,)] = (vline + 1, vcolumn + 1)
                walk(child, at + (key,))
        elif isinstance(node, CommentedSeq):
            for index, item in enumerate(node):
                if not isinstance(item, CommentedMap | CommentedSeq):
                    line, column = node.lc.item(index)
                    values[at + (index,)] = (line + 1, column + 1)
                walk(item, at + (index,))

    walk(YAML(typ="rt").load(text), ())
    return keys, values


def sample_files(generated: Path) -> list[Path]:
    examples = sorted(EXAMPLES.rglob("*.yaml"))
    return examples + sorted(generated.rglob("*.yaml"))[:25]


def test_fast_path_positions_match_the_round_trip_loader(generated: Path) -> None:
    checked = 0
    for path in sample_files(generated):
        text = path.read_text(encoding="utf-8")
        keys, values = roundtrip_positions(text)
        source = parse_yaml(text, str(path)).source
        assert isinstance(source, SourceMap)
        assert {k: source.keys[k] for k in keys} == keys, path
        assert {k: source.values[k] for k in values} == values, path
        checked += len(keys) + len(values)
    assert checked > 10_000


def test_without_the_c_parser_okrctl_works_and_says_so(tmp_path: Path) -> None:
    """Block ruamel.yaml.clib's module: the same findings, and --verbose names the cause."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\nsys.modules['ruamel.yaml.cyaml'] = None\nsys.modules['_ruamel_yaml'] = None\n",
        encoding="utf-8",
    )
    args = ["-m", "okrctl", "--verbose", "lint", "--format", "json", str(EXAMPLES)]
    env = {**os.environ, "NO_COLOR": "1"}
    with_c = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env)
    pure = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": f"{tmp_path}{os.pathsep}{env.get('PYTHONPATH', '')}"},
    )
    assert pure.returncode == with_c.returncode == 0
    assert pure.stdout == with_c.stdout
    assert "ruamel.yaml.clib is not installed" in pure.stderr
    assert "pure-Python parser" in pure.stderr
    assert "C parser" in with_c.stderr and "not installed" not in with_c.stderr


def test_benchmark_runs_on_a_tiny_tree(tmp_path: Path) -> None:
    output = tmp_path / "result.json"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--sizes",
            "12",
            "24",
            "--runs",
            "1",
            "--startup-runs",
            "1",
            "--workdir",
            str(tmp_path / "work"),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(output.read_text(encoding="utf-8"))
    names = {(t["name"], t["size"]) for t in document["timings"]}
    for size in (12, 24):
        for command in ("floor (C event parse)", "okrctl lint", "okrctl score", "okrctl kpi check"):
            assert (command, size) in names
    assert "lint / floor [24]" in document["ratios"]
    assert "version / import typer" in document["ratios"]
    assert "pydantic floor / import stack" in document["ratios"]
    # Scaling is given raw and net of each command's start-up (the command on one file).
    assert ("okrctl lint", 1) in names and ("okrctl review", 1) in names
    assert "lint scaling 24/12 (linear: 2)" in document["ratios"]
    assert "lint scaling net of start-up 24/12 (linear: 2.09)" in document["ratios"]
    assert all(t["median_s"] > 0 and t["peak_rss_mb"] > 0 for t in document["timings"])


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("terminal", "ci", "files", "bar"),
    [(True, False, 600, True), (True, True, 600, False), (False, False, 600, False),
     (True, False, 100, False)],
)  # fmt: skip
def test_progress_bar_only_on_a_terminal_outside_ci_for_large_trees(
    monkeypatch: pytest.MonkeyPatch, terminal: bool, ci: bool, files: int, bar: bool
) -> None:
    from okrctl.progress import TerminalObserver

    stderr = FakeTerminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    if ci:
        monkeypatch.setenv("CI", "true")
    else:
        monkeypatch.delenv("CI", raising=False)
    observer = TerminalObserver(verbose=False)
    observer.started(files, 2)
    observer.advanced(files)
    observer.finished(files, 1.5, 2)
    assert (observer.bar is not None) == bar
    assert ("Reading" in stderr.getvalue()) == bar


def test_verbose_summary_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from okrctl.progress import TerminalObserver

    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    observer = TerminalObserver(verbose=True)
    observer.started(3, 1)
    observer.finished(3, 0.25, 1)
    assert stderr.getvalue() == "okrctl: read 3 goal files in 0.25s (1 process, C parser)\n"


def test_positions_are_kept_without_the_file(tmp_path: Path) -> None:
    """Positions are recorded on the one parse: with every file gone, they are still exact."""
    from okrctl.load.loader import load_goal_file

    files = []
    for number in range(300):
        path = tmp_path / f"f{number}.yaml"
        path.write_text(f"# file {number}\nteam: t{number}\nkpis: []\n", encoding="utf-8")
        files.append(load_goal_file(path))
        path.unlink()
    for number, loaded in enumerate(files):
        assert (loaded.source.key(("team",)).line, loaded.source.key(("team",)).column) == (2, 1)
        assert loaded.source.value(("kpis",)).column == 7
        # `team: t12` ends just after its last digit; the comment on line 1 ends with its line.
        assert loaded.source.ends([(2, 7), (1, 1)]) == {
            (2, 7): (2, 7 + len(f"t{number}")),
            (1, 1): (1, len(f"# file {number}") + 1),
        }


def _command_lines() -> list[list[str]]:
    """Every command and subcommand of the app, as the words that run it."""
    from okrctl.cli import app, command_word

    lines: list[list[str]] = [[command_word(info)] for info in app.registered_commands]
    for group in app.registered_groups:
        assert group.name and group.typer_instance
        lines.append([group.name])
        for info in group.typer_instance.registered_commands:
            assert info.name
            lines.append([group.name, info.name])
    return lines


@pytest.mark.parametrize("words", _command_lines(), ids=" ".join)
@pytest.mark.parametrize("tail", [["--help"], ["--no-such-option"]])
def test_a_command_built_alone_has_the_whole_apps_help_and_errors(
    words: list[str], tail: list[str]
) -> None:
    from typer.testing import CliRunner

    from okrctl.cli import app, app_for

    argv = [*words, *tail]
    alone = app_for(argv)
    assert alone is not app
    assert len(alone.registered_commands) + len(alone.registered_groups) == 1
    whole = CliRunner().invoke(app, argv, prog_name="okrctl")
    built_alone = CliRunner().invoke(alone, argv, prog_name="okrctl")
    assert (built_alone.exit_code, built_alone.output) == (whole.exit_code, whole.output)
    assert whole.exit_code == (0 if tail == ["--help"] else 2)


@pytest.mark.parametrize(
    ("argv", "alone"),
    [
        ([], None),
        (["--verbose"], None),
        (["lnt", "x.yaml"], None),  # misspelt: the whole app, for its "No such command"
        (["--", "lint"], None),
        (["-v", "lint", "x.yaml"], "lint"),
        (["kpi", "check"], "kpi"),
        (["new", "objective", "--help"], "new"),
    ],
)
def test_which_command_is_built_alone(argv: list[str], alone: str | None) -> None:
    from okrctl.cli import app, app_for, command_word

    built = app_for(argv)
    if alone is None:
        assert built is app
    else:
        names = [command_word(info) for info in built.registered_commands]
        names += [group.name or "" for group in built.registered_groups]
        assert names == [alone]
    # The app itself is never changed.
    assert len(app.registered_commands) > 10 and len(app.registered_groups) == 2


def test_linting_one_small_file_imports_no_process_pool_or_report_writer(tmp_path: Path) -> None:
    goal = tmp_path / "support.yaml"
    goal.write_text(
        "team: support\nperiod: 2026-Q4\nowner: lin\nobjectives:\n"
        "  - id: faster-replies\n    title: Customers get answers while they still care\n"
        "    type: committed\n    key_results:\n"
        "      - {title: First response in 25 minutes, start: 52, target: 25}\n"
        "      - {title: CSAT reaches 4.6, start: 4.1, target: 4.6}\n",
        encoding="utf-8",
    )
    modules = imported_modules("lint", str(goal))
    # (concurrent.futures itself comes with asyncio, which pydantic-core imports.)
    unneeded = ("multiprocessing", "concurrent.futures.process", "dateutil", "okrctl.edit")
    assert sorted(m for m in modules if m.startswith(unneeded)) == []
    # Only the command that runs is built: no other command's module is imported either.
    from okrctl.registry import COMMANDS, GROUPS

    commands = {c.module for c in COMMANDS} | {c.module for g in GROUPS for c in g.commands}
    assert modules & commands == {"okrctl.commands.lint"}


def test_the_console_script_collects_garbage_rarely() -> None:
    # The collector's passes over a large tree's live objects made lint of 5,000 files a third
    # slower (bench/); the console script runs it as mypy does, every 200,000 allocations.
    script = (
        "import atexit, gc, sys; atexit.register(lambda: print(gc.get_threshold())); "
        "sys.argv = ['okrctl', 'rules']; from okrctl.entry import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "(200000, 30, 30)"


def test_limits_benchmark_runs_and_records_every_case(tmp_path: Path) -> None:
    output = tmp_path / "limits.json"
    script = str(REPO / "bench" / "limits.py")
    command = [sys.executable, script, "--runs", "1", "--flood", "150", "--output", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(output.read_text(encoding="utf-8"))
    assert [case["name"] for case in document] == [
        "alias-bomb.yaml",
        "deep-flow.yaml",
        "alias-amplification.yaml",
        "long-line.yaml",
        "findings-flood.yaml",
        "100 MB file",
        "flood of 150: lint",
        "flood of 150: score",
    ]
    # A long comment line is valid (0); the others are refused with findings (1), and score
    # refuses the flooded tree (2): none crashed.
    assert [case["exit_codes"] for case in document] == [[1]] * 3 + [[0]] + [[1]] * 3 + [[2]]

"""Benchmark okrctl as users run it: whole processes, several runs each, medians.

    python bench/run.py [--sizes 100 500 1000 5000] [--runs 3] [--output FILE]

It generates synthetic goal trees (bench/generate.py, deterministic), then times:

- start-up: `okrctl --version` and `--help` beside `python -c "import typer"`, and `okrctl
  lint` of one small file beside `python -c "import typer, pydantic, ruamel.yaml, rich.console"`;
- on each tree: `okrctl lint`, `score`, `kpi check` and `review --format json`, beside
  `yamllint` on the same tree and the floor: the bare C event parse of the same files
  (bench/floor.py).

The lines above run with `--no-cache` (every file read: the cost of a first run, and the
numbers earlier benchmarks give). Issue 17's lines time the cache of read files on each tree:
a cold run (`--clear-cache`), a warm one, one after editing 10 files, `review` warm, one file
of the tree linted warm beside that file alone in a folder of its own, and the cache's size
beside the tree's; and at start-up, `check-jsonschema` on the small file with okrctl's schema
when it is installed.

It prints the ratios the targets are written in (okrctl / yamllint, okrctl / floor,
computations / lint, time(5,000) / time(500) for scaling) and each command's peak memory, and
writes everything as JSON. Two more lines explain the start-up ratios: the least a pydantic
model costs (the import stack, then a model of one field built and used once), and okrctl's
own models built, nothing else. And because every command pays a fixed start-up that does not
grow with the tree, scaling is also given net of it: (time(5,000) - time(1 file)) /
(time(500) - time(1 file)), which is 10 for time that grows linearly with the tree.

Processes run as on a user's machine: with bytecode caches (PYTHONDONTWRITEBYTECODE is
dropped for them) and after one untimed warm-up run each. Commands that are compared with
each other run in turns (a, b, c, a, b, c, ...): the start-up ones, and on each tree the
floor, lint, score, kpi check, review and the cold cache's lint, so a shared machine that
slows down or speeds up during the benchmark moves them alike.
Nothing here is a unit test: tests/test_performance.py only checks it runs on a tiny tree.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

AS_OF = "2026-11-22"
SMALL_FILE = """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    type: committed
    key_results:
      - title: Median first-response time down to 25 minutes
        start: 52
        target: 25
        checkins:
          - {date: 2026-10-15, value: 44, confidence: 0.7}
      - title: CSAT reaches 4.6
        start: 4.1
        target: 4.6
"""


IMPORT_STACK = "import typer, pydantic, ruamel.yaml, rich.console"
STACK = f"python -c '{IMPORT_STACK}'"
PLUGINS_OFF = "import os; os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'"
# The least a pydantic model costs: one model of one `Field` (which imports pydantic.types and
# annotated_types, as any real model does), built and used once; plugins off, as in okrctl.
PYDANTIC_FLOOR = (
    f"{PLUGINS_OFF}; {IMPORT_STACK}\n"
    "from pydantic import BaseModel, Field\n"
    "class Floor(BaseModel):\n    x: int = Field(0)\n"
    "Floor.model_validate({'x': 1})"
)
MODELS_BUILT = (
    f"{PLUGINS_OFF}; {IMPORT_STACK}; "
    "from okrctl.model.config import Config; from okrctl.model.goals import GoalFile; "
    "Config(); GoalFile.model_rebuild()"
)
COMMANDS = ("okrctl lint", "okrctl score", "okrctl kpi check", "okrctl review")


@dataclass
class Timing:
    name: str
    size: int | None
    median_s: float
    runs_s: list[float]
    peak_rss_mb: float
    exit_codes: list[int]


def okrctl_command() -> list[str]:
    """The console script of this environment, as a user runs it (no shim, no `-m`)."""
    script = Path(sys.executable).parent / "okrctl"
    return [str(script)] if script.exists() else [sys.executable, "-m", "okrctl"]


# As users run okrctl: compiled bytecode is cached (an environment that forbids writing it
# would time the compiler, not okrctl), and no colour or progress bar.
CHILD_ENV = {
    **{
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONDONTWRITEBYTECODE", "OKRCTL_NO_CACHE", "OKRCTL_CACHE_DIR")
    },
    "NO_COLOR": "1",
}
EDITED = 10  # files edited before each run of "lint, 10 files edited"


def run_once(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall time, peak RSS (MB) and exit code of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode >= 2 and "yamllint" not in argv[0]:
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {stderr[-500:]}")
    # ru_maxrss is in kilobytes on Linux; the peak of this one child (and its workers, which
    # are counted separately by the kernel: their peaks are reported by the pool, not here).
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def measure(name: str, argv: list[str], cwd: Path, runs: int, size: int | None) -> Timing:
    if runs > 1:
        run_once(argv, cwd)  # warm-up: bytecode written, files in the page cache
    return timing_of(name, size, [run_once(argv, cwd) for _ in range(runs)])


def measure_interleaved(
    commands: list[tuple[str, list[str], int | None]], cwd: Path, runs: int
) -> list[Timing]:
    """Time short commands in turns (a, b, c, a, b, c, ...) rather than one after another, so
    that a machine that speeds up or slows down during the runs (a shared VM, a CPU changing
    clock) moves every command's median alike and their ratios stay true."""
    for _, argv, _ in commands:
        run_once(argv, cwd)  # warm-up
    results: list[list[tuple[float, float, int]]] = [[] for _ in commands]
    for _ in range(runs):
        for index, (_, argv, _) in enumerate(commands):
            results[index].append(run_once(argv, cwd))
    return [
        timing_of(name, size, result)
        for (name, _, size), result in zip(commands, results, strict=True)
    ]


def measure_edited(
    argv: list[str],
    tree: Path,
    runs: int,
    size: int,
    chosen: list[Path] | None = None,
    name: str = f"okrctl lint, {EDITED} files edited (cache)",
) -> Timing:
    """`argv` after editing EDITED goal files (or those `chosen`) before each run (a comment
    appended: new bytes, the same findings), the way a commit changes a few files of a tree;
    the files are put back afterwards."""
    if chosen is None:
        files = sorted(p for p in tree.rglob("*.yaml") if p.name != "okrctl.yaml")
        step = max(1, len(files) // EDITED)
        chosen = files[::step][:EDITED]
    originals = {path: path.read_bytes() for path in chosen}
    run_once(argv, tree)  # warm-up: the cache filled
    results = []
    try:
        for number in range(runs):
            for path, data in originals.items():
                path.write_bytes(data + f"# edit {number}\n".encode())
            results.append(run_once(argv, tree))
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    return timing_of(name, size, results)


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def timing_of(name: str, size: int | None, results: list[tuple[float, float, int]]) -> Timing:
    times = [r[0] for r in results]
    timing = Timing(
        name,
        size,
        statistics.median(times),
        [round(t, 4) for t in times],
        round(max(r[1] for r in results), 1),
        [r[2] for r in results],
    )
    label = f"{name} [{size} files]" if size is not None else name
    print(f"  {label:<44} {timing.median_s:8.3f}s   {timing.peak_rss_mb:7.1f} MB", flush=True)
    return timing


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b > 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=30)
    parser.add_argument(
        "--yamllint-runs", type=int, default=1, help="yamllint takes minutes on large trees"
    )
    parser.add_argument("--output", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--workdir", type=Path, help="where to generate trees (default: temp)")
    args = parser.parse_args()

    okrctl = okrctl_command()
    yamllint = shutil.which("yamllint")
    python = sys.executable
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="okrctl-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    # A folder of its own: a named file is linted with the goal tree around it, and the
    # generated trees must not be that tree.
    small = workdir / "small"
    small.mkdir(exist_ok=True)
    (small / "small.yaml").write_text(SMALL_FILE, encoding="utf-8")
    timings: list[Timing] = []
    sizes: dict[str, float] = {}

    print(f"okrctl benchmark on {platform.node()} ({os.cpu_count()} cores), runs: {args.runs}")
    print("start-up:")
    startup = [
        ("python -c 'import typer'", [python, "-c", "import typer"]),
        ("okrctl --version", [*okrctl, "--version"]),
        ("okrctl --help", [*okrctl, "--help"]),
        (STACK, [python, "-c", IMPORT_STACK]),
        # What the start-up ratio is made of: the least a pydantic model costs, and okrctl's
        # own models built (with pydantic's plugins off, as okrctl runs them).
        ("pydantic floor (import stack + one model)", [python, "-c", PYDANTIC_FLOOR]),
        ("okrctl models built", [python, "-c", MODELS_BUILT]),
        # Each command on a one-file tree: the fixed start-up, for scaling net of it. Lint's
        # is the start-up target too: one small file, named as pre-commit names it.
        ("okrctl lint", [*okrctl, "--no-cache", "lint", "small/small.yaml"]),
        (
            "okrctl score",
            [*okrctl, "--no-cache", "score", "--as-of", AS_OF, "--format", "json", "small"],
        ),
        (
            "okrctl kpi check",
            [*okrctl, "--no-cache", "kpi", "check", "--as-of", AS_OF, "-f", "json", "small"],
        ),
        (
            "okrctl review",
            [*okrctl, "--no-cache", "review", "--as-of", AS_OF, "--format", "json", "small"],
        ),
    ]
    if yamllint:
        startup.append(("yamllint (small file)", [yamllint, "-f", "parsable", "small/small.yaml"]))
    jsonschema = shutil.which("check-jsonschema")
    if jsonschema:
        schema = workdir / "okrctl-goal-file.schema.json"
        with schema.open("w", encoding="utf-8") as handle:
            subprocess.run([*okrctl, "schema"], stdout=handle, check=True, env=CHILD_ENV)
        startup.append(
            (
                "check-jsonschema (small file)",
                [jsonschema, "--schemafile", str(schema), "small/small.yaml"],
            )
        )
    timings += measure_interleaved(
        [(name, argv, 1 if name in COMMANDS else None) for name, argv in startup],
        workdir,
        args.startup_runs,
    )

    for size in args.sizes:
        tree = workdir / f"tree-{size}"
        if not tree.exists():
            generate(tree, size)
        print(
            f"tree of {size} files ({sum(f.stat().st_size for f in tree.rglob('*')) / 1e6:.1f} MB):"
        )
        uncached = [*okrctl, "--no-cache"]
        review = ["review", "--as-of", AS_OF, "--format", "json", "."]
        if yamllint:
            yamllint_argv = [yamllint, "-f", "parsable", "."]
            timings.append(measure("yamllint", yamllint_argv, tree, args.yamllint_runs, size))
        # In turns (floor, lint, score, ..., cold, floor, lint, ...): the ratios between them
        # (each command to the floor, to lint; the cold cache to lint without it) are then of
        # runs made at the same moments, whatever the machine does meanwhile.
        timings += measure_interleaved(
            [
                ("floor (C event parse)", [python, str(HERE / "floor.py"), "."], size),
                ("okrctl lint", [*uncached, "lint", "."], size),
                (
                    "okrctl score",
                    [*uncached, "score", "--as-of", AS_OF, "--format", "json", "."],
                    size,
                ),
                (
                    "okrctl kpi check",
                    [*uncached, "kpi", "check", "--as-of", AS_OF, "-f", "json", "."],
                    size,
                ),
                ("okrctl review", [*uncached, *review], size),
                # Issue 17: the cache of read files (.okrctl_cache in the tree), emptied and
                # filled by each run.
                ("okrctl lint, cold cache", [*okrctl, "--clear-cache", "lint", "."], size),
            ],
            tree,
            args.runs,
        )
        # Warm: after the last cold run filled the cache (the review's output kept by its
        # untimed warm-up run).
        for name, argv in [
            ("okrctl lint, warm cache", [*okrctl, "lint", "."]),
            ("okrctl review, warm cache", [*okrctl, *review]),
        ]:
            timings.append(measure(name, argv, tree, args.runs, size))
        sizes[f"cache bytes / tree bytes [{size}]"] = round(
            folder_bytes(tree / ".okrctl_cache")
            / (folder_bytes(tree) - folder_bytes(tree / ".okrctl_cache")),
            3,
        )
        timings.append(measure_edited([*okrctl, "lint", "."], tree, args.runs, size))
        # One file of the tree, as the pre-commit hook lints it (the tree around it read, from
        # the cache), beside the same file alone in a folder of its own.
        one = sorted(p for p in tree.rglob("*.yaml") if p.name != "okrctl.yaml")[-1]
        alone = workdir / f"alone-{size}"
        alone.mkdir(exist_ok=True)
        shutil.copy(one, alone / one.name)
        timings += measure_interleaved(
            [
                ("okrctl lint ONE_FILE in the tree, warm cache", [*okrctl, "lint", str(one)], size),
                ("okrctl lint ONE_FILE alone", [*okrctl, "lint", str(alone / one.name)], size),
            ],
            workdir,  # no okrctl.yaml here: each file finds its own (the tree's, or none)
            args.runs,
        )
        # What the hook does on a commit: that file edited, then linted in the tree.
        timings.append(
            measure_edited(
                [*okrctl, "lint", str(one)],
                tree,
                args.runs,
                size,
                [one],
                "okrctl lint ONE_FILE in the tree, after editing it (cache)",
            )
        )

    def get(name: str, size: int | None = None) -> float:
        return next(t.median_s for t in timings if t.name == name and t.size == size)

    ratios: dict[str, float | None] = {
        "version / import typer": ratio(get("okrctl --version"), get("python -c 'import typer'")),
        "help / import typer": ratio(get("okrctl --help"), get("python -c 'import typer'")),
        "lint small file / import stack": ratio(get("okrctl lint", 1), get(STACK)),
        "pydantic floor / import stack": ratio(
            get("pydantic floor (import stack + one model)"), get(STACK)
        ),
        "okrctl models built / import stack": ratio(get("okrctl models built"), get(STACK)),
    }
    if yamllint:
        ratios["lint small file / yamllint"] = ratio(
            get("okrctl lint", 1), get("yamllint (small file)")
        )
    if any(t.name == "check-jsonschema (small file)" for t in timings):
        ratios["lint small file / check-jsonschema"] = ratio(
            get("okrctl lint", 1), get("check-jsonschema (small file)")
        )
    for size in args.sizes:
        lint = get("okrctl lint", size)
        floor = get("floor (C event parse)", size)
        ratios[f"lint / floor [{size}]"] = ratio(lint, floor)
        # Issue 17's targets.
        ratios[f"warm lint / floor [{size}]"] = ratio(get("okrctl lint, warm cache", size), floor)
        ratios[f"lint, {EDITED} files edited / floor [{size}]"] = ratio(
            get(f"okrctl lint, {EDITED} files edited (cache)", size), floor
        )
        ratios[f"cold lint / lint without cache [{size}]"] = ratio(
            get("okrctl lint, cold cache", size), lint
        )
        ratios[f"warm review / floor [{size}]"] = ratio(
            get("okrctl review, warm cache", size), floor
        )
        ratios[f"lint ONE_FILE edited in tree / ONE_FILE alone [{size}]"] = ratio(
            get("okrctl lint ONE_FILE in the tree, after editing it (cache)", size),
            get("okrctl lint ONE_FILE alone", size),
        )
        ratios[f"warm lint ONE_FILE in tree / ONE_FILE alone [{size}]"] = ratio(
            get("okrctl lint ONE_FILE in the tree, warm cache", size),
            get("okrctl lint ONE_FILE alone", size),
        )
        ratios[f"cache bytes / tree bytes [{size}]"] = sizes[f"cache bytes / tree bytes [{size}]"]
        if yamllint:
            ratios[f"lint / yamllint [{size}]"] = ratio(lint, get("yamllint", size))
        for command in ("okrctl score", "okrctl kpi check", "okrctl review"):
            ratios[f"{command.split(' ', 1)[1]} / lint [{size}]"] = ratio(get(command, size), lint)
    if len(args.sizes) > 1:
        # The measure is time(5,000) / time(500); other sizes fall back to the extremes.
        large = max(args.sizes)
        small = large // 10 if large // 10 in args.sizes else min(args.sizes)
        for command in (*COMMANDS, "floor (C event parse)", "yamllint"):
            if not any(t.name == command for t in timings):
                continue
            short = command.removeprefix("okrctl ")
            ratios[f"{short} scaling {large}/{small} (linear: {large / small:g})"] = ratio(
                get(command, large), get(command, small)
            )
            if command in COMMANDS:
                # Net of the fixed start-up (the same command on a one-file tree): a program
                # whose time is a + b * files scores (large - 1) / (small - 1) here.
                fixed = get(command, 1)
                ratios[
                    f"{short} scaling net of start-up {large}/{small} "
                    f"(linear: {(large - 1) / (small - 1):.3g})"
                ] = ratio(get(command, large) - fixed, get(command, small) - fixed)
    print("ratios:")
    for name, value in ratios.items():
        print(f"  {name:<52} {value}")
    result = {
        "machine": {
            "node": platform.node(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "runs": args.runs,
        "timings": [asdict(t) for t in timings],
        "ratios": ratios,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()

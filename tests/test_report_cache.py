"""The report cache (issue 17): a report command run again on the very same inputs writes
what it wrote, byte for byte, without parsing, linting or computing (commands/pipeline.py).

Every test works on a copy of the example tree in a temporary folder (no cache is written
into examples/), with the cache on (OKRCTL_NO_CACHE unset) and compared with `--no-cache`.
"""

from __future__ import annotations

import io
import marshal
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from okrctl import reports
from okrctl.commands.emit import emit, put_out, render
from okrctl.linting import LintResult
from okrctl.load.cache import _RESULT_MAGIC, _sealed, _unwrap
from okrctl.terminal import Terminal
from tests.conftest import SetDay, okrctl
from tests.test_cache import AS_OF, ON, copy_examples

# Each report command, its words, and the formats of its registry.
COMMANDS: list[tuple[tuple[str, ...], reports.Registry[object]]] = [
    (("score",), reports.SCORE),  # type: ignore[list-item]
    (("tree",), reports.TREE),  # type: ignore[list-item]
    (("kpi", "check"), reports.KPI),  # type: ignore[list-item]
    (("suggest",), reports.SUGGEST),  # type: ignore[list-item]
    (("review",), reports.REVIEW),  # type: ignore[list-item]
    (("impact",), reports.IMPACT),  # type: ignore[list-item]
    (("calibration",), reports.CALIBRATION),  # type: ignore[list-item]
]
EACH_FORMAT = [
    pytest.param((*words, "--format", name), id=f"{' '.join(words)}-{name}")
    for words, registry in COMMANDS
    for name in registry.names
]

Run = tuple[int, str, str]


def run(
    tree: Path, *args: str, cache: bool = True, env: dict[str, str | None] | None = None
) -> Run:
    words = args if cache else ("--no-cache", *args)
    result = okrctl(*words, cwd=tree, env={**ON, **(env or {})})
    return result.returncode, result.stdout, result.stderr


def reports_kept(tree: Path) -> dict[Path, tuple[int, tuple[tuple[str, str], ...]]]:
    """The report entries of the cache (status, texts), by file; lint results left out."""
    kept = {}
    for entry in (tree / ".okrctl_cache").glob("result-*.okc"):
        value = _unwrap(entry.read_bytes(), _RESULT_MAGIC, entry.name[7:-4])
        if type(value) is tuple and len(value) == 2 and type(value[0]) is int:
            kept[entry] = value
    return kept


def rewrite(entry: Path, value: Any) -> None:
    """Write `value` into a result entry, whole and with a valid checksum."""
    key = entry.name[len("result-") : -len(".okc")]
    entry.write_bytes(_sealed(_RESULT_MAGIC, marshal.dumps((key, value))))


def cold_warm_without(tree: Path, *args: str, env: dict[str, str | None] | None = None) -> Run:
    """Run without the cache, then twice with it: all three the same; the run."""
    without = run(tree, *args, cache=False, env=env)
    cold = run(tree, *args, env=env)
    warm = run(tree, *args, env=env)
    assert cold == without, args
    assert warm == without, args
    return without


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the examples for the tests that only read it (each run keys its own
    entries; the folder's cache fills up as they run)."""
    return copy_examples(tmp_path_factory.mktemp("examples"))


@pytest.mark.parametrize("args", EACH_FORMAT)
def test_every_format_replays_what_a_run_without_cache_writes(
    examples: Path, args: tuple[str, ...]
) -> None:
    code, out, _ = cold_warm_without(examples, *args, "--as-of", AS_OF, ".")
    assert out and code == (1 if args[0] == "kpi" else 0)  # the examples have a breach


@pytest.mark.parametrize(
    "args",
    [
        ("score", "--period", "2026-Q3"),
        ("score", "--team", "support", "--format", "markdown"),
        ("tree", "--rollup"),
        ("review", "--cadence", "monthly", "--format", "html"),
        ("review", "--team", "support", "--link", "https://example.com/r", "--format", "slack"),
        ("review", "--period", "2026-Q3", "--format", "teams"),
        ("impact", "--period", "2026-Q2"),
        ("calibration", "--since", "2025-Q1"),
        ("kpi", "check", "--team", "support"),
    ],
)
def test_options_replay_their_own_output(examples: Path, args: tuple[str, ...]) -> None:
    cold_warm_without(examples, *args, "--as-of", AS_OF, ".")


def test_width_colour_and_columns_are_in_the_key(examples: Path) -> None:
    args = ("review", "--as-of", AS_OF, ".")
    narrow = cold_warm_without(examples, *args, "--width", "60")
    wide = cold_warm_without(examples, *args, "--width", "140")
    columns = cold_warm_without(examples, *args, env={"COLUMNS": "100"})
    colour = cold_warm_without(examples, *args, env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    plain = cold_warm_without(examples, *args)
    assert len({narrow[1], wide[1], columns[1], colour[1], plain[1]}) == 5
    assert "\x1b[" in colour[1] and "\x1b[" not in plain[1]


@pytest.mark.parametrize("name", reports.REVIEW.names)
def test_output_file_and_the_text_beside_it(tmp_path: Path, name: str) -> None:
    tree = copy_examples(tmp_path)
    written = {}
    for how in ("without", "cold", "warm"):
        target = tmp_path / f"review-{how}"
        # In GitHub Actions: no report format here writes a job summary, cached or not.
        summary = tmp_path / f"summary-{how}"
        summary.write_text("an earlier step\n")
        args = ("review", "--as-of", AS_OF, "--format", name, "--output", str(target), ".")
        env: dict[str, str | None] = {"GITHUB_STEP_SUMMARY": str(summary)}
        code, out, err = run(tree, *args, cache=how != "without", env=env)
        written[how] = (code, out, err, target.read_text(), summary.read_text())
    assert written["cold"] == written["without"] == written["warm"]
    assert written["warm"][3]  # the file has the report
    if name != "text":
        assert written["warm"][1] == run(tree, "review", "--as-of", AS_OF, ".")[1]


def test_kpi_check_replays_its_exit_status_for_each_fail_on(examples: Path) -> None:
    statuses = set()
    for fail_on in ("breach", "warn", "stale", "never"):
        args = ("kpi", "check", "--as-of", AS_OF, "--fail-on", fail_on, ".")
        code, _, _ = cold_warm_without(examples, *args)
        statuses.add(code)
    assert statuses == {0, 1}  # the examples have a breach: `never` passes, `breach` fails


def test_warnings_and_skip_invalid_errors(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    broken = tree / "support" / "kpis.yaml"
    broken.write_text(broken.read_text() + "\nkpis: [1, 2]\n")
    for words in (("review",), ("score",), ("kpi", "check"), ("suggest",)):
        refused = cold_warm_without(tree, *words, "--as-of", AS_OF, ".")
        assert refused[0] == 2 and "the goal tree has" in refused[2]  # refused alike
        skipped = cold_warm_without(tree, *words, "--as-of", AS_OF, "--skip-invalid", ".")
        assert "support/kpis.yaml" in skipped[1]


def test_a_change_of_any_input_is_a_miss_with_the_new_output(
    tmp_path: Path, on_day: SetDay
) -> None:
    tree = copy_examples(tmp_path)
    base = ("review", "--format", "json", ".")
    seen = {cold_warm_without(tree, *base, "--as-of", AS_OF)[1]}
    count = len(reports_kept(tree))
    changes: list[tuple[str, ...]] = [
        (*base, "--as-of", "2026-11-01"),  # another as-of
        (*base, "--as-of", "end-of-period"),  # the end of each period
        (*base, "--as-of", AS_OF, "--team", "support"),  # an option
        (*base, "--as-of", AS_OF, "--cadence", "quarterly"),
        ("review", "--format", "markdown", "--as-of", AS_OF, "."),  # another format
        ("score", "--format", "json", "--as-of", AS_OF, "."),  # another command
    ]
    for args in changes:
        seen.add(cold_warm_without(tree, *args)[1])
        assert len(reports_kept(tree)) == count + 1, args
        count += 1
    assert len(seen) == len(changes) + 1
    # Today (no --as-of: the default date, and the lint's day, follow it), a config change
    # (a comment: the same settings, other bytes), an edited goal file: each a new entry.
    for day in (date(2026, 11, 29), date(2026, 12, 2)):
        on_day(day)
        seen.add(cold_warm_without(tree, *base)[1])
        assert len(reports_kept(tree)) == count + 1
        count += 1
    assert len(seen) == len(changes) + 3
    config = tree / "okrctl.yaml"
    config.write_text(config.read_text() + "\n# a comment\n")
    cold_warm_without(tree, *base)
    edited = tree / "support" / "kpis.yaml"
    edited.write_text(edited.read_text().replace("title: ", "title: Edited ", 1))
    assert "Edited" in cold_warm_without(tree, *base)[1]
    assert len(reports_kept(tree)) == count + 2


def test_the_key_not_the_text_is_trusted(tmp_path: Path) -> None:
    """Proof that a hit computes nothing: an entry whose text was changed on disk, whole and
    with a valid checksum, is written as it is. The cache is trusted for what its key names
    (the files' bytes, the settings, okrctl's code), as the goal files' entries are."""
    tree = copy_examples(tmp_path)
    args = ("kpi", "check", "--as-of", AS_OF, ".")
    code, out, _ = cold_warm_without(tree, *args)
    ((entry, (status, texts)),) = reports_kept(tree).items()
    assert (status, texts) == (code, (("out", out),))
    rewrite(entry, (7, (("out", "replayed, not computed\n"),)))
    assert run(tree, *args) == (7, "replayed, not computed\n", "")


@pytest.mark.parametrize(
    "value",
    [
        None,
        (0,),
        (0, "text"),
        ("0", (("out", "x"),)),
        (True, (("out", "x"),)),
        (0, (("file", "x"),)),  # a text for another place
        (0, (("out", "x"), ("out", "y"))),  # one text too many
        (0, (("out", b"bytes"),)),
        (0, (["out", "x"],)),
    ],
)
def test_an_entry_of_another_shape_is_a_miss_and_rewritten(tmp_path: Path, value: object) -> None:
    tree = copy_examples(tmp_path)
    args = ("score", "--as-of", AS_OF, ".")
    expected = cold_warm_without(tree, *args)
    ((entry, kept),) = reports_kept(tree).items()
    rewrite(entry, value)
    assert run(tree, *args) == expected
    assert reports_kept(tree)[entry] == kept  # rewritten


@pytest.mark.parametrize("how", ["truncated", "a byte flipped", "empty"])
def test_a_corrupt_entry_is_a_miss_and_rewritten(tmp_path: Path, how: str) -> None:
    tree = copy_examples(tmp_path)
    args = ("review", "--as-of", AS_OF, ".")
    expected = cold_warm_without(tree, *args)
    ((entry, kept),) = reports_kept(tree).items()
    data = entry.read_bytes()
    damaged = {
        "truncated": data[: len(data) // 2],
        "a byte flipped": data[:-10] + bytes([data[-10] ^ 0x20]) + data[-9:],
        "empty": b"",
    }[how]
    entry.write_bytes(damaged)
    assert run(tree, *args) == expected
    assert reports_kept(tree)[entry] == kept


def test_verbose_says_the_report_came_from_the_cache(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    args = ("-v", "score", "--as-of", AS_OF, ".")
    first = run(tree, *args)
    assert "the report came from the cache" not in first[2]
    second = run(tree, *args)
    assert "okrctl: the report came from the cache" in second[2]
    assert second[1] == first[1]
    off = run(tree, *args, cache=False)
    assert "from the cache" not in off[2]


def test_no_cache_keeps_nothing(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    run(tree, "review", "--as-of", AS_OF, ".", cache=False)
    run(tree, "score", "--as-of", AS_OF, ".", env={"OKRCTL_NO_CACHE": "1"})
    assert not (tree / ".okrctl_cache").exists()


def test_render_and_put_out_write_what_emit_writes(tmp_path: Path) -> None:
    """The pieces the pipeline keeps, written again, are emit()'s bytes in emit()'s places:
    the terminal, the --output file, and the job summary (lint's github format writes one)."""
    result = LintResult((), 3)
    for name in reports.LINT.names:
        for output in (None, tmp_path / "report"):
            written = []
            for how in ("emit", "replay"):
                summary = tmp_path / f"summary-{how}"
                summary.write_text("earlier step\n")
                out, err = io.StringIO(), io.StringIO()
                environ = {"GITHUB_STEP_SUMMARY": str(summary)}
                terminal = Terminal(out, err, color=True, width=90, environ=environ)
                if how == "emit":
                    emit(result, reports.LINT, name, terminal, output, width=70)
                else:
                    texts = render(result, reports.LINT, name, terminal, output, width=70)
                    put_out(texts, terminal, output)
                file = output.read_text() if output is not None else None
                written.append((out.getvalue(), err.getvalue(), summary.read_text(), file))
            assert written[0] == written[1], (name, output)

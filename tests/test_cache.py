"""The cache of read goal files (issue 17): a warm run says what a run without it says.

Every test here works on copies of the example tree in a temporary folder, so no cache is ever
written into examples/; the cache is on only where a test turns it on (`caching`, or
OKRCTL_NO_CACHE unset for one call).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from okrctl.load import statindex
from okrctl.load.cache import (
    _LARGEST,
    _MAGIC,
    _PACK_MAGIC,
    _RESULT_MAGIC,
    FORMAT,
    _opened,
    _read_table,
    _sealed,
    _unwrap,
    decode,
)
from tests.conftest import EXAMPLES, REPO, SetDay, okrctl

ON = {"OKRCTL_NO_CACHE": None}
AS_OF = "2026-11-22"
COMMANDS = [
    ("lint", "--format", "json", "."),
    ("lint", "--format", "sarif", "."),
    ("lint", "."),
    ("score", "--as-of", AS_OF, "--format", "json", "."),
    ("score", "--as-of", AS_OF, "."),
    ("kpi", "check", "--as-of", AS_OF, "--format", "json", "."),
    ("review", "--as-of", AS_OF, "--format", "json", "."),
    ("review", "--as-of", AS_OF, "--format", "markdown", "."),
    ("suggest", "--as-of", AS_OF, "--format", "json", "."),
    ("tree", "--as-of", AS_OF, "."),
]


def copy_examples(into: Path) -> Path:
    tree = into / "tree"
    shutil.copytree(EXAMPLES, tree, ignore=shutil.ignore_patterns(".okrctl_cache"))
    return tree


def packs(tree: Path) -> list[Path]:
    """The files the entries of goal files are written in, many to a file."""
    return sorted((tree / ".okrctl_cache").glob("pack-*.okc"))


def entries(tree: Path) -> dict[str, bytes]:
    """The entries of goal files in the packs whose table is whole, by key (not the results
    of whole trees, nor the stat index)."""
    found: dict[str, bytes] = {}
    for pack in packs(tree):
        data = pack.read_bytes()
        handle = os.open(pack, os.O_RDONLY)
        try:
            table = _read_table(handle, pack.name) or []
        finally:
            os.close(handle)
        for key, offset, length, _ in table:
            found.setdefault(key, data[offset : offset + length])
    return found


def goal_files(tree: Path) -> int:
    """How many goal files the tree has (the examples grow)."""
    return sum(1 for path in tree.rglob("*.yaml") if path.name != "okrctl.yaml")


def results(tree: Path) -> list[Path]:
    """The entries of whole trees' lint results (not what the per-file rules found by file,
    `result-files-*`)."""
    found = (tree / ".okrctl_cache").glob("result-*.okc")
    return sorted(
        entry for entry in found if not entry.name.startswith(("result-files-", "result-teams-"))
    )


def replayed(tree: Path) -> list[Path]:
    """Every entry a lint of an unchanged tree answers from without reading a goal file's
    entry: the whole trees' results and what was kept by team (`result-teams-*`)."""
    return [*results(tree), *sorted((tree / ".okrctl_cache").glob("result-teams-*.okc"))]


def run(
    tree: Path, *args: str, cache: bool = True, env: Mapping[str, str | None] | None = None
) -> tuple[int, str, str]:
    words = args if cache else ("--no-cache", *args)
    result = okrctl(*words, cwd=tree, env={**ON, **(env or {})})
    return result.returncode, result.stdout, result.stderr


def lint_in_process(tree: Path, limit: Callable[[], None]) -> subprocess.CompletedProcess[str]:
    """`okrctl lint --format json .` with the cache on, in a process of its own whose limits
    `limit` sets before it starts (what the process is is what is tested)."""
    env = {k: v for k, v in os.environ.items() if k != "OKRCTL_NO_CACHE"}
    argv = [sys.executable, "-m", "okrctl", "lint", "--format", "json", "."]
    return subprocess.run(
        argv, cwd=tree, env=env, capture_output=True, text=True, preexec_fn=limit, timeout=120
    )


def assert_same_as_without(
    tree: Path, *args: str, env: Mapping[str, str | None] | None = None
) -> None:
    cached = run(tree, *args, env=env)
    uncached = run(tree, *args, cache=False)
    assert cached[:2] == uncached[:2], args


def test_every_command_says_the_same_cold_warm_and_without(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    run(tree, *COMMANDS[0], cache=False)
    assert not (tree / ".okrctl_cache").exists()  # --no-cache neither reads nor writes
    for args in COMMANDS:
        without = run(tree, *args, cache=False)
        cold = run(tree, *args)
        warm = run(tree, *args)
        assert cold[:2] == without[:2] == warm[:2], args
    goal_files = [p for p in tree.rglob("*.yaml") if p.name != "okrctl.yaml"]
    assert len(entries(tree)) == len(goal_files)
    assert (tree / ".okrctl_cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_verbose_says_how_many_files_came_from_the_cache(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    first = okrctl("-v", "lint", ".", cwd=tree, env=ON)
    assert "0 from the cache" in first.stderr
    second = okrctl("-v", "lint", ".", cwd=tree, env=ON)
    assert f"{goal_files(tree)} from the cache)" in second.stderr
    (tree / "support" / "kpis.yaml").write_text(
        (tree / "support" / "kpis.yaml").read_text() + "\n# edited\n"
    )
    third = okrctl("-v", "lint", ".", cwd=tree, env=ON)
    assert f"{goal_files(tree) - 1} from the cache)" in third.stderr
    off = okrctl("-v", "--no-cache", "lint", ".", cwd=tree, env=ON)
    assert "from the cache" not in off.stderr


def test_a_file_named_alone_is_linted_against_the_cached_tree(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    run(tree, "lint", ".")
    named = ("lint", "--format", "json", "support/2026-Q4.yaml")
    assert_same_as_without(tree, *named)
    # The same bytes under another name are the same entry, shown under the new name.
    shutil.copy(tree / "support" / "2026-Q4.yaml", tree / "support" / "copy.yaml")
    code, out, _ = run(tree, "lint", "--format", "json", ".")
    assert "support/copy.yaml" in out
    assert (code, out) == run(tree, "lint", "--format", "json", ".", cache=False)[:2]


# -- random edits, renames, deletions and config changes between runs --------------------------

EDITS = st.sampled_from(
    [
        ("append", "\n# a comment\n"),
        ("append", "\nkpis:\n  - id: extra\n    title: Extra\n    owner: lin\n"),
        ("append", "\n  - {}\n"),
        ("append", "\nobjectives: [1, 2, 3]\n"),
        ("replace", ("target: ", "target: '")),
        ("replace", ("owner: lin", "owner: nobody")),
        ("replace", ("2026-Q4", "2026-Q3")),
        ("replace", ("id: ", "id: Bad_")),
        ("replace", ("  - ", "  -")),
        ("truncate", None),
        # The same size and modification time: only the change time says it changed.
        ("samesize", None),
        ("rename", None),
        ("delete", None),
        ("config", "fiscal_year_start: 10\n"),
        ("config", "lint:\n  max_findings_per_rule: 1\n"),
        ("config", "limits:\n  max_depth: 3\n"),
        ("config", "people: [lin]\n"),
        # The same bytes under another name: duplicate ids, and KPIs one file hides in the
        # other (what the per-file rules find in the hidden one is not kept by file).
        ("copy", None),
        ("copy", "kpis.yaml"),
        ("replace", ("title: ", "title: TODO ")),
        # Edits of one kind of file: a placeholder in a KPI's title (a per-file rule's
        # finding), a copy moved to another team (its KPIs no longer hide the original's).
        ("replace-in", ("kpis.yaml", "title: ", "title: TODO ")),
        ("replace-in", ("copy-kpis.yaml", "team: ", "team: other-")),
        ("prepend", "# okrctl: disable-file=placeholder,kpi-without-band\n"),
        ("config", "people: [lin, sam]\n"),
        ("config", "lint:\n  ignore: [placeholder]\n"),
        ("config", "lint:\n  rules:\n    key-result-count: {min: 3}\n"),
        # Edits across teams (linting.lint_by_team re-checks the teams they reach): an
        # objective others align to renamed, a reference or a KPI link misspelt (a hint names
        # the closest KPI of the whole tree), a file moved to another team.
        ("replace-in", ("2026.yaml", "id: ", "id: renamed-")),
        ("replace", ("aligns_to: company/", "aligns_to: compny/")),
        ("replace", ("kpi: ", "kpi: x")),
        ("replace", ("team: ", "team: other-")),
        # Back to the tree as first read: every entry, and the first run's result, is valid
        # again and replayed.
        ("revert", None),
    ]
)


def _apply(tree: Path, edit: tuple[str, object], pick: int) -> None:
    kind, detail = edit
    if kind == "revert":
        for path in tree.iterdir():
            if path.name != ".okrctl_cache":
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        shutil.copytree(
            EXAMPLES, tree, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".okrctl_cache")
        )
        return
    if kind == "config":
        config = tree / "okrctl.yaml"
        config.write_text(config.read_text() + str(detail))
        return
    files = sorted(p for p in tree.rglob("*.yaml") if p.name != "okrctl.yaml")
    if kind == "replace-in":  # (the name of the files to edit, old, new)
        name, old, new = cast(tuple[str, str, str], detail)
        files = [path for path in files if path.name == name]
        detail = (old, new)
    elif kind == "copy" and detail:  # only files of this name
        files = [path for path in files if path.name == detail]
    if not files:
        return
    target = files[pick % len(files)]
    text = target.read_text()
    if kind == "append":
        target.write_text(text + str(detail))
    elif kind in ("replace", "replace-in"):
        old, new = cast(tuple[str, str], detail)
        target.write_text(text.replace(old, new, 1))
    elif kind == "prepend":
        target.write_text(str(detail) + text)
    elif kind == "copy":
        shutil.copy(target, target.with_name("copy-" + target.name))
    elif kind == "truncate":
        target.write_text(text[: len(text) // 2])
    elif kind == "samesize":
        before = target.stat()
        at = max(0, text.find("owner: ") + len("owner: "))
        target.write_text(text[:at] + ("X" if text[at : at + 1] != "X" else "Y") + text[at + 1 :])
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif kind == "rename":
        target.rename(target.with_name("renamed-" + target.name))
    else:
        target.unlink()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(st.tuples(EDITS, st.integers(0, 50)), min_size=1, max_size=4))
# A KPI file copied hides the original's KPIs until the copy moves to another team: what the
# per-file rules found in the original meanwhile was kept by file, then replayed stale.
@example(
    steps=[
        (("replace-in", ("kpis.yaml", "title: ", "title: TODO ")), 0),
        (("copy", "kpis.yaml"), 0),
        (("replace-in", ("copy-kpis.yaml", "team: ", "team: other-")), 0),
    ]
)
def test_warm_runs_after_random_changes_equal_runs_without_cache(
    steps: list[tuple[tuple[str, object], int]],
) -> None:
    # Files count as settled as soon as made, so the stat index vouches for the unchanged
    # ones (else none of these files, all just written, would be: tests/test_stat_index.py).
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(statindex, "MARGIN_NS", -60_000_000_000)
        tree = copy_examples(Path(folder))
        lint = ("lint", "--format", "json", ".")
        score = ("score", "--as-of", AS_OF, "--format", "json", ".")
        review = ("review", "--as-of", AS_OF, "--format", "json", ".")
        named = ("lint", "--format", "json", "support/2026-Q4.yaml")
        # Some rules only: another selection's per-file entry, and the rules in two
        # processes (OKRCTL_JOBS=2) whatever the tree's size.
        some = ("lint", "--format", "json", "--select", "placeholder,duplicate-id,OK106", ".")
        two = {"OKRCTL_JOBS": "2"}
        for args in (lint, named, some, score, review):  # fills the cache
            run(tree, *args)
        for edit, pick in steps:
            _apply(tree, edit, pick)
            # Twice: the second lint replays the result the first kept for the tree.
            for args in (lint, lint, *([named] if (tree / named[-1]).exists() else [])):
                assert_same_as_without(tree, *args)
            assert_same_as_without(tree, *some, env=two)
            # The reports (commands/pipeline.py) write what a run without the cache writes,
            # to stdout and stderr (a refused tree's errors): first a miss (or the replay of
            # a state seen before: `revert`), then a replay.
            for args in (score, review):
                without = run(tree, *args, cache=False)
                assert run(tree, *args) == without, args
                assert run(tree, *args) == without, args


# -- never trusted blindly ---------------------------------------------------------------------


def _key_of(entry: Path) -> str:
    return entry.name.removesuffix(".okc")


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty (a writer killed before it wrote)": lambda data: b"",
    "a byte flipped": lambda data: data[:-10] + bytes([data[-10] ^ 0x20]) + data[-9:],
    "another format": lambda data: data.replace(
        b"okrctl-cache %d " % FORMAT, b"okrctl-cache %d " % (FORMAT + 1), 1
    ),
    "not an entry at all": lambda data: b"\x80\x04\x95 pickled? never read\n",
}


@pytest.mark.parametrize("how", list(CORRUPTIONS))
def test_a_bad_entry_is_ignored_and_rewritten(tmp_path: Path, how: str) -> None:
    tree = copy_examples(tmp_path)
    expected = run(tree, "lint", "--format", "json", ".", cache=False)
    run(tree, "lint", ".")
    for entry in replayed(tree):  # else the tree's result is replayed, no file read
        entry.unlink()
    for pack in packs(tree):
        pack.write_bytes(CORRUPTIONS[how](pack.read_bytes()))
    verbose = okrctl("-v", "lint", "--format", "json", ".", cwd=tree, env=ON)
    assert (verbose.returncode, verbose.stdout) == expected[:2]
    assert f"{goal_files(tree)} from the cache" not in verbose.stderr
    # Rewritten, whole: every file is taken from an entry now.
    for entry in replayed(tree):
        entry.unlink()
    verbose = okrctl("-v", "lint", "--format", "json", ".", cwd=tree, env=ON)
    assert (verbose.returncode, verbose.stdout) == expected[:2]
    assert f"{goal_files(tree)} from the cache" in verbose.stderr


@pytest.mark.parametrize("how", list(CORRUPTIONS))
def test_a_bad_result_entry_is_ignored_and_rewritten(tmp_path: Path, how: str) -> None:
    tree = copy_examples(tmp_path)
    args = ("lint", "--format", "json", ".")
    expected = run(tree, *args, cache=False)
    run(tree, *args)
    (result,) = results(tree)
    data = result.read_bytes().replace(b"okrctl-result ", b"okrctl-cache ", 1)
    result.write_bytes(CORRUPTIONS[how](data).replace(b"okrctl-cache ", b"okrctl-result ", 1))
    assert run(tree, *args)[:2] == expected[:2]
    assert _unwrap(result.read_bytes(), _RESULT_MAGIC, _key_of(result)[len("result-") :])
    assert run(tree, *args)[:2] == expected[:2]


def test_a_result_entry_of_another_shape_is_a_miss(tmp_path: Path) -> None:
    """Whole and checked, but not what a lint result is: read as a miss, never trusted."""
    tree = copy_examples(tmp_path)
    args = ("lint", "--format", "json", ".")
    expected = run(tree, *args, cache=False)
    run(tree, *args)
    (result,) = results(tree)
    key = _key_of(result)[len("result-") :]
    for value in [None, (1, 2), ((("x",),), 1, ()), (((("a", "1", 1),),), 1, ("a",))]:
        result.write_bytes(_sealed(_RESULT_MAGIC, marshal.dumps((key, value))))
        assert run(tree, *args)[:2] == expected[:2], value


def test_a_result_is_kept_per_selection_day_and_files_named(tmp_path: Path, on_day: SetDay) -> None:
    """The same files under other rules, another day, or other files named: other results."""
    tree = copy_examples(tmp_path)
    for args in [
        ("lint", "--format", "json", "."),
        ("lint", "--format", "json", "--select", "duplicate-id", "."),
        ("lint", "--format", "json", "--ignore", "too-many-kpis", "."),
        ("lint", "--format", "json", "support/kpis.yaml"),
        ("lint", "--format", "json", "support/kpis.yaml", "support/2026-Q4.yaml"),
    ]:
        assert_same_as_without(tree, *args)
        assert_same_as_without(tree, *args)
    assert len(results(tree)) == 5
    for when in (date(2026, 12, 1), date(2027, 3, 1)):
        on_day(when)
        assert_same_as_without(tree, "lint", "--format", "json", ".")
        assert_same_as_without(tree, "lint", "--format", "json", ".")
    assert len(results(tree)) == 7


def _write_pack(folder: Path, rows: list[tuple[str, bytes]], name: str | None = None) -> Path:
    """A pack as okrctl writes one (FileCache._write_pack), of these (key, entry) rows."""
    name = name or "pack-" + "ab" * 16 + ".okc"
    table, offset = [], 0
    for key, entry in rows:
        table.append((key, offset, len(entry), 20000))
        offset += len(entry)
    head = _sealed(_PACK_MAGIC, marshal.dumps((name, tuple(table))))
    path = folder / name
    path.write_bytes(len(head).to_bytes(8, "big") + head + b"".join(e for _, e in rows))
    return path


def _reseal(magic: bytes, rest: bytes) -> bytes:
    """An entry with a right checksum over whatever `rest` is: what only a bug or a forger
    writes, so the checks behind the checksum are what refuses it."""
    return magic + hashlib.blake2b(rest, digest_size=16).hexdigest().encode() + b"\n" + rest


def test_an_entry_s_body_and_tail_come_back_as_sealed_and_nothing_else() -> None:
    """An entry: its body compressed behind the body's length, then the tail (the position
    tables) as it is, all under one checksum; a length that points past the end, bytes
    between the body and the tail, or a body inflating past _LARGEST are refused."""
    entry = _sealed(_RESULT_MAGIC, b"body" * 100, b"\x01\x02tail")
    body, tail = _opened(entry, _RESULT_MAGIC)
    assert (body, bytes(tail)) == (b"body" * 100, b"\x01\x02tail")
    assert _opened(_sealed(_RESULT_MAGIC, b""), _RESULT_MAGIC)[0] == b""
    with pytest.raises(ValueError, match="checksum"):
        _opened(entry[:-1], _RESULT_MAGIC)
    with pytest.raises(ValueError, match="this format"):
        _opened(entry, _PACK_MAGIC)
    packed = zlib.compress(b"body", 1)
    cases = {
        "cut short": (len(packed) + 1).to_bytes(4, "big") + packed,
        "too large, or cut short": len(packed[:-3]).to_bytes(4, "big") + packed[:-3],
        "(too large, or cut short)": (len(packed) + 2).to_bytes(4, "big") + packed + b"xy",
    }
    for why, rest in cases.items():
        with pytest.raises(ValueError, match=why.strip("()")):
            _opened(_reseal(_RESULT_MAGIC, rest), _RESULT_MAGIC)
    bomb = zlib.compress(b"\0" * (_LARGEST + 1), 9)
    with pytest.raises(ValueError, match="too large"):
        _opened(_reseal(_RESULT_MAGIC, len(bomb).to_bytes(4, "big") + bomb), _RESULT_MAGIC)


def test_an_entry_under_another_key_is_not_used(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    run(tree, "lint", ".")
    kept = entries(tree)
    (first, _), (_, second), *_ = kept.items()
    for pack in packs(tree):
        pack.unlink()
    # Whole and checked, but another file's entry under the first one's key.
    forged = _write_pack(tree / ".okrctl_cache", [(first, second)])
    for entry in replayed(tree):  # else the tree's result is replayed, no file read
        entry.unlink()
    verbose = okrctl("-v", "lint", "--format", "json", ".", cwd=tree, env=ON)
    assert (verbose.returncode, verbose.stdout) == run(
        tree, "lint", "--format", "json", ".", cache=False
    )[:2]
    assert "0 from the cache" in verbose.stderr
    forged.unlink()
    decode(entries(tree)[first], first, "shown.yaml")  # written anew, whole


def _reentered(entry: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    """An entry of goal files with its values changed by `change`, sealed again whole (a
    right checksum): what a forger could write."""
    body, tail = _opened(entry, _MAGIC)
    payload = marshal.loads(body)
    change(payload)
    return _sealed(_MAGIC, marshal.dumps(payload), bytes(tail))


def _first_model_field(payload: dict[str, Any], value: object) -> None:
    """Put `value` in the first text field of the entry's first model."""
    fields = payload["models"][0][1]
    name = next(name for name, item in fields.items() if type(item) is str)
    fields[name] = value


def _first_leaf_field(payload: dict[str, Any], value: object) -> None:
    """Put `value` in the first check-in or measurement written item by item."""

    def visit(item: object) -> bool:
        if type(item) is list and item and item[0] == "C":
            item[2] = value
            return True
        if type(item) is list:
            return any(visit(part) for part in item)
        if type(item) is dict:
            return any(visit(part) for part in item.values())
        return False

    assert visit(payload["models"])


FORGED_VALUES: dict[str, Callable[[dict[str, Any]], None]] = {
    "bytes for text": lambda p: _first_model_field(p, b"bytes"),
    "a set for text": lambda p: _first_model_field(p, {1, 2}),
    "code for text": lambda p: _first_model_field(p, compile("1", "<forged>", "eval")),
    "a tuple for text": lambda p: _first_model_field(p, ("a", "b")),
    "a dict for text": lambda p: _first_model_field(p, {"a": 1}),
    "bytes in a check-in": lambda p: _first_leaf_field(p, b"2026-10-01"),
    "bytes for the modeline": lambda p: p.__setitem__("modeline", b"x"),
    "a spelt number of bytes": lambda p: _first_model_field(p, ["S", b"12", "twelve"]),
}


@pytest.mark.parametrize("how", list(FORGED_VALUES))
def test_an_entry_holding_values_json_could_not_is_a_miss(tmp_path: Path, how: str) -> None:
    """marshal can hold what JSON could not (bytes, sets, tuples, code): an entry whose values
    are of any kind okrctl does not write is malformed (a miss, the file read again), even
    with a right checksum; never a value of the wrong kind in a model, never run."""
    tree = copy_examples(tmp_path / "t")
    expected = run(tree, "lint", "--format", "json", ".", cache=False)
    run(tree, "lint", ".")
    kept = entries(tree)
    key = next(k for k, e in kept.items() if b"measurements" in _opened(e, _MAGIC)[0])
    forged = _reentered(kept[key], FORGED_VALUES[how])
    with pytest.raises(ValueError):
        decode(forged, key, "shown.yaml")
    for pack in packs(tree):
        pack.unlink()
    _write_pack(tree / ".okrctl_cache", [(key, forged)])
    for entry in replayed(tree):
        entry.unlink()
    verbose = okrctl("-v", "lint", "--format", "json", ".", cwd=tree, env=ON)
    assert (verbose.returncode, verbose.stdout) == expected[:2]
    assert "0 from the cache" in verbose.stderr


NOT_FINITE = """\
team: support
period: 2026-Q4
owner: lin
objectives:
  - id: faster-replies
    title: Customers get answers while they still care
    key_results:
      - title: Median first-response time down to 25 minutes
        start: .inf
        target: -.inf
        checkins:
          - {date: 2026-10-15, value: .nan, confidence: .NaN}
          - {date: 2026-10-29, value: 1e400}
"""


def test_a_file_of_infinities_and_nan_is_cached_and_says_the_same(tmp_path: Path) -> None:
    """Values a file may spell but not use (`.inf`, `.nan`, 1e400: each a finding): the
    file is cached like any other (the encoder no longer refuses a float that is not
    finite; marshal writes every float exactly), and says what it says without the cache."""
    tree = copy_examples(tmp_path)
    (tree / "support" / "odd.yaml").write_text(NOT_FINITE, encoding="utf-8")
    for args in (("lint", "--format", "json", "."), ("score", "--as-of", AS_OF, "-f", "json", ".")):
        without = run(tree, *args, cache=False)
        assert run(tree, *args) == without, args
        for entry in replayed(tree):
            entry.unlink()
        verbose = okrctl("-v", *args, cwd=tree, env=ON)
        assert (verbose.returncode, verbose.stdout) == without[:2], args
        assert f"{goal_files(tree)} from the cache" in verbose.stderr


def test_a_pack_whose_table_names_another_pack_is_not_read(tmp_path: Path) -> None:
    """A pack's table names the pack: copied under another name (a backup, a sync tool),
    its places are not trusted."""
    tree = copy_examples(tmp_path)
    run(tree, "lint", ".")
    (pack,) = packs(tree)
    pack.rename(pack.with_name("pack-" + "cd" * 16 + ".okc"))
    for entry in replayed(tree):
        entry.unlink()
    verbose = okrctl("-v", "lint", "--format", "json", ".", cwd=tree, env=ON)
    assert "0 from the cache" in verbose.stderr


def test_an_entry_cut_short_in_a_pack_costs_that_file_only(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    run(tree, "lint", ".")
    kept = entries(tree)
    first = next(iter(kept))
    for pack in packs(tree):
        pack.unlink()
    rows = [(key, entry[:-3] if key == first else entry) for key, entry in kept.items()]
    _write_pack(tree / ".okrctl_cache", rows)
    for entry in replayed(tree):
        entry.unlink()
    verbose = okrctl("-v", "lint", "--format", "json", ".", cwd=tree, env=ON)
    assert (verbose.returncode, verbose.stdout) == run(
        tree, "lint", "--format", "json", ".", cache=False
    )[:2]
    assert f"{goal_files(tree) - 1} from the cache" in verbose.stderr


def test_many_packs_are_packed_into_one_keeping_what_is_in_use(tmp_path: Path) -> None:
    """Each run that parses a file writes a pack; past 16 of them the entries in use (and
    those used within a week) are packed into one, and an entry unused for longer goes."""
    tree = copy_examples(tmp_path)
    run(tree, "lint", ".")
    stale = _write_pack(
        tree / ".okrctl_cache",
        [("0" * 40, b"an entry unused for 54 years")],
        "pack-" + "ee" * 16 + ".okc",
    )
    assert len(packs(tree)) == 2
    kpis = tree / "support" / "kpis.yaml"
    original = kpis.read_text()
    for number in range(15):  # a pack each: 17 packs after the last, packed into one
        assert len(packs(tree)) == 2 + number
        kpis.write_text(original + f"# edit {number}\n")
        assert_same_as_without(tree, "lint", "--format", "json", ".")
    assert len(packs(tree)) == 1 and not stale.exists()
    kept = entries(tree)
    assert "0" * 40 not in kept
    # The tree's files, and the versions of kpis.yaml of this week.
    assert len(kept) == goal_files(tree) + 15
    for entry in replayed(tree):
        entry.unlink()
    verbose = okrctl("-v", "lint", ".", cwd=tree, env=ON)
    assert f"{goal_files(tree)} from the cache" in verbose.stderr


def test_a_half_written_temporary_file_is_left_alone_then_removed_when_old(
    tmp_path: Path,
) -> None:
    tree = copy_examples(tmp_path)
    run(tree, "lint", ".")
    folder = tree / ".okrctl_cache"
    temp = folder / ".tmp-0123456789abcdef"
    temp.write_bytes(b"okrctl-cache 1 half")
    assert_same_as_without(tree, "lint", "--format", "json", ".")
    old = 2 * 3600
    os.utime(temp, (temp.stat().st_atime - old, temp.stat().st_mtime - old))
    (tree / "support" / "kpis.yaml").write_text(
        (tree / "support" / "kpis.yaml").read_text() + "# new\n"
    )
    run(tree, "lint", ".")  # writes an entry, and cleans up after the killed writer
    assert not temp.exists()


def test_two_processes_filling_one_cache_at_once(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    for index in range(40):  # enough files that the two writers overlap
        shutil.copy(tree / "support" / "kpis.yaml", tree / "support" / f"k{index}.yaml")
        (tree / "support" / f"k{index}.yaml").write_text(
            (tree / "support" / "kpis.yaml").read_text().replace("team: support", f"team: t{index}")
        )
    expected = run(tree, "lint", "--format", "json", ".", cache=False)
    env = {k: v for k, v in os.environ.items() if k != "OKRCTL_NO_CACHE"}
    argv = [sys.executable, "-m", "okrctl", "lint", "--format", "json", "."]
    processes = [
        subprocess.Popen(argv, cwd=tree, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert all(process.returncode == expected[0] for process in processes)
    assert outputs == [expected[1], expected[1]]
    for key, entry in entries(tree).items():
        decode(entry, key, "shown.yaml")
    assert not list((tree / ".okrctl_cache").glob(".tmp-*"))
    assert_same_as_without(tree, "lint", "--format", "json", ".")


def test_a_cache_folder_that_cannot_be_made_means_no_cache(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {**ON, "OKRCTL_CACHE_DIR": str(blocker / "cache")}
    for args in (("lint", "--format", "json", "."), ("review", "--as-of", AS_OF, ".")):
        expected = run(tree, *args, cache=False)
        result = okrctl(*args, cwd=tree, env=env)
        assert (result.returncode, result.stdout, result.stderr) == expected
    verbose = okrctl("-v", "lint", ".", cwd=tree, env=env)
    assert "not used" in verbose.stderr


def test_a_read_only_cache_folder_means_running_without_it(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes into any folder: ask as a user who cannot
        _read_only_without_privileges(tmp_path)
        return
    tree = copy_examples(tmp_path)
    folder = tree / ".okrctl_cache"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        expected = run(tree, "lint", "--format", "json", ".", cache=False)
        assert run(tree, "lint", "--format", "json", ".") == expected
        assert not entries(tree)
    finally:
        folder.chmod(0o755)


def _read_only_without_privileges(tmp_path: Path) -> None:
    """The read-only case for a root test run (CI): okrctl run by root without its
    capabilities (`setpriv --bounding-set=-all`: no CAP_DAC_OVERRIDE), so a folder's mode
    binds it as it binds any user."""
    setpriv = shutil.which("setpriv")
    assert setpriv is not None, "setpriv (util-linux) drops root's capabilities here"
    tree = copy_examples(tmp_path)
    folder = tree / ".okrctl_cache"
    folder.mkdir()
    folder.chmod(0o555)
    env = {k: v for k, v in os.environ.items() if k != "OKRCTL_NO_CACHE"}
    argv = [setpriv, "--bounding-set=-all", "--inh-caps=-all", "--", sys.executable]
    lint = ["-m", "okrctl", "lint", "--format", "json", "."]

    def unprivileged(*args: str) -> tuple[int, str, str]:
        done = subprocess.run(
            [*argv, *args], cwd=tree, env=env, capture_output=True, text=True, timeout=120
        )
        return done.returncode, done.stdout, done.stderr

    # The same process cannot write there: the test tests what it means to test.
    refused = unprivileged("-c", f"open({str(folder / 'probe')!r}, 'w')")
    assert refused[0] != 0 and "PermissionError" in refused[2], refused
    expected = unprivileged(*lint[:2], "--no-cache", *lint[2:])
    assert expected[1].startswith("{"), expected
    assert unprivileged(*lint) == expected
    assert not list(folder.iterdir())


def test_a_read_only_file_system_means_running_without_it(tmp_path: Path) -> None:
    if not os.path.isdir("/proc/self"):
        pytest.skip("no /proc")
    tree = copy_examples(tmp_path)
    env = {**ON, "OKRCTL_CACHE_DIR": "/proc/self/okrctl-cache"}  # even root cannot write here
    expected = run(tree, "lint", "--format", "json", ".", cache=False)
    result = okrctl("lint", "--format", "json", ".", cwd=tree, env=env)
    assert (result.returncode, result.stdout, result.stderr) == expected


def test_a_cache_folder_linked_out_of_the_tree_is_not_followed(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (tree / ".okrctl_cache").symlink_to(outside)
    assert_same_as_without(tree, "lint", "--format", "json", ".")
    assert_same_as_without(tree, "lint", "--format", "json", ".")
    assert list(outside.iterdir()) == []


def test_an_entry_linked_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    run(tree, "lint", ".")
    for index, entry in enumerate([*replayed(tree), *packs(tree)]):
        secret = tmp_path / f"secret-{index}"
        secret.write_bytes(entry.read_bytes())
        entry.unlink()
        entry.symlink_to(secret)
    secrets = {path: path.read_bytes() for path in tmp_path.glob("secret-*")}
    assert_same_as_without(tree, "lint", "--format", "json", ".")
    # The results are replaced, the pack left as it is (a new one written): none is read
    # or written through its link.
    assert not [entry for entry in replayed(tree) if entry.is_symlink()]
    assert {path: path.read_bytes() for path in secrets} == secrets
    assert (tmp_path / "secret-0").read_bytes().startswith(b"okrctl-result")
    last = len(replayed(tree))  # the pack comes after the results
    assert (tmp_path / f"secret-{last}").read_bytes()[8:].startswith(_PACK_MAGIC)
    verbose = okrctl("-v", "lint", "--format", "json", "--select", "OK101", ".", cwd=tree, env=ON)
    assert f"{goal_files(tree)} from the cache" in verbose.stderr  # from the new pack


def test_cache_dir_in_okrctl_yaml(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    config = tree / "okrctl.yaml"
    config.write_text(config.read_text() + "cache_dir: build/okrctl-cache\n")
    assert_same_as_without(tree, "lint", "--format", "json", ".")
    assert list((tree / "build" / "okrctl-cache").glob("*.okc"))
    assert not (tree / ".okrctl_cache").exists()


@pytest.mark.parametrize("where", ["../elsewhere", "/tmp/okrctl-cache", "a/../../b", ".", "./"])
def test_cache_dir_outside_the_tree_is_a_finding(tmp_path: Path, where: str) -> None:
    tree = copy_examples(tmp_path)
    config = tree / "okrctl.yaml"
    config.write_text(config.read_text() + f"cache_dir: {where}\n")
    code, out, _ = run(tree, "lint", "--format", "json", ".", cache=False)
    found = json.loads(out)["findings"]
    assert code == 1
    assert any(
        "a folder of its own inside the folder of okrctl.yaml" in f["message"] for f in found
    )


def test_okrctl_cache_dir_from_the_environment(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    env = {**ON, "OKRCTL_CACHE_DIR": str(elsewhere)}
    first = okrctl("lint", "--format", "json", ".", cwd=tree, env=env)
    second = okrctl("-v", "lint", "--format", "json", ".", cwd=tree, env=env)
    assert first.stdout == second.stdout
    assert f"{goal_files(tree)} from the cache" in second.stderr
    assert list(elsewhere.glob("*.okc"))
    assert not (tree / ".okrctl_cache").exists()


def test_clear_cache_and_clean(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    run(tree, "lint", ".")
    assert entries(tree)
    cleared = okrctl("-v", "--clear-cache", "lint", ".", cwd=tree, env=ON)
    assert "0 from the cache" in cleared.stderr
    assert entries(tree)  # filled again
    (tree / ".okrctl_cache" / "mine.txt").write_text("not okrctl's")
    result = okrctl("clean", ".", cwd=tree, env=ON)
    assert result.returncode == 0
    assert f"removed {goal_files(tree)} cached files" in result.stdout
    assert (tree / ".okrctl_cache" / "mine.txt").exists()  # only okrctl's own files go
    assert not entries(tree)
    (tree / ".okrctl_cache" / "mine.txt").unlink()
    run(tree, "lint", ".")
    okrctl("clean", ".", cwd=tree, env=ON)
    assert not (tree / ".okrctl_cache").exists()
    again = okrctl("clean", ".", cwd=tree, env=ON)
    assert again.returncode == 0
    assert "no cache" in again.stdout


def test_a_generated_tree_read_in_parallel_says_the_same(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate  # type: ignore[import-not-found]  # bench/, on sys.path

    tree = tmp_path / "generated"
    generate(tree, 60, seed=5)
    jobs = {**ON, "OKRCTL_JOBS": "2"}  # the files missed are read by two processes
    for args in COMMANDS[:1] + COMMANDS[3:7]:
        expected = okrctl("--no-cache", *args, cwd=tree, env=jobs)
        for _ in range(2):  # cold, then warm
            result = okrctl(*args, cwd=tree, env=jobs)
            assert (result.returncode, result.stdout) == (expected.returncode, expected.stdout)
    # Each file read in parallel had its entry written (as its chunk was validated), each
    # distinct content once: a run with the tree's result left out takes every file from them.
    assert 0 < len(entries(tree)) <= goal_files(tree)
    for kept in results(tree):
        kept.unlink()
    verbose = okrctl("--verbose", "lint", "--select", "placeholder", ".", cwd=tree, env=jobs)
    assert f"{goal_files(tree)} from the cache" in verbose.stderr


def test_diff_reads_the_working_tree_through_the_cache(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=tree, check=True, capture_output=True, text=True
        ).stdout

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "goals")
    kpis = tree / "support" / "kpis.yaml"
    kpis.write_text(kpis.read_text().replace("owner: sam", "owner: lin", 1))
    run(tree, "lint", ".")  # fills the cache
    assert_same_as_without(tree, "diff", "HEAD", "--format", "json", ".")
    assert ".okrctl_cache" not in git("status", "--porcelain")  # its .gitignore keeps it out


def test_clean_never_removes_a_folder_s_own_files(tmp_path: Path) -> None:
    tree = copy_examples(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / ".gitignore").write_text("build/\n")
    (mine / "notes.txt").write_text("mine")
    # Its own files named like okrctl's, old enough to be pruned if they were okrctl's.
    own = ["notes.okc", "pack-notes.okc", "result-of-the-poll.okc", ".tmp-mine"]
    for name in own:
        (mine / name).write_text("mine")
        os.utime(mine / name, (1e9, 1e9))
    env = {**ON, "OKRCTL_CACHE_DIR": str(mine)}  # a folder named by mistake
    kpis = tree / "support" / "kpis.yaml"
    original = kpis.read_text()
    for number in range(18):  # packs written, packed into one, old files pruned
        kpis.write_text(original + f"# edit {number}\n")
        okrctl("lint", ".", cwd=tree, env=env)
    assert list(mine.glob("pack-*.okc"))
    result = okrctl("clean", ".", cwd=tree, env=env)
    assert result.returncode == 0
    assert sorted(p.name for p in mine.iterdir()) == sorted([".gitignore", "notes.txt", *own])
    assert (mine / ".gitignore").read_text() == "build/\n"


def test_a_bad_okrctl_jobs_is_a_usage_error_warm_or_cold(tmp_path: Path) -> None:
    """OKRCTL_JOBS was only read when a file was parsed or the rules ran: a warm cache that
    replayed the whole result passed a run that fails without it."""
    tree = copy_examples(tmp_path)
    run(tree, "lint", ".")  # fills the cache
    bad = {**ON, "OKRCTL_JOBS": "many"}
    for args in (("lint", "."), ("score", "--as-of", AS_OF, ".")):
        cached = okrctl(*args, cwd=tree, env=bad)
        uncached = okrctl("--no-cache", *args, cwd=tree, env=bad)
        assert cached.returncode == uncached.returncode == 2, args
        assert "OKRCTL_JOBS" in cached.stderr


def test_a_per_file_entry_of_another_shape_is_a_miss(tmp_path: Path) -> None:
    """What the per-file rules found by file (`result-files-*`), whole and checked but not
    what they can find: a rule okrctl does not have, or a problem in another file than the
    one it is kept for. A miss, never a traceback or a finding in the wrong file."""
    tree = copy_examples(tmp_path)
    args = ("lint", "--format", "json", ".")
    expected = run(tree, *args, cache=False)
    run(tree, *args)
    (kept,) = (tree / ".okrctl_cache").glob("result-files-*.okc")
    key = _key_of(kept)[len("result-") :]
    value = _unwrap(kept.read_bytes(), _RESULT_MAGIC, key)
    (shown, content, _), (other, *_), *_ = value
    forgeries = [
        ("no-such-rule", (shown, 1, 1), "forged", ()),
        ("placeholder", (other, 1, 1), "forged", ()),
        ("placeholder", (shown, 1, 1), "forged", (((other, 1, 1), "m", "l"),)),
    ]
    for forged in forgeries:
        kept.write_bytes(
            _sealed(_RESULT_MAGIC, marshal.dumps((key, ((shown, content, (forged,)), *value[1:]))))
        )
        for entry in replayed(tree):  # else the tree's result is replayed, no rule run
            entry.unlink()
        assert run(tree, *args)[:2] == expected[:2], forged


def test_a_corrupt_entry_is_not_packed_again_over_its_rewrite(tmp_path: Path) -> None:
    """A pack whose table is whole but one of whose entries is corrupt: the entry is a miss
    and rewritten in a new pack; when the packs are packed into one, the rewrite is kept,
    not the corrupt entry (which the first pack in order gave, every file read again)."""
    tree = copy_examples(tmp_path)
    run(tree, "lint", ".")
    kept = entries(tree)
    first = next(iter(kept))
    for pack in packs(tree):
        pack.unlink()
    flipped = bytearray(kept[first])
    flipped[-5] ^= 1  # the checksum no longer matches
    rows = [(key, bytes(flipped) if key == first else entry) for key, entry in kept.items()]
    _write_pack(tree / ".okrctl_cache", rows, "pack-" + "00" * 16 + ".okc")  # first in order
    kpis = tree / "support" / "kpis.yaml"
    original = kpis.read_text()
    for number in range(16):  # the rewrite, then a pack each: 17 packs, packed into one
        kpis.write_text(original + f"# edit {number}\n")
        for entry in replayed(tree):
            entry.unlink()
        run(tree, "lint", ".")
    assert len(packs(tree)) == 1
    decode(entries(tree)[first], first, "shown.yaml")  # the rewrite, whole
    for entry in replayed(tree):
        entry.unlink()
    verbose = okrctl("-v", "lint", ".", cwd=tree, env=ON)
    assert f"{goal_files(tree)} from the cache" in verbose.stderr


def test_a_pack_claiming_a_huge_table_is_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pack (sparse, or a disk image someone named so) whose first bytes claim a table of
    gigabytes: no more than an entry's most is read for it, never the whole file on each
    run (memory and time)."""
    pack = tmp_path / ("pack-" + "11" * 16 + ".okc")
    size = 3 << 30
    with pack.open("wb") as writer:
        writer.write((size - 8).to_bytes(8, "big"))
        writer.truncate(size)  # sparse: no disk used
    asked: list[int] = []
    real_pread = os.pread

    def pread(handle: int, length: int, offset: int) -> bytes:
        asked.append(length)
        return real_pread(handle, min(length, 1 << 20), offset)  # (refused either way)

    monkeypatch.setattr(os, "pread", pread)
    handle = os.open(pack, os.O_RDONLY)
    try:
        assert _read_table(handle, pack.name) is None
    finally:
        os.close(handle)
    assert max(asked) <= _LARGEST


def test_many_unreadable_packs_leave_descriptors_to_read_the_tree(tmp_path: Path) -> None:
    """Hundreds of files named like packs but no packs (left by a tool, a sync conflict):
    each is ignored, and not kept open: with a low limit of open files the tree is still read,
    never `Too many open files`."""
    import resource

    tree = copy_examples(tmp_path)
    expected = run(tree, "lint", "--format", "json", ".", cache=False)
    run(tree, "lint", ".")
    for number in range(300):
        (tree / ".okrctl_cache" / f"pack-{number:032x}.okc").write_bytes(b"no pack")
    for entry in replayed(tree):
        entry.unlink()

    def few_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200))

    done = lint_in_process(tree, few_files)
    assert (done.returncode, done.stdout) == expected[:2], done.stderr


def test_a_full_disk_leaves_no_cache_folder_without_its_gitignore(tmp_path: Path) -> None:
    """The disk full as the cache folder is made (a file can be created, not written: here
    a limit of file size): the run goes without the cache, and no folder is left with an
    empty .gitignore (its entries then never ignored by git, nor `okrctl clean` removing
    it); the next run with room makes it whole."""
    import resource
    import signal

    tree = copy_examples(tmp_path)
    expected = run(tree, "lint", "--format", "json", ".", cache=False)

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (16, 16))

    done = lint_in_process(tree, full_disk)
    assert (done.returncode, done.stdout) == expected[:2], done.stderr
    folder = tree / ".okrctl_cache"
    assert not folder.exists()
    assert run(tree, "lint", "--format", "json", ".")[:2] == expected[:2]
    assert (folder / ".gitignore").read_text() == (
        "# Created by okrctl: its cache of read goal files (`okrctl clean` removes it).\n*\n"
    )

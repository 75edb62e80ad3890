"""Each goal file is read once and parsed once, and every position (SARIF's region ends too) is
recorded on that one parse, exactly as re-tokenising the text would find it. (The layers
themselves are checked by tests/test_architecture.py.)"""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import multiprocessing
import os
import pickle
import re
import textwrap
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent

from okrctl import clock
from okrctl.cli import main
from okrctl.load import yamlparse
from okrctl.load.yamlparse import SourceMap, parse_yaml
from okrctl.source import Limits, Point, Unread
from tests.conftest import EXAMPLES, REPO

PACKAGE = REPO / "okrctl"
HOSTILE = REPO / "tests" / "data" / "hostile"


# --- positions recorded on the one parse, compared with re-tokenising the text --------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def reference_ends(text: str, starts: set[Point]) -> dict[Point, Point]:
    """SARIF region ends as okrctl used to find them: by tokenising the text again."""
    tokens: dict[Point, Point] = {}
    with contextlib.suppress(YAMLError, ValueError):
        for event in YAML(typ="safe").parse(text):
            if isinstance(event, ScalarEvent | AliasEvent):
                start, end = event.start_mark, event.end_mark
                tokens[(start.line + 1, start.column + 1)] = (end.line + 1, end.column + 1)
    lines = _LINE_BREAK.split(text)
    ends: dict[Point, Point] = {}
    for line, column in starts:
        end = tokens.get((line, column))
        if end is None and 1 <= line <= len(lines):
            end = (line, max(column, len(lines[line - 1]) + 1))
        if end is not None:
            ends[(line, column)] = end
    return ends


def probes(text: str, source: SourceMap, problems: list[Any]) -> set[Point]:
    """Starts worth asking about: every token, key and value, every problem, every line's
    first and a far column, and lines outside the file."""
    points: set[Point] = set(source.values.values()) | set(source.keys.values())
    with contextlib.suppress(YAMLError, ValueError):
        for event in YAML(typ="safe").parse(text):
            points.add((event.start_mark.line + 1, event.start_mark.column + 1))
    points.update((p.location.line, p.location.column) for p in problems)
    count = len(_LINE_BREAK.split(text))
    for line in range(0, count + 2):
        points.update({(line, 1), (line, 10_000)})
    return points


NASTY = {
    "duplicates": """\
        team: x
        team: y
        kpis:
          - id: k
            id: k2
            "title": "quoted"
            'title': again
            owner: &o lin
            *o : 3
            band: {min: 1, max: 2, min: 3}
        """,
    "complex-keys": """\
        ? [complex, key]
        : value
        ? {a: 1}
        : other
        ? |
          multi
          line
        : third
        """,
    "anchors": """\
        objectives:
          - &obj
            id: one
            title: >
              folded
              text
          - *obj
          - <<: *obj
            id: two
        """,
    "second-document": "team: two\nkpis: []\n---\nteam: second\nx: *nope\n",
    "crlf": 'team: crlf\r\nperiod: 2026-Q4\r\nnote: "multi\r\n  line"\r\nend: 1\r\n',
    "cr-only": "team: cr\rkpis: []\r",
    "unicode": 'team: ünï\ntitle: "Ça va — ✓ 日本語"\n日本: 1\n',
    "syntax-error": "team: s\nkpis:\n  - id: k\n    title: bad: colon\n    after: x\n",
    "tags": "team: !!str t\nperiod: !!int 2026\nobjectives: !!python/list [1]\nx: !custom y\n",
    "empty-values": "a:\nb: ~\nc: []\nd: {}\n- \n",
    "empty": "",
    "comment-only": "# nothing\n",
}
# Limits hit early, so composing stops with tokens still ahead (they have ends too).
SMALL = Limits(max_aliases=1, max_alias_expansion=4, max_depth=3)
LIMITED = {
    "alias-count": "a: &x 1\nb: [*x, *x, *x]\nc: after\n",
    "alias-expansion": "a: &a [1, 2, 3]\nb: [*a, *a]\nc: after\n",
    "depth": "a:\n  b:\n    c:\n      d: 1\ne: after\n",
}


def cases() -> Iterator[tuple[str, str, Limits]]:
    for name, text in NASTY.items():
        yield name, textwrap.dedent(text), Limits()
    for name, text in LIMITED.items():
        yield name, text, SMALL
    for path in sorted(HOSTILE.glob("*.yaml")) + sorted(EXAMPLES.rglob("*.yaml")):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        if any(char in text for char in "\x85\u2028\u2029"):
            continue  # refused before parsing (a line break only to YAML): no token is read
        yield path.name, text, Limits()


@pytest.mark.parametrize(("name", "text", "limits"), list(cases()), ids=lambda v: str(v)[:20])
def test_recorded_ends_are_the_ends_of_the_tokens_in_the_text(
    name: str, text: str, limits: Limits
) -> None:
    parsed = parse_yaml(text, name, limits)
    source = parsed.source
    assert isinstance(source, SourceMap)
    starts = probes(text, source, parsed.problems)
    refused = [p.location for p in parsed.problems if p.message.startswith("nesting deeper")]
    if refused:
        # Nothing past a refusal for depth is read (libyaml's cost grows with the depth of
        # every token): ends there fall back to the end of the line, so only those before
        # the refusal are the tokens' own.
        where = (refused[0].line, refused[0].column)
        starts = {start for start in starts if start <= where}
    assert source.ends(starts) == reference_ends(text, starts)


@pytest.mark.parametrize(("name", "text", "limits"), list(cases()), ids=lambda v: str(v)[:20])
def test_positions_cross_processes_whole(name: str, text: str, limits: Limits) -> None:
    """The parallel loader sends parsed files between processes: the tables go along."""
    source = parse_yaml(text, name, limits).source
    assert isinstance(source, SourceMap)
    copy = pickle.loads(pickle.dumps(source))
    assert (copy.path, copy.values, copy.keys) == (source.path, source.values, source.keys)
    assert copy.token_ends() == source.token_ends()


def test_lookups_by_path() -> None:
    source = parse_yaml("a:\n  - x\n  - {b: 1}\nc: {d: [5, 6]}\n", "f.yaml").source
    assert source.value(("a", 1, "b")).line == 3
    assert (source.value(("a", 1, "b")).column, source.key(("a", 1, "b")).column) == (9, 6)
    assert source.value(("a", 2)).column == 3  # no third item: the list itself, line 2
    assert source.value(("a", -1)).line == 2
    assert source.value(("a", "x")).line == 2  # a list has no keys
    assert source.value(("c", 0)) == source.value(("c",))  # a mapping has no items
    assert source.value(("c", "d", 1)).column == 12
    assert source.key(("c", "d", 1)).column == 12  # an item has no key: its value
    assert source.value(("nope",)) == source.value(())
    assert parse_yaml("", "e.yaml").source.value(("a",)) == Unread("e.yaml").value(())


def test_a_large_file_gets_wider_tables() -> None:
    """Lines, columns and node counts past 65,535 take wider numbers, nothing is cut."""
    text = "".join(f"k{n}: {n}\n" for n in range(70_000)) + "last: " + "x" * 70_000 + "\n"
    source = parse_yaml(text, "big.yaml", Limits(max_file_size=10_000_000)).source
    assert isinstance(source, SourceMap)
    assert source.key(("k69999",)).line == 70_000
    assert source.value(("last",)).line == 70_001
    assert source.ends([(70_001, 7)]) == {(70_001, 7): (70_001, 70_007)}


# --- each goal file read once and parsed once ------------------------------------------------

TREE = {
    "okrctl.yaml": "people: [lin, sam]\nlint:\n  rules:\n    nope: {}\n",
    "support/2026-Q4.yaml": """\
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
                tagret: 20
        """,
    "support/kpis.yaml": """\
        team: support
        kpis:
          - id: csat
            title: CSAT
            owner: nobody
            band: {min: 4, max: 5}
        """,
    "growth/2026-Q4.yaml": """\
        team: growth
        team: again
        period: 2026-Q4
        objectives: []
        """,
    "growth/broken.yaml": "team: growth\nkpis: [\n",
    "clean/kpis.yaml": """\
        team: clean
        kpis:
          - id: uptime
            title: Uptime
            owner: sam
            cadence: weekly
            band: {min: 99, max: 100}
        """,
}


class Counts:
    """Opens and parses of the tree's files, written to a log that forked workers share."""

    def __init__(self, root: Path, log: Path) -> None:
        self.files = {str((root / name).resolve()): name for name in TREE}
        self.texts = {(root / name).read_text(encoding="utf-8"): name for name in TREE}
        self.log = log
        self.fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)

    def note(self, kind: str, name: str) -> None:
        os.write(self.fd, f"{kind} {name}\n".encode())  # one short append: whole, even forked

    def opened(self, file: Any) -> None:
        if isinstance(file, str | os.PathLike):
            name = self.files.get(str(Path(os.fsdecode(file)).resolve()))
            if name is not None:
                self.note("read", name)

    def read(self) -> tuple[Counter[str], Counter[str]]:
        os.close(self.fd)
        lines = [line.split(" ", 1) for line in self.log.read_text().splitlines()]
        reads = Counter(name for kind, name in lines if kind == "read")
        parses = Counter(name for kind, name in lines if kind == "parse")
        return reads, parses


@pytest.fixture
def today() -> Iterator[None]:
    token = clock.TODAY.set(lambda: date(2026, 11, 22))
    yield
    clock.TODAY.reset(token)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.usefixtures("today")
def test_lint_reads_and_parses_each_file_once(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if jobs != "1" and "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("worker processes see the counting wrappers only when forked")
    root = tmp_path / "tree"
    for name, text in TREE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    counts = Counts(root, tmp_path / "log")
    real_os_open, real_open, real_events = os.open, builtins.open, yamlparse._events

    def os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        counts.opened(path)
        return real_os_open(path, *args, **kwargs)

    def open_(file: Any, *args: Any, **kwargs: Any) -> Any:
        counts.opened(file)
        return real_open(file, *args, **kwargs)

    def events(text: str) -> Iterator[Any]:
        counts.note("parse", counts.texts.get(text, "another text"))
        return real_events(text)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(yamlparse, "_events", events)
    monkeypatch.setenv("OKRCTL_JOBS", jobs)
    monkeypatch.chdir(root)
    with pytest.raises(SystemExit) as exit:
        main(["lint", "--format", "sarif", "."])
    assert exit.value.code == 1
    reads, parses = counts.read()
    assert reads == Counter(list(TREE)) == parses
    # The run did mark regions in the files with findings, from the one parse.
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    regions = [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["ruleId"],
            tuple(r["locations"][0]["physicalLocation"]["region"].values()),
        )
        for r in results
    ]
    assert regions == [
        ("growth/2026-Q4.yaml", "OK002", (2, 1, 2, 5)),  # the second `team`
        ("growth/broken.yaml", "OK001", (3, 1, 3, 1)),  # a syntax error on the last, empty line
        ("okrctl.yaml", "OK005", (4, 5, 4, 9)),  # the rule name `nope`, a key
        # One key result: the objective is checked with it, though `tagret` makes it invalid.
        ("support/2026-Q4.yaml", "OK104", (8, 5, 8, 16)),
        ("support/2026-Q4.yaml", "OK003", (12, 9, 12, 15)),  # the key `tagret`
        ("support/kpis.yaml", "OK107", (3, 5, 3, 7)),  # no cadence: the KPI's `id` key
        ("support/kpis.yaml", "OK102", (5, 12, 5, 18)),  # the owner `nobody`
    ]


@pytest.mark.usefixtures("today")
def test_a_symlink_left_out_of_the_tree_is_not_read_for_its_region(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its finding marks the file's start alone: the file it links to is never read (okrctl
    used to read it to find where its first token ends)."""
    (tmp_path / "outside.yaml").write_text("team: outside\nkpis: []\n", encoding="utf-8")
    root = tmp_path / "tree"
    root.mkdir()
    (root / "in.yaml").write_text("team: inside\nkpis: []\n", encoding="utf-8")
    try:
        (root / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    except OSError:
        pytest.skip("no symlinks here")
    monkeypatch.chdir(root)
    with pytest.raises(SystemExit):
        main(["lint", "--format", "sarif", "."])
    (result,) = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert result["message"]["text"].startswith("this is a symlink to a file outside the goal tree")
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}


@pytest.mark.parametrize(
    "raw",
    [
        b"# yaml-language-server: $schema=../goal.schema.json\nteam: a\n",
        b"# yaml-language-server: $schema=https://example.com/s.json\r\nteam: a\r\n",
        b"#yaml-language-server:$schema=s.json",
        b"# yaml-language-server: $schema=s.json\nteam: \xff\n",  # not UTF-8 further down
        b"\xef\xbb\xbf# yaml-language-server: $schema=s.json\n",  # a BOM first
        b"# a comment\n# yaml-language-server: $schema=s.json\n",
        b"team: a\n",
        b"# yaml-language-server: $schema=" + b"x" * 5000 + b"\n",
    ],
)
def test_the_modeline_is_taken_from_the_one_read(tmp_path: Path, raw: bytes) -> None:
    """`okrctl new` follows the tree's modeline without opening the files again: what the
    loader keeps is what reading the first line again would give."""
    from okrctl.load.loader import load_goal_file
    from okrctl.model.schema import modeline_schema

    path = tmp_path / "f.yaml"
    path.write_bytes(raw)
    with open(path, encoding="utf-8", errors="replace") as handle:
        expected = modeline_schema(handle.readline(4096))
    assert load_goal_file(path).modeline == expected

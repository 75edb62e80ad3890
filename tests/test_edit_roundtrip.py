"""Property-based round trips: whatever the file looks like, a check-in or a measurement is one
contiguous insertion into the edited list, every other byte stays, and okrctl reads it back.

The files are generated the way people write them: comments on their own lines and after
values, blank lines, plain, single- and double-quoted strings, flow lists and block lists of
flow or block items, indentation of 2, 3 or 4, indentless lists, LF or CRLF, with or without a
BOM or a final line break.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from okrctl.commands import checkin, kpi_record, new
from okrctl.load.loader import load_goal_file
from okrctl.load.yamlparse import parse_yaml, resolve_plain
from okrctl.terminal import Terminal
from tests.editing import TODAY, run_on

PERIOD_START = date(2026, 10, 1)
WORDS = ["churn", "trial", "EU", "cards", "3-D", "Secure", "50%", "a:b", "#7", "it's", "naïve"]
PUNCTUATION = [",", ":", " #", "'", '"', "-", "!", "&", "*", "?", "[", "]", "{", "}", "%", "@"]

SETTINGS = settings(
    max_examples=25,  # three properties, each example a whole edit: a few seconds together
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def free_text(draw: st.DrawFn) -> str:
    """Text people write in titles and notes, with the characters YAML cares about."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(WORDS),
                st.sampled_from(PUNCTUATION),
                st.text(
                    alphabet=st.characters(
                        codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")
                    ),
                    min_size=1,
                    max_size=6,
                ),
            ),
            min_size=1,
            max_size=6,
        )
    )
    text = " ".join(parts).strip()
    return text if text else "x"


def quoted(draw: st.DrawFn, text: str, *, in_flow: bool = False) -> str:
    """`text` as a YAML scalar: plain when that reads back as the same text, else quoted in
    a drawn style."""
    # Plain only when YAML 1.2 reads it back as this text: not `FALSE`, `Null`, `True`...
    safe_plain = (
        bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9 -]*", text))
        and text == text.strip()
        and resolve_plain(text) == text
    )
    style = draw(
        st.sampled_from(["plain", "single", "double"] if safe_plain else ["single", "double"])
    )
    if style == "plain":
        return text
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    astral = any(ord(ch) > 0xFFFF for ch in text)  # YAML has no surrogate-pair escapes
    return json.dumps(text, ensure_ascii=not astral and draw(st.booleans()))


@dataclass
class Style:
    indent: int  # nested mapping keys, this many columns in
    offset: int  # list dashes, this many columns in from their key
    newline: str
    bom: bool
    final_newline: bool


@dataclass
class Builder:
    draw: st.DrawFn
    style: Style
    lines: list[str] = field(default_factory=list)

    def comment(self, column: int) -> None:
        if self.draw(st.integers(0, 5)) == 0:
            self.lines.append(" " * self.draw(st.integers(0, column + 4)) + "# " + "note")
        if self.draw(st.integers(0, 7)) == 0:
            self.lines.append("")

    def line(self, column: int, text: str) -> None:
        self.comment(column)
        trailing = "  # why" if self.draw(st.integers(0, 6)) == 0 else ""
        self.lines.append(" " * column + text + trailing)

    def key(self, column: int, key: str) -> None:
        self.comment(column)
        self.lines.append(" " * column + key + ":")

    def text(self) -> bytes:
        body = self.style.newline.join(self.lines)
        if self.style.final_newline:
            body += self.style.newline
        return (b"\xef\xbb\xbf" if self.style.bom else b"") + body.encode("utf-8")


def checkin_items(draw: st.DrawFn, kind: str) -> list[dict[str, Any]]:
    days = sorted(draw(st.lists(st.integers(0, 52), max_size=4)))
    items = []
    for day in days:
        value: Any = draw(st.booleans()) if kind == "binary" else draw(st.integers(0, 100))
        item: dict[str, Any] = {"date": (PERIOD_START + timedelta(days=day)).isoformat()}
        item["value"] = value
        if draw(st.booleans()):
            item["confidence"] = draw(st.sampled_from([0, 0.5, 1, 0.75]))
        if draw(st.integers(0, 3)) == 0:
            item["note"] = draw(free_text())
        items.append(item)
    return items


def flow_mapping(draw: st.DrawFn, item: dict[str, Any]) -> str:
    parts = []
    for key, value in item.items():
        if isinstance(value, bool):
            shown = "true" if value else "false"
        elif isinstance(value, str) and key == "note":
            shown = quoted(draw, value, in_flow=True)
            if shown == value and any(c in value for c in ",[]{}:#"):
                shown = json.dumps(value)
        else:
            shown = str(value)
        parts.append(f"{key}: {shown}")
    return "{" + ", ".join(parts) + "}"


def write_list(
    b: Builder, column: int, key: str, items: list[dict[str, Any]], null: bool = True
) -> None:
    """A list of flat mappings under `key` at `column`, in a drawn style (`null`: an empty
    list may be written as `key:` with nothing after it)."""
    draw, style = b.draw, b.style
    layout = draw(st.sampled_from(["flow", "flow-lines", "block-flow", "block-block"]))
    if not items:
        layout = draw(st.sampled_from(["flow", "null", "absent"] if null else ["flow", "absent"]))
        if layout == "absent":
            return
        b.line(column, f"{key}: []" if layout == "flow" else f"{key}:")
        return
    if layout == "flow":
        b.line(column, f"{key}: [" + ", ".join(flow_mapping(draw, i) for i in items) + "]")
        return
    if layout == "flow-lines":
        b.lines.append(" " * column + f"{key}: [")
        for index, item in enumerate(items):
            comma = "," if index < len(items) - 1 or draw(st.booleans()) else ""
            b.lines.append(" " * (column + style.indent + 2) + flow_mapping(draw, item) + comma)
        b.lines.append(" " * (column + 2) + "]")
        return
    b.key(column, key)
    dash = column + style.offset
    for item in items:
        if layout == "block-flow":
            b.line(dash, "- " + flow_mapping(draw, item))
        else:
            first = True
            for name, value in item.items():
                shown = (
                    quoted(draw, value)
                    if name == "note"
                    else ("true" if value is True else "false" if value is False else str(value))
                )
                b.line(dash if first else dash + 2, ("- " if first else "") + f"{name}: {shown}")
                first = False


@dataclass(frozen=True)
class Generated:
    raw: bytes
    refs: list[tuple[str, str]]  # (key-result ref, kind)


@st.composite
def goal_files(draw: st.DrawFn) -> Generated:
    style = Style(
        indent=draw(st.sampled_from([2, 3, 4])),
        offset=0,
        newline=draw(st.sampled_from(["\n", "\r\n"])),
        bom=draw(st.booleans()),
        final_newline=draw(st.booleans()),
    )
    style.offset = draw(st.sampled_from([0, 2, style.indent]))
    b = Builder(draw, style)
    if draw(st.booleans()):
        b.lines.append("# Goals of the team, reviewed in pull requests.")
    b.line(0, "team: " + quoted(draw, "support"))
    b.line(0, "period: " + draw(st.sampled_from(["2026-Q4", "'2026-Q4'", '"2026-Q4"'])))
    b.line(0, "owner: lin")
    b.key(0, "objectives")
    refs: list[tuple[str, str]] = []
    for number in range(draw(st.integers(1, 2))):
        dash = style.offset
        keys = dash + 2
        objective_id = f"objective-{number}"
        b.line(dash, f"- id: {objective_id}")
        b.line(keys, "title: " + quoted(draw, draw(free_text())))
        b.line(keys, "type: " + draw(st.sampled_from(["committed", "aspirational"])))
        b.key(keys, "key_results")
        kr_dash = keys + style.offset
        kr_keys = kr_dash + 2
        for position in range(1, draw(st.integers(1, 3)) + 1):
            kind = draw(st.sampled_from(["numeric", "numeric", "binary"]))
            b.line(kr_dash, "- title: " + quoted(draw, draw(free_text())))
            items = checkin_items(draw, kind)
            if kind == "numeric":
                b.line(kr_keys, f"start: {draw(st.integers(0, 40))}")
                b.line(kr_keys, f"target: {draw(st.integers(60, 100))}")
                if draw(st.booleans()):
                    b.line(kr_keys, "unit: " + quoted(draw, "%"))
                write_list(b, kr_keys, "checkins", items)
            else:
                if not items:
                    items = [{"date": "2026-10-05", "value": False}]
                write_list(b, kr_keys, "checkins", items)
            refs.append((f"support/2026-Q4/{objective_id}/{position}", kind))
    return Generated(b.text(), refs)


def single_insertion(old: bytes, new: bytes) -> tuple[int, bytes]:
    """(where, what) if `new` is `old` with one contiguous insertion; fails otherwise."""
    prefix = 0
    while prefix < len(old) and prefix < len(new) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < len(old) - prefix
        and suffix < len(new) - prefix
        and old[-1 - suffix] == new[-1 - suffix]
    ):
        suffix += 1
    assert prefix + suffix == len(old), "bytes outside the insertion changed"
    return prefix, new[prefix : len(new) - suffix]


def typed(data: Any) -> Any:
    """Data with the type of every scalar, so 17 and 17.0 and True differ."""
    if isinstance(data, dict):
        return {k: typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [typed(v) for v in data]
    return (type(data).__name__, data)


def raw_data(raw: bytes) -> Any:
    parsed = parse_yaml(raw.decode("utf-8-sig"), "<test>")
    assert not parsed.problems
    return parsed.data


@given(goal=goal_files(), data=st.data())
@SETTINGS
def test_a_check_in_is_one_insertion_and_reads_back(goal: Generated, data: st.DataObject) -> None:
    ref, kind = data.draw(st.sampled_from(goal.refs))
    objective_index = int(ref.split("/")[2].split("-")[1])
    position = int(ref.split("/")[3]) - 1
    day = PERIOD_START + timedelta(days=data.draw(st.integers(0, (TODAY - PERIOD_START).days)))
    # A date that has a check-in already is refused without --replace (tests/test_checkin.py).
    drawn = raw_data(goal.raw)["objectives"][objective_index]["key_results"][position]
    assume(all(str(c["date"]) != day.isoformat() for c in drawn.get("checkins") or []))
    value = data.draw(
        st.sampled_from(["done", "not-done"])
        if kind == "binary"
        else st.sampled_from(["0", "17", "42.5", "-3", "99.25", "1e3"])
    )
    confidence = data.draw(st.none() | st.sampled_from(["0", "0.35", "1"]))
    note = data.draw(st.none() | free_text())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "support.yaml"
        path.write_bytes(goal.raw)
        before = load_goal_file(path)
        assert not before.problems, before.problems
        run_on(
            TODAY,
            checkin.run,
            checkin.Options(
                ref, value, tree=Path(folder), day=day.isoformat(), confidence=confidence, note=note
            ),
            Terminal(io.StringIO(), io.StringIO()),
        )
        new = path.read_bytes()
        after = load_goal_file(path)
        leftovers = sorted(p.name for p in Path(folder).iterdir())
    assert leftovers == ["support.yaml"]
    _, inserted = single_insertion(goal.raw, new)
    text = inserted.decode("utf-8")
    crlf = b"\r\n" in goal.raw
    assert text.count("\n") == (text.count("\r\n") if crlf else text.count("\n"))
    assert "\r\n" not in text or crlf
    assert not after.problems, after.problems
    old_kr = before.goal.objectives[objective_index].key_results[position]
    index = sum(1 for c in old_kr.checkins or [] if c.date <= day)
    item: dict[str, Any] = {"date": day.isoformat()}
    item["value"] = {"done": True, "not-done": False}.get(value, resolve_plain(value))
    if confidence is not None:
        item["confidence"] = resolve_plain(confidence)
    if note is not None:
        item["note"] = note.strip()
    # Everything reads exactly as before, plus the one check-in where it belongs.
    expected = raw_data(goal.raw)
    key_result = expected["objectives"][objective_index]["key_results"][position]
    checkins = key_result.get("checkins") or []
    checkins.insert(index, item)
    key_result["checkins"] = checkins
    assert typed(raw_data(new)) == typed(expected)


@st.composite
def kpi_files(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    style = Style(
        indent=draw(st.sampled_from([2, 4])),
        offset=0,
        newline=draw(st.sampled_from(["\n", "\r\n"])),
        bom=draw(st.booleans()),
        final_newline=draw(st.booleans()),
    )
    style.offset = draw(st.sampled_from([0, 2, style.indent]))
    b = Builder(draw, style)
    b.line(0, "team: support")
    b.key(0, "kpis")
    dates = []
    for number in range(draw(st.integers(1, 3))):
        dash = style.offset
        keys = dash + 2
        b.line(dash, f"- id: kpi-{number}")
        b.line(keys, "title: " + quoted(draw, draw(free_text())))
        b.line(keys, "owner: lin")
        b.line(keys, "cadence: weekly")
        if draw(st.booleans()):
            b.line(keys, "band: {min: 1}")
        else:
            b.key(keys, "band")
            b.line(keys + style.indent, "min: 1")
        days = sorted(set(draw(st.lists(st.integers(0, 300), max_size=4))))
        items = [
            {"date": (date(2026, 1, 1) + timedelta(days=d)).isoformat(), "value": d} for d in days
        ]
        dates.append([i["date"] for i in items])
        write_list(b, keys, "measurements", items, null=False)
    return b.text(), [",".join(d) for d in dates]


@given(kpis=kpi_files(), data=st.data())
@SETTINGS
def test_a_measurement_is_one_insertion_in_date_order(
    kpis: tuple[bytes, list[str]], data: st.DataObject
) -> None:
    raw, dates = kpis
    number = data.draw(st.integers(0, len(dates) - 1))
    taken = [d for d in dates[number].split(",") if d]
    day = data.draw(st.dates(date(2026, 1, 1), TODAY).filter(lambda d: d.isoformat() not in taken))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kpis.yaml"
        path.write_bytes(raw)
        before = load_goal_file(path)
        assert not before.problems, before.problems
        run_on(
            TODAY,
            kpi_record.run,
            kpi_record.Options(
                f"support/kpi-{number}", "7.5", tree=Path(folder), day=day.isoformat()
            ),
            Terminal(io.StringIO(), io.StringIO()),
        )
        new = path.read_bytes()
        after = load_goal_file(path)
    single_insertion(raw, new)
    assert not after.problems, after.problems
    measured = [(m.date, m.value) for m in after.goal.kpis[number].measurements]
    assert measured == sorted(measured)
    assert (day, 7.5) in measured
    expected = raw_data(raw)
    kpi = expected["kpis"][number]
    listed = kpi.get("measurements") or []
    index = sum(1 for m in listed if m["date"] < day.isoformat())
    listed.insert(index, {"date": day.isoformat(), "value": 7.5})
    kpi["measurements"] = listed
    assert typed(raw_data(new)) == typed(expected)


@given(goal=goal_files(), title=free_text())
@SETTINGS
def test_a_new_objective_is_one_insertion_and_reads_back(goal: Generated, title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "support.yaml"
        path.write_bytes(goal.raw)
        run_on(
            TODAY,
            new.run_objective,
            new.ObjectiveOptions(
                "support",
                tree=Path(folder),
                period="2026-Q4",
                objective_id="added",
                title=title,
                objective_type="committed",
                key_results=["Churn: 5 -> 3 %", "Exit survey live"],
            ),
            Terminal(io.StringIO(), io.StringIO()),
        )
        raw = path.read_bytes()
    single_insertion(goal.raw, raw)
    expected = raw_data(goal.raw)
    expected["objectives"].append(
        {
            "id": "added",
            "title": title.strip(),
            "type": "committed",
            "key_results": [
                {"title": "Churn", "start": 5, "target": 3, "unit": "%"},
                {"title": "Exit survey live", "done": False},
            ],
        }
    )
    assert typed(raw_data(raw)) == typed(expected)

"""The key-result kinds, asked directly: values at a date, check-in and `--kr` parsing, words.

Every expected number here is worked out by hand from the tree below (period 2026-Q4, from
2026-10-01 to 2026-12-31); the commands' own tests check the same answers end to end.
"""

from __future__ import annotations

import contextlib
import textwrap
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrctl.errors import UsageError
from okrctl.load.goal_tree import load_tree
from okrctl.load.yamlparse import resolve_plain
from okrctl.model.goals import BinaryKeyResult, KpiKeyResult, NumericKeyResult
from okrctl.model.kinds import (
    KINDS,
    Bounds,
    Level,
    Scale,
    Value,
    kind_named,
    kind_of,
    parse_spec,
)
from okrctl.model.kinds.kpi_linked import KPI_LINKED
from okrctl.model.kinds.milestone import MILESTONE
from okrctl.model.kinds.numeric import NUMERIC
from okrctl.model.tree import GoalTree, PlacedKeyResult
from okrctl.typed import parse_number

OBJECTIVES = """
    team: support
    period: 2026-Q4
    owner: lin
    objectives:
      - id: replies
        title: Customers get answers while they still care
        type: committed
        key_results:
          - id: first-response
            title: Median first response down to 25 minutes
            start: 52
            target: 25
            unit: min
            checkins:
              - {date: 2026-10-15, value: 44, confidence: 0.7}
              - {date: 2026-11-12, value: 36, confidence: 0.6, note: Triage rota live}
              - {date: 2026-11-12, value: 34}
              - {date: 2026-12-20, value: 30, confidence: 0.9}
          - id: macros
            title: Macros cover 20 ticket types
            start: 10
            target: 20
            current: 14
          - id: audit
            title: Support audit passed
            checkins:
              - {date: 2026-10-20, value: false, confidence: 0.8}
              - {date: 2026-11-30, value: true, note: Passed first time}
          - id: handbook
            title: Support handbook published
            done: false
          - id: csat
            title: CSAT up to 4.6
            kpi: support/csat
            target: 4.6
          - id: csat-written
            title: CSAT up to 4.6 from 4.0
            kpi: support/csat
            start: 4.0
            target: 4.6
          - id: level
            title: CSAT reaches 4.1
            kpi: support/csat
            target: 4.1
          - id: nps
            title: NPS up to 40
            kpi: support/nps
            target: 40
"""

KPIS = """
    team: support
    kpis:
      - id: csat
        title: Customer satisfaction
        owner: lin
        unit: /5
        band: {min: 3.8}
        measurements:
          - {date: 2026-09-28, value: 4.1}
          - {date: 2026-10-15, value: 4.3, note: New macros}
          - {date: 2026-11-10, value: 4.4}
          - {date: 2026-12-05, value: 4.5}
"""


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> GoalTree:
    root = tmp_path_factory.mktemp("kinds")
    (root / "support").mkdir()
    (root / "support" / "2026-Q4.yaml").write_text(textwrap.dedent(OBJECTIVES).lstrip())
    (root / "support" / "kpis.yaml").write_text(textwrap.dedent(KPIS).lstrip())
    return load_tree([root])


def placed(tree: GoalTree, ident: str) -> PlacedKeyResult:
    return next(p for p in tree.key_results() if p.kr.id == ident)


def test_the_tree_loads_with_every_kind(tree: GoalTree) -> None:
    kinds = {p.kr.id: kind_of(p.kr).name for p in tree.key_results()}
    assert kinds == {
        "first-response": "numeric",
        "macros": "numeric",
        "audit": "binary",
        "handbook": "binary",
        "csat": "kpi",
        "csat-written": "kpi",
        "level": "kpi",
        "nps": "kpi",
    }


# The registry ---------------------------------------------------------------------------


def test_each_kind_is_named_as_its_model_says() -> None:
    assert [kind.name for kind in KINDS] == ["kpi", "numeric", "redacted", "binary"]
    for kind in KINDS:
        assert kind.model.kind == kind.name
        assert kind_named(kind.name) is kind
    assert (NUMERIC.model, MILESTONE.model, KPI_LINKED.model) == (
        NumericKeyResult,
        BinaryKeyResult,
        KpiKeyResult,
    )


def test_compared_fields_are_the_kinds_own() -> None:
    common = {"id", "title", "owner", "weight", "start", "target", "checkins"}
    common |= {"status", "reason", "date"}  # a dropped key result: compared for every kind
    # Every kind's, compared by diff for all kinds alike.
    common |= {"contributors", "priority", "note", "links", "aligns_to"}
    # The levels of the kinds that move a metric: diff compares them as level changes.
    common |= {"commit", "stretch"}
    # Their planned path: diff compares it as a plan change.
    common |= {"plan"}
    # Where `okrctl pull` reads values from: no change of the goal, so diff leaves it out.
    common |= {"source"}
    # Initiatives: diff compares them as initiatives added, removed or given another status.
    common |= {"initiatives"}
    for kind in KINDS:
        own = set(kind.model.model_fields) - common
        assert set(kind.compared_fields) == own, kind.name


def test_a_kind_refuses_another_kinds_key_result(tree: GoalTree) -> None:
    with pytest.raises(TypeError, match="a BinaryKeyResult is not a NumericKeyResult"):
        NUMERIC.reading(placed(tree, "audit"), tree, date(2026, 11, 20))


# Values at a date -----------------------------------------------------------------------


def test_numeric_reads_its_latest_check_in(tree: GoalTree) -> None:
    reading = NUMERIC.reading(placed(tree, "first-response"), tree, date(2026, 11, 20))
    # Two check-ins on 2026-11-12: the later one in the file (34, no note) counts; the
    # confidence is the latest one stated (0.6 on that day); 2026-12-20 is after the date.
    assert (reading.start, reading.target, reading.current) == (52, 25, 34)
    assert (reading.unit, reading.last_day, reading.note) == ("min", date(2026, 11, 12), None)
    assert reading.confidence == 0.6
    assert reading.history == (
        (date(2026, 10, 15), 44.0),
        (date(2026, 11, 12), 36.0),
        (date(2026, 11, 12), 34.0),
    )


def test_numeric_has_no_value_before_its_first_check_in(tree: GoalTree) -> None:
    reading = NUMERIC.reading(placed(tree, "first-response"), tree, date(2026, 10, 14))
    assert (reading.current, reading.last_day, reading.confidence) == (None, None, None)
    assert reading.history == ()


def test_numeric_with_current_reads_it_at_any_date(tree: GoalTree) -> None:
    for day in (date(2026, 10, 1), date(2027, 3, 1)):
        reading = NUMERIC.reading(placed(tree, "macros"), tree, day)
        assert (reading.start, reading.target, reading.current) == (10, 20, 14)
        assert (reading.last_day, reading.confidence, reading.history) == (None, None, ())


def test_milestone_reads_its_latest_check_in(tree: GoalTree) -> None:
    audit = placed(tree, "audit")
    before = MILESTONE.reading(audit, tree, date(2026, 11, 29))
    assert (before.start, before.target, before.current) == (False, True, False)
    assert (before.last_day, before.confidence) == (date(2026, 10, 20), 0.8)
    after = MILESTONE.reading(audit, tree, date(2026, 11, 30))
    assert (after.current, after.note) == (True, "Passed first time")
    assert after.confidence == 0.8  # the 2026-11-30 check-in states none
    assert after.history == ()  # a milestone has no forecast


def test_milestone_with_done_reads_it(tree: GoalTree) -> None:
    reading = MILESTONE.reading(placed(tree, "handbook"), tree, date(2026, 11, 20))
    assert (reading.start, reading.target, reading.current) == (False, True, False)


def test_kpi_linked_reads_its_kpi(tree: GoalTree) -> None:
    reading = KPI_LINKED.reading(placed(tree, "csat"), tree, date(2026, 11, 20))
    # start: the KPI's last measurement on or before 2026-10-01 (4.1 on 2026-09-28);
    # current: its latest on or before 2026-11-20; the forecast history stays in the period.
    assert (reading.start, reading.target, reading.current) == (4.1, 4.6, 4.4)
    assert (reading.unit, reading.last_day, reading.note) == ("/5", date(2026, 11, 10), None)
    assert reading.confidence is None
    assert reading.history == ((date(2026, 10, 15), 4.3), (date(2026, 11, 10), 4.4))


def test_kpi_linked_start_as_written_wins(tree: GoalTree) -> None:
    assert KPI_LINKED.bounds(placed(tree, "csat-written"), tree) == Bounds(4.0, 4.6)
    assert KPI_LINKED.bounds(placed(tree, "csat"), tree) == Bounds(4.1, 4.6)


def test_kpi_linked_to_a_missing_kpi_has_no_values(tree: GoalTree) -> None:
    reading = KPI_LINKED.reading(placed(tree, "nps"), tree, date(2026, 11, 20))
    assert (reading.start, reading.target, reading.current, reading.unit) == (None, 40, None, None)


def test_bounds(tree: GoalTree) -> None:
    assert NUMERIC.bounds(placed(tree, "first-response"), tree) == Bounds(52, 25)
    assert MILESTONE.bounds(placed(tree, "audit"), tree) == Bounds(False, True)


# What the rules, diff and suggestions ask -----------------------------------------------


def test_scale_is_what_is_written(tree: GoalTree) -> None:
    def scale(ident: str) -> Scale | None:
        kr = placed(tree, ident).kr
        return kind_of(kr).scale(kr)

    assert scale("first-response") == Scale(52, 25, None)
    assert scale("csat") == Scale(None, 4.6, None)  # the KPI's start is read, not written
    assert scale("csat-written") == Scale(4.0, 4.6, None)
    assert scale("audit") is None


def test_increasing(tree: GoalTree) -> None:
    def up(ident: str) -> bool | None:
        where = placed(tree, ident)
        return kind_of(where.kr).increasing(where, tree)

    assert up("first-response") is False  # 52 down to 25
    assert up("csat") is True  # from the KPI's 4.1 up to 4.6
    assert up("level") is True  # 4.1 to 4.1: read from the KPI's band, {min: 3.8}
    assert up("nps") is None  # no start, no KPI
    assert up("audit") is None


def test_linked_kpi_unit_and_defended_level(tree: GoalTree) -> None:
    krs = {p.kr.id: p.kr for p in tree.key_results()}
    assert NUMERIC.linked_kpi(krs["first-response"]) is None
    assert KPI_LINKED.linked_kpi(krs["csat"]) == "support/csat"
    assert MILESTONE.linked_kpi(krs["audit"]) is None
    assert NUMERIC.unit(krs["first-response"]) == "min"
    assert KPI_LINKED.unit(krs["csat"]) is None  # its KPI's, not written on it
    assert NUMERIC.defended_level(krs["first-response"]) == Level(25, False, "min")
    assert NUMERIC.defended_level(krs["macros"]) == Level(20, True, None)
    assert KPI_LINKED.defended_level(krs["csat"]) is None
    assert MILESTONE.defended_level(krs["audit"]) is None


def test_written_value(tree: GoalTree) -> None:
    krs = {p.kr.id: p.kr for p in tree.key_results()}
    assert NUMERIC.written_value(krs["macros"]) == ("current", 14)
    assert NUMERIC.written_value(krs["first-response"]) is None
    assert MILESTONE.written_value(krs["handbook"]) == ("done", False)
    assert MILESTONE.written_value(krs["audit"]) is None
    assert KPI_LINKED.written_value(krs["csat"]) is None


# Check-in values ------------------------------------------------------------------------

REF = "support/2026-Q4/replies/x"


@pytest.mark.parametrize(
    ("text", "expected"), [("44", 44), (" 72.5 ", 72.5), ("-2", -2), ("1e3", 1000.0), ("007", 7)]
)
def test_numeric_check_in_accepts_a_number(tree: GoalTree, text: str, expected: float) -> None:
    value = NUMERIC.parse_checkin(placed(tree, "first-response").kr, text, REF, "VALUE")
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("done", f"{REF} is numeric (from 52 to 25 min): VALUE is a number, got `done`"),
        ("False", f"{REF} is numeric (from 52 to 25 min): VALUE is a number, got `False`"),
        (
            "12 min",
            "VALUE: `12 min` is not a number: write the number alone; the unit belongs in the "
            "key result's or KPI's `unit`",
        ),
        ("1,000", "VALUE: `1,000` is not a number: write 1000 (no digit separators)"),
        ("many", "VALUE: `many` is not a number: write a plain number such as 42 or 0.95"),
        ("1e999", "VALUE: `1e999` is too large to be a number okrctl can score"),
    ],
)
def test_numeric_check_in_refuses(tree: GoalTree, text: str, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        NUMERIC.parse_checkin(placed(tree, "first-response").kr, text, REF, "VALUE")
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("done", True), ("Not-Done", False), (" true ", True), ("FALSE", False)],
)
def test_milestone_check_in_accepts_done_or_not(tree: GoalTree, text: str, expected: bool) -> None:
    assert MILESTONE.parse_checkin(placed(tree, "audit").kr, text, REF, "VALUE") is expected


@pytest.mark.parametrize("text", ["yes", "1", "not done"])
def test_milestone_check_in_refuses(tree: GoalTree, text: str) -> None:
    with pytest.raises(UsageError) as raised:
        MILESTONE.parse_checkin(placed(tree, "audit").kr, text, REF, "VALUE")
    assert str(raised.value) == f"{REF} is a milestone: VALUE is done or not-done, got `{text}`"


def test_kpi_linked_is_never_checked_in(tree: GoalTree) -> None:
    with pytest.raises(UsageError) as raised:
        KPI_LINKED.parse_checkin(placed(tree, "csat").kr, "4.5", REF, "VALUE")
    assert str(raised.value) == (
        f"{REF} is KPI-linked: its value is support/csat's latest measurement; record one "
        "with `okrctl kpi record support/csat VALUE`"
    )


DECIMALS = st.from_regex(
    r"\A[-+]?(?:[0-9]{1,12}(?:\.[0-9]{0,6})?|\.[0-9]{1,6})(?:[eE][-+]?[0-9]{1,3})?\Z"
)


@given(DECIMALS)
def test_a_typed_number_reads_as_yaml_reads_it(text: str) -> None:
    resolved = resolve_plain(text)
    if isinstance(resolved, float) and resolved in (float("inf"), float("-inf")):
        with pytest.raises(UsageError):
            parse_number(text)
        return
    parsed = parse_number(text)
    assert parsed == resolved and type(parsed) is (int if isinstance(resolved, int) else float)


# `--kr` specs ---------------------------------------------------------------------------

FORMS = (
    "write `TITLE: START -> TARGET [UNIT]`, as in `Conversion: 12% -> 18%`, "
    "`Revenue: $500K -> $750K` or `Response time: from 52 to 25 min`"
)
UNREADABLE = f"looks like a number's change but cannot be read: {FORMS}"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            "Median first response down: 52 -> 25 min",
            {"title": "Median first response down", "start": 52, "target": 25, "unit": "min"},
        ),
        ("Checkout: 2.5 → 4.5%", {"title": "Checkout", "start": 2.5, "target": 4.5, "unit": "%"}),
        ("Macros:10->20", {"title": "Macros", "start": 10, "target": 20}),
        (
            "CSAT up: support/csat -> 4.6",
            {"title": "CSAT up", "kpi": "support/csat", "target": 4.6},
        ),
        ("  SOC 2 report issued  ", {"title": "SOC 2 report issued", "done": False}),
        # Each number may carry the unit (issue 15): the unit is read once, from either.
        ("Conversion: 12% -> 18%", {"title": "Conversion", "start": 12, "target": 18, "unit": "%"}),
        ("Time: 52 min -> 25 min", {"title": "Time", "start": 52, "target": 25, "unit": "min"}),
        ("Time: 52 min -> 25", {"title": "Time", "start": 52, "target": 25, "unit": "min"}),
        ("CSAT: 4.1/5 -> 4.6/5", {"title": "CSAT", "start": 4.1, "target": 4.6, "unit": "/5"}),
        ("Temp: -3.5 -> 2 °C", {"title": "Temp", "start": -3.5, "target": 2, "unit": "°C"}),
        ("Growth: -5->3", {"title": "Growth", "start": -5, "target": 3}),
        ("Rate: 1e3 -> 2e3", {"title": "Rate", "start": 1000.0, "target": 2000.0}),
        # A currency is the unit; K, M, B and bn scale the number (as the loader's hint reads
        # `"$500K"`: 500000 dollars), so values are checked in as the plain numbers.
        (
            "Revenue: $500K -> $750K",
            {"title": "Revenue", "start": 500000, "target": 750000, "unit": "$"},
        ),
        (
            "Revenue: $500K -> $1.2M",
            {"title": "Revenue", "start": 500000, "target": 1200000, "unit": "$"},
        ),
        ("Sales: €5m -> €8m", {"title": "Sales", "start": 5000000, "target": 8000000, "unit": "€"}),
        ("Users: 10K -> 25K", {"title": "Users", "start": 10000, "target": 25000}),
        (
            "ARR: €1.2M -> €2M ARR",
            {"title": "ARR", "start": 1200000, "target": 2000000, "unit": "€ ARR"},
        ),
        # Without a currency, m and b are units (minutes, metres, bytes), not millions.
        ("Build: 12m -> 5m", {"title": "Build", "start": 12, "target": 5, "unit": "m"}),
        # `from START to TARGET`, in any case.
        ("Time: from 52 to 25", {"title": "Time", "start": 52, "target": 25}),
        (
            "Time: From 52 min TO 25 min",
            {"title": "Time", "start": 52, "target": 25, "unit": "min"},
        ),
        # The title is everything before the last colon.
        (
            "Q4: Conversion: 12% -> 18%",
            {"title": "Q4: Conversion", "start": 12, "target": 18, "unit": "%"},
        ),
        # Milestones whose titles hold numbers but no number's change.
        ("Migration: v1 -> v2", {"title": "Migration: v1 -> v2", "done": False}),
        ("Launch: 3 new markets", {"title": "Launch: 3 new markets", "done": False}),
        (
            "Hire: 3 engineers to the team",
            {"title": "Hire: 3 engineers to the team", "done": False},
        ),
        (
            "Upgrade Python from 3.11 to 3.12",
            {"title": "Upgrade Python from 3.11 to 3.12", "done": False},
        ),
        ("Ratio: 1/2 -> 5", {"title": "Ratio", "kpi": "1/2", "target": 5}),  # reads as a KPI
        # Both a KPI-linked and a numeric form: the KPI-linked one, more specific, is tried first.
        (
            "Plan: 1 -> 2: support/csat -> 5",
            {"title": "Plan: 1 -> 2", "kpi": "support/csat", "target": 5},
        ),
    ],
)
def test_kr_spec_forms(spec: str, expected: dict[str, object]) -> None:
    assert parse_spec(spec) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "--kr: a key result needs a title"),
        ("   ", "--kr: a key result needs a title"),
        (
            "Flat: 5 -> 5.0",
            "--kr `Flat: 5 -> 5.0`: start and target are equal; a key result is a change",
        ),
        # A spec's numbers are read as a check-in's: `1e999` is a number, too large.
        ("Huge: 1 -> 1e999", "--kr: `1e999` is too large to be a number okrctl can score"),
        ("Huge: 1 -> 1e308K", "--kr: `1e308K` is too large to be a number okrctl can score"),
        # Text that looks like a number's change is read as one or refused, with the forms.
        ("Ratio: 1 / 2 -> 5", f"--kr `Ratio: 1 / 2 -> 5` {UNREADABLE}"),
        ("Spend: $500K -> ?", f"--kr `Spend: $500K -> ?` {UNREADABLE}"),
        ("Cost: USD 500 -> 300", f"--kr `Cost: USD 500 -> 300` {UNREADABLE}"),
        ("Steps: 12 -> 18 -> 20", f"--kr `Steps: 12 -> 18 -> 20` {UNREADABLE}"),
        ("Time: from 52 to", f"--kr `Time: from 52 to` {UNREADABLE}"),
        (
            "Conversion 12% -> 18%",
            "--kr `Conversion 12% -> 18%` looks like a number's change but has no title before "
            f"a colon: {FORMS} (a milestone's title says it in words, without `->`)",
        ),
        (": 12 -> 18", "--kr `: 12 -> 18`: a key result needs a title before the colon"),
        (
            "Users: 1,5 -> 2",
            "--kr: `1,5` is not a number: write 1.5 (a decimal point, not a comma)",
        ),
        (
            "Users: 1,000 -> 2,000",
            "--kr: `1,000` is not a number: write 1000 (no digit separators)",
        ),
        (
            "Weight: 5 kg -> 3 lb",
            "--kr `Weight: 5 kg -> 3 lb`: the start is in `kg` and the target in `lb`; write "
            "both in one unit",
        ),
        (
            "Pay: $500 -> €600",
            "--kr `Pay: $500 -> €600`: the start is in `$` and the target in `€`; write both in "
            "one unit",
        ),
        (
            "CSAT: support/csat -> 4,6",
            "--kr: `4,6` is not a number: write 4.6 (a decimal point, not a comma)",
        ),
        (
            "CSAT: support/csat ->",
            "--kr `CSAT: support/csat ->`: the target is missing; write "
            "`TITLE: TEAM/KPI -> TARGET`",
        ),
    ],
)
def test_kr_spec_refused(spec: str, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_spec(spec)
    assert str(raised.value) == message


def test_a_long_spec_is_read_in_linear_time() -> None:
    # Split at the arrow by hand, never by backtracking: each of these would take minutes
    # to a regular expression that tried every place to end the start's unit.
    for spec in (
        "T: 1" + " " * 200_000 + "x",
        "T: 1 " + "$ " * 100_000 + "-> 2",
        "x: from 1" + " " * 200_000 + "x",
        "1 " * 100_000 + "-> 2",
    ):
        with contextlib.suppress(UsageError):  # read or refused: either, promptly
            parse_spec(spec)


def test_each_kind_reads_only_its_own_form() -> None:
    assert NUMERIC.parse_spec("CSAT: support/csat -> 4.6", "--kr") is None
    assert KPI_LINKED.parse_spec("Macros: 10 -> 20", "--kr") is None
    assert KPI_LINKED.parse_spec("Handbook published", "--kr") is None
    assert NUMERIC.parse_spec("Handbook published", "--kr") is None
    assert MILESTONE.parse_spec("Macros: 10 -> 20", "--kr") == {
        "title": "Macros: 10 -> 20",
        "done": False,
    }


# Words ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    start: Value
    target: Value
    current: Value
    unit: str | None
    no_data: bool


def test_journeys() -> None:
    assert NUMERIC.journey(Scored(52, 25, 31, "min", False)) == "52 -> 31 -> 25 min"
    assert NUMERIC.journey(Scored(52, 25, None, "min", True)) == "52 -> no data -> 25 min"
    assert KPI_LINKED.journey(Scored(None, 4.6, 4.4, "/5", True)) == "- -> 4.4 -> 4.6/5"
    assert MILESTONE.journey(Scored(False, True, False, None, False)) == "not done (target: done)"
    assert MILESTONE.journey(Scored(False, True, True, None, False)) == "done (target: done)"
    assert MILESTONE.journey(Scored(False, True, None, None, True)) == "no data (target: done)"

"""okrctl's impact, calibration and historical forecast held against tests/reference_learning.py.

The reference is a second reading of docs/scoring.md; hypothesis draws small random goal trees
(teams, quarters before, around and after the as-of date, committed and aspirational objectives,
numeric, milestone and KPI-linked key results, dropped ones, check-ins with confidences, KPIs
with bands and measurements, `from_kpi`, `from_kr`), writes them out and runs the real CLI.
Check-ins and measurements run to 2027-09-30, after the as-of date too (a tree replayed with an
earlier `--as-of`); okrctl's today is set after all of them.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrctl import clock
from tests import reference_learning as ref
from tests.conftest import okrctl

Doc = dict[str, Any]

QUARTERS = [ref.named(2025, "Q", 3), ref.named(2025, "Q", 4)] + [
    ref.named(year, "Q", number) for year in (2026, 2027) for number in (1, 2, 3, 4)
][:6]
OTHERS = [
    ref.named(2025, "H", 2),
    ref.named(2026, "H", 1),
    ref.named(2026, "H", 2),
    ref.named(2027, "H", 1),
    ref.named(2025, "Y"),
    ref.named(2026, "Y"),
    ref.Period(date(2026, 1, 15), date(2026, 2, 28), "R"),
    ref.Period(date(2026, 3, 1), date(2026, 4, 14), "R"),
    ref.Period(date(2026, 4, 15), date(2026, 5, 29), "R"),
]
LAST_DAY = date(2027, 9, 30)  # no check-in or measurement after it
TODAY = date(2027, 12, 31)
BANDS: list[Doc | None] = [None, {"min": 5}, {"max": 6}, {"min": 3, "max": 9}, {"min": 7.5}]
OWNERS = ["ann", "bob", "cy"]
KPI_IDS = ["k1", "k2", "k3"]
CONFIDENCES = [0, 0.1, 0.25, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1]
VALUES = st.one_of(st.integers(0, 12), st.sampled_from([2.5, 7.5, 9.99, 10.01, 0.1]))


def day_between(draw: st.DrawFn, first: date, last: date) -> date:
    return first + timedelta(days=draw(st.integers(0, (last - first).days)))


def checkins(
    draw: st.DrawFn, first: date, last: date, milestone: bool = False, kpi: bool = False
) -> list[Doc]:
    """Check-ins inside the period; some self-graded (`score`, the value then optional); a
    KPI-linked key result's are self-graded only."""
    if last < first:
        return []
    found = []
    for _ in range(draw(st.integers(0, 3))):
        checkin: Doc = {"date": day_between(draw, first, last)}
        graded = kpi or draw(st.integers(0, 4)) == 0
        if not (graded and (kpi or draw(st.booleans()))):
            checkin["value"] = draw(st.booleans()) if milestone else draw(VALUES)
        if graded:
            checkin["score"] = draw(st.sampled_from(CONFIDENCES))
        if draw(st.integers(0, 4)):
            checkin["confidence"] = draw(st.sampled_from(CONFIDENCES))
        found.append(checkin)
    return sorted(found, key=lambda c: c["date"])


def kpi_docs(draw: st.DrawFn) -> list[Doc]:
    """A team's three KPIs: a band of one side, both or none, and measurements or none."""
    kpis = []
    for kpi_id in KPI_IDS:
        kpi: Doc = {"id": kpi_id, "title": f"KPI {kpi_id}", "owner": "ann"}
        band = draw(st.sampled_from(BANDS))
        if band is not None:
            kpi["band"] = band
        measured = [
            {"date": day_between(draw, date(2025, 6, 1), LAST_DAY), "value": draw(VALUES)}
            for _ in range(draw(st.integers(0, 8)))
        ]
        if measured:
            kpi["measurements"] = sorted(measured, key=lambda m: m["date"])
        kpis.append(kpi)
    return kpis


def metric(draw: st.DrawFn, kr: Doc) -> None:
    """Start and target (never equal), sometimes commit and stretch levels in their order."""
    start = draw(st.integers(0, 10))
    target = draw(st.sampled_from([t for t in range(11) if t != start]))
    kr |= {"start": start, "target": target}
    if abs(target - start) > 1 and draw(st.integers(0, 3)) == 0:
        kr["commit"] = draw(st.integers(min(start, target) + 1, max(start, target) - 1))
    if draw(st.integers(0, 3)) == 0:
        kr["stretch"] = target + (1 if target > start else -1) * draw(st.integers(1, 3))


def key_result(draw: st.DrawFn, team: str, period: ref.Period, number: int) -> Doc:
    kind = draw(st.sampled_from(["numeric", "numeric", "milestone", "kpi"]))
    kr: Doc = {"id": f"r{number}", "title": f"Key result {number}"}
    last = min(period.last, LAST_DAY)
    found: list[Doc] = []
    if kind == "milestone":
        found = checkins(draw, period.first, last, milestone=True)
        if not found:
            kr["done"] = draw(st.booleans())
    else:
        metric(draw, kr)
        if kind == "kpi":
            kr["kpi"] = f"{team}/{draw(st.sampled_from(KPI_IDS))}"
            if draw(st.integers(0, 2)) == 0 and not {"commit", "stretch"} & set(kr):
                del kr["start"]  # then the KPI's value on the period's first day
        if kind == "numeric" or draw(st.booleans()):
            found = checkins(draw, period.first, last, kpi=kind == "kpi")
    if found:
        kr["checkins"] = found
    if draw(st.integers(0, 4)) == 0:
        kr["owner"] = draw(st.sampled_from(OWNERS))
    if draw(st.integers(0, 6)) == 0:
        kr["status"] = "dropped"
        kr["reason"] = "No longer pursued."
        if draw(st.booleans()):  # sometimes after the period: it counted to its end
            kr["date"] = day_between(draw, period.first, period.last + timedelta(days=40))
    return kr


def objective_doc(draw: st.DrawFn, team: str, period: ref.Period, number: int) -> Doc:
    count = draw(st.integers(1, 3))
    objective: Doc = {
        "id": f"o{number}",
        "title": f"Objective {number}",
        "type": draw(st.sampled_from(["committed", "aspirational"])),
        "key_results": [key_result(draw, team, period, n) for n in range(1, count + 1)],
    }
    if draw(st.integers(0, 2)) == 0:
        objective["owner"] = draw(st.sampled_from(OWNERS))
    if draw(st.integers(0, 2)) == 0:
        objective["from_kpi"] = f"{team}/{draw(st.sampled_from(KPI_IDS))}"
    return objective


@st.composite
def trees(draw: st.DrawFn) -> tuple[date, list[Doc]]:
    """An as-of date and the goal files (period files and one KPI file per team)."""
    as_of = day_between(draw, date(2026, 1, 1), date(2027, 6, 30))
    files: list[Doc] = []
    teams: list[str] = draw(st.sampled_from([["alpha"], ["alpha", "beta"]]))
    for team in teams:
        kpis = kpi_docs(draw)
        chosen = [q for q in QUARTERS if draw(st.booleans()) or q.first <= as_of <= q.last]
        if draw(st.integers(0, 2)) == 0:  # halves, years and ranges too: history is per kind
            chosen += [p for p in OTHERS if draw(st.integers(0, 2))]
        for period in chosen:
            objectives = [
                objective_doc(draw, team, period, n) for n in range(1, draw(st.integers(1, 2)) + 1)
            ]
            files.append({"team": team, "period": period, "owner": "ann", "objectives": objectives})
        graduated = [
            f"{team}/{f['period'].label}/{o['id']}/{k['id']}"
            for f in files
            if f["team"] == team and f["period"].kind != "R"
            for o in f["objectives"]
            for k in o["key_results"]
        ]
        graduates: bool = draw(st.booleans())
        if graduated and graduates:
            kpis[2]["from_kr"] = draw(st.sampled_from(graduated))
        files.append({"team": team, "kpis": kpis})
    return as_of, files


def yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def yaml_text(doc: Doc) -> str:
    """The file as YAML (block lists of flow mappings; dates unquoted, so YAML reads dates)."""
    lines = [f"team: {doc['team']}"]
    if "period" in doc:
        lines += [f"period: {doc['period'].as_yaml()}", f"owner: {doc['owner']}", "objectives:"]
        for objective in doc["objectives"]:
            lines.append(f"  - id: {objective['id']}")
            for key in ("title", "type", "owner", "from_kpi"):
                if key in objective:
                    lines.append(f"    {key}: {yaml_value(objective[key])}")
            lines.append("    key_results:")
            for kr in objective["key_results"]:
                lines.append(f"      - id: {kr['id']}")
                for key, value in kr.items():
                    if key == "checkins":
                        lines.append("        checkins:")
                        lines += [f"          - {yaml_value(c)}" for c in value]
                    elif key != "id":
                        lines.append(f"        {key}: {yaml_value(value)}")
    else:
        lines.append("kpis:")
        for kpi in doc["kpis"]:
            lines.append(f"  - id: {kpi['id']}")
            for key, value in kpi.items():
                if key == "measurements":
                    lines.append("    measurements:")
                    lines += [f"      - {yaml_value(m)}" for m in value]
                elif key != "id":
                    lines.append(f"    {key}: {yaml_value(value)}")
    return "\n".join(lines) + "\n"


def run(files: list[Doc], as_of: date, *command: str, success: str = "0.7") -> Doc:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config = f"scoring:\n  forecast: historical\n  aspirational_success: {success}\n"
        (root / "okrctl.yaml").write_text(config, encoding="utf-8")
        for number, doc in enumerate(files):
            (root / f"{doc['team']}-{number}.yaml").write_text(yaml_text(doc), encoding="utf-8")
        token = clock.TODAY.set(lambda: TODAY)
        try:
            result = okrctl(*command, str(root), "--as-of", as_of.isoformat(), "--format", "json")
        finally:
            clock.TODAY.reset(token)
        assert result.returncode == 0, result.stderr[:2000]
        document: Doc = json.loads(result.stdout)
        return document


def same(got: Any, expected: Any) -> None:
    """Equal, or an assertion that names each entry where okrctl and the reference differ."""
    if got == expected:
        return
    if isinstance(got, dict) and isinstance(expected, dict):
        differ = {
            key: (got.get(key), expected.get(key))
            for key in sorted(got.keys() | expected.keys())
            if got.get(key) != expected.get(key)
        }
        raise AssertionError(f"okrctl, reference: {differ}")
    if isinstance(got, list) and isinstance(expected, list):
        raise AssertionError(
            "okrctl only: "
            + repr([g for g in got if g not in expected])
            + "\nreference only: "
            + repr([e for e in expected if e not in got])
        )
    raise AssertionError(f"okrctl {got!r}, reference {expected!r}")


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(trees())
def test_impact_agrees_with_the_reference(drawn: tuple[date, list[Doc]]) -> None:
    as_of, files = drawn
    document = run(files, as_of, "impact")
    keys = ("kind", "ref", "kpi", "key_result", "before", "end", "after", "measured_after")
    got = sorted(
        ({key: item[key] for key in (*keys, "verdict")} for item in document["impacts"]),
        key=lambda item: (item["ref"], item["kpi"]),
    )
    expected = sorted(
        ref.impacts(ref.Tree(files), as_of), key=lambda item: (item["ref"], item["kpi"])
    )
    same(got, expected)


@SETTINGS
@given(
    trees(),
    st.sampled_from(["0.7", "0.65", "0.701"]),
    st.sampled_from([None, "alpha"]),
    st.sampled_from([None, QUARTERS[1], QUARTERS[3], OTHERS[1]]),
)
def test_calibration_agrees_with_the_reference(
    drawn: tuple[date, list[Doc]], success: str, team: str | None, since: ref.Period | None
) -> None:
    as_of, files = drawn
    if since not in [f["period"] for f in files if "period" in f]:
        since = None  # `--since` takes a period of the tree, as `--period` does
    options = [*(["--team", team] if team else []), *(["--since", since.label] if since else [])]
    document = run(files, as_of, "calibration", *options, success=success)
    expected = ref.calibration(
        ref.Tree(files), as_of, ref.exact(float(success)), team=team, since=since
    )
    for group in ("teams", "owners"):
        got = {row.pop("name"): row for row in document[group]}
        same(got, expected[group])


@SETTINGS
@given(trees())
def test_historical_forecast_agrees_with_the_reference(drawn: tuple[date, list[Doc]]) -> None:
    as_of, files = drawn
    document = run(files, as_of, "score")
    expected = ref.historical_forecasts(ref.Tree(files), as_of)
    every = {
        kr["ref"]: kr.get("historical_forecast")
        for objective in document["objectives"]
        for kr in objective["key_results"]
    }
    same({ref_: every.get(ref_) for ref_ in expected}, expected)
    # A key result of a period not under way has none.
    extra = [r for r, forecast in every.items() if r not in expected and forecast is not None]
    assert not extra, f"okrctl forecasts outside a period under way: {extra}"

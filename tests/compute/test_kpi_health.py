"""okrctl.compute.kpi_health: each KPI's state, staleness, breach streak and trend, by hand.

As of 2026-11-29 unless a test says otherwise. Defaults: a KPI is stale when its latest
measurement is older than 1.5 cadence intervals: 1.5 x 7 = 10.5 days weekly, 1.5 x 365.25 / 12
= 45.66 days monthly, 1.5 x 365.25 / 4 = 136.97 days quarterly, 1.5 days daily.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrctl.compute.kpi_health import KpiReport, KpiStatus, check_kpis
from tests.compute.trees import load

AS_OF = date(2026, 11, 29)


def kpi_file(*kpis: str, team: str = "support") -> str:
    return f"team: {team}\nkpis:\n" + "".join(kpis)


def kpi(
    ident: str,
    values: str,
    *,
    band: str | None = "{max: 45}",
    warn: str | None = None,
    cadence: str | None = "weekly",
) -> str:
    """One KPI; `values` is `date: value, ...` in file order."""
    lines = [f"  - id: {ident}\n", f"    title: KPI {ident}\n", "    owner: lin\n"]
    if cadence:
        lines.append(f"    cadence: {cadence}\n")
    if band:
        lines.append(f"    band: {band}\n")
    if warn:
        lines.append(f"    warn: {warn}\n")
    pairs = [pair.split(": ") for pair in values.split(", ")] if values else []
    lines.append("    measurements:" + ("\n" if pairs else " []\n"))
    lines += [f"      - {{date: {day}, value: {value}}}\n" for day, value in pairs]
    return "".join(lines)


def board(root: Path, *kpis: str, day: date = AS_OF) -> dict[str, KpiStatus]:
    tree = load(root, {"kpis.yaml": kpi_file(*kpis)})
    return {status.id: status for status in check_kpis(tree, day).kpis}


def test_states_against_the_band_and_the_warn_band(tmp_path: Path) -> None:
    # Band at least 4.2; warn below 4.4: inside the band but past the warn line is `warn`.
    csat = {"band": "{min: 4.2}", "warn": "{min: 4.4}"}
    found = board(
        tmp_path,
        kpi("ok", "2026-11-27: 4.5", **csat),
        kpi("edge-of-warn", "2026-11-27: 4.4", **csat),  # on the warn line: ok (inclusive)
        kpi("warn", "2026-11-27: 4.3", **csat),
        kpi("edge-of-band", "2026-11-27: 4.2", **csat),  # on the band's edge: inside, warn
        kpi("breach", "2026-11-27: 4.1", **csat),
        kpi("empty", "", **csat),
    )
    assert {ident: status.status for ident, status in found.items()} == {
        "ok": "ok",
        "edge-of-warn": "ok",
        "warn": "warn",
        "edge-of-band": "warn",
        "breach": "breach",
        "empty": "no-data",
    }
    assert (found["warn"].value, found["warn"].date, found["warn"].age_days) == (
        4.3,
        date(2026, 11, 27),
        2,
    )
    # Levels for --fail-on: breach 3, warn 2, stale 1, fine 0 (`empty` is weekly and was
    # never measured, so it is stale).
    assert [found[i].level() for i in ("ok", "warn", "breach", "empty")] == [0, 2, 3, 1]


@pytest.mark.parametrize(
    ("cadence", "fresh", "stale"),
    [
        # weekly: 10.5 days; 10 days old is fresh, 11 stale
        ("weekly", "2026-11-19", "2026-11-18"),
        # monthly: 45.66 days; 45 days old (2026-10-15) fresh, 46 (2026-10-14) stale
        ("monthly", "2026-10-15", "2026-10-14"),
        # quarterly: 136.97 days; 136 days old (2026-07-16) fresh, 137 (2026-07-15) stale
        ("quarterly", "2026-07-16", "2026-07-15"),
        # daily: 1.5 days; yesterday fresh, the day before stale
        ("daily", "2026-11-28", "2026-11-27"),
    ],
)
def test_stale_after_one_and_a_half_intervals(
    tmp_path: Path, cadence: str, fresh: str, stale: str
) -> None:
    found = board(
        tmp_path,
        kpi("fresh", f"{fresh}: 40", cadence=cadence),
        kpi("stale", f"{stale}: 40", cadence=cadence),
        kpi("never", "", cadence=cadence),
        kpi("no-cadence", "2020-01-01: 40", cadence=None),
    )
    assert {ident: status.stale for ident, status in found.items()} == {
        "fresh": False,
        "stale": True,
        "never": True,  # a cadence and no measurement: nobody is watching it
        "no-cadence": False,  # no cadence, no promise to keep
    }


def test_stale_after_is_read_from_the_config(tmp_path: Path) -> None:
    files = {
        "okrctl.yaml": "kpi:\n  stale_after: 3\n",
        "kpis.yaml": kpi_file(kpi("k", "2026-11-10: 40")),
    }
    # 19 days old: stale after 10.5 days by default, fresh within 3 x 7 = 21 days.
    (status,) = check_kpis(load(tmp_path, files), AS_OF).kpis
    assert (status.age_days, status.stale) == (19, False)


def test_breach_streak_trend_and_history(tmp_path: Path) -> None:
    found = board(
        tmp_path,
        # band at most 45: 52 and 50 (the latest two) are outside, 40 breaks the streak
        kpi("streak", "2026-10-26: 50, 2026-11-02: 40, 2026-11-09: 50, 2026-11-16: 52"),
        kpi("inside", "2026-11-09: 50, 2026-11-16: 44"),
        kpi("no-band", "2026-11-09: 50, 2026-11-16: 60", band=None),
        # file order is not date order: sorted by date, 30 (11-02), 35 (11-09), 33 (11-16)
        kpi("unsorted", "2026-11-16: 33, 2026-11-02: 30, 2026-11-09: 35"),
        kpi("flat", "2026-11-09: 30, 2026-11-16: 31, 2026-11-23: 30"),
        # one measurement after the as-of date: not read yet
        kpi("future", "2026-11-16: 40, 2026-12-07: 90"),
    )
    assert found["streak"].breach_streak == 2
    assert (found["inside"].breach_streak, found["inside"].status) == (0, "ok")
    assert (found["no-band"].breach_streak, found["no-band"].status) == (0, "ok")
    # the trend: the last of the latest three against the first of them
    # streak: 40 -> 52 up; unsorted: 30 -> 33 up; flat: 30 -> 30 flat; inside: 50 -> 44 down
    trends = {ident: found[ident].trend for ident in ("streak", "unsorted", "flat", "inside")}
    assert trends == {"streak": "up", "unsorted": "up", "flat": "flat", "inside": "down"}
    assert found["unsorted"].history == (
        (date(2026, 11, 2), 30),
        (date(2026, 11, 9), 35),
        (date(2026, 11, 16), 33),
    )
    assert (found["unsorted"].value, found["unsorted"].date) == (33, date(2026, 11, 16))
    future = found["future"]
    assert (future.value, future.status, future.history) == (40, "ok", ((date(2026, 11, 16), 40),))
    # On 2026-12-07 the 90 is read: outside the band, a streak of 1.
    later = board(
        tmp_path / "later", kpi("future", "2026-11-16: 40, 2026-12-07: 90"), day=date(2026, 12, 7)
    )
    assert (later["future"].status, later["future"].breach_streak) == ("breach", 1)


def test_same_day_measurements_the_later_in_the_file_counts(tmp_path: Path) -> None:
    found = board(tmp_path, kpi("k", "2026-11-16: 50, 2026-11-16: 40"))
    assert (found["k"].value, found["k"].status) == (40, "ok")


def test_fail_on_thresholds(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "kpis.yaml": kpi_file(
                kpi("warned", "2026-11-27: 4.3", band="{min: 4.2}", warn="{min: 4.4}"),
                kpi("stale", "2026-10-01: 40"),
            )
        },
    )
    report: KpiReport = check_kpis(tree, AS_OF)
    # worst: a warn (level 2). It fails --fail-on warn and stale, not breach, never never.
    assert [report.fails(level) for level in ("breach", "warn", "stale", "never")] == [
        False,
        True,
        True,
        False,
    ]


def test_team_filter_and_order(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "support.yaml": kpi_file(kpi("b", "2026-11-27: 1"), kpi("a", "2026-11-27: 1")),
            "growth.yaml": kpi_file(kpi("mrr", "2026-11-27: 1"), team="growth"),
        },
    )
    # by team, then file order (not by id)
    assert [k.ref for k in check_kpis(tree, AS_OF).kpis] == ["growth/mrr", "support/b", "support/a"]
    assert [k.ref for k in check_kpis(tree, AS_OF, team="support").kpis] == [
        "support/b",
        "support/a",
    ]

"""okrctl.compute.monthly: the monthly KPI review, every number worked out by hand.

As of 2026-12-02 unless a test says otherwise: the window is September to November 2026
(2026-09-01 to 2026-11-30: 30 + 31 + 30 = 91 days), the trend's points are the values held on
Aug 31, Sep 30, Oct 31 and Nov 30, and `tighten` looks back over June to November (from
2026-06-01). Defaults: room 0.2, margin 0.1, breach share 1/3.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrctl.compute.monthly import (
    BreachRun,
    KpiMonth,
    MonthlyReview,
    WarnCrossing,
    in_first_week,
    monthly_review,
    window,
)
from okrctl.compute.review import build_review
from okrctl.compute.scoring import AsOf
from tests.compute.test_kpi_health import kpi, kpi_file
from tests.compute.trees import lint_findings, load

AS_OF = date(2026, 12, 2)


def review(root: Path, *kpis: str, day: date = AS_OF, config: str = "") -> MonthlyReview:
    files = {"kpis.yaml": kpi_file(*kpis)}
    if config:
        files["okrctl.yaml"] = config
    return monthly_review(load(root, files), day)


def one(root: Path, text: str, day: date = AS_OF, config: str = "") -> KpiMonth:
    (found,) = review(root, text, day=day, config=config).kpis
    return found


def kinds(found: KpiMonth) -> list[str]:
    return [s.kind for s in found.suggestions]


# The window -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "months", "expected"),
    [
        (date(2026, 12, 2), 3, (date(2026, 9, 1), date(2026, 11, 30))),
        # The last day of a month counts as ended: November is in.
        (date(2026, 11, 30), 3, (date(2026, 9, 1), date(2026, 11, 30))),
        # The day before it is not: November is still running, August to October.
        (date(2026, 11, 29), 3, (date(2026, 8, 1), date(2026, 10, 31))),
        # Across a year's turn.
        (date(2026, 1, 15), 3, (date(2025, 10, 1), date(2025, 12, 31))),
        (date(2026, 3, 1), 1, (date(2026, 2, 1), date(2026, 2, 28))),
    ],
)
def test_the_window_is_the_last_whole_months(
    as_of: date, months: int, expected: tuple[date, date]
) -> None:
    assert window(as_of, months) == expected


def test_the_first_week_is_the_first_seven_days() -> None:
    assert in_first_week(date(2026, 12, 1))
    assert in_first_week(date(2026, 12, 7))
    assert not in_first_week(date(2026, 12, 8))


def test_the_review_names_its_months(tmp_path: Path) -> None:
    found = review(tmp_path, kpi("a", "2026-10-01: 40"))
    assert (found.start, found.end, found.steady_start) == (
        date(2026, 9, 1),
        date(2026, 11, 30),
        date(2026, 6, 1),
    )
    assert found.months == ("2026-09", "2026-10", "2026-11")


# Time in band, breaches, trend ------------------------------------------------------------


def test_days_inside_the_band_as_steps_from_the_first_measurement(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        kpi("frt", "2026-10-01: 40, 2026-10-11: 50, 2026-10-21: 44, 2026-11-15: 46"),
    )
    # First measured 2026-10-01, inside the window: counted from then, Oct 1 to Nov 30 =
    # 31 + 30 = 61 days. Out: 50 holds Oct 11-20 (10 days), 46 holds Nov 15-30 (16 days).
    assert found.counted_from == date(2026, 10, 1)
    assert (found.days, found.inside) == (61, 61 - 26)
    assert found.share == 35 / 61
    assert found.breaches == (
        BreachRun("above", date(2026, 10, 11), date(2026, 10, 20), 10, 50, None, 40),
        BreachRun("above", date(2026, 11, 15), None, 16, 46, None, 44),
    )
    # Not measured by Aug 31 nor Sep 30; 44 on Oct 31, 46 on Nov 30: up 2, and lower is
    # better under a `max` band.
    assert [e.value for e in found.month_ends] == [None, None, 44, 46]
    assert [e.date for e in found.month_ends] == [
        date(2026, 8, 31),
        date(2026, 9, 30),
        date(2026, 10, 31),
        date(2026, 11, 30),
    ]
    assert (found.direction, found.change, found.verdict, found.good) == (
        "up",
        2,
        "worse",
        "lower",
    )


def test_a_breach_that_began_before_the_window(tmp_path: Path) -> None:
    found = one(tmp_path, kpi("frt", "2026-08-20: 50, 2026-09-05: 40, 2026-11-30: 41"))
    # Out from Aug 20 to Sep 4: 16 days in all, 4 of them (Sep 1-4) in the window, which is
    # counted whole (measured before it): 91 days, 87 inside.
    assert found.breaches == (
        BreachRun("above", date(2026, 8, 20), date(2026, 9, 4), 16, 50, None, None),
    )
    assert (found.counted_from, found.days, found.inside) == (date(2026, 9, 1), 91, 87)
    # Aug 31: 50, Sep 30: 40, Oct 31: 40, Nov 30: 41 (measured that day): down 9, better.
    assert [e.value for e in found.month_ends] == [50, 40, 40, 41]
    assert (found.direction, found.change, found.verdict) == ("down", -9, "better")


def test_a_breach_that_ended_before_the_window_is_not_listed(tmp_path: Path) -> None:
    found = one(tmp_path, kpi("frt", "2026-08-01: 50, 2026-08-31: 40"))
    assert found.breaches == ()
    assert (found.days, found.inside) == (91, 91)


def test_the_last_measurement_of_a_day_holds_it(tmp_path: Path) -> None:
    found = one(tmp_path, kpi("frt", "2026-11-30: 50, 2026-11-30: 40, 2026-09-01: 30"))
    # The two of Nov 30 in file order: 40 holds that day; nothing was ever out of band.
    assert (found.days, found.inside, found.breaches) == (91, 91, ())
    assert found.month_ends[-1].value == 40


def test_breaches_on_two_sides_are_two_runs(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        kpi("lat", "2026-09-01: 50, 2026-09-11: 5, 2026-09-21: 20", band="{min: 10, max: 40}"),
    )
    # 50 (above) Sep 1-10: 10 days; 5 (below) Sep 11-20: 10 days; the reading before the
    # second run was itself out of band, so it says nothing about a warning.
    assert found.breaches == (
        BreachRun("above", date(2026, 9, 1), date(2026, 9, 10), 10, 50, None, None),
        BreachRun("below", date(2026, 9, 11), date(2026, 9, 20), 10, 5, None, 50),
    )
    assert (found.days, found.inside) == (91, 71)


def test_no_value_in_the_window(tmp_path: Path) -> None:
    found = one(tmp_path, kpi("new", "2026-12-01: 30"))  # after the window's end
    assert (found.counted_from, found.days, found.inside, found.share) == (None, 0, 0, None)
    assert (found.direction, found.change, found.verdict) == ("flat", None, "unknown")
    assert found.suggestions == ()


@pytest.mark.parametrize(
    ("band", "target", "values", "expected"),
    [
        # A `min` band: higher is better.
        ("{min: 3.8}", None, "2026-08-31: 4.1, 2026-11-30: 4.3", ("up", "better", "higher")),
        ("{min: 3.8}", None, "2026-08-31: 4.1, 2026-11-30: 4.0", ("down", "worse", "higher")),
        # Two-sided with a target: closer is better; as close on the other side is flat.
        ("{min: 0, max: 100}", 50, "2026-08-31: 40, 2026-11-30: 48", ("up", "better", "target")),
        ("{min: 0, max: 100}", 50, "2026-08-31: 40, 2026-11-30: 60", ("up", "flat", "target")),
        ("{min: 0, max: 100}", 50, "2026-08-31: 58, 2026-11-30: 70", ("up", "worse", "target")),
        # As far on either side in decimals (in binary floats 0.3 - 0.1 is below 0.5 - 0.3).
        ("{min: 0, max: 1}", 0.3, "2026-08-31: 0.1, 2026-11-30: 0.5", ("up", "flat", "target")),
        # Two-sided without one: no good direction.
        ("{min: 0, max: 100}", None, "2026-08-31: 40, 2026-11-30: 60", ("up", "unknown", None)),
        ("{max: 45}", None, "2026-08-31: 40, 2026-11-30: 40", ("flat", "flat", "lower")),
    ],
)
def test_the_trend_against_the_good_direction(
    tmp_path: Path, band: str, target: int | None, values: str, expected: tuple[object, ...]
) -> None:
    text = kpi("k", values, band=band)
    if target is not None:
        text += f"    target: {target}\n"
    found = one(tmp_path, text)
    assert (found.direction, found.verdict, found.good) == expected


def test_warn_crossings(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        kpi(
            "frt",
            "2026-08-25: 30, 2026-09-01: 36, 2026-09-10: 30, 2026-10-01: 38, 2026-10-05: 39",
            warn="{max: 35}",
        ),
    )
    # Into the warn zone from inside the warn band: Sep 1 (30 -> 36) and Oct 1 (30 -> 38);
    # Oct 5 stays in the zone. A crossing before the window (none here) is not listed.
    assert found.crossings == (
        WarnCrossing(date(2026, 9, 1), 36, 30),
        WarnCrossing(date(2026, 10, 1), 38, 30),
    )


# Suggestions ------------------------------------------------------------------------------

STEADY = "2026-05-20: 30, 2026-07-01: 32, 2026-09-01: {peak}, 2026-11-01: 31"


def test_tighten_fires_with_exactly_room_to_spare(tmp_path: Path) -> None:
    found = one(tmp_path, kpi("frt", STEADY.format(peak=36)))
    # Known since May 20 (before Jun 1) and inside all along: 30 to 36. A one-sided band's
    # scale is its edge, 45: room 0.2 x 45 = 9, and 45 - 36 = 9 is enough. The new edge is
    # 36 + 0.1 x 45 = 40.5. The trend (32 on Aug 31 to 31 on Nov 30) is better.
    assert kinds(found) == ["tighten"]
    (s,) = found.suggestions
    assert s.draft == {"band": {"max": 40.5}}
    assert s.reason == (
        "tighten to at most 40.5: held inside 30 to 36 over 6 whole months, room to spare in its "
        "band (at most 45); inside it since 2026-05-20"
    )


def test_tighten_needs_room_to_spare(tmp_path: Path) -> None:
    # 45 - 36.5 = 8.5 < 9.
    assert kinds(one(tmp_path, kpi("frt", STEADY.format(peak=36.5)))) == []


def test_tighten_needs_six_months_of_values(tmp_path: Path) -> None:
    # First measured Jun 2: the value on Jun 1 is unknown.
    text = kpi("frt", STEADY.format(peak=36).replace("2026-05-20", "2026-06-02"))
    assert kinds(one(tmp_path, text)) == []


def test_tighten_needs_six_months_inside(tmp_path: Path) -> None:
    # 46 held from Jun 15 to Jun 30: out of band within the look-back.
    text = kpi("frt", "2026-05-20: 30, 2026-06-15: 46, " + STEADY.format(peak=36)[16:])
    assert kinds(one(tmp_path, text)) == []


def test_tighten_is_not_for_a_kpi_getting_worse(tmp_path: Path) -> None:
    # Same values but 34 last: 32 on Aug 31 to 34 on Nov 30 is up, worse under a `max`.
    text = kpi("frt", STEADY.format(peak=36).replace("2026-11-01: 31", "2026-11-01: 34"))
    assert kinds(one(tmp_path, text)) == []


def test_tighten_a_two_sided_band_and_its_warn_band(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        kpi(
            "lat",
            "2026-05-01: 50, 2026-08-01: 40, 2026-10-01: 60",
            band="{min: 0, max: 100}",
            warn="{min: 10, max: 90}",
        ),
    )
    # Held 40 to 60; the scale is the width, 100: room 20 on both sides (gaps 40 and 40),
    # new edges 60 + 10 = 70 and 40 - 10 = 30. The warn edges 10 and 90 would lie outside
    # the new band: they move to the values seen, 40 and 60.
    (s,) = found.suggestions
    assert s.draft == {"band": {"min": 30, "max": 70}, "warn": {"min": 40, "max": 60}}
    assert "since 2026-05-01" in s.reason


def test_tighten_counts_since_the_last_breach(tmp_path: Path) -> None:
    found = one(tmp_path, kpi("frt", "2026-03-01: 50, 2026-04-10: 30, 2026-09-01: 29"))
    (s,) = found.suggestions
    assert s.kind == "tighten"
    assert "since 2026-04-10" in s.reason  # the first reading after the breach of March
    assert s.draft == {"band": {"max": 34.5}}  # 30 + 4.5


RESET = "2026-10-02: 40, {day}: 50"


def test_reset_does_not_fire_at_exactly_a_third(tmp_path: Path) -> None:
    # Counted Oct 2 to Nov 30: 30 + 30 = 60 days; 50 from Nov 11: 20 days out = 1/3.
    found = one(tmp_path, kpi("frt", RESET.format(day="2026-11-11")))
    assert (found.days, found.inside) == (60, 40)
    assert kinds(found) == []


def test_reset_fires_past_a_third(tmp_path: Path) -> None:
    # From Nov 10: 21 of 60 days out, 35%. One side breached: it may keep 1/3 x 60 = 20 days
    # beyond its edge. Beyond 40: 21 days, too many; beyond 50: none. The edge drafted is 50.
    found = one(tmp_path, kpi("frt", RESET.format(day="2026-11-10")))
    assert kinds(found) == ["reset"]
    (s,) = found.suggestions
    assert s.draft == {"band": {"max": 50}}
    assert s.reason == (
        "the band does not describe normal: outside it on 21 of 60 days (35%); re-set it (to "
        "at most 50), or make restoring it an objective (okrctl suggest drafts one)"
    )


def test_reset_drafts_the_edge_from_the_days_beyond(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        kpi("frt", "2026-10-01: 40, 2026-10-11: 50, 2026-10-21: 44, 2026-11-15: 46"),
    )
    # 26 of 61 days out (43%). Budget 61/3 = 20.33 days beyond the new edge. Beyond 44:
    # 50 for 10 days and 46 for 16 = 26, too many; beyond 46: 10. Drafted: at most 46.
    (s,) = found.suggestions
    assert (s.kind, s.draft) == ("reset", {"band": {"max": 46}})
    assert "26 of 61 days (43%)" in s.reason


def test_reset_with_both_sides_breached_halves_the_budget(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        kpi(
            "lat",
            "2026-09-01: 20, 2026-09-11: 50, 2026-10-11: 5, 2026-11-01: 45, 2026-11-11: 20",
            band="{min: 10, max: 40}",
        ),
    )
    # Above: 50 Sep 11 - Oct 10 (30 days), 45 Nov 1-10 (10). Below: 5 Oct 11-31 (21).
    # 61 of 91 days out. Each side may keep 91 / 3 / 2 = 15.17 days beyond its new edge.
    # Above: beyond 45, 30 days; beyond 50, 0: max 50. Below: beyond 5, 0: min 5.
    (s,) = found.suggestions
    assert (found.days, found.inside) == (91, 30)
    assert (s.kind, s.draft) == ("reset", {"band": {"min": 5, "max": 50}})


EARLY = "2026-09-01: 30, 2026-10-01: 50, 2026-10-10: 33, 2026-11-01: 40, 2026-11-10: 47"


def test_no_early_warning(tmp_path: Path) -> None:
    found = one(tmp_path, kpi("frt", EARLY, warn="{max: 35}"))
    # Oct 1: straight from 30 (inside the warn band) to 50; Nov 10: from 40, in the warn
    # zone since the crossing of Nov 1, so that one was warned of.
    assert found.breaches == (
        BreachRun("above", date(2026, 10, 1), date(2026, 10, 9), 9, 50, False, 30),
        BreachRun("above", date(2026, 11, 10), None, 21, 47, True, 40),
    )
    assert found.crossings == (WarnCrossing(date(2026, 11, 1), 40, 33),)
    # 30 of 91 days out: under a third, no reset.
    assert (found.days, found.inside) == (91, 61)
    assert kinds(found) == ["no-early-warning"]
    (s,) = found.suggestions
    assert s.draft == {"warn": {"max": 30}}
    assert s.reason == (
        "the warn band (at most 35) gave no early warning of a breach "
        "(2026-10-01: 30 straight to 50); a warn band of at most 30 flags the next move past "
        "where it stood"
    )


def test_a_breach_warned_of_needs_no_suggestion(tmp_path: Path) -> None:
    text = kpi("frt", EARLY.replace("2026-09-01: 30", "2026-09-01: 36"), warn="{max: 35}")
    found = one(tmp_path, text)
    assert [b.warned for b in found.breaches] == [True, True]
    assert kinds(found) == []


def test_no_early_warning_needs_a_warn_band(tmp_path: Path) -> None:
    found = one(tmp_path, kpi("frt", EARLY))
    assert [b.warned for b in found.breaches] == [None, None]
    assert kinds(found) == []


def test_no_early_warning_only_for_breaches_starting_in_the_window(tmp_path: Path) -> None:
    text = kpi("frt", "2026-08-01: 30, 2026-08-20: 50, 2026-09-05: 30", warn="{max: 35}")
    found = one(tmp_path, text)
    assert [b.warned for b in found.breaches] == [False]
    assert kinds(found) == []


def test_thresholds_come_from_okrctl_yaml(tmp_path: Path) -> None:
    config = "review:\n  monthly:\n    room: 0.5\n    margin: 0.2\n    breach_share: 0.25\n"
    # Room 0.5 x 45 = 22.5 > 45 - 36: no tighten now.
    assert kinds(one(tmp_path / "a", kpi("frt", STEADY.format(peak=36)), config=config)) == []
    # 20 of 60 days out = 1/3 > 0.25: a reset; budget 0.25 x 60 = 15 < 20, so the edge is 50.
    found = one(tmp_path / "b", kpi("frt", RESET.format(day="2026-11-11")), config=config)
    assert [(s.kind, s.draft) for s in found.suggestions] == [("reset", {"band": {"max": 50}})]


def test_a_one_month_window(tmp_path: Path) -> None:
    config = "review:\n  monthly:\n    months: 1\n"
    found = one(tmp_path, kpi("frt", "2026-10-15: 40, 2026-11-21: 50"), config=config)
    # November only: 30 days, 50 from Nov 21 to 30 (10 days). Points: Oct 31 and Nov 30.
    assert (found.days, found.inside) == (30, 20)
    assert [e.value for e in found.month_ends] == [40, 50]


# The default cadence ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "first_week", "expected"),
    [
        (date(2026, 12, 3), True, "monthly"),
        (date(2026, 12, 7), True, "monthly"),
        (date(2026, 12, 8), True, "weekly"),
        (date(2026, 12, 3), False, "weekly"),
        # In the 14 days after a quarter ends, the quarterly review comes first.
        (date(2026, 10, 3), True, "quarterly"),
    ],
)
def test_monthly_is_the_default_in_the_first_week_when_configured(
    tmp_path: Path, day: date, first_week: bool, expected: str
) -> None:
    files = {"kpis.yaml": kpi_file(kpi("frt", "2026-10-01: 40"))}
    if first_week:
        files["okrctl.yaml"] = "review:\n  monthly:\n    first_week: true\n"
    tree = load(tmp_path, files)
    report = build_review(tree, AsOf(day), lint_findings(tree))
    assert report.cadence == expected
    assert (report.monthly is not None) == (expected == "monthly")


def test_the_monthly_report_holds_the_kpis_only(tmp_path: Path) -> None:
    tree = load(tmp_path, {"kpis.yaml": kpi_file(kpi("frt", "2026-11-16: 52"))})
    report = build_review(tree, AsOf(AS_OF), lint_findings(tree), cadence="monthly")
    assert report.monthly is not None
    assert report.monthly.end == date(2026, 11, 30)
    assert (report.summary.objectives, report.summary.kpis, report.summary.in_breach) == (0, 1, 1)
    assert [a.kind for a in report.summary.attention] == ["kpi-breach"]
    assert report.period is None and report.suggestions.suggestions == ()


def test_no_early_warning_from_the_warn_line_itself_has_no_draft(tmp_path: Path) -> None:
    # 35 is on the warn line (inside, edges included), then 50: no warning, but a warn band
    # ending at 35 is the one it has.
    found = one(tmp_path, kpi("frt", "2026-09-01: 35, 2026-10-01: 50", warn="{max: 35}"))
    (s,) = [s for s in found.suggestions if s.kind == "no-early-warning"]
    assert s.draft is None
    assert s.reason == (
        "the warn band (at most 35) gave no early warning of a breach (2026-10-01: 35 straight "
        "to 50)"
    )

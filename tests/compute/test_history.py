"""okrctl.compute.history: `scoring.forecast: historical`, numbers worked out by hand.

As of 2026-11-16, 2026-Q4 (2026-10-01 to 12-31, 92 days) is 46/92 = 1/2 gone. The same point
of 2026-Q3 (92 days) is 07-01 + floor(46) days = 08-16; of 2026-Q2 (91 days), 04-01 +
floor(45.5) = 45 days = 05-16. Every key result goes from 0 to 10:

    Q3 a: 4 on 08-10, 9 on 09-30   at 08-16 0.4, final 0.9   gap 0.5
    Q3 b: 6 on 08-01, 7 on 09-20   at 08-16 0.6, final 0.7   gap 0.1
    Q2 c: 2 on 05-01, 5 on 06-30   at 05-16 0.2, final 0.5   gap 0.3
    Q2 d: 5 on 05-10, 10 on 06-30  at 05-16 0.5, final 1.0   gap 0.5

Gaps 0.1, 0.3, 0.5, 0.5: the median is (0.3 + 0.5) / 2 = 0.4. Q4's x scores 0.3 now: 0.7;
y scores 0.8: 1.2, clipped to 1.0.
"""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from pathlib import Path

from okrctl.compute.history import median, same_point
from okrctl.compute.scoring import AsOf, HistoricalForecast, score_tree
from okrctl.model.period import resolve_label
from okrctl.model.tree import GoalTree
from tests.compute.trees import goal_file, load
from tests.conftest import okrctl

AS_OF = date(2026, 11, 16)


def objective(name: str, krs: list[tuple[str, str, str]]) -> str:
    """One committed objective of key results from 0 to 10 with two check-ins each."""
    lines = [
        f"- id: {name}",
        f"  title: Objective {name}",
        "  type: committed",
        "  key_results:",
    ]
    for kr, first, second in krs:
        lines += [
            f"    - {{id: {kr}, title: Count of {kr} from 0 to 10, start: 0, target: 10,",
            f"       checkins: [{first}{', ' + second if second else ''}]}}",
        ]
    return "\n".join(lines)


Q3 = objective(
    "q3",
    [
        ("a", "{date: 2026-08-10, value: 4}", "{date: 2026-09-30, value: 9}"),
        ("b", "{date: 2026-08-01, value: 6}", "{date: 2026-09-20, value: 7}"),
    ],
)
Q2 = objective(
    "q2",
    [
        ("c", "{date: 2026-05-01, value: 2}", "{date: 2026-06-30, value: 5}"),
        ("d", "{date: 2026-05-10, value: 5}", "{date: 2026-06-30, value: 10}"),
    ],
)
Q4 = objective(
    "q4",
    [("x", "{date: 2026-11-01, value: 3}", ""), ("y", "{date: 2026-11-01, value: 8}", "")],
)
HISTORICAL = "scoring:\n  forecast: historical\n"


def tree_of(root: Path, *, q2: bool = True, config: str = HISTORICAL) -> GoalTree:
    files = {
        "okrctl.yaml": config,
        "support/2026-Q3.yaml": goal_file("support", "2026-Q3", Q3),
        "support/2026-Q4.yaml": goal_file("support", "2026-Q4", Q4),
    }
    if q2:
        files["support/2026-Q2.yaml"] = goal_file("support", "2026-Q2", Q2)
    return load(root, files)


def forecasts(tree: GoalTree) -> dict[str, HistoricalForecast | None]:
    report = score_tree(tree, AsOf(AS_OF), explicit_date=True)
    return {kr.ref: kr.historical for o in report.objectives for kr in o.key_results}


def test_the_same_point_of_a_past_period() -> None:
    half = Fraction(1, 2)
    assert same_point(resolve_label("2026-Q3"), half) == date(2026, 8, 16)
    assert same_point(resolve_label("2026-Q2"), half) == date(2026, 5, 16)


def test_median() -> None:
    assert median([Fraction(5, 10), Fraction(1, 10), Fraction(3, 10)]) == Fraction(3, 10)
    assert median([Fraction(1, 10), Fraction(3, 10), Fraction(5, 10), Fraction(5, 10)]) == (
        Fraction(4, 10)
    )


def test_two_past_periods_give_the_forecast_by_hand(tmp_path: Path) -> None:
    found = forecasts(tree_of(tmp_path))
    assert found["support/2026-Q4/q4/x"] == HistoricalForecast(0.7, 0.4, 4, 2)
    assert found["support/2026-Q4/q4/y"] == HistoricalForecast(1.0, 0.4, 4, 2)  # 1.2 clipped
    # Past periods get none: they have ended.
    assert found["support/2026-Q3/q3/a"] is None


NEXT = """
- id: next
  title: Objective next
  type: committed
  key_results:
    - {id: m, title: Pricing page shipped, done: false}
"""


def test_a_period_not_begun_gives_none(tmp_path: Path) -> None:
    """docs/scoring.md: only a key result of a period under way gets one. As of 2026-11-16,
    2027-Q1's milestone has a value (not done, 0), and Q2's, Q3's and Q4's key results would
    give gaps from their first days (no value yet: 0) of 0.5, 1.0, 0.9, 0.7, 0.3 and 0.8
    (median 0.75: okrctl gave 0.750 before this was fixed), but 2027-Q1 has not begun: none,
    while 2026-Q4's forecasts stay."""
    tree_of(tmp_path)
    tree = load(tmp_path, {"support/2027-Q1.yaml": goal_file("support", "2027-Q1", NEXT)})
    found = forecasts(tree)
    assert found["support/2027-Q1/next/m"] is None
    assert found["support/2026-Q4/q4/x"] == HistoricalForecast(0.7, 0.4, 4, 2)


def test_one_past_period_gives_none(tmp_path: Path) -> None:
    found = forecasts(tree_of(tmp_path, q2=False))
    assert found["support/2026-Q4/q4/x"] is None


def test_the_linear_default_gives_none(tmp_path: Path) -> None:
    found = forecasts(tree_of(tmp_path, config="scoring:\n  forecast: linear\n"))
    assert set(found.values()) == {None}


def test_score_json_and_the_review_show_it(tmp_path: Path) -> None:
    tree_of(tmp_path)
    result = okrctl("score", ".", "--as-of", "2026-11-16", "--period", "2026-Q4", "-f", "json",
                    cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    krs = json.loads(result.stdout)["objectives"][0]["key_results"]
    assert krs[0]["historical_forecast"] == {
        "score": 0.7, "gap": 0.4, "key_results": 4, "periods": 2
    }  # fmt: skip
    review = okrctl("review", ".", "--period", "2026-Q4", "--as-of", "2026-11-16", cwd=tmp_path)
    assert review.returncode == 0, review.stderr
    assert (
        "historical forecast x: 0.700 (score now + 0.400, the median gap of 4 key" in review.stdout
    )

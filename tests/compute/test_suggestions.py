"""okrctl.compute.suggestions: the loop between KPIs and OKRs, computed directly.

As of 2026-11-29: the next quarter is 2027-Q1, the most recently ended one 2026-Q3.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.compute.trees import goal_file, load, suggestions

AS_OF = date(2026, 11, 29)

FRT = """
team: support
kpis:
  - id: frt
    title: Median first-response time
    owner: lin
    unit: min
    cadence: weekly
    band: {max: 45}
    measurements:
      - {date: 2026-11-09, value: 40}
      - {date: 2026-11-16, value: 49}
      - {date: 2026-11-23, value: 52}
"""


def test_a_kpi_out_of_band_twice_in_a_row_becomes_next_quarters_objective(tmp_path: Path) -> None:
    (suggestion,) = suggestions(load(tmp_path, {"kpis.yaml": FRT}), AS_OF).suggestions
    assert (suggestion.kind, suggestion.team, suggestion.about) == (
        "kpi-to-okr",
        "support",
        "support/frt",
    )
    assert suggestion.where == "a new objective for support in 2027-Q1"
    # Back to the band's edge (no target): from 52 to 45.
    assert suggestion.draft == {
        "team": "support",
        "period": "2027-Q1",
        "objectives": [
            {
                "id": "restore-frt",
                "title": "Restore median first-response time",
                "type": "committed",
                "owner": "lin",
                "from_kpi": "support/frt",  # the KPI it answers: `okrctl impact` judges by it
                "key_results": [
                    {
                        "id": "frt",
                        "title": "Median first-response time back to 45 min",
                        "kpi": "support/frt",
                        "start": 52,
                        "target": 45,
                    },
                    {
                        "title": "Top causes of the median first-response time breach found "
                        "and removed",
                        "done": False,
                    },
                ],
            }
        ],
    }
    assert suggestion.reason.startswith(
        "support/frt has been outside its band for 2 measurements in a row (now 52 min)"
    )


def test_one_breach_or_a_key_result_already_on_it_is_no_suggestion(tmp_path: Path) -> None:
    # One measurement outside the band is not yet a streak (2 by default).
    once = FRT.replace("value: 49", "value: 44")
    assert suggestions(load(tmp_path / "once", {"kpis.yaml": once}), AS_OF).suggestions == ()
    # A key result of a running period already works on the KPI.
    addressed = {
        "kpis.yaml": FRT,
        "2026-Q4.yaml": goal_file(
            "support",
            "2026-Q4",
            """
            - id: faster
              title: Customers get answers while they still care
              type: committed
              key_results:
                - {title: First response back under 45 minutes, kpi: support/frt, target: 45}
                - {title: Triage rota for every shift, done: false}
            """,
        ),
    }
    assert suggestions(load(tmp_path / "addressed", addressed), AS_OF).suggestions == ()


def test_a_key_result_achieved_in_the_ended_quarter_becomes_a_kpi(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "2026-Q3.yaml": goal_file(
                "growth",
                "2026-Q3",
                """
                - id: convert
                  title: Trials turn into customers
                  type: committed
                  key_results:
                    - id: conversion
                      title: Trial-to-paid conversion up from 12% to 18%
                      unit: "%"
                      start: 12
                      target: 18
                      checkins:
                        - {date: 2026-08-15, value: 15}
                        - {date: 2026-09-20, value: 18.5}
                    - id: half-way
                      title: Activation up from 20% to 40%
                      start: 20
                      target: 40
                      current: 30
                """,
            )
        },
    )
    (suggestion,) = suggestions(tree, AS_OF).suggestions
    # conversion: (18.5 - 12) / (18 - 12) = 1.08, scored 1.0: a KPI defends the new level
    # (a band from the target up, as conversion rises); half-way (0.5) is not suggested.
    assert (suggestion.kind, suggestion.about) == (
        "okr-to-kpi",
        "growth/2026-Q3/convert/conversion",
    )
    assert suggestion.draft == {
        "team": "growth",
        "kpis": [
            {
                "id": "conversion",
                "title": "Trial-to-paid conversion up from 12% to 18%",
                "owner": "lin",
                "unit": "%",
                "cadence": "monthly",
                "band": {"min": 18},
                "measurements": [{"date": date(2026, 9, 20), "value": 18.5}],
            }
        ],
    }


def test_a_kpi_linked_key_result_that_got_there_tightens_the_band(tmp_path: Path) -> None:
    tree = load(
        tmp_path,
        {
            "kpis.yaml": """
                team: support
                kpis:
                  - id: csat
                    title: Customer satisfaction
                    owner: lin
                    cadence: monthly
                    band: {min: 4.0}
                    warn: {min: 4.2}
                    measurements:
                      - {date: 2026-06-30, value: 4.1}
                      - {date: 2026-09-30, value: 4.5}
                      - {date: 2026-10-31, value: 4.5}
                """,
            "2026-Q3.yaml": goal_file(
                "support",
                "2026-Q3",
                """
                - id: delight
                  title: Customers are delighted
                  type: committed
                  key_results:
                    - {title: CSAT up to 4.4, kpi: support/csat, target: 4.4}
                    - {title: Help centre live, done: true}
                """,
            ),
        },
    )
    (suggestion,) = suggestions(tree, AS_OF).suggestions
    # Start 4.1 (the KPI on 2026-07-01), 4.5 on 2026-09-30: (4.5 - 4.1) / (4.4 - 4.1) > 1,
    # scored 1.0. The band's minimum (4.0) is below the target: it becomes 4.4; the warn
    # line (4.2) would then lie outside the band.
    assert (suggestion.kind, suggestion.about) == ("tighten-band", "support/csat")
    assert suggestion.draft == {"band": {"min": 4.4}}
    assert suggestion.reason.endswith(
        "; delete its warn band, which would no longer lie inside the band"
    )


def test_an_objective_repeated_from_the_previous_quarter_is_a_kpi_already(tmp_path: Path) -> None:
    objective = """
        - id: {ident}
          title: Every ticket triaged within the hour
          type: committed
          key_results:
            - id: untriaged
              title: Untriaged tickets down from 40 to 5
              start: 40
              target: 5
              current: {current}
            - {{title: Triage rota for every shift, done: false}}
        """
    tree = load(
        tmp_path,
        {
            "2026-Q3.yaml": goal_file(
                "support", "2026-Q3", objective.format(ident="triage", current=20)
            ),
            "2026-Q4.yaml": goal_file(
                "support", "2026-Q4", objective.format(ident="triage-again", current=12)
            ),
        },
    )
    (suggestion,) = suggestions(tree, AS_OF).suggestions
    assert (suggestion.kind, suggestion.about) == ("hold-as-kpi", "support/2026-Q4/triage-again")
    # One KPI per numeric key result, at its latest value; decreasing, so a band from above.
    assert suggestion.draft == {
        "team": "support",
        "kpis": [
            {
                "id": "untriaged",
                "title": "Untriaged tickets down from 40 to 5",
                "owner": "lin",
                "cadence": "monthly",
                "band": {"max": 5},
                "measurements": [{"date": AS_OF, "value": 12}],
            }
        ],
    }

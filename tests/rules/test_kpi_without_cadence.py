"""kpi-without-cadence: a KPI with no `cadence` is reported at the KPI."""

from tests.conftest import GoalTree

FILE = """
team: growth
owner: priya
kpis:
  - id: mrr
    title: Monthly recurring revenue
    owner: omar
    unit: USD
    cadence: monthly
    band: {min: 480000}
  - id: trial-conversion
    title: Trial-to-paid conversion
    owner: priya
    cadence: weekly
    band: {min: 12}
"""


def test_kpis_with_cadence_pass(goals: GoalTree) -> None:
    goals.write("kpis.yaml", FILE)
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_every_cadence_is_accepted(goals: GoalTree) -> None:
    for cadence in ("daily", "quarterly"):
        goals.write("kpis.yaml", FILE.replace("cadence: monthly", f"cadence: {cadence}"))
        result = goals.lint("--strict")
        assert result.findings == [], cadence


def test_kpi_without_cadence_is_reported_at_the_kpi(goals: GoalTree) -> None:
    goals.write("kpis.yaml", FILE.replace("    cadence: weekly\n", ""))
    result = goals.lint()
    # `  - id: trial-conversion` is line 10; the KPI mapping starts at column 5.
    assert result.findings == [("kpis.yaml", 10, 5, "kpi-without-cadence")]
    assert result.messages("kpi-without-cadence") == [
        "KPI `growth/trial-conversion` has no `cadence`: say how often it is measured "
        "(daily, weekly, monthly or quarterly)"
    ]
    assert result.document["findings"][0]["severity"] == "warning"
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_each_kpi_without_cadence_is_reported(goals: GoalTree) -> None:
    text = FILE.replace("    cadence: monthly\n", "").replace("    cadence: weekly\n", "")
    goals.write("kpis.yaml", text)
    result = goals.lint()
    # Removing line 8 moves `  - id: trial-conversion` up to line 9.
    assert result.findings == [
        ("kpis.yaml", 4, 5, "kpi-without-cadence"),
        ("kpis.yaml", 9, 5, "kpi-without-cadence"),
    ]


def test_a_misspelt_cadence_is_an_invalid_value_not_a_missing_cadence(goals: GoalTree) -> None:
    goals.write("kpis.yaml", FILE.replace("cadence: weekly", "cadence: weekley"))
    result = goals.lint()
    # `    cadence: weekley` is line 13; its value starts at column 14.
    assert result.findings == [("kpis.yaml", 13, 14, "invalid-value")]
    assert "(did you mean `weekly`?)" in result.messages("invalid-value")[0]
    assert result.exit_code == 1

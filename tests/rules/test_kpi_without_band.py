"""kpi-without-band: a KPI with no `band` is reported at the KPI."""

from tests.conftest import GoalTree

FILE = """
team: support
kpis:
  - id: first-response-time
    title: Median first-response time
    owner: lin
    unit: min
    cadence: weekly
    band: {max: 30}
  - id: csat
    title: Customer satisfaction score
    owner: lin
    cadence: monthly
    band: {min: 4.2}
"""


def test_kpis_with_bands_pass(goals: GoalTree) -> None:
    goals.write("kpis.yaml", FILE)
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_a_two_sided_band_passes(goals: GoalTree) -> None:
    goals.write("kpis.yaml", FILE.replace("band: {max: 30}", "band: {min: 5, max: 30}"))
    result = goals.lint("--strict")
    assert result.findings == []


def test_kpi_without_band_is_reported_at_the_kpi(goals: GoalTree) -> None:
    goals.write("kpis.yaml", FILE.replace("    band: {max: 30}\n", ""))
    result = goals.lint()
    # `  - id: first-response-time` is line 3; the KPI mapping starts at column 5.
    assert result.findings == [("kpis.yaml", 3, 5, "kpi-without-band")]
    assert result.messages("kpi-without-band") == [
        "KPI `support/first-response-time` has no `band`: without a normal range nobody "
        "knows when to act"
    ]
    assert result.document["findings"][0]["severity"] == "warning"
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_each_kpi_without_band_is_reported(goals: GoalTree) -> None:
    text = FILE.replace("    band: {max: 30}\n", "").replace("    band: {min: 4.2}\n", "")
    goals.write("kpis.yaml", text)
    result = goals.lint()
    # Removing line 8 moves `  - id: csat` from line 9 to line 8.
    assert result.findings == [
        ("kpis.yaml", 3, 5, "kpi-without-band"),
        ("kpis.yaml", 8, 5, "kpi-without-band"),
    ]
    assert result.messages("kpi-without-band")[1].startswith("KPI `support/csat` has no `band`")


def test_a_warn_band_alone_is_not_a_band(goals: GoalTree) -> None:
    goals.write("kpis.yaml", FILE.replace("    band: {max: 30}\n", "    warn: {max: 25}\n"))
    result = goals.lint()
    assert result.findings == [("kpis.yaml", 3, 5, "kpi-without-band")]

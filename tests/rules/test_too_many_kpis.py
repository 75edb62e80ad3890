"""too-many-kpis: a team with more than 7 KPIs (across its files) is reported."""

from tests.conftest import GoalTree


def kpi_file(team: str, ids: list[str]) -> str:
    """Two header lines, then KPI number k (1-based) on line 2 + k.

    Each KPI is one line `  - {id: ID, ...}`: `  - {id: ` is 9 characters, so the id value is
    at column 10.
    """
    lines = [f"team: {team}", "kpis:"]
    for ident in ids:
        lines.append(
            f"  - {{id: {ident}, title: Health {ident}, owner: omar, cadence: monthly, "
            "band: {min: 1}}"
        )
    return "\n".join(lines) + "\n"


def test_seven_kpis_pass(goals: GoalTree) -> None:
    goals.write("kpis.yaml", kpi_file("platform", [f"k{n}" for n in range(1, 8)]))
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0


def test_the_eighth_kpi_is_reported(goals: GoalTree) -> None:
    goals.write("kpis.yaml", kpi_file("platform", [f"k{n}" for n in range(1, 9)]))
    result = goals.lint()
    assert result.findings == [("kpis.yaml", 10, 10, "too-many-kpis")]
    assert result.messages("too-many-kpis") == [
        "team `platform` has 8 KPIs, more than 7: a team that watches everything watches nothing"
    ]
    assert result.document["findings"][0]["severity"] == "warning"
    assert result.exit_code == 0
    assert goals.lint("--strict").exit_code == 1


def test_one_finding_however_far_over(goals: GoalTree) -> None:
    goals.write("kpis.yaml", kpi_file("platform", [f"k{n}" for n in range(1, 31)]))
    result = goals.lint()
    assert result.findings == [("kpis.yaml", 10, 10, "too-many-kpis")]
    assert result.messages("too-many-kpis")[0].startswith("team `platform` has 30 KPIs")


def test_kpis_are_counted_across_the_files_of_a_team(goals: GoalTree) -> None:
    goals.write("platform/a.yaml", kpi_file("platform", ["k1", "k2", "k3", "k4"]))
    goals.write("platform/b.yaml", kpi_file("platform", ["k5", "k6", "k7", "k8"]))
    result = goals.lint()
    # The eighth KPI is the fourth of b.yaml: line 6.
    assert result.findings == [("platform/b.yaml", 6, 10, "too-many-kpis")]


def test_teams_are_counted_apart(goals: GoalTree) -> None:
    goals.write("platform.yaml", kpi_file("platform", [f"k{n}" for n in range(1, 8)]))
    goals.write("support.yaml", kpi_file("support", [f"k{n}" for n in range(1, 8)]))
    result = goals.lint("--strict")
    assert result.findings == []
    assert result.exit_code == 0

"""One-sided warn bands inside a two-sided band: accepted by lint, judged by `kpi check`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrctl.compute.kpi_health import check_kpis
from okrctl.load.goal_tree import load_tree
from tests.compute.test_kpi_health import kpi, kpi_file
from tests.compute.trees import lint_findings, load

AS_OF = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("warn", "value", "status"),
    [
        ("{min: 25}", 22, "warn"),  # in the band, below the warn line
        ("{min: 25}", 25, "ok"),  # on the warn line: inside
        ("{min: 25}", 40, "ok"),  # no warn maximum: up to the band's edge is fine
        ("{min: 25}", 41, "breach"),
        ("{min: 25}", 19, "breach"),
        ("{max: 35}", 36, "warn"),
        ("{max: 35}", 20, "ok"),
    ],
)
def test_one_sided_warn_inside_a_two_sided_band(
    tmp_path: Path, warn: str, value: int, status: str
) -> None:
    file = kpi_file(kpi("k", f"2026-11-27: {value}", band="{min: 20, max: 40}", warn=warn))
    tree = load(tmp_path, {"kpis.yaml": file})  # no load problem
    assert [f.rule for f in lint_findings(tree)] == []
    (found,) = check_kpis(tree, AS_OF).kpis
    assert found.status == status


@pytest.mark.parametrize(
    ("band", "warn"),
    [
        ("{min: 20, max: 40}", "{min: 45}"),  # its edge is past the band's
        ("{min: 20, max: 40}", "{max: 15}"),
        ("{min: 20}", "{min: 10}"),
        ("{max: 45}", "{max: 50}"),
    ],
)
def test_warn_edges_outside_the_band_are_still_rejected(
    tmp_path: Path, band: str, warn: str
) -> None:
    (tmp_path / "kpis.yaml").write_text(
        kpi_file(kpi("k", "2026-11-27: 30", band=band, warn=warn)), encoding="utf-8"
    )
    tree = load_tree([tmp_path])
    messages = [p.message for f in tree.files for p in f.problems]
    assert any("the warn band must lie inside the band" in m for m in messages), messages

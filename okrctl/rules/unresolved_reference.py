"""unresolved-reference: an `aligns_to` or `kpi` reference names nothing in the goal tree.

`aligns_to: TEAM/OBJECTIVE_ID` must name an objective of that team in the same period or in
a period that contains it (a team's 2026-Q4 objective may align to the company's 2026 one);
`TEAM/PERIOD/OBJECTIVE_ID` names the period exactly. A reference never resolves to the
objective itself when another of that id is in a containing period (the company's 2022-Q1
objective `x` aligning to `company/x` names the company's 2022 `x`); a reference to itself
only, or to two objectives of periods as long, is reported with the `TEAM/PERIOD/OBJECTIVE_ID`
forms to write. `kpi: TEAM/KPI_ID` must name a KPI.
A broken reference silently cuts a goal off from the alignment tree or from its data.

Failing:

    - id: faster-replies
      aligns_to: company/delight-customer   # the company objective is `delight-customers`

Passing:

    - id: faster-replies
      aligns_to: company/delight-customers

Fix: correct the reference, or add the objective or KPI it names. Lint the whole tree (not a
single file) so the target can be found.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.kinds import kind_of
from okrctl.model.tree import GoalTree, PlacedObjective
from okrctl.rules.base import RuleContext, problem
from okrctl.spelling import did_you_mean
from okrctl.wording import excerpt

CODE = "OK007"
NAME = "unresolved-reference"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}


def check(ctx: RuleContext) -> Iterator[Problem]:
    tree = ctx.tree
    for placed in tree.objectives:
        ref = placed.objective.aligns_to
        if ref is None:
            continue
        where = placed.objective.where("aligns_to")
        parent = tree.aligned_parent(placed, ref)
        if parent is placed:
            yield problem(NAME, where, _itself(tree, placed, ref))
        elif parent is not None and len(ref.split("/")) == 2:
            tied = tree.aligned_candidates(placed, ref)
            if len(tied) > 1:
                forms = ", ".join(f"`{excerpt(p.ref)}`" for p in tied)
                yield problem(
                    NAME,
                    where,
                    f"`{excerpt(ref)}` is ambiguous: {len(tied)} objectives of periods as long "
                    f"contain {placed.period.label}; write one as TEAM/PERIOD/ID: {forms}",
                )
        elif parent is None and not tree.objective_written_invalid(ref):
            parts = ref.split("/")
            team, ident = parts[0], parts[-1]
            scope = (
                excerpt(parts[1])
                if len(parts) == 3
                else f"{placed.period.label} or a period containing it"
            )
            # The objective may exist, in a period the ref does not reach: say where it is
            # rather than suggest the very ref that was written.
            elsewhere = sorted(
                {
                    p.period.label
                    for p in tree.objectives
                    if p.team == team and p.objective.id == ident
                }
            )
            known = sorted(
                {f"{p.team}/{p.objective.id}" for p in tree.objectives if p.team == team}
            )
            hint = (
                f" (`{excerpt(ident)}` is in {', '.join(elsewhere)})"
                if elsewhere
                else did_you_mean(ref, known)
            )
            yield problem(
                NAME,
                where,
                f"`{excerpt(ref)}` names no objective of team `{excerpt(team)}` in {scope}{hint}",
            )
    for placed_kr in tree.key_results():
        kr = placed_kr.kr
        if not kr.valid("kpi"):  # salvaged without its reference
            continue
        kpi = kind_of(kr).linked_kpi(kr)
        if kpi is not None and tree.find_kpi(kpi) is None:
            if tree.kpi_written_invalid(kpi):
                continue
            yield problem(
                NAME,
                kr.where("kpi"),
                f"`{excerpt(kpi)}` names no KPI in the goal tree{did_you_mean(kpi, tree.kpis)}",
            )


def _itself(tree: GoalTree, placed: PlacedObjective, ref: str) -> str:
    """The message for a reference that resolves to the objective itself, with the explicit
    `TEAM/PERIOD/ID` forms of the objectives of that id in other periods, if any."""
    team, ident = ref.split("/")[0], ref.split("/")[-1]
    others = sorted(
        p.ref
        for p in tree.objectives
        if p.team == team and p.objective.id == ident and p is not placed
    )
    if not others:
        return "an objective cannot align to itself"
    forms = ", ".join(f"`{excerpt(other)}`" for other in others[:5])
    return (
        f"`{excerpt(ref)}` names this objective itself: an objective cannot align to itself; "
        f"to name the one of another period, write TEAM/PERIOD/ID: {forms}"
    )

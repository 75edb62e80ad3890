"""unresolved-reference: an `aligns_to` or `kpi` reference names nothing in the goal tree.

`aligns_to: TEAM/OBJECTIVE_ID` must name an objective of that team in the same period or in
a period that contains it (a team's 2026-Q4 objective may align to the company's 2026 one);
`TEAM/PERIOD/OBJECTIVE_ID` names the period exactly. A reference never resolves to the
objective itself when another of that id is in a containing period (the company's 2022-Q1
objective `x` aligning to `company/x` names the company's 2022 `x`); a reference to itself
only, or to two objectives of periods as long, is reported with the `TEAM/PERIOD/OBJECTIVE_ID`
forms to write. A reference may name a key result, `TEAM/OBJECTIVE_ID/KR_ID` (the objective
found as above) or `TEAM/PERIOD/OBJECTIVE_ID/KR_ID`, from an objective's or a key result's
`aligns_to`, and each reference of an `aligns_to` list is checked where it is written: an
objective that is not there, a key result its objective does not have (with the closest id),
or one that is ambiguous (with the `TEAM/PERIOD/OBJECTIVE_ID/KR_ID` forms) is reported.
`kpi: TEAM/KPI_ID` must name a KPI, and so must an objective's `from_kpi` (the KPI whose
breach it answers); a KPI's `from_kr: TEAM/PERIOD/OBJECTIVE_ID/KR_ID` must name a key result
(the one the KPI graduated from, its period written out).
A broken reference silently cuts a goal off from the alignment tree or from its data.

Failing:

    - id: faster-replies
      aligns_to: company/delight-customer   # the company objective is `delight-customers`
    - id: new-arr
      aligns_to: company/revenue/ar         # the company key result is `arr`

Passing:

    - id: faster-replies
      aligns_to: company/delight-customers
    - id: new-arr
      aligns_to: [company/revenue/arr, company/2026/growth]

Fix: correct the reference, or add the objective or KPI it names. Lint the whole tree (not a
single file) so the target can be found.
"""

from collections.abc import Iterator

from okrctl.findings import Problem, Severity
from okrctl.model.kinds import kind_of
from okrctl.model.tree import (
    Aligned,
    GoalTree,
    PlacedKeyResult,
    PlacedObjective,
    written_references,
)
from okrctl.model.types import Reference, parse_reference
from okrctl.rules.base import RuleContext, problem
from okrctl.spelling import did_you_mean
from okrctl.wording import excerpt

CODE = "OK007"
NAME = "unresolved-reference"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True


def check(ctx: RuleContext) -> Iterator[Problem]:
    tree = ctx.tree
    for placed in tree.objectives:
        holders: list[Aligned] = [placed, *placed.key_results()]
        for holder in holders:
            goal = holder.objective if isinstance(holder, PlacedObjective) else holder.kr
            for written in written_references(goal):
                message = _unresolved(tree, holder, written.text)
                if message is not None:
                    yield problem(NAME, goal.where_path(*written.at), message)
    for placed_kr in tree.key_results():
        kr = placed_kr.kr
        if not kr.valid("kpi"):  # salvaged without its reference
            continue
        kpi = kind_of(kr).linked_kpi(kr)
        if kpi is not None and tree.find_kpi(kpi) is None:
            if tree.kpi_written_invalid(kpi):
                continue
            yield problem(NAME, kr.where("kpi"), _no_kpi(kpi, tree))
    for placed in tree.objectives:
        objective = placed.objective
        origin = objective.from_kpi if objective.valid("from_kpi") else None
        known = origin is None or tree.find_kpi(origin) is not None
        if not known and not tree.kpi_written_invalid(origin or ""):
            yield problem(NAME, objective.where("from_kpi"), _no_kpi(origin or "", tree))
    yield from _from_kr(tree)


def _no_kpi(ref: str, tree: GoalTree) -> str:
    return f"`{excerpt(ref)}` names no KPI in the goal tree{did_you_mean(ref, tree.kpi_refs())}"


def _from_kr(tree: GoalTree) -> Iterator[Problem]:
    """Each KPI's `from_kr` that names no key result (an objective that failed validation is
    reported on its own)."""
    for placed in tree.kpis.values():
        kpi = placed.kpi
        ref = kpi.from_kr if kpi.valid("from_kr") else None
        if ref is None or tree.find_key_result(ref) is not None:
            continue
        parsed = parse_reference(ref)
        assert parsed is not None and parsed.period is not None  # the model checked its form
        if tree.objective_written_invalid(parsed.objective_ref):
            continue
        found = [
            p
            for p in tree.objectives
            if p.team == parsed.team
            and p.objective.id == parsed.objective
            and p.period.label == parsed.period
        ]
        if found:
            known = [kr.ref for kr in found[0].key_results()]
            message = (
                f"`{excerpt(ref)}` names no key result of `{excerpt(found[0].ref)}`"
                f"{did_you_mean(ref, known)}"
            )
        else:
            known = sorted({kr.ref for kr in tree.key_results() if kr.parent.team == parsed.team})
            message = (
                f"`{excerpt(ref)}` names no key result of team `{excerpt(parsed.team)}` in "
                f"{excerpt(parsed.period)}{did_you_mean(ref, known)}"
            )
        yield problem(NAME, kpi.where("from_kr"), message)


def _unresolved(tree: GoalTree, holder: Aligned, ref: str) -> str | None:
    """Why `ref`, written in `holder`'s `aligns_to`, names nothing (None when it does)."""
    parsed = parse_reference(ref)
    if parsed is None:  # the loader reported it
        return None
    child = holder if isinstance(holder, PlacedObjective) else holder.parent
    target = tree.resolve(holder, ref)
    if target is holder or (isinstance(target, PlacedKeyResult) and target.same(holder)):
        return _itself(tree, holder, parsed)
    if target is not None:
        if parsed.period is not None:
            return None
        tied = tree.reference_candidates(holder, parsed)
        if len(tied) <= 1:
            return None
        forms = ", ".join(f"`{excerpt(_explicit(p, parsed))}`" for p in tied)
        return (
            f"`{excerpt(ref)}` is ambiguous: {len(tied)} objectives of periods as long "
            f"contain {child.period.label}; write one as {_form(parsed)}: {forms}"
        )
    found = tree.reference_candidates(holder, parsed)
    if found and parsed.key_result is not None:
        objective = found[0]
        known = [_written_like(parsed, kr.ref, objective) for kr in objective.key_results()]
        return (
            f"`{excerpt(ref)}` names no key result of `{excerpt(objective.ref)}`"
            f"{did_you_mean(ref, known)}"
        )
    if tree.objective_written_invalid(parsed.objective_ref):
        return None
    team, ident = parsed.team, parsed.objective
    scope = (
        excerpt(parsed.period)
        if parsed.period is not None
        else f"{child.period.label} or a period containing it"
    )
    # The objective may exist, in a period the ref does not reach: say where it is rather
    # than suggest the very ref that was written.
    elsewhere = sorted(
        {p.period.label for p in tree.objectives if p.team == team and p.objective.id == ident}
    )
    if elsewhere:
        hint = f" (`{excerpt(ident)}` is in {', '.join(elsewhere)})"
    elif parsed.key_result is None:
        known = sorted({f"{p.team}/{p.objective.id}" for p in tree.objectives if p.team == team})
        hint = did_you_mean(ref, known)
    else:  # a key result of a misspelt objective: suggest the whole key-result reference
        reach = [p for p in tree.objectives if p.team == team and p.period.covers(child.period)]
        known = sorted({_written_like(parsed, kr.ref, p) for p in reach for kr in p.key_results()})
        hint = did_you_mean(ref, known)
    return f"`{excerpt(ref)}` names no objective of team `{excerpt(team)}` in {scope}{hint}"


def _form(parsed: Reference) -> str:
    return "TEAM/PERIOD/ID" if parsed.key_result is None else "TEAM/PERIOD/OBJECTIVE_ID/KR_ID"


def _explicit(objective: PlacedObjective, parsed: Reference) -> str:
    """The reference with its period written out, to the objective or its key result."""
    if parsed.key_result is None:
        return objective.ref
    return f"{objective.ref}/{parsed.key_result}"


def _written_like(parsed: Reference, kr_ref: str, objective: PlacedObjective) -> str:
    """A key result's reference in the form `parsed` was written in (with or without period)."""
    if parsed.period is not None:
        return kr_ref
    return f"{objective.team}/{kr_ref.split('/')[-2]}/{kr_ref.split('/')[-1]}"


def _itself(tree: GoalTree, holder: Aligned, parsed: Reference) -> str:
    """The message for a reference that resolves to the holder itself, with the explicit
    `TEAM/PERIOD/...` forms of the ones of that id in other periods, if any."""
    what = "an objective" if isinstance(holder, PlacedObjective) else "a key result"
    child = holder if isinstance(holder, PlacedObjective) else holder.parent
    others = sorted(
        _explicit(p, parsed)
        for p in tree.objectives
        if p.team == parsed.team and p.objective.id == parsed.objective and p is not child
    )
    if not others:
        return f"{what} cannot align to itself"
    forms = ", ".join(f"`{excerpt(other)}`" for other in others[:5])
    this = "objective" if isinstance(holder, PlacedObjective) else "key result"
    ref = excerpt(parsed.objective_ref if parsed.key_result is None else _ref_text(parsed))
    return (
        f"`{ref}` names this {this} itself: {what} cannot align to itself; "
        f"to name the one of another period, write {_form(parsed)}: {forms}"
    )


def _ref_text(parsed: Reference) -> str:
    return f"{parsed.objective_ref}/{parsed.key_result}"

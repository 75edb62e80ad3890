"""The alignment tree: company objectives with the team objectives that align to them."""

from __future__ import annotations

from dataclasses import dataclass

from okrctl.compute.scoring import ObjectiveScore, ScoreReport
from okrctl.model.tree import GoalTree


@dataclass(frozen=True, slots=True)
class AlignmentNode:
    objective: ObjectiveScore
    children: tuple[AlignmentNode, ...]


def alignment(tree: GoalTree, report: ScoreReport) -> tuple[AlignmentNode, ...]:
    """Objectives of the report as a forest: each under the objective it aligns to.

    An objective whose parent is not in the report (or not found) is a root; an alignment
    cycle cannot hide objectives: whatever is not reached from a root becomes a root itself.
    """
    scored = {o.ref: o for o in report.objectives}
    children: dict[str, list[str]] = {ref: [] for ref in scored}
    has_parent: set[str] = set()
    for placed in tree.objectives:
        ref, target = placed.ref, placed.objective.aligns_to
        if ref not in scored or target is None:
            continue
        parent = tree.aligned_parent(placed, target)
        if parent is not None and parent is not placed and parent.ref in scored:
            children[parent.ref].append(ref)
            has_parent.add(ref)

    seen: set[str] = set()

    def build(ref: str) -> AlignmentNode:
        seen.add(ref)
        kids = tuple(build(child) for child in children[ref] if child not in seen)
        return AlignmentNode(scored[ref], kids)

    roots = [build(ref) for ref in scored if ref not in has_parent]
    for ref in scored:  # members of a cycle have no root above them
        if ref not in seen:
            roots.append(build(ref))
    return tuple(roots)

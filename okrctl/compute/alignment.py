"""The alignment tree: company objectives with the team objectives that align to them, and the
key-result roll-ups (which key results and objectives feed each parent key result)."""

from __future__ import annotations

from dataclasses import dataclass

from okrctl.compute.scoring import KeyResultScore, ObjectiveScore, ScoreReport
from okrctl.model.tree import GoalTree, PlacedKeyResult, PlacedObjective, written_references


@dataclass(frozen=True, slots=True)
class KeyResultLink:
    """A key result of the objective that aligns to another goal: its parent key result, or
    a parent objective."""

    key_result: str  # the key result's ref
    parent: str  # the ref of the key result or objective it aligns to


@dataclass(frozen=True, slots=True)
class AlignmentNode:
    objective: ObjectiveScore
    children: tuple[AlignmentNode, ...]
    # Under more than one parent: shown (and marked) under each.
    shared: bool = False
    # The parent's key result this objective aligns to, when it names one (not the objective).
    via: str | None = None
    links: tuple[KeyResultLink, ...] = ()


@dataclass(frozen=True, slots=True)
class Feeder:
    """What feeds a parent key result: a key result (`key_result` set) or a whole objective."""

    objective: ObjectiveScore
    key_result: KeyResultScore | None = None

    @property
    def ref(self) -> str:
        return self.key_result.ref if self.key_result is not None else self.objective.ref


@dataclass(frozen=True, slots=True)
class Rollup:
    """A parent key result with the key results and objectives that align to it."""

    objective: ObjectiveScore
    key_result: KeyResultScore
    children: tuple[Feeder, ...]


@dataclass(frozen=True, slots=True)
class TreeReport:
    """What `okrctl tree` shows: the alignment forest and, when asked for, the roll-ups."""

    roots: tuple[AlignmentNode, ...]
    rollup: tuple[Rollup, ...] | None = None


def tree_report(tree: GoalTree, report: ScoreReport, *, rollup: bool = False) -> TreeReport:
    """The alignment forest of the report's objectives, with the roll-ups when asked for."""
    return TreeReport(alignment(tree, report), rollups(tree, report) if rollup else None)


def _parents(tree: GoalTree, placed: PlacedObjective) -> list[tuple[PlacedObjective, str | None]]:
    """The objectives `placed` aligns to, each once, in the order written, with the key result
    of it that was named (None: the objective itself)."""
    found: list[tuple[PlacedObjective, str | None]] = []
    for written in written_references(placed.objective):
        target = tree.resolve(placed, written.text)
        if isinstance(target, PlacedKeyResult):
            parent, via = target.parent, target.ref
        elif target is not None:
            parent, via = target, None
        else:
            continue
        if parent is not placed and all(parent is not p for p, _ in found):
            found.append((parent, via))
    return found


def _links(tree: GoalTree, placed: PlacedObjective) -> tuple[KeyResultLink, ...]:
    links = []
    for kr in placed.key_results():
        for written in written_references(kr.kr):
            target = tree.resolve(kr, written.text)
            if target is not None and not (isinstance(target, PlacedKeyResult) and target.same(kr)):
                links.append(KeyResultLink(kr.ref, target.ref))
    return tuple(links)


def alignment(tree: GoalTree, report: ScoreReport) -> tuple[AlignmentNode, ...]:
    """Objectives of the report as a forest: each under every objective it aligns to (an
    objective with several parents is shown, marked shared, under each).

    An objective whose parents are not in the report (or not found) is a root; an alignment
    cycle cannot hide objectives: whatever is not reached from a root becomes a root itself.
    """
    scored = {o.ref: o for o in report.objectives}
    children: dict[str, list[tuple[str, str | None]]] = {ref: [] for ref in scored}
    parents_of: dict[str, int] = {}
    links: dict[str, tuple[KeyResultLink, ...]] = {}
    for placed in tree.objectives:
        ref = placed.ref
        if ref not in scored:
            continue
        links[ref] = _links(tree, placed)
        for parent, via in _parents(tree, placed):
            if parent.ref in scored:
                children[parent.ref].append((ref, via))
                parents_of[ref] = parents_of.get(ref, 0) + 1

    seen: set[str] = set()

    def build(ref: str, via: str | None, above: frozenset[str]) -> AlignmentNode:
        seen.add(ref)
        path = above | {ref}
        kids = tuple(build(child, how, path) for child, how in children[ref] if child not in path)
        shared = parents_of.get(ref, 0) > 1
        return AlignmentNode(scored[ref], kids, shared, via, links.get(ref, ()))

    roots = [build(ref, None, frozenset()) for ref in scored if ref not in parents_of]
    for ref in scored:  # members of a cycle have no root above them
        if ref not in seen:
            roots.append(build(ref, None, frozenset()))
    return tuple(roots)


def rollups(tree: GoalTree, report: ScoreReport) -> tuple[Rollup, ...]:
    """Each key result of the report that others align to, with what feeds it (key results,
    then objectives, in the order the report lists them), in the report's order."""
    scores: dict[str, tuple[ObjectiveScore, KeyResultScore]] = {}
    for objective in report.objectives:
        for kr_score in objective.key_results:
            scores[kr_score.ref] = (objective, kr_score)
    objectives = {o.ref: o for o in report.objectives}
    fed: dict[str, list[Feeder]] = {}
    order = {ref: n for n, ref in enumerate(scores)}
    for placed in tree.objectives:
        if placed.ref not in objectives:
            continue
        for written in written_references(placed.objective):
            target = tree.resolve(placed, written.text)
            if isinstance(target, PlacedKeyResult) and target.ref in scores:
                fed.setdefault(target.ref, []).append(Feeder(objectives[placed.ref]))
        for kr in placed.key_results():
            for written in written_references(kr.kr):
                target = tree.resolve(kr, written.text)
                if (
                    isinstance(target, PlacedKeyResult)
                    and target.ref in scores
                    and kr.ref in scores
                    and not target.same(kr)
                ):
                    objective, score = scores[kr.ref]
                    fed.setdefault(target.ref, []).append(Feeder(objective, score))
    place = {ref: n for n, ref in enumerate(objectives)}

    def ranked(feeder: Feeder) -> tuple[bool, int]:
        # Key results first (they roll up by number), then the objectives that serve it;
        # each in the report's order.
        if feeder.key_result is None:
            return True, place[feeder.objective.ref]
        return False, order[feeder.key_result.ref]

    rolled = []
    for ref in sorted(fed, key=order.__getitem__):
        objective, score = scores[ref]
        unique = {f.ref: f for f in sorted(fed[ref], key=ranked)}
        rolled.append(Rollup(objective, score, tuple(unique.values())))
    return tuple(rolled)

"""alignment-cycle: references in `aligns_to` that lead back where they started.

Objectives and key results align upwards: an objective to its parents (objectives or key
results), a key result to the key results it rolls up into. Following those references
(and from a key result to its own objective, which it is part of) must never come back to
the start: a cycle puts every goal on it above itself, so the alignment tree has no top and a
roll-up counts itself. The finding names the whole cycle, `a -> b -> c -> a`, and is reported
at the reference that closes it (the one into the cycle's first goal, in the order the tree
is read); one finding per knot of cycles. A goal aligned to itself is `unresolved-reference`.

Failing:

    # company/2026.yaml
    - id: growth
      aligns_to: sales/2026/pipeline      # company -> sales
    # sales/2026.yaml
    - id: pipeline
      aligns_to: company/growth           # sales -> company: the cycle closes here

Passing:

    # company/2026.yaml
    - id: growth                          # the top: aligns to nothing
    # sales/2026.yaml
    - id: pipeline
      aligns_to: company/growth

Fix: remove the reference that points back down; a goal that serves two others lists them
both in its own `aligns_to`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from okrctl.findings import Location, Problem, Severity
from okrctl.model.tree import (
    Aligned,
    GoalTree,
    PlacedKeyResult,
    PlacedObjective,
    written_references,
)
from okrctl.rules.base import RuleContext, problem
from okrctl.wording import excerpt

CODE = "OK010"
NAME = "alignment-cycle"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, int] = {}
# What it finds in a team's files depends on them and on the teams their references name:
# the lint engine keeps it by team.
PER_TEAM = True


@dataclass(frozen=True, slots=True)
class _Edge:
    """From one goal up to another: a written reference (`where` set), or a key result's
    place in its own objective (`where` None)."""

    target: int
    where: Location | None


def check(ctx: RuleContext) -> Iterator[Problem]:
    goals, edges = _graph(ctx.tree)
    for component in _knots(edges):
        cycle = _cycle(component, edges)
        if cycle is None:
            continue
        names = " -> ".join(excerpt(goals[node].ref, 80) for node in [*cycle[0], cycle[0][0]])
        yield problem(
            NAME,
            cycle[1],
            f"alignment cycle: {names}; a goal cannot align to itself through others: "
            "remove one of these references",
        )


def _graph(tree: GoalTree) -> tuple[list[Aligned], list[list[_Edge]]]:
    """Every objective and key result (numbered in the order the tree is read) and the
    references up from each."""
    goals: list[Aligned] = []
    number: dict[int, int] = {}  # id() of the objective or key-result model -> node
    for placed in tree.objectives:
        number[id(placed.objective)] = len(goals)
        goals.append(placed)
        for kr in placed.key_results():
            number[id(kr.kr)] = len(goals)
            goals.append(kr)
    edges: list[list[_Edge]] = [[] for _ in goals]
    for node, goal in enumerate(goals):
        model = goal.objective if isinstance(goal, PlacedObjective) else goal.kr
        if isinstance(goal, PlacedKeyResult):
            edges[node].append(_Edge(number[id(goal.parent.objective)], None))
        for written in written_references(model):
            target = tree.resolve(goal, written.text)
            if target is None:
                continue
            key = id(target.objective if isinstance(target, PlacedObjective) else target.kr)
            if key in number and number[key] != node:  # itself: unresolved-reference
                edges[node].append(_Edge(number[key], model.where_path(*written.at)))
    return goals, edges


def _knots(edges: list[list[_Edge]]) -> Iterator[list[int]]:
    """The strongly connected components with more than one node (Tarjan's, iterative: a
    long chain of references must not overflow the stack)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    counter = 0
    for root in range(len(edges)):
        if root in index:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        while work:
            node, next_edge = work.pop()
            if next_edge == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            descended = False
            for position in range(next_edge, len(edges[node])):
                target = edges[node][position].target
                if target not in index:
                    work.append((node, position + 1))
                    work.append((target, 0))
                    descended = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if descended:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    yield sorted(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])


def _cycle(component: list[int], edges: list[list[_Edge]]) -> tuple[list[int], Location] | None:
    """One cycle of the component, as its nodes from its first one, and where the reference
    that closes it is written. The first node is the earliest one a written reference leads
    into (a key result's place in its objective is no reference to remove)."""
    members = set(component)
    for start in component:
        # The shortest way from `start` back to it, through the component.
        came_from: dict[int, tuple[int, _Edge]] = {}
        queue = deque([start])
        closing: tuple[int, _Edge] | None = None
        while queue and closing is None:
            node = queue.popleft()
            for edge in edges[node]:
                if edge.target == start:
                    if edge.where is not None:
                        closing = (node, edge)
                        break
                    continue
                if edge.target in members and edge.target not in came_from:
                    came_from[edge.target] = (node, edge)
                    queue.append(edge.target)
        if closing is None:
            continue
        path = [closing[0]]
        while path[-1] != start:
            path.append(came_from[path[-1]][0])
        path.reverse()
        assert closing[1].where is not None
        return path, closing[1].where
    return None

"""Walk a tree one level at a time, fetching the children of a level's nodes concurrently.

A depth-first walk waits for each node's children before it asks for the next node's, so a tree of
a hundred clients costs a hundred round trips one after the other. Here every node of a level is
expanded at once (at most ``concurrency`` requests in flight), and the result is put back in
depth-first order, as a depth-first walk would have listed it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from resourcekit.core.concurrency import map_bounded

N = TypeVar("N")


@dataclass
class _Branch(Generic[N]):
    node: N
    children: list[_Branch[N]] = field(default_factory=list["_Branch[N]"])


def walk_by_levels(
    root: N,
    children: Callable[[N], Sequence[N]],
    *,
    expands: Callable[[N], bool],
    depth: int,
    concurrency: int,
    walked: Callable[[int], None] = lambda count: None,
) -> list[tuple[int, N]]:
    """The nodes below ``root`` as ``(level, node)`` pairs in depth-first order (``root``'s children are level 1).

    Args:
        root: Where to start; always expanded.
        children: A node's children, in order (one fetch; called from several threads at once).
        expands: Whether a node has children worth fetching (a client, not a dataport).
        depth: The deepest level listed; nodes on it are not expanded. Below 1 counts as 1.
        concurrency: The most ``children`` calls in flight.
        walked: Told how many nodes each level expanded (for a progress bar).
    """
    top = _Branch(root)
    frontier = [top]
    for _ in range(max(depth, 1)):
        expanded = [branch for branch in frontier if branch is top or expands(branch.node)]
        if not expanded:
            break
        next_frontier: list[_Branch[N]] = []
        fetched = map_bounded(lambda branch: children(branch.node), expanded, concurrency)
        for branch, found in zip(expanded, fetched, strict=True):
            branch.children = [_Branch(child) for child in found]
            next_frontier.extend(branch.children)
        walked(len(expanded))
        frontier = next_frontier
    return _depth_first(top, 1)


def _depth_first(branch: _Branch[N], level: int) -> list[tuple[int, N]]:
    found: list[tuple[int, N]] = []
    for child in branch.children:
        found.append((level, child.node))
        found.extend(_depth_first(child, level + 1))
    return found

"""Average linkage over candidate pairs only: a sparse graph of similarities instead of an n×n matrix."""

from __future__ import annotations

import heapq
from collections.abc import Iterable

Edge = tuple[int, int, float]


def average_linkage_sparse(n: int, edges: Iterable[Edge], threshold: float) -> list[list[int]]:
    """Merge the pair of groups with the highest average similarity while it reaches ``threshold``.

    A pair missing from ``edges`` counts as similarity 0, so with every pair given this is exact average linkage.
    A group is named by its smallest member; ties go to the lowest names, so only the article order matters.
    """
    links: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for i, j, s in edges:
        if i != j:
            a, b = min(i, j), max(i, j)
            links[a][b] = links[a].get(b, 0.0) + s
            links[b][a] = links[a][b]
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    heap = [(-s, a, b) for a, row in links.items() for b, s in row.items() if a < b and s >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        if abs(-neg - links[a][b] / (len(members[a]) * len(members[b]))) > 1e-12:
            continue  # stale: one of the groups changed since this entry was pushed
        _merge(a, b, links, members)
        size = len(members[a])
        for c, total in links[a].items():
            average = total / (size * len(members[c]))
            if average >= threshold:
                heapq.heappush(heap, (-average, min(a, c), max(a, c)))
    return [sorted(m) for _, m in sorted(members.items())]


def _merge(a: int, b: int, links: dict[int, dict[int, float]], members: dict[int, list[int]]) -> None:
    """Fold group ``b`` into group ``a``: the similarity sums to every other group add up."""
    for c, total in links.pop(b).items():
        del links[c][b]
        if c != a:
            links[a][c] = links[a].get(c, 0.0) + total
            links[c][a] = links[a][c]
    links[a].pop(b, None)
    members[a].extend(members.pop(b))

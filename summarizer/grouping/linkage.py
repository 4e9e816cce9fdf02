"""Average linkage over candidate pairs only: a sparse graph of similarities instead of an n×n matrix."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

Edge = tuple[int, int, float]
Span = tuple[int, float, float]
"""A group's dated articles: how many, the earliest and the latest publication time (seconds)."""
UNDATED: Span = (0, math.inf, -math.inf)


@dataclass(frozen=True)
class TimeRule:
    """Two stories that each span a burst of dated reports need more evidence the further apart the bursts are.

    A story with fewer than ``min_articles`` dated articles says little about when its event happened (one report
    may look back on it), so only two stories that both have enough are judged. The gap is the time between their
    date ranges (0 when they overlap), so a topic covered on and off over years is never penalised from within.
    """

    penalty: float
    scale_days: float
    min_articles: int = 3

    def factor(self, a: Span, b: Span) -> float:
        """The share of the two stories' similarity that counts: 1 when close in time, undated or too small."""
        if self.penalty <= 0 or min(a[0], b[0]) < max(self.min_articles, 1):
            return 1.0
        gap_days = max(0.0, max(a[1], b[1]) - min(a[2], b[2])) / 86400.0
        return 1.0 / (1.0 + self.penalty * math.log1p(gap_days / self.scale_days))


def span_of(times: Iterable[float | None]) -> Span:
    """The span of some articles' publication times (``None``: undated)."""
    dated = [t for t in times if t is not None]
    return (len(dated), min(dated), max(dated)) if dated else UNDATED


class MergeVeto(Protocol):
    """What may keep two groups apart whatever their similarity; told of every merge to follow the groups."""

    def refuses(self, a: int, b: int) -> bool:
        """Whether groups ``a`` and ``b`` (each named by its smallest member) must not merge now."""
        ...

    def merged(self, a: int, b: int) -> None:
        """Group ``b`` was folded into group ``a``."""
        ...


def _joined(a: Span, b: Span) -> Span:
    return (a[0] + b[0], min(a[1], b[1]), max(a[2], b[2]))


def average_linkage_sparse(
    n: int,
    edges: Iterable[Edge],
    threshold: float,
    times: Sequence[float | None] | None = None,
    rule: TimeRule | None = None,
    veto: MergeVeto | None = None,
) -> list[list[int]]:
    """Merge the pair of groups with the highest average similarity while it reaches ``threshold``.

    A pair missing from ``edges`` counts as similarity 0, so with every pair given this is exact average linkage.
    With ``times`` and a ``rule``, each average is scaled by the rule's factor for the two groups' time spans.
    A pair the ``veto`` refuses is passed over; it is judged again once either group has grown.
    A group is named by its smallest member; ties go to the lowest names, so only the article order matters.
    """
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for i, j, s in edges:
        if i != j:
            a, b = (i, j) if i < j else (j, i)
            links[a][b] = links[b][a] = links[a].get(b, 0.0) + s
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    spans = [span_of([t]) for t in times] if times is not None and rule is not None and rule.penalty > 0 else None

    judged = max(rule.min_articles, 1) if rule is not None else 0

    def score(a: int, b: int) -> float:
        average = links[a][b] / (len(members[a]) * len(members[b]))
        if spans is None or rule is None or average < threshold or min(spans[a][0], spans[b][0]) < judged:
            return average  # the rule only lowers a score, and only between stories with enough dated reports
        return average * rule.factor(spans[a], spans[b])

    heap = [(-v, a, b) for a in range(n) for b in links[a] if a < b and (v := score(a, b)) >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in links[a]:
            continue
        if abs(-neg - score(a, b)) > 1e-12:
            continue  # stale: one of the groups changed since this entry was pushed
        if veto is not None and veto.refuses(a, b):
            continue
        _merge(a, b, links, members)
        if veto is not None:
            veto.merged(a, b)
        if spans is not None:
            spans[a] = _joined(spans[a], spans[b])
        size = len(members[a])
        for c, total in links[a].items():
            if total >= threshold * size * len(members[c]) and (value := score(a, c)) >= threshold:
                heapq.heappush(heap, (-value, min(a, c), max(a, c)))
    return [sorted(m) for _, m in sorted(members.items())]


def _merge(a: int, b: int, links: list[dict[int, float]], members: dict[int, list[int]]) -> None:
    """Fold group ``b`` into group ``a``: the similarity sums to every other group add up."""
    for c, total in links[b].items():
        del links[c][b]
        if c != a:
            links[a][c] = links[c][a] = links[a].get(c, 0.0) + total
    links[b] = {}
    links[a].pop(b, None)
    members[a].extend(members.pop(b))

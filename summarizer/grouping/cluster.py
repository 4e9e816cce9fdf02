"""Group articles into stories: sparse cosine over whole articles, a time rule, a look-alike veto, average linkage
on candidate pairs, then small groups join the story whose centroid they match."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.config.grouping import GroupingSettings
from summarizer.grouping.candidates import BLOCK_ROWS, nearest_pairs
from summarizer.grouping.linkage import Edge, average_linkage_sparse
from summarizer.grouping.terms import ArticleTerms, article_terms, tfidf_matrix
from summarizer.records import Article

Embedder = Callable[[Sequence[str]], Any]
VETO = -1.0  # a look-alike pair pulls its two groups' average down hard instead of merely not helping
LEAD_SENTENCES_CHARS = 600  # what the optional embedding sees: the title and about the first three sentences
# From this many articles on, a word found in one article only is left out: it cannot link two articles and only
# dilutes the rest. In a smaller day the day's own document frequencies say too little to call a word rare.
LARGE_DAY = 100
ATTACH_ROUNDS = 3
DEFAULT_SETTINGS = GroupingSettings()


@dataclass
class Grouped:
    """Groups of indices into the articles, and the sparse rows they were built from (for leads and memory)."""

    groups: list[list[int]]
    matrix: Any
    vocab: list[str]
    terms: list[ArticleTerms]
    vetoed: frozenset[tuple[int, int]] = frozenset()


def time_factor(a: float | None, b: float | None, params: GroupingSettings) -> float:
    """How much of a similarity counts at this distance in time: 1 for the same moment, less the further apart."""
    if a is None or b is None or params.time_penalty <= 0:
        return 1.0
    gap_days = abs(a - b) / 86400.0
    return 1.0 / (1.0 + params.time_penalty * math.log1p(gap_days / params.time_scale_days))


def name_matrix(matrix: Any, vocab: Sequence[str], terms: Sequence[ArticleTerms]) -> Any:
    """The rows restricted to each article's own names (numbers left out: "16" is too often a coincidence)."""
    import numpy as np
    from scipy import sparse

    column = {t: i for i, t in enumerate(vocab)}
    mask_rows, mask_cols = [], []
    for r, doc in enumerate(terms):
        for name in doc.names:
            if name in column and not name[0].isdigit():
                mask_rows.append(r)
                mask_cols.append(column[name])
    mask = sparse.csr_matrix((np.ones(len(mask_rows)), (mask_rows, mask_cols)), shape=matrix.shape)
    names = matrix.multiply(mask).tocsr()
    norms = np.sqrt(np.asarray(names.multiply(names).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ names


def name_agreement(edges: Sequence[Edge], names: Any) -> Any:
    """For each candidate pair, the cosine of the two articles' name parts."""
    import numpy as np

    if not edges:
        return np.zeros(0)
    first = np.fromiter((e[0] for e in edges), dtype=np.int64, count=len(edges))
    second = np.fromiter((e[1] for e in edges), dtype=np.int64, count=len(edges))
    return np.asarray(names[first].multiply(names[second]).sum(axis=1)).ravel()


def scored_edges(
    edges: Sequence[Edge], names: Any, terms: Sequence[ArticleTerms], params: GroupingSettings, extra: Any = None
) -> list[Edge]:
    """Candidate pairs with the optional embedding blend, the time rule and the look-alike veto applied.

    A look-alike shares the template but not the key entities: both articles name enough things, and the names
    they stress barely agree (two earthquakes, two Nobel prizes, two finals).
    """
    agreement = name_agreement(edges, names)
    out = []
    for (i, j, cosine), agree in zip(edges, agreement, strict=True):
        s = cosine
        if extra is not None and params.embedding_weight > 0:
            s = (1 - params.embedding_weight) * s + params.embedding_weight * float(extra[i] @ extra[j])
        named = min(len(terms[i].names), len(terms[j].names)) >= params.veto_min_names
        disagree = named and agree < params.veto_below
        if disagree and cosine >= params.veto_template:
            s = VETO
        else:
            s *= time_factor(terms[i].time, terms[j].time, params) * _evidence(terms[i], terms[j], params)
        out.append((i, j, s))
    return out


def _evidence(a: ArticleTerms, b: ArticleTerms, params: GroupingSettings) -> float:
    """Short texts share words by chance more easily: their similarity counts for less."""
    if params.short_terms <= 0:  # switched off
        return 1.0
    return min(1.0, min(len(a.counts), len(b.counts)) / params.short_terms) ** 2


def attach_small(grouped: Grouped, params: GroupingSettings) -> list[list[int]]:
    """Groups of at most ``attach_max_size`` join the larger group whose centroid they are most like, if enough."""
    import numpy as np

    groups, matrix = grouped.groups, grouped.matrix
    big = [g for g in groups if len(g) > params.attach_max_size]
    small = [g for g in groups if len(g) <= params.attach_max_size]
    if not big or not small:
        return groups
    centroids = _normalized(_sums(matrix, big))
    probes = _normalized(_sums(matrix, small))
    joined: dict[int, list[int]] = {b: list(g) for b, g in enumerate(big)}
    alone = []
    for start in range(0, len(small), BLOCK_ROWS):
        block = (probes[start : start + BLOCK_ROWS] @ centroids.T).toarray()
        for offset, row in enumerate(block):
            g = small[start + offset]
            for b in np.flatnonzero(row >= params.attach_threshold):
                row[b] *= _group_time_factor(g, big[b], grouped.terms, params)
                row[b] *= _evidence(grouped.terms[g[0]], grouped.terms[big[b][0]], params)
                if _mostly_vetoed(g, big[b], grouped.vetoed):
                    row[b] = -1.0
            best = int(np.argmax(row))
            if row[best] >= params.attach_threshold:
                joined[best].extend(g)
            else:
                alone.append(g)
    return sorted([sorted(g) for g in [*joined.values(), *alone]])


def _mostly_vetoed(small: list[int], big: list[int], vetoed: frozenset[tuple[int, int]]) -> bool:
    """A look-alike of most of the story's articles does not join it through the centroid either."""
    against = sum(1 for y in big if any((min(x, y), max(x, y)) in vetoed for x in small))
    return 2 * against > len(big)


def _group_time_factor(
    small: list[int], big: list[int], terms: Sequence[ArticleTerms], params: GroupingSettings
) -> float:
    return max(time_factor(terms[s].time, terms[b].time, params) for s in small for b in big)


def _sums(matrix: Any, groups: Sequence[Sequence[int]]) -> Any:
    import numpy as np
    from scipy import sparse

    rows = [r for r, g in enumerate(groups) for _ in g]
    cols = [m for g in groups for m in g]
    member = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(groups), matrix.shape[0]))
    return (member @ matrix).tocsr()


def _normalized(matrix: Any) -> Any:
    import numpy as np
    from scipy import sparse

    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (sparse.diags(1.0 / norms) @ matrix).tocsr()


def group_indices(
    articles: Sequence[Article],
    params: GroupingSettings = DEFAULT_SETTINGS,
    embedder: Embedder | None = None,
    exact: bool = False,
) -> Grouped:
    """Stories as groups of indices into ``articles`` (which the caller keeps in a fixed order).

    ``exact`` compares every pair (for tests and small days); otherwise each article's ``neighbours`` nearest.
    """
    terms = [article_terms(a, params.title_weight) for a in articles]
    n = len(articles)
    matrix, vocab = tfidf_matrix(terms, params.name_weight, min_df=2 if n >= LARGE_DAY else 1)
    k = n if exact else params.neighbours
    edges = nearest_pairs(matrix, k, floor=-2.0 if exact else 0.02)
    extra = None
    if embedder is not None and params.embedding_weight > 0 and n:
        extra = embedder([f"{a.title}. {a.text[:LEAD_SENTENCES_CHARS]}" for a in articles])
    edges = scored_edges(edges, name_matrix(matrix, vocab, terms), terms, params, extra)
    vetoed = frozenset((i, j) for i, j, s in edges if s == VETO)
    grouped = Grouped(average_linkage_sparse(n, edges, params.threshold), matrix, vocab, terms, vetoed)
    for _ in range(ATTACH_ROUNDS):  # a story that grew may now be what the next lone article matches
        attached = attach_small(grouped, params)
        if attached == grouped.groups:
            break
        grouped.groups = attached
    return grouped

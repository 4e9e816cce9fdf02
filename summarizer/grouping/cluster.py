"""Group articles into stories: sparse cosine over whole articles, a look-alike veto (article pairs, and whole stories
whose key names disagree), average linkage on candidate pairs with a time rule between stories, then small groups
join the story whose centroid they match."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.config.grouping import GroupingSettings
from summarizer.grouping.candidates import BLOCK_ROWS, nearest_pairs
from summarizer.grouping.entities import KeyNames, Profile, central_look_alikes
from summarizer.grouping.linkage import TimeRule, average_linkage_sparse, span_of
from summarizer.grouping.terms import ArticleTerms, DayTerms, article_terms, day_terms, normalize_rows
from summarizer.records import Article

Embedder = Callable[[Sequence[str]], Any]
VETO = 0.0  # a look-alike pair adds nothing to its two groups' average (as if it were no candidate at all)
LEAD_SENTENCES_CHARS = 600  # what the optional embedding sees: the title and about the first three sentences
# From this many articles on, a word found in one article only is left out: it cannot link two articles and only
# dilutes the rest. In a smaller day the day's own document frequencies say too little to call a word rare.
LARGE_DAY = 100
CANDIDATE_FLOOR = 0.02  # a neighbour less similar than this cannot matter at any sensible threshold
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
    key_names: KeyNames | None = None


def time_rule(params: GroupingSettings) -> TimeRule:
    """The time rule the settings ask for."""
    return TimeRule(params.time_penalty, params.time_scale_days, params.time_min_articles)


def row_dots(matrix: Any, first: Any, second: Any) -> Any:
    """For each pair, the dot product of its two rows (cosine, for unit rows)."""
    import numpy as np

    if len(first) == 0:
        return np.zeros(0)
    return np.asarray(matrix[first].multiply(matrix[second]).sum(axis=1)).ravel()


def pair_scores(
    first: Any, second: Any, cosine: Any, day: DayTerms, terms: Sequence[ArticleTerms], params: GroupingSettings,
    extra: Any = None,
) -> tuple[Any, Any]:  # fmt: skip
    """Each candidate pair's similarity (with the optional embedding blend and the short-text rule), and which
    pairs are look-alikes (set to ``VETO``).

    A look-alike shares the template but not the key entities: both articles name enough things, and the names
    they stress barely agree (two earthquakes, two Nobel prizes, two finals), or (with ``veto_central_days``) the
    two reports are far apart in time and what each is about differs (two central banks' rate decisions).
    """
    import numpy as np

    score = np.asarray(cosine, dtype=np.float64).copy()
    if extra is not None and params.embedding_weight > 0 and len(first):
        dense = np.einsum("ij,ij->i", extra[first], extra[second])
        score = (1 - params.embedding_weight) * score + params.embedding_weight * dense
    if params.short_terms > 0:  # short texts share words by chance more easily: their similarity counts for less
        distinct = np.array([len(t.counts) for t in terms], dtype=np.float64)
        score *= np.minimum(1.0, np.minimum(distinct[first], distinct[second]) / params.short_terms) ** 2
    enough = np.minimum(day.name_counts[first], day.name_counts[second]) >= params.veto_min_names
    template = enough & (cosine >= params.veto_template)
    vetoed = template & (row_dots(day.names, first, second) < params.veto_below)
    if params.veto_central_days > 0:
        counts, times = [t.counts for t in terms], [t.time for t in terms]
        vetoed |= central_look_alikes(first, second, template, day, counts, times, params.veto_central_days)
    score[vetoed] = VETO
    return score, vetoed


def _evidence(members: Sequence[int], terms: Sequence[ArticleTerms], params: GroupingSettings) -> float:
    """A short text shares words with a story's long centroid by chance more easily: its similarity counts
    ``words / short_terms`` (one short side here, so not squared as for two short articles)."""
    if params.short_terms <= 0:  # switched off
        return 1.0
    words = len(set().union(*(terms[m].counts for m in members)))
    return min(1.0, words / params.short_terms)


def attach_small(grouped: Grouped, params: GroupingSettings) -> list[list[int]]:
    """Groups of at most ``attach_max_size`` join the larger group whose centroid they are most like, if enough."""
    import numpy as np

    groups, matrix, terms = grouped.groups, grouped.matrix, grouped.terms
    big = [g for g in groups if len(g) > params.attach_max_size]
    small = [g for g in groups if len(g) <= params.attach_max_size]
    if not big or not small:
        return groups
    rule = time_rule(params)
    centroids = normalize_rows(_sums(matrix, big))
    probes = normalize_rows(_sums(matrix, small))
    big_spans = [span_of(terms[m].time for m in g) for g in big]
    joined: dict[int, list[int]] = {b: list(g) for b, g in enumerate(big)}
    big_names: dict[int, Profile] = {}  # as the centroids: the stories as they were when this round began
    alone = []
    for start in range(0, len(small), BLOCK_ROWS):
        block = (probes[start : start + BLOCK_ROWS] @ centroids.T).toarray()
        for offset, row in enumerate(block):
            g = small[start + offset]
            span, evidence = span_of(terms[m].time for m in g), _evidence(g, terms, params)
            for b in np.flatnonzero(row >= params.attach_threshold):
                row[b] *= rule.factor(span, big_spans[b]) * evidence
                if _mostly_vetoed(g, big[b], grouped.vetoed) or _look_alike(
                    g, big, int(b), grouped.key_names, big_names
                ):
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


def _look_alike(
    small: list[int], big: list[list[int]], b: int, key_names: KeyNames | None, cache: dict[int, Profile]
) -> bool:
    """A small group that is a look-alike of story ``big[b]`` does not join it through the centroid either."""
    if key_names is None:
        return False
    if b not in cache:
        cache[b] = key_names.profile(big[b])
    return key_names.conflict(key_names.profile(small), cache[b])


def _sums(matrix: Any, groups: Sequence[Sequence[int]]) -> Any:
    import numpy as np
    from scipy import sparse

    rows = [r for r, g in enumerate(groups) for _ in g]
    cols = [m for g in groups for m in g]
    member = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(groups), matrix.shape[0]))
    return (member @ matrix).tocsr()


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
    day = day_terms(terms, params.name_weight, min_df=2 if n >= LARGE_DAY else 1)
    matrix = day.matrix
    first, second, cosine = nearest_pairs(matrix, n if exact else params.neighbours, -2.0 if exact else CANDIDATE_FLOOR)
    extra = None
    if embedder is not None and params.embedding_weight > 0 and n:
        extra = embedder([f"{a.title}. {a.text[:LEAD_SENTENCES_CHARS]}" for a in articles])
    score, vetoed = pair_scores(first, second, cosine, day, terms, params, extra)
    edges = zip(first.tolist(), second.tolist(), score.tolist(), strict=True)
    times = [t.time for t in terms]
    key_names = KeyNames(
        day.names, day.vocab, times, params.veto_story_below, params.veto_min_names, params.time_scale_days
    )
    groups = average_linkage_sparse(n, edges, params.threshold, times, time_rule(params), key_names)
    vetoed_pairs = frozenset(zip(first[vetoed].tolist(), second[vetoed].tolist(), strict=True))
    grouped = Grouped(groups, matrix, day.vocab, terms, vetoed_pairs, key_names)
    for _ in range(ATTACH_ROUNDS):  # a story that grew may now be what the next lone article matches
        attached = attach_small(grouped, params)
        if attached == grouped.groups:
            break
        grouped.groups = attached
    return grouped

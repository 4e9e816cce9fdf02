"""What grouping sees of an article: weighted terms of the whole text, its names and numbers, and its time."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.records import Article
from summarizer.timestamps import parse_time

_TOKEN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)
_MID_SENTENCE = re.compile(r"(?<![.!?:;\"“”])\s+([^\W\d_][^\W_]*(?:['’.-][^\W_]+)*)", re.UNICODE)
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours out over own said same says she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where which while who whom why
    will with would you your yours would could may might must shall one two three new last first year years told
    according people time week month day today yesterday monday tuesday wednesday thursday friday saturday sunday
    mr mrs ms percent per cent like get got make made many much well even still back way since around
    """.split()
)


@dataclass(frozen=True)
class ArticleTerms:
    """An article's term counts (lowercased), the subset written as names or numbers, and its publication time."""

    counts: dict[str, float]
    names: frozenset[str]
    time: float | None


def _words(text: str) -> list[str]:
    return [w for w in map(str.lower, _TOKEN.findall(text)) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def _names(text: str) -> set[str]:
    """Words written with a capital where a sentence does not start (a name), and numbers."""
    return {w.lower() for w in _MID_SENTENCE.findall(text) if w[0].isupper()}


def article_terms(article: Article, title_weight: float = 2.0) -> ArticleTerms:
    """Content words of the title (counted ``title_weight`` times) and the whole text; names and numbers marked."""
    counts: dict[str, float] = {w: title_weight * k for w, k in Counter(_words(article.title)).items()}
    for word, k in Counter(_words(article.text)).items():
        counts[word] = counts.get(word, 0.0) + k
    names = {w for w in _names(article.title) | _names(article.text) if w in counts}
    names.update(w for w in counts if w[0].isdigit())
    published = parse_time(article.published)
    return ArticleTerms(counts, frozenset(names), published.timestamp() if published else None)


def tfidf_matrix(docs: Sequence[ArticleTerms], name_boost: float = 1.5, min_df: int = 1) -> tuple[Any, list[str]]:
    """Unit-length sparse rows: (1 + log tf) × idf, names and numbers boosted; terms in fewer than ``min_df`` dropped.

    Returns the CSR matrix and its vocabulary (column order sorted, so the result never depends on input order).
    """
    import numpy as np
    from scipy import sparse

    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.counts.keys())
    n = len(docs)
    vocab = sorted(t for t, k in df.items() if k >= min_df)
    column = {t: i for i, t in enumerate(vocab)}
    idf = np.log((1 + n) / (1 + np.array([df[t] for t in vocab], dtype=np.float64))) + 1.0
    rows: list[int] = []
    cols: list[int] = []
    tfs: list[float] = []
    named: list[bool] = []
    for r, doc in enumerate(docs):
        kept = [(column[t], tf, t in doc.names) for t, tf in doc.counts.items() if t in column]
        rows.extend([r] * len(kept))
        cols.extend(c for c, _, _ in kept)
        tfs.extend(tf for _, tf, _ in kept)
        named.extend(flag for _, _, flag in kept)
    col = np.asarray(cols, dtype=np.int64)
    vals = (1.0 + np.log(np.asarray(tfs, dtype=np.float64))) * idf[col] * np.where(named, name_boost, 1.0)
    matrix = sparse.csr_matrix((vals, (rows, col)), shape=(n, len(vocab)), dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix, vocab

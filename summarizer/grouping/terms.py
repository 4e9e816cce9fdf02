"""What grouping sees of an article: weighted terms of the whole text, its names and numbers, and its time."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.records import Article
from summarizer.timestamps import parse_time

_TOKEN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;\"'“”]$")
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
    lead_names: frozenset[str] = frozenset()


def _capitalized(token: str) -> bool:
    return token[:1].isupper() and not token.isupper() or (token.isupper() and len(token) > 1)


def article_terms(article: Article, title_weight: float = 2.0) -> ArticleTerms:
    """Content words of the title (counted ``title_weight`` times) and the whole text; names and numbers marked."""
    counts: dict[str, float] = {}
    names: set[str] = set()
    lead_names: set[str] = set()
    lead_end = _lead_end(article.text)
    for text, weight in ((article.title, title_weight), (article.text, 1.0)):
        for match in _TOKEN.finditer(text):
            token = match.group()
            low = token.lower()
            if low in STOPWORDS or len(low) < 2 and not low.isdigit():
                continue
            counts[low] = counts.get(low, 0.0) + weight
            if low[0].isdigit() or (_capitalized(token) and not _sentence_start(text, match.start())):
                names.add(low)
                if weight != 1.0 or match.start() < lead_end:
                    lead_names.add(low)
    published = parse_time(article.published)
    when = published.timestamp() if published else None
    return ArticleTerms(counts, frozenset(names), when, frozenset(lead_names))


def _sentence_start(text: str, at: int) -> bool:
    """Whether a word starting at ``at`` opens a sentence (its capital then says nothing about being a name)."""
    before = text[max(at - 4, 0) : at].rstrip()
    return not before or bool(_SENTENCE_END.search(before))


def _lead_end(text: str) -> int:
    """Where the first sentence ends (the lead names the story's key entities), at most 300 characters in."""
    found = re.search(r"[.!?](\s|$)", text[:300])
    return found.end() if found else min(len(text), 300)


def tfidf_matrix(
    docs: Sequence[ArticleTerms], name_boost: float = 1.5, idf: dict[str, float] | None = None
) -> tuple[object, list[str]]:
    """Unit-length sparse rows: (1 + log tf) × idf, names and numbers boosted; terms in one article only are dropped.

    Returns the CSR matrix and its vocabulary (column order sorted, so the result never depends on input order).
    """
    import numpy as np
    from scipy import sparse

    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.counts.keys())
    n = len(docs)
    vocab = sorted(t for t, k in df.items() if k > 1 or idf is not None and t in idf)
    column = {t: i for i, t in enumerate(vocab)}
    weights = idf or {t: math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab}
    rows, cols, vals = [], [], []
    for r, doc in enumerate(docs):
        for term, tf in doc.counts.items():
            c = column.get(term)
            if c is None or term not in weights:
                continue
            boost = name_boost if term in doc.names else 1.0
            rows.append(r)
            cols.append(c)
            vals.append((1.0 + math.log(tf)) * weights[term] * boost)
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)), dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix, vocab

"""What grouping sees of an article: weighted terms of the whole text, its names and numbers, and its time."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from summarizer.records import Article
from summarizer.timestamps import parse_time

_TOKEN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)
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


NAME_SHARE = 0.5  # a word is a name when at least this share of the day's uses write it with a capital mid-sentence


@dataclass(frozen=True)
class ArticleTerms:
    """An article's term counts (lowercased), how often each is written with a capital mid-sentence, and its
    publication time."""

    counts: dict[str, float]
    capitals: dict[str, int]
    time: float | None


@dataclass(frozen=True)
class DayTerms:
    """The day's sparse TF-IDF rows, their vocabulary, the rows' name part and how many names each article uses."""

    matrix: Any
    vocab: list[str]
    names: Any
    name_counts: Any


@lru_cache(maxsize=1)
def _mid_sentence_name() -> re.Pattern[str]:
    """A word with a capital initial after a space that does not follow a sentence's end: a name.

    The capitals are spelled out (every upper- and titlecase letter of the Basic Multilingual Plane) so that the
    regular expression engine, not Python, skips the lowercase words: most words of a text.
    """
    capitals = "".join(re.escape(c) for c in map(chr, range(0x10000)) if c.isupper() or c.istitle())
    return re.compile(rf"(?<![.!?:;\"“”])\s+([{capitals}][^\W_]*(?:['’.-][^\W_]+)*)", re.UNICODE)


def _words(text: str) -> dict[str, int]:
    found = Counter(_TOKEN.findall(text.lower()))
    return {w: k for w, k in found.items() if w not in STOPWORDS and (len(w) > 1 or w.isdigit())}


def _capitals(text: str) -> Counter[str]:
    """How often each word is written with a capital where a sentence does not start."""
    return Counter(map(str.lower, _mid_sentence_name().findall(text)))


def article_terms(article: Article, title_weight: float = 2.0) -> ArticleTerms:
    """Content words of the title (counted ``title_weight`` times) and the whole text, with their capitals."""
    counts: dict[str, float] = {w: title_weight * k for w, k in _words(article.title).items()}
    for word, k in _words(article.text).items():
        counts[word] = counts.get(word, 0.0) + k
    written = _capitals(f"{article.title}. {article.text}")  # the full stop: the text's first word starts a sentence
    published = parse_time(article.published)
    capitals = {w: k for w, k in written.items() if w in counts}
    return ArticleTerms(counts, capitals, published.timestamp() if published else None)


def day_terms(docs: Sequence[ArticleTerms], name_boost: float = 1.0, min_df: int = 1) -> DayTerms:
    """Unit-length sparse rows: (1 + log tf) × idf, names and numbers boosted; terms in fewer than ``min_df`` dropped.

    A name is a word the day's articles mostly write with a capital mid-sentence ("Uganda" even where one article
    only starts sentences with it; not "President", which is as often "the president"); numbers count as names for
    ``name_counts`` but stay out of ``names`` ("16" is too often a coincidence). The columns are in sorted order, so
    the result never depends on the order of ``docs``.
    """
    import numpy as np
    from scipy import sparse

    n = len(docs)
    flat = [t for doc in docs for t in doc.counts]
    seen: dict[str, int] = {}
    ids = np.fromiter((seen.setdefault(t, len(seen)) for t in flat), dtype=np.int64, count=len(flat))
    terms = list(seen)
    tf = np.fromiter((v for doc in docs for v in doc.counts.values()), dtype=np.float64, count=len(flat))
    capital_ids = np.fromiter((seen[t] for doc in docs for t in doc.capitals), dtype=np.int64)
    capitals = np.fromiter((k for doc in docs for k in doc.capitals.values()), dtype=np.float64)
    share = np.bincount(capital_ids, capitals, len(terms)) / np.maximum(np.bincount(ids, tf, len(terms)), 1e-9)
    number = np.fromiter((t[0].isdigit() for t in terms), dtype=bool, count=len(terms))
    name = (share >= NAME_SHARE) & ~number
    df = np.bincount(ids, minlength=len(terms))
    kept = sorted((i for i in range(len(terms)) if df[i] >= min_df), key=terms.__getitem__)
    column = np.full(len(terms), -1, dtype=np.int64)
    column[kept] = np.arange(len(kept))
    rows = np.repeat(np.arange(n), [len(doc.counts) for doc in docs])
    name_counts = np.bincount(rows, (name | number)[ids], n)
    cols = column[ids]
    keep = cols >= 0
    rows, cols, tf, term = rows[keep], cols[keep], tf[keep], ids[keep]
    idf = np.log((1 + n) / (1 + df[kept].astype(np.float64))) + 1.0
    vals = (1.0 + np.log(tf)) * idf[cols] * np.where(name[term] | number[term], name_boost, 1.0)
    shape = (n, len(kept))
    matrix = normalize_rows(sparse.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.float64))
    named = name[term]
    names = normalize_rows(sparse.csr_matrix((vals[named], (rows[named], cols[named])), shape=shape))
    return DayTerms(matrix, [terms[i] for i in kept], names, name_counts)


def normalize_rows(matrix: Any) -> Any:
    """The rows scaled to unit length (empty rows stay empty), as CSR."""
    import numpy as np
    from scipy import sparse

    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (sparse.diags(1.0 / norms) @ matrix).tocsr()

"""Per-sentence features for the extractive engine's trained scorer: position, length, MiniLM similarities,
centrality, and uncased lexical cues (quotes, numbers, recurring words, attribution, dangling pronouns).

News boilerplate and photo captions are not features: ``text/cleanup.py`` removes them or makes them ineligible
before any sentence is scored (``extractive.content_sentences``).

Everything is computed from the lowercased sentence and the sentence embeddings the engine already has
(all-MiniLM-L6-v2 is uncased): the scorer was trained on lowercased CNN/DailyMail text, so case must not matter."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

# The scorer's weights file lists these names in this order; a file whose names differ is refused.
# Text features need nothing but the article's words: every sentence has them, and they alone screen the sentences
# worth embedding (scoring.py). Embedding features are computed over that shortlist only.
TEXT_FEATURES = (
    "first_sentence",
    "second_sentence",
    "third_sentence",
    "position_prior",
    "log_position",
    "relative_position",
    "log_words",
    "long_sentence",
    "early_length",
    "lead_word_overlap",
    "topic_words",
    "content_word_share",
    "number_density",
    "has_quote",
    "starts_with_quote",
    "attribution",
    "pronoun_start",
    "first_person",
    "question",
)
EMBEDDING_FEATURES = ("sim_lead", "sim_centroid", "centrality", "lexrank")
LEAD_SENTENCES = 3  # sim_lead compares with the mean of the first three sentences
POSITION_HALF_LIFE = 4.0
LONG_SENTENCE_WORDS = 35
LEXRANK_THRESHOLD = 0.3  # LexRank's edge threshold on cosine similarity
LEXRANK_DAMPING = 0.85
LEXRANK_ITERATIONS = 30

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_QUOTES = ('"', "“", "”")
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according to|announced|reported|confirmed|claimed|revealed)\b")
_PRONOUN_START = re.compile(
    r"^[\"“'‘]?(?:he|she|it|they|this|that|these|those|his|her|its|their|but|and|so|however|also|then|there)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|we|my|our|me|us|i'm|we're|i've|we've)\b")
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where which while who whom
    why will with would you your yours s t said says also one two new like would could last first year years time
    mr mrs ms""".split()
)


def lowered_words(sentence: str) -> list[str]:
    """The sentence's words, lowercased."""
    return _WORD.findall(sentence.lower())


def content_words(words: Sequence[str]) -> list[str]:
    """Words that are not stopwords nor bare numbers."""
    return [w for w in words if w not in STOPWORDS and not w.isdigit() and len(w) > 1]


def lexical_features(sentence: str) -> dict[str, float]:
    """Cues of one sentence that need nothing but its own (lowercased) text."""
    text = sentence.lower().strip()
    words = _WORD.findall(text)
    n = max(len(words), 1)
    return {
        "log_words": math.log(n),
        "long_sentence": float(len(words) > LONG_SENTENCE_WORDS),
        "content_word_share": len(content_words(words)) / n,
        "number_density": sum(1 for w in words if _DIGIT.search(w)) / n,
        "has_quote": float(any(q in text for q in _QUOTES)),
        "starts_with_quote": float(text.startswith((*_QUOTES, "'", "‘"))),
        "attribution": float(bool(_ATTRIBUTION.search(text))),
        "pronoun_start": float(bool(_PRONOUN_START.match(text))),
        "first_person": float(bool(_FIRST_PERSON.search(text))),
        "question": float(text.rstrip("\"'”’) ").endswith("?")),
    }


def position_features(index: int, count: int) -> dict[str, float]:
    """Where a sentence sits: first/second/third flags, a halving prior, log index and relative position."""
    return {
        "first_sentence": float(index == 0),
        "second_sentence": float(index == 1),
        "third_sentence": float(index == 2),
        "position_prior": 0.5 ** (index / POSITION_HALF_LIFE),
        "log_position": math.log1p(index),
        "relative_position": index / (count - 1) if count > 1 else 0.0,
    }


def lexrank(similarities: Any, threshold: float = LEXRANK_THRESHOLD) -> Any:
    """LexRank scores (PageRank over the thresholded similarity graph), scaled so the article's mean is 1."""
    import numpy as np

    n = similarities.shape[0]
    if n < 2:
        return np.ones(n)
    graph = (similarities >= threshold).astype(np.float64)
    np.fill_diagonal(graph, 0.0)
    degree = graph.sum(axis=1, keepdims=True)
    # A sentence linked to nothing spreads its vote evenly (the usual dangling-node rule).
    transition = np.where(degree > 0, graph / np.maximum(degree, 1.0), 1.0 / n)
    rank = np.full(n, 1.0 / n)
    for _ in range(LEXRANK_ITERATIONS):
        rank = (1 - LEXRANK_DAMPING) / n + LEXRANK_DAMPING * (transition.T @ rank)
    return rank * n / rank.sum()


def scaled_centrality(similarities: Any) -> Any:
    """Each sentence's mean similarity to the others, scaled to 0..1 within the article."""
    import numpy as np

    n = similarities.shape[0]
    if n < 2:
        return np.ones(n)
    mean = (similarities.sum(axis=1) - np.diag(similarities)) / (n - 1)
    spread = mean.max() - mean.min()
    return (mean - mean.min()) / spread if spread > 0 else np.ones(n)


def _unit(vector: Any) -> Any:
    import numpy as np

    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def word_statistics(texts: Sequence[str]) -> tuple[list[list[str]], Counter[str]]:
    """Each sentence's content words, and in how many sentences of the article each word occurs."""
    words = [content_words(lowered_words(t)) for t in texts]
    counts: Counter[str] = Counter(w for sentence in words for w in set(sentence))
    return words, counts


def lead_overlap(words: Sequence[Sequence[str]], index: int) -> float:
    """The share of a sentence's content words that the lead (its other first sentences) also has."""
    own = words[index]
    lead = {w for i, sentence in enumerate(words[:LEAD_SENTENCES]) if i != index for w in sentence}
    return sum(w in lead for w in own) / len(own) if own else 0.0


def text_features(texts: Sequence[str]) -> Any:
    """A ``(len(texts), len(TEXT_FEATURES))`` float64 array: one row per content sentence of one article."""
    import numpy as np

    n = len(texts)
    words, counts = word_statistics(texts)
    rows = np.zeros((n, len(TEXT_FEATURES)))
    for i, text in enumerate(texts):
        own = words[i]
        values = {**position_features(i, n), **lexical_features(text)}
        # A long sentence near the top is a news lead packed with facts; further down, length counts for less.
        values["early_length"] = values["position_prior"] * values["log_words"]
        values["lead_word_overlap"] = lead_overlap(words, i)
        # Words the rest of the article repeats (names, the topic): uncased stand-in for named entities.
        values["topic_words"] = sum(math.log(counts[w]) for w in own) / len(own) if own else 0.0
        rows[i] = [values[name] for name in TEXT_FEATURES]
    return rows


def embedding_features(embeddings: Any, lead: Any, similarities: Any | None = None) -> Any:
    """A ``(len(embeddings), len(EMBEDDING_FEATURES))`` float64 array for a set of sentences of one article.

    ``embeddings`` are those sentences' unit-length MiniLM vectors (the shortlist the scorer embedded), ``lead`` the
    vectors of the article's first ``LEAD_SENTENCES`` sentences; centroid, centrality and LexRank are over the set."""
    import numpy as np

    vectors = np.asarray(embeddings, dtype=np.float64)
    if not len(vectors):
        return np.zeros((0, len(EMBEDDING_FEATURES)))
    sims = vectors @ vectors.T if similarities is None else np.asarray(similarities, dtype=np.float64)
    lead_vector = _unit(np.asarray(lead, dtype=np.float64).mean(axis=0))
    columns = {
        "sim_lead": vectors @ lead_vector,
        "sim_centroid": vectors @ _unit(vectors.mean(axis=0)),
        "centrality": scaled_centrality(sims),
        "lexrank": lexrank(sims),
    }
    return np.column_stack([columns[name] for name in EMBEDDING_FEATURES])

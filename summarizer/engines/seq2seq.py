"""The seq2seq key-point engine: chunk long articles, condense, reduce, clean into key points."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from summarizer.config.engine import EngineConfig
from summarizer.engines.backends.batching import Generation
from summarizer.engines.generation import GenerationSettings
from summarizer.records import Article, ArticlePoints, EngineInfo, Placement, RunFigures, TokenCounts
from summarizer.text.chunking import Chunk, chunk_text
from summarizer.text.cleanup import clean_article
from summarizer.text.keypoints import dedupe, points_from_summary, select_points
from summarizer.text.sentences import sentence_spans

if TYPE_CHECKING:
    from summarizer.engines.hub import ModelLocation

FALLBACK_INPUT_LIMIT = 512
MAX_REDUCE_ROUNDS = 4


class TextGenerator(Protocol):
    """A backend that turns model inputs into summaries (torch today; others plug in here)."""

    name: str

    def generate(self, texts: Sequence[str]) -> list[Generation]:
        """Summaries of ``texts``, in order."""
        ...


def input_limit(tokenizer: Any, model_config: Any) -> int:
    """The longest input, in tokens, the model accepts (special tokens included)."""
    candidates = [
        getattr(model_config, "max_position_embeddings", None),
        getattr(model_config, "n_positions", None),
        getattr(tokenizer, "model_max_length", None),
    ]
    limits = [int(c) for c in candidates if isinstance(c, int) and 0 < c < 1_000_000]
    return min(limits) if limits else FALLBACK_INPUT_LIMIT


@dataclass
class _Work:
    """The running state of one article through the condense/reduce rounds."""

    article: Article
    input_tokens: int
    summarized_tokens: int
    chunks: int
    points: list[str]
    pending: list[Chunk]
    rounds: int = 0


class Seq2SeqEngine:
    """Key points from any Hugging Face seq2seq summarization model."""

    name = "seq2seq"

    def __init__(
        self,
        tokenizer: Any,
        generator: TextGenerator,
        settings: GenerationSettings,
        *,
        model_name: str,
        max_input_tokens: int,
        max_points: int,
        placement: Placement | None = None,
        load_figures: RunFigures | None = None,
    ):
        self.tokenizer = tokenizer
        self.generator = generator
        self.settings = settings
        self.model_name = model_name
        self.max_input_tokens = max_input_tokens
        self.max_points = max_points
        self.placement = placement
        self.load_figures = load_figures or RunFigures()
        specials = tokenizer.num_special_tokens_to_add(pair=False)
        prefix_tokens = len(tokenizer(settings.prefix, add_special_tokens=False)["input_ids"]) if settings.prefix else 0
        # Re-tokenizing a chunk on its own can add a token or two at its edges: keep a small margin.
        margin = max(4, max_input_tokens // 50)
        self.chunk_budget = max_input_tokens - specials - prefix_tokens - margin
        if self.chunk_budget < 8:
            raise ValueError(f"model input limit {max_input_tokens} leaves no room for article text")

    @classmethod
    def load(
        cls, config: EngineConfig, location: ModelLocation | None = None, placement: Placement | None = None
    ) -> Seq2SeqEngine:
        """Load the model at ``location`` as ``placement`` says (each resolved here from ``config`` when not given)
        and resolve its effective generation settings."""
        from summarizer.engines.backends import load_backend
        from summarizer.engines.hub import locate_model
        from summarizer.engines.placement import resolve_device, resolve_placement

        location = location or locate_model(config.model)
        placement = placement or resolve_placement(config, location.model_type, resolve_device(config.device))
        loaded = load_backend(config, location, placement)
        return cls(
            loaded.tokenizer,
            loaded.generator,
            loaded.settings,
            model_name=config.model,
            max_input_tokens=input_limit(loaded.tokenizer, loaded.model_config),
            max_points=config.max_points,
            placement=loaded.placement,
            load_figures=loaded.figures(),
        )

    @property
    def info(self) -> EngineInfo:
        """Engine name, model, the effective generation settings, placement and this run's figures."""
        stats = getattr(self.generator, "stats", None)  # a stand-in generator in tests may keep none
        run = dataclasses.replace(self.load_figures, batching=stats.to_dict() if stats is not None else None)
        return EngineInfo(
            name=self.name,
            model=self.model_name,
            settings={**self.settings.to_dict(), "max_input_tokens": self.max_input_tokens},
            placement=self.placement,
            run=run,
        )

    def chunks_of(self, text: str) -> tuple[int, list[Chunk]]:
        """The token count of ``text`` and its sentence-aligned chunks."""
        encoded = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        offsets = [tuple(o) for o in encoded["offset_mapping"]]
        if 0 < len(offsets) <= self.chunk_budget and text.strip():
            # Fits whole: the one chunk sentence packing would make, without splitting sentences (pysbd is slow).
            return len(offsets), [Chunk(text, 0, len(text), len(offsets))]
        chunks = chunk_text(text, offsets, sentence_spans(text), self.chunk_budget)
        return len(offsets), chunks

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        """Condense every article (all chunks of all articles batched together), then reduce per article."""
        work = []
        for article in articles:
            total, chunks = self.chunks_of(clean_article(article.text))  # the model reads no page furniture
            work.append(_Work(article, total, sum(c.tokens for c in chunks), len(chunks), [], chunks))
        while any(w.pending for w in work):
            self._condense_round(work)
        return [self._finish(w) for w in work]

    def _condense_round(self, work: list[_Work]) -> None:
        jobs = [(w, chunk) for w in work for chunk in w.pending]
        generations = self.generator.generate([self.settings.prefix + chunk.text for _, chunk in jobs])
        by_article: dict[int, list[Generation]] = {}
        for (w, _), generation in zip(jobs, generations, strict=True):
            by_article.setdefault(id(w), []).append(generation)
        for w in work:
            if not w.pending:
                continue
            results = by_article[id(w)]
            w.pending = []
            w.rounds += 1
            chunk_points = [p for g in results for p in points_from_summary(g.text, cut_at_max_length=g.hit_max_length)]
            if len(results) == 1 or w.rounds >= MAX_REDUCE_ROUNDS:
                w.points = chunk_points
                continue
            merged = dedupe(chunk_points)
            if len(merged) <= self.max_points:
                w.points = merged
                continue
            # Too many points from too many chunks: condense the joined chunk summaries again.
            joined = " ".join(merged)
            _, w.pending = self.chunks_of(joined)
            if len(w.pending) >= len(results):  # no progress possible; keep the merged points
                w.pending, w.points = [], merged

    def _finish(self, w: _Work) -> ArticlePoints:
        points, left_out = select_points(w.points, self.max_points)
        notes: list[str] = []
        if w.chunks > 1:
            notes.append(f"long article: read in {w.chunks} parts of up to {self.chunk_budget} tokens")
        if left_out:
            notes.append(f"{left_out} more point(s) left out by --max-points {self.max_points}")
        if not points:
            notes.append("the model produced no usable key point for this article")
        return ArticlePoints(
            points=tuple(points),
            tokens=TokenCounts(input=w.input_tokens, summarized=w.summarized_tokens),
            chunks=w.chunks,
            notes=tuple(notes),
        )

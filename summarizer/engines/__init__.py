"""Key-point engines: the one seam between the pipeline and any model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from summarizer.config import EngineConfig
from summarizer.models import Article, ArticlePoints, EngineInfo


class ModelLoadError(RuntimeError):
    """The model could not be loaded; the message says which, where we looked and what to do."""


@runtime_checkable
class KeyPointEngine(Protocol):
    """Anything that turns articles into key points."""

    @property
    def info(self) -> EngineInfo:
        """Which engine and model, with the effective generation settings."""
        ...

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        """Key points for each article, in the same order."""
        ...


def create_engine(config: EngineConfig) -> KeyPointEngine:
    """Build the engine the configuration asks for (loads the model)."""
    from summarizer.engines.seq2seq import Seq2SeqEngine

    return Seq2SeqEngine.load(config)

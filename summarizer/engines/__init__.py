"""Key-point engines: the one seam between the pipeline and any model."""

from __future__ import annotations

import sys
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
    """Build the engine the configuration asks for (loads the model).

    ``auto``: the seq2seq model when it loads, else the extractive engine, with a one-line notice on stderr.
    """
    from summarizer.engines.extractive import ExtractiveEngine

    if config.engine == "extractive":
        return ExtractiveEngine.load(config)
    from summarizer.engines.seq2seq import Seq2SeqEngine

    if config.engine == "seq2seq":
        return Seq2SeqEngine.load(config)
    from summarizer.engines.loading import resolve_device
    from summarizer.modelfiles import is_local_path

    resolve_device(config.device)  # a device this machine lacks is a usage error, not a reason to fall back
    try:
        return Seq2SeqEngine.load(config)
    except ModelLoadError as exc:
        if is_local_path(config.model):  # the user pointed at a folder: a typo is an error, not a fallback
            raise
        reason = str(exc).strip().splitlines()[0]
        print(
            f"briefing: notice: {reason}; using the extractive engine (key sentences quoted from each article)",
            file=sys.stderr,
        )
        return ExtractiveEngine.load(config, fallback_reason=reason)

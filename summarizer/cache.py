"""Summary cache: SQLite in the user cache folder, keyed by article content + everything that shapes the output.

A re-run where nothing changed answers from here without loading the model (nor importing torch).
A damaged cache file is moved aside and replaced; a cache that fails mid-run is switched off, never the run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import time
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from summarizer import __version__
from summarizer.config import EngineConfig
from summarizer.models import Article, ArticlePoints, BriefingItem, EngineInfo

APP_NAME = "briefing-summarizer"
CACHE_FILE = "summaries.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 30.0
# Settings that change how fast the points come, never which points: left out of the key.
NOT_IN_KEY = frozenset({"cache", "cache_dir", "quiet", "batch_size"})
# Engine info entries that describe one run, not the engine: not stored for cached re-runs.
PER_RUN_INFO = frozenset({"batching", "converted_now", "load_s", "cache"})
ProgressCallback = Callable[[int, int], None]


def default_cache_dir() -> Path:
    """The per-user cache folder (``~/.cache/briefing-summarizer`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME))


def engine_key(config: EngineConfig) -> str | None:
    """What shapes the output, hashed: engine and settings, model revision and config files, project version.

    Cheap: reads the model's JSON files, loads nothing. ``None`` while the model is not on disk yet.
    """
    from summarizer.modelfiles import locate_model

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


def article_key(engine: str, article: Article) -> str:
    """The cache key of one article's points under one engine key."""
    digest = hashlib.sha256(f"{engine}\x00{article.title}\x00{article.text}".encode())
    return digest.hexdigest()


def points_to_json(points: ArticlePoints) -> str:
    """Serialize an engine result (every field, nested dataclasses included)."""
    return json.dumps(dataclasses.asdict(points), default=str)


def _decode(hint: Any, value: Any) -> Any:
    """``value`` (from JSON) rebuilt as the type ``hint`` names: dataclasses, tuples, optionals, mappings."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _build(hint, value)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        return tuple(_decode(args[0], v) for v in value)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        return _decode(next(a for a in args if a is not type(None)), value)
    if origin in (dict, Mapping):
        return dict(value)
    if hint in (int, float, str, bool) and not isinstance(value, hint):
        raise TypeError(f"expected {hint.__name__}, got {type(value).__name__}")
    return value


def _build(cls: type, data: Any) -> Any:
    hints = typing.get_type_hints(cls)
    return cls(**{f.name: _decode(hints[f.name], data[f.name]) for f in dataclasses.fields(cls) if f.name in data})


def points_from_json(text: str) -> ArticlePoints:
    """Deserialize an engine result (raises ``ValueError``/``KeyError``/``TypeError`` when malformed)."""
    result = _build(ArticlePoints, json.loads(text))
    if not isinstance(result, ArticlePoints):
        raise TypeError("not an engine result")
    return result


class SummaryCache:
    """Article points and engine info in one SQLite file, safe for several processes at once."""

    def __init__(self, folder: Path):
        self.path = folder / CACHE_FILE
        self.notes: list[str] = []
        self._db: sqlite3.Connection | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.OperationalError as exc:  # locked or unreadable, not damaged: leave the file alone
            self._disable(f"cache file {self.path} cannot be used now ({exc}); running without cache")
        except sqlite3.DatabaseError as exc:
            self._db = self._replace_damaged(exc)
        except OSError as exc:
            self._disable(f"cache folder {folder} cannot be used ({exc.strerror or exc}); running without cache")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS points (key TEXT PRIMARY KEY, value TEXT NOT NULL, at REAL)")
            db.execute("CREATE TABLE IF NOT EXISTS engines (key TEXT PRIMARY KEY, info TEXT NOT NULL, at REAL)")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _replace_damaged(self, error: Exception) -> sqlite3.Connection | None:
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            db = self._open()
        except (OSError, sqlite3.DatabaseError) as exc:
            self._disable(f"cache file {self.path} is damaged ({error}) and could not be replaced ({exc})")
            return None
        self.notes.append(f"cache file {self.path} was damaged ({error}); moved to {aside.name}, started afresh")
        return db

    def _disable(self, note: str) -> None:
        self.notes.append(note)
        if self._db is not None:
            self._db.close()
        self._db = None

    @property
    def enabled(self) -> bool:
        """False once the cache could not be used; the run goes on without it."""
        return self._db is not None

    def get_points(self, keys: Sequence[str]) -> dict[str, ArticlePoints]:
        """The cached results among ``keys`` (a malformed entry counts as a miss)."""
        found: dict[str, ArticlePoints] = {}
        if self._db is None:
            return found
        try:
            for key in keys:
                row = self._db.execute("SELECT value FROM points WHERE key = ?", (key,)).fetchone()
                if row is None:
                    continue
                try:
                    found[key] = points_from_json(row[0])
                except (ValueError, KeyError, TypeError):
                    continue
        except sqlite3.Error as exc:
            self._disable(f"cache read failed ({exc}); running without cache")
        return found

    def put_points(self, items: Sequence[tuple[str, ArticlePoints]]) -> None:
        """Store results in one transaction."""
        self._write("INSERT OR REPLACE INTO points VALUES (?, ?, ?)",
                    [(key, points_to_json(p), time.time()) for key, p in items])

    def get_info(self, key: str) -> EngineInfo | None:
        """The engine info stored when this engine key last loaded a model."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT info FROM engines WHERE key = ?", (key,)).fetchone()
            data = json.loads(row[0]) if row else None
            return EngineInfo(data["name"], data["model"], data["generation"]) if data else None
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None

    def put_info(self, key: str, info: EngineInfo) -> None:
        """Remember the engine info for fully cached re-runs."""
        data = info.to_dict()
        data["generation"] = {k: v for k, v in data["generation"].items() if k not in PER_RUN_INFO}
        row = (key, json.dumps(data, default=str), time.time())
        self._write("INSERT OR REPLACE INTO engines VALUES (?, ?, ?)", [row])

    def _write(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if self._db is None or not rows:
            return
        try:
            with self._db:  # commits, or rolls back on error
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(sql, rows)
        except sqlite3.Error as exc:
            self._disable(f"cache write failed ({exc}); running without cache")

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None


class CachingEngine:
    """Answers from the cache; creates the real engine (loading the model) only on the first miss.

    Misses go to the engine in groups, so results are cached and progress reported as they come.
    """

    def __init__(
        self, config: EngineConfig, factory: Callable[[], Any], cache: SummaryCache | None,
        progress: ProgressCallback | None = None, group_size: int | None = None,
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
        keys = [article_key(key, a) if key else "" for a in articles]
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
            keys[:] = [article_key(key, a) for a in articles]
        self.cache.put_points([(keys[i], points) for i, points in computed])

    def _report(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)


def caching_engine(
    config: EngineConfig, factory: Callable[[], Any], articles: Sequence[Article] = ()
) -> CachingEngine:
    """The engine wrapper ``config`` asks for (cache on unless ``--no-cache``, progress unless ``--quiet``),
    with the model already loaded when some of ``articles`` are not cached (so load errors surface first)."""
    from summarizer.progress import ProgressBar

    cache = SummaryCache(config.cache_dir or default_cache_dir()) if config.cache else None
    progress = None if config.quiet else ProgressBar()
    engine = CachingEngine(config, factory, cache, progress)
    engine.prepare(articles)
    return engine


def checks_with_cache(
    engine: Any, items: Sequence[BriefingItem], check: Callable[[list[BriefingItem]], list[BriefingItem]],
    variant: str = "",
) -> list[BriefingItem]:
    """``check(items)`` (the faithfulness check), answered from the summary cache where this article already
    had these exact points checked: a fully cached re-run then needs no embedding model either."""
    cache = engine.cache if isinstance(engine, CachingEngine) else None
    if cache is None or not cache.enabled or not items:
        return check(list(items))
    keys = [_check_key(item, variant) for item in items]
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


def _check_key(item: BriefingItem, variant: str) -> str:
    payload = json.dumps(
        [SCHEMA_VERSION, __version__, "check", variant, item.article.title, item.article.text,
         points_to_json(item.result)], default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()

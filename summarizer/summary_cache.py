"""The summary cache store: SQLite in the user cache folder, keyed by article content + what shapes the output.

A damaged cache file is moved aside and replaced; a cache that fails mid-run is switched off, never the run."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import time
import types
import typing
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from summarizer import __version__
from summarizer.records import Article, ArticlePoints, BriefingItem, EngineInfo

APP_NAME = "briefing-summarizer"
CACHE_FILE = "summaries.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 30.0
PACKAGE_ROOT = Path(__file__).parent
# The code between an article's text and its checked points: a change to any of it (a cleanup rule, the splitter, the
# scorer, the check) must not answer from points the old code made, even when the version number stays the same (an
# editable install after `git pull`).
POINT_SHAPING_CODE = ("text", "engines", "faithfulness.py", "embeddings.py", "embedding_runtime.py", "records.py")


@lru_cache(maxsize=4)
def code_identity(root: Path = PACKAGE_ROOT, parts: tuple[str, ...] = POINT_SHAPING_CODE) -> str:
    """A hash of the package version and the source (and data) files that shape the points; part of every key."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        path = root / part
        files = sorted(f for f in path.rglob("*") if f.suffix in (".py", ".json")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:16]}"


def default_cache_dir() -> Path:
    """The per-user cache folder (``~/.cache/briefing-summarizer`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME))


def points_key(engine: str, article: Article) -> str:
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


@cache
def _field_types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)  # evaluates every annotation: once per class, not once per cached entry


def _build(cls: type, data: Any) -> Any:
    hints = _field_types(cls)
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
        self._write(
            "INSERT OR REPLACE INTO points VALUES (?, ?, ?)",
            [(key, points_to_json(p), time.time()) for key, p in items],
        )

    def get_info(self, key: str) -> EngineInfo | None:
        """The engine info stored when this engine key last loaded a model."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT info FROM engines WHERE key = ?", (key,)).fetchone()
            return EngineInfo.from_dict(json.loads(row[0])) if row else None
        except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put_info(self, key: str, info: EngineInfo) -> None:
        """Remember the engine info for fully cached re-runs (stored as :meth:`EngineInfo.to_dict` gives it)."""
        row = (key, json.dumps(info.to_dict(), default=str), time.time())
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


def check_key(item: BriefingItem, variant: str) -> str:
    """The cache key of one article's checked points: its text, its unchecked points and the check's ``variant``."""
    payload = json.dumps(
        [
            SCHEMA_VERSION,
            code_identity(),
            "check",
            variant,
            item.article.title,
            item.article.text,
            points_to_json(item.result),
        ],
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()

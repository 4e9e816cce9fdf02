"""Rows in and out of the batch pipeline: raw records → article rows → one output row per article."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from summarizer import __version__
from summarizer.config.engine import EngineConfig
from summarizer.readers.jsonfile import record_article
from summarizer.records import Article, BriefingItem, InputError, article_id
from summarizer.summary_cache import points_key

# Engine settings that never change the points (as summarizer.engines.caching.NOT_IN_KEY).
_NOT_IN_KEY = frozenset({"cache", "cache_dir", "quiet", "batch_size"})


def batch_engine_key(config: EngineConfig) -> str:
    """The summary cache's engine key when the model is on this machine's disk; else a key of the settings alone.

    Every article's cache key is ``points_key(engine key, article)``, the key ``--skip-existing`` joins on.
    """
    from summarizer.engines.caching import engine_key

    exact = engine_key(config)
    if exact is not None:
        return exact
    settings = {k: v for k, v in dataclasses.asdict(config).items() if k not in _NOT_IN_KEY}
    payload = {"version": __version__, "settings": settings, "model_files": "not on the driver's disk"}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def article_row(article: Article, engine_key: str) -> dict[str, Any]:
    """An article as an input row of the summarizing stage."""
    return {
        "id": article.id,
        "input": article.input,
        "title": article.title,
        "text": article.text,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "author": article.author,
        "notes": list(article.notes),
        "also_from": list(article.also_from),
        "cache_key": points_key(engine_key, article),
        "error": None,
    }


def error_row(error: InputError, raw: str = "") -> dict[str, Any]:
    """An input that could not be read, as a row: it reaches the output with ``error`` set (and an id of its own)."""
    row_id = article_id(error.input, "", f"{error.error}\x00{raw}")
    return {"id": row_id, "input": error.input, "error": error.error, "notes": [], "also_from": []}


def read_rows(items: Iterable[Article | InputError], engine_key: str) -> list[dict[str, Any]]:
    """Article rows (and error rows) for what a reader produced."""
    return [article_row(i, engine_key) if isinstance(i, Article) else error_row(i) for i in items]


def record_rows(records: Iterable[tuple[Any, str]], engine_key: str) -> list[dict[str, Any]]:
    """Article rows from raw ``(record, path)`` pairs (a JSONL line or a Parquet row), read as ``build`` reads them."""
    rows = []
    for record, path in records:
        item = _record_item(record, path)
        rows.append(article_row(item, engine_key) if isinstance(item, Article) else error_row(item, str(record)))
    return rows


def _record_item(record: Any, path: str) -> Article | InputError:
    if isinstance(record, str):
        try:
            record = json.loads(record)
        except json.JSONDecodeError as exc:
            return InputError(path, f"not valid JSON ({exc.msg} at column {exc.colno}): {record[:60]!r}")
    try:
        return record_article(_plain(record), path, path)
    except Exception as exc:  # noqa: BLE001 - a reader bug loses this record only
        return InputError(path, f"could not be read ({type(exc).__name__}: {exc})")


def _plain(record: Any) -> Any:
    """Parquet values the JSON reader does not expect (timestamps, numbers) as strings, nulls dropped."""
    if not isinstance(record, Mapping):
        return record
    return {k: (v if isinstance(v, str | list | dict) else str(v)) for k, v in record.items() if v is not None}


def row_article(row: Mapping[str, Any]) -> Article:
    """The :class:`Article` an article row stands for (the same id)."""
    return Article(
        input=row["input"],
        title=row["title"],
        text=row["text"],
        source=row["source"],
        url=row["url"],
        published=row["published"],
        author=row["author"],
        notes=tuple(row["notes"] or ()),
        id=row["id"],
        also_from=tuple(row["also_from"] or ()),
    )


def item_row(item: BriefingItem, row: Mapping[str, Any], vector: Any) -> dict[str, Any]:
    """The output row of a summarized article; fields as in ``briefing build --format json``."""
    data = item.to_dict()
    engine = data.get("engine") or {}
    return {
        **_metadata(row),
        "points": data["points"],
        "support": data.get("support", []),
        "dropped_points": data.get("dropped_points", []),
        "unsupported_points": data.get("unsupported_points", 0),
        "notes": data["notes"],
        "engine": engine.get("name"),
        "model": engine.get("model"),
        "story_vector": None if vector is None else [float(x) for x in vector],
    }


def failed_row(row: Mapping[str, Any], error: str, engine: tuple[str, str] | None = None) -> dict[str, Any]:
    """The output row of an article (or input) that failed: metadata, no points, ``error`` set."""
    name, model = engine or (None, None)
    empty: dict[str, Any] = {"points": [], "support": [], "dropped_points": [], "unsupported_points": 0}
    notes = list(row.get("notes") or ())
    return {**_metadata(row), **empty, "notes": notes, "error": error, "engine": name, "model": model}


def _metadata(row: Mapping[str, Any]) -> dict[str, Any]:
    keep = ("id", "input", "url", "title", "source", "published", "author", "also_from", "cache_key", "error")
    return {k: row.get(k) for k in keep}

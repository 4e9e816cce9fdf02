"""Rows in and out of the batch pipeline: raw records → article rows → one output row per article."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from summarizer import __version__
from summarizer.batch.schema import ARTICLE_FIELDS, OUTPUT_FIELDS, SCHEMA_VERSION
from summarizer.config.engine import EngineConfig
from summarizer.readers.base import ReadError
from summarizer.readers.jsonfile import JsonReader, record_article
from summarizer.records import Article, BriefingItem, EngineInfo, InputError, article_id
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


def article_row(article: Article, engine_key: str, position: int | None = None) -> dict[str, Any]:
    """An article as an input row of the summarizing stage; ``position``: its place in its input (read order)."""
    return {
        "id": article.id,
        "record_id": article.record_id,
        "input": article.input,
        "position": position,
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


def error_row(error: InputError, raw: str = "", position: int | None = None) -> dict[str, Any]:
    """An input that could not be read, as a row: it reaches the output with ``error`` set (and an id of its own)."""
    row_id = article_id(error.input, "", f"{error.error}\x00{raw}")
    row = {"id": row_id, "input": error.input, "position": position, "error": error.error}
    return {**row, "notes": [], "also_from": []}


def read_rows(items: Iterable[Article | InputError], engine_key: str) -> list[dict[str, Any]]:
    """Article rows (and error rows) for what a reader produced, numbered in read order."""
    return [
        article_row(i, engine_key, n) if isinstance(i, Article) else error_row(i, position=n)
        for n, i in enumerate(items)
    ]


def file_rows(data: bytes, path: str, engine_key: str) -> list[dict[str, Any]]:
    """The rows of one whole JSONL file, read as ``build`` reads it: a bad line's row names the file and the line."""
    try:
        items = JsonReader().read(data, path)
    except ReadError as exc:
        return [error_row(InputError(path, str(exc)))]
    except Exception as exc:  # noqa: BLE001 - a reader bug loses this file only, said on its row
        return [error_row(InputError(path, f"could not be read ({type(exc).__name__}: {exc})"))]
    return read_rows(items, engine_key)


def record_rows(records: Iterable[tuple[Any, str]], engine_key: str) -> list[dict[str, Any]]:
    """Article rows from raw ``(record, path)`` pairs (Parquet rows), read as ``build`` reads a JSON record."""
    rows = []
    for record, path in records:
        item = _record_item(record, path)
        rows.append(article_row(item, engine_key) if isinstance(item, Article) else error_row(item, str(record)))
    return rows


def _record_item(record: Any, path: str) -> Article | InputError:
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
        record_id=row.get("record_id"),
    )


def engine_json(info: EngineInfo | None) -> str | None:
    """What wrote the points, as JSON (``EngineInfo.to_dict``), without this actor's run figures and cache counts."""
    if info is None:
        return None
    return json.dumps(dataclasses.replace(info, run=None, cache=None).to_dict())  # key order kept: JSON output


def item_row(item: BriefingItem, row: Mapping[str, Any], vector: Any) -> dict[str, Any]:
    """The output row of a summarized article; fields as in ``briefing build --format json``, plus what rendering
    and grouping it again needs (text, the article's own notes, engine info, story vector)."""
    data = item.to_dict()
    engine = data.get("engine") or {}
    return {
        **_metadata(row),
        "points": data["points"],
        "support": data.get("support", []),
        "dropped_points": data.get("dropped_points", []),
        "unsupported_points": data.get("unsupported_points", 0),
        "notes": data["notes"],
        "tokens_input": data["tokens"]["input"],
        "tokens_summarized": data["tokens"]["summarized"],
        "chunks": data["chunks"],
        "engine": engine.get("name"),
        "model": engine.get("model"),
        "engine_info": engine_json(item.result.engine),
        "story_vector": None if vector is None else [float(x) for x in vector],
    }


def failed_row(row: Mapping[str, Any], error: str, engine: tuple[str, str] | None = None) -> dict[str, Any]:
    """The output row of an article (or input) that failed: metadata, no points, ``error`` set."""
    name, model = engine or (None, None)
    empty: dict[str, Any] = {"points": [], "support": [], "dropped_points": [], "unsupported_points": 0}
    notes = list(row.get("notes") or ())
    return {**_metadata(row), **empty, "notes": notes, "error": error, "engine": name, "model": model}


# What an output row takes over from its input row: every field both schemas have, except the notes (an output row's
# ``notes`` are its item's; the article's own become ``article_notes``).
CARRIED_FIELDS = tuple(f for f in ARTICLE_FIELDS if f in OUTPUT_FIELDS and f != "notes")


def _metadata(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        **{k: row.get(k) for k in CARRIED_FIELDS},
        "article_notes": list(row.get("notes") or ()),
    }

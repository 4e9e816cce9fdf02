"""The Arrow schemas of the batch pipeline: articles going in, one row per article coming out.

Explicit types everywhere, so no block ever infers ``list<null>`` from an all-empty column and every output file has
the same schema."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

VECTOR_DIM = 384  # all-MiniLM-L6-v2, as summarizer.embeddings
# Raised whenever a field is added, removed or changes meaning; ``--from-batch`` refuses rows it cannot read.
# 1: the first schema (no version column). 2: position, text, article notes, tokens, chunks, engine info, and the
# story vector of exactly the text same-story grouping embeds. 3: record_id (the record's own id).
SCHEMA_VERSION = 3
READABLE_VERSIONS = (2, 3)  # version 2 rows only lack record_id: read as records without an id of their own

ARTICLE_FIELDS = (
    "id",
    "record_id",
    "input",
    "position",
    "title",
    "text",
    "source",
    "url",
    "published",
    "author",
    "notes",
    "also_from",
    "cache_key",
    "error",
)
OUTPUT_FIELDS = (
    "schema_version",
    "id",
    "record_id",
    "input",
    "position",
    "url",
    "title",
    "source",
    "published",
    "author",
    "text",
    "points",
    "support",
    "dropped_points",
    "unsupported_points",
    "notes",
    "article_notes",
    "also_from",
    "tokens_input",
    "tokens_summarized",
    "chunks",
    "error",
    "engine",
    "model",
    "engine_info",
    "cache_key",
    "story_vector",
)


def _support_type() -> Any:
    import pyarrow as pa

    strings = pa.list_(pa.string())
    return pa.list_(pa.struct([("point", pa.string()), ("sentences", strings), ("unsupported", strings)]))


@lru_cache(maxsize=1)
def article_schema() -> Any:
    """Articles as read (or a read error), with their cache key: what the summarizing actors receive."""
    import pyarrow as pa

    strings = pa.list_(pa.string())
    types = {"notes": strings, "also_from": strings, "position": pa.int64()}
    return pa.schema([(name, types.get(name, pa.string())) for name in ARTICLE_FIELDS])


@lru_cache(maxsize=1)
def output_schema() -> Any:
    """One row per article: its metadata and text, checked key points, error (or null), engine, cache key, story
    vector, and the schema version that names this layout."""
    import pyarrow as pa

    strings = pa.list_(pa.string())
    types = {
        "schema_version": pa.int32(),
        "position": pa.int64(),
        "tokens_input": pa.int64(),
        "tokens_summarized": pa.int64(),
        "chunks": pa.int32(),
        "article_notes": strings,
        "points": strings,
        "support": _support_type(),
        "dropped_points": _support_type(),
        "unsupported_points": pa.int32(),
        "notes": strings,
        "also_from": strings,
        "story_vector": pa.list_(pa.float32(), VECTOR_DIM),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in OUTPUT_FIELDS])


def table(rows: list[dict[str, Any]], schema: Any) -> Any:
    """A ``pyarrow.Table`` of ``rows`` in exactly ``schema`` (missing fields are null)."""
    import pyarrow as pa

    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)

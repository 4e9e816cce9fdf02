"""Reading a ``briefing batch`` output back for rendering (``build``/``daily --from-batch``): the stored points,
checks and story vectors become the pipeline's records; no engine, no embedding model and no Ray is loaded.

JSONL files need nothing beyond the standard library; Parquet files need pyarrow (the ``ray`` extra)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.batch.inputs import is_object_store
from summarizer.batch.schema import READABLE_VERSIONS, SCHEMA_VERSION, VECTOR_DIM
from summarizer.config import ConfigError
from summarizer.readers.jsonfile import json_lines
from summarizer.records import (
    Article,
    ArticlePoints,
    Briefing,
    BriefingItem,
    EngineInfo,
    InputError,
    PointSupport,
    TokenCounts,
)
from summarizer.timestamps import parse_time

PYARROW_HINT = "reading Parquet needs pyarrow: pip install -e '.[ray]' (or pip install pyarrow)"
OUTPUT_SUFFIXES = {".parquet": "parquet", ".json": "jsonl", ".jsonl": "jsonl", ".ndjson": "jsonl"}
NO_ENGINE = EngineInfo(name="none (no article to summarize)", model="")
_SHOWN = 5  # names listed in a note before "and N more"


class BatchOutputError(ConfigError):
    """A batch output that cannot be rendered at all (missing, empty, another schema version, no pyarrow): exit 2."""


@dataclass(frozen=True)
class StoredError:
    """A row with ``error`` set, as the briefing lists it, and the article's publication time when it had one."""

    error: InputError
    published: str | None = None


@dataclass(frozen=True)
class StoredBatch:
    """A batch output ready to render: items and errors in input order, the engine, story vectors by article id."""

    items: tuple[BriefingItem, ...]
    errors: tuple[StoredError, ...]
    engine: EngineInfo
    vectors: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    """What reading left out or noticed (duplicate rows, other files, several engines): said on stderr."""

    def briefing(self, title: str, date: str, now: dt.datetime | None = None, lang: str = "en") -> Briefing:
        """Every row as one briefing, as ``build`` makes it from the same articles."""
        generated = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
        engine = self.engine if self.items else NO_ENGINE
        errors = [e.error for e in self.errors]
        return Briefing(title, date, generated, engine, list(self.items), errors, lang)


def load_batch_output(location: str, *, text: bool = True, vectors: bool = False) -> StoredBatch:
    """Every row of the batch output at ``location`` (a folder or one file, local or object store).

    ``text=False`` skips the article texts (rendering does not print them), ``vectors=True`` reads the story vectors
    (same-story grouping with ``embedding_weight``). A file that cannot be read becomes an error naming it; rows of
    another schema version stop the run (:class:`BatchOutputError`)."""
    files, skipped = output_files(location)
    rows: list[tuple[dict[str, Any], str]] = []
    found: dict[str, Any] = {}
    failed: list[StoredError] = []
    for path, fmt in files:
        read = _parquet_rows if fmt == "parquet" else _jsonl_rows
        try:
            for row, where, vector in read(path, text, vectors):
                rows.append((row, where))
                if vector is not None:
                    found[str(row.get("id"))] = vector
        except _Unreadable as exc:
            failed.append(StoredError(InputError(path, f"{exc}: its rows are not in this briefing")))
    notes = [_skipped_note(skipped)] if skipped else []
    items, errors, duplicates = _records(rows)
    if duplicates:
        notes.append(
            _listed(f"{len(duplicates)} duplicate row(s) (an article id seen before) rendered once", duplicates)
        )
    engine, engine_note = _briefing_engine(items)
    notes += [engine_note] if engine_note else []
    return StoredBatch(tuple(items), (*failed, *errors), engine, found, tuple(notes))


def output_files(location: str) -> tuple[list[tuple[str, str]], list[str]]:
    """``(path, format)`` of every Parquet/JSONL file under ``location``, sorted, and the other files' names."""
    if is_object_store(location):
        names = _object_store_files(location)
    else:
        path = Path(location)
        if path.is_file():
            names = [str(path)]
        elif path.is_dir():
            names = sorted(str(p) for p in path.rglob("*") if p.is_file())
        else:
            raise BatchOutputError(f"--from-batch {location}: no such folder or file")
    found = [(n, OUTPUT_SUFFIXES[_suffix(n)]) for n in names if _suffix(n) in OUTPUT_SUFFIXES]
    if not found:
        raise BatchOutputError(
            f"--from-batch {location}: no batch output there (briefing batch writes *.parquet or *.json files)"
        )
    return found, [n for n in names if _suffix(n) not in OUTPUT_SUFFIXES]


def _suffix(name: str) -> str:
    return Path(name.rsplit("/", 1)[-1]).suffix.lower()


def _object_store_files(location: str) -> list[str]:
    fs = _pyarrow("fs")
    filesystem, root = fs.FileSystem.from_uri(location)
    scheme = location.split("://", 1)[0]
    info = filesystem.get_file_info(root)
    if info.type == fs.FileType.File:
        return [location]
    selector = fs.FileSelector(root, recursive=True, allow_not_found=True)
    files = [i.path for i in filesystem.get_file_info(selector) if i.type == fs.FileType.File]
    return sorted(f"{scheme}://{p}" for p in files)


def _pyarrow(module: str) -> Any:
    """``pyarrow.<module>``, or the install hint (exit 2) when pyarrow is missing."""
    import importlib

    try:
        return importlib.import_module(f"pyarrow.{module}")
    except ImportError as exc:
        raise BatchOutputError(f"{PYARROW_HINT} ({exc})") from None


class _Unreadable(Exception):
    """A whole file that cannot be read (its name and the reason go into the briefing's errors)."""


Read = Iterator[tuple[dict[str, Any], str, Any]]


def _parquet_rows(path: str, text: bool, vectors: bool) -> Read:
    """``(row, where, vector)`` for each row of a Parquet file."""
    pq = _pyarrow("parquet")
    try:
        if is_object_store(path):
            filesystem, inner = _pyarrow("fs").FileSystem.from_uri(path)
            handle = pq.ParquetFile(filesystem.open_input_file(inner))
        else:
            handle = pq.ParquetFile(path)
        names = handle.schema_arrow.names
        _check_version(path, names)
        skip = {"story_vector"} | (set() if text else {"text"})
        data = handle.read(columns=[n for n in names if n not in skip])
        vector_column = handle.read(columns=["story_vector"]).column(0) if vectors else None
    except BatchOutputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyarrow raises OSError, ArrowInvalid...: the file is named, others go on
        raise _Unreadable(f"cannot read this Parquet file ({type(exc).__name__}: {_first_line(exc)})") from None
    for version in set(data.column("schema_version").to_pylist()):
        _check_version(path, names, version)
    found = _vector_array(vector_column) if vector_column is not None else None
    for number, row in enumerate(data.to_pylist()):
        vector = found[number] if found is not None else None
        yield row, f"{path} (row {number + 1})", vector


def _vector_array(column: Any) -> list[Any]:
    """The story vectors of a Parquet column as float32 arrays (``None`` where a row has none)."""
    import numpy as np

    array = column.combine_chunks()
    values = np.asarray(array.values.to_numpy(zero_copy_only=False), dtype=np.float32).reshape(-1, VECTOR_DIM)
    values = values[array.offset : array.offset + len(array)]
    valid = array.is_valid().to_pylist()
    return [values[i] if ok else None for i, ok in enumerate(valid)]


def _jsonl_rows(path: str, text: bool, vectors: bool) -> Read:
    """``(row, where, vector)`` for each line of a JSONL file (what ``briefing batch --format jsonl`` writes)."""
    try:
        data = _read_bytes(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _Unreadable(f"cannot read this JSONL file ({type(exc).__name__}: {_first_line(exc)})") from None
    for number, row, problem in json_lines(data):
        where = f"{path} (line {number})"
        if problem is not None:
            yield {"error": problem}, where, None
            continue
        if not isinstance(row, dict):
            yield {"error": f"expected a row object, found a JSON {type(row).__name__}"}, where, None
            continue
        _check_version(path, list(row), row.get("schema_version"))
        vector = row.pop("story_vector", None)
        if not text:
            row.pop("text", None)
        yield row, where, _vector(vector) if vectors else None


def _read_bytes(path: str) -> bytes:
    if not is_object_store(path):
        return Path(path).read_bytes()
    filesystem, inner = _pyarrow("fs").FileSystem.from_uri(path)
    with filesystem.open_input_stream(inner) as stream:
        return bytes(stream.read())


def _vector(value: Any) -> Any:
    import numpy as np

    if not isinstance(value, list) or len(value) != VECTOR_DIM:
        return None
    return np.asarray(value, dtype=np.float32)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


def _check_version(path: str, names: Sequence[str], version: Any = SCHEMA_VERSION) -> None:
    """Refuse rows of another layout: their fields would be read wrong (exit 2, the file named)."""
    if "schema_version" not in names:
        found = "an earlier briefing batch (schema version 1, before versions were recorded)"
    elif isinstance(version, int | float) and int(version) in READABLE_VERSIONS:
        return
    else:
        found = f"briefing batch schema version {version}"
    raise BatchOutputError(
        f"{path}: written by {found}; this version reads schema versions {READABLE_VERSIONS[0]} to {SCHEMA_VERSION}: "
        "run briefing batch again"
    )


def _order(entry: tuple[dict[str, Any], str]) -> tuple[str, bool, int, str]:
    """Input, then place in it (the order ``build`` reads), then id: the same order whatever the file layout."""
    row, where = entry
    position = row.get("position")
    place = (False, int(position)) if isinstance(position, int | float) else (True, 0)
    return (str(row.get("input") or where), *place, str(row.get("id")))


def _records(
    rows: list[tuple[dict[str, Any], str]],
) -> tuple[list[BriefingItem], list[StoredError], list[str]]:
    """Items and errors in input order (read errors before summarizing errors, as ``build`` lists them); each article
    id once (later duplicates listed)."""
    items: list[BriefingItem] = []
    errors: list[StoredError] = []
    failed: list[StoredError] = []
    seen: set[str] = set()
    duplicates: list[str] = []
    engines: dict[str | None, EngineInfo | None] = {}
    for row, where in sorted(rows, key=_order):
        row_id = row.get("id")
        if isinstance(row_id, str) and row_id in seen:
            duplicates.append(row_id)
            continue
        if isinstance(row_id, str):
            seen.add(row_id)
        if row.get("error") is not None:
            label = _string(row.get("input")) or where
            error = StoredError(InputError(label, str(row["error"])), _string(row.get("published")))
            (errors if row.get("engine") is None else failed).append(error)
            continue
        try:
            items.append(_item(row, engines))
        except (KeyError, TypeError, ValueError) as exc:
            errors.append(StoredError(InputError(where, f"not a briefing batch row ({type(exc).__name__}: {exc})")))
    return items, [*errors, *failed], duplicates


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"expected a list of strings, got {type(value).__name__}")
    return tuple(value)


def _supports(value: Any) -> tuple[PointSupport, ...]:
    return tuple(
        PointSupport(str(s["point"]), _strings(s.get("sentences")), _strings(s.get("unsupported"))) for s in value or ()
    )


def _item(row: Mapping[str, Any], engines: dict[str | None, EngineInfo | None]) -> BriefingItem:
    """The item ``build`` would have made of this article: its stored points, support, notes and engine."""
    article_notes = _strings(row.get("article_notes"))
    notes = _strings(row.get("notes"))
    own = notes[len(article_notes) :] if notes[: len(article_notes)] == article_notes else notes
    article = Article(
        input=str(row["input"]),
        title=str(row["title"]),
        text=_string(row.get("text")) or "",
        source=_string(row.get("source")),
        url=_string(row.get("url")),
        published=_string(row.get("published")),
        author=_string(row.get("author")),
        notes=article_notes,
        id=str(row["id"]),
        also_from=_strings(row.get("also_from")),
        record_id=_string(row.get("record_id")),
    )
    result = ArticlePoints(
        points=_strings(row["points"]),
        tokens=TokenCounts(int(row.get("tokens_input") or 0), int(row.get("tokens_summarized") or 0)),
        chunks=int(row.get("chunks") or 1),
        notes=own,
        support=_supports(row.get("support")),
        dropped=_supports(row.get("dropped_points")),
        engine=_engine(row, engines),
    )
    return BriefingItem(article, result)


def _engine(row: Mapping[str, Any], engines: dict[str | None, EngineInfo | None]) -> EngineInfo | None:
    """The row's engine info (parsed once per distinct value: a million rows share a handful)."""
    raw = _string(row.get("engine_info"))
    if raw not in engines:
        if raw is not None:
            engines[raw] = EngineInfo.from_dict(json.loads(raw))
        elif row.get("engine") is not None:
            engines[raw] = EngineInfo(name=str(row["engine"]), model=str(row.get("model") or ""))
        else:
            engines[raw] = None
    return engines[raw]


def _briefing_engine(items: Sequence[BriefingItem]) -> tuple[EngineInfo, str | None]:
    """The engine the briefing names: the one that wrote the most rows (and a note when there were several)."""
    infos = {id(i.result.engine): i.result.engine for i in items if i.result.engine is not None}
    ranked = Counter(id(i.result.engine) for i in items if i.result.engine is not None).most_common()
    if not ranked:
        return NO_ENGINE, None
    if len(ranked) == 1:
        return infos[ranked[0][0]], None
    names = "; ".join(f"{infos[key].name} {infos[key].model} ({n} rows)" for key, n in ranked)
    return infos[
        ranked[0][0]
    ], f"the rows were written by {len(ranked)} engine settings: {names}; the briefing names the first"


def _skipped_note(skipped: Sequence[str]) -> str:
    return _listed(f"{len(skipped)} file(s) that are not batch output (Parquet/JSONL) skipped", skipped)


def _listed(what: str, names: Sequence[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    more = f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
    return f"{what}: {shown}{more}"


def published_day(published: str | None) -> str | None:
    """The UTC date (``YYYY-MM-DD``) of a publication time, or ``None`` when there is none or it cannot be read."""
    when = parse_time(published)
    return when.date().isoformat() if when is not None else None

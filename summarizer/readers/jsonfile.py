"""JSON and JSONL articles (an object, an array, one object per line) and JSON Feed."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from summarizer.readers.base import ReadError, ReadItems, title_from_text
from summarizer.readers.encoding import decode_bytes
from summarizer.readers.feeds import HEADLINE_NOTE, TEASER_MAX_WORDS, TEASER_NOTE
from summarizer.readers.html import html_to_text
from summarizer.readers.sniff import KIND_SUFFIXES, sniff_kind
from summarizer.records import Article, InputError
from summarizer.text.furniture import drop_furniture

LINE_SUFFIXES = (".jsonl", ".ndjson")
TEXT_FIELDS = ("text", "content", "body", "article", "content_text", "content_html", "html", "description", "summary")
TEASER_FIELDS = ("description", "summary")
URL_FIELDS = ("url", "link", "external_url")
ID_FIELDS = ("record_id", "id", "guid")  # record_id first: what `extract` wrote reads back the same
DATE_FIELDS = ("published", "date", "date_published", "published_at", "pubDate", "created_at", "updated")
LIST_FIELDS = ("articles", "items", "entries", "data", "results")


class JsonReader:
    """Reads ``.json``/``.jsonl`` files of article records, and JSON Feed documents."""

    name = "json"
    suffixes = KIND_SUFFIXES["json"]

    def recognizes(self, head: bytes) -> bool:
        """Whether the first bytes look like JSON."""
        return sniff_kind(head) == "json"

    def read(self, data: bytes, input_name: str) -> ReadItems:
        """One article per record; a record without text is a per-record error."""
        decoded = decode_bytes(data)
        text = decoded.text.lstrip("\ufeff")
        if not text.strip():
            raise ReadError("the file is empty")
        if input_name.lower().endswith(LINE_SUFFIXES):
            return _read_lines(text, input_name)
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            if len(text.strip().splitlines()) > 1 and text.lstrip().startswith("{"):
                return _read_lines(text, input_name)
            raise ReadError(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
        except _UNREADABLE as exc:
            if len(text.strip().splitlines()) > 1 and text.lstrip().startswith("{"):
                return _read_lines(text, input_name)
            raise ReadError(f"the JSON cannot be read: {_unreadable(exc)}") from None
        return _read_document(document, input_name)


# Valid JSON that Python refuses: nesting past the recursion limit, integers over 4300 digits.
_UNREADABLE = (RecursionError, ValueError)


def _unreadable(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    return str(exc).split(";")[0][:160]


def json_lines(text: str) -> Iterator[tuple[int, Any, str | None]]:
    """``(line number, value, None)`` for each non-blank JSON line, ``(line number, None, problem)`` for a bad one."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value, problem = json.loads(line), None
        except json.JSONDecodeError as exc:
            value, problem = None, f"not valid JSON ({exc.msg} at column {exc.colno})"
        except _UNREADABLE as exc:
            value, problem = None, f"the JSON cannot be read: {_unreadable(exc)}"
        yield number, value, problem


def _read_lines(text: str, input_name: str) -> ReadItems:
    items: list[Article | InputError] = []
    for number, record, problem in json_lines(text):
        label = f"{input_name} (line {number})"
        if problem is not None:
            items.append(InputError(label, problem))
            continue
        items.append(record_article(record, label, input_name))
    if not items:
        raise ReadError("the file has no JSON lines")
    return items


def _read_document(document: Any, input_name: str) -> ReadItems:
    if isinstance(document, Mapping) and "jsonfeed.org" in str(document.get("version", "")):
        return _read_json_feed(document, input_name)
    records: Any = document
    if isinstance(document, Mapping):
        records = next((document[k] for k in LIST_FIELDS if isinstance(document.get(k), list)), [document])
    if not isinstance(records, list):
        raise ReadError("the JSON holds neither an article object nor a list of them")
    if not records:
        raise ReadError("the JSON list is empty")
    if len(records) == 1:
        return [record_article(records[0], input_name, input_name)]
    return [record_article(r, f"{input_name} (record {i})", input_name) for i, r in enumerate(records, 1)]


def _read_json_feed(feed: Mapping[str, Any], input_name: str) -> ReadItems:
    items = feed.get("items")
    if not isinstance(items, list) or not items:
        raise ReadError("the JSON Feed has no items")
    source = _string(feed.get("title"))
    articles: list[Article | InputError] = []
    for i, item in enumerate(items, 1):
        record = dict(item) if isinstance(item, Mapping) else item
        if isinstance(record, dict) and source and not record.get("source"):
            record["source"] = source
        articles.append(record_article(record, f"{input_name} (item {i})", input_name))
    return articles


def _string(value: Any) -> str | None:
    """A field as text: strings as they are, ``{"name": ...}`` objects and lists of them joined."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("title")
    elif isinstance(value, list):
        value = ", ".join(filter(None, (_string(v) for v in value)))
    text = " ".join(str(value).split()) if value not in (None, "") else ""
    return text or None


def _first(record: Mapping[str, Any], fields: tuple[str, ...]) -> str | None:
    return next((v for v in (_string(record.get(f)) for f in fields) if v), None)


def _record_text(record: Mapping[str, Any]) -> tuple[str, str | None]:
    """The record's article text and the field it came from."""
    for field in TEXT_FIELDS:
        value = record.get(field)
        if isinstance(value, str) and value.strip():
            return (drop_furniture(html_to_text(value)).strip() if "<" in value else value.strip()), field
    return "", None


def record_article(record: Any, label: str, input_name: str) -> Article | InputError:
    """An article from one JSON object, or a per-record error saying what is missing."""
    if not isinstance(record, Mapping):
        return InputError(label, f"expected an article object, found a JSON {type(record).__name__}")
    text, field = _record_text(record)
    title = _string(record.get("title")) or _string(record.get("headline"))
    url = _first(record, URL_FIELDS)
    notes: tuple[str, ...] = ()
    if not text:
        if not (title and url):
            fields = ", ".join(TEXT_FIELDS[:4])
            return InputError(label, f"the record has no article text (expected a field such as {fields})")
        text, notes = title, (HEADLINE_NOTE,)
    elif field in TEASER_FIELDS and len(text.split()) < TEASER_MAX_WORDS:
        notes = (TEASER_NOTE,)
    if not title:
        title = title_from_text(text)
    return Article(
        input=input_name,
        title=title,
        text=text,
        source=_string(record.get("source")) or _string(record.get("site")),
        url=url,
        published=_first(record, DATE_FIELDS),
        author=_string(record.get("author")) or _string(record.get("authors")),
        notes=notes,
        record_id=_record_id(record),
    )


def _record_id(record: Mapping[str, Any]) -> str | None:
    """The record's own ``id`` (or ``guid``, or the ``record_id`` extract wrote) as text: a string or an integer."""
    for field in ID_FIELDS:
        value = record.get(field)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and (text := " ".join(value.split())):
            return text
    return None

"""RSS 0.9x/1.0/2.0 and Atom feeds (feedparser): every entry is an article; JSON Feed lives in jsonfile.py."""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from summarizer.readers.base import HEADLINE_NOTE, TEASER_NOTE, ReadError, ReadItems, title_from_text
from summarizer.readers.encoding import REPLACED_NOTE, repaired_utf8
from summarizer.readers.html import html_to_text
from summarizer.readers.sniff import KIND_SUFFIXES, sniff_kind
from summarizer.records import Article, InputError
from summarizer.text.furniture import drop_furniture

_SAX_MESSAGE = re.compile(r"^<unknown>:(\d+):(\d+): (.*)$")
TEASER_MAX_WORDS = 150
_TEASER_ENDINGS = ("…", "...", "[…]", "[...]", "read more", "continue reading", "more»", "more >>")


class FeedReader:
    """Reads RSS, RDF and Atom feeds from ``.rss``/``.atom``/``.xml`` files or anything that starts like one."""

    name = "feed"
    suffixes = KIND_SUFFIXES["feed"]

    def recognizes(self, head: bytes) -> bool:
        """Whether the first bytes look like a feed."""
        return sniff_kind(head) == "feed"

    def read(self, data: bytes, input_name: str) -> ReadItems:
        """One article per entry; entries without any text become per-entry errors."""
        import io

        import feedparser

        repaired = repaired_utf8(data)
        data = repaired if repaired is not None else data
        base = input_name if input_name.startswith(("http://", "https://")) else ""
        parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": base} if base else None)
        entries = parsed.get("entries") or []
        if not entries:
            if parsed.get("bozo"):
                raise ReadError(f"not a readable feed: {_plain(parsed.get('bozo_exception'))}")
            if not parsed.get("version"):
                raise ReadError("not a feed: no RSS, RDF or Atom document found in it")
            raise ReadError("the feed has no entries")
        feed = parsed.get("feed") or {}
        source = _text(feed.get("title_detail"), feed.get("title")) or _host(feed.get("link")) or None
        items = [entry_article(entry, i, input_name, source) for i, entry in enumerate(entries, 1)]
        return items if repaired is None else [_note_replaced(item) for item in items]


def _note_replaced(item: Article | InputError) -> Article | InputError:
    """The entry with a note when its text or title holds a character replaced by the UTF-8 repair."""
    if isinstance(item, InputError) or "\ufffd" not in item.title + item.text:
        return item
    return dataclasses.replace(item, notes=(*item.notes, REPLACED_NOTE))


def _plain(exc: Any) -> str:
    match = _SAX_MESSAGE.match(str(exc or ""))
    if match:
        return f"the XML is broken at line {match[1]}, column {match[2]} ({match[3]})"
    return str(exc) if exc else "the XML is broken"


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


def _text(detail: Mapping[str, Any] | None, fallback: str | None = None) -> str:
    """Plain text of a feed field, converting HTML when the feed says the field is HTML."""
    value = (detail or {}).get("value", fallback) or ""
    kind = (detail or {}).get("type", "")
    if "html" in kind or "<" in value:
        return html_to_text(value)
    return " ".join(value.split())


def _date(entry: Mapping[str, Any]) -> str | None:
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if parsed and 1 <= parsed[0] <= 9999:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
        if entry.get(key):
            return str(entry[key])
    return None


def _body(entry: Mapping[str, Any]) -> tuple[str, bool]:
    """The entry's text without furniture ("Read full article >>", share links) and whether it is only a
    teaser (no full content, a short or clipped summary)."""
    contents = [_text(c) for c in entry.get("content") or []]
    full = max(contents, key=len, default="")
    if full:
        return drop_furniture(full).strip(), False
    summary = _text(entry.get("summary_detail"), entry.get("summary"))
    clipped = summary.lower().rstrip().endswith(_TEASER_ENDINGS)
    teaser = bool(summary) and (clipped or len(summary.split()) < TEASER_MAX_WORDS)
    return drop_furniture(summary).strip(), teaser


def entry_article(entry: Mapping[str, Any], index: int, input_name: str, source: str | None) -> Article | InputError:
    """An article for one feed entry, or a per-entry error when it has nothing to read."""
    title = _text(entry.get("title_detail"), entry.get("title"))
    text, teaser = _body(entry)
    link = entry.get("link") or None
    notes: list[str] = []
    if not text:
        if not (title and link):
            label = f"{input_name} (entry {index}{': ' + repr(title) if title else ''})"
            return InputError(label, "the entry has no text and no link to read it from")
        text = title
        notes.append(HEADLINE_NOTE)
    elif teaser:
        notes.append(TEASER_NOTE)
    if not title:
        title = title_from_text(text)
    return Article(
        input=input_name,
        title=title,
        text=text,
        source=source,
        url=link,
        published=_date(entry),
        author=entry.get("author") or None,
        notes=tuple(notes),
    )

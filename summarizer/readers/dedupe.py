"""Duplicates: the same URL or the same text arriving twice appears once, with every input that carried it."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from summarizer.records import Article

_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid)$", re.IGNORECASE)
_WORDS = re.compile(r"\w+")


def url_key(url: str | None) -> str | None:
    """A URL normalized for comparison: no fragment, tracking parameters or trailing slash; host lower-cased."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.netloc:
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING_PARAMS.match(k)])
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("", host, parts.path.rstrip("/") or "/", query, ""))


def text_key(text: str) -> str:
    """A fingerprint of an article's words, blind to case, punctuation and spacing."""
    words = " ".join(_WORDS.findall(text.casefold()))
    return hashlib.sha1(words.encode()).hexdigest()


def _merge(kept: Article, other: Article) -> Article:
    """One article standing for both: the fuller text wins, every input is listed."""
    winner, loser = (other, kept) if len(other.text) > len(kept.text) else (kept, other)
    inputs = [loser.input, *kept.also_from, *other.also_from]
    also = tuple(dict.fromkeys(i for i in inputs if i != winner.input))
    notes = winner.notes
    if loser.record_id is not None and loser.record_id != winner.record_id:  # its id would vanish: name it
        notes = (*notes, f"duplicate: record {loser.record_id!r} has the same article; kept once")
    elif loser.input == winner.input and not any(n.startswith("duplicate") for n in notes):
        notes = (*notes, "duplicate: the same article appeared more than once in this input; kept once")
    return dataclasses.replace(winner, also_from=also, notes=notes)


def merge_duplicates(articles: list[Article]) -> list[Article]:
    """Articles with duplicates merged, in first-seen order."""
    merged: list[Article] = []
    index_of: dict[str, int] = {}
    for article in articles:
        keys = [k for k in (url_key(article.url), "text:" + text_key(article.text)) if k]
        position = next((index_of[k] for k in keys if k in index_of), None)
        if position is None:
            position = len(merged)
            merged.append(article)
        else:
            merged[position] = _merge(merged[position], article)
            keys += [k for k in (url_key(merged[position].url),) if k]
        for key in keys:
            index_of.setdefault(key, position)
    return merged

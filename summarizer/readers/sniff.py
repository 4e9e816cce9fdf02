"""Recognize what a document is: from its file suffix, or from its first bytes whatever its file name says."""

from __future__ import annotations

import re

# Each kind's reader module is imported only when a document of that kind is read (``readers.reader_named``).
KIND_SUFFIXES = {
    "feed": frozenset({".rss", ".atom", ".rdf", ".xml", ".feed"}),
    "json": frozenset({".json", ".jsonl", ".ndjson"}),
    "html": frozenset({".html", ".htm", ".xhtml", ".shtml"}),
    "pdf": frozenset({".pdf"}),
    "docx": frozenset({".docx"}),
    "text": frozenset({".txt", ".text", ".md", ".markdown", ""}),
}
URL_PREFIXES = ("http://", "https://")

_FIRST_TAG = re.compile(rb"<(rss|feed|rdf:rdf|html|!doctype\s+html|head|body)\b", re.IGNORECASE)
_KINDS = {b"rss": "feed", b"feed": "feed", b"rdf:rdf": "feed"}


def sniff_kind(head: bytes) -> str | None:
    """``"feed"``, ``"html"``, ``"json"``, ``"pdf"`` or ``"docx"`` from a document's first bytes; ``None`` if unsure."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in head:
        return "docx"
    sample = head[:8192].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    if sample[:1] in (b"{", b"["):
        return "json"
    match = _FIRST_TAG.search(sample)
    if match is None:
        return None
    return _KINDS.get(match.group(1).lower(), "html")


def is_url(name: str) -> bool:
    """Whether an input names a web address rather than a file."""
    return name.lower().startswith(URL_PREFIXES)


def kind_from_suffix(suffix: str) -> str | None:
    """The document kind a (lower-case) file suffix names, if any."""
    return next((kind for kind, suffixes in KIND_SUFFIXES.items() if suffix in suffixes), None)


def kind_from_content_type(content_type: str | None) -> str | None:
    """The document kind an HTTP ``Content-Type`` announces."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media in ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"):
        return "feed"
    if media in ("text/html", "application/xhtml+xml"):
        return "html"
    if media in ("application/pdf", "application/x-pdf"):
        return "pdf"
    if media == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        return "docx"
    if media in ("application/json", "application/x-ndjson"):
        return "json"
    if media.startswith("text/"):
        return "text"
    return None

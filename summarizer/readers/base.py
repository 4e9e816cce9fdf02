"""What a reader is, and the errors it raises."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, Protocol

from summarizer.records import Article, InputError
from summarizer.text.furniture import is_furniture_line
from summarizer.text.headlines import MAX_HEADLINE_CHARS, headline_from_text, headline_problem, looks_cut

ReadItems = Sequence["Article | InputError"]
"""What a reader returns: articles, and per-item errors (a feed entry or JSON record) in input order."""


MAX_TITLE_CHARS = MAX_HEADLINE_CHARS
# The notes on an article that a feed (or a JSON record) gave only in part; --fetch reads the linked page instead.
TEASER_NOTE = "teaser only: the feed gives a summary, not the full article (use --fetch to read the linked page)"
HEADLINE_NOTE = "headline only: the feed gives no text for this entry (use --fetch to read the linked page)"


def title_from_text(text: str) -> str:
    """A title for an article that has none: its first real sentence (furniture skipped), shortened with " …"."""
    return headline_from_text(text)


def title_and_body(text: str, title: str | None = None) -> tuple[str, str]:
    """A title and the text under it for a document: ``title`` (its metadata) when given, else its first line when
    that reads as a heading (short, no closing full stop, not cut mid-sentence, not furniture, and the next line
    does not go on with it), else a headline from its text; a first line that repeats the title is not kept."""
    text = text.strip()
    first, _, rest = text.partition("\n")
    first, rest = first.strip(), rest.strip()
    if title:
        return title, rest if rest and first.casefold() == title.casefold() else text
    if rest and _is_heading(first, rest):
        return first, rest
    return title_from_text(text), text


def _is_heading(first: str, rest: str) -> bool:
    if not first or len(first) > MAX_TITLE_CHARS or first.endswith((".", "!", "?", ":", ";", ",")):
        return False
    if rest[:1].islower() or looks_cut(first):  # a hard-wrapped first line goes on in the next one
        return False
    return headline_problem(first) is None and not is_furniture_line(first)


def describe_size(n_bytes: int) -> str:
    """A byte count in plain words: ``"512 bytes"``, ``"12.5 MB"``."""
    return f"{n_bytes} bytes" if n_bytes < 100_000 else f"{n_bytes / 1e6:.1f} MB"


_TEXT_FIELDS = ("title", "text", "source", "url", "published", "author", "record_id")


def sanitized(item: Article | InputError) -> Article | InputError:
    """``item`` without control characters or escape sequences in any field, names safe to encode as UTF-8.

    Titles and text reach terminals and files; ``ESC[2J`` or an OSC 8 link in a feed must arrive as plain text.
    """
    from summarizer.terminal import printable_name, strip_controls

    if isinstance(item, InputError):
        return InputError(printable_name(item.input), strip_controls(item.error))
    changes: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        value = getattr(item, name)
        if isinstance(value, str) and (clean := strip_controls(value)) != value:
            changes[name] = clean
    if (notes := tuple(strip_controls(n) for n in item.notes)) != item.notes:
        changes["notes"] = notes
    if (input_name := printable_name(item.input)) != item.input:
        changes["input"] = input_name
    return dataclasses.replace(item, **changes, id="") if changes else item


class ReadError(Exception):
    """An input could not be read; the message is the reason in plain words."""


class Reader(Protocol):
    """Turns the bytes of one input into articles. New input formats are new modules implementing this."""

    name: str
    suffixes: frozenset[str]
    """File suffixes this reader handles (lower case, with the dot)."""

    def recognizes(self, head: bytes) -> bool:
        """Whether the first bytes of a document whose suffix says nothing are this reader's format."""
        ...

    def read(self, data: bytes, input_name: str) -> ReadItems:
        """The articles in ``data``; raise :class:`ReadError` with a plain reason when there are none."""
        ...


class StrictError(Exception):
    """``--strict`` is on and an input failed: the run stops and nothing is written."""

    def __init__(self, error: InputError):
        super().__init__(f"{error.input}: {error.error}")
        self.error = error

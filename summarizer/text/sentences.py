"""Sentence splitting that needs no download (pysbd, rule based)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[A-Z0-9\"'“‘(])")
MAX_SEGMENT_CHARS = 3000


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence and where it sits in the text (``text[start:end]``, trailing space included)."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentence_spans(text: str, limit: int | None = None) -> list[SentenceSpan]:
    """Split ``text`` into sentences covering it end to end; paragraph breaks always end a sentence.

    With ``limit``, splitting stops after the paragraph that reaches it: the spans then cover only the text's start.
    """
    spans: list[SentenceSpan] = []
    offset = 0
    for para_end in _segment_ends(text):
        if limit is not None and len(spans) >= limit:
            break
        paragraph = text[offset:para_end]
        if paragraph.strip():
            spans.extend(_paragraph_spans(paragraph, offset))
        elif spans:
            last = spans[-1]
            spans[-1] = SentenceSpan(text[last.start : para_end], last.start, para_end)
        offset = para_end
    if spans and spans[0].start > 0:
        first = spans[0]
        spans[0] = SentenceSpan(text[: first.end], 0, first.end)
    return spans


def _segment_ends(text: str) -> Iterator[int]:
    """Where each paragraph ends; a paragraph over :data:`MAX_SEGMENT_CHARS` also ends at a sentence boundary
    every so often, because pysbd's time grows with the square of the text it is given."""
    start = 0
    for end in [*(m.end() for m in _PARAGRAPH_BREAK.finditer(text)), len(text)]:
        while end - start > MAX_SEGMENT_CHARS:
            start = _window_cut(text, start)
            yield start
        yield end
        start = end


def _window_cut(text: str, start: int) -> int:
    """The last likely sentence boundary in the window after ``start`` (else a space, else the window's end)."""
    window = text[start : start + MAX_SEGMENT_CHARS]
    last = None
    for last in _BOUNDARY.finditer(window):  # noqa: B007 - only the last match is wanted
        pass
    if last is not None and last.end() > MAX_SEGMENT_CHARS // 4:
        return start + last.end()
    space = window.rfind(" ", MAX_SEGMENT_CHARS // 4)
    return start + (space + 1 if space != -1 else MAX_SEGMENT_CHARS)


def _paragraph_spans(paragraph: str, offset: int) -> list[SentenceSpan]:
    pieces = _segmenter().segment(paragraph)
    spans: list[SentenceSpan] = []
    cursor = 0
    for piece in pieces:
        # pysbd's spans can skip characters; make the spans contiguous so no text is ever lost.
        end = max(piece.end, cursor)
        if end <= cursor:
            continue
        spans.append(SentenceSpan(paragraph[cursor:end], offset + cursor, offset + end))
        cursor = end
    if cursor < len(paragraph):
        if spans and not paragraph[cursor:].strip():
            last = spans[-1]
            spans[-1] = SentenceSpan(last.text + paragraph[cursor:], last.start, offset + len(paragraph))
        else:
            spans.append(SentenceSpan(paragraph[cursor:], offset + cursor, offset + len(paragraph)))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped, without empty ones."""
    return [s.text.strip() for s in sentence_spans(text) if s.text.strip()]


MAX_SENTENCES = 2000


def capped_sentences(text: str, limit: int = MAX_SENTENCES) -> tuple[list[str], str | None]:
    """At most ``limit`` sentences of ``text`` and, when there were more, a note saying how much was left out.

    Engines compare every sentence with every other; 40,000 one-line paragraphs made a 40k x 40k matrix.
    Splitting stops at the cap, so the rest of a huge text costs nothing.
    """
    spans = sentence_spans(text, limit + 1)
    sentences = [s.text.strip() for s in spans[:limit] if s.text.strip()]
    if len(spans) <= limit:
        return sentences, None
    left = len(text) - spans[limit].start
    return sentences, f"only the first {limit} sentences were considered; the last {left:,} characters were skipped"

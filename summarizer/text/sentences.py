"""Sentence splitting that needs no download (pysbd, rule based)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


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


def sentence_spans(text: str) -> list[SentenceSpan]:
    """Split ``text`` into sentences covering it end to end; paragraph breaks always end a sentence."""
    spans: list[SentenceSpan] = []
    offset = 0
    for para_match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        para_end = para_match.end() if para_match else len(text)
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

"""Sentence splitting: rule based (``text/boundaries.py``), in linear time, no download."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.text.boundaries import sentence_ends

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence and where it sits in the text (``text[start:end]``, trailing space included)."""

    text: str
    start: int
    end: int


def sentence_spans(text: str, limit: int | None = None) -> list[SentenceSpan]:
    """Split ``text`` into sentences covering it end to end; paragraph breaks always end a sentence.

    With ``limit``, splitting stops once ``limit`` sentences are found: the spans then cover only the text's start.
    """
    spans: list[SentenceSpan] = []
    offset = 0
    for para_end in [*(m.end() for m in _PARAGRAPH_BREAK.finditer(text)), len(text)]:
        if limit is not None and len(spans) >= limit:
            break
        paragraph = text[offset:para_end]
        if paragraph.strip():
            start = offset
            for end in sentence_ends(paragraph):
                spans.append(SentenceSpan(text[start : offset + end], start, offset + end))
                start = offset + end
        elif spans:  # white space alone joins the sentence before it
            last = spans[-1]
            spans[-1] = SentenceSpan(text[last.start : para_end], last.start, para_end)
        offset = para_end
    if spans and spans[0].start > 0:
        first = spans[0]
        spans[0] = SentenceSpan(text[: first.end], 0, first.end)
    return spans if limit is None else spans[:limit]


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

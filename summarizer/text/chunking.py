"""Split a long article at sentence boundaries into chunks that fit a model's input limit.

Every token of the article lands in exactly one chunk, so the token counts add up: nothing is dropped.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.text.sentences import SentenceSpan


@dataclass(frozen=True)
class Chunk:
    """A slice of the article text (``text[start:end]``) holding ``tokens`` tokens."""

    text: str
    start: int
    end: int
    tokens: int


def _sentence_token_counts(offsets: Sequence[tuple[int, int]], sentences: Sequence[SentenceSpan]) -> list[int]:
    starts = [s.start for s in sentences]
    counts = [0] * len(sentences)
    for token_start, _ in offsets:
        index = max(bisect_right(starts, token_start) - 1, 0)
        counts[index] += 1
    return counts


def _token_starts(offsets: Sequence[tuple[int, int]], sentence: SentenceSpan) -> list[int]:
    return [start for start, _ in offsets if sentence.start <= start < sentence.end]


def chunk_text(
    text: str,
    offsets: Sequence[tuple[int, int]],
    sentences: Sequence[SentenceSpan],
    budget: int,
) -> list[Chunk]:
    """Pack whole sentences into chunks of at most ``budget`` tokens; split only sentences that alone exceed it.

    ``offsets`` are the character offsets of the article's tokens (special tokens excluded), as a fast
    tokenizer reports them; ``sentences`` cover the text end to end.
    """
    if budget < 1:
        raise ValueError(f"chunk budget must be at least 1 token, got {budget}")
    if not sentences:
        return []
    counts = _sentence_token_counts(offsets, sentences)
    pieces: list[tuple[int, int, int]] = []  # (start, end, tokens) units that are never split further
    for sentence, count in zip(sentences, counts, strict=True):
        if count <= budget:
            pieces.append((sentence.start, sentence.end, count))
            continue
        starts = _token_starts(offsets, sentence)
        for i in range(0, len(starts), budget):
            piece_start = sentence.start if i == 0 else starts[i]
            piece_end = starts[i + budget] if i + budget < len(starts) else sentence.end
            pieces.append((piece_start, piece_end, min(budget, len(starts) - i)))

    chunks: list[Chunk] = []
    cur_start, cur_end, cur_tokens = pieces[0]
    for start, end, tokens in pieces[1:]:
        if cur_tokens + tokens <= budget:
            cur_end, cur_tokens = end, cur_tokens + tokens
        else:
            chunks.append(Chunk(text[cur_start:cur_end], cur_start, cur_end, cur_tokens))
            cur_start, cur_end, cur_tokens = start, end, tokens
    chunks.append(Chunk(text[cur_start:cur_end], cur_start, cur_end, cur_tokens))
    return chunks

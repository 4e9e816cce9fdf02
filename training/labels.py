"""Training labels for the extractive scorer: which sentences of an article its highlights draw on.

The usual extractive oracle (as in SummaRuNNer and BertSum): greedily add the sentence that most raises ROUGE-1 +
ROUGE-2 F1 of the selection against the highlights, until none does or ``ORACLE_SENTENCES`` are chosen. Tokens are
the ones ``briefing eval`` scores (case and PTB tokenization normalised, Porter-stemmed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from summarizer.evaluate import normalise

ORACLE_SENTENCES = 3
LABELS_VERSION = "greedy-r1r2-f1-v1"  # part of the label cache's key: change it when the labels' code changes


def rouge_tokens(text: str) -> list[str]:
    """Tokens as ROUGE sees them (normalised, stemmed), from the tokenizer ``briefing eval`` scores with."""
    from nltk.stem import porter
    from rouge_score import tokenize

    return list(tokenize.tokenize(normalise(text), _stemmer(porter)))


_STEMMER: list[Any] = []


def _stemmer(porter: Any) -> Any:
    if not _STEMMER:
        _STEMMER.append(porter.PorterStemmer())
    return _STEMMER[0]


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """The n-gram counts of a token list."""
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def f1(candidate: Counter[tuple[str, ...]], reference: Counter[tuple[str, ...]]) -> float:
    """ROUGE-N F1 from n-gram counts."""
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(candidate.values()), overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def greedy_oracle(
    sentences: Sequence[Sequence[str]], reference: Sequence[str], eligible: Sequence[bool], limit: int
) -> list[int]:
    """The usual extractive oracle: add the sentence that most raises ROUGE-1 + ROUGE-2 F1, until none does."""
    ref1, ref2 = ngrams(reference, 1), ngrams(reference, 2)
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < limit:
        scores = {}
        for i, ok in enumerate(eligible):
            if ok and i not in chosen:
                tokens = [t for j in sorted([*chosen, i]) for t in sentences[j]]
                scores[i] = f1(ngrams(tokens, 1), ref1) + f1(ngrams(tokens, 2), ref2)
        if not scores:
            break
        pick = max(scores, key=lambda i: (scores[i], -i))
        if scores[pick] <= best:
            break
        chosen.append(pick)
        best = scores[pick]
    return sorted(chosen)


def oracle_labels(
    texts: Sequence[str], reference: Sequence[str], eligible: Sequence[bool], limit: int = ORACLE_SENTENCES
) -> Any:
    """1.0 for the sentences of the greedy oracle against the reference lines, 0.0 for the others."""
    tokens = [rouge_tokens(t) for t in texts]
    target = [t for line in reference for t in rouge_tokens(line)]
    labels = np.zeros(len(texts))
    labels[greedy_oracle(tokens, target, eligible, limit)] = 1.0
    return labels

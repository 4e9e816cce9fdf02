"""Turn generated text into clean, distinct key points."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from summarizer.text.sentences import split_sentences

_SPACE_BEFORE_PUNCT = re.compile(r"(?<!\s)\s++([.,;:!?%)\]}])")  # from a run's start only: linear
_SPACE_AFTER_OPEN = re.compile(r"([(\[{])\s+")
_MODEL_MARKERS = re.compile(r"<n>|<pad>|</s>|<s>|<unk>")
_MULTI_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")
_TERMINAL = (".", "!", "?", '"', "'", "\u201d", "\u2019", ")")
MIN_POINT_WORDS = 3
NEAR_DUPLICATE = 0.8
STOPWORDS = frozenset(
    "a an the and or but of to in on at for from by with as is are was were be been has have had it its this that"
    " these those he she they we you i his her their our said says will would could should not no than then there"
    " which who whom what when where while after before over about into also".split()
)


def clean_text(text: str) -> str:
    """Normalise spacing and drop special-token leftovers in generated text."""
    text = _MODEL_MARKERS.sub(" ", text)
    text = _MULTI_SPACE.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = text.replace(" n't", "n't").replace(" 's ", "'s ")
    return text


def _is_fragment(sentence: str) -> bool:
    return not sentence.endswith(_TERMINAL)


def points_from_summary(summary: str, *, cut_at_max_length: bool) -> list[str]:
    """Split one generated summary into cleaned sentences.

    The last sentence is dropped when generation stopped at the length limit and the sentence is unfinished.
    """
    sentences = [clean_text(s) for s in split_sentences(clean_text(summary))]
    sentences = [s for s in sentences if s]
    if cut_at_max_length and len(sentences) > 1 and _is_fragment(sentences[-1]):
        sentences.pop()
    points = [s for s in sentences if len(_WORD.findall(s.lower())) >= MIN_POINT_WORDS]
    return [p[0].upper() + p[1:] if p[0].islower() else p for p in points]


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - STOPWORDS


def similarity(a: str, b: str) -> float:
    """Content-word containment: 1.0 when one point's content words are all in the other."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def dedupe(points: Iterable[str], threshold: float = NEAR_DUPLICATE) -> list[str]:
    """Keep the first of every group of near-duplicate points (and the longer wording of the two)."""
    kept: list[str] = []
    for point in points:
        for i, existing in enumerate(kept):
            if similarity(point, existing) >= threshold:
                if len(_words(point)) > len(_words(existing)):
                    kept[i] = point
                break
        else:
            kept.append(point)
    return kept


def select_points(candidates: Sequence[str], max_points: int) -> tuple[list[str], int]:
    """Dedupe and cap the points; also return how many distinct points the cap left out."""
    distinct = dedupe(candidates)
    return distinct[:max_points], max(len(distinct) - max_points, 0)

"""Faithfulness checks for every engine's key points: the source sentences behind each point, and the
numbers, quotes and names a point states that its article never says (the classic abstractive failure)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.records import Article, ArticlePoints, BriefingItem, EngineInfo, PointSupport
from summarizer.text.facts import common_words as _common_words

MAX_SOURCES = 2
SOURCE_MARGIN = 0.05  # a second source sentence counts when within this cosine of the best one
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


# Double quotes, or single quotes that open before a word (not "Prince 's", "rock 'n' roll").
_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,}?)[\"“”]|(?<!\w)['‘](?!(?:s|t|re|ve|ll|d|m|n)\b)(\w[^'‘’]{2,}?)['’](?!\w)")
_WORD = re.compile(r"[\w'’-]+")
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "hundred": "100",
    "dozen": "12",
}


# Words that start sentences capitalised without being names; a point starting with one is not flagged for it.
_SENTENCE_STARTERS = frozenset(
    "a an the he she it they we i you his her its their our this that these those there here but and or so yet "
    "if when while after before as at in on by for from with without to of about over under since until "
    "according also however meanwhile now then today yesterday tomorrow some many more most all both each "
    "one no not only other others another such what which who whose how why where".split()
)
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)


def _is_sentence_opener(word: str) -> bool:
    """A capitalised first word that is most likely just a word, not a name ("Rural", "However", but not "Tuesday")."""
    lower = word.lower()
    return lower in _SENTENCE_STARTERS or (lower in _common_words() and lower not in _CALENDAR)


def _words(text: str) -> list[str]:
    words = (w.strip("'-") for w in _WORD.findall(text.lower().replace("’", "'")))
    return [w for w in words if w]


def _normalise(text: str) -> str:
    return " ".join(_words(text))


def _numbers(text: str) -> dict[str, str]:
    """Each number in ``text`` (digits without separators; number words as digits) and how it was written."""
    found = {w: _NUMBER_WORDS[w] for w in _words(text) if w in _NUMBER_WORDS}
    found.update({m.group(0): m.group(0).replace(",", "") for m in _NUMBER.finditer(text)})
    return {value: written for written, value in found.items()}


def _stem(word: str) -> str:
    word = word[:-2] if word.endswith("'s") else word
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _name_runs(point: str) -> list[str]:
    """Runs of capitalised words (names, places, months...) in a point; an opening common word is left out."""
    runs: list[str] = []
    run: list[str] = []
    for index, token in enumerate([*point.split(), ""]):
        word = token.strip("\"“”‘'(),;:!?.")
        if word[:1].isupper() and not (index == 0 and _is_sentence_opener(word)):
            run.append(word)
        elif run:
            runs.append(" ".join(run))
            run = []
    return runs


@dataclass(frozen=True)
class ArticleTerms:
    """What an article says, indexed once for all its points: numbers, normalised text, word stems."""

    numbers: frozenset[str]
    normalised: str
    stems: frozenset[str]

    @classmethod
    def of(cls, article_text: str) -> ArticleTerms:
        """The index of ``article_text``."""
        return cls(
            frozenset(_numbers(article_text)),
            f" {_normalise(article_text)} ",
            frozenset(_stem(w) for w in _words(article_text)),
        )

    def unsupported(self, point: str) -> list[str]:
        """The numbers, quoted phrases and capitalised names in ``point`` that appear nowhere in the article."""
        missing = [written for value, written in _numbers(point).items() if value not in self.numbers]
        missing.sort(key=point.find)
        for match in _QUOTED.finditer(point):
            quote = match.group(1) or match.group(2)
            if f" {_normalise(quote)} " not in self.normalised:
                missing.append(f"“{quote.strip()}”")
        for run in _name_runs(point):
            words = [w for w in run.split() if not _NUMBER.fullmatch(w) and w.lower() not in _SENTENCE_STARTERS]
            if any(_stem(part) not in self.stems for w in words for part in _words(w)):
                missing.append(" ".join(words))
        return list(dict.fromkeys(missing))


def unsupported_terms(point: str, article_text: str) -> list[str]:
    """The numbers, quoted phrases and capitalised names in ``point`` that appear nowhere in the article."""
    return ArticleTerms.of(article_text).unsupported(point)


def _similarity_rows(
    points: Sequence[str], sentences: Sequence[str], precision: str = "float32"
) -> tuple[Any, str | None]:
    """Point × sentence similarity: sentence embeddings, or word overlap when those cannot load."""
    from summarizer.embeddings import EmbeddingsUnavailable, cosine_matrix, embed_sentences

    try:
        return cosine_matrix(embed_sentences(points, precision), embed_sentences(sentences, precision)), None
    except EmbeddingsUnavailable as exc:
        from summarizer.text.keypoints import similarity

        note = f"source sentences matched by word overlap, not embeddings ({exc})"
        return [[similarity(p, s) for s in sentences] for p in points], note


def _best_sentences(scores: Sequence[float], sentences: Sequence[str]) -> tuple[str, ...]:
    if not sentences:
        return ()
    order = sorted(range(len(sentences)), key=lambda i: -scores[i])
    best = scores[order[0]]
    return tuple(sentences[i] for i in order[:MAX_SOURCES] if scores[i] >= best - SOURCE_MARGIN)


def comparable_sentences(point: str, sentences: Sequence[str]) -> list[int]:
    """The sentences that may stand behind ``point``: all of them, unless the point quotes one verbatim.

    A quoted sentence is its own best source (cosine 1), and a second source must come within ``SOURCE_MARGIN`` of
    it: a near-copy, which shares at least half of its words. Only those are compared, so the check embeds no more
    than the extractive engine did (it embeds only its shortlist)."""
    if point not in sentences:
        return list(range(len(sentences)))
    words = {w.lower() for w in _WORD.findall(point)}
    return [
        i
        for i, sentence in enumerate(sentences)
        if sentence == point or 2 * len(words & {w.lower() for w in _WORD.findall(sentence)}) >= len(words)
    ]


def supporting_sentences(
    points: Sequence[Sequence[str]], sentences: Sequence[Sequence[str]], precision: str = "float32"
) -> tuple[list[list[tuple[str, ...]]], str | None]:
    """For each article's points, the sentence(s) of that article closest in meaning; one embedding call for all."""
    compared = [[comparable_sentences(p, own) for p in group] for group, own in zip(points, sentences, strict=True)]
    needed = [sorted({i for indices in group for i in indices}) for group in compared]
    flat_points = [p for group in points for p in group]
    flat_sentences = [own[i] for own, indices in zip(sentences, needed, strict=True) for i in indices]
    if not flat_points or not flat_sentences:
        return [[() for _ in group] for group in points], None
    matrix, note = _similarity_rows(flat_points, flat_sentences, precision)
    found: list[list[tuple[str, ...]]] = []
    row = column = 0
    for group, own, indices, each in zip(points, sentences, needed, compared, strict=True):
        place = {index: column + k for k, index in enumerate(indices)}
        found.append(
            [
                _best_sentences([float(matrix[row + n][place[i]]) for i in each[n]], [own[i] for i in each[n]])
                for n in range(len(group))
            ]
        )
        row, column = row + len(group), column + len(indices)
    return found, note


def check_points(
    articles: Sequence[Article], points: Sequence[Sequence[str]], precision: str = "float32"
) -> tuple[list[list[PointSupport]], str | None]:
    """Support and unsupported terms for each point of each article (embedded in the engine's ``precision``)."""
    from summarizer.text.cleanup import clean_article, source_sentences

    # The engines' own split of the cleaned article (same cap): the extractive engine embedded its shortlist of it.
    sentences = [source_sentences(a.text) for a in articles]
    # Boilerplate removal can unglue words ("...on this deviceSadio Mane scored"): check against both texts.
    texts = [f"{a.text}\n{clean_article(a.text)}" for a in articles]
    sources, note = supporting_sentences(points, sentences, precision)
    supports = []
    for text, group, own in zip(texts, points, sources, strict=True):
        terms = ArticleTerms.of(text)
        supports.append(
            [PointSupport(p, found, tuple(terms.unsupported(p))) for p, found in zip(group, own, strict=True)]
        )
    return supports, note


def _checked(
    result: ArticlePoints, supports: list[PointSupport], note: str | None, info: EngineInfo, drop_unsupported: bool
) -> ArticlePoints:
    flagged = [s for s in supports if s.unsupported]
    kept = [s for s in supports if not (drop_unsupported and s.unsupported)]
    notes = list(result.notes)
    if note:
        notes.append(note)
    if flagged and drop_unsupported:
        notes.append(f"{len(flagged)} point(s) dropped: they state what the article does not say (--drop-unsupported)")
    elif flagged:
        notes.append(f"{len(flagged)} point(s) marked ⚠: they state what the article does not say")
    return dataclasses.replace(
        result,
        points=tuple(s.point for s in kept),
        notes=tuple(notes),
        support=tuple(kept),
        dropped=tuple(flagged) if drop_unsupported else (),
        engine=info,
    )


def check_items(
    items: Sequence[BriefingItem], info: EngineInfo, *, drop_unsupported: bool = False
) -> list[BriefingItem]:
    """Every item with its points' support and flags (flagged points dropped when asked) and its engine."""
    # The extractive engine's int8 option: the check reuses those vectors rather than embedding again in float32.
    precision = str(info.settings.get("embedding_precision", "float32"))
    supports, note = check_points([i.article for i in items], [i.result.points for i in items], precision)
    return [
        dataclasses.replace(item, result=_checked(item.result, found, note, info, drop_unsupported))
        for item, found in zip(items, supports, strict=True)
    ]

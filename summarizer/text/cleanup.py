"""News page furniture out: bylines, timestamps, datelines, share bars, captions, hard line wraps."""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.text.sentences import capped_sentences

_WORD = re.compile(r"\w+")


# Text-level boilerplate: removed before the article is split into sentences.
_TEXT_BOILERPLATE = [
    re.compile(r"^\s*By \.\s+[^.]{1,80}?\s+\.\s+"),  # Daily Mail byline "By . Name . "
    re.compile(r"(?:PUBLISHED|UPDATED):\s*\.\s*[^|]{0,60}?\d{4}\s*\.\s*(?:\|\s*\.\s*)?"),
    re.compile(r"Last updated at [^.]{0,60}?\d{4}\s*\.\s*"),
    re.compile(r"^\s*[^.()]{0,80}\(CNN\)\s*(?:--|—|–)?\s*"),  # "Beirut, Lebanon (CNN) -- "
    re.compile(r"Share this with\S{0,120}?Copy this link"),  # BBC share bar
    re.compile(r"Media playback is (?:not supported|unsupported) on (?:this|your) device"),
    re.compile(r"(?:VIDEO\s*)?Scroll down for (?:video|more)\s*\.?\s*", re.IGNORECASE),
]


# Daily Mail line wraps come out as " . " in the middle of a sentence ("a casual . navy shirt").
# Matches only from the start of a whitespace run, possessively: from every position of a long run it was quadratic.
_LINE_WRAP = re.compile(r"(?<!\s)\s++\.\s+(?=[a-z])")


# A hard-wrapped line (text files) ends without sentence punctuation and goes on in the next line.
_HARD_WRAP = re.compile(r"([^\s.!?:\"'”’])[ \t]*\n(?![ \t]*\n)(?=[ \t]*\S)")
_BOILERPLATE_SENTENCE = re.compile(
    r"^(?:click here|read more|see more|scroll down|sorry we are|follow (?:us|@|\w+ on)|share this|sign up|"
    r"subscribe|image (?:copyright|caption)|watch:|video:|photos?:|read:|related:|copyright|all rights reserved)"
    r"|e-?mail to a friend|all rights reserved",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"\((?:[^()]{0,30}\b)?(?:pictured|left|right|centre|center|above|below|inset|top|bottom|file photo)\b[^()]{0,30}\)"
    r"|^pictured\b|^\S+(?:\s\S+){0,2}:\s",  # "(pictured)", "(left)", "Retread: David Cameron ..."
    re.IGNORECASE,
)


def unwrap_lines(text: str) -> str:
    """Join hard-wrapped lines (a line break inside a sentence) so sentences come out whole."""
    return _HARD_WRAP.sub(r"\1 ", text)


def clean_article(text: str) -> str:
    """The article without news boilerplate: bylines, timestamps, datelines, share bars, line-wrap dots."""
    for pattern in _TEXT_BOILERPLATE:
        text = pattern.sub(" ", text)
    return _LINE_WRAP.sub(" ", unwrap_lines(text)).strip()


def is_boilerplate(sentence: str) -> bool:
    """Whether a sentence is page furniture ("Click here", "Sorry we are not accepting comments"...)."""
    return bool(_BOILERPLATE_SENTENCE.search(sentence.strip()))


def is_caption(sentence: str) -> bool:
    """Whether a sentence reads like a photo caption ("Smith (left) arrives...", "Pictured: ...")."""
    return bool(_CAPTION.search(sentence.strip()))


def word_count(sentence: str) -> int:
    """Words in a sentence."""
    return len(_WORD.findall(sentence))


ARTICLE_MEMO = 128  # articles whose split is remembered, so the engine and the check split each once (a bigger
# build splits again for the check, ~1 ms an article; the key is the whole text, so few are kept)


@lru_cache(maxsize=ARTICLE_MEMO)
def article_sentences(text: str) -> tuple[tuple[str, ...], str | None]:
    """The sentences of the cleaned article (at most :data:`~summarizer.text.sentences.MAX_SENTENCES`) and, when
    some were left out, the note saying so; remembered, so the engine and the faithfulness check split it once."""
    sentences, cut = capped_sentences(clean_article(text))
    return tuple(sentences), cut


def source_sentences(text: str) -> list[str]:
    """The article's sentences that can stand behind a point: no page furniture, more than one word."""
    return [s for s in article_sentences(text)[0] if not is_boilerplate(s) and word_count(s) > 1]

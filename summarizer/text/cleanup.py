"""News page furniture out of an article's text, before either engine reads it: bylines, timestamps, datelines,
share bars, prompts, captions and credits, nav bars, list markers, hard line wraps (line rules in furniture.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from summarizer.text.furniture import drop_furniture, is_caption_line, is_furniture
from summarizer.text.sentences import capped_sentences

_WORD = re.compile(r"\w+")
# Chinese and Japanese write no spaces between words: a run of ideographs or kana is many words (about two characters
# each), not one, so a sentence of theirs is as long as its English translation and can be a key point.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# Text-level boilerplate: removed before the article is split into sentences.
_TEXT_BOILERPLATE = [
    re.compile(r"^\s*By \.\s+[^.]{1,80}?\s+\.\s+"),  # Daily Mail byline "By . Name . "
    re.compile(r"(?:PUBLISHED|UPDATED):\s*\.\s*[^|]{0,60}?\d{4}\s*\.\s*(?:\|\s*\.\s*)?"),
    re.compile(r"Last updated at [^.]{0,60}?\d{4}\s*\.\s*"),
    re.compile(r"Share this with\S{0,120}?Copy this link"),  # BBC share bar
    re.compile(r"Media playback is (?:not supported|unsupported) on (?:this|your) device"),
    re.compile(r"(?:VIDEO\s*)?Scroll down for (?:video|more)\s*\.?\s*", re.IGNORECASE),
]

_AGENCY = r"(?:CNN|AP|Reuters|AFP|UPI|Yonhap|Bloomberg|dpa|PTI|IANS|ANI|Xinhua|EFE|AAP|CNS|Kyodo|Tass|TASS|BBC|NPR)"
_PLACE_WORD = r"[^\W\d_a-z][\w.'’\-]*"  # "Beirut", "N.Y.", "دمشق": a word that does not start in lower case
# A dateline opens a paragraph: "LONDON (Reuters) - ", "HANOI, Vietnam (AP) — ", "SEOUL, Aug. 20 (Yonhap) -- ",
# "NEW DELHI: ", "Beirut, Lebanon (CNN) -- ", "New York, NY – ". Only at a line start, and never before a
# lower-case word, so "NASA — the agency ..." and datelines quoted inside a sentence stay.
_DATELINE = re.compile(
    r"^[ \t]*(?:"
    r"[A-Z][A-Z.'’\-]+(?:[ \t][A-Z][A-Z.'’\-]+){0,3}(?:,[ \t]*[A-Z][\w.'’\-]*(?:[ \t][\w.'’\-]+){0,3}){0,2}"
    rf"[ \t]*(?:\({_AGENCY}[^()\n]{{0,30}}\)[ \t]*)?(?:--|—|–|-|:)"
    rf"|(?:{_PLACE_WORD}(?:[,،]?[ \t]+{_PLACE_WORD}){{0,4}}[ \t]*)?\({_AGENCY}[^()\n]{{0,30}}\)[ \t]*(?:--|—|–|-|:)?"
    rf"|{_PLACE_WORD}(?:[ \t]{_PLACE_WORD}){{0,3}},[ \t]*[A-Z](?:[A-Z.]{{1,5}}|[a-z]{{1,5}}\.)"
    rf"(?:,[ \t]*{_PLACE_WORD}(?:[ \t]{_PLACE_WORD}){{0,2}})?[ \t]*(?:--|—|–|-|:)"
    r")[ \t]*(?![a-z])(?=\S)",
    re.MULTILINE,
)
_TABLE_ROW = re.compile(r"^([ \t]*\|.*\|)[ \t]*$", re.MULTILINE)  # "| 1 | Kyle Busch | 5040 |", as trafilatura writes
_LIST_MARKERS = re.compile(r"^[ \t]*(?:[-*•–—]+[ \t]+)+", re.MULTILINE)


# Daily Mail line wraps come out as " . " in the middle of a sentence ("a casual . navy shirt").
# Matches only from the start of a whitespace run, possessively: from every position of a long run it was quadratic.
_LINE_WRAP = re.compile(r"(?<!\s)\s++\.\s+(?=[a-z])")


# A hard-wrapped line (text files) ends without sentence punctuation and goes on in the next line.
_HARD_WRAP = re.compile(r"([^\s.!?:\"'”’])[ \t]*\n(?![ \t]*\n)(?=[ \t]*\S)")
# What the furniture rules do not already cover (comment-section and e-mail leftovers of news pages).
_BOILERPLATE_SENTENCE = re.compile(
    r"^(?:sorry we are|read:|follow @)|e-?mail to a friend|comments? (?:are|have been) (?:closed|disabled)",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"\((?:[^()]{0,30}\b)?(?:pictured|left|right|centre|center|above|below|inset|top|bottom|file photo)\b[^()]{0,30}\)"
    r"|^pictured\b|^\S+(?:\s\S+){0,2}:\s",  # "(pictured)", "(left)", "Retread: David Cameron ..."
    re.IGNORECASE,
)
# A Daily Mail caption kept its line end as " ." ("... arrives at court ."): a sentence never ends that way.
_LINE_END_DOT = re.compile(r"\s\.$")
# A photo caption glued to the sentence after it with no full stop between them ("Haul: The cherry picker on the
# prison roof The amount of drugs thrown ..."): a new sentence plainly starts where "The", "A" or "An" and a
# lower-case word follow a word with no punctuation. Only captions are cut there ("Plan A is" in prose stays whole).
# "Nico Rosberg (Germany) Mercedes 1:35.824 3.": a results table or numbered list flattened into the text, each item
# split off at the next item's number.
_ITEM_NUMBER = re.compile(r"\s(\d{1,3})\.$")
_GLUED_START = re.compile(r"(?<=[\w’'\")])\s+(?=(?:The|An?)\s+[a-z0-9‘'])")


def unwrap_lines(text: str) -> str:
    """Join hard-wrapped lines (a line break inside a sentence) so sentences come out whole."""
    return _HARD_WRAP.sub(r"\1 ", text)


def strip_datelines(text: str) -> str:
    """Each paragraph without its opening dateline and list markers ("LONDON (Reuters) - ", "- - ")."""
    return _DATELINE.sub("", _LIST_MARKERS.sub("", text))


def clean_article(text: str) -> str:
    """The article without news furniture: bylines, timestamps, datelines, prompts, captions, share and nav bars,
    list markers, line-wrap dots; each table row a paragraph of its own (a row is never glued into a sentence)."""
    for pattern in _TEXT_BOILERPLATE:
        text = pattern.sub(" ", text)
    text = _TABLE_ROW.sub(r"\n\1\n", text.strip())
    text = strip_datelines(drop_furniture(unwrap_lines(text)))
    return _LINE_WRAP.sub(" ", text).strip()


def is_boilerplate(sentence: str) -> bool:
    """Whether a sentence is page furniture ("Click here", "By Jane Doe, CNN", "Sorry we are not accepting...")."""
    sentence = sentence.strip()
    return bool(_BOILERPLATE_SENTENCE.search(sentence)) or is_furniture(sentence)


def is_caption(sentence: str) -> bool:
    """Whether a sentence reads like a photo caption ("Smith (left) arrives...", "Pictured: ...", a credit)."""
    sentence = sentence.strip()
    return bool(_CAPTION.search(sentence) or _LINE_END_DOT.search(sentence)) or is_caption_line(sentence)


def split_glued_caption(sentence: str) -> list[str]:
    """A caption and the sentence glued to it as two sentences ("Guilty: Glenn Mason, 56 A bank manager who ...");
    any other sentence as it is."""
    if not is_caption(sentence):
        return [sentence]
    return [part for part in _GLUED_START.split(sentence) if part.strip()]


def numbered_items(sentences: Sequence[str]) -> set[int]:
    """The sentences that are items of a flattened numbered list: each ends with a bare item number ("… 3.") and a
    neighbour ends with the number before or after it. A list or a results table is no key point."""
    numbers = [int(m.group(1)) if (m := _ITEM_NUMBER.search(s)) else None for s in sentences]
    items = set()
    for i in range(len(numbers) - 1):
        here, after = numbers[i], numbers[i + 1]
        if here is not None and after is not None and after == here + 1:
            items |= {i, i + 1}
    return items


def word_count(sentence: str) -> int:
    """Words in a sentence (in Chinese and Japanese, about one per two characters)."""
    unspaced = len(_UNSPACED.findall(sentence))
    if not unspaced:
        return len(_WORD.findall(sentence))
    return len(_WORD.findall(_UNSPACED.sub(" ", sentence))) + (unspaced + 1) // 2


ARTICLE_MEMO = 128  # articles whose split is remembered, so the engine and the check split each once (a bigger
# build splits again for the check, ~1 ms an article; the key is the whole text, so few are kept)


@lru_cache(maxsize=ARTICLE_MEMO)
def article_sentences(text: str) -> tuple[tuple[str, ...], str | None]:
    """The sentences of the cleaned article (at most :data:`~summarizer.text.sentences.MAX_SENTENCES`) and, when
    some were left out, the note saying so; remembered, so the engine and the faithfulness check split it once."""
    sentences, cut = capped_sentences(clean_article(text))
    return tuple(part for sentence in sentences for part in split_glued_caption(sentence)), cut


def source_sentences(text: str) -> list[str]:
    """The article's sentences that can stand behind a point: no page furniture, more than one word."""
    return [s for s in article_sentences(text)[0] if not is_boilerplate(s) and word_count(s) > 1]

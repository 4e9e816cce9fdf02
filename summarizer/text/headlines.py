"""Headlines: when a title is not one ("By", a byline, the site's name, a date, a line cut mid-sentence), and a
headline taken from the text instead: its first real sentence, shortened at a word boundary with a visible "…"."""

from __future__ import annotations

import re

from summarizer.text.furniture import is_ad_label, is_byline, is_date_line, is_furniture, is_nav_bar

MAX_HEADLINE_CHARS = 120
MAX_HEADLINE_WORDS = 12
ELLIPSIS = "…"
GENERIC_TITLES = frozenset(
    {
        "home",
        "homepage",
        "home page",
        "index",
        "untitled",
        "untitled document",
        "no title",
        "new tab",
        "article",
        "story",
        "news",
        "page",
        "document",
        "welcome",
        "blog",
        "post",
        "photos",
        "video",
        "videos",
        "gallery",
        "loading",
        "loading...",
    }
)
DANGLING_WORDS = frozenset(
    "a an the of to in on at for and or but nor with by from as into onto than that which who whose is are was were"
    " be been his her their its our my your this these those not no said says".split()
)
_LETTER = re.compile(r"[^\W\d_]")
# "…, report says", "…: officials said": the source of a headline, named after a comma or colon, 1-4 words
_ATTRIBUTION = re.compile(r"[,:]\s*(?:\S+\s+){1,4}(?:says|said)$", re.IGNORECASE)
_HOST_PARTS = re.compile(r"^(?:www\d?|m|amp|edition|mobile)\.|\.(?:com|org|net|co|uk|de|fr|in|ru|it|es|br|au)\b", re.I)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]+", " ", text).split()).casefold()


def _site_keys(source: str | None) -> set[str]:
    if not source:
        return set()
    plain = _HOST_PARTS.sub("", _HOST_PARTS.sub("", source.strip()))
    return {_key(source), _key(plain), _key(plain.replace(".", " "))} - {""}


def looks_cut(line: str) -> bool:
    """Whether a line stops mid-sentence: it ends on "the", "of", "and"... or on a comma or hyphen.

    A headline that ends with its source ("Malaria kills 2 million a year, study says"; "…, WHO") is whole: "says"
    after a comma or colon closes an attribution, where "Bush expresses sympathy but says" is cut off.
    """
    text = line.rstrip()
    if text.endswith((",", "-", "–", "—", "(", "/", "&")):
        return True
    words = text.split()
    if len(words) < 2 or words[-1].casefold() not in DANGLING_WORDS:
        return False
    if words[-1].isupper() and not text.isupper():  # "…, WHO" in a headline in lower case: an acronym
        return False
    return not _ATTRIBUTION.search(text)


def headline_problem(title: str, source: str | None = None) -> str | None:
    """Why ``title`` cannot stand as a headline (a few plain words), or ``None`` when it can."""
    text = " ".join(title.split())
    if not _LETTER.search(text):
        return "it has no words" if text else "there is none"
    if is_byline(text):
        return "it is a byline"
    if is_date_line(text):
        return "it is a date"
    if is_ad_label(text) or is_nav_bar(text):
        return "it is page furniture"
    if _key(text) in _site_keys(source):
        return "it is only the site's name"
    if _key(text) in GENERIC_TITLES:
        return "it says nothing about the story"
    if looks_cut(text):
        return "it is cut off mid-sentence"
    return None


def shorten(sentence: str, max_chars: int = MAX_HEADLINE_CHARS, max_words: int = MAX_HEADLINE_WORDS) -> str:
    """``sentence`` as a headline: without its full stop, and when long, its first words up to a word boundary,
    never ending on "the" or "of", followed by " …"."""
    text = " ".join(sentence.split()).rstrip(".")
    if len(text) <= max_chars:
        return text
    words = text.split()[:max_words]
    while len(words) > 3 and (words[-1].casefold().strip(",;:") in DANGLING_WORDS or len(" ".join(words)) > max_chars):
        words.pop()
    return " ".join(words).rstrip(",;:—–-") + f" {ELLIPSIS}"


def headline_from_text(text: str, source: str | None = None) -> str:
    """A headline for an article whose own title is unusable: the first sentence of its cleaned text that is not
    furniture and is a headline on its own, shortened; the first words of the text when no sentence qualifies."""
    from summarizer.text.cleanup import clean_article
    from summarizer.text.sentences import split_sentences

    cleaned = clean_article(text[:20_000])
    for paragraph in cleaned.split("\n"):
        for sentence in split_sentences(paragraph)[:20]:
            if len(sentence.split()) >= 3 and not is_furniture(sentence):
                candidate = shorten(sentence)
                if headline_problem(candidate.removesuffix(f" {ELLIPSIS}"), source) in (
                    None,
                    "it is cut off mid-sentence",
                ):
                    return candidate
    return shorten(" ".join(cleaned.split()[:40]) or " ".join(text.split()[:40]))

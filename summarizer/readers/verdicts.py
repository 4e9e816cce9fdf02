"""What every reader's articles go through: a usable headline, and items that are not articles (an ad, a title
with no text under it, a feed headline never fetched) turned into errors that name them."""

from __future__ import annotations

import dataclasses
import re

from summarizer.readers.base import HEADLINE_NOTE
from summarizer.records import Article, InputError
from summarizer.text.furniture import is_ad_label
from summarizer.text.headlines import headline_from_text, headline_problem

TITLE_ONLY = "only a title, no article text under it"
MIN_SENTENCE_WORDS = 4
_WORD = re.compile(r"[^\W_]")
FETCH_FAILED = "headline only: the feed gives no text for this entry, and its linked page could not be read"


def _label(article: Article, several: bool) -> str:
    return f"{article.input} ({article.title!r})" if several else article.input


def _has_body(article: Article) -> bool:
    """Whether the text holds a word once a leading copy of the title is taken off."""
    text, title = " ".join(article.text.split()), " ".join(article.title.split())
    if title and text[: len(title)].casefold() == title.casefold():
        text = text[len(title) :]
    return _WORD.search(text) is not None


def _is_sentence(text: str) -> bool:
    """A text that ends as a sentence ends: a one-sentence article is short, not a bare title."""
    return text.rstrip().endswith((".", "!", "?", '"', "”", "’", "'", "…")) and len(text.split()) >= MIN_SENTENCE_WORDS


def not_an_article(article: Article, several: bool = False) -> InputError | None:
    """The error for an item that is not an article: an advertisement, or a title with nothing under it.
    A feed headline that ``--fetch`` may still fill in is left for :func:`unfetched_headline`."""
    if is_ad_label(article.title) or (is_ad_label(article.text) and len(article.text.split()) <= 4):
        shown = article.title if is_ad_label(article.title) else article.text.strip()
        return InputError(_label(article, several), f"looks like an advertisement ({shown!r}), not an article")
    if HEADLINE_NOTE not in article.notes and not _has_body(article) and not _is_sentence(article.text):
        return InputError(_label(article, several), TITLE_ONLY)
    return None


def unfetched_headline(article: Article, fetch: bool = False) -> InputError | None:
    """The error for a feed entry that is still only a headline once ``--fetch`` (when on) has run."""
    if HEADLINE_NOTE not in article.notes:
        return None
    return InputError(_label(article, True), FETCH_FAILED if fetch else HEADLINE_NOTE)


def with_headline(article: Article) -> Article:
    """``article`` with a headline: its own title when it is one, else one taken from its text, with a note."""
    problem = headline_problem(article.title, article.source)
    if problem is None:
        return article
    headline = headline_from_text(article.text, article.source)
    if not article.title.strip():
        return dataclasses.replace(article, title=headline, id="")
    note = f"the title {article.title!r} is not a headline ({problem}); this one is taken from the text"
    return dataclasses.replace(article, title=headline, notes=(*article.notes, note), id="")

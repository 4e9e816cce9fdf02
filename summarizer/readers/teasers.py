"""``--fetch``: replace a feed's teaser or headline with the full article from the page it links to."""

from __future__ import annotations

import dataclasses

from summarizer.config.reading import ReadOptions
from summarizer.readers.base import HEADLINE_NOTE, TEASER_NOTE, ReadError
from summarizer.readers.fetch import fetch_with
from summarizer.readers.html import extract_page
from summarizer.readers.sniff import is_url
from summarizer.records import Article, InputError

PARTIAL_NOTES = (TEASER_NOTE, HEADLINE_NOTE)


def needs_full_text(article: Article) -> bool:
    """Whether the article is only a teaser or a headline with a web link to the full page."""
    return bool(article.url) and is_url(article.url or "") and any(n in PARTIAL_NOTES for n in article.notes)


def _full_text(article: Article, options: ReadOptions) -> Article:
    url = article.url or ""
    fetched = fetch_with(url, options, found_in_input=True)
    page = extract_page(fetched.data, url, url=fetched.url)
    if len(page.text) <= len(article.text):
        return article
    notes = tuple(n for n in article.notes if n not in PARTIAL_NOTES) + (f"full text fetched from {url}",)
    return dataclasses.replace(
        article,
        text=page.text,
        author=article.author or page.author,
        published=article.published or page.published,
        notes=notes,
        id="",
    )


def fetch_full_texts(articles: list[Article], options: ReadOptions) -> tuple[list[Article], list[InputError]]:
    """Articles with teasers replaced by their linked pages; a page that fails is an error and keeps the teaser."""
    result: list[Article] = []
    errors: list[InputError] = []
    for article in articles:
        if not needs_full_text(article):
            result.append(article)
            continue
        try:
            result.append(_full_text(article, options))
        except ReadError as exc:
            errors.append(InputError(f"{article.url} (linked from {article.input})", f"--fetch: {exc}"))
            result.append(article)
    return result, errors

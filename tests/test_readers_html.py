"""Saved web pages: main text and metadata, clear errors for pages without an article."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from summarizer.readers import read_bytes
from summarizer.readers.base import ReadError
from summarizer.readers.html import extract_page, html_to_text, strip_site_name

PARAGRAPHS = [
    "The city council approved the new river bridge on Tuesday after a debate that lasted four hours.",
    "Supporters said the bridge would cut commuting times by a third for people living on the east bank.",
    "Opponents warned that the budget of 40 million euros could grow, as similar projects had in the past.",
    "Construction is expected to begin next spring and to last about two years, the mayor said.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Council approves river bridge | Riverside Gazette</title>
<meta property="og:site_name" content="Riverside Gazette">
<meta name="author" content="Ana Lopez">
<meta property="article:published_time" content="2024-03-05T09:30:00+00:00">
<link rel="canonical" href="https://gazette.example/2024/03/bridge">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Council approves river bridge</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<footer>Copyright Riverside Gazette. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""


def test_page_gives_text_and_metadata() -> None:
    article = extract_page(PAGE.encode(), "bridge.html")
    assert article.title == "Council approves river bridge"
    assert all(p in article.text for p in PARAGRAPHS)
    assert "Subscribe" not in article.text and "Sport" not in article.text
    assert article.source == "Riverside Gazette"
    assert article.author == "Ana Lopez"
    assert article.published == "2024-03-05"
    assert article.url == "https://gazette.example/2024/03/bridge"
    assert article.input == "bridge.html"


def test_gzipped_page_and_legacy_charset(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("40 million euros", "40 millions d’écus")
    data = gzip.compress(page.replace("’", "'").encode("latin-1"))
    items = read_bytes(data, "bridge.html.gz", Path("bridge.html.gz"))
    assert "40 millions d'écus" in items[0].text  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ("   \n  ", "empty"),
        ("<html><head><title>Nothing</title></head><body></body></html>", "no article text"),
    ],
)
def test_pages_without_an_article_are_errors(markup: str, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        extract_page(markup.encode(), "x.html")


def test_html_content_is_sniffed_when_the_suffix_says_nothing() -> None:
    items = read_bytes(PAGE.encode(), "saved-page", Path("saved-page"))
    assert items[0].title == "Council approves river bridge"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Story of the day | CNN Politics", "CNN", "Story of the day"),
        ("Riverside Gazette: Council approves river bridge", "Riverside Gazette", "Council approves river bridge"),
        ("Plain title - with a dash", "Other Site", "Plain title - with a dash"),
        ("Plain title", None, "Plain title"),
    ],
)
def test_strip_site_name(title: str, site: str | None, expected: str) -> None:
    assert strip_site_name(title, site) == expected


def test_html_to_text_keeps_blocks_and_drops_scripts() -> None:
    markup = "<p>First <b>bold</b> para.</p><script>alert(1)</script><ul><li>one</li><li>two</li></ul>&amp; done"
    assert html_to_text(markup) == "First bold para.\none\ntwo\n& done"

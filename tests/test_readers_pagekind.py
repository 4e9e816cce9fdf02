"""Web pages: furniture out by structure, non-article pages (homepages, indexes, walls, errors) named, not read."""

from __future__ import annotations

import pytest

from summarizer.readers.base import ReadError
from summarizer.readers.html import extract_page

PARAGRAPHS = [
    "The city council approved the new river bridge on Tuesday after a debate that lasted four hours.",
    "Supporters said the bridge would cut commuting times by a third for people living on the east bank.",
    "Opponents warned that the budget of 40 million euros could grow, as similar projects had in the past.",
    "Construction is expected to begin next spring and to last about two years, the mayor said.",
]


def page(body: str, head: str = "", title: str = "Council approves river bridge | Riverside Gazette") -> bytes:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="Riverside Gazette">{head}</head><body>{body}</body></html>""".encode()


def story_links(n: int) -> str:
    return "".join(f'<li><a href="/news/{i}">Council story number {i} makes the news today</a></li>' for i in range(n))


ARTICLE_BODY = f"""
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Council approves river bridge</h1>
<div class="byline">By Ana Lopez and Sam Roe, Riverside Gazette</div>
<p class="cnnEditorialNote">Are you affected by the works? Please share your photos at iReport.</p>
<p>{PARAGRAPHS[0]}</p>
<figure><img src="bridge.jpg"><figcaption>The old bridge at dusk. (Photo: Jane Roe/Getty Images)</figcaption></figure>
<p>{PARAGRAPHS[1]}</p>
<h2>What it costs</h2>
<p>{PARAGRAPHS[2]}</p>
<div class="inline-newsletter-promo"><p>Sign up for our morning newsletter and get the news first.</p></div>
<p>{PARAGRAPHS[3]}</p>
<p>Follow us on Twitter @gazette for more.</p>
<div class="related-stories"><h3>Related stories</h3><ul>
<li><a href="/a">Mayor promises faster repairs</a></li><li><a href="/b">Ferry service to be cut</a></li></ul></div>
</article>
<footer>Copyright 2024 Riverside Gazette. All rights reserved.</footer>
"""
ARTICLE_HEAD = (
    '<meta property="og:type" content="article"><link rel="canonical" href="https://gazette.example/2024/bridge">'
)


def test_an_article_page_keeps_its_paragraphs_and_loses_its_furniture() -> None:
    article = extract_page(page(ARTICLE_BODY, ARTICLE_HEAD), "bridge.html")
    assert article.title == "Council approves river bridge"
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    for furniture in (
        "By Ana Lopez",
        "iReport",
        "Getty",
        "newsletter",
        "Follow us",
        "Related",
        "Mayor promises",
        "Home",
    ):
        assert furniture not in article.text, furniture
    assert not article.text.startswith("Council approves")  # the headline is not repeated as the first paragraph
    assert "\n\nWhat it costs\n\n" in article.text  # a heading is a block of its own, never glued to a paragraph


HOMEPAGE = f"""<header><h1>Riverside Gazette</h1></header><ul>{story_links(60)}</ul>
<p>Weather: sunny, 21 degrees.</p>"""


@pytest.mark.parametrize(
    ("body", "head", "reason"),
    [
        (HOMEPAGE, "", r"looks like a homepage or index page, not an article: 60 links, (no|little) running text"),
        (
            HOMEPAGE,
            '<link rel="canonical" href="https://gazette.example/">',
            r"looks like a homepage, not an article \(https://gazette.example/ is the site's front page\): 60 links",
        ),
        (
            HOMEPAGE,
            '<meta property="og:url" content="https://gazette.example/politics/">',
            r"looks like a section index page, not an article \(https://gazette.example/politics/\)",
        ),
        (
            HOMEPAGE,
            '<script type="application/ld+json">{"@type": "CollectionPage", "name": "News"}</script>',
            r"looks like an index page, not an article \(the page declares itself a list of links\)",
        ),
        (
            '<form><p>Sign in to your account</p><input name="user"><input type="password" name="pw">'
            "<button>Log in</button></form>",
            "",
            r"looks like a login page, not an article: it asks for a password",
        ),
        (
            f"<article><h1>Council approves river bridge</h1><p>{PARAGRAPHS[0]}</p>"
            "<p>Subscribe to continue reading. Already a subscriber? Log in.</p></article>",
            "",
            r"looks like a paywall or login wall, not an article: it says 'Subscribe to continue reading'",
        ),
        (
            f"<article><h1>米朝首脳直通電話</h1><p>{PARAGRAPHS[0]}</p>"
            "<p>［有料会員限定］ この記事は会員限定です。電子版に登録すると続きをお読みいただけます。</p></article>",
            "",
            r"looks like a paywall or login wall, not an article: it says 'この記事は会員限定です'",
        ),
        (
            '<div class="overlay"><p>We value your privacy. We use cookies to personalise content.</p>'
            "<button>Accept all cookies</button></div>",
            "",
            r"looks like a cookie consent wall, not an article",
        ),
        ("<h1>Page not found</h1><p>Sorry.</p>", "", r"looks like an error page, not an article \(its title is '404"),
        (
            "<p>Redirecting</p>",
            '<meta http-equiv="refresh" content="0;URL=https://gazette.example/story">',
            r"the page only redirects elsewhere \(a meta refresh to https://gazette.example/story\)",
        ),
    ],
)
def test_pages_that_are_not_articles_are_named(body: str, head: str, reason: str) -> None:
    title = "404 Not Found" if "not found" in body else "Riverside Gazette"
    with pytest.raises(ReadError, match=reason):
        extract_page(page(body, head, title=title), "page.html")


def test_a_long_article_on_a_busy_page_is_still_an_article() -> None:
    body = ARTICLE_BODY.replace("</article>", f"</article><aside><ul>{story_links(80)}</ul></aside>")
    article = extract_page(page(body, ARTICLE_HEAD), "busy.html")
    assert PARAGRAPHS[3] in article.text


def test_a_short_article_under_a_subscribe_header_is_not_a_paywall() -> None:
    body = (
        '<header><a href="/login">Already a subscriber? Log in</a> <a href="/subscribe">Subscribe</a></header>'
        f"<article><h1>Council approves river bridge</h1><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></article>"
    )
    article = extract_page(page(body, ARTICLE_HEAD), "short.html")
    assert PARAGRAPHS[1] in article.text


def test_a_fetched_front_page_url_is_a_homepage() -> None:
    with pytest.raises(ReadError, match=r"https://gazette.example/ is the site's front page"):
        extract_page(page(HOMEPAGE), "https://gazette.example/", url="https://gazette.example/")

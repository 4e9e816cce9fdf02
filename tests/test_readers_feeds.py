"""RSS, RDF, Atom and JSON Feed: one article per entry, teasers marked, bad feeds reported plainly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.readers import read_bytes
from summarizer.readers.base import ReadError
from summarizer.readers.feeds import HEADLINE_NOTE, TEASER_NOTE
from summarizer.records import Article, InputError

LONG = " ".join(f"Sentence number {i} of the full story, with enough words to count." for i in range(40))

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Example News</title><link>https://news.example/</link>
<item><title>Full story</title><link>https://news.example/full</link>
<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate><author>ed@news.example (Ed)</author>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>{LONG}</p>]]></content:encoded></item>
<item><title>Teaser story</title><link>https://news.example/teaser</link>
<description>&lt;p&gt;Only the first lines of the story &amp;hellip;&lt;/p&gt;</description></item>
<item><title>Headline only</title><link>https://news.example/headline</link></item>
<item><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Blog</title>
<entry><title>Atom entry</title><link href="https://blog.example/a1"/><updated>2024-01-02T03:04:05Z</updated>
<content type="html">&lt;p&gt;Atom body text that is long enough.&lt;/p&gt;</content></entry>
</feed>"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://rdf.example/"><title>RDF Site</title></channel>
<item rdf:about="https://rdf.example/1"><title>RDF item</title><link>https://rdf.example/1</link>
<description>An RDF item description.</description></item>
</rdf:RDF>"""


def _read(data: str | bytes, name: str) -> list[Article | InputError]:
    raw = data.encode() if isinstance(data, str) else data
    return list(read_bytes(raw, name, Path(name)))


def test_rss_entries_become_articles_with_notes_and_errors() -> None:
    full, teaser, headline, empty = _read(RSS, "news.xml")
    assert isinstance(full, Article) and isinstance(teaser, Article) and isinstance(headline, Article)
    assert full.title == "Full story" and full.text == LONG and full.notes == ()
    assert full.source == "Example News" and full.url == "https://news.example/full"
    assert full.published == "2024-03-05T09:30:00Z" and full.input == "news.xml"
    assert teaser.notes == (TEASER_NOTE,) and teaser.text.startswith("Only the first lines")
    assert headline.notes == (HEADLINE_NOTE,) and headline.text == "Headline only"
    assert isinstance(empty, InputError) and "entry 4" in empty.input and "no text" in empty.error


@pytest.mark.parametrize(
    ("data", "name", "title", "source"),
    [(ATOM, "blog.atom", "Atom entry", "Atom Blog"), (RDF, "site.rdf", "RDF item", "RDF Site")],
)
def test_atom_and_rdf(data: str, name: str, title: str, source: str) -> None:
    (article,) = _read(data, name)
    assert isinstance(article, Article)
    assert (article.title, article.source, article.input) == (title, source, name)


def test_feed_is_recognized_by_content_under_any_name() -> None:
    (article,) = _read(ATOM, "feed-download")
    assert isinstance(article, Article) and article.title == "Atom entry"


def test_json_feed() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Blog",
        "items": [
            {
                "id": "1",
                "url": "https://j.example/1",
                "title": "One",
                "content_html": "<p>Hello <b>there</b></p>",
                "date_published": "2024-02-01T10:00:00Z",
                "authors": [{"name": "Kim"}],
            },
            {"id": "2", "summary": "Just a summary of item two."},
            {"id": "3"},
        ],
    }
    one, two, three = _read(json.dumps(feed), "feed.json")
    assert isinstance(one, Article) and isinstance(two, Article) and isinstance(three, InputError)
    assert (one.text, one.source, one.author) == ("Hello there", "JSON Blog", "Kim")
    assert one.published == "2024-02-01T10:00:00Z"
    assert two.notes == (TEASER_NOTE,)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ('<rss version="2.0"><channel><title>broken</channel></wrong>', "not a readable feed: the XML is broken"),
        ('<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>', "no entries"),
        ('{"version": "https://jsonfeed.org/version/1", "title": "t", "items": []}', "no items"),
    ],
    ids=["broken-xml", "no-entries", "empty-json-feed"],
)
def test_bad_feeds_are_plain_errors(data: str, reason: str) -> None:
    name = "feed.json" if data.startswith("{") else "feed.xml"
    with pytest.raises(ReadError, match=reason):
        _read(data, name)

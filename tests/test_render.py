"""Rendering: golden Markdown/HTML files, JSON shape, and hostile article text coming out inert."""

from __future__ import annotations

import datetime as dt
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from summarizer.files import write_atomic
from summarizer.pipeline import make_briefing
from summarizer.records import Article, InputError, ReadResult
from summarizer.render import render
from summarizer.render.views import count_label, source_name

GOLDEN = Path(__file__).parent / "golden"
NOW = dt.datetime(2026, 11, 29, 7, 30, tzinfo=dt.UTC)

ARTICLES = [
    Article(
        input="seeds/budget.md",
        title="Council approves the 2027 budget",
        source="The Gazette",
        url="https://example.org/budget",
        published="2026-11-28",
        text="The council approved a 2.5 billion budget on Monday. Critics said the plan came too late. "
        "The mayor promised more money for schools.",
    ),
    Article(
        input="seeds/storm.txt",
        title="Storm closes roads in the north",
        text="Heavy rain closed roads across the north on Sunday. Rescue teams worked through the night.",
    ),
]

HOSTILE = Article(
    input="evil.md",
    title='<script>alert("title")</script> & [x](javascript:alert(1))',
    source='<b onmouseover="alert(1)">Evil</b>',
    url="javascript:alert(document.cookie)",
    text='Click <img src=x onerror=alert(1)> now. See [this](javascript:alert(2)) and <a href="javascript:x">y</a>. '
    "An autolink <javascript:alert(3)> and ![pic](http://evil.test/x.png) too. # not a heading *not bold*",
)


def briefing_for(articles, errors=()):
    from tests.fakes import FakeEngine

    read = ReadResult(articles=list(articles), errors=list(errors))
    return make_briefing(read, FakeEngine(), title="Morning briefing", date="2026-11-29", now=NOW)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_files(fmt):
    rendered = render(briefing_for(ARTICLES, [InputError("seeds/broken.txt", "the file is empty")]), fmt)
    golden = GOLDEN / f"briefing.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8"), f"re-run with UPDATE_GOLDEN=1 if {golden} changed on purpose"


def test_json_shape():
    data = json.loads(render(briefing_for(ARTICLES, [InputError("x.txt", "the file is empty")]), "json"))
    assert set(data["engine"]) == {"name", "model", "generation"}
    article = data["articles"][0]
    for key in ("id", "input", "title", "source", "url", "published", "points", "tokens", "chunks"):
        assert key in article
    assert set(article["tokens"]) == {"input", "summarized"}
    assert article["points"] == [
        "The council approved a 2.5 billion budget on Monday.",
        "Critics said the plan came too late.",
        "The mayor promised more money for schools.",
    ]
    assert data["errors"] == [{"input": "x.txt", "error": "the file is empty"}]


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "p",
    "time",
    "nav",
    "ol",
    "ul",
    "li",
    "a",
    "article",
    "section",
    "footer",
    "strong",
    "em",
    "details",
    "summary",
    "span",
    "div",
    "blockquote",
    "hr",
    "small",
    "code",
    "br",
}


def assert_inert(html: str) -> None:
    collector = TagCollector()
    collector.feed(html)
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, f"injected <{tag}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"injected {name} on <{tag}>"
            if name in ("href", "src"):
                assert value and value.startswith(("https://", "http://", "#")), f"unsafe {name}={value!r}"


def test_hostile_article_is_inert_in_html():
    html = render(briefing_for([HOSTILE]), "html")
    assert_inert(html)
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript' not in html


def test_hostile_article_is_inert_in_markdown():
    markdown = render(briefing_for([HOSTILE]), "md")
    html = MarkdownIt("commonmark").render(markdown)
    assert_inert(html)
    assert "<script" not in html and "<img" not in html
    assert "alert(" in markdown, "the text itself is kept, only made inert"


def test_write_atomic_replaces_the_whole_file(tmp_path):
    target = tmp_path / "out" / "briefing.md"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["briefing.md"]


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "briefing.md"
    target.write_text("old")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["briefing.md"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"input": "/home/ana/seeds/storm.txt", "source": "The Gazette"}, "The Gazette"),
        ({"input": "/home/ana/seeds/storm.txt", "url": "https://www.example.org/a"}, "example.org"),
        ({"input": "https://news.example.net/feed.xml"}, "news.example.net"),
        ({"input": "/home/ana/seeds/storm.txt"}, "seeds"),
        ({"input": "C:\\Users\\ana\\notes\\a.md"}, "notes"),
        ({"input": "-"}, "standard input"),
    ],
)
def test_the_source_line_names_the_source_never_a_local_path(fields: dict[str, str], expected: str) -> None:
    assert source_name(Article(title="T", text="x", **fields)) == expected


def test_one_wording_for_counts() -> None:
    assert count_label(1, 1) == "1 story"
    assert count_label(4, 4) == "4 stories"
    assert count_label(4, 5) == "4 stories from 5 sources"

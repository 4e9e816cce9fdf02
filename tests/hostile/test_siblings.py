"""Class 5: one bad item (a JSON line, a feed entry, a byte, a gzip member) never costs its siblings."""

from __future__ import annotations

import gzip
import html
import json
from pathlib import Path

from summarizer.readers import read_inputs
from summarizer.readers.encoding import REPLACED_NOTE
from summarizer.readers.feeds import HEADLINE_NOTE


def _record(n: int) -> str:
    return json.dumps({"title": f"Story {n}", "text": f"Story number {n} happened on Monday in town {n}."})


def test_one_deep_or_huge_jsonl_line_loses_only_itself(work: Path) -> None:
    lines = [
        _record(1),
        "[" * 100_000 + "]" * 100_000,
        _record(2),
        '{"title": "x", "n": ' + "9" * 5000 + "}",
        _record(3),
    ]
    (work / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    result = read_inputs([str(work / "mixed.jsonl")])
    assert [a.title for a in result.articles] == ["Story 1", "Story 2", "Story 3"]
    assert [(e.input.rsplit(" ", 2)[-2:], e.error.split(":")[0]) for e in result.errors] == [
        (["(line", "2)"], "the JSON cannot be read"),
        (["(line", "4)"], "the JSON cannot be read"),
    ]


def test_a_deep_json_document_is_one_clear_error(work: Path) -> None:
    (work / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    result = read_inputs([str(work / "deep.json")])
    assert [e.error for e in result.errors] == ["the JSON cannot be read: it is nested too deeply"]


def test_feed_entry_with_html_nested_past_libxml2s_limit_keeps_its_text(work: Path) -> None:
    body = "Deeply nested words stay readable in {}. " * 50
    entries = [(300, "Deep"), (20_000, "Deeper"), (1, "Flat")]
    items = "".join(
        f"<item><title>{t}</title><link>http://example.com/{t}</link><description>"
        f"{html.escape('<div>' * depth + body.replace('{}', t) + '</div>' * depth)}</description></item>"
        for depth, t in entries
    )
    (work / "deep.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')
    result = read_inputs([str(work / "deep.rss")])
    assert [a.title for a in result.articles] == ["Deep", "Deeper", "Flat"]
    for article in result.articles:
        assert article.text.startswith("Deeply nested words") and HEADLINE_NOTE not in article.notes


def test_one_invalid_byte_costs_one_character(work: Path) -> None:
    text = "Café society\n\nThe café in Zürich served crème brûlée to the naïve critics all week. " * 3
    data = text.encode("utf-8")
    (work / "one-bad.txt").write_bytes(data[:40] + b"\xff" + data[40:])
    [article] = read_inputs([str(work / "one-bad.txt")]).articles
    assert article.text.count("\ufffd") == 1 and "crème brûlée" in article.text
    assert REPLACED_NOTE in article.notes


def test_one_invalid_byte_in_a_utf8_feed_costs_one_character(work: Path) -> None:
    item = "<item><title>Café {0}</title><link>http://e.com/{0}</link>"
    item += "<description>Zürich naïve crème {1}.</description></item>"
    items = item.format("one", "brûlée BAD here") + item.format("two", "fraîche")
    feed = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{items}</channel></rss>'
    (work / "feed.rss").write_bytes(feed.encode().replace(b"BAD", b"\xff"))
    one, two = read_inputs([str(work / "feed.rss")]).articles
    assert one.text == "Zürich naïve crème brûlée \ufffd here." and two.text == "Zürich naïve crème fraîche."
    assert REPLACED_NOTE in one.notes and REPLACED_NOTE not in two.notes


def test_every_member_of_a_multi_member_gzip_is_read(work: Path) -> None:
    first = b"Two members\n\nThe first member holds the opening paragraph of the story."
    second = b"\n\nThe second member holds the ending that must not be lost."
    (work / "story.txt.gz").write_bytes(gzip.compress(first) + gzip.compress(second))
    [article] = read_inputs([str(work / "story.txt.gz")]).articles
    assert article.text.endswith("ending that must not be lost.")

"""Items that are not articles (a homepage, an ad, a bare title) are named as errors; the others are briefed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.exit_codes import EXIT_PARTIAL
from summarizer.readers import read_inputs
from summarizer.readers.verdicts import TITLE_ONLY
from tests.test_readers_pagekind import ARTICLE_BODY, ARTICLE_HEAD, HOMEPAGE, PARAGRAPHS, page

runner = CliRunner()

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title><link>https://gazette.example/</link>
<item><title>Ferry service cut</title><link>https://gazette.example/ferry</link>
<description>The ferry to the island will run twice a day from May, the operator said on Monday. Fares stay the
same.</description></item>
<item><title>Featured Advertiser</title><link>https://ads.example/click?s=1</link>
<description><![CDATA[<a href="https://ads.example/click?s=1"><img src="https://ads.example/img"/></a>]]></description></item>
<item><title>Sponsored: Win a cruise</title><link>https://ads.example/click?s=2</link>
<description>Enter now to win a cruise for two.</description></item>
<item><title>Bridge opens</title><link>https://gazette.example/bridge</link>
<description>Bridge opens</description></item>
</channel></rss>"""


def test_a_homepage_an_ad_and_a_bare_title_are_named_and_the_articles_are_briefed(tmp_path: Path) -> None:
    (tmp_path / "bridge.html").write_bytes(page(ARTICLE_BODY, ARTICLE_HEAD))
    (tmp_path / "front.html").write_bytes(page(HOMEPAGE))
    (tmp_path / "gazette.rss").write_text(FEED, encoding="utf-8")
    (tmp_path / "note.txt").write_text("Storm warning for the coast\n", encoding="utf-8")
    out = tmp_path / "briefing.json"
    result = runner.invoke(app, ["build", str(tmp_path), "-o", str(out), "--engine", "extractive", "-q"])
    assert result.exit_code == EXIT_PARTIAL, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [a["title"] for a in data["articles"]] == ["Council approves river bridge", "Ferry service cut"]
    assert all(a["points"] for a in data["articles"])
    errors = {e["input"].replace(str(tmp_path) + "/", ""): e["error"] for e in data["errors"]}
    assert errors["front.html"].startswith("looks like a homepage or index page, not an article: 60 links")
    assert (
        errors["gazette.rss ('Featured Advertiser')"]
        == "looks like an advertisement ('Featured Advertiser'), not an article"
    )
    assert errors["gazette.rss ('Sponsored: Win a cruise')"].startswith("looks like an advertisement")
    assert errors["gazette.rss ('Bridge opens')"] == TITLE_ONLY
    assert errors["note.txt"] == TITLE_ONLY
    assert len(errors) == 5
    for name in ("front.html", "Featured Advertiser", "note.txt"):
        assert name in result.stderr  # one line per item on stderr too


def test_a_title_that_is_not_a_headline_is_replaced_from_the_text_and_said(tmp_path: Path) -> None:
    body = f"<article><h1>By</h1>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</article>"
    (tmp_path / "by.html").write_bytes(page(body, ARTICLE_HEAD, title="By"))
    (tmp_path / "site.md").write_text("---\ntitle: Riverside Gazette\nsource: Riverside Gazette\n---\n" + PARAGRAPHS[1])
    read = read_inputs([str(tmp_path / "by.html"), str(tmp_path / "site.md")])
    assert read.errors == []
    by, site = read.articles
    assert by.title == PARAGRAPHS[0].rstrip(".")  # the first real sentence: short enough to stand whole
    assert any("the title 'By' is not a headline (it is a byline)" in note for note in by.notes)
    assert site.title.startswith("Supporters said the bridge would cut commuting times")
    assert any("it is only the site's name" in note for note in site.notes)


def test_a_one_sentence_file_is_an_article_not_a_bare_title(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("The council approved the budget on Monday night.\n")
    read = read_inputs([str(tmp_path / "one.txt")])
    assert read.errors == [] and read.articles[0].text.startswith("The council")


def test_a_feed_headline_never_fetched_is_an_error_not_an_empty_card(tmp_path: Path) -> None:
    feed = FEED.replace("<description>Bridge opens</description>", "")
    (tmp_path / "gazette.rss").write_text(feed, encoding="utf-8")
    read = read_inputs([str(tmp_path / "gazette.rss")])
    assert [a.title for a in read.articles] == ["Ferry service cut"]
    [headline] = [e for e in read.errors if "Bridge opens" in e.input]
    assert headline.error.startswith("headline only: the feed gives no text for this entry (use --fetch")

"""The "In brief" line that opens a briefing: which stories it names (the most carried, then the most recent), how it
shortens a long point, and that every format links each sentence to its item."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.records import (
    Article,
    ArticlePoints,
    Briefing,
    BriefingItem,
    EngineInfo,
    PointSources,
    PointSupport,
    TokenCounts,
)
from summarizer.render import render
from summarizer.render.views import BRIEF_WORDS, brief_sentence, briefing_view

LONG = (
    "The regional government, which had delayed the decision twice since the spring, approved the new rail line "
    "between the two cities on Thursday after a vote that went late into the night and ended a long dispute."
)


def _article(name: str, title: str, published: str | None, source: str) -> Article:
    return Article(f"{name}.md", title, f"{title}. Body.", source=source, published=published)


def _item(title: str, published: str | None, points: tuple[str, ...], sources: int = 1, **extra) -> BriefingItem:
    articles = tuple(_article(f"{title}-{i}", title, published, f"Source {i}") for i in range(sources))
    result = ArticlePoints(points, TokenCounts(5, 5), **extra)
    return BriefingItem(articles[0], result, sources=articles if sources > 1 else ())


def _briefing(items: list[BriefingItem], in_brief: int = 5) -> Briefing:
    engine = EngineInfo("fake", "fake-model")
    return Briefing("Morning", "2026-11-29", "2026-11-29T07:00:00+00:00", engine, items, [], in_brief=in_brief)


ITEMS = [
    _item("Older single story", "2026-11-27T08:00:00Z", ("A library reopened after repairs.",)),
    _item("Three-source story", "2026-11-26T08:00:00Z", ("The river burst its banks overnight.",), sources=3),
    _item("Newest single story", "2026-11-29T06:00:00Z", ("A new ferry line opens in May.",)),
    _item("Two-source story", "2026-11-25T08:00:00Z", ("Talks on the port deal resumed.",), sources=2),
    _item("Undated story", None, ("Volunteers cleaned the beach.",)),
    _item("Story without points", "2026-11-29T07:00:00Z", ()),
]
ORDER = ["Three-source story", "Two-source story", "Newest single story", "Older single story", "Undated story"]


def test_the_most_carried_stories_come_first_then_the_most_recent() -> None:
    view = briefing_view(_briefing(ITEMS))
    assert [line["title"] for line in view["in_brief"]] == ORDER


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_number_of_top_stories_is_a_setting(count: int) -> None:
    assert [line["title"] for line in briefing_view(_briefing(ITEMS, count))["in_brief"]] == ORDER[:count]


def test_a_briefing_of_one_story_has_no_top_line() -> None:
    assert briefing_view(_briefing(ITEMS[:1]))["in_brief"] == []
    assert briefing_view(_briefing([ITEMS[0], ITEMS[-1]]))["in_brief"] == []  # the other one has nothing to say


def test_a_long_point_is_shortened_at_a_clause_with_an_ellipsis() -> None:
    short = brief_sentence(LONG)
    assert short.endswith("…") and len(short.split()) <= BRIEF_WORDS
    assert short == "The regional government, which had delayed the decision twice since the spring…"
    assert brief_sentence("A short point stays as it is.") == "A short point stays as it is."


def test_a_clause_boundary_is_preferred_to_a_cut_mid_phrase() -> None:
    text = "Officials said on Monday that the bridge would stay closed for weeks, " + " ".join(["more"] * 30) + "."
    assert brief_sentence(text) == "Officials said on Monday that the bridge would stay closed for weeks…"


def test_the_sentence_skips_a_flagged_point_and_says_when_sources_differ() -> None:
    flagged = "The minister resigned on Friday."
    support = (PointSupport(flagged, unsupported=("Friday",)),)
    item = _item("Flagged", "2026-11-29T05:00:00Z", (flagged, "The minister left office."), support=support)
    differs = "A magnitude 7.5 earthquake struck."
    quake = _item("Quake", "2026-11-28T05:00:00Z", (differs,), sources=2)
    ids = tuple(a.id for a in quake.sources)
    quake = BriefingItem(
        quake.article, quake.result, quake.sources, point_sources=(PointSources(differs, ids, ("Sources differ: x",)),)
    )
    lines = {line["title"]: line["text"] for line in briefing_view(_briefing([item, quake]))["in_brief"]}
    assert lines == {"Flagged": "The minister left office.", "Quake": f"{differs} (sources differ)"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and str(found.get("href", "")).startswith("#"):
            self.hrefs.append(str(found["href"])[1:])


@pytest.mark.parametrize("fmt", ["html", "email"])
def test_html_and_email_link_every_sentence_to_its_item(fmt: str) -> None:
    page = render(_briefing(ITEMS), fmt)
    brief = page[page.index(">In brief<") :]
    links = _Links()
    links.feed(brief[: brief.index("</ul>")])
    everything = _Links()
    everything.feed(page)
    assert len(links.hrefs) == len(ORDER)
    assert all(anchor in everything.ids for anchor in links.hrefs)
    for title, anchor in zip(ORDER, links.hrefs, strict=True):
        heading = page[page.index(f'id="{anchor}"') :]
        assert heading.index(title) < heading.index("</h")  # the anchor is that story's heading


def test_markdown_links_every_sentence_to_its_heading() -> None:
    page = render(_briefing(ITEMS), "md")
    lines = page[page.index("## In brief") :].split("\n\n")[1].splitlines()
    targets = [re.fullmatch(r"- \[.+\]\(#([\w-]+)\)", line).group(1) for line in lines]  # type: ignore[union-attr]
    assert targets == [t.lower().replace(" ", "-") for t in ORDER]  # GitHub's anchors of these plain titles
    for title in ORDER:
        assert f"\n## {title}\n" in page


def test_markdown_anchors_count_repeated_headings_as_github_does() -> None:
    items = [
        _item("Storm", "2026-11-29T06:00:00Z", ("Rain fell.",), sources=2),
        _item("Storm", "2026-11-28T06:00:00Z", ("Wind blew.",)),
        _item("In brief", "2026-11-27T06:00:00Z", ("A story titled like the section.",)),
    ]
    page = render(_briefing(items), "md")
    assert "](#storm)" in page and "](#storm-1)" in page and "](#in-brief-1)" in page


def test_text_refers_to_each_item_by_its_number() -> None:
    page = render(_briefing(ITEMS), "text")
    brief = page[page.index("In brief\n") :].split("\n\n")[0].splitlines()[1:]
    numbers = [re.search(r"\[(\d+)\]$", line).group(1) for line in brief]  # type: ignore[union-attr]
    for number, title in zip(numbers, ORDER, strict=True):
        assert f"\n[{number}] {title}\n" in page


@pytest.mark.parametrize("fmt", ["md", "html", "text", "email"])
def test_no_top_line_when_switched_off(fmt: str) -> None:
    assert "In brief" not in render(_briefing(ITEMS, 0), fmt)


def test_a_negative_count_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nSome text here.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "a.txt"), "--in-brief", "-1"])
    assert result.exit_code == 2 and "in_brief" in result.output

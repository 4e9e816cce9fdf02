"""Same-story grouping through ``group_stories`` (sparse path, no model) and the grouping score (merging a story's
points: test_daily_merge.py)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from summarizer.config.daily import GroupingSettings
from summarizer.daily.stories import bcubed_score, group_stories, pairwise_score
from summarizer.records import Article

ITEMS = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "grouping_items.jsonl"
# Two stories told by several sources, and their look-alikes: another earthquake, another football final, two Nobels.
CHOSEN = ("e1", "e2", "e3", "e4", "e5", "e13", "e14", "e16", "e17", "e25", "e26", "e27", "e28", "e30")


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    rows = [json.loads(line) for line in ITEMS.read_text(encoding="utf-8").splitlines()]
    return [
        Article(input=f"{r['id']}.md", title=r["title"], text=r["text"], source=r["source"], published=r["published"])
        for r in rows
        if r["id"] in CHOSEN
    ]


def story_inputs(stories) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return sorted(sorted(a.input.removesuffix(".md") for a in story.articles) for story in stories)


def test_articles_about_one_event_group_and_look_alikes_stay_apart(articles: list[Article]) -> None:
    stories = group_stories(articles)
    # e2 shares too few words with the other two short Noto reports to join them: short texts need more overlap.
    assert story_inputs(stories) == [
        ["e1", "e3"],
        ["e13", "e14"],
        ["e16", "e17"],
        ["e2"],
        ["e25", "e26"],
        ["e27", "e28"],
        ["e30"],
        ["e4", "e5"],
    ]


def test_grouping_does_not_depend_on_input_order(articles: list[Article]) -> None:
    shuffled = articles[:]
    random.Random(7).shuffle(shuffled)
    first, second = group_stories(articles), group_stories(shuffled)
    assert [[a.id for a in s.articles] for s in first] == [[a.id for a in s.articles] for s in second]


def test_of_two_articles_the_earlier_report_leads(articles: list[Article]) -> None:
    euro = next(s for s in group_stories(articles) if {a.input for a in s.articles} == {"e13.md", "e14.md"})
    assert euro.articles[0].input == "e13.md"  # 21:10 UTC, the other one 22:00 UTC


def test_a_threshold_of_nearly_one_keeps_every_article_alone(articles: list[Article]) -> None:
    settings = GroupingSettings(threshold=0.99, attach_threshold=0.99)
    assert len(group_stories(articles, settings)) == len(articles)


def test_every_story_carries_a_term_signature_for_the_next_day(articles: list[Article]) -> None:
    noto = next(s for s in group_stories(articles) if s.articles[0].input in ("e1.md", "e3.md"))
    assert 0 < len(noto.signature) <= 40
    assert "noto" in noto.signature or "ishikawa" in noto.signature


def test_pairwise_score() -> None:
    score = pairwise_score([["a", "b", "c"], ["d"]], [["a", "b"], ["c", "d"]])
    assert (score.precision, score.recall, score.predicted_pairs, score.true_pairs) == (1 / 3, 1 / 2, 3, 2)
    assert score.f1 == pytest.approx(0.4)


def test_bcubed_score() -> None:
    score = bcubed_score([["a", "b", "c"], ["d"]], [["a", "b"], ["c", "d"]])
    assert score.precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert score.recall == pytest.approx((1 + 1 + 1 / 2 + 1 / 2) / 4)

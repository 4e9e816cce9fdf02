"""The grouping package: sparse linkage, candidate pairs vs every pair, the time rule, the look-alike veto, memory."""

from __future__ import annotations

import random

import pytest

from summarizer.config import ConfigError
from summarizer.config.daily import DailySettings, GroupingSettings, OutputSettings
from summarizer.daily.run import build_items
from summarizer.daily.stories import group_stories
from summarizer.grouping.cluster import group_indices, time_factor
from summarizer.grouping.linkage import average_linkage_sparse
from summarizer.grouping.memory import StoryMemory, load_memory, save_memory
from summarizer.records import Article
from tests.fakes import FakeEngine

TOPICS = {
    "flood": "River Danube flood Vienna levees evacuation Austria rain water rescue boats Linz",
    "merger": "Siemens Alstom merger rail trains Brussels competition commissioner Vestager approval deal",
    "vote": "Kenya election Nairobi Odinga Kenyatta ballots commission tally turnout court",
    "probe": "Mars probe Perseverance crater Jezero rover NASA samples rock landing",
}


def story_article(topic: str, n: int, day: str = "2024-05-02", extra: str = "") -> Article:
    words = TOPICS[topic].split()
    rng = random.Random(f"{topic}{n}")
    vocabulary = [w.lower() for w in words] + [f"{topic}{k}" for k in range(80)]  # long articles: many words
    body = " ".join(rng.choice(vocabulary) for _ in range(150))
    return Article(
        input=f"{topic}-{n}", title=f"{words[0]} {words[1]} {extra}", text=body, published=f"{day}T0{n}:00:00+00:00"
    )


def day_of_articles() -> list[Article]:
    return [story_article(t, n) for t in TOPICS for n in range(1, 5)]


def inputs(stories) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return sorted(sorted(a.input for a in s.articles) for s in stories)


def test_average_linkage_does_not_chain_through_a_middle_article() -> None:
    # a~b and b~c are close, a and c are not: single linkage would make one group of three.
    assert average_linkage_sparse(3, [(0, 1, 0.8), (1, 2, 0.7)], 0.5) == [[0, 1], [2]]


def test_sparse_linkage_matches_dense_average_linkage() -> None:
    # Four points: {0, 1} and {2, 3}; the groups' average (0.3 + 0.2 + 0.1 + 0.2) / 4 = 0.2 stays under 0.25.
    edges = [(0, 1, 0.9), (2, 3, 0.8), (0, 2, 0.3), (0, 3, 0.2), (1, 2, 0.1), (1, 3, 0.2)]
    assert average_linkage_sparse(4, edges, 0.25) == [[0, 1], [2, 3]]
    assert average_linkage_sparse(4, edges, 0.19) == [[0, 1, 2, 3]]


def test_stories_of_many_words_group_by_topic() -> None:
    assert inputs(group_stories(day_of_articles())) == [[f"{t}-{n}" for n in range(1, 5)] for t in sorted(TOPICS)]


def test_candidate_pairs_give_the_same_groups_as_every_pair() -> None:
    articles = sorted(day_of_articles(), key=lambda a: a.id)
    few = group_indices(articles, GroupingSettings(neighbours=3)).groups
    every = group_indices(articles, GroupingSettings(), exact=True).groups
    assert few == every


def test_order_and_repetition_do_not_change_the_result() -> None:
    articles = day_of_articles()
    shuffled = articles[:]
    random.Random(3).shuffle(shuffled)
    runs = [group_stories(articles), group_stories(shuffled), group_stories(articles)]
    assert len({str([[a.id for a in s.articles] for s in run]) for run in runs}) == 1


def test_far_apart_in_time_needs_more_evidence() -> None:
    params = GroupingSettings()
    assert time_factor(0.0, 0.0, params) == 1.0
    assert time_factor(0.0, 86400.0 * 365, params) < time_factor(0.0, 86400.0 * 7, params) < 1.0
    assert time_factor(None, 86400.0, params) == 1.0
    same = [story_article("flood", 1), story_article("flood", 2)]
    apart = [story_article("flood", 1), story_article("flood", 2, day="2019-05-02")]
    strict = GroupingSettings(threshold=0.55, attach_threshold=0.9)
    assert len(group_stories(same, strict)) == 1
    assert len(group_stories(apart, strict)) == 2


def test_look_alikes_with_different_key_names_stay_apart() -> None:
    template = "A magnitude {m} earthquake struck near {a} and {b} early on Monday, {c} officials said. " * 3
    first = Article(
        input="quake-1",
        title="Strong earthquake hits the coast",
        text=template.format(m="7.5", a="Wajima", b="Suzu", c="Ishikawa"),
    )
    second = Article(
        input="quake-2",
        title="Strong earthquake hits the coast",
        text=template.format(m="6.1", a="Hualien", b="Taroko", c="Taiwanese"),
    )
    texts_count = GroupingSettings(short_terms=0)  # judge these short texts as if they were long
    assert len(group_stories([first, second], texts_count)) == 2
    assert len(group_stories([first, second], GroupingSettings(short_terms=0, veto_below=0.0))) == 1


def test_a_story_continued_the_next_day_is_linked_to_the_first_day(tmp_path) -> None:  # type: ignore[no-untyped-def]
    memory = StoryMemory()
    monday = group_stories([story_article("flood", n, "2024-05-06") for n in (1, 2)])
    assert memory.link([s.signature for s in monday], ["Floods"], "2024-05-06", 7, 0.3) == [None]
    save_memory(tmp_path, memory, "2024-05-06", 7)
    tuesday = group_stories([story_article("flood", n, "2024-05-07") for n in (3, 4)] + [story_article("vote", 1)])
    titles = [s.articles[0].title for s in tuesday]
    found = load_memory(tmp_path).link([s.signature for s in tuesday], titles, "2024-05-07", 7, 0.3)
    pairs = zip(tuesday, found, strict=True)
    linked = sorted((s.articles[0].input.split("-")[0], f.first_seen if f else "") for s, f in pairs)
    assert linked == [("flood", "2024-05-06"), ("vote", "")]


def test_the_memory_forgets_old_stories(tmp_path) -> None:  # type: ignore[no-untyped-def]
    memory = StoryMemory()
    memory.link([{"flood": 1.0}], ["Floods"], "2024-05-01", 7, 0.3)
    save_memory(tmp_path, memory, "2024-05-20", 7)
    assert load_memory(tmp_path).stories == {}


def test_a_damaged_memory_file_says_how_to_recover(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".briefing-stories.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="delete it"):
        load_memory(tmp_path)


@pytest.mark.parametrize(
    "field",
    [{"threshold": 0.0}, {"attach_threshold": 1.5}, {"neighbours": 0}, {"veto_below": -0.1}, {"title_weight": 0}],
)
def test_grouping_settings_are_validated(field: dict[str, float]) -> None:
    with pytest.raises(ConfigError, match=r"\[grouping\]"):
        GroupingSettings(**field)  # type: ignore[arg-type]


def test_the_daily_item_of_a_continued_story_says_when_it_was_first_seen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = DailySettings(output=OutputSettings(dir=tmp_path), sources=("notes",))
    memory = StoryMemory()
    monday = [story_article("flood", n, "2024-05-06") for n in (1, 2)]
    items, _ = build_items(monday, {a.id: None for a in monday}, settings, FakeEngine(), memory, "2024-05-06")
    assert [n for it in items for n in it.result.notes if n.startswith("developing")] == []
    tuesday = [story_article("flood", n, "2024-05-07") for n in (3, 4)] + [story_article("vote", 1, "2024-05-07")]
    items, _ = build_items(tuesday, {a.id: None for a in tuesday}, settings, FakeEngine(), memory, "2024-05-07")
    notes = {it.article.input.split("-")[0]: it.result.notes for it in items}
    assert notes["flood"][0] == "developing: first seen 2024-05-06"
    assert not any(n.startswith("developing") for n in notes["vote"])

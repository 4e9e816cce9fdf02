"""The grouping package: sparse linkage, candidate pairs vs every pair, the time rule, the look-alike veto, memory."""

from __future__ import annotations

import dataclasses
import math
import random

import pytest

from summarizer.config import ConfigError
from summarizer.config.daily import DailySettings, GroupingSettings, OutputSettings
from summarizer.daily.run import build_items
from summarizer.daily.stories import group_stories
from summarizer.grouping.candidates import nearest_pairs
from summarizer.grouping.cluster import group_indices, pair_scores
from summarizer.grouping.linkage import TimeRule, average_linkage_sparse, span_of
from summarizer.grouping.memory import StoryMemory, load_memory, save_memory
from summarizer.grouping.terms import article_terms, day_terms
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


DAY = 86400.0


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([0, 0, 0], [0, DAY, DAY], 1.0),  # same days
        ([0, 100 * DAY, 200 * DAY], [50 * DAY, 300 * DAY, 400 * DAY], 1.0),  # ranges overlap: one topic, on and off
        ([0, 0, 0], [365 * DAY, 365 * DAY], 1.0),  # two dated reports are too few to call a burst
        ([0, 0, 0], [None, None, None], 1.0),  # undated
        ([0, DAY, 2 * DAY], [367 * DAY, 368 * DAY, 369 * DAY], 1 / (1 + 0.3 * math.log1p(365 / 30))),  # a year apart
    ],
)
def test_the_time_rule_judges_two_bursts_by_the_gap_between_their_date_ranges(
    a: list[float | None], b: list[float | None], expected: float
) -> None:
    rule = TimeRule(penalty=0.3, scale_days=30, min_articles=3)
    assert rule.factor(span_of(a), span_of(b)) == pytest.approx(expected)
    assert rule.factor(span_of(b), span_of(a)) == pytest.approx(expected)
    assert TimeRule(penalty=0.0, scale_days=30).factor(span_of(a), span_of(b)) == 1.0


def test_the_further_apart_two_bursts_the_less_their_similarity_counts() -> None:
    rule = TimeRule(penalty=0.3, scale_days=30, min_articles=3)
    burst = span_of([0, DAY, 2 * DAY])
    factors = [rule.factor(burst, span_of([t, t, t])) for t in (3 * DAY, 10 * DAY, 100 * DAY, 1000 * DAY)]
    assert factors[0] == pytest.approx(1 / (1 + 0.3 * math.log1p(1 / 30)))
    assert factors == sorted(factors, reverse=True) and factors[-1] < 0.6


@pytest.mark.parametrize(("gap_days", "merged"), [(7, True), (365, False)])
def test_linkage_keeps_two_bursts_a_year_apart_but_not_a_week_apart(gap_days: int, merged: bool) -> None:
    # Two tight groups of three; across them every pair has similarity 0.5, just enough at threshold 0.45.
    edges = [(i, j, 0.9 if (i < 3) == (j < 3) else 0.5) for i in range(6) for j in range(i + 1, 6)]
    times = [0.0, DAY, 2 * DAY] + [gap_days * DAY + k * DAY for k in range(3)]
    groups = average_linkage_sparse(6, edges, 0.45, times, TimeRule(penalty=0.3, scale_days=30, min_articles=3))
    assert groups == ([[0, 1, 2, 3, 4, 5]] if merged else [[0, 1, 2], [3, 4, 5]])


def burst(tag: str, day: str, n: int) -> list[Article]:
    """``n`` reports of one flood (shared words) in one burst (words of their own): each burst is closer within."""
    words = TOPICS["flood"].split()
    return [
        Article(
            input=f"{tag}-{k}",
            title=f"Flood {tag}",
            text=" ".join(
                words * 3 + [f"{tag}{w}" for w in range(12) for _ in range(2)] + [f"{tag}{k}x{w}" for w in range(8)]
            ),
            published=f"{day}T0{k}:00:00+00:00",
        )
        for k in range(n)
    ]


@pytest.mark.parametrize(("second", "stories"), [("2024-05-04", 1), ("2025-05-02", 2)])
def test_two_bursts_of_reports_a_year_apart_stay_two_stories(second: str, stories: int) -> None:
    settings = GroupingSettings(threshold=0.25, attach_threshold=0.9)  # across the bursts every pair has 0.3
    day = burst("alpha", "2024-05-02", 3) + burst("beta", second, 3)
    assert len(group_stories(day, settings)) == stories
    assert len(group_stories(day, dataclasses.replace(settings, time_penalty=0.0))) == 1


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
    [
        {"threshold": 0.0},
        {"attach_threshold": 1.5},
        {"neighbours": 0},
        {"veto_below": -0.1},
        {"veto_story_below": 1.5},
        {"title_weight": 0},
        {"time_min_articles": -1},
        {"veto_central_days": -1.0},
    ],
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


@pytest.mark.parametrize(("k", "floor"), [(1, -2.0), (3, -2.0), (5, 0.1), (20, -2.0)])
def test_candidate_pairs_are_each_articles_nearest_neighbours(k: int, floor: float) -> None:
    import numpy as np
    from scipy import sparse

    rng = np.random.default_rng(k)
    dense = rng.random((40, 30)) * (rng.random((40, 30)) < 0.5)  # sparse, yet no two rows tie
    dense /= np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-12)
    first, second, cosine = nearest_pairs(sparse.csr_matrix(dense), k, floor)
    similarity = dense @ dense.T
    np.fill_diagonal(similarity, -np.inf)
    expected = set()
    for i, row in enumerate(similarity):
        for j in np.argsort(-row, kind="stable")[: min(k, 39)]:
            if row[j] >= floor:
                expected.add((min(i, int(j)), max(i, int(j))))
    assert set(zip(first.tolist(), second.tolist(), strict=True)) == expected
    assert np.allclose(cosine, similarity[first, second])
    pairs = list(zip(first.tolist(), second.tolist(), strict=True))
    assert (first < second).all() and pairs == sorted(pairs)


@pytest.mark.parametrize(
    ("text", "word", "name"),
    [
        ("Officials in Uganda met, and Uganda banned the bags; ministers from Uganda agreed.", "uganda", True),
        ("Angela Merkel met Émile Zola and Łukasz in Berlin, where Łukasz spoke.", "łukasz", True),
        ("The president spoke. Later the president left, and the president said that President Ruto agreed.",
         "president", False),
        ("Kampala. Uganda banned the bags.", "uganda", False),  # only ever a sentence's first word: unknown
    ],
)  # fmt: skip
def test_a_name_is_a_word_the_day_mostly_writes_with_a_capital_mid_sentence(text: str, word: str, name: bool) -> None:
    article = Article(input="a", title="Report", text=text)
    # The other article only starts a sentence with the word: what the day's other uses say decides for it too.
    other = Article(input="b", title="Other", text=f"{word.capitalize()} was in the news. Nothing else happened.")
    day = day_terms([article_terms(article), article_terms(other)])
    assert [word in {day.vocab[c] for c in day.names[row].indices} for row in (0, 1)] == [name, name]


@pytest.mark.parametrize(("distinct", "share"), [(70, 1.0), (35, 1.0), (28, 0.64), (14, 0.16)])
def test_two_short_texts_need_proportionally_more_overlap(distinct: int, share: float) -> None:
    import numpy as np

    def article(tag: str) -> Article:
        return Article(input=tag, title="", text=" ".join(f"word{k}" for k in range(distinct)))

    terms = [article_terms(article("a")), article_terms(article("b"))]
    day = day_terms(terms)
    first, second, cosine = np.array([0]), np.array([1]), np.array([0.5])
    score, vetoed = pair_scores(first, second, cosine, day, terms, GroupingSettings(short_terms=35))
    assert score[0] == pytest.approx(0.5 * share) and not vetoed[0]


QUAKE = (
    "A strong earthquake struck near {a} early on {day}, collapsing buildings and cutting power to thousands of"
    " homes. Rescuers in {b} searched the rubble for survivors as aftershocks shook the coast, and officials in {c}"
    " opened shelters for families who had lost their homes. {extra}"
)


def quake_report(n: int, places: tuple[str, str, str], published: str, extra: str = "") -> Article:
    a, b, c = places
    text = QUAKE.format(a=a, b=b, c=c, day="Monday" if n % 2 else "Tuesday", extra=extra) * 2
    return Article(input=f"{a}-{n}", title=f"Earthquake hits {a}", text=text, published=published)


def two_quakes(first_days: tuple[str, str], second_days: tuple[str, str]) -> list[Article]:
    noto, hualien = ("Noto", "Wajima", "Ishikawa"), ("Hualien", "Taroko", "Taipei")
    return [
        quake_report(1, noto, f"{first_days[0]}T08:00:00+00:00"),
        quake_report(2, noto, f"{first_days[1]}T09:00:00+00:00"),
        # a passing mention of the other story's country must not make the two stories one
        quake_report(3, hualien, f"{second_days[0]}T08:00:00+00:00", "Tsunami alerts were issued as far as Noto."),
        quake_report(4, hualien, f"{second_days[1]}T09:00:00+00:00"),
    ]


LOOK_ALIKE_SETTINGS = GroupingSettings(short_terms=0, veto_below=0.0)  # the story rule alone, on long-enough texts


def test_two_separate_bursts_with_different_key_names_stay_two_stories() -> None:
    day = two_quakes(("2024-01-01", "2024-01-02"), ("2024-04-03", "2024-04-03"))
    assert inputs(group_stories(day, LOOK_ALIKE_SETTINGS)) == [
        ["Hualien-3", "Hualien-4"],
        ["Noto-1", "Noto-2"],
    ]
    merged = dataclasses.replace(LOOK_ALIKE_SETTINGS, veto_story_below=0.0)
    assert len(group_stories(day, merged)) == 1  # the words alone make them one: the rule is what keeps them apart


def test_look_alike_rule_leaves_overlapping_bursts_and_long_topics_to_the_words() -> None:
    same_days = two_quakes(("2024-01-01", "2024-01-02"), ("2024-01-01", "2024-01-02"))
    assert len(group_stories(same_days, LOOK_ALIKE_SETTINGS)) == 1  # the same days' news: not judged
    topic = two_quakes(("2024-01-01", "2024-03-01"), ("2024-04-01", "2024-06-01"))  # months apart, each: a topic
    assert len(group_stories(topic, dataclasses.replace(LOOK_ALIKE_SETTINGS, time_penalty=0.0))) == 1


def test_a_story_key_names_are_the_names_most_of_its_articles_use() -> None:
    from summarizer.grouping.entities import KeyNames

    day = two_quakes(("2024-01-01", "2024-01-02"), ("2024-04-03", "2024-04-03"))
    terms = [article_terms(a) for a in day]
    names = day_terms(terms)
    key_names = KeyNames(names.names, names.vocab, [t.time for t in terms], 0.02, 3, 30.0)
    hualien = key_names.profile([2, 3])
    assert "noto" in {names.vocab[c] for c in hualien.weights}  # mentioned once ...
    assert {names.vocab[c] for c in hualien.key()} == {"hualien", "taroko", "taipei"}  # ... but no key name
    assert key_names.conflict(key_names.profile([0, 1]), hualien)
    assert not key_names.conflict(key_names.profile([0]), key_names.profile([2]))  # a lone report is not judged
    undated = KeyNames(names.names, names.vocab, [None] * 4, 0.02, 3, 30.0)
    assert not undated.conflict(undated.profile([0, 1]), undated.profile([2, 3]))  # when they happened is unknown


def test_linkage_passes_over_a_pair_the_veto_refuses_and_tells_it_of_merges() -> None:
    class NotZeroAndThree:
        def __init__(self) -> None:
            self.groups = {i: {i} for i in range(4)}

        def refuses(self, a: int, b: int) -> bool:
            return {0, 3} <= self.groups[a] | self.groups[b]

        def merged(self, a: int, b: int) -> None:
            self.groups[a] |= self.groups.pop(b)

    edges = [(0, 1, 0.9), (2, 3, 0.8), (1, 2, 0.7), (0, 2, 0.7), (1, 3, 0.7), (0, 3, 0.7)]
    assert average_linkage_sparse(4, edges, 0.5) == [[0, 1, 2, 3]]
    assert average_linkage_sparse(4, edges, 0.5, veto=NotZeroAndThree()) == [[0, 1], [2, 3]]


RATE = (
    "On {day} the {bank} lowered its benchmark interest rate by a quarter point, citing slower inflation and weaker"
    " growth, and the {bank} said further cuts would depend on incoming data. Speaking to reporters, {chair} said the"
    " labour market remained strong, while traders in {city} pushed stocks higher and bond yields lower. {extra}"
)


def rate_report(bank: str, chair: str, city: str, published: str, extra: str = "") -> Article:
    text = RATE.format(bank=bank, chair=chair, city=city, day="Thursday", extra=extra)
    return Article(input=bank, title=f"{bank} cuts interest rates", text=text, published=published)


def two_rate_cuts(second: str) -> list[Article]:
    # the first report names the other bank in passing: its names agree with the second report's
    return [
        rate_report("ECB", "Lagarde", "Frankfurt", "2024-06-06T12:00:00+00:00", "The move came before the Fed."),
        rate_report("Fed", "Powell", "Washington", f"{second}T18:00:00+00:00"),
    ]


CENTRAL = GroupingSettings(veto_central_days=30.0)


def test_two_reports_months_apart_about_different_central_names_are_look_alikes() -> None:
    day = two_rate_cuts("2024-09-18")
    assert len(group_stories(day, GroupingSettings())) == 1  # the words (and a shared name) make them one
    assert inputs(group_stories(day, CENTRAL)) == [["ECB"], ["Fed"]]


def test_the_central_name_rule_leaves_reports_close_in_time_to_the_words() -> None:
    assert len(group_stories(two_rate_cuts("2024-06-20"), CENTRAL)) == 1  # two weeks apart: one burst of news


@pytest.mark.parametrize("title", ["Fed follows ECB and cuts interest rates", "Fed cuts interest rates"])
def test_reports_that_share_or_cross_name_what_they_are_about_are_no_look_alikes(title: str) -> None:
    # a central name in common, or each report naming the other's central name: one story, as far as names go
    day = two_rate_cuts("2024-09-18")
    fed = rate_report("Fed", "Powell", "Washington", "2024-09-18T18:00:00+00:00", "The move came after the ECB.")
    day[1] = dataclasses.replace(fed, title=title)
    assert len(group_stories(day, CENTRAL)) == 1


def test_central_names_are_title_names_and_names_mentioned_twice() -> None:
    from summarizer.grouping.entities import _same_names, central_names

    day = two_rate_cuts("2024-09-18")
    terms = [article_terms(a) for a in day]
    names = day_terms(terms)
    columns = {w: c for c, w in enumerate(names.vocab)}
    named = [False] * len(names.vocab)
    for c in names.names.indices.tolist():
        named[c] = True
    central = central_names(terms[0].counts, columns, named, _same_names(names.vocab))
    assert {names.vocab[c] for c in central} == {"ecb"}  # not "fed", "lagarde" or "frankfurt": each named once

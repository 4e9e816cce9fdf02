"""Merging a story's points from several sources (``daily/merge.py``): one fact once, disagreements said, the most
carried facts first. Sentence vectors come from ``FakeEmbedder``: no model, every cosine chosen by the test."""

from __future__ import annotations

import dataclasses

import pytest

from summarizer.daily.merge import merge_points
from summarizer.daily.stories import Story, merge_story, story_points
from summarizer.embeddings import EmbeddingsUnavailable
from summarizer.records import Article, ArticlePoints, BriefingItem, Candidate, PointSupport, TokenCounts
from summarizer.text.facts import name_keys, number_mentions
from tests.fakes import FakeEmbedder

LABELS = ["Reuters", "AP", "AFP"]

PALMER_A = "Nico Williams had opened the scoring before Cole Palmer equalised for England."
PALMER_B = "Substitute Cole Palmer's equaliser raised hopes, but Spain struck again four minutes from time."
NOBEL_A = "The Royal Swedish Academy of Sciences honoured John Hopfield and Geoffrey Hinton for machine learning."
NOBEL_B = "Geoffrey Hinton, who left Google last year, shares the physics prize with American scientist John Hopfield."
DEAD_12, DEAD_15 = "The storm left 12 dead in the capital.", "The storm left 15 dead in the capital."
PANDAS_WILD = "More than 1,500 giant pandas live wild in China, according to a survey."
PANDAS_KEPT = "China has 163 giant pandas in captivity."
VIOXX_RISK = "Merck withdrew Vioxx after data showed heart risks for patients taking it for 18 months."
VIOXX_MAKER = "Merck withdrew Vioxx, one of its best-selling drugs, on Thursday."
FIRE_15, FIRE_12 = "Police said 15 people died in the fire on Monday.", "Police said 12 people died in the fire."
REVENUE = "Apple reported revenue of 94.9 billion dollars."
SERVICES = "Apple cited services income of 25 billion dollars."
OYARZABAL, OLMO = (
    "Oyarzabal scored the winner four minutes from time.",
    "Olmo scored the winner four minutes from time.",
)


@pytest.mark.parametrize(
    ("case", "lists", "meanings", "pairs", "expected"),
    [
        (
            "paraphrases are one point, carried by both",
            [["Twelve people died when the storm hit the capital on Monday."], ["The storm killed 12 in the capital."]],
            [["Twelve people died when the storm hit the capital on Monday.", "The storm killed 12 in the capital."]],
            {},
            [("Twelve people died when the storm hit the capital on Monday.", (0, 1), ())],
        ),
        (
            "a moderate cosine with a shared rare name and word is one fact (the longer wording shows)",
            [["Spain won the final in Berlin.", PALMER_A], ["England lost again.", PALMER_B]],
            [],
            {(PALMER_A, PALMER_B): 0.46},
            [(PALMER_B, (1, 0), ()), ("Spain won the final in Berlin.", (0,), ()), ("England lost again.", (1,), ())],
        ),
        (
            "two points that both say who won the prize are one",
            [[NOBEL_A], [NOBEL_B]],
            [],
            {(NOBEL_A, NOBEL_B): 0.61},
            [(NOBEL_B, (1, 0), ())],
        ),
        (
            "the same cosine without shared names or rare words stays two facts",
            [["Officials closed the schools."], ["Heavy rain flooded the roads."]],
            [],
            {("Officials closed the schools.", "Heavy rain flooded the roads."): 0.61},
            [("Officials closed the schools.", (0,), ()), ("Heavy rain flooded the roads.", (1,), ())],
        ),
        (
            "shared words alone, about different things (cosine 0), stay apart",
            [["The council met on Monday in Lyon."], ["The council voted on Monday in Lyon."]],
            [],
            {},
            [("The council met on Monday in Lyon.", (0,), ()), ("The council voted on Monday in Lyon.", (1,), ())],
        ),
        (
            "a figure the sources disagree on is one point with a note, the counted word first",
            [["A magnitude 7.5 earthquake struck the coast."], ["A 7.6 magnitude quake struck the coast."]],
            [["A magnitude 7.5 earthquake struck the coast.", "A 7.6 magnitude quake struck the coast."]],
            {},
            [
                (
                    "A magnitude 7.5 earthquake struck the coast.",
                    (0, 1),
                    ("Sources differ: magnitude 7.5 (Reuters) vs 7.6 (AP)",),
                )
            ],
        ),
        (
            "figures that only share a unit are two facts, not a disagreement",
            [[REVENUE], [SERVICES]],
            [],
            {(REVENUE, SERVICES): 0.65},
            [(REVENUE, (0,), ()), (SERVICES, (1,), ())],
        ),
        (
            "different figures in two points that say different things are two facts, not a disagreement",
            [[PANDAS_WILD], [PANDAS_KEPT]],
            [],
            {(PANDAS_WILD, PANDAS_KEPT): 0.74},
            [(PANDAS_WILD, (0,), ()), (PANDAS_KEPT, (1,), ())],
        ),
        (
            "one figure each, counting nothing in common, in two different claims: two facts",
            [[VIOXX_RISK], [VIOXX_MAKER]],
            [],
            {(VIOXX_RISK, VIOXX_MAKER): 0.79},
            [(VIOXX_RISK, (0,), ()), (VIOXX_MAKER, (1,), ())],
        ),
        (
            "below a paraphrase's cosine, one claim with one figure changed is still a disagreement",
            [[FIRE_15], [FIRE_12]],
            [],
            {(FIRE_15, FIRE_12): 0.74},
            [(FIRE_15, (0, 1), ("Sources differ: 15 people (Reuters) vs 12 people (AP)",))],
        ),
        (
            "a count the sources disagree on: the word after each figure",
            [[DEAD_12], [DEAD_15]],
            [[DEAD_12, DEAD_15]],
            {},
            [(DEAD_12, (0, 1), ("Sources differ: 12 dead (Reuters) vs 15 dead (AP)",))],
        ),
        (
            "the figure most sources give is the one shown; who gives which is said",
            [["Police said 15 people died."], ["Police said 12 people died."], ["Police said 15 people died."]],
            [["Police said 15 people died.", "Police said 12 people died."]],
            {},
            [
                (
                    "Police said 15 people died.",
                    (0, 1, 2),
                    ("Sources differ: 15 people (Reuters, AFP) vs 12 people (AP)",),
                )
            ],
        ),
        (
            "a name the sources disagree on is one point with a note",
            [[OYARZABAL], [OLMO]],
            [],
            {(OYARZABAL, OLMO): 0.9},
            [(OYARZABAL, (0, 1), ("Sources differ: Oyarzabal (Reuters) vs Olmo (AP)",))],
        ),
        (
            "two points of one article are never merged (the engine chose them as distinct)",
            [["The bridge collapsed at night.", "The bridge fell down overnight."]],
            [["The bridge collapsed at night.", "The bridge fell down overnight."]],
            {},
            [("The bridge collapsed at night.", (0,), ()), ("The bridge fell down overnight.", (0,), ())],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_merge_cases(case, lists, meanings, pairs, expected) -> None:
    merged = merge_points(lists, 10, labels=LABELS[: len(lists)], embedder=FakeEmbedder(meanings, pairs))
    assert [(p.text, p.sources, p.differs) for p in merged.points] == expected, case
    assert merged.left_out == 0 and merged.note is None


def test_different_figures_are_never_both_printed_silently() -> None:
    a, b = "Officials said 40 homes were destroyed.", "Officials said 55 homes were destroyed."
    merged = merge_points([[a], [b]], 4, labels=LABELS[:2], embedder=FakeEmbedder([[a, b]]))
    [point] = merged.points
    shown = point.text + " " + " ".join(point.differs)
    assert "40" in point.text and "55" not in point.text
    assert "55" in shown and point.differs == ("Sources differ: 40 homes (Reuters) vs 55 homes (AP)",)


def test_the_fact_most_sources_carry_comes_first_then_the_rank_in_its_article() -> None:
    shared = ["Rescuers reached the village on Tuesday.", "Rescue teams got to the village.", "Rescuers arrived."]
    lists = [
        ["The dam burst after days of rain.", "Farmland was flooded.", shared[0]],
        ["Thousands were evacuated downstream.", shared[1]],
        ["The army sent helicopters.", "Schools were closed.", shared[2]],
    ]
    merged = merge_points(lists, 10, labels=LABELS, embedder=FakeEmbedder([shared]))
    texts = [p.text for p in merged.points]
    assert texts[0] in shared and sorted(merged.points[0].sources) == [0, 1, 2]
    # then single-source facts by their rank: every source's first point before any second point
    firsts = ["The dam burst after days of rain.", "Thousands were evacuated downstream.", "The army sent helicopters."]
    assert texts[1:4] == firsts
    assert texts[4:] == ["Farmland was flooded.", "Schools were closed."]


def test_the_cap_keeps_the_most_carried_facts_and_counts_the_rest() -> None:
    lists = [["First fact here.", "Second fact here.", "Third fact here."], ["Fourth fact here.", "Fifth fact here."]]
    merged = merge_points(lists, 2, embedder=FakeEmbedder())
    assert [p.text for p in merged.points] == ["First fact here.", "Fourth fact here."]
    assert merged.left_out == 3


def test_without_embeddings_points_merge_by_their_words_and_say_so() -> None:
    def unavailable(texts):
        raise EmbeddingsUnavailable("no model here")

    lists = [["The storm hit the coast on Monday night."], ["The storm hit the coast on Monday night, police said."]]
    merged = merge_points(lists, 4, embedder=unavailable)
    assert len(merged.points) == 1 and merged.points[0].sources in ((0, 1), (1, 0))
    assert merged.note is not None and "words only" in merged.note and "no model here" in merged.note


def _item(article: Article, points: tuple[str, ...]) -> BriefingItem:
    support = tuple(PointSupport(p, (f"{p} (from {article.source})",)) for p in points)
    return BriefingItem(article, ArticlePoints(points, TokenCounts(10, 10), support=support))


def test_merge_story_keeps_who_says_what_and_the_shown_wordings_support() -> None:
    a = Article("a.md", "Quake strikes", "text a", source="World Desk", published="2024-01-01T08:40:00Z")
    b = Article("b.md", "Tsunami warning", "text b", source="Asia Wire", published="2024-01-01T10:05:00Z")
    a_points = ("A magnitude 7.5 earthquake hit the Noto peninsula.", "Buildings collapsed in Wajima.")
    b_points = ("A magnitude 7.6 earthquake hit the Noto peninsula.", "Trains were halted.")
    embedder = FakeEmbedder([[a_points[0], b_points[0]]])
    items = {a.id: _item(a, a_points), b.id: _item(b, b_points)}
    item = merge_story(Story((a, b)), items, 4, None, embedder=embedder)
    assert item.result.points[0] == a_points[0]
    assert item.point_sources[0].sources == (a.id, b.id)
    assert item.point_sources[0].differs == ("Sources differ: magnitude 7.5 (World Desk) vs 7.6 (Asia Wire)",)
    assert [s.point for s in item.result.support] == list(item.result.points)
    assert item.result.support[2].sentences == ("Trains were halted. (from Asia Wire)",)
    data = item.to_dict()
    assert data["point_sources"][0] == {
        "point": a_points[0],
        "sources": [a.id, b.id],
        "differs": ["Sources differ: magnitude 7.5 (World Desk) vs 7.6 (Asia Wire)"],
    }
    assert [s["id"] for s in data["sources"]] == [a.id, b.id]


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("A 7.6-magnitude tremor struck.", ["7.6: magnitude tremor"]),
        ("Magnitude 7.5 quake; 1,200 homes lost.", ["7.5: magnitude quake", "1200: quake homes lost"]),
        ("Spain won 2-1, paid 8.5 million dollars.", ["2-1: spain won paid", "8.5 million: paid dollars"]),
        ("Twelve people died.", ["12: people died"]),
    ],
)
def test_number_mentions_keep_the_words_that_say_what_they_count(text: str, mentions: list[str]) -> None:
    assert [f"{m.value}: {' '.join((*m.before, *m.after))}" for m in number_mentions(text)] == mentions


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (PALMER_B, {"palmer", "spain"}),
        (PALMER_A, {"williams", "palmer", "england"}),
        ("Oyarzabal scored late in Berlin.", {"oyarzabal", "berlin"}),
        ("Officials in Ishikawa confirmed dozens of deaths.", {"ishikawa"}),
    ],
)
def test_name_keys(text: str, names: set[str]) -> None:
    assert name_keys(text) == names


@pytest.mark.parametrize(("max_points", "sources", "shown"), [(4, 1, 4), (4, 2, 5), (4, 3, 6), (4, 9, 8), (2, 5, 4)])
def test_a_story_shows_one_more_point_per_extra_source_up_to_twice_max_points(
    max_points: int, sources: int, shown: int
) -> None:
    assert story_points(max_points, sources) == shown


def test_a_merged_story_says_how_many_points_its_cap_left_out() -> None:
    articles = [Article(f"{i}.md", f"Story {i}", f"text {i}", source=f"Desk {i}") for i in range(3)]
    items = {a.id: _item(a, tuple(f"Fact {i}-{k} is distinct." for k in range(4))) for i, a in enumerate(articles)}
    item = merge_story(Story(tuple(articles)), items, 4, None, embedder=FakeEmbedder())
    assert len(item.result.points) == 6
    assert "6 more distinct point(s) from these sources left out (at most 6 for a story from 3 sources)" in (
        item.result.notes
    )


QUAKE = ["The quake destroyed the old harbour wall.", "Harbour walls fell in the quake.", "The harbour wall collapsed."]
LEADS = ["Rescuers searched the hills overnight.", "The airport reopened on Sunday.", "Schools stay shut this week."]


def _pool(*rows: tuple[str, float]) -> tuple[Candidate, ...]:
    return tuple(Candidate(text, score) for text, score in rows)


def test_with_candidates_a_fact_most_sources_state_beats_each_sources_best_sentence() -> None:
    # each source's best sentence is its own point; the fact all three state is only a candidate of each
    pools = [
        _pool((LEADS[0], 1.0), (QUAKE[0], 0.9)),
        _pool((LEADS[1], 1.0), (QUAKE[1], 0.5)),
        _pool((LEADS[2], 1.0), (QUAKE[2], 0.4)),
    ]
    merged = merge_points(
        [[p[0].text] for p in pools], 10, labels=LABELS, embedder=FakeEmbedder([QUAKE]), candidates=pools
    )
    assert merged.points[0].text in QUAKE and sorted(merged.points[0].sources) == [0, 1, 2]
    assert [p.text for p in merged.points[1:]] == LEADS  # then by score (ties: rank, then source)
    without = merge_points([[p[0].text] for p in pools], 10, labels=LABELS, embedder=FakeEmbedder([QUAKE]))
    assert [p.text for p in without.points] == LEADS  # the articles' own points only: the shared fact is missing


def test_with_candidates_the_score_orders_single_source_facts_and_repeats_are_skipped() -> None:
    echo, extra = "Rescuers searched the hills through the night.", "Power returned to the town by noon."
    pools = [_pool((LEADS[0], 1.0), (echo, 0.95), (LEADS[2], 0.3), (extra, 0.2)), _pool((LEADS[1], 1.0))]
    embedder = FakeEmbedder(pairs={(LEADS[0], echo): 0.8})  # one source's near-repeat of its own best sentence
    lists = [[LEADS[0], LEADS[2]], [LEADS[1]]]
    merged = merge_points(lists, 2, labels=LABELS[:2], embedder=embedder, candidates=pools)
    assert [p.text for p in merged.points] == [LEADS[0], LEADS[1]]
    # left out: LEADS[2], an article's own point; not the repeat, nor a sentence that was only a candidate
    assert merged.left_out == 1
    assert [p.text for p in merge_points(lists, 10, embedder=embedder, candidates=pools).points][2:] == [
        LEADS[2],
        extra,
    ]


def test_a_merged_story_from_candidates_keeps_support_and_sources_of_pool_sentences() -> None:
    articles = [Article(f"{i}.md", f"Quake {i}", f"text {i}", source=f"Desk {i}") for i in range(3)]
    items = {}
    for i, a in enumerate(articles):
        base = _item(a, (LEADS[i],))
        pool = _pool((LEADS[i], 1.0), (QUAKE[i], 0.6))
        items[a.id] = BriefingItem(a, dataclasses.replace(base.result, candidates=pool))
    item = merge_story(Story(tuple(articles)), items, 4, None, embedder=FakeEmbedder([QUAKE]))
    assert item.result.points[0] in QUAKE
    assert sorted(item.point_sources[0].sources) == sorted(a.id for a in articles)
    shown = item.result.points[0]
    assert item.result.support[0] == PointSupport(shown, (shown,))  # a sentence of its article supports itself
    assert [s.point for s in item.result.support] == list(item.result.points)


def test_a_story_names_each_source_by_the_id_its_input_gave_it() -> None:
    a = Article("day.jsonl", "Quake strikes", "text a", source="World Desk", record_id="APW-1")
    b = Article("b.md", "Tsunami warning", "text b", source="Asia Wire")  # a file gives no record id
    points = ("A magnitude 7.5 earthquake hit the Noto peninsula.",)
    items = {a.id: _item(a, points), b.id: _item(b, points)}
    data = merge_story(Story((a, b)), items, 4, None, embedder=FakeEmbedder([])).to_dict()
    assert data["record_id"] == "APW-1"
    assert [s.get("record_id") for s in data["sources"]] == ["APW-1", None]
    assert "record_id" not in data["sources"][1]  # the JSON of inputs without ids keeps its shape

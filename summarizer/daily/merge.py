"""One story's key points from several sources as one list: the same fact once, however each source words it; a
figure the sources disagree on said as a disagreement; the facts most sources carry first.

Two points state the same fact when their MiniLM embeddings are close and they share the story's rarer words, names
and numbers (a story's topic words, which most of its sentences repeat, count for little). Two points that state the
same fact with different figures (magnitude 7.5 and 7.6) are one item with a note naming each source's figure."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from summarizer.engines.scoring import trigrams
from summarizer.records import Candidate
from summarizer.text.facts import (
    NumberMention,
    TermWeights,
    content_stems,
    name_runs,
    number_mentions,
    stem,
    term_weights,
    weighted_overlap,
)

Embedder = Callable[[Sequence[str]], Any]

# Chosen on hand-labelled point pairs of the multi-source stories in benchmarks/data/grouping_items.jsonl and checked
# on the DUC clusters with benchmarks/story_points.py (README: "How a story's points are merged").
PARAPHRASE = 0.8  # cosine at which two points say the same thing whatever their words
COSINE_FLOOR = 0.35  # below this cosine two points are about different things, whatever words they share
SAME_FACT = 0.9  # cosine + share of rare words + name/number agreement from which two points state one fact
AGREEMENT_BONUS = 0.1  # per name or number two points share (at most MAX_AGREEMENTS count)
MAX_AGREEMENTS = 2
FIGURE_CLASH_COSINE = 0.7  # two points with different figures for one thing: a disagreement from this cosine, or
FIGURE_CLASH_CONTEXT = 2  # when this many words beside the figures, or one telling word ("magnitude"), are shared;
# else two facts: "revenue of 94.9 billion dollars" and "services income of 25 billion dollars" share a unit only
FIGURE_CLASH_WORDS = 0.5  # a count of things differs only within one claim: a paraphrase, or this share (Jaccard)
# of the other words the same; "1,500 giant pandas live wild" and "163 giant pandas in captivity" are two facts. A
# measure of one event ("magnitude 7.5" vs "7.6 magnitude tremor") differs in any two points of a story.
GENERIC_UNITS = frozenset(
    stem(w)
    for w in "dollars euros pounds yen yuan francs rupees percent cent people persons times years months weeks days "
    "hours minutes points units".split()
)
NAME_CLASH_COSINE = 0.6  # two points that differ in one name each are a disagreement from this cosine ...
NAME_CLASH_WORDS = 0.6  # ... when this share (Jaccard) of their other words is the same
UNIT_FIRST = frozenset(
    "magnitude category level grade number flight route highway article section chapter page round stage phase "
    "aged age year".split()
)  # words written before the figure they qualify ("magnitude 7.5", "aged 45")
MEASURES = frozenset(stem(w) for w in "magnitude category level grade".split())  # one per event: any two differ
# Pool mode (extractive candidates), chosen on the DUC 2003 and 2006 clusters together (benchmarks/story_points.py;
# weights 2 to 4 with 8 or 12 candidates an article all score within about 0.3 R2 of each other on both):
SUPPORT_WEIGHT = 4.0  # support (a mean cosine, 0..1) against the engine's relative probability (0..1)
REPEAT_COSINE = 0.75  # a chosen point this close to one already chosen repeats it
_ROUGH_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class _Point:
    """A candidate point and what it states."""

    text: str
    source: int
    rank: int
    stems: frozenset[str]
    names: frozenset[str]
    numbers: tuple[NumberMention, ...]
    written_names: dict[str, str] = field(compare=False, hash=False)
    score: float = 0.0
    """The engine's probability for the sentence relative to its article's best (pool mode), else 0."""


@dataclass(frozen=True)
class MergedPoint:
    """One fact of a story: the wording shown, the sources that state it (the wording's first) and, when they
    disagree on a figure or a name, what each says."""

    text: str
    sources: tuple[int, ...]
    rank: int
    differs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Merged:
    """A story's merged points, how many distinct ones the cap left out, and a note when merging had to do
    without embeddings."""

    points: list[MergedPoint]
    left_out: int
    note: str | None = None


@dataclass
class _Group:
    seed: _Point
    members: list[_Point]
    clashes: list[tuple[str, str, str, _Point]] = field(default_factory=list)
    """(what differs, the seed's value, the member's value, the member)."""


def _point(text: str, source: int, rank: int, score: float = 0.0) -> _Point:
    numbers = tuple(number_mentions(text))
    values = {m.value for m in numbers} | {m.value.split()[0] for m in numbers}
    runs = {stem(key): written for key, written in name_runs(text).items()}
    stems = frozenset(content_stems(text) - values)
    return _Point(text, source, rank, stems, frozenset(runs), numbers, runs, score)


def _clashing_numbers(a: _Point, b: _Point, cosine: float) -> list[tuple[str, str, str]] | None:
    """Figures of ``a`` and ``b`` that count the same thing (a word beside both says what) but differ, as
    (what they count, ``a``'s figure, ``b``'s figure); ``None`` when figures differ but the two points are not
    surely one claim (then they are two facts, not a disagreement)."""
    values_a, values_b = {m.value for m in a.numbers}, {m.value for m in b.numbers}
    only_a = [m for m in a.numbers if m.value not in values_b]
    only_b = [m for m in b.numbers if m.value not in values_a]
    if not only_a or not only_b:
        return []  # no figure of one point is missing from the other: nothing to disagree on
    one_claim = cosine >= PARAPHRASE or _word_share(a, b) >= FIGURE_CLASH_WORDS
    clashes = []
    for ma in only_a:
        for mb in only_b:
            shared = ma.context & mb.context
            if shared:
                telling = len(shared) >= FIGURE_CLASH_CONTEXT or bool(shared - GENERIC_UNITS)
                if cosine < FIGURE_CLASH_COSINE and not telling:
                    return None
                if not one_claim and not shared & MEASURES:
                    return None  # "1,500 giant pandas live wild", "163 giant pandas in captivity": two facts
                clashes.append((_unit(ma, shared), ma.written, mb.written))
                only_b.remove(mb)
                break
    if not clashes and len(a.numbers) == len(b.numbers) == 1:  # the claim's one figure differs
        if cosine < FIGURE_CLASH_COSINE or not one_claim:
            return None
        clashes.append(("", only_a[0].written, only_b[0].written))
    return clashes


def _word_share(a: _Point, b: _Point) -> float:
    """The share (Jaccard) of the two points' words, figures left out, that they have in common."""
    union = a.stems | b.stems
    return len(a.stems & b.stems) / len(union) if union else 1.0


def _unit(mention: NumberMention, shared: set[str]) -> str:
    """The word that says what a figure counts, as the point writes it: ``magnitude <`` for the few words written
    before a figure, else the nearest shared word after it (``> dead``), else before it; so a note can write
    "magnitude 7.5" and "12 dead"."""
    before = [w for w in reversed(mention.before) if stem(w) in shared]
    after = [w for w in mention.after if stem(w) in shared]
    if before and (before[0] in UNIT_FIRST or not after):
        return f"{before[0]} <"
    return f"> {after[0]}"


def _clashing_name(a: _Point, b: _Point, cosine: float) -> tuple[str, str] | None:
    """One name each where the rest of the two points agree ("Oyarzabal scored" vs "Olmo scored")."""
    only_a, only_b = a.names - b.names, b.names - a.names
    if len(only_a) != 1 or len(only_b) != 1 or cosine < NAME_CLASH_COSINE:
        return None
    rest_a, rest_b = a.stems - a.names, b.stems - b.names
    if not rest_a or not rest_b or len(rest_a & rest_b) / len(rest_a | rest_b) < NAME_CLASH_WORDS:
        return None
    return a.written_names[next(iter(only_a))], b.written_names[next(iter(only_b))]


def fact_score(a: _Point, b: _Point, cosine: float, weights: TermWeights) -> float:
    """How surely two points state the same fact: cosine, the weighted share of their words, shared names/numbers."""
    if a.source == b.source or cosine < COSINE_FLOOR:
        return 0.0
    agreements = len(a.names & b.names) + len({m.value for m in a.numbers} & {m.value for m in b.numbers})
    score = cosine + weighted_overlap(set(a.stems), set(b.stems), weights)
    return score + AGREEMENT_BONUS * min(agreements, MAX_AGREEMENTS) + (1.0 if cosine >= PARAPHRASE else 0.0)


def merge_points(
    point_lists: Sequence[Sequence[str]],
    max_points: int,
    labels: Sequence[str] | None = None,
    context: Sequence[str] = (),
    embedder: Embedder | None = None,
    candidates: Sequence[Sequence[Candidate]] | None = None,
) -> Merged:
    """The points of several sources (``point_lists[i]``, most important first) as one list of distinct facts.

    Without ``candidates``, a fact more sources state comes first, then the best rank it has in its article. With
    ``candidates`` (the extractive engine's best sentences of each source, scored), the story chooses its points from
    that larger pool: by the engine's score plus how many other sources state the same thing, skipping repeats.
    ``labels`` name the sources in disagreement notes; ``context`` (the articles' texts) tells the story's topic
    words from a fact's own words.
    """
    labels = list(labels) if labels is not None else [f"source {i + 1}" for i in range(len(point_lists))]
    pooled = candidates is not None and len(candidates) == len(point_lists) and all(candidates)
    if pooled and candidates is not None:
        entries = sorted((r, s, c.text, c.score) for s, found in enumerate(candidates) for r, c in enumerate(found))
    else:
        entries = [(r, s, text, 0.0) for r, s, text in _interleaved(point_lists)]
    points = [_point(text, s, r, score) for r, s, text, score in entries]
    if not points:
        return Merged([], 0)
    cosines, note = _cosines([p.text for p in points], embedder)
    sentences = [s for text in context for s in _ROUGH_SENTENCE.split(text) if s.strip()]
    weights = term_weights([*sentences, *(p.text for p in points)])
    groups = _grouped(points, cosines, weights)
    if not pooled:
        merged = sorted((_merged(group, labels) for group in groups), key=importance)
        return Merged(merged[:max_points], max(len(merged) - max_points, 0), note)
    merged, groups = _chosen(groups, points, cosines, labels)
    # What the cap leaves out is counted among the facts holding an article's own point, not the whole pool.
    own = {(s, text) for s, texts in enumerate(point_lists) for text in texts}
    left_out = sum(any((m.source, m.text) in own for m in g.members) for g in groups[max_points:])
    return Merged(merged[:max_points], left_out, note)


def _grouped(points: list[_Point], cosines: Any, weights: TermWeights) -> list[_Group]:
    """The points in groups that state one fact (at most one point of each source in a group)."""
    groups: list[_Group] = []
    index = {id(p): i for i, p in enumerate(points)}
    for point in points:
        best, best_score, best_clashes = None, SAME_FACT, []
        for group in groups:
            if any(m.source == point.source for m in group.members):
                continue
            cosine = float(cosines[index[id(group.seed)], index[id(point)]])
            score = fact_score(group.seed, point, cosine, weights)
            clashes = _clashing_numbers(group.seed, point, cosine) if score >= best_score else None
            if clashes is None:
                continue
            name = _clashing_name(group.seed, point, cosine)
            best, best_score, best_clashes = group, score, clashes + ([("", *name)] if name else [])
        if best is None:
            groups.append(_Group(point, [point]))
            continue
        best.members.append(point)
        best.clashes += [(unit, va, vb, point) for unit, va, vb in best_clashes]
    return groups


def support(points: Sequence[_Point], cosines: Any) -> list[float]:
    """For each point, how closely the other sources state it: the mean over the other sources of the highest
    cosine between the point and that source's points (0 with one source)."""
    import numpy as np

    sources = np.array([p.source for p in points])
    rows = {s: sources == s for s in sorted(set(sources.tolist()))}
    found = []
    for i, point in enumerate(points):
        nearest = [float(cosines[i, mask].max()) for s, mask in rows.items() if s != point.source]
        found.append(sum(nearest) / len(nearest) if nearest else 0.0)
    return found


def _chosen(
    groups: list[_Group], points: list[_Point], cosines: Any, labels: Sequence[str]
) -> tuple[list[MergedPoint], list[_Group]]:
    """The pool's facts by value (the engine's score plus how closely the other sources state them), each skipped
    when it repeats one already chosen (close embeddings or a shared word trigram); with the group of each."""
    index = {id(p): i for i, p in enumerate(points)}
    shares = support(points, cosines)
    value = {id(p): p.score + SUPPORT_WEIGHT * shares[i] for i, p in enumerate(points)}
    best = {id(g): max(value[id(m)] for m in g.members) for g in groups}
    chosen: list[tuple[MergedPoint, int, set[tuple[str, ...]], _Group]] = []
    for group in sorted(groups, key=lambda g: (-best[id(g)], g.seed.rank, g.seed.source)):
        # The wording shown is the fact's most valued one (the story's budget is words: not the longest one).
        point = _merged(group, labels, lambda m: (value[id(m)], -m.rank, -m.source))
        row = index[id(next(m for m in group.members if m.text == point.text))]
        grams = trigrams(point.text)
        if any(cosines[row, other] > REPEAT_COSINE or grams & seen for _, other, seen, _ in chosen):
            continue
        chosen.append((point, row, grams, group))
    return [c[0] for c in chosen], [c[3] for c in chosen]


def importance(point: MergedPoint) -> tuple[int, int]:
    """The sort key of a story's facts: the most sources first, then the best rank the fact has in an article."""
    return (-len(point.sources), point.rank)


def _interleaved(point_lists: Sequence[Sequence[str]]) -> list[tuple[int, int, str]]:
    """(rank, source, text) in round-robin order: every source's first point, then every second point..."""
    return sorted((rank, source, text) for source, texts in enumerate(point_lists) for rank, text in enumerate(texts))


def _merged(
    group: _Group, labels: Sequence[str], wording: Callable[[_Point], tuple[float, ...]] | None = None
) -> MergedPoint:
    """The group's wording (from a source with the figure most sources give, the best by ``wording``), its sources
    and its notes."""
    odd = {id(member) for *_, member in group.clashes}
    consistent = [m for m in group.members if id(m) not in odd]
    if len(odd) > len(consistent):  # most sources give the other figure: show one of their wordings
        consistent = [m for m in group.members if id(m) in odd]
    shown = max(consistent, key=wording or _wording_rank)
    sources = (shown.source, *sorted({m.source for m in group.members} - {shown.source}))
    return MergedPoint(shown.text, sources, min(m.rank for m in group.members), _notes(group, labels))


def _wording_rank(point: _Point) -> tuple[int, int, int]:
    """Which of a fact's wordings is shown: the one with the most content, then the best ranked."""
    return (len(point.stems) + len(point.numbers), -point.rank, -point.source)


def _notes(group: _Group, labels: Sequence[str]) -> tuple[str, ...]:
    """One "Sources differ" line per disagreement: each value and who gives it, the most given first."""
    by_unit: dict[str, dict[str, list[int]]] = {}
    for unit, seed_value, value, member in group.clashes:
        values = by_unit.setdefault(unit, {})
        values.setdefault(seed_value, [group.seed.source])
        values.setdefault(value, []).append(member.source)
    for values in by_unit.values():  # the sources that state the seed's figure without a clash also give it
        seed_value, givers = next(iter(values.items()))
        odd = {m.source for _, v, _, m in group.clashes if v == seed_value}
        for member in group.members[1:]:
            if member.source not in odd and any(seed_value in (m.written, m.value) for m in member.numbers):
                givers.append(member.source)
    notes = []
    for unit, values in by_unit.items():
        ordered = sorted(values.items(), key=lambda kv: (-len(kv[1]), min(kv[1])))
        parts = [
            f"{_with_unit(unit, value, first=i == 0)} ({', '.join(labels[s] for s in sorted(who))})"
            for i, (value, who) in enumerate(ordered)
        ]
        notes.append("Sources differ: " + " vs ".join(parts))
    return tuple(notes)


def _with_unit(unit: str, value: str, first: bool) -> str:
    """``magnitude 7.5`` then ``7.6``; ``12 dead`` then ``15 dead``; a name or a bare figure as it is."""
    if unit.endswith(" <"):
        return f"{unit[:-2]} {value}" if first else value
    if unit.startswith("> "):
        return f"{value} {unit[2:]}"
    return value


def _cosines(texts: list[str], embedder: Embedder | None) -> tuple[Any, str | None]:
    """Cosine similarities of the points' embeddings; by their words alone (said in a note) without the model."""
    import numpy as np

    from summarizer.embeddings import EmbeddingsUnavailable, embed_sentences

    try:
        vectors = np.asarray((embedder or embed_sentences)(texts), dtype=np.float32)
        return vectors @ vectors.T, None
    except EmbeddingsUnavailable as exc:
        from summarizer.text.keypoints import similarity

        matrix = np.array([[similarity(a, b) for b in texts] for a in texts], dtype=np.float32)
        return matrix, f"points merged by their words only (sentence embeddings unavailable: {exc})"

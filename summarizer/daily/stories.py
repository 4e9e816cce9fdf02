"""Same story, many sources: group articles about one event, merge their key points without repeats, order the items."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.config.defaults import GROUPING_THRESHOLD
from summarizer.records import Article, ArticlePoints, BriefingItem, TokenCounts
from summarizer.text.keypoints import dedupe
from summarizer.timestamps import parse_time

LEAD_CHARS = 400
TEXT_WEIGHT = 0.8
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOPWORDS = frozenset(
    "a an and as at be by for from has have in is it its of on or over the to was were will with after "
    "before into new says said than that this up out not but more".split()
)
Embedder = Callable[[Sequence[str]], Any]


@dataclass(frozen=True)
class Story:
    """Articles about the same event; ``articles[0]`` is the one most like the others (its title leads)."""

    articles: tuple[Article, ...]


def story_text(article: Article) -> str:
    """What the embedding sees of an article: its title and the start of its text."""
    return f"{article.title}. {article.text[:LEAD_CHARS]}"


def _title_words(title: str) -> set[str]:
    return {w for w in _WORD.findall(title.lower()) if w not in _STOPWORDS and len(w) > 1}


def title_overlap(a: str, b: str) -> float:
    """Shared content words of two titles, as a share of the shorter title (0 to 1)."""
    wa, wb = _title_words(a), _title_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def similarity_matrix(articles: Sequence[Article], embedder: Embedder | None = None) -> Any:
    """Pairwise story similarity: sentence-embedding cosine of title + lead, blended with title word overlap."""
    import numpy as np

    if embedder is None:
        from summarizer.embeddings import embed

        embedder = embed
    vectors = np.asarray(embedder([story_text(a) for a in articles]), dtype=np.float64)
    cosine = vectors @ vectors.T
    n = len(articles)
    overlap = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            overlap[i, j] = overlap[j, i] = title_overlap(articles[i].title, articles[j].title)
    return TEXT_WEIGHT * cosine + (1 - TEXT_WEIGHT) * overlap


def average_linkage(similarity: Any, threshold: float) -> list[list[int]]:
    """Merge the most similar pair of groups while their average similarity reaches ``threshold``.

    Average linkage does not chain unrelated articles through one middle article the way single linkage does.
    Ties go to the lowest indices, so the result depends only on the input order.
    """
    import numpy as np

    n = len(similarity)
    sim = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(sim, -np.inf)
    groups: dict[int, list[int]] = {i: [i] for i in range(n)}
    while len(groups) > 1:
        flat = int(np.argmax(sim))
        i, j = divmod(flat, n)
        if sim[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        size_i, size_j = len(groups[i]), len(groups[j])
        merged = (size_i * sim[i] + size_j * sim[j]) / (size_i + size_j)
        sim[i, :] = merged
        sim[:, i] = merged
        sim[i, i] = -np.inf
        sim[j, :] = -np.inf
        sim[:, j] = -np.inf
        groups[i].extend(groups.pop(j))
    return [sorted(members) for _, members in sorted(groups.items())]


def _lead_index(members: list[int], similarity: Any, articles: Sequence[Article]) -> int:
    """The member most like the others; on a tie (always with two) the earliest published, then the first."""

    def rank(m: int) -> tuple[float, float, int]:
        closeness = round(float(sum(similarity[m][o] for o in members if o != m)), 6)
        published = parse_time(articles[m].published)
        return (-closeness, published.timestamp() if published else float("inf"), m)

    return min(members, key=rank)


def group_stories(
    articles: Sequence[Article], threshold: float = GROUPING_THRESHOLD, embedder: Embedder | None = None
) -> list[Story]:
    """Group ``articles`` into stories; the result does not depend on the order the articles came in."""
    ordered = sorted(articles, key=lambda a: (a.id, a.input, a.title))
    if len(ordered) < 2:
        return [Story((a,)) for a in ordered]
    similarity = similarity_matrix(ordered, embedder)
    stories = []
    for members in average_linkage(similarity, threshold):
        lead = _lead_index(members, similarity, ordered)
        rest = [m for m in members if m != lead]
        stories.append(Story(tuple(ordered[m] for m in [lead, *rest])))
    return stories


def merge_points(point_lists: Sequence[Sequence[str]], max_points: int) -> tuple[list[str], int]:
    """Key points of several articles as one list: round-robin from the lead on, near-repeats removed, capped.

    Also returns how many distinct points the cap left out, so the briefing can say so.
    """
    interleaved: list[str] = []
    for rank in range(max((len(p) for p in point_lists), default=0)):
        interleaved.extend(points[rank] for points in point_lists if rank < len(points))
    distinct = dedupe(interleaved)
    return distinct[:max_points], max(len(distinct) - max_points, 0)


@dataclass(frozen=True)
class GroupingScore:
    """Pairwise precision and recall of a grouping against labels (pairs of articles put in the same story)."""

    precision: float
    recall: float
    predicted_pairs: int
    true_pairs: int

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _pairs(groups: Sequence[Sequence[str]]) -> set[tuple[str, str]]:
    return {(a, b) for g in groups for a in g for b in g if a < b}


def pairwise_score(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> GroupingScore:
    """Score predicted groups of ids against gold groups: a pair counts when both put it in one group."""
    got, want = _pairs(predicted), _pairs(gold)
    hits = len(got & want)
    precision = hits / len(got) if got else 1.0
    recall = hits / len(want) if want else 1.0
    return GroupingScore(precision, recall, len(got), len(want))


def merge_story(story: Story, items: dict[str, BriefingItem], max_points: int, section: str | None) -> BriefingItem:
    """One briefing item for a story: the lead's title, every source, and their points merged without repeats."""
    members = [a for a in story.articles if a.id in items]
    results = [items[a.id].result for a in members]
    if len(members) == 1:
        return BriefingItem(members[0], results[0], sources=(members[0],), section=section)
    points, left_out = merge_points([r.points for r in results], max_points)
    notes = [n for r in results for n in r.notes]
    if left_out:
        notes.append(f"{left_out} more distinct point(s) from these sources left out (at most {max_points} per item)")
    support = {s.point: s for r in results for s in r.support}
    merged = ArticlePoints(
        points=tuple(points),
        tokens=TokenCounts(sum(r.tokens.input for r in results), sum(r.tokens.summarized for r in results)),
        chunks=sum(r.chunks for r in results),
        notes=tuple(dict.fromkeys(notes)),
        support=tuple(support[p] for p in points if p in support),
        dropped=tuple(d for r in results for d in r.dropped),
        engine=next((r.engine for r in results if r.engine is not None), None),
    )
    return BriefingItem(members[0], merged, sources=tuple(members), section=section)


def _latest(item: BriefingItem) -> float:
    times = [t.timestamp() for a in item.sources if (t := parse_time(a.published)) is not None]
    return max(times) if times else float("-inf")


def order_items(items: Sequence[BriefingItem], section_order: Sequence[str | None]) -> list[BriefingItem]:
    """By section, then the stories most sources carry, then the most recent, then title and id (stable)."""
    rank = {title: i for i, title in enumerate(section_order)}
    return sorted(
        items,
        key=lambda it: (
            rank.get(it.section, len(rank)),
            -len(it.sources),
            -_latest(it),
            it.article.title.lower(),
            it.article.id,
        ),
    )

"""Same story, many sources: group articles about one event (``summarizer.grouping``), merge their key points
without repeats, order the items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from summarizer.config.daily import GroupingSettings
from summarizer.daily.merge import merge_points
from summarizer.grouping.cluster import Embedder, group_indices
from summarizer.grouping.memory import signature
from summarizer.grouping.score import GroupingScore, bcubed_score, pairwise_score
from summarizer.records import Article, ArticlePoints, BriefingItem, PointSources, PointSupport, TokenCounts
from summarizer.render.views import source_name
from summarizer.timestamps import parse_time

__all__ = [
    "GroupingScore",
    "Story",
    "bcubed_score",
    "group_stories",
    "merge_points",
    "merge_story",
    "order_items",
    "pairwise_score",
    "story_text",
]


LEAD_CHARS = 400


def story_text(article: Article) -> str:
    """An article's title and the start of its text (what an embedding of the story sees; the grouping reads all)."""
    return f"{article.title}. {article.text[:LEAD_CHARS]}"


@dataclass(frozen=True)
class Story:
    """Articles about the same event; ``articles[0]`` is the one most like the others (its title leads).

    ``signature`` holds the story's strongest terms, for linking it to the same story on a later day.
    """

    articles: tuple[Article, ...]
    signature: dict[str, float] = field(default_factory=dict, compare=False, hash=False)


def _lead_index(members: list[int], matrix: Any, articles: Sequence[Article]) -> int:
    """The member most like the others; on a tie (always with two) the earliest published, then the first."""
    rows = matrix[members]
    closeness = (rows @ rows.T).toarray().sum(axis=1)

    def rank(position: int) -> tuple[float, float, int]:
        published = parse_time(articles[members[position]].published)
        return (-round(float(closeness[position]), 6), published.timestamp() if published else float("inf"), position)

    return members[min(range(len(members)), key=rank)]


def group_stories(
    articles: Sequence[Article],
    settings: GroupingSettings | None = None,
    embedder: Embedder | None = None,
    exact: bool = False,
) -> list[Story]:
    """Group ``articles`` into stories; the result does not depend on the order the articles came in."""
    settings = settings or GroupingSettings()
    ordered = sorted(articles, key=lambda a: (a.id, a.input, a.title))
    if not ordered:
        return []
    if embedder is None and settings.embedding_weight > 0:
        from summarizer.embeddings import embed as embedder
    grouped = group_indices(ordered, settings, embedder, exact=exact)
    stories = []
    for members in grouped.groups:
        lead = _lead_index(members, grouped.matrix, ordered)
        rest = [m for m in members if m != lead]
        sig = signature(grouped.matrix, grouped.vocab, members)
        stories.append(Story(tuple(ordered[m] for m in [lead, *rest]), sig))
    return stories


def merge_story(
    story: Story,
    items: dict[str, BriefingItem],
    max_points: int,
    section: str | None,
    embedder: Embedder | None = None,
) -> BriefingItem:
    """One briefing item for a story: the lead's title, every source, and their points merged without repeats
    (``daily/merge.py``): the facts most sources state first, disagreements on a figure said in a note."""
    members = [a for a in story.articles if a.id in items]
    results = [items[a.id].result for a in members]
    if len(members) == 1:
        return BriefingItem(members[0], results[0], sources=(members[0],), section=section)
    cap = story_points(max_points, len(members))
    pooled = all(r.candidates for r in results)
    merged = merge_points(
        [r.points for r in results],
        cap,
        labels=_labels(members),
        context=[f"{a.title}. {a.text}" for a in members],
        embedder=embedder,
        candidates=[r.candidates for r in results] if pooled else None,
    )
    notes = [n for r in results for n in r.notes]
    if merged.note:
        notes.append(merged.note)
    if merged.left_out:
        notes.append(
            f"{merged.left_out} more distinct point(s) from these sources left out (at most {cap} for a story "
            f"from {len(members)} sources)"
        )
    support = [{s.point: s for s in r.support} for r in results]
    shown = [(p.text, results[p.sources[0]]) for p in merged.points]
    result = ArticlePoints(
        points=tuple(text for text, _ in shown),
        tokens=TokenCounts(sum(r.tokens.input for r in results), sum(r.tokens.summarized for r in results)),
        chunks=sum(r.chunks for r in results),
        notes=tuple(dict.fromkeys(notes)),
        support=tuple(s for p in merged.points if (s := _support(p.text, support[p.sources[0]], pooled)) is not None),
        dropped=tuple(d for r in results for d in r.dropped),
        engine=next((r.engine for r in results if r.engine is not None), None),
    )
    point_sources = tuple(
        PointSources(p.text, tuple(members[i].id for i in p.sources), p.differs) for p in merged.points
    )
    return BriefingItem(members[0], result, sources=tuple(members), section=section, point_sources=point_sources)


def _support(point: str, checked: dict[str, PointSupport], pooled: bool) -> PointSupport | None:
    """A shown point's support: the check's; a pool sentence the check never saw (not among its article's own
    points) is a sentence of the article, so it supports itself."""
    if point in checked:
        return checked[point]
    return PointSupport(point, (point,)) if pooled and checked else None


def story_points(max_points: int, sources: int) -> int:
    """How many points a story's item shows: one more per extra source, up to twice an article's ``max_points``
    (a story many sources carry has more to tell, and its points are the facts they agree on)."""
    return min(max_points + sources - 1, 2 * max_points)


def _labels(members: Sequence[Article]) -> list[str]:
    """What a disagreement note calls each source: the name the briefing shows, numbered when two are the same."""
    names = [source_name(a) for a in members]
    return [f"{n} {names[:i].count(n) + 1}" if names.count(n) > 1 else n for i, n in enumerate(names)]


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

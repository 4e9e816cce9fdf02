"""``briefing daily --from-batch``: one day's rows of a batch output, placed in sections, with the stored points and
story vectors standing in for the engine and the embedding model (neither is loaded)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from summarizer.batch.schema import VECTOR_DIM
from summarizer.batch.stored import BatchOutputError, StoredBatch, load_batch_output, published_day
from summarizer.config.daily import DailySettings
from summarizer.daily.select import place_articles
from summarizer.records import Article, ArticlePoints, BriefingItem, EngineInfo, InputError

_TITLE_END = ". "  # grouping embeds "{title}. {lead}" (summarizer.batch.actor.vector_text)


class StoredEngine:
    """Stands in for the engine: its info is the batch run's; asking it for points is a bug (they are stored)."""

    def __init__(self, info: EngineInfo):
        self.info = info

    def key_points(self, articles: Sequence[Article]) -> list[ArticlePoints]:
        """Never called: ``--from-batch`` renders the stored points."""
        raise AssertionError("--from-batch renders the stored points: no engine runs")


class StoredVectors:
    """An ``Embedder`` for ``group_stories``: each text's vector as ``briefing batch`` stored it, no model loaded.

    A text is matched to its article by title and lead (not by the exact number of lead characters); an article
    whose row has no vector (the batch could not embed it) gets zeros: its words alone decide its grouping."""

    def __init__(self, articles: Sequence[Article], vectors: Mapping[str, Any]):
        self.vectors = vectors
        self._by_title: dict[str, list[Article]] = {}
        for article in articles:
            self._by_title.setdefault(article.title, []).append(article)

    def __call__(self, texts: Sequence[str]) -> Any:
        """One row of stored vector per text."""
        import numpy as np

        found = np.zeros((len(texts), VECTOR_DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            vector = self.vectors.get(self._article(text).id)
            if vector is not None:
                found[i] = vector
        return found

    def _article(self, text: str) -> Article:
        start = text.find(_TITLE_END)
        while start >= 0:
            lead = text[start + len(_TITLE_END) :]
            for article in self._by_title.get(text[:start], ()):
                if article.text.startswith(lead):
                    return article
            start = text.find(_TITLE_END, start + 1)
        raise BatchOutputError(f"same-story grouping asked for the vector of a text no row holds: {text[:80]!r}")


@dataclass(frozen=True)
class StoredDay:
    """One day of a batch output, as ``run_daily`` consumes it instead of reading sources and summarizing."""

    placed: list[tuple[Article, str | None]]
    errors: list[InputError]
    origins: dict[str, str]
    items: dict[str, BriefingItem]
    engine: StoredEngine
    embedder: StoredVectors | None
    left_out: list[str] = field(default_factory=list)
    """What the day's briefing leaves out, and why (other days, no date, duplicates...): said on stderr."""


def load_day(settings: DailySettings, date: str) -> StoredDay:
    """The rows of ``settings.from_batch`` published on ``date`` (UTC), placed in the configured sections."""
    if settings.from_batch is None:
        raise ValueError("load_day needs settings.from_batch")
    grouping = settings.grouping
    embeds = grouping.enabled and grouping.embedding_weight > 0
    batch = load_batch_output(settings.from_batch, text=True, vectors=embeds)
    items = [i for i in batch.items if published_day(i.article.published) == date]
    errors = [e.error for e in batch.errors if published_day(e.published) in (date, None)]
    placed, origins = place_articles(settings, [i.article for i in items])
    left_out = [*batch.notes, *_other_days(batch, date)]
    if settings.drop_unsupported:
        left_out.append("drop_unsupported does not apply to --from-batch: the points are as briefing batch wrote them")
    articles = [a for a, _ in placed]
    embedder = StoredVectors(articles, batch.vectors) if embeds else None
    if embedder is not None:
        missing = sum(1 for a in articles if a.id not in batch.vectors)
        if missing:
            left_out.append(f"{missing} article(s) have no stored story vector: grouped by their words only")
    by_id = {i.article.id: i for i in items}
    return StoredDay(placed, errors, origins, by_id, StoredEngine(batch.engine), embedder, left_out)


def _other_days(batch: StoredBatch, date: str) -> list[str]:
    """Lines saying which rows the day's briefing leaves out: those of other days, and those without a date."""
    days = Counter(published_day(i.article.published) for i in batch.items)
    days.update(published_day(e.published) for e in batch.errors if e.published is not None)
    lines = []
    undated = days.pop(None, 0)
    days.pop(date, None)
    if days:
        listed = ", ".join(f"{day}: {n}" for day, n in sorted(days.items(), reverse=True)[:5])
        more = f" and {len(days) - 5} more days" if len(days) > 5 else ""
        lines.append(
            f"{sum(days.values())} row(s) published on other days left out ({listed}{more}); give --date to "
            "render another day"
        )
    if undated:
        lines.append(
            f"{undated} row(s) without a readable publication date left out: daily --from-batch places rows by "
            "their date (briefing build --from-batch renders every row)"
        )
    return lines

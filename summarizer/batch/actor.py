"""The summarizing stage: a callable class Ray Data runs in a pool of actors, one engine loaded per actor.

Every article row comes out as exactly one output row; an article that fails gets ``error`` set, no batch is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from summarizer.batch.rows import failed_row, item_row, row_article
from summarizer.batch.schema import output_schema, table
from summarizer.config.engine import EngineConfig
from summarizer.grouping.cluster import LEAD_SENTENCES_CHARS
from summarizer.records import Article, BriefingItem

WARM_ARTICLE = Article(
    input="<warm-up>",
    title="Warm-up",
    text="The council approved the budget on Monday after a long debate. Critics said the plan came too late.",
)


class KeyPointActor:
    """Builds the engine once (``create_engine``), warms it, then summarizes batch after batch."""

    def __init__(self, engine: EngineConfig, drop_unsupported: bool = False):
        from summarizer.engines import create_engine

        self.engine = create_engine(engine)
        self.drop_unsupported = drop_unsupported
        self.name = (self.engine.info.name, self.engine.info.model)
        self._summarize([WARM_ARTICLE])  # loads the model's lazy parts and the embedding model before real work

    def __call__(self, batch: Any) -> Any:
        """Article rows (a ``pyarrow.Table``) in, one output row per input row out, in the same order."""
        rows = batch.to_pylist()
        return table(self.rows(rows), output_schema())

    def rows(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Output rows for article rows: read errors pass through, every article is summarized or gets an error."""
        todo = [i for i, row in enumerate(rows) if row.get("error") is None]
        out = {i: failed_row(row, row["error"]) for i, row in enumerate(rows) if row.get("error") is not None}
        articles = [row_article(rows[i]) for i in todo]
        try:
            items, failures = self._summarize(articles)
        except Exception:  # noqa: BLE001 - retry one by one so a bad article loses nothing else
            items, failures = self._one_by_one(articles)
        vectors = story_vectors(items)
        for position, i in enumerate(todo):
            if position in items:
                out[i] = item_row(items[position], rows[i], vectors.get(position))
            else:
                out[i] = failed_row(rows[i], failures.get(position, "no key points were produced"), self.name)
        return [out[i] for i in range(len(rows))]

    def _summarize(self, articles: Sequence[Article]) -> tuple[dict[int, BriefingItem], dict[int, str]]:
        """Items by position and error messages by position (``summarize_articles`` semantics, as ``build``)."""
        from summarizer.pipeline import summarize_articles

        items, errors = summarize_articles(self.engine, articles, drop_unsupported=self.drop_unsupported)
        by_id = {id(item.article): item for item in items}
        found = {p: by_id[id(a)] for p, a in enumerate(articles) if id(a) in by_id}
        missing = [p for p in range(len(articles)) if p not in found]
        return found, {p: e.error for p, e in zip(missing, errors, strict=False)}

    def _one_by_one(self, articles: Sequence[Article]) -> tuple[dict[int, BriefingItem], dict[int, str]]:
        items: dict[int, BriefingItem] = {}
        failures: dict[int, str] = {}
        for position, article in enumerate(articles):
            try:
                found, errors = self._summarize([article])
            except Exception as exc:  # noqa: BLE001 - reported on the article's row
                failures[position] = f"summarizing {article.title!r} failed: {type(exc).__name__}: {exc}"
                continue
            if 0 in found:
                items[position] = found[0]
            else:
                failures[position] = errors.get(0, "no key points were produced")
        return items, failures


def vector_text(article: Article) -> str:
    """What a story vector embeds: exactly the title and lead same-story grouping embeds (``embedding_weight``)."""
    return f"{article.title}. {article.text[:LEAD_SENTENCES_CHARS]}"


def story_vectors(items: Mapping[int, BriefingItem]) -> dict[int, Any]:
    """Title + lead embeddings (what same-story grouping compares), by position; none when embedding fails."""
    from summarizer.embeddings import embed

    positions = sorted(items)
    try:
        vectors = embed([vector_text(items[p].article) for p in positions])
    except Exception:  # noqa: BLE001 - the points stand; --from-batch says which rows have no vector
        return {}
    return dict(zip(positions, vectors, strict=True))

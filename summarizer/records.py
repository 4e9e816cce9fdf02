"""The data that flows through the pipeline: articles in, key points out, a briefing at the end."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def article_id(input_name: str, title: str, text: str) -> str:
    """A short, stable id for an article, derived from where it came from and what it says."""
    digest = hashlib.sha256(f"{input_name}\x00{title}\x00{text}".encode()).hexdigest()
    return digest[:12]


@dataclass(frozen=True)
class Article:
    """One article as read from an input (a file, stdin, a feed entry...)."""

    input: str
    title: str
    text: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    notes: tuple[str, ...] = ()
    id: str = ""
    also_from: tuple[str, ...] = ()
    """Other inputs (files, feeds, URLs) that carried the same article; it is listed once."""
    record_id: str | None = None
    """The id the input itself gave the article (a JSON record's ``id``), returned in JSON output; ``id`` is ours."""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", article_id(self.input, self.title, self.text))

    def to_dict(self) -> dict[str, Any]:
        """The article's metadata and text as plain JSON-ready data."""
        return {
            "id": self.id,
            "input": self.input,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "author": self.author,
            "text": self.text,
            "notes": list(self.notes),
            "also_from": list(self.also_from),
            **with_record_id(self),
        }


def with_record_id(article: Article) -> dict[str, str]:
    """``{"record_id": ...}`` for an article its input gave an id, else nothing (the JSON shape stays as it was)."""
    return {"record_id": article.record_id} if article.record_id is not None else {}


@dataclass(frozen=True)
class InputError:
    """An input that could not be used, and why, in plain words."""

    input: str
    error: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {"input": self.input, "error": self.error}


@dataclass(frozen=True)
class ReadResult:
    """What the readers produced: the usable articles and the inputs that failed."""

    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


@dataclass(frozen=True)
class TokenCounts:
    """How many tokens an article had, and how many of them went through the model."""

    input: int
    summarized: int

    @property
    def complete(self) -> bool:
        """True when every token of the article reached the model."""
        return self.input == self.summarized


@dataclass(frozen=True)
class Candidate:
    """A sentence an engine could quote as a key point, with the scorer's probability relative to the article's
    best sentence (1.0 for the best)."""

    text: str
    score: float


@dataclass(frozen=True)
class PointSupport:
    """A key point, the article sentence(s) that support it, and what it states that the article never says."""

    point: str
    sentences: tuple[str, ...] = ()
    unsupported: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"point": self.point, "sentences": list(self.sentences), "unsupported": list(self.unsupported)}


@dataclass(frozen=True)
class ArticlePoints:
    """An engine's output for one article; ``support``/``dropped``/``engine`` are filled by the faithfulness check."""

    points: tuple[str, ...]
    tokens: TokenCounts
    chunks: int = 1
    notes: tuple[str, ...] = ()
    support: tuple[PointSupport, ...] = ()
    dropped: tuple[PointSupport, ...] = ()
    engine: EngineInfo | None = None
    candidates: tuple[Candidate, ...] = ()
    """The extractive engine's best sentences (the points among them), most likely first: the pool a story of
    several sources selects its points from (``daily/merge.py``). Empty for generated points; never printed."""


@dataclass(frozen=True)
class Placement:
    """Where and how the model runs: device, backend, dtype (torch) or compute type (CTranslate2), threads."""

    device: str
    backend: str
    batch_size: int
    dtype: str | None = None
    compute_type: str | None = None
    threads: int | None = None
    token_budget: int | None = None
    note: str | None = None
    """Why ``--backend auto`` chose torch, when it did."""
    parallel_batches: int | None = None
    """CTranslate2 on CPU: batches run at once, each on ``threads // parallel_batches`` threads."""


@dataclass(frozen=True)
class RunFigures:
    """What one run did (never stored for cached re-runs): model load time, conversion, batching figures."""

    load_s: float | None = None
    converted_now: bool = False
    batching: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class CacheStats:
    """Articles answered from the summary cache, computed by the engine, and the cache's notes."""

    hits: int
    misses: int
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``notes`` only when there are some)."""
        data: dict[str, Any] = {"hits": self.hits, "misses": self.misses}
        if self.notes:
            data["notes"] = list(self.notes)
        return data


@dataclass(frozen=True)
class Fallback:
    """Why the extractive engine stands in for the seq2seq model, and for which model."""

    reason: str
    standing_in_for: str


_PLACEMENT_KEYS = {"device": "device", "backend": "backend", "batch_size": "batch_size", "backend_note": "note"}
_PLACEMENT_KEYS |= {k: k for k in ("dtype", "compute_type", "threads", "parallel_batches", "token_budget")}
_RUN_KEYS = ("load_s", "converted_now", "batching")


@dataclass(frozen=True)
class EngineInfo:
    """Which engine and model wrote the points: its settings, placement, this run's figures, cache, fallback."""

    name: str
    model: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    placement: Placement | None = None
    run: RunFigures | None = None
    cache: CacheStats | None = None
    fallback: Fallback | None = None

    @property
    def generation(self) -> dict[str, Any]:
        """Every part flattened into one mapping, the ``generation`` object of the JSON output."""
        data = dict(self.settings)
        p, run = self.placement, self.run or RunFigures()
        if p is not None:
            data.update(device=p.device, batch_size=p.batch_size, backend=p.backend)
        if run.converted_now:
            data["converted_now"] = True
        if p is not None and p.note:
            data["backend_note"] = p.note
        if run.load_s is not None:
            data["load_s"] = run.load_s
        if p is not None:
            figures = {
                "dtype": p.dtype,
                "compute_type": p.compute_type,
                "threads": p.threads,
                "parallel_batches": p.parallel_batches,
            }
            data.update({k: v for k, v in {**figures, "token_budget": p.token_budget}.items() if v is not None})
        if run.batching is not None:
            data["batching"] = dict(run.batching)
        if self.fallback is not None:
            data.update(fallback=self.fallback.reason, fallback_from=self.fallback.standing_in_for)
        if self.cache is not None:
            data["cache"] = self.cache.to_dict()
        return data

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"name": self.name, "model": self.model, "generation": self.generation}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EngineInfo:
        """Rebuild from :meth:`to_dict`'s form (raises ``KeyError``/``TypeError``/``ValueError`` when malformed)."""
        flat = dict(data["generation"])
        placement = None
        if all(k in flat for k in ("device", "backend", "batch_size")):
            placement = Placement(**{_PLACEMENT_KEYS[k]: flat.pop(k) for k in list(flat) if k in _PLACEMENT_KEYS})
        figures = {k: flat.pop(k) for k in _RUN_KEYS if k in flat}
        fallback = Fallback(flat.pop("fallback"), flat.pop("fallback_from", "")) if "fallback" in flat else None
        cache = flat.pop("cache", None)
        return cls(
            name=str(data["name"]),
            model=str(data["model"]),
            settings=flat,
            placement=placement,
            run=RunFigures(**figures) if figures else None,
            cache=CacheStats(cache["hits"], cache["misses"], tuple(cache.get("notes", ()))) if cache else None,
            fallback=fallback,
        )


@dataclass(frozen=True)
class PointSources:
    """Which articles of a merged story state a point (the one whose wording is shown first), and what they say
    differently about it ("Sources differ: magnitude 7.5 (World Desk) vs 7.6 (Asia Wire)")."""

    point: str
    sources: tuple[str, ...]
    """Article ids."""
    differs: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"point": self.point, "sources": list(self.sources), "differs": list(self.differs)}


@dataclass(frozen=True)
class BriefingItem:
    """An article with its key points; a same-story group lists every article it merged in ``sources`` and, per
    point, which of them state it in ``point_sources``."""

    article: Article
    result: ArticlePoints
    sources: tuple[Article, ...] = ()
    section: str | None = None
    point_sources: tuple[PointSources, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, the shape documented in the README."""
        a, r = self.article, self.result
        data: dict[str, Any] = {
            "id": a.id,
            "input": a.input,
            "title": a.title,
            "source": a.source,
            "url": a.url,
            "published": a.published,
            "author": a.author,
            "points": list(r.points),
            "tokens": {"input": r.tokens.input, "summarized": r.tokens.summarized},
            "chunks": r.chunks,
            "notes": list(a.notes) + list(r.notes),
            "also_from": list(a.also_from),
            **with_record_id(a),
        }
        if r.engine is not None:  # set by the faithfulness check, with support and flags
            data["engine"] = {"name": r.engine.name, "model": r.engine.model}
            data["support"] = [s.to_dict() for s in r.support]
            data["unsupported_points"] = sum(1 for s in (*r.support, *r.dropped) if s.unsupported)
        if r.dropped:
            data["dropped_points"] = [s.to_dict() for s in r.dropped]
        if self.section is not None:
            data["section"] = self.section
        if self.sources:
            data["sources"] = [
                {
                    "id": s.id,
                    "title": s.title,
                    "source": s.source,
                    "url": s.url,
                    "input": s.input,
                    "published": s.published,
                    **with_record_id(s),
                }
                for s in self.sources
            ]
        if self.point_sources:
            data["point_sources"] = [p.to_dict() for p in self.point_sources]
        return data


@dataclass(frozen=True)
class Briefing:
    """A finished briefing: what every renderer receives."""

    title: str
    date: str
    generated_at: str
    engine: EngineInfo
    items: list[BriefingItem]
    errors: list[InputError]
    lang: str = "en"
    in_brief: int = 5
    """How many top stories the "In brief" line at the top names (0: none); the commands set it from their config
    (``DEFAULT_IN_BRIEF`` in config/defaults.py is the same number)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"engine", "articles", "errors", ...}``."""
        return {
            "title": self.title,
            "date": self.date,
            "generated_at": self.generated_at,
            "engine": self.engine.to_dict(),
            "articles": [item.to_dict() for item in self.items],
            "errors": [e.to_dict() for e in self.errors],
            "unsupported_points": sum(
                1 for item in self.items for s in (*item.result.support, *item.result.dropped) if s.unsupported
            ),
        }

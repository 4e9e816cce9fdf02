"""Everything the templates print, prepared in Python: templates only loop and print."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from summarizer import __version__
from summarizer.records import Article, ArticlePoints, Briefing, BriefingItem, EngineInfo, PointSources, PointSupport
from summarizer.render.escaping import MarkdownSafe, safe_url
from summarizer.timestamps import display_time, iso_time, parse_time

_SLUG = re.compile(r"[^a-z0-9]+")
_GITHUB_DROPPED = re.compile(r"[^\w\- ]")  # what GitHub-style renderers drop from a heading to make its anchor
BRIEF_WORDS = 30  # an "In brief" sentence longer than this is shortened (with an ellipsis)
BRIEF_MIN_WORDS = 12  # ... at a clause boundary after this many words when there is one
_CLAUSE_END = (",", ";", ":", "—", "–")


def _slug(text: str, limit: int) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:limit].strip("-")


def _anchor(index: int, title: str) -> str:
    slug = _slug(title, 48)
    return f"a{index}-{slug}" if slug else f"a{index}"


def _host(url: str | None) -> str:
    return urlsplit(url).netloc if url else ""


def source_name(article: Article) -> str:
    """Who published it, for readers: the source's name, else the site, else the folder; never a local file path."""
    if article.source and article.source.strip():
        return article.source.strip()
    host = _host(safe_url(article.url)) or _host(safe_url(article.input))
    if host:
        return host.removeprefix("www.")
    if article.input in ("-", "<stdin>", ""):
        return "standard input"
    folder = PurePath(article.input.replace("\\", "/")).parent.name
    return folder or "local files"


def count_label(stories: int, sources: int) -> str:
    """The one wording for counts: ``4 stories from 5 sources`` (``4 stories`` when each has one source)."""
    text = f"{stories} {'story' if stories == 1 else 'stories'}"
    return text if sources == stories else f"{text} from {sources} {'source' if sources == 1 else 'sources'}"


def _source_view(article: Article) -> dict[str, Any]:
    url = safe_url(article.url)
    return {
        "label": source_name(article),
        "title": article.title,
        "url": url,
        "url_md": MarkdownSafe(url) if url else None,
        "time": display_time(article.published),
        "time_iso": iso_time(article.published),
    }


def _latest_published(articles: tuple[Article, ...]) -> str | None:
    dated = [(t, a.published) for a in articles if (t := parse_time(a.published)) is not None]
    return max(dated)[1] if dated else articles[0].published


def _item_view(index: int, item: BriefingItem) -> dict[str, Any]:
    a, r = item.article, item.result
    lead = _source_view(a)
    sources = item.sources or (a,)
    latest = _latest_published(sources)
    views = point_views(r, item.point_sources, {s.id: source_name(s) for s in sources})
    notes = [*a.notes, *r.notes, *([f"also in: {', '.join(_also_names(a.also_from))}"] if a.also_from else [])]
    return {
        "sources": [lead if s is a else _source_view(s) for s in sources],
        "source_count": len(sources),
        "grouped": len(sources) > 1,
        "time": display_time(latest),
        "time_iso": iso_time(latest),
        "section": item.section,
        "id": a.id,
        "number": index,
        "anchor": _anchor(index, a.title),
        "title": a.title,
        "source": a.source or "",
        "source_label": lead["label"],
        "url": lead["url"],
        "url_md": lead["url_md"],
        "published": a.published or "",
        "author": a.author or "",
        "input": a.input,
        "points": [view["marked"] for view in views],
        "point_views": views,
        "notes": notes,
        # Notes are about how the points were made, not news: one muted line, never a warning on the card.
        "details": " · ".join(notes),
    }


def _also_names(inputs: Sequence[str]) -> list[str]:
    return sorted({source_name(Article(input=i, title="", text="")) for i in inputs})


def engine_label(briefing: Briefing) -> str:
    """A short human description of what wrote the points; no model is named when none ran."""
    if not briefing.items:
        return "no engine (no article was summarized)"
    return engine_description(briefing.engine)


def _sections_view(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Consecutive items of one section together; a briefing without sections is one untitled section."""
    sections: list[dict[str, Any]] = []
    for item in items:
        if not sections or sections[-1]["title"] != item["section"]:
            title = item["section"]
            anchor = f"s{len(sections) + 1}-" + _slug(title or "", 40)
            sections.append({"title": title, "anchor": anchor, "articles": []})
        sections[-1]["articles"].append(item)
    return sections


def briefing_view(briefing: Briefing, show_sources: bool = False) -> dict[str, Any]:
    """Everything the templates print, prepared in Python (templates only loop and print)."""
    items = [_item_view(i, item) for i, item in enumerate(briefing.items, start=1)]
    sections = _sections_view(items)
    top = _top_stories(briefing, items)
    _markdown_anchors(briefing, sections, bool(top))
    return {
        "in_brief": [_brief_line(view) for view in top],
        "sections": sections,
        "item_heading": "h3" if any(s["title"] for s in sections) else "h2",
        "item_heading_md": MarkdownSafe("###" if any(s["title"] for s in sections) else "##"),
        "source_count": sum(len(item["sources"]) for item in items),
        "title": briefing.title,
        "date": briefing.date,
        "date_label": display_time(briefing.date),
        "date_iso": iso_time(briefing.date) or briefing.date,
        "generated_at": briefing.generated_at,
        "generated_label": display_time(briefing.generated_at),
        "generated_iso": iso_time(briefing.generated_at),
        "count_label": count_label(len(items), sum(len(item["sources"]) for item in items)),
        "error_label": _plural(len(briefing.errors), "input") + " not included" if briefing.errors else "",
        "engine": {"name": briefing.engine.name, "model": briefing.engine.model, "label": engine_label(briefing)},
        "items": items,
        "errors": [e.to_dict() for e in briefing.errors],
        "article_count": len(items),
        "error_count": len(briefing.errors),
        "version": __version__,
        "show_sources": show_sources,
        "lang": briefing.lang,
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else word + 's'}"


def flag_text(unsupported: Sequence[str]) -> str:
    """The marker printed after a flagged point."""
    return f"⚠ not in the article: {', '.join(unsupported)}" if unsupported else ""


def point_views(
    result: ArticlePoints, point_sources: Sequence[PointSources] = (), labels: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Each point with its marker (empty when supported), both joined (``marked``), its source sentences and, in a
    merged story, who states it (``carried_by``) and what the sources say differently (``differs``)."""
    support = {s.point: s for s in result.support}
    merged = {p.point: p for p in point_sources}
    views = []
    for point in result.points:
        found = support.get(point, PointSupport(point))
        flag = flag_text(found.unsupported)
        marked = f"{point} ({flag})" if flag else point
        # A point quoted verbatim from the article is its own source: showing it again adds nothing.
        sources = [s for s in found.sentences if " ".join(s.split()) != " ".join(point.split())]
        origin = merged.get(point, PointSources(point, ()))
        carried_by = [(labels or {}).get(i, i) for i in origin.sources]
        views.append(
            {
                "text": point,
                "flag": flag,
                "marked": marked,
                "sources": sources,
                "carried_by": ", ".join(dict.fromkeys(carried_by)),
                "differs": list(origin.differs),
            }
        )
    return views


def brief_sentence(point: str, words: int = BRIEF_WORDS) -> str:
    """A point as one short sentence for "In brief": as it is when short, else cut at a clause boundary (or a word)
    with an ellipsis saying so."""
    tokens = point.split()
    if len(tokens) <= words:
        return " ".join(tokens)
    kept = tokens[:words]
    ends = [i for i in range(BRIEF_MIN_WORDS, words) if kept[i - 1].endswith(_CLAUSE_END)]
    kept = kept[: ends[-1]] if ends else kept
    return " ".join(kept).rstrip(".,;:—–- ") + "…"


def _top_stories(briefing: Briefing, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items "In brief" names: the most carried first, then the most recent; none when only one has points."""
    latest = {
        view["number"]: _latest_time(item.sources or (item.article,))
        for view, item in zip(items, briefing.items, strict=True)
    }
    with_points = [view for view in items if view["point_views"]]
    if briefing.in_brief <= 0 or len(with_points) < 2:
        return []
    ranked = sorted(with_points, key=lambda v: (-v["source_count"], -latest[v["number"]], v["number"]))
    return ranked[: briefing.in_brief]


def _latest_time(articles: Sequence[Article]) -> float:
    stamps = [t.timestamp() for a in articles if (t := parse_time(a.published)) is not None]
    return max(stamps, default=float("-inf"))


def _brief_line(view: dict[str, Any]) -> dict[str, Any]:
    """A story's "In brief" sentence: its first point not flagged as unsupported, shortened, linking to the item."""
    point = next((p for p in view["point_views"] if not p["flag"]), view["point_views"][0])
    text = brief_sentence(point["text"])
    if point["flag"]:
        text = f"{text} ({point['flag']})"
    elif point["differs"]:
        text = f"{text} (sources differ)"
    keys = ("title", "anchor", "md_anchor", "number")
    return {"text": text, **{key: view[key] for key in keys}}


def _markdown_anchors(briefing: Briefing, sections: list[dict[str, Any]], in_brief: bool) -> None:
    """Each item's ``md_anchor``: the anchor GitHub-style Markdown renderers give its heading (text lowercased,
    punctuation dropped, spaces as hyphens, ``-1``, ``-2``... for a repeated one), in the order the headings come."""
    seen: dict[str, int] = {}

    def slug(heading: str) -> str:
        base = _GITHUB_DROPPED.sub("", " ".join(heading.split()).lower()).replace(" ", "-")
        count = seen.get(base, 0)
        seen[base] = count + 1
        return f"{base}-{count}" if count else base

    slug(briefing.title)
    if in_brief:
        slug("In brief")
    for section in sections:
        if section["title"]:
            slug(section["title"])
        for item in section["articles"]:
            item["md_anchor"] = MarkdownSafe(slug(item["title"]))


def engine_description(info: EngineInfo) -> str:
    """What wrote the points, in words; says when the extractive engine stands in for a seq2seq model."""
    if info.name != "extractive":
        return f"{info.model} ({info.name})"
    text = f"the extractive engine (sentences quoted from each article, ranked with {info.model})"
    if not info.generation.get("fallback"):
        return text
    return f"{text}, standing in for {info.generation.get('fallback_from')}, which could not be loaded"

"""Render a briefing as Markdown, HTML (Jinja templates) or JSON, and write files atomically."""

from __future__ import annotations

import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2

from summarizer import __version__
from summarizer.faithfulness import engine_description, point_views
from summarizer.models import Article, Briefing, BriefingItem
from summarizer.timestamps import display_time, iso_time, parse_time

PACKAGE_DIR = Path(__file__).resolve().parent
SAFE_URL_SCHEMES = ("http", "https")
_HTML_SUFFIXES = (".html", ".htm", ".html.j2", ".htm.j2", ".xhtml", ".xml")
_TEXT_SUFFIXES = (".txt", ".txt.j2", ".text")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
_WHITESPACE = re.compile(r"\s+")
_SLUG = re.compile(r"[^a-z0-9]+")


class MarkdownSafe(str):
    """A string already valid as Markdown, printed as is by the Markdown templates."""


def escape_markdown(value: Any) -> Any:
    """Make text inert in Markdown: one line, and no character that could start markup, HTML or a link."""
    if value is None or isinstance(value, (MarkdownSafe, int, float, bool)):
        return "" if value is None else value
    text = _WHITESPACE.sub(" ", str(value)).strip()
    return _MD_SPECIAL.sub(r"\\\1", text)


def _finalize_plain(value: Any) -> Any:
    return "" if value is None else value


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain web link (http/https); ``None`` for anything else, such as ``javascript:``."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_URL_SCHEMES or not parts.netloc:
        return None
    # Percent-encode characters that could end a Markdown link or an HTML attribute early.
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


def templates_dir() -> Path:
    """The bundled templates: inside the package in a wheel, the top-level ``templates/`` in a checkout."""
    for candidate in (PACKAGE_DIR / "templates", PACKAGE_DIR.parent / "templates"):
        if (candidate / "briefing.md.j2").is_file():
            return candidate
    raise FileNotFoundError(f"briefing templates not found near {PACKAGE_DIR}; the installation is incomplete")


def _escaping_for(name: str) -> str:
    lower = name.lower()
    if lower.endswith(_HTML_SUFFIXES):
        return "html"
    if lower.endswith(_TEXT_SUFFIXES):
        return "text"
    return "markdown"


@lru_cache(maxsize=8)
def _environment(folder: str, escaping: str) -> jinja2.Environment:
    kwargs: dict[str, Any] = {
        "loader": jinja2.FileSystemLoader(folder),
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "autoescape": escaping == "html",
    }
    if escaping == "markdown":
        kwargs["finalize"] = escape_markdown
    elif escaping == "text":
        kwargs["finalize"] = _finalize_plain
    return jinja2.Environment(**kwargs)


def _slug(text: str, limit: int) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:limit].strip("-")


def _anchor(index: int, title: str) -> str:
    slug = _slug(title, 48)
    return f"a{index}-{slug}" if slug else f"a{index}"


def _host(url: str | None) -> str:
    return urlsplit(url).netloc if url else ""


def _source_view(article: Article) -> dict[str, Any]:
    url = safe_url(article.url)
    return {
        "label": article.source or _host(url) or article.input,
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
    views = point_views(r)
    return {
        "sources": [lead if s is a else _source_view(s) for s in sources],
        "source_count": len(sources),
        "grouped": len(sources) > 1,
        "time": display_time(latest),
        "time_iso": iso_time(latest),
        "section": item.section,
        "id": a.id,
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
        "notes": [*a.notes, *r.notes, *([f"also in: {', '.join(a.also_from)}"] if a.also_from else [])],
    }


def engine_label(briefing: Briefing) -> str:
    """A short human description of what wrote the points."""
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
    return {
        "sections": sections,
        "item_heading": "h3" if any(s["title"] for s in sections) else "h2",
        "item_heading_md": MarkdownSafe("###" if any(s["title"] for s in sections) else "##"),
        "source_count": sum(len(item["sources"]) for item in items),
        "title": briefing.title,
        "date": briefing.date,
        "generated_at": briefing.generated_at,
        "engine": {"name": briefing.engine.name, "model": briefing.engine.model, "label": engine_label(briefing)},
        "items": items,
        "errors": [e.to_dict() for e in briefing.errors],
        "article_count": len(items),
        "error_count": len(briefing.errors),
        "version": __version__,
        "show_sources": show_sources,
        "lang": briefing.lang,
    }


def render_json(briefing: Briefing) -> str:
    """The briefing as pretty-printed JSON."""
    return json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n"


_BUILTIN_TEMPLATES = {
    "md": "briefing.md.j2",
    "html": "briefing.html.j2",
    "text": "summary.txt.j2",
    "txt": "briefing.txt.j2",
    "email": "briefing.email.html.j2",
}


def render(briefing: Briefing, fmt: str, template: Path | None = None, show_sources: bool = False) -> str:
    """Render ``briefing`` as ``md``, ``html``, ``text`` or ``json``; a user ``template`` replaces the built-in one."""
    if fmt == "json":
        return render_json(briefing)
    if template is not None:
        folder, name = str(template.resolve().parent), template.name
    else:
        if fmt not in _BUILTIN_TEMPLATES:
            raise ValueError(f"unknown format {fmt!r}")
        folder, name = str(templates_dir()), _BUILTIN_TEMPLATES[fmt]
    env = _environment(folder, _escaping_for(name))
    return env.get_template(name).render(briefing_view(briefing, show_sources))


def render_page(name: str, view: dict[str, Any]) -> str:
    """Render a bundled template other than a briefing (such as the index of past briefings) from ``view``."""
    return _environment(str(templates_dir()), _escaping_for(name)).get_template(name).render(view)


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` so that a crash never leaves a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

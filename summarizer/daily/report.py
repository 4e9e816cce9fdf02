"""What a daily run tells people besides the briefing: the index page of past briefings and the step summary."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer import __version__
from summarizer.config import ConfigError
from summarizer.config.daily import DailySettings
from summarizer.daily.select import Selection
from summarizer.daily.state import DailyState
from summarizer.daily.stories import order_items
from summarizer.files import write_atomic
from summarizer.records import Briefing, InputError
from summarizer.render import render_page
from summarizer.render.views import count_label
from summarizer.timestamps import display_time

FORMAT_LABELS = {"html": "Web page", "md": "Markdown", "json": "JSON", "text": "Plain text", "email": "Email"}
FORMAT_LABELS["txt"] = FORMAT_LABELS["text"]  # state files of earlier versions name plain text "txt"


def _href(target: Path, page: Path) -> str:
    return Path(os.path.relpath(target, page.parent)).as_posix()


def index_view(state: DailyState, settings: DailySettings, index: Path) -> dict[str, Any]:
    """The index page's data: past briefings, newest first, each with links to the files that still exist."""
    entries = []
    for date, info in sorted(state.briefings.items(), reverse=True):
        files = info.get("files", {})
        links = [
            {"label": FORMAT_LABELS.get(fmt, fmt), "href": _href(settings.output.dir / rel, index)}
            for fmt, rel in files.items()
            if (settings.output.dir / rel).is_file()
        ]
        if not links:
            continue
        stories = int(info.get("stories", 0))
        sources = int(info.get("articles", stories))
        entries.append(
            {
                "date": date,
                "date_label": display_time(date),
                "title": str(info.get("title", settings.title)),
                "summary": count_label(stories, sources),
                "main": links[0],
                "others": links[1:],
            }
        )
    return {"title": settings.title, "lang": settings.lang, "entries": entries, "version": __version__}


def write_index(state: DailyState, settings: DailySettings) -> Path:
    """Write the index page linking past briefings; returns its path."""
    assert settings.output.index is not None
    index = settings.output.dir / settings.output.index
    write_atomic(index, render_page("index.html.j2", index_view(state, settings, index)))
    return index


def _append_step_summary(settings: DailySettings, summary: str) -> None:
    if settings.step_summary is None:
        return
    try:
        with settings.step_summary.open("a", encoding="utf-8") as handle:
            handle.write(summary)
    except OSError as exc:
        raise ConfigError(f"--step-summary {settings.step_summary}: cannot write it ({exc.strerror})") from None


def nothing_written(since: str | None, already_seen: int) -> str:
    """Why a daily run wrote nothing, in words that fit the run: a --since window, or new since the last run."""
    if since is not None:
        return f"nothing published in the --since {since} window; no file written"
    return f"nothing new since the last run ({_plural(already_seen, 'article')} already covered); no file written"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def step_summary(
    settings: DailySettings,
    date: str,
    briefing: Briefing | None,
    errors: Sequence[InputError],
    selection: Selection,
    written: Sequence[Path],
) -> str:
    """A short Markdown report of the run, for ``$GITHUB_STEP_SUMMARY``."""
    lines = [f"### {settings.title}: {date}", ""]
    if briefing is None:
        reason = nothing_written(settings.since, selection.already_seen)
        lines.append(reason[:1].upper() + reason[1:] + ".")
    else:
        grouped = sum(1 for item in briefing.items if len(item.sources) > 1)
        sources = sum(len(item.sources) or 1 for item in briefing.items)
        lines.append(
            f"- {count_label(len(briefing.items), sources)} ({len(selection.new_keys)} new; "
            f"{_plural(grouped, 'story', 'stories')} told by several sources)"
        )
        counts: dict[str | None, int] = {}
        for item in briefing.items:
            counts[item.section] = counts.get(item.section, 0) + 1
        if any(counts):
            lines.append("- Sections: " + ", ".join(f"{title} {n}" for title, n in counts.items()))
        if briefing.items:
            top = order_items(briefing.items, [])[:3]
            lines.append("- Top stories: " + "; ".join(item.article.title for item in top))
        lines.append("- Files: " + ", ".join(f"`{p.relative_to(settings.output.dir)}`" for p in written))
    if selection.left_out:
        lines.append("- Left out by per_source_limit:")
        lines += [f"  - {line}" for line in selection.left_out]
    if errors:
        lines.append(f"- Not included ({len(errors)}):")
        lines += [f"  - `{e.input}`: {e.error}" for e in errors[:20]]
        if len(errors) > 20:
            lines.append(f"  - … and {len(errors) - 20} more")
    return "\n".join(lines) + "\n"

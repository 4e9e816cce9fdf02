"""``briefing daily``: the day's briefing from what is new since the last run, in every configured format."""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.briefing import engine_for, summarize_articles
from summarizer.clustering import Story, group_stories, merge_points
from summarizer.config import ConfigError, parse_date
from summarizer.daily_state import (
    DailyState,
    article_key,
    load_day_articles,
    load_state,
    save_day_articles,
    save_state,
    write_index,
)
from summarizer.engines import KeyPointEngine
from summarizer.models import Article, ArticlePoints, Briefing, BriefingItem, InputError, TokenCounts
from summarizer.readers import read_inputs
from summarizer.render import render, write_atomic
from summarizer.settings_file import DailySettings
from summarizer.timestamps import parse_time

EXIT_OK, EXIT_PARTIAL, EXIT_NOTHING_NEW = 0, 1, 3
_GLOB_CHARS = re.compile(r"[*?\[]")
_DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
UNDATED_NOTE = "no publication date: included because --since cannot tell how old it is"


@dataclass(frozen=True)
class DailyResult:
    """What a daily run did; ``briefing`` is ``None`` when nothing was new and nothing was written."""

    briefing: Briefing | None
    written: tuple[Path, ...]
    errors: tuple[InputError, ...]
    new_articles: int
    already_seen: int
    step_summary: str
    exit_code: int


@dataclass
class _Selection:
    """The articles chosen for today's briefing, each with its section (``None`` when there are no sections)."""

    articles: list[Article] = field(default_factory=list)
    sections: dict[str, str | None] = field(default_factory=dict)
    new_keys: set[str] = field(default_factory=set)
    already_seen: int = 0


def parse_since(value: str, now: dt.datetime) -> dt.datetime:
    """The start of a ``--since`` window: ``24h``, ``2d``, ``90m``, ``1w``, a date or an ISO date-time."""
    match = _DURATION.match(value.strip().lower())
    if match:
        return now - dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    parsed = parse_time(value)
    if parsed is None:
        raise ConfigError(f"--since must be a duration such as 24h or 2d, or a date such as 2026-11-28, got {value!r}")
    return parsed


def expand_sources(sources: Sequence[str]) -> tuple[list[str], list[InputError]]:
    """Globs become the files they match (sorted); a glob matching nothing is an error naming it."""
    inputs: list[str] = []
    errors: list[InputError] = []
    for source in sources:
        if "://" in source or not _GLOB_CHARS.search(source):
            inputs.append(source)
            continue
        matches = sorted(glob.glob(source, recursive=True))
        if not matches:
            errors.append(InputError(source, "no file matches this pattern"))
        inputs.extend(matches)
    return inputs, errors


def _matches(article: Article, words: Sequence[str]) -> bool:
    haystack = f"{article.title}\n{article.text}"
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", haystack, re.IGNORECASE) for w in words)


def read_sections(settings: DailySettings) -> tuple[list[tuple[Article, str | None]], list[InputError]]:
    """Every article the configured sources hold, with the section it belongs to, and the inputs that failed."""
    placed: list[tuple[Article, str | None]] = []
    errors: list[InputError] = []
    seen: set[str] = set()

    def read(sources: Sequence[str]) -> list[Article]:
        inputs, glob_errors = expand_sources(sources)
        errors.extend(glob_errors)
        result = read_inputs(inputs, options=settings.reading) if inputs else None
        if result is None:
            return []
        errors.extend(result.errors)
        fresh = [a for a in result.articles if article_key(a) not in seen]
        seen.update(article_key(a) for a in fresh)
        return fresh

    for section in settings.sections:
        if section.sources:
            articles = read(section.sources)
            placed += [(a, section.title) for a in articles if not section.match or _matches(a, section.match)]
    if settings.sources:
        by_words = [s for s in settings.sections if s.match and not s.sources]
        fallback = settings.other_title if settings.sections else None
        for article in read(settings.sources):
            home = next((s.title for s in by_words if _matches(article, s.match)), fallback)
            placed.append((article, home))
    return placed, errors


def _local_mtime(article: Article) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(os.stat(article.input).st_mtime, dt.timezone.utc)
    except (OSError, ValueError):
        return None


def select_articles(
    placed: Sequence[tuple[Article, str | None]], state: DailyState, date: str, since: dt.datetime | None
) -> _Selection:
    """Today's articles: new since the last run (plus those a same-day run already covered), or inside ``since``."""
    chosen = _Selection()
    for article, section in placed:
        key = article_key(article)
        first_seen = state.seen.get(key)
        chosen.already_seen += first_seen is not None
        if since is not None:
            when = parse_time(article.published) or _local_mtime(article)
            if when is None:
                article = dataclasses.replace(article, notes=(*article.notes, UNDATED_NOTE))
            elif when < since:
                continue
        elif first_seen is not None and first_seen != date:
            continue
        if first_seen is None:
            chosen.new_keys.add(key)
        chosen.articles.append(article)
        chosen.sections[article.id] = section
    return chosen


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
        key=lambda it: (rank.get(it.section, len(rank)), -len(it.sources), -_latest(it), it.article.title.lower(),
                        it.article.id),
    )


def _story_section(story: Story, sections: dict[str, str | None], order: Sequence[str | None]) -> str | None:
    """The section most of the story's articles came from (the earlier section on a tie)."""
    votes = [sections[a.id] for a in story.articles]
    return min(set(votes), key=lambda s: (-votes.count(s), order.index(s) if s in order else len(order)))


def build_items(
    articles: Sequence[Article], sections: dict[str, str | None], settings: DailySettings, engine: KeyPointEngine
) -> tuple[list[BriefingItem], list[InputError]]:
    """Group into stories, summarize every article once, merge each story into one item, and order them."""
    order = [s.title for s in settings.sections] + [settings.other_title if settings.sections else None]
    if settings.grouping.enabled:
        stories = group_stories(articles, settings.grouping.threshold)
    else:
        stories = [Story((a,)) for a in sorted(articles, key=lambda a: a.id)]
    summarized, errors = summarize_articles(
        engine, [a for s in stories for a in s.articles], drop_unsupported=settings.drop_unsupported
    )
    by_id = {item.article.id: item for item in summarized}
    items = [
        merge_story(story, by_id, settings.engine.max_points, _story_section(story, sections, order))
        for story in stories
        if any(a.id in by_id for a in story.articles)
    ]
    return order_items(items, order), errors


def _dropped_since_earlier_run(
    placed: Sequence[tuple[Article, str | None]], settings: DailySettings, date: str
) -> list[tuple[Article, str | None]]:
    """Articles an earlier run today covered that the sources no longer list: the day's briefing keeps them."""
    present = {article_key(a) for a, _ in placed}
    return [(a, s) for a, s in load_day_articles(settings.output.dir, date) if article_key(a) not in present]


def _generated_at(settings: DailySettings, now: dt.datetime) -> str:
    # An explicit --date fixes the timestamp too, so reruns for that date are byte-identical.
    if settings.date:
        return settings.date
    return now.replace(microsecond=0).isoformat()


def write_outputs(briefing: Briefing, settings: DailySettings) -> list[Path]:
    """Every configured format of the briefing, each written atomically."""
    written = []
    for fmt in settings.output.paths:
        path = settings.output.path_for(fmt, briefing.date)
        template = settings.template if fmt == "html" else None
        write_atomic(path, render(briefing, fmt, template=template, show_sources=settings.show_sources))
        written.append(path)
    return written


def run_daily(
    settings: DailySettings, engine: KeyPointEngine | None = None, now: dt.datetime | None = None
) -> DailyResult:
    """Build the day's briefing from what is new; write every format, the index and the state (exit 3: nothing new)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    date = parse_date(settings.date or None)
    since = parse_since(settings.since, now) if settings.since else None
    state = load_state(settings.output.state_file)
    placed, errors = read_sections(settings)
    if since is None:
        placed += _dropped_since_earlier_run(placed, settings, date)
    selection = select_articles(placed, state, date, since)
    nothing_new = not selection.articles if since is not None else not selection.new_keys
    if nothing_new:
        summary = step_summary(settings, date, None, errors, selection, ())
        _append_step_summary(settings, summary)
        return DailyResult(None, (), tuple(errors), 0, selection.already_seen, summary, EXIT_NOTHING_NEW)
    engine = engine or engine_for(selection.articles, settings.engine)
    items, summarize_errors = build_items(selection.articles, selection.sections, settings, engine)
    errors += summarize_errors
    briefing = Briefing(
        title=settings.title, date=date, generated_at=_generated_at(settings, now), engine=engine.info,
        items=items, errors=errors, lang=settings.lang,
    )
    written = write_outputs(briefing, settings)
    summarized = {s.id for item in items for s in item.sources}
    state.record(date, {article_key(a) for a in selection.articles if a.id in summarized}, settings, briefing)
    if since is None:
        save_day_articles(settings.output.dir, date, [(a, selection.sections[a.id]) for a in selection.articles])
    if settings.output.index:
        written.append(write_index(state, settings))
    save_state(settings.output.state_file, state, date)
    summary = step_summary(settings, date, briefing, errors, selection, written)
    _append_step_summary(settings, summary)
    new = len(selection.new_keys)
    return DailyResult(
        briefing, tuple(written), tuple(errors), new, selection.already_seen, summary,
        EXIT_PARTIAL if errors else EXIT_OK,
    )


def _append_step_summary(settings: DailySettings, summary: str) -> None:
    if settings.step_summary is None:
        return
    try:
        with settings.step_summary.open("a", encoding="utf-8") as handle:
            handle.write(summary)
    except OSError as exc:
        raise ConfigError(f"--step-summary {settings.step_summary}: cannot write it ({exc.strerror})") from None


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def step_summary(
    settings: DailySettings, date: str, briefing: Briefing | None, errors: Sequence[InputError],
    selection: _Selection, written: Sequence[Path],
) -> str:
    """A short Markdown report of the run, for ``$GITHUB_STEP_SUMMARY``."""
    lines = [f"### {settings.title}: {date}", ""]
    if briefing is None:
        lines.append(f"Nothing new since the last run ({_plural(selection.already_seen, 'article')} already covered); "
                     "no file written.")
    else:
        grouped = sum(1 for item in briefing.items if len(item.sources) > 1)
        lines.append(f"- {_plural(len(briefing.items), 'story', 'stories')} from "
                     f"{_plural(len(selection.articles), 'article')} ({len(selection.new_keys)} new; "
                     f"{_plural(grouped, 'story', 'stories')} told by several sources)")
        counts: dict[str | None, int] = {}
        for item in briefing.items:
            counts[item.section] = counts.get(item.section, 0) + 1
        if any(counts):
            lines.append("- Sections: " + ", ".join(f"{title} {n}" for title, n in counts.items()))
        if briefing.items:
            top = order_items(briefing.items, [])[:3]
            lines.append("- Top stories: " + "; ".join(item.article.title for item in top))
        lines.append("- Files: " + ", ".join(f"`{p.relative_to(settings.output.dir)}`" for p in written))
    if errors:
        lines.append(f"- Not included ({len(errors)}):")
        lines += [f"  - `{e.input}`: {e.error}" for e in errors[:20]]
        if len(errors) > 20:
            lines.append(f"  - … and {len(errors) - 20} more")
    return "\n".join(lines) + "\n"

"""Which articles go into today's briefing: sources read per section, new since the last run or inside --since."""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from summarizer.config import ConfigError
from summarizer.config.daily import DailySettings
from summarizer.daily.opml import is_opml, opml_feeds
from summarizer.daily.state import DailyState, seen_key
from summarizer.readers import read_inputs
from summarizer.records import Article, InputError
from summarizer.timestamps import parse_time

_GLOB_CHARS = re.compile(r"[*?\[]")
_DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
UNDATED_NOTE = "no publication date: included because --since cannot tell how old it is"


@dataclass
class Selection:
    """The articles chosen for today's briefing, each with its section (``None`` when there are no sections)."""

    articles: list[Article] = field(default_factory=list)
    sections: dict[str, str | None] = field(default_factory=dict)
    new_keys: set[str] = field(default_factory=set)
    already_seen: int = 0
    left_out: list[str] = field(default_factory=list)
    """What ``per_source_limit`` left out, one line per source ("3 older articles of feed.xml left out by ...")."""


def parse_since(value: str, now: dt.datetime) -> dt.datetime:
    """The start of a ``--since`` window: ``24h``, ``2d``, ``90m``, ``1w``, a date or an ISO date-time."""
    match = _DURATION.match(value.strip().lower())
    if match:
        try:
            return now - dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        except (OverflowError, ValueError):
            raise ConfigError(f"--since {value.strip()} reaches back before the year 1; use a shorter window") from None
    parsed = parse_time(value)
    if parsed is None:
        raise ConfigError(f"--since must be a duration such as 24h or 2d, or a date such as 2026-11-28, got {value!r}")
    return parsed


def expand_sources(sources: Sequence[str]) -> tuple[list[str], list[InputError]]:
    """Globs become the files they match (sorted), an ``.opml`` file the feeds it lists; failures are errors."""
    inputs: list[str] = []
    errors: list[InputError] = []
    for source in sources:
        if "://" in source or not _GLOB_CHARS.search(source):
            matches = [source]
        else:
            matches = sorted(glob.glob(source, recursive=True))
            if not matches:
                errors.append(InputError(source, "no file matches this pattern"))
        for match in matches:
            if not is_opml(match):
                inputs.append(match)
                continue
            feeds, error = opml_feeds(match)
            inputs.extend(feeds)
            errors.extend([error] if error else [])
    return inputs, errors


def _matches(article: Article, words: Sequence[str]) -> bool:
    haystack = f"{article.title}\n{article.text}"
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", haystack, re.IGNORECASE) for w in words)


def _origin(article: Article, inputs: Sequence[str]) -> str:
    """The input (feed, file or folder, after globs and OPML lists are expanded) an article was read from."""
    for name in inputs:
        if article.input == name or article.input.startswith(name.rstrip("/" + os.sep) + os.sep):
            return name
    return article.input


def read_sections(
    settings: DailySettings,
) -> tuple[list[tuple[Article, str | None]], list[InputError], dict[str, str]]:
    """Every article the configured sources hold, with the section it belongs to, the inputs that failed, and
    per article id the input it came from (what ``per_source_limit`` counts by)."""
    placed: list[tuple[Article, str | None]] = []
    errors: list[InputError] = []
    origins: dict[str, str] = {}
    seen: set[str] = set()

    def read(sources: Sequence[str]) -> list[Article]:
        inputs, glob_errors = expand_sources(sources)
        errors.extend(glob_errors)
        result = read_inputs(inputs, options=settings.reading) if inputs else None
        if result is None:
            return []
        errors.extend(result.errors)
        fresh = [a for a in result.articles if seen_key(a) not in seen]
        seen.update(seen_key(a) for a in fresh)
        origins.update((a.id, _origin(a, inputs)) for a in fresh)
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
    return placed, errors, origins


def place_articles(
    settings: DailySettings, articles: Sequence[Article]
) -> tuple[list[tuple[Article, str | None]], dict[str, str]]:
    """Articles read elsewhere (a ``briefing batch`` output) placed in sections as :func:`read_sections` places what it
    reads, by the configured source each came from; one from no configured source counts as a top-level one.

    Also returns each article's origin (what ``per_source_limit`` counts by). Nothing is read: a source that matches
    no file now is no error here."""
    own = [(section, expand_sources(section.sources)[0]) for section in settings.sections if section.sources]
    by_words = [s for s in settings.sections if s.match and not s.sources]
    fallback = settings.other_title if settings.sections else None
    top = expand_sources(settings.sources)[0]
    placed: list[tuple[Article, str | None]] = []
    origins: dict[str, str] = {}
    seen: set[str] = set()
    for article in articles:
        if seen_key(article) in seen:  # the same article from two inputs: once, as read_sections keeps it
            continue
        seen.add(seen_key(article))
        home = next(((s, inputs) for s, inputs in own if _origin(article, inputs) in inputs), None)
        if home is not None:
            section, inputs = home
            origins[article.id] = _origin(article, inputs)
            if not section.match or _matches(article, section.match):
                placed.append((article, section.title))
            continue
        origins[article.id] = _origin(article, top)
        placed.append((article, next((s.title for s in by_words if _matches(article, s.match)), fallback)))
    return placed, origins


def _local_mtime(article: Article) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(os.stat(article.input).st_mtime, dt.UTC)
    except (OSError, ValueError):
        return None


def select_articles(
    placed: Sequence[tuple[Article, str | None]], state: DailyState, date: str, since: dt.datetime | None
) -> Selection:
    """Today's articles: new since the last run (plus those a same-day run already covered), or inside ``since``."""
    chosen = Selection()
    for article, section in placed:
        key = seen_key(article)
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


def limit_per_source(selection: Selection, origins: Mapping[str, str], limit: int | None) -> None:
    """Keep at most ``limit`` of today's articles per source, the newest (by publication time, else file time, else
    input order); each source that lost some gets a line in ``selection.left_out``.

    The articles left out are not recorded as covered, so a later run counts them as new again, and the limit
    again keeps the newest: an older article comes only on a day fewer newer ones are waiting.
    """
    if limit is None:
        return
    groups: dict[str, list[Article]] = {}
    for article in selection.articles:
        groups.setdefault(origins.get(article.id, article.input), []).append(article)
    dropped: set[str] = set()
    for origin, articles in groups.items():
        if len(articles) <= limit:
            continue
        newest = sorted(articles, key=_age)  # stable: undated ones keep their input order, after the dated ones
        left = newest[limit:]
        dropped.update(a.id for a in left)
        what = "older article" if len(left) == 1 else "older articles"
        selection.left_out.append(f"{len(left)} {what} of {origin} left out by per_source_limit = {limit}")
    if not dropped:
        return
    for article in selection.articles:
        if article.id in dropped:
            selection.new_keys.discard(seen_key(article))
            selection.sections.pop(article.id, None)
    selection.articles = [a for a in selection.articles if a.id not in dropped]


def _age(article: Article) -> tuple[int, float]:
    when = parse_time(article.published) or _local_mtime(article)
    return (0, -when.timestamp()) if when is not None else (1, 0.0)

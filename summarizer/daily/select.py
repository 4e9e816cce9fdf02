"""Which articles go into today's briefing: sources read per section, new since the last run or inside --since."""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.config import ConfigError
from summarizer.config.daily import DailySettings
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
        fresh = [a for a in result.articles if seen_key(a) not in seen]
        seen.update(seen_key(a) for a in fresh)
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

"""The daily run's memory: which articles earlier briefings covered, and the day's articles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.config import ConfigError
from summarizer.config.daily import DailySettings
from summarizer.files import write_atomic
from summarizer.records import Article, Briefing

STATE_VERSION = 1
KEEP_SEEN_DAYS = 120


def seen_key(article: Article) -> str:
    """What identifies an article across runs: its link when it has one, else its content id."""
    return f"url:{article.url.strip()}" if article.url and article.url.strip() else f"id:{article.id}"


@dataclass
class DailyState:
    """Which articles were covered on which day, and the briefings written so far."""

    seen: dict[str, str] = field(default_factory=dict)
    briefings: dict[str, dict[str, Any]] = field(default_factory=dict)

    def record(self, date: str, keys: set[str], settings: DailySettings, briefing: Briefing) -> None:
        """Remember today's articles and files (keys first covered earlier keep their first date)."""
        for key in keys:
            self.seen.setdefault(key, date)
        self.briefings[date] = {
            "title": briefing.title,
            "stories": len(briefing.items),
            "articles": sum(len(item.sources) or 1 for item in briefing.items),
            "files": {fmt: settings.output.relative_path(fmt, date) for fmt in settings.output.paths},
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, keys sorted so the file diffs cleanly."""
        return {
            "version": STATE_VERSION,
            "seen": dict(sorted(self.seen.items())),
            "briefings": dict(sorted(self.briefings.items())),
        }


def load_state(path: Path) -> DailyState:
    """The state file at ``path``, checked entry by entry; a fresh state when there is none yet."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DailyState()
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ConfigError(f"state file {path} cannot be read ({exc}); delete it to start afresh") from None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise ConfigError(
            f"state file {path} is not a version {STATE_VERSION} briefing state; delete it to start afresh"
        )
    problem = state_problem(data.get("seen", {}), data.get("briefings", {}))
    if problem:
        raise ConfigError(f"state file {path} is damaged: {problem}; delete it to start afresh")
    return DailyState(seen=dict(data.get("seen", {})), briefings=dict(data.get("briefings", {})))


def _is_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _briefing_problem(date: Any, info: Any) -> str | None:
    if not _is_date(date) or not isinstance(info, dict):
        return f"briefing {date!r} is not a date with a table of details"
    files = info.get("files", {})
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return f"briefing {date}: 'files' must map formats to paths"
    if not isinstance(info.get("stories", 0), int) or not isinstance(info.get("articles", 0), int):
        return f"briefing {date}: 'stories' and 'articles' must be whole numbers"
    if not isinstance(info.get("title", ""), str):
        return f"briefing {date}: 'title' must be text"
    return None


def state_problem(seen: Any, briefings: Any) -> str | None:
    """What is wrong with a state file's ``seen`` and ``briefings`` tables, or ``None`` when they are sound."""
    if not isinstance(seen, dict) or not isinstance(briefings, dict):
        return "'seen' and 'briefings' must be tables"
    bad_seen = next((k for k, v in seen.items() if not _is_date(v)), None)
    if bad_seen is not None:
        return f"'seen' entry {bad_seen!r} has no YYYY-MM-DD date"
    return next((p for d, i in briefings.items() if (p := _briefing_problem(d, i))), None)


@contextmanager
def state_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the state file's folder so that runs at the same time take turns with the state.

    A second run waits for the first, then reads the state it wrote, so no day is lost. The folder is locked rather
    than a lock file, which would be published with the briefings, or the state file, which is replaced on write.
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): runs are not serialized
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def save_state(path: Path, state: DailyState, today: str) -> None:
    """Write the state, forgetting articles first covered more than ``KEEP_SEEN_DAYS`` before ``today``."""
    cutoff = (dt.date.fromisoformat(today) - dt.timedelta(days=KEEP_SEEN_DAYS)).isoformat()
    state.seen = {key: day for key, day in state.seen.items() if day >= cutoff}
    write_atomic(path, json.dumps(state.to_dict(), ensure_ascii=False, indent=1) + "\n")


DAY_FOLDER = ".briefing-days"


def _day_file(folder: Path, date: str) -> Path:
    return folder / DAY_FOLDER / f"{date}.json"


def save_day_articles(folder: Path, date: str, placed: list[tuple[Article, str | None]]) -> None:
    """Keep the day's articles (with their sections), so a later run the same day still has those the feeds dropped.

    Only the latest day is kept: earlier days' briefings are final.
    """
    path = _day_file(folder, date)
    rows = [{"section": section, "article": dataclasses.asdict(article)} for article, section in placed]
    write_atomic(path, json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    for old in path.parent.glob("*.json"):
        if old.name != path.name:
            old.unlink(missing_ok=True)


def _article(fields: dict[str, Any]) -> Article:
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}
    return Article(**values)


def load_day_articles(folder: Path, date: str) -> list[tuple[Article, str | None]]:
    """The articles an earlier run of the same day covered; none when there was no such run."""
    path = _day_file(folder, date)
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return [(_article(row["article"]), row["section"]) for row in rows]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise ConfigError(f"{path} cannot be read ({exc}); delete it to start the day afresh") from None

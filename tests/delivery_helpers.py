"""Shared by the delivery tests: a workspace with a briefing.toml, a daily run with the fake engine, a free port."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from pathlib import Path

from summarizer.config.daily import load_settings
from summarizer.daily.run import DailyResult, run_daily
from tests.fakes import FakeEngine

DATA = Path(__file__).parent / "data" / "daily"
NOW = dt.datetime(2026, 11, 29, 6, 0, tzinfo=dt.UTC)


def make_workspace(folder: Path, delivery_toml: str, title: str = "Café briefing — Grüße") -> Path:
    """``folder`` with notes/ (the quake pair and the bridge) and a briefing.toml ending with ``delivery_toml``."""
    (folder / "notes").mkdir(parents=True)
    for name in ("quake-a.md", "quake-b.md", "bridge.md"):
        shutil.copy(DATA / name, folder / "notes" / name)
    toml = f'title = "{title}"\nsources = ["notes"]\n\n[grouping]\nenabled = false\n\n'
    toml += f'[output]\ndir = "out"\n\n{delivery_toml}'
    (folder / "briefing.toml").write_text(toml, encoding="utf-8")
    return folder


def run(folder: Path, date: str = "2026-11-29", **overrides: object) -> DailyResult:
    """A daily run of ``folder``'s briefing.toml with the fake engine."""
    settings = load_settings(folder / "briefing.toml", {"date": date, **overrides})
    return run_daily(settings, engine=FakeEngine(max_points=2), now=NOW)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (right now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

"""Class 8: the daily state is locked, written before the index, and checked on load (exit 2, path and problem)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from summarizer.config import ConfigError
from summarizer.config.daily import load_settings
from summarizer.daily import run as daily_run
from summarizer.daily.state import load_state
from tests.fakes import FakeEngine
from tests.hostile.conftest import assert_clean, run_cli

CONFIG = 'title = "Hostile"\nsources = ["notes"]\n\n[output]\ndir = "out"\n\n[output.paths]\nmd = "{date}.md"\n'


@pytest.fixture
def workspace(work: Path) -> Path:
    (work / "notes").mkdir()
    (work / "notes" / "a.md").write_text("# Bridge opens\n\nThe new bridge opened on Monday to heavy traffic.\n")
    (work / "briefing.toml").write_text(CONFIG)
    return work


def _state(workspace: Path) -> Path:
    return workspace / "out" / ".briefing-state.json"


def _run(workspace: Path, date: str, config: str = "briefing.toml") -> daily_run.DailyResult:
    settings = load_settings(workspace / config, {"date": date})
    return daily_run.run_daily(settings, engine=FakeEngine(max_points=2))


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"version": 1, "seen": [], "briefings": {}}, "'seen' and 'briefings' must be tables"),
        ({"version": 1, "seen": {"url:x": 5}, "briefings": {}}, "'seen' entry 'url:x' has no YYYY-MM-DD date"),
        ({"version": 1, "seen": {}, "briefings": {"2026-11-29": []}}, "briefing '2026-11-29' is not a date with"),
        ({"version": 1, "seen": {}, "briefings": {"2026-11-29": {"files": ["x"]}}}, "'files' must map formats"),
        ({"version": 1, "seen": {}, "briefings": {"2026-11-29": {"stories": "many"}}}, "must be whole numbers"),
    ],
)
def test_a_state_of_the_wrong_shape_is_refused_on_load(work: Path, document: object, problem: str) -> None:
    path = work / "state.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ConfigError, match="damaged") as caught:
        load_state(path)
    assert str(path) in str(caught.value) and problem in str(caught.value)


def test_daily_with_a_damaged_state_exits_2_before_writing_anything(workspace: Path) -> None:
    _state(workspace).parent.mkdir()
    _state(workspace).write_text(json.dumps({"version": 1, "seen": {}, "briefings": {"2026-11-29": "x"}}))
    run = run_cli(["daily", "--config", str(workspace / "briefing.toml"), "--date", "2026-11-30", "--quiet"])
    assert_clean(run)
    assert run.code == 2 and "is damaged" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in (workspace / "out").iterdir()) == [
        ".briefing-state.json",
    ]


def test_a_crash_while_writing_the_index_keeps_the_day_in_the_state(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # stands in for kill -9 between the two writes

    monkeypatch.setattr(daily_run, "write_index", killed)
    with pytest.raises(KeyboardInterrupt):
        _run(workspace, "2026-11-29")
    assert "2026-11-29" in json.loads(_state(workspace).read_text())["briefings"]


def test_runs_at_the_same_time_take_turns_and_both_days_are_kept(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_select = daily_run.select_articles

    def slow_select(*args: object, **kwargs: object) -> object:
        time.sleep(0.5)  # widen the window between reading and writing the state
        return real_select(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(daily_run, "select_articles", slow_select)
    (workspace / "other").mkdir()
    (workspace / "other" / "b.md").write_text("# Storm\n\nA storm closed the coast road on Tuesday night.\n")
    (workspace / "other.toml").write_text(CONFIG.replace('["notes"]', '["other"]'))
    runs = (("2026-11-29", "briefing.toml"), ("2026-11-30", "other.toml"))
    threads = [threading.Thread(target=_run, args=(workspace, *run)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(json.loads(_state(workspace).read_text())["briefings"]) == ["2026-11-29", "2026-11-30"]

"""Daily sources: OPML feed lists expand to their feeds, and ``per_source_limit`` keeps the newest N per source."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from summarizer.config import ConfigError
from summarizer.config.daily import load_settings
from summarizer.daily.opml import opml_feeds
from summarizer.daily.run import run_daily
from summarizer.daily.select import expand_sources
from tests.fakes import FakeEngine

DATA = Path(__file__).parent / "data" / "daily"
NOW = dt.datetime(2026, 11, 29, 6, 0, tzinfo=dt.UTC)
TOPICS = ("harbour", "orchard", "glacier", "library", "railway", "festival", "vineyard")


def rss(name: str, days: list[int]) -> str:
    """A feed whose entries were published on the given days of November 2026 (listed in this order)."""
    items = "".join(
        f"<item><title>{name} {TOPICS[i]} on day {day}</title><link>https://{name}.example/{day}</link>"
        f"<pubDate>{day:02d} Nov 2026 08:00:00 GMT</pubDate><description>The {TOPICS[i]} of {name} reported news "
        f"on day {day}: a long and unique description number {day} about the {TOPICS[i]}.</description></item>"
        for i, day in enumerate(days)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{items}</channel></rss>'


def test_an_opml_list_expands_to_its_feeds_nested_outlines_and_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "lists").mkdir()
    opml = tmp_path / "lists" / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>'
        '<outline text="News"><outline text="Local" type="rss" xmlUrl="local/feed.xml"/>'
        '<outline text="Deeper"><outline type="rss" xmlUrl="https://example.org/rss"/></outline></outline>'
        '<outline text="no feed here"/></body></opml>',
        encoding="utf-8",
    )
    inputs, errors = expand_sources([str(tmp_path / "lists" / "*.opml"), "notes"])
    assert errors == []
    assert inputs == [str(tmp_path / "lists" / "local" / "feed.xml"), "https://example.org/rss", "notes"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("<opml><body><outline xmlUrl='a.xml'>", "the XML is broken at line 1"),
        ("", "the XML is broken"),
        ("<opml version='2.0'><body><outline text='empty'/></body></opml>", "names no feeds"),
        ("<rss version='2.0'/>", "root element is <rss>"),
        (
            '<!DOCTYPE opml [<!ENTITY e "x">]><opml><body><outline xmlUrl="&e;"/></body></opml>',
            "DOCTYPE or entities",
        ),
    ],
)
def test_a_broken_or_empty_opml_is_one_error_naming_the_file(tmp_path: Path, content: str, problem: str) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(content, encoding="utf-8")
    feeds, error = opml_feeds(str(opml))
    assert feeds == []
    assert error is not None and error.input == str(opml) and problem in error.error


def _workspace(tmp_path: Path, config: str) -> Path:
    (tmp_path / "notes").mkdir()
    for name in ("bridge.md", "eclipse.txt"):
        shutil.copy(DATA / name, tmp_path / "notes" / name)
    (tmp_path / "briefing.toml").write_text(config, encoding="utf-8")
    return tmp_path


def test_a_broken_opml_is_one_error_and_the_other_sources_still_run(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, 'sources = ["broken.opml", "notes"]\n[output]\ndir = "out"\n')
    (folder / "broken.opml").write_text("<opml><body><outline xmlUrl=", encoding="utf-8")
    settings = load_settings(folder / "briefing.toml", {"date": "2026-11-29"})
    result = run_daily(settings, engine=FakeEngine(max_points=3), now=NOW)
    assert [e.input for e in result.errors] == [str(folder / "broken.opml")]
    assert "not a readable OPML feed list" in result.errors[0].error
    assert result.briefing is not None and len(result.briefing.items) == 2


def test_the_limit_keeps_the_newest_per_source_and_says_what_it_left_out(tmp_path: Path) -> None:
    config = 'per_source_limit = 2\nsources = ["feeds.opml", "notes"]\n[grouping]\nenabled = false\n'
    folder = _workspace(tmp_path, config + '[output]\ndir = "out"\n')
    (folder / "a.xml").write_text(rss("alpha", [3, 27, 12, 25, 1]), encoding="utf-8")
    (folder / "b.xml").write_text(rss("beta", [20]), encoding="utf-8")
    (folder / "feeds.opml").write_text(
        '<opml version="2.0"><body><outline text="all"><outline xmlUrl="a.xml"/><outline xmlUrl="b.xml"/>'
        "</outline></body></opml>",
        encoding="utf-8",
    )
    settings = load_settings(folder / "briefing.toml", {"date": "2026-11-29"})
    result = run_daily(settings, engine=FakeEngine(max_points=3), now=NOW)
    assert result.briefing is not None and result.errors == ()
    titles = sorted(item.article.title for item in result.briefing.items)
    assert [t for t in titles if t.startswith("alpha")] == ["alpha library on day 25", "alpha orchard on day 27"]
    assert "beta harbour on day 20" in titles and len(titles) == 5  # 2 + 1 + the two notes (2 files, 1 each)
    line = f"3 older articles of {folder / 'a.xml'} left out by per_source_limit = 2"
    assert result.left_out == (line,)
    assert line in result.step_summary
    # Left out for today, not recorded as covered: a later run sees them as new, and the limit keeps the newest.
    again = run_daily(
        load_settings(folder / "briefing.toml", {"date": "2026-11-30"}), engine=FakeEngine(max_points=3), now=NOW
    )
    assert again.briefing is not None
    assert sorted(item.article.title for item in again.briefing.items) == [
        "alpha glacier on day 12",
        "alpha harbour on day 3",
    ]
    assert again.left_out == (f"1 older article of {folder / 'a.xml'} left out by per_source_limit = 2",)


def test_per_source_limit_round_trips_through_the_toml_and_is_checked(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, 'per_source_limit = 5\nsources = ["notes"]\n')
    assert load_settings(folder / "briefing.toml").per_source_limit == 5
    (folder / "briefing.toml").write_text('sources = ["notes"]\n', encoding="utf-8")
    assert load_settings(folder / "briefing.toml").per_source_limit is None
    (folder / "briefing.toml").write_text('per_source_limit = 0\nsources = ["notes"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="per_source_limit must be 1 or more"):
        load_settings(folder / "briefing.toml")
    (folder / "briefing.toml").write_text('per_source_limit = "5"\nsources = ["notes"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="per_source_limit"):
        load_settings(folder / "briefing.toml")


def test_the_cli_says_what_the_limit_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import summarizer.daily.run as daily_run
    from summarizer.cli import app

    folder = _workspace(tmp_path, 'per_source_limit = 1\nsources = ["a.xml"]\n[output]\ndir = "out"\n')
    (folder / "a.xml").write_text(rss("alpha", [3, 27]), encoding="utf-8")
    monkeypatch.setattr(daily_run, "engine_for", lambda articles, config: FakeEngine(max_points=3))
    result = CliRunner().invoke(app, ["daily", "--config", str(folder / "briefing.toml"), "--date", "2026-11-29"])
    assert result.exit_code == 0, result.output
    assert f"briefing: 1 older article of {folder / 'a.xml'} left out by per_source_limit = 1" in result.stderr

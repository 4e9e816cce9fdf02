"""``briefing daily``: new since the last run, exit 3, all formats, index, state, --since, stable output, CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.config import ConfigError
from summarizer.config.daily import load_settings
from summarizer.daily import run as daily_run
from summarizer.daily import select as daily_select
from summarizer.daily.run import run_daily
from summarizer.daily.select import parse_since
from summarizer.exit_codes import EXIT_NOTHING_NEW, EXIT_OK, EXIT_PARTIAL
from summarizer.render.escaping import escape_markdown
from tests.fakes import FakeEngine

DATA = Path(__file__).parent / "data" / "daily"
GOLDEN = Path(__file__).parent / "golden"
NOW = dt.datetime(2026, 11, 29, 6, 0, tzinfo=dt.UTC)
CONFIG = """
title = "Test briefing"
sources = ["notes"]

[engine]
max_points = 4

[output]
dir = "out"

[output.paths]
html = "{date}.html"
md = "{date}.md"
json = "{year}/{date}.json"
txt = "{date}.txt"
email = "email-{date}.html"
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder with briefing.toml and notes/ holding the quake pair, the bridge and the eclipse."""
    notes = tmp_path / "notes"
    notes.mkdir()
    for name in ("quake-a.md", "quake-b.md", "bridge.md", "eclipse.txt"):
        shutil.copy(DATA / name, notes / name)
    (tmp_path / "briefing.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def run(workspace: Path, date: str = "2026-11-29", **overrides: object) -> daily_run.DailyResult:
    settings = load_settings(workspace / "briefing.toml", {"date": date, **overrides})
    return run_daily(settings, engine=FakeEngine(max_points=3), now=NOW)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, daily_run.DailyResult]:
    """One run over the four notes plus a hostile one, shared by the tests that only read its output."""
    folder = tmp_path_factory.mktemp("first-run")
    (folder / "notes").mkdir()
    for name in ("quake-a.md", "quake-b.md", "bridge.md", "eclipse.txt", "hostile.md"):
        shutil.copy(DATA / name, folder / "notes" / name)
    (folder / "briefing.toml").write_text(CONFIG, encoding="utf-8")
    return folder, run(folder)


def test_first_run_writes_every_format_the_index_and_the_state(first_run: tuple[Path, daily_run.DailyResult]) -> None:
    folder, result = first_run
    out = folder / "out"
    assert result.exit_code == EXIT_OK
    assert sorted(snapshot(out)) == [
        ".briefing-days/2026-11-29.json",
        ".briefing-state.json",
        ".briefing-stories.json",
        "2026-11-29.html",
        "2026-11-29.md",
        "2026-11-29.txt",
        "2026/2026-11-29.json",
        "email-2026-11-29.html",
        "feed.xml",
        "index.html",
    ]
    assert result.new_articles == 5
    data = json.loads((out / "2026" / "2026-11-29.json").read_text(encoding="utf-8"))
    quake = data["articles"][0]
    assert quake["title"] == "Magnitude 7.5 earthquake strikes Japan's Noto peninsula"  # earliest report leads
    assert [s["source"] for s in quake["sources"]] == ["World Desk", "Asia Wire"]
    assert set(quake["sources"][0]) == {"id", "title", "source", "url", "input", "published"}
    assert len(data["articles"]) == 4
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="2026-11-29.html"' in index and 'href="2026/2026-11-29.json"' in index


def test_second_run_the_same_day_has_nothing_new_and_writes_nothing(workspace: Path) -> None:
    run(workspace)
    before = snapshot(workspace / "out")
    summary_file = workspace / "summary.md"
    result = run(workspace, step_summary=summary_file)
    assert result.exit_code == EXIT_NOTHING_NEW
    assert result.briefing is None and result.written == ()
    assert snapshot(workspace / "out") == before
    assert "Nothing new since the last run (4 articles already covered)" in summary_file.read_text(encoding="utf-8")


def test_a_new_article_later_the_same_day_rebuilds_the_day_and_the_next_day_has_only_new_ones(workspace: Path) -> None:
    run(workspace)
    shutil.copy(DATA / "hostile.md", workspace / "notes" / "hostile.md")
    (workspace / "notes" / "bridge.md").unlink()  # the source dropped it since the morning: the day keeps it
    same_day = run(workspace)
    assert same_day.exit_code == EXIT_OK and same_day.new_articles == 1
    assert same_day.briefing is not None and len(same_day.briefing.items) == 4  # the morning's three, and the new one
    assert any(item.article.title.startswith("Baltimore") for item in same_day.briefing.items)
    (workspace / "notes" / "late.txt").write_text("Late news\n\nA ferry ran aground near the harbour on Tuesday.\n")
    next_day = run(workspace, date="2026-11-30")
    assert next_day.briefing is not None
    assert [item.article.title for item in next_day.briefing.items] == ["Late news"]
    index = (workspace / "out" / "index.html").read_text(encoding="utf-8")
    assert index.index("2026-11-30.html") < index.index("2026-11-29.html")  # newest first
    state = json.loads((workspace / "out" / ".briefing-state.json").read_text(encoding="utf-8"))
    assert sorted(state["briefings"]) == ["2026-11-29", "2026-11-30"]


def test_same_inputs_and_date_give_byte_identical_files(workspace: Path) -> None:
    run(workspace)
    first = snapshot(workspace / "out")
    shutil.rmtree(workspace / "out")
    # Another clock, another engine instance: with --date fixed, the same bytes.
    settings = load_settings(workspace / "briefing.toml", {"date": "2026-11-29"})
    run_daily(settings, engine=FakeEngine(max_points=3), now=NOW + dt.timedelta(hours=5))
    assert snapshot(workspace / "out") == first


def test_items_are_ordered_by_source_count_then_recency(first_run: tuple[Path, daily_run.DailyResult]) -> None:
    briefing = first_run[1].briefing
    assert briefing is not None
    assert [item.article.title[:24] for item in briefing.items] == [
        "Magnitude 7.5 earthquake",  # two sources
        "Baltimore's Key Bridge c",  # 2024-03-26
        '<script>alert("x")</scri',  # 2024-02-02
        "Millions watch total sol",  # no date: last
    ]


def test_since_takes_a_window_and_notes_articles_without_a_date(workspace: Path) -> None:
    os.utime(workspace / "notes" / "eclipse.txt", (0, 0))  # an old file: its modification time dates it
    (workspace / "notes" / "undated.md").write_text("# Undated\n\nNobody knows when this was written, sadly.\n")
    os.utime(workspace / "notes" / "undated.md", (0, 0))
    result = run(workspace, since="2024-03-01")
    assert result.briefing is not None
    titles = [item.article.title for item in result.briefing.items]
    assert titles == ["Baltimore's Key Bridge collapses after container ship strike"]
    assert run(workspace, since="2025-01-01").exit_code == EXIT_NOTHING_NEW


def test_since_keeps_an_article_it_cannot_date_and_says_so(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(daily_select, "_local_mtime", lambda article: None)
    result = run(workspace, since="2024-03-01")
    assert result.briefing is not None
    eclipse = next(i for i in result.briefing.items if i.article.title.startswith("Millions"))
    assert daily_select.UNDATED_NOTE in eclipse.to_dict()["notes"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("24h", NOW - dt.timedelta(hours=24)),
        ("2d", NOW - dt.timedelta(days=2)),
        ("90m", NOW - dt.timedelta(minutes=90)),
        ("1w", NOW - dt.timedelta(weeks=1)),
        ("2026-11-28", dt.datetime(2026, 11, 28, tzinfo=dt.UTC)),
        ("2026-11-28T12:00:00+02:00", dt.datetime(2026, 11, 28, 10, tzinfo=dt.UTC)),
    ],
)
def test_parse_since(value: str, expected: dt.datetime) -> None:
    assert parse_since(value, NOW) == expected


def test_parse_since_rejects_nonsense() -> None:
    with pytest.raises(ConfigError, match="--since must be a duration"):
        parse_since("yesterday-ish", NOW)


def test_a_bad_input_and_an_empty_glob_are_listed_and_the_rest_is_written(workspace: Path) -> None:
    (workspace / "notes" / "empty.txt").write_text("")
    toml = CONFIG.replace('sources = ["notes"]', 'sources = ["notes", "feeds/*.xml"]')
    (workspace / "briefing.toml").write_text(toml, encoding="utf-8")
    result = run(workspace)
    assert result.exit_code == EXIT_PARTIAL
    problems = {e.input.replace(str(workspace), ""): e.error for e in result.errors}
    assert problems["/feeds/*.xml"] == "no file matches this pattern"
    assert problems["/notes/empty.txt"] == "the file is empty"
    html = (workspace / "out" / "2026-11-29.html").read_text(encoding="utf-8")
    assert "Not included" in html and "no file matches this pattern" in html


def test_an_article_the_engine_fails_on_is_reported_and_retried_next_run(workspace: Path) -> None:
    settings = load_settings(workspace / "briefing.toml", {"date": "2026-11-29"})
    first = run_daily(settings, engine=FakeEngine(fail_on="Patapsco"), now=NOW)
    assert first.exit_code == EXIT_PARTIAL
    assert any("Key Bridge" in e.error for e in first.errors)
    retry = run(workspace, date="2026-11-30")
    assert retry.briefing is not None
    assert [i.article.title for i in retry.briefing.items] == [
        "Baltimore's Key Bridge collapses after container ship strike"
    ]


def test_sections_from_own_sources_and_from_match_words(workspace: Path) -> None:
    feeds = workspace / "feeds"
    feeds.mkdir()
    shutil.move(workspace / "notes" / "bridge.md", feeds / "bridge.md")
    toml = CONFIG.replace(
        'sources = ["notes"]',
        'sources = ["notes"]\nother_title = "Elsewhere"\n\n'
        '[[sections]]\ntitle = "Americas"\nsources = ["feeds/*.md"]\n\n'
        '[[sections]]\ntitle = "Sky"\nmatch = ["eclipse"]\n',
    )
    (workspace / "briefing.toml").write_text(toml, encoding="utf-8")
    result = run(workspace)
    assert result.briefing is not None
    assert [(i.section, i.article.title.split()[0]) for i in result.briefing.items] == [
        ("Americas", "Baltimore's"),
        ("Sky", "Millions"),
        ("Elsewhere", "Magnitude"),
    ]
    md = (workspace / "out" / "2026-11-29.md").read_text(encoding="utf-8")
    assert md.index("## Americas") < md.index("### Baltimore") < md.index("## Sky") < md.index("## Elsewhere")


def test_grouping_can_be_switched_off(workspace: Path) -> None:
    from summarizer.config.daily import GroupingSettings

    result = run(workspace, grouping=GroupingSettings(enabled=False))
    assert result.briefing is not None and len(result.briefing.items) == 4


@pytest.mark.parametrize("fmt", ["html", "md", "txt", "email"])
def test_daily_golden_files(first_run: tuple[Path, daily_run.DailyResult], fmt: str) -> None:
    folder = first_run[0]
    name = {"email": "email-2026-11-29.html"}.get(fmt, f"2026-11-29.{fmt}")
    rendered = (folder / "out" / name).read_text(encoding="utf-8")
    for form in (str(folder), str(escape_markdown(str(folder)))):
        rendered = rendered.replace(form, "<workspace>")
    golden = GOLDEN / f"daily.{fmt}{'.html' if fmt == 'email' else ''}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8"), f"re-run with UPDATE_GOLDEN=1 if {golden} changed on purpose"
    # Plain text shows article text as it is; the markup formats must neutralise it.
    html = MarkdownIt("commonmark").render(rendered) if fmt == "md" else rendered
    if fmt != "txt":
        assert "<script" not in html and "<img" not in html and "<b>" not in html
        assert set(re.findall(r'href="([a-z]+):', html)) <= {"https"}


@pytest.fixture
def fake_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(daily_run, "engine_for", lambda articles, config: FakeEngine(max_points=3))


def test_cli_daily_runs_then_reports_nothing_new(workspace: Path, fake_models: None) -> None:
    runner = CliRunner()
    summary = workspace / "step-summary.md"
    args = [
        "daily",
        "--config",
        str(workspace / "briefing.toml"),
        "--date",
        "2026-11-29",
        "--step-summary",
        str(summary),
        "--title",
        "From the CLI",
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "wrote" in first.output
    assert "<h1>From the CLI</h1>" in (workspace / "out" / "2026-11-29.html").read_text(encoding="utf-8")
    second = runner.invoke(app, args)
    assert second.exit_code == 3
    assert "nothing new since the last run" in second.output
    text = summary.read_text(encoding="utf-8")
    assert "### From the CLI: 2026-11-29" in text and "3 stories from 4 sources" in text and "Nothing new" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--config", "missing.toml"], "missing.toml: no such file"),
        (["--date", "29/11/2026"], "--date must be YYYY-MM-DD"),
        (["--since", "soon"], "--since must be a duration"),
        (["--max-points", "0"], "--max-points must be at least 1"),
        (["--device", "tpu"], "--device must be one of"),
    ],
)
def test_cli_daily_usage_errors_exit_2(workspace: Path, fake_models: None, args: list[str], message: str) -> None:
    base = ["daily", "--config", str(workspace / "briefing.toml")]
    result = CliRunner().invoke(app, base + args, catch_exceptions=False)
    assert result.exit_code == 2
    assert message in result.output


def test_cli_daily_damaged_state_file_exit_2(workspace: Path, fake_models: None) -> None:
    (workspace / "out").mkdir()
    (workspace / "out" / ".briefing-state.json").write_text("{not json")
    result = CliRunner().invoke(app, ["daily", "--config", str(workspace / "briefing.toml")])
    assert result.exit_code == 2
    assert ".briefing-state.json cannot be read" in result.output and "delete it" in result.output


def test_cli_daily_since_with_nothing_in_the_window_says_so(workspace: Path, fake_models: None) -> None:
    """`--since` used to answer "nothing new since the last run (0 already covered)", which was not the question."""
    for note in (workspace / "notes").iterdir():
        os.utime(note, (0, 0))  # undated notes are dated by their files: make them old
    args = ["daily", "--config", str(workspace / "briefing.toml"), "--date", "2026-11-29", "--since", "2025-06-01"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 3, result.output
    assert "nothing published in the --since 2025-06-01 window" in result.stderr
    assert "since the last run" not in result.stderr


def test_a_broken_daily_template_stops_the_run_before_any_source_is_read(workspace: Path) -> None:
    template = workspace / "page.html.j2"
    template.write_text("<h1>{{ title }}</h1>{% for item in items %}{{ item.headline }}{% endfor %}", encoding="utf-8")

    class NeverCalled(FakeEngine):
        def key_points(self, articles):  # type: ignore[no-untyped-def]
            raise AssertionError("the template must be checked before any article is summarized")

    settings = load_settings(workspace / "briefing.toml", {"date": "2026-11-29", "template": template})
    with pytest.raises(ConfigError, match=r"page.html.j2: .*has no attribute 'headline' \(line 1\); a template can"):
        run_daily(settings, engine=NeverCalled(), now=NOW)
    assert not (workspace / "out").exists()

"""`briefing extract`, and the reading options of `build` and `summarize` (filters, --strict, --inputs-from)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarizer.pipeline
from summarizer.cli import app
from tests.fakes import FakeEngine

runner = CliRunner()
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Town Feed</title>
<item><title>Library opens</title><link>https://town.example/library</link>
<description>The new library opened its doors on Saturday with a reading by local authors.</description></item>
<item><title></title></item></channel></rss>"""
RECORD_KEYS = {"id", "input", "title", "source", "url", "published", "author", "text", "notes", "also_from"}


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    root.mkdir()
    (root / "feed.rss").write_text(RSS)
    (root / "a.txt").write_text("Bridge closed\n\nThe old bridge closed for repairs until June.\n")
    text = "The library opened on Saturday. It has 40,000 books, a cafe and a reading room open until ten at night."
    record = {"title": "Library opens", "url": "https://town.example/library/", "text": text}
    (root / "dup.json").write_text(json.dumps(record))
    (root / "broken.jsonl").write_text('{"title": "ok", "text": "fine text"}\n{nope\n')
    return root


def run(*args: str):
    return runner.invoke(app, list(args))


def test_extract_jsonl_lists_articles_and_reports_errors(inbox: Path) -> None:
    result = run("extract", str(inbox))
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(set(r) == RECORD_KEYS for r in records)
    by_title = {r["title"]: r for r in records}
    assert set(by_title) == {"Bridge closed", "Library opens", "ok"}
    assert by_title["Library opens"]["input"] == str(inbox / "dup.json")
    assert by_title["Library opens"]["also_from"] == [str(inbox / "feed.rss")]
    assert f"{inbox / 'broken.jsonl'} (line 2): not valid JSON" in result.stderr
    assert f"{inbox / 'feed.rss'} (entry 2)" in result.stderr


def test_extract_json_document_with_errors_and_filters(inbox: Path) -> None:
    result = run(
        "extract", str(inbox), "--format", "json", "--include", "*.rss", "--include", "*.txt", "--exclude", "a.*"
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert [a["title"] for a in data["articles"]] == ["Library opens"]
    assert data["articles"][0]["notes"][0].startswith("teaser only")
    assert [e["input"] for e in data["errors"]] == [f"{inbox / 'feed.rss'} (entry 2)"]


def test_extract_to_file_with_inputs_from(inbox: Path, tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"# sources\n{inbox / 'a.txt'}\n")
    out = tmp_path / "out" / "articles.jsonl"
    result = run("extract", "--inputs-from", str(listing), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["title"] == "Bridge closed"
    assert "wrote" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract"], "no inputs given"),
        (["extract", "x", "--format", "xml"], "--format must be one of jsonl, json"),
        (["extract", "--inputs-from", "/nonexistent/list.txt"], "--inputs-from"),
        (["build", "x", "--include", ""], "--include needs a glob"),
        (["summarize"], "no input given"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_strict_makes_the_first_error_fatal_and_writes_nothing(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "briefing.md"
    result = run("build", str(inbox), "--strict", "--out", str(out), "--model", str(tmp_path / "no-model"))
    assert result.exit_code == 1
    assert "--strict" in result.stderr and "broken.jsonl" in result.stderr
    assert not out.exists()
    assert run("extract", str(inbox / "broken.jsonl"), "--strict").stdout == ""


def test_build_reads_every_format_and_lists_sources(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summarizer.pipeline, "create_engine", lambda config: FakeEngine())
    out = tmp_path / "b.json"
    result = run("build", str(inbox), "--exclude", "broken.*", "--out", str(out), "--no-cache")
    assert result.exit_code == 1  # the feed's second entry has nothing to read
    data = json.loads(out.read_text())
    library = next(a for a in data["articles"] if a["title"] == "Library opens")
    assert library["input"] == str(inbox / "dup.json") and library["also_from"] == [str(inbox / "feed.rss")]
    assert {a["title"] for a in data["articles"]} == {"Library opens", "Bridge closed"}


def test_summarize_reads_a_feed_with_inputs_from(inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summarizer.pipeline, "create_engine", lambda config: FakeEngine())
    listing = tmp_path / "list.txt"
    listing.write_text(str(inbox / "a.txt") + "\n")
    result = run("summarize", "--inputs-from", str(listing), "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles"][0]["input"] == str(inbox / "a.txt")


def test_extract_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\nfrom summarizer.cli import app\nfrom typer.testing import CliRunner\n"
        "CliRunner().invoke(app, ['extract', '--help'])\n"
        "print(sorted(m for m in ('torch', 'transformers', 'trafilatura', 'feedparser', 'lxml', 'urllib3',"
        " 'charset_normalizer') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

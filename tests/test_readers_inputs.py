"""read_inputs over folders mixing every kind of input: filters, duplicates, strictness, nothing lost."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from summarizer.config import ConfigError
from summarizer.config.reading import ReadOptions
from summarizer.readers import StrictError, read_inputs, reader_named
from summarizer.readers.dedupe import merge_duplicates, url_key
from summarizer.readers.sniff import KIND_SUFFIXES
from summarizer.records import Article

STORY = "The museum reopened its east wing on Monday after a renovation that took three years and cost millions."
PAGE = (
    "<html><head><title>Museum reopens</title><link rel='canonical' href='https://city.example/museum'></head>"
    f"<body><article><h1>Museum reopens</h1><p>{STORY}</p><p>{STORY.replace('east', 'west')}</p>"
    "<p>Visitors queued from early morning to see the restored halls.</p></article></body></html>"
)
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>City Feed</title>
<item><title>Museum reopens</title><link>https://city.example/museum?utm_source=rss</link>
<description>The museum reopened.</description></item>
<item><title>Park news</title><link>https://city.example/park</link><description>The park got new benches and
 a playground for the children of the neighbourhood.</description></item></channel></rss>"""


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    (root / "sub").mkdir(parents=True)
    (root / "note.md").write_text("# Council meeting\n\nThe council met and agreed the new budget for schools.\n")
    (root / "page.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (root / "sub" / "feed.xml").write_text(RSS)
    (root / "items.jsonl").write_text(
        json.dumps({"title": "Museum reopens", "url": "https://city.example/museum", "text": STORY})
        + "\n"
        + json.dumps({"title": "Weather", "text": "Rain all week, clearing by Sunday."})
        + "\n{oops\n"
    )
    (root / "legacy.txt").write_bytes("Crème\n\nLe café était fermé à cause de la grève générale.".encode("cp1252"))
    (root / "empty.html").write_text("   ")
    (root / "broken.xml").write_text("<rss><channel><title>half</channel></nope>")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (root / "utf16.txt").write_bytes("Title in UTF-16\n\nBody text written by a Windows tool.".encode("utf-16"))
    (root / ".hidden.txt").write_text("Hidden\n\nNever read.")
    return root


def test_mixed_folder_gives_articles_and_a_precise_error_list(mixed: Path) -> None:
    result = read_inputs([str(mixed)])
    titles = [a.title for a in result.articles]
    assert titles.count("Museum reopens") == 1
    assert {"Weather", "Council meeting", "Crème", "Title in UTF-16", "Park news"} <= set(titles)
    errors = {Path(e.input.split(" (")[0]).name: e.error for e in result.errors}
    assert set(errors) == {"items.jsonl", "empty.html", "broken.xml", "image.png"}
    assert "not valid JSON" in errors["items.jsonl"] and "empty" in errors["empty.html"]
    assert "XML is broken" in errors["broken.xml"] and "unsupported file type" in errors["image.png"]


def test_same_story_from_feed_page_and_json_is_listed_once_with_every_source(mixed: Path) -> None:
    result = read_inputs([str(mixed / "items.jsonl"), str(mixed / "sub" / "feed.xml")])
    museum = [a for a in result.articles if a.title == "Museum reopens"]
    assert len(museum) == 1
    assert museum[0].input == str(mixed / "items.jsonl")
    assert museum[0].also_from == (str(mixed / "sub" / "feed.xml"),)
    assert museum[0].to_dict()["also_from"] == [str(mixed / "sub" / "feed.xml")]
    with_page = read_inputs([str(mixed)]).articles
    (museum_page,) = [a for a in with_page if a.title == "Museum reopens"]
    assert museum_page.input == str(mixed / "page.html.gz")  # the fullest text wins
    assert set(museum_page.also_from) == {str(mixed / "items.jsonl"), str(mixed / "sub" / "feed.xml")}


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (("*.md",), (), {"note.md"}),
        (("*.txt", "sub/*"), (), {"legacy.txt", "utf16.txt", "feed.xml"}),
        (("*.html.gz", "*.md"), ("note*",), {"page.html.gz"}),
    ],
)
def test_include_and_exclude_globs(
    mixed: Path, include: tuple[str, ...], exclude: tuple[str, ...], expected: set[str]
) -> None:
    result = read_inputs([str(mixed)], options=ReadOptions(include=include, exclude=exclude))
    read = {Path(a.input).name for a in result.articles} | {Path(e.input.split(" (")[0]).name for e in result.errors}
    assert read == expected


def test_strict_stops_at_the_first_error(mixed: Path) -> None:
    with pytest.raises(StrictError, match="broken.xml"):
        read_inputs([str(mixed / "note.md"), str(mixed / "broken.xml")], options=ReadOptions(strict=True))
    assert read_inputs([str(mixed / "note.md")], options=ReadOptions(strict=True)).errors == []


def test_file_over_the_size_cap_is_refused_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("Big\n\n" + "word " * 400)
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<html>" + b" " * 5000))
    result = read_inputs(
        [str(tmp_path / "big.txt"), str(tmp_path / "bomb.html.gz")], options=ReadOptions(max_input_bytes=1000)
    )
    assert result.articles == []
    assert [e.error for e in result.errors] == [
        "the file is 2005 bytes, over the 1000 bytes size cap; not read",
        "it decompresses to over 1000 bytes, over the size cap; not read",
    ]


def test_missing_file_and_stdin(tmp_path: Path) -> None:
    result = read_inputs(
        [str(tmp_path / "nope.txt"), "-"],
        stdin=b"<rss><channel><title>S</title><item>"
        b"<title>From stdin</title><description>Piped text.</description></item></channel></rss>",
    )
    assert [a.title for a in result.articles] == ["From stdin"]
    assert result.errors[0].error == "no such file or folder"


def test_a_reader_bug_becomes_an_error_and_loses_nothing(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    json_reader = reader_named("json")

    def explode(data: bytes, input_name: str) -> list[Article]:
        raise RuntimeError("boom")

    monkeypatch.setattr(json_reader, "read", explode)
    result = read_inputs([str(mixed / "items.jsonl"), str(mixed / "note.md")])
    assert [a.title for a in result.articles] == ["Council meeting"]
    assert "unexpected error" in result.errors[0].error and "boom" in result.errors[0].error


def test_read_options_are_validated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--inputs-from"):
        ReadOptions(inputs_from=tmp_path / "missing.txt")
    with pytest.raises(ConfigError, match="--include"):
        ReadOptions(include=("",))


def test_duplicate_merge_keeps_the_fuller_text_and_same_input_repeats_are_noted() -> None:
    teaser = Article(input="feed.xml", title="T", text="short", url="https://www.site.example/a/#top")
    page = Article(input="page.html", title="T", text="short but much longer", url="https://site.example/a")
    again = Article(input="feed.xml", title="Other", text="other text", url="https://site.example/b")
    twice = Article(input="feed.xml", title="Other again", text="Other   TEXT!", url=None)
    merged = merge_duplicates([teaser, page, again, twice])
    assert [a.input for a in merged] == ["page.html", "feed.xml"]
    assert merged[0].also_from == ("feed.xml",)
    assert merged[1].also_from == () and merged[1].notes[-1].startswith("duplicate")
    assert url_key("https://WWW.Site.example/a/?utm_source=x#frag") == url_key("https://site.example/a")


def test_a_merged_duplicate_record_is_named_by_its_own_id() -> None:
    first = Article(input="day.jsonl", title="T", text="The same words.", record_id="NYT-1")
    second = Article(input="day.jsonl", title="T2", text="the same words", record_id="NYT-2")
    (merged,) = merge_duplicates([first, second])
    assert merged.record_id == "NYT-1"
    assert merged.notes == ("duplicate: record 'NYT-2' has the same article; kept once",)


@pytest.mark.parametrize("kind", sorted(KIND_SUFFIXES))
def test_every_document_kind_has_its_reader_with_its_suffixes(kind: str) -> None:
    reader = reader_named(kind)
    assert reader.name == kind and reader.suffixes == KIND_SUFFIXES[kind]
    assert reader_named(kind) is reader  # one reader per kind: imported and built once

"""Plain-text and Markdown articles: titles, metadata and unreadable files."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.readers import read_inputs

BODY = "The council approved the budget on Monday. Critics said it came too late."


@pytest.mark.parametrize(
    ("name", "content", "title", "text_start", "extra"),
    [
        ("a.md", f"# Budget approved\n\n{BODY}", "Budget approved", "The council", {}),
        ("b.md", f"Budget approved\n===============\n\n{BODY}", "Budget approved", "The council", {}),
        (
            "c.md",
            f"---\ntitle: From front matter\nsource: The Gazette\nurl: https://example.org/a\ndate: 2026-11-28\n"
            f"author: J. Doe\n---\n# Heading title\n\n{BODY}",
            "From front matter",
            "Heading title",
            {"source": "The Gazette", "url": "https://example.org/a", "published": "2026-11-28", "author": "J. Doe"},
        ),
        ("d.txt", f"Budget approved\n\n{BODY}", "Budget approved", "The council", {}),
        ("e.txt", BODY, "The council approved the budget on Monday", "The council", {}),
        (
            "h.txt",
            f"date 2022-09-06 YANGON - {BODY}",
            "The council approved the budget on Monday",  # a dateline is not part of a headline
            "YANGON - The council",
            {"published": "2022-09-06"},
        ),
        (
            "i.txt",
            f"Date: 2022-09-06\nBudget approved\n\n{BODY}",
            "Budget approved",
            "The council",
            {"published": "2022-09-06"},
        ),
        ("g.txt", "word " * 40 + "end.", "word word word word word word word word word word word word …", "word", {}),
        (
            "f.md",
            f"# A *bold* [link](javascript:alert(1))\n\n**Strong** words and a [real link](https://x.org). {BODY}",
            "A *bold* [link](javascript:alert(1))",
            "Strong words and a real link.",
            {},
        ),
    ],
)
def test_titles_and_metadata(tmp_path: Path, name, content, title, text_start, extra):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = read_inputs([str(path)])
    assert result.errors == []
    [article] = result.articles
    assert article.title == title
    assert article.text.startswith(text_start)
    assert article.input == str(path)
    for key, value in extra.items():
        assert getattr(article, key) == value


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n ", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("nul.txt", b"\x00\x01binary", "binary"),
        ("elf.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, "binary"),
        ("title-only.md", b"# Just a title\n", "no article text"),
        ("bad-front-matter.md", b"---\ntitle: [unclosed\n---\nBody text here.", "front matter"),
        ("picture.png", b"\x89PNG", "unsupported file type"),
    ],
)
def test_unreadable_files_are_reported_and_the_rest_is_kept(tmp_path: Path, name, data, reason):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(f"Good article\n\n{BODY}", encoding="utf-8")
    result = read_inputs([str(bad), str(good)])
    assert [a.title for a in result.articles] == ["Good article"]
    [error] = result.errors
    assert error.input == str(bad)
    assert reason.lower() in error.error.lower()


def test_missing_file_and_folder_recursion(tmp_path: Path):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text(f"One\n\n{BODY}", encoding="utf-8")
    (folder / "sub" / "two.md").write_text("# Two\n\nA different story about the harbour.", encoding="utf-8")
    (folder / ".hidden.txt").write_text(f"Hidden\n\n{BODY}", encoding="utf-8")
    result = read_inputs([str(folder), str(tmp_path / "missing.txt")])
    assert [a.title for a in result.articles] == ["One", "Two"]
    assert [(e.input, e.error) for e in result.errors] == [(str(tmp_path / "missing.txt"), "no such file or folder")]


def test_stdin():
    result = read_inputs(["-"], stdin=f"From stdin\n\n{BODY}".encode())
    [article] = result.articles
    assert (article.title, article.input) == ("From stdin", "<stdin>")

"""Class 3: small inputs must not cost super-linear time or memory (regexes, YAML aliases, huge pages, sentences)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from summarizer.readers.textfile import markdown_to_text
from tests.hostile.conftest import assert_clean, run_budgeted

# Each line alone made one of markdown_to_text's regexes quadratic (the whole file took minutes).
HOSTILE_LINES = ["*a ", "_a ", "**a ", "~~a ", "[a", "![", "[a](", "<a", "<!--", "`", "# #", "[a]: "]


def _hostile_markdown(repeat: int) -> str:
    lines = [marker * repeat for marker in HOSTILE_LINES]
    return "Hostile markup\n\n" + "\n\n".join(lines) + "\n\nThe article still has a real last sentence.\n"


def test_markdown_file_of_unclosed_markup_is_read_in_linear_time(work: Path) -> None:
    (work / "hostile.md").write_text(_hostile_markdown(25_000))  # about 650 KB
    run = run_budgeted(["extract", "hostile.md"], seconds=30, cwd=work)
    assert_clean(run)
    assert run.code == 0 and run.seconds < 20
    [row] = [json.loads(line) for line in run.stdout.splitlines()]
    assert row["text"].endswith("real last sentence.")


def test_markdown_to_text_scales_linearly() -> None:
    def seconds(repeat: int) -> float:
        start = time.perf_counter()
        markdown_to_text(_hostile_markdown(repeat))
        return time.perf_counter() - start

    small, large = seconds(5_000), seconds(40_000)
    assert large < 2.0 and large < 8 * small * 4  # 8x the input; quadratic would be 64x


def test_markdown_still_strips_ordinary_markup() -> None:
    text = markdown_to_text(
        "# Title #\n\nSome **bold**, *it*, ~~gone~~, `code`, [link](http://x) ![img](y) <b>tag</b>."
    )
    assert text == "Title\n\nSome bold, it, gone, code, link img tag."


def test_yaml_alias_bomb_in_front_matter_is_refused_quickly(work: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    levels += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(9)]
    (work / "bomb.md").write_text("---\n" + "\n".join(levels) + "\ntitle: Bomb\n---\nThe body of the bomb.\n")
    (work / "good.md").write_text("---\ntitle: Good\n---\nThe body of the good one.\n")
    run = run_budgeted(["extract", "bomb.md", "good.md"], seconds=30, memory=768 * 1024 * 1024, cwd=work)
    assert_clean(run)
    assert run.code == 1
    assert run.stderr.strip() == (
        "briefing: bomb.md: the YAML front matter is not valid: aliases (*name) are not allowed"
    )
    assert json.loads(run.stdout)["title"] == "Good"


def test_huge_page_of_one_repeated_paragraph_is_cut_with_a_note(work: Path) -> None:
    paragraph = "<p>The same paragraph is repeated again and again on this very long page.</p>\n"
    body = paragraph * (12_000_000 // len(paragraph))
    (work / "huge.html").write_text(
        f"<html><head><title>Huge</title></head><body><article>{body}</article></body></html>"
    )
    run = run_budgeted(["extract", "huge.html"], seconds=90, cwd=work)
    assert_clean(run)
    assert run.code == 0, run.stderr
    [row] = [json.loads(line) for line in run.stdout.splitlines()]
    assert any("only its first" in note for note in row["notes"])


def test_sentences_are_capped_with_a_note() -> None:
    from summarizer.text.sentences import capped_sentences

    text = "\n\n".join(f"Paragraph {i} has one sentence." for i in range(40_000))
    start = time.perf_counter()
    sentences, note = capped_sentences(text, 500)
    assert time.perf_counter() - start < 5
    assert len(sentences) == 500 and sentences[-1] == "Paragraph 499 has one sentence."
    assert note is not None and note.startswith("only the first 500 sentences were considered")
    assert capped_sentences("One. Two.", 500) == (["One.", "Two."], None)


def test_one_huge_paragraph_splits_in_linear_time() -> None:
    from summarizer.text.sentences import sentence_spans

    text = " ".join(f"Sentence number {i} is short." for i in range(3000))  # 90 KB, no paragraph break
    start = time.perf_counter()
    spans = sentence_spans(text)
    assert time.perf_counter() - start < 15  # pysbd took over a minute
    assert "".join(s.text for s in spans) == text
    assert [s.text.strip() for s in spans][2999] == "Sentence number 2999 is short."
    assert len(spans) == 3000


def test_long_whitespace_runs_are_cleaned_in_linear_time() -> None:
    from summarizer.text.cleanup import clean_article
    from summarizer.text.keypoints import clean_text

    text = "A casual . navy shirt" + " " * 50_000 + "\n " * 25_000 + "end of it"
    start = time.perf_counter()
    cleaned = clean_article(text)
    clean_text(text)
    assert time.perf_counter() - start < 2  # each was quadratic in the run's length (tens of seconds)
    assert cleaned.startswith("A casual navy shirt") and cleaned.endswith("end of it")

"""The `briefing` command line: exit codes, formats, stdin, and a light `--help`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app

runner = CliRunner()
ARTICLE = "Budget approved\n\nThe council approved the budget on Monday. Critics said it came too late.\n"


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: Storm\nsource: Weather desk\n---\nHeavy rain closed roads on Sunday.\n")
    return folder


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_summarize_file_as_text(articles, tiny_bart):
    result = run("summarize", str(articles / "a.txt"), "--model", str(tiny_bart), "--device", "cpu")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Budget approved\n")
    assert str(tiny_bart) in result.stdout


def test_summarize_as_markdown_has_no_briefing_header(articles, tiny_bart):
    result = run("summarize", str(articles / "b.md"), "--model", str(tiny_bart), "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("## Storm\n\nWeather desk\n\n- ")
    assert result.stdout.rstrip().endswith(f"*Key points written by {tiny_bart} (seq2seq)*")


def test_summarize_unreadable_file_exits_1_without_loading_a_model(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = run("summarize", str(tmp_path / "empty.txt"), "--model", str(tmp_path / "no-model"))
    assert result.exit_code == 1
    assert "empty.txt: the file is empty" in result.stderr


def test_summarize_stdin_as_json(tiny_t5):
    result = run("summarize", "-", "--model", str(tiny_t5), "--format", "json", "--max-points", "2", stdin=ARTICLE)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["engine"]["generation"]["prefix"] == "summarize: "
    [article] = data["articles"]
    assert article["input"] == "<stdin>" and article["title"] == "Budget approved"
    assert len(article["points"]) <= 2
    assert article["tokens"]["input"] == article["tokens"]["summarized"] > 0
    assert data["errors"] == []


@pytest.mark.parametrize(
    ("out", "fmt", "marker"),
    [
        ("today.md", None, "# Morning"),
        ("today.html", None, "<!DOCTYPE html>"),
        ("today.json", None, '"articles"'),
        ("today.txt", "html", "<!DOCTYPE html>"),
        ("today.txt", None, "Morning\n"),
        ("today.email.html", None, 'role="presentation"'),
        ("today.eml", None, "Content-Type: multipart/alternative"),
        ("today.out", "md", "# Morning"),
    ],
)
def test_build_writes_the_format_asked_or_inferred(articles, tiny_bart, tmp_path, out, fmt, marker):
    target = tmp_path / out
    args = ["build", str(articles), "-o", str(target), "--title", "Morning", "--model", str(tiny_bart)]
    result = run(*args, *(["--format", fmt] if fmt else []))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert marker in text
    if out.endswith(".eml"):  # quoted-printable parts: read them back as a mail client would
        import email
        import email.policy

        message = email.message_from_string(text, policy=email.policy.default)
        parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}  # type: ignore[attr-defined]
        assert set(parts) == {"text/plain", "text/html"} and message["Subject"] == f"Morning: {dt.date.today()}"
        text = parts["text/plain"] + parts["text/html"]
    assert "Storm" in text and "Budget approved" in text


@pytest.mark.parametrize("out", ["briefing.pdf", "briefing.docx", "briefing", "notes.markdown.bak"])
def test_an_output_name_that_names_no_format_is_a_usage_error_before_any_work(articles, tmp_path, out):
    """`-o f.pdf` used to write Markdown into f.pdf without a word."""
    result = run("build", str(articles), "-o", str(tmp_path / out), "--model", str(tmp_path / "no-model"))
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "cannot tell the format" in result.stderr and out in result.stderr
    assert not (tmp_path / out).exists()


def test_build_with_a_bad_input_still_writes_and_exits_1(articles, tiny_bart, tmp_path):
    (articles / "empty.txt").write_text("")
    target = tmp_path / "out.json"
    result = run("build", str(articles), str(tmp_path / "missing.md"), "-o", str(target), "--model", str(tiny_bart))
    assert result.exit_code == 1
    data = json.loads(target.read_text())
    assert len(data["articles"]) == 2
    assert {e["input"] for e in data["errors"]} == {str(articles / "empty.txt"), str(tmp_path / "missing.md")}
    assert "empty.txt" in result.stderr


def test_build_with_a_user_template(articles, tiny_bart, tmp_path):
    template = tmp_path / "mine.md.j2"
    template.write_text("{% for item in items %}* {{ item.title }} ({{ item.points|length }})\n{% endfor %}")
    result = run("build", str(articles / "a.txt"), "--template", str(template), "--model", str(tiny_bart))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("* Budget approved (")


@pytest.mark.parametrize(
    "args",
    [
        ["build", "x.txt", "--format", "pdf"],
        ["build", "x.txt", "--date", "29/11/2026"],
        ["build", "x.txt", "--max-points", "0"],
        ["build", "x.txt", "--device", "tpu"],
        ["build", "x.txt", "--template", "/no/such/template.j2"],
        ["summarize", "x.txt", "--min-length", "50", "--max-length", "10"],
        ["summarize", "x.txt", "--format", "html"],
        ["build", "x.txt", "--no-such-option"],
    ],
)
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.exit_code == 2, result.output


def test_unloadable_model_exits_2_with_one_clear_message(articles, tmp_path):
    result = run("build", str(articles), "--model", str(tmp_path / "no-model-here"))
    assert result.exit_code == 2
    assert "cannot load model" in result.stderr and "--model" in result.stderr
    assert "Traceback" not in result.output


def test_help_does_not_import_torch_or_transformers():
    code = (
        "import sys\n"
        "from summarizer.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "summarize" in done.stdout and "build" in done.stdout


def test_python_dash_m_works():
    done = subprocess.run([sys.executable, "-m", "summarizer", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "briefing-summarizer" in done.stdout


def test_summarize_several_files_prints_each_article_s_points(articles, tiny_bart):
    a, b = str(articles / "a.txt"), str(articles / "b.md")
    text = run("summarize", a, b, "--model", str(tiny_bart))
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Budget approved\n")
    assert "\n\nStorm\nWeather desk\n" in text.stdout  # one article after the other, a blank line apart
    assert text.stdout.count(str(tiny_bart)) == 1  # one engine line at the end
    md = run("summarize", a, b, "--model", str(tiny_bart), "--format", "md")
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("## Budget approved\n") and "\n## Storm\n\nWeather desk\n\n- " in md.stdout
    data = json.loads(run("summarize", a, b, "--model", str(tiny_bart), "--format", "json").stdout)
    assert [x["title"] for x in data["articles"]] == ["Budget approved", "Storm"]
    assert all(x["points"] for x in data["articles"])


def test_summarize_several_files_with_one_bad_exits_1_like_build(articles, tmp_path):
    result = run("summarize", str(articles / "a.txt"), str(tmp_path / "missing.md"), "--engine", "extractive", "-q")
    assert result.exit_code == 1
    assert result.stdout.startswith("Budget approved\n")
    assert "missing.md" in result.stderr


def test_threads_reach_the_engine_and_a_single_article_runs_one_batch_on_all_of_them(articles, tiny_bart, tmp_path):
    common = ["--model", str(tiny_bart), "--backend", "ctranslate2", "--threads", "2", "--no-cache", "-f", "json"]
    for inputs, parallel in (([articles / "a.txt"], 1), ([articles], 2)):
        result = run("build", *map(str, inputs), *common, "-o", str(tmp_path / "out.json"))
        assert result.exit_code == 0, result.output
        generation = json.loads((tmp_path / "out.json").read_text())["engine"]["generation"]
        assert (generation["threads"], generation["parallel_batches"]) == (2, parallel)
    result = run("build", str(articles), *common, "--parallel-batches", "1", "-o", str(tmp_path / "out.json"))
    assert json.loads((tmp_path / "out.json").read_text())["engine"]["generation"]["parallel_batches"] == 1

"""Class 12: a folder with nothing to read is an error that says so, exit 1, and no engine is named."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile.conftest import assert_clean, run_cli


def test_empty_folder_is_reported_with_exit_1_and_no_engine_named(work: Path) -> None:
    (work / "empty").mkdir()
    (work / "empty" / ".hidden.txt").write_text("Hidden files are never read.")
    for fmt in ("md", "json"):
        run = run_cli(["build", str(work / "empty"), "--engine", "extractive", "-f", fmt, "--quiet"])
        assert_clean(run)
        assert run.code == 1
        assert (
            run.stderr.strip()
            == f"briefing: {work / 'empty'}: no articles found in this folder: it holds no files to read"
        )
        assert "distilbart" not in run.stdout and "MiniLM" not in run.stdout
    assert json.loads(run.stdout)["articles"] == []


def test_folder_whose_files_are_all_filtered_out_says_so(work: Path) -> None:
    (work / "docs").mkdir()
    (work / "docs" / "a.txt").write_text("Title\n\nSome text of the article.\n")
    run = run_cli(["extract", str(work / "docs"), "--include", "*.html"])
    assert run.code == 1
    assert "no articles found in this folder: it holds no files to read (after --include/--exclude)" in run.stderr


def test_a_folder_with_articles_is_unchanged(work: Path) -> None:
    (work / "docs").mkdir()
    (work / "docs" / "a.txt").write_text("Title\n\nSome text of the article.\n")
    run = run_cli(["extract", str(work / "docs")])
    assert run.code == 0 and run.stderr == ""

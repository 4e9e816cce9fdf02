"""Class 7: odd file names and terminal escape sequences never crash a run or reach the terminal raw."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.hostile.conftest import assert_clean, run_budgeted, run_cli

CLEAR = "\x1b[2J"
LINK = "\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07"


def _hostile_feed(work: Path) -> Path:
    item = (
        f"<item><title>Escaped{CLEAR} title</title><link>http://example.com/a</link>"
        f"<description>Text with a {LINK} and a bell\x07 and a C1\u009b31m sequence in it.</description></item>"
    )
    path = work / "escapes.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{item}</channel></rss>')
    return path


def test_escape_sequences_in_titles_and_text_are_stripped_from_every_output(work: Path) -> None:
    feed = _hostile_feed(work)
    for args in (["extract", str(feed)], ["build", str(feed), "--engine", "extractive", "--quiet", "-f", "md"]):
        run = run_cli(args)
        assert_clean(run)
        assert run.code == 0, run.stderr
        for stream in (run.stdout, run.stderr):
            assert "\x1b" not in stream and "\x07" not in stream and "\x9b" not in stream
        assert "Escaped title" in run.stdout and "click" in run.stdout


def test_escape_sequences_in_a_file_name_do_not_reach_stderr(work: Path) -> None:
    (work / f"evil{CLEAR}.txt").write_text("")
    run = run_cli(["extract", str(work)])
    assert run.code == 1
    assert "\x1b" not in run.stderr and "evil[2J.txt: the file is empty" not in run.stderr
    assert "evil.txt: the file is empty" in run.stderr


def test_a_file_name_that_is_not_utf8_is_read_and_written(work: Path) -> None:
    folder = work / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9-latin1.txt")
    (folder / name).write_text("Latin-1 name\n\nThe file name of this article is not valid UTF-8 at all.\n")
    out = work / "out.json"  # the page shows the source's name (the folder); the JSON keeps each input's name
    run = run_cli(["build", str(folder), "--engine", "extractive", "--quiet", "-o", str(out)])
    assert_clean(run)
    assert run.code == 0, run.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["articles"][0]["input"].endswith("caf\ufffd-latin1.txt")
    run = run_budgeted(["extract", "in"], seconds=60, cwd=work)  # a real process writing to a UTF-8 pipe
    assert run.code == 0 and json.loads(run.stdout)["input"].endswith("caf\ufffd-latin1.txt")

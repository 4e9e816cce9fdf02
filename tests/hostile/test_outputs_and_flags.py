"""Classes 6 and 9: output targets (symlinks, pipes, devices, folders, NUL bytes, stale temporaries), config edges."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import threading
from pathlib import Path

import pytest

from summarizer.config import ConfigError
from tests.hostile.conftest import assert_clean, run_cli

ARTICLE = "Budget passed\n\nThe council approved the budget on Monday after a long debate.\n"


@pytest.fixture
def article(work: Path) -> str:
    (work / "a.txt").write_text(ARTICLE)
    return str(work / "a.txt")


def test_output_through_a_symlink_writes_the_target_and_keeps_the_link(work: Path, article: str) -> None:
    (work / "real.jsonl").write_text("old")
    (work / "link.jsonl").symlink_to(work / "real.jsonl")
    run = run_cli(["extract", article, "-o", str(work / "link.jsonl")])
    assert run.code == 0, run.stderr
    assert (work / "link.jsonl").is_symlink()
    assert '"title": "Budget passed"' in (work / "real.jsonl").read_text()


def test_output_to_a_pipe_writes_in_place(work: Path, article: str) -> None:
    fifo = work / "out.fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    run = run_cli(["extract", article, "-o", str(fifo)])
    reader.join(timeout=10)
    assert run.code == 0, run.stderr
    assert fifo.is_fifo() and '"title": "Budget passed"' in received[0]


def test_a_full_disk_is_one_line_exit_2_and_keeps_the_old_file(
    work: Path, article: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    # Never aim a test at a real device node: code with the old bug would replace it with a regular file.
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    (work / "out.jsonl").write_text("old")
    monkeypatch.setattr(os, "fsync", full)
    run = run_cli(["extract", article, "-o", str(work / "out.jsonl")])
    assert_clean(run)
    assert run.code == 2
    assert run.stderr == f"briefing: error: output {work / 'out.jsonl'}: cannot write it (No space left on device)\n"
    assert (work / "out.jsonl").read_text() == "old"
    assert sorted(p.name for p in work.iterdir()) == ["a.txt", "out.jsonl"]


@pytest.mark.parametrize("command", ["extract", "build"])
def test_folder_and_nul_targets_fail_before_any_work(work: Path, article: str, command: str) -> None:
    engine = ["--engine", "extractive", "--quiet"] if command == "build" else []
    (work / "folder").mkdir()
    run = run_cli([command, article, *engine, "-o", str(work / "folder")])
    assert_clean(run)
    assert (
        run.code == 2 and run.stderr == f"briefing: error: output {work / 'folder'}: it is a folder; give a file name\n"
    )
    run = run_cli([command, article, *engine, "-o", "out\x00.md"])  # click refuses it as a bad option value
    assert_clean(run)
    assert run.code == 2 and "null byte" in run.stderr
    assert sorted(p.name for p in work.iterdir()) == ["a.txt", "folder"]


def test_nul_byte_in_a_target_is_an_output_error() -> None:
    from summarizer.files import OutputError, check_output

    with pytest.raises(OutputError, match="contains a NUL byte"):
        check_output(Path("out\x00.md"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in a read-only folder")
def test_read_only_folder_fails_before_any_work(work: Path, article: str) -> None:
    (work / "ro").mkdir(mode=0o555)
    run = run_cli(["extract", article, "-o", str(work / "ro" / "out.jsonl")])
    assert run.code == 2 and "permission denied" in run.stderr


def test_temporaries_of_a_killed_run_are_removed_next_time(work: Path, article: str) -> None:
    gone_pid = _dead_pid()
    stale = work / f".out.jsonl.{gone_pid}.abc123.tmp"
    live = work / f".out.jsonl.{os.getpid()}.def456.tmp"
    stale.write_text("half")
    live.write_text("being written")
    run = run_cli(["extract", article, "-o", str(work / "out.jsonl")])
    assert run.code == 0
    assert not stale.exists() and live.exists()


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])  # noqa: S607
    child.wait()
    return child.pid


def test_since_far_in_the_past_is_a_config_error() -> None:
    from summarizer.daily.select import parse_since

    with pytest.raises(ConfigError, match="--since 9999999999d reaches back before the year 1"):
        parse_since("9999999999d", dt.datetime(2026, 11, 29, tzinfo=dt.UTC))


def test_config_file_that_is_not_utf8_is_one_line_exit_2(work: Path) -> None:
    (work / "briefing.toml").write_bytes(b'title = "Caf\xe9"\n')
    run = run_cli(["daily", "--config", str(work / "briefing.toml")])
    assert_clean(run)
    assert run.code == 2
    assert run.stderr.strip() == f"briefing: error: config file {work / 'briefing.toml'}: not UTF-8 text (byte 12)"

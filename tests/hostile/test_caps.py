"""Class 4: the same byte cap for every source — stdin, devices and pipes included — under a memory budget."""

from __future__ import annotations

import contextlib
import json
import subprocess
from pathlib import Path

import pytest

from summarizer.config import ConfigError
from summarizer.config.reading import ReadOptions
from summarizer.readers import read_inputs
from tests.hostile.conftest import assert_clean, run_budgeted

GOOD = "Good story\n\nThe council approved the budget on Monday. Critics said it came too late.\n"
MEMORY = 768 * 1024 * 1024  # the default 50 MB cap must hold well inside this


def test_endless_stdin_is_capped_and_the_other_inputs_survive(work: Path) -> None:
    (work / "good.txt").write_text(GOOD)
    yes = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        assert yes.stdout is not None
        run = run_budgeted(["extract", "-", "good.txt"], stdin=yes.stdout.fileno(), memory=MEMORY, cwd=work)
    finally:
        yes.kill()
        yes.wait()
    assert_clean(run)
    assert run.code == 1
    assert run.stderr.strip().splitlines() == ["briefing: <stdin>: it holds more than the 52.4 MB size cap; not read"]
    assert [json.loads(line)["title"] for line in run.stdout.splitlines()] == ["Good story"]


def test_device_input_is_capped(work: Path) -> None:
    (work / "good.txt").write_text(GOOD)
    run = run_budgeted(["extract", "/dev/zero", "good.txt"], memory=MEMORY, cwd=work)
    assert_clean(run)
    assert run.code == 1
    assert "briefing: /dev/zero: it holds more than the 52.4 MB size cap; not read" in run.stderr
    assert "Good story" in run.stdout


def test_stdin_and_fifo_obey_a_configured_cap(work: Path) -> None:
    import os
    import threading

    options = ReadOptions(max_input_bytes=1000)
    over = read_inputs(["-"], stdin=b"x" * 1001, options=options)
    assert [e.error for e in over.errors] == ["it holds more than the 1000 bytes size cap; not read"]
    fifo = work / "pipe.txt"
    os.mkfifo(fifo)

    def writer() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as handle:
            handle.write(b"y\n" * 100_000)

    thread = threading.Thread(target=writer)
    thread.start()
    result = read_inputs([str(fifo)], options=options)
    thread.join(timeout=10)
    assert [e.error for e in result.errors] == ["it holds more than the 1000 bytes size cap; not read"]


@pytest.mark.parametrize("bad", [0, -5])
def test_the_cap_must_be_positive(bad: int) -> None:
    with pytest.raises(ConfigError, match="input size cap"):
        ReadOptions(max_input_bytes=bad)

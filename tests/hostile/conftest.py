"""Helpers for the hostile-input suite: the CLI in-process, or in a subprocess under a time and memory budget."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

MEMORY_BUDGET = 1536 * 1024 * 1024


@dataclass(frozen=True)
class Run:
    """What a CLI run did."""

    code: int
    stdout: str
    stderr: str
    seconds: float


def _limits(memory: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return apply


def run_budgeted(
    args: list[str], *, stdin: bytes | int | None = None, seconds: float = 30, memory: int = MEMORY_BUDGET, cwd: Path
) -> Run:
    """``briefing ARGS`` in a child process with an address-space cap and a wall-clock limit."""
    import summarizer

    start = time.monotonic()
    feed = stdin if isinstance(stdin, bytes) else None
    # The child imports the same code as this process (matters when the suite runs against another checkout).
    env = {**os.environ, "PYTHONPATH": str(Path(summarizer.__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        input=feed,
        stdin=stdin if isinstance(stdin, int) else (None if feed is not None else subprocess.DEVNULL),
        capture_output=True,
        timeout=seconds,
        preexec_fn=_limits(memory),
        cwd=cwd,
        env=env,
    )
    return Run(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        time.monotonic() - start,
    )


def run_cli(args: list[str], stdin: str | bytes | None = None) -> Run:
    """``briefing ARGS`` in-process (fast); the exception, if any, is re-raised so a traceback fails the test."""
    from summarizer.cli import app

    start = time.monotonic()
    result = CliRunner().invoke(app, args, input=stdin, color=True)  # as on a terminal: click keeps escapes
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr, time.monotonic() - start)


def assert_clean(run: Run) -> None:
    """No traceback reached the user."""
    assert "Traceback" not in run.stderr, run.stderr
    assert "Traceback" not in run.stdout


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder for the generated hostile inputs."""
    return tmp_path


@pytest.fixture(scope="session")
def hostile_base() -> Iterator[str]:
    """The base URL of the hostile HTTP server (127.0.0.1 only)."""
    from tests.hostile.server import hostile_server

    with hostile_server() as base:
        yield base
